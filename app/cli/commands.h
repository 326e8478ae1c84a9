#pragma once
#include <csignal>

#include "terminal.h"

namespace vitrine::cli {

extern volatile std::sig_atomic_t g_interrupted;
void onInterruptHandler(int);
// The bar's callback, which also returns false once Ctrl+C was pressed.
ProgressCallback withInterrupt(ProgressBar& bar);

// Recommendation and evaluation commands (commands_rank.cpp).
int cmdRecommend(int argc, char** argv);
int cmdEvaluate(int argc, char** argv);

}  // namespace vitrine::cli
