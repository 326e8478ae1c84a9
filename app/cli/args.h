#pragma once
#include <climits>
#include <stdexcept>
#include <string>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace vitrine::cli {

// A usage error (bad or missing option value): vitrine-cli prints it and exits with status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The options of one parsed command, read by long name without the dashes ("catalog").
// CLI11 has already rejected unknown options, stray arguments and repeated options; reading an
// option that the command table (command_table.cpp) does not declare for the command is a
// programming error (std::logic_error), so every option a command reads appears in its --help.
class Args {
 public:
  explicit Args(const CLI::App& command);

  bool has(const std::string& name) const;  // given on the command line (flag or value)
  std::string get(const std::string& name, const std::string& fallback = "") const;
  std::string require(const std::string& name) const;  // throws UsageError when absent or empty
  // A whole number; throws UsageError naming the option when the text is not one.
  long long getInt(const std::string& name, long long fallback) const;
  // getInt, then a range check [lo, hi] with a UsageError naming the option and the range.
  long long intOption(const std::string& name, long long fallback, long long lo, long long hi = LLONG_MAX) const;
  // --json was given: the command prints one JSON document on stdout and nothing else there.
  bool json() const { return has("json"); }

 private:
  const CLI::Option& option(const std::string& name) const;
  const CLI::App* m_app;
};

}  // namespace vitrine::cli
