#include "args.h"

namespace vitrine::cli {

Args::Args(int argc, char** argv, int first, const std::set<std::string>& valued,
           const std::set<std::string>& flags) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) {
      m_positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> inlineValue;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (valued.count(name)) {
      if (inlineValue) m_values[name] = *inlineValue;
      else if (i + 1 < argc) m_values[name] = argv[++i];
      else throw UsageError("option --" + name + " needs a value");
      m_all[name].push_back(m_values[name]);
    } else if (flags.count(name)) {
      m_flags.insert(name);
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

std::vector<std::string> Args::getAll(const std::string& name) const {
  auto it = m_all.find(name);
  return it == m_all.end() ? std::vector<std::string>{} : it->second;
}

bool Args::has(const std::string& name) const { return m_flags.count(name) || m_values.count(name); }

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = m_values.find(name);
  return it == m_values.end() ? fallback : it->second;
}

std::string Args::require(const std::string& name) const {
  auto it = m_values.find(name);
  if (it == m_values.end() || it->second.empty()) throw UsageError("missing --" + name);
  return it->second;
}

long long Args::getInt(const std::string& name, long long fallback) const {
  auto it = m_values.find(name);
  if (it == m_values.end()) return fallback;
  try {
    size_t used = 0;
    long long v = std::stoll(it->second, &used);
    if (used != it->second.size()) throw std::invalid_argument("trailing");
    return v;
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects a whole number, got \"" + it->second + "\"");
  }
}

}  // namespace vitrine::cli
