#include "terminal.h"

#include "common/platform.h"

namespace vitrine::cli {

namespace {
constexpr int kBarWidth = 30;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
bool g_forced = false;
}  // namespace

void ProgressBar::setForced(bool forced) { g_forced = forced; }

ProgressBar::ProgressBar(bool quiet) : m_tty(platform::isTerminal(stderr)) { m_quiet = quiet || !(m_tty || g_forced); }

ProgressBar::~ProgressBar() { finish(); }

bool ProgressBar::update(const Progress& p) {
  if (m_quiet) return true;
  const auto now = std::chrono::steady_clock::now();
  const double fraction = p.total > 0 ? double(p.done) / double(p.total) : 0.0;
  const double elapsed = std::chrono::duration<double>(now - m_start).count();
  if (m_tty) {
    if (p.done != p.total && now - m_lastDraw < kRedrawInterval) return true;
    m_lastDraw = now;
    const int filled = static_cast<int>(fraction * kBarWidth);
    std::string bar(filled, '#');
    bar.resize(kBarWidth, '.');
    const double rate = elapsed > 0 ? p.done / elapsed : 0;
    const double eta = rate > 0 && p.total > 0 ? (p.total - p.done) / rate : 0;
    std::fprintf(stderr, "\r%-8s [%s] %lld/%lld  %.1f/s  ETA %.0fs  %-30.30s", p.stage.c_str(), bar.c_str(),
                 static_cast<long long>(p.done), static_cast<long long>(p.total), rate, eta, p.message.c_str());
    std::fflush(stderr);
    m_open = true;
  } else {
    const int decile = static_cast<int>(fraction * 10);
    if (decile != m_lastDecile) {
      m_lastDecile = decile;
      std::fprintf(stderr, "%s: %lld/%lld (%.0f s)\n", p.stage.c_str(), static_cast<long long>(p.done),
                   static_cast<long long>(p.total), elapsed);
    }
  }
  return true;
}

void ProgressBar::finish() {
  if (m_open) std::fprintf(stderr, "\n");
  m_open = false;
}

}  // namespace vitrine::cli
