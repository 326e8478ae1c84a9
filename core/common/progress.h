#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace vitrine {

// What long-running core work reports; ui forwards it as queued signals, the CLI as a bar.
struct Progress {
  std::string stage;  // e.g. "import", "embed", "train"
  int64_t done = 0;
  int64_t total = 0;    // 0 when unknown
  std::string message;  // the item being worked on, or a short status line
};

// Called from the worker thread; returning false asks the work to stop at the next safe point.
using ProgressCallback = std::function<bool(const Progress&)>;

}  // namespace vitrine
