#pragma once
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace vitrine::cli {

// `--name value` and `--flag` options after the command word. Unknown options are an error.
class Args {
 public:
  Args(int argc, char** argv, int first, const std::set<std::string>& valued,
       const std::set<std::string>& flags);

  bool has(const std::string& name) const;
  std::string get(const std::string& name, const std::string& fallback = "") const;
  std::string require(const std::string& name) const;  // throws UsageError when absent
  long long getInt(const std::string& name, long long fallback) const;
  std::vector<std::string> getAll(const std::string& name) const;  // every value of a repeated option
  const std::vector<std::string>& positional() const { return m_positional; }

 private:
  std::map<std::string, std::string> m_values;  // the last value of each option
  std::map<std::string, std::vector<std::string>> m_all;
  std::set<std::string> m_flags;
  std::vector<std::string> m_positional;
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace vitrine::cli
