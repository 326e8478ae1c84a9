#pragma once
#include <map>
#include <string>
#include <vector>

#include "common/progress.h"
#include "eval/metrics.h"
#include "eval/protocol.h"
#include "recommend/ranker.h"

namespace vitrine {

struct EvaluationResult {
  std::string model;                       // Ranker::name()
  std::string modelConfig;                 // Ranker::configJson()
  MetricSet metricSet = MetricSet::Reference;
  int64_t cases = 0;
  std::map<std::string, double> metrics;   // mean over cases
};

// Ranks the whole catalog for each case, removes profile items that are not ground truth
// (the tutorial's VisRank path, spec §6.1 step 3) and averages the case metrics.
EvaluationResult evaluate(const Ranker& ranker, const std::vector<EvaluationCase>& cases,
                          MetricSet set, const std::vector<int>& cutoffs = defaultCutoffs(),
                          const ProgressCallback& progress = {});

// 0-based ranks of gt in `scores` sorted descending (ties: lower index first) after removing
// `removed` items. Exposed for tests.
std::vector<int64_t> groundTruthRanks(const std::vector<float>& scores,
                                      const std::vector<int64_t>& groundTruth,
                                      const std::vector<int64_t>& removed);

}  // namespace vitrine
