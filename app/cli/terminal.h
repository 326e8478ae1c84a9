#pragma once
#include <chrono>
#include <cstdio>
#include <string>

#include "common/progress.h"

namespace vitrine::cli {

// Progress on stderr, only when stderr is a terminal (a one-line bar with rate and ETA) or when
// forced by `--progress` (then, without a terminal, a line every 10 %). `quiet` silences it.
class ProgressBar {
 public:
  explicit ProgressBar(bool quiet = false);
  // Process-wide: show progress even when stderr is not a terminal (vitrine-cli --progress).
  static void setForced(bool forced);
  ~ProgressBar();
  bool update(const Progress& p);  // usable as a ProgressCallback
  void finish();
  bool shown() const { return !m_quiet; }  // false: updates print nothing
  ProgressCallback callback() {
    return [this](const Progress& p) { return update(p); };
  }

 private:
  bool m_quiet;
  bool m_tty;
  bool m_open = false;
  int m_lastDecile = -1;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_lastDraw{};
};

}  // namespace vitrine::cli
