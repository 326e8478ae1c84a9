#include "testutil.h"

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "common/platform.h"

namespace fs = std::filesystem;

namespace vitrine::test {

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path p = fs::temp_directory_path() / ("vitrine-test-" + std::to_string(rd()));
    if (fs::create_directory(p)) {
      m_path = p.string();
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string dataDir() { return VITRINE_TEST_DATA_DIR; }
std::string resourcesDir() { return VITRINE_RESOURCES_DIR; }

CliRun cli(const std::string& args) {
  CliRun r;
  const std::string cmd = std::string("\"") + VITRINE_CLI_PATH + "\" " + args + " 2>&1";
  const platform::CommandResult result = platform::runCommand(cmd);
  r.code = result.code;
  r.output = result.output;
  return r;
}

}  // namespace vitrine::test
