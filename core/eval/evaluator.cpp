#include "eval/evaluator.h"

#include <algorithm>

#include "common/error.h"

namespace vitrine {

// A ground-truth item listed in `removed` stays in the ranking (only non-GT items are removed);
// out-of-range removed items are ignored.
std::vector<int64_t> groundTruthRanks(const std::vector<float>& scores,
                                      const std::vector<int64_t>& groundTruth,
                                      const std::vector<int64_t>& removed) {
  const int64_t n = static_cast<int64_t>(scores.size());
  std::vector<char> gone(static_cast<size_t>(n), 0);
  for (int64_t r : removed)
    if (r >= 0 && r < n) gone[static_cast<size_t>(r)] = 1;
  for (int64_t g : groundTruth) {
    if (g < 0 || g >= n)
      throw Error("ground-truth item " + std::to_string(g) + " is outside a ranking of " +
                  std::to_string(n) + " items");
    gone[static_cast<size_t>(g)] = 0;
  }

  std::vector<int64_t> gt(groundTruth);
  std::sort(gt.begin(), gt.end());
  gt.erase(std::unique(gt.begin(), gt.end()), gt.end());

  // Rank = remaining items placed before g in the descending order (ties: lower index first);
  // counting avoids sorting all N scores for the few ground-truth items.
  std::vector<int64_t> ranks;
  ranks.reserve(gt.size());
  for (int64_t g : gt) {
    const float sg = scores[static_cast<size_t>(g)];
    int64_t before = 0;
    for (int64_t j = 0; j < n; ++j) {
      if (gone[static_cast<size_t>(j)] || j == g) continue;
      const float sj = scores[static_cast<size_t>(j)];
      if (sj > sg || (sj == sg && j < g)) ++before;
    }
    ranks.push_back(before);
  }
  std::sort(ranks.begin(), ranks.end());
  return ranks;
}

// Stopping through `progress` returns the mean over the cases evaluated so far (`cases` says how
// many). With no case evaluated, `metrics` stays empty.
EvaluationResult evaluate(const Ranker& ranker, const std::vector<EvaluationCase>& cases,
                          MetricSet set, const std::vector<int>& cutoffs,
                          const ProgressCallback& progress) {
  EvaluationResult result;
  result.model = ranker.name();
  result.modelConfig = ranker.configJson();
  result.metricSet = set;
  const int64_t catalogSize = ranker.itemCount();
  const int64_t total = static_cast<int64_t>(cases.size());

  std::map<std::string, double> sums;
  for (const EvaluationCase& c : cases) {
    if (progress && !progress(Progress{"evaluate", result.cases, total, result.model})) break;

    // spec §6.1 step 3 (VisRank path): remove profile items that are not ground truth.
    std::vector<int64_t> removed;
    for (int64_t p : c.profile)
      if (std::find(c.groundTruth.begin(), c.groundTruth.end(), p) == c.groundTruth.end())
        removed.push_back(p);
    std::sort(removed.begin(), removed.end());
    removed.erase(std::unique(removed.begin(), removed.end()), removed.end());

    const std::vector<float> scores = ranker.scoreAll(c.profile);
    const std::vector<int64_t> ranks = groundTruthRanks(scores, c.groundTruth, removed);
    const int64_t rankedCount = catalogSize - static_cast<int64_t>(removed.size());
    for (const auto& [name, value] : caseMetrics(ranks, rankedCount, catalogSize, set, cutoffs))
      sums[name] += value;
    ++result.cases;
  }
  if (progress) progress(Progress{"evaluate", result.cases, total, result.model});

  for (const auto& [name, sum] : sums)
    result.metrics[name] = sum / static_cast<double>(result.cases);
  return result;
}

}  // namespace vitrine
