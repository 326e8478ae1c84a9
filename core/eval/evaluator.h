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
  std::string model;        // Ranker::name()
  std::string modelConfig;  // Ranker::configJson()
  MetricSet metricSet = MetricSet::Reference;
  int64_t cases = 0;
  std::map<std::string, double> metrics;  // mean over cases
  // Each case's value, in the order of the cases evaluated: perCase[metric][i] is the value of
  // case i (the input's cases[i]); perCase[metric].size() == cases. For --per-case exports and
  // the uncertainty of the means (eval/statistics.h).
  std::map<std::string, std::vector<double>> perCase;
};

// Ranks the whole catalog for each case, removes profile items that are not ground truth
// (the tutorial's VisRank path, spec §6.1 step 3) and averages the case metrics.
EvaluationResult evaluate(const Ranker& ranker, const std::vector<EvaluationCase>& cases, MetricSet set,
                          const std::vector<int>& cutoffs = defaultCutoffs(), const ProgressCallback& progress = {});

// Metrics of one case straight from the model's scores (`removed`: non-ground-truth items taken
// out of the ranking, e.g. the profile). Tie rule (docs/data-policies.md, "Ties"):
//  - reference: ranks with ties broken by the lower row index, as the reference code's ordering
//    does; the result depends on the catalog's row order when scores tie (kept for parity).
//  - standard: invariant under any permutation of the catalog's rows. AUC counts a tied
//    (ground truth, other item) pair one half; RR, P@k, R@k and nDCG@k are their exact expected
//    values over a uniformly random order of tied items. Without ties both equal caseMetrics on
//    groundTruthRanks. NaN scores rank below every number.
std::map<std::string, double> caseMetricsFromScores(const std::vector<float>& scores,
                                                    const std::vector<int64_t>& groundTruth,
                                                    const std::vector<int64_t>& removed, int64_t catalogSize,
                                                    MetricSet set, const std::vector<int>& cutoffs = defaultCutoffs());

// 0-based ranks of gt in `scores` sorted descending (ties: lower index first) after removing
// `removed` items. Exposed for tests.
std::vector<int64_t> groundTruthRanks(const std::vector<float>& scores, const std::vector<int64_t>& groundTruth,
                                      const std::vector<int64_t>& removed);

}  // namespace vitrine
