#pragma once
#include <string>

namespace vitrine::test {

// A fresh empty directory under the system temp folder, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return m_path; }
  std::string file(const std::string& name) const { return m_path + "/" + name; }

 private:
  std::string m_path;
};

void writeText(const std::string& path, const std::string& text);
std::string readText(const std::string& path);
std::string dataDir();       // tests/data
std::string resourcesDir();  // resources/

// One run of the built vitrine-cli with `args` (shell words), stdout and stderr together.
struct CliRun {
  int code = -1;  // exit status; -1 when it did not exit normally
  std::string output;
};
CliRun cli(const std::string& args);

}  // namespace vitrine::test
