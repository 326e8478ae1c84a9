#include "args.h"

#include <CLI/CLI.hpp>

namespace vitrine::cli {

Args::Args(const CLI::App& command) : m_app(&command) {}

const CLI::Option& Args::option(const std::string& name) const {
  const CLI::Option* o = m_app->get_option_no_throw("--" + name);
  if (!o)
    throw std::logic_error("vitrine-cli " + m_app->get_name() + " reads --" + name +
                           ", which its entry in the command table does not declare");
  return *o;
}

bool Args::has(const std::string& name) const { return option(name).count() > 0; }

std::string Args::get(const std::string& name, const std::string& fallback) const {
  const CLI::Option& o = option(name);
  if (o.count() == 0 || o.results().empty()) return fallback;
  return o.results().back();
}

std::vector<std::string> Args::getAll(const std::string& name) const { return option(name).results(); }

std::string Args::require(const std::string& name) const {
  const std::string v = get(name);
  if (v.empty()) throw UsageError("missing --" + name);
  return v;
}

long long Args::getInt(const std::string& name, long long fallback) const {
  if (!has(name)) return fallback;
  const std::string text = get(name);
  try {
    size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used != text.size()) throw std::invalid_argument("trailing");
    return v;
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects a whole number, got \"" + text + "\"");
  }
}

long long Args::intOption(const std::string& name, long long fallback, long long lo, long long hi) const {
  const long long v = getInt(name, fallback);
  if (v < lo || v > hi) {
    if (hi == LLONG_MAX) throw UsageError("--" + name + " must be at least " + std::to_string(lo));
    throw UsageError("--" + name + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return v;
}

}  // namespace vitrine::cli
