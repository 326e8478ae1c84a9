#pragma once
#include <chrono>
#include <cstdio>
#include <string>

#include "common/progress.h"

namespace vitrine::cli {

// A one-line progress bar on stderr when it is a terminal; otherwise a line every 10 %.
class ProgressBar {
 public:
  explicit ProgressBar(bool quiet = false);
  ~ProgressBar();
  bool update(const Progress& p);  // usable as a ProgressCallback
  void finish();
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
