#include "eval/evaluator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.h"

namespace vitrine {

// A ground-truth item listed in `removed` stays in the ranking (only non-GT items are removed);
// out-of-range removed items are ignored.
std::vector<int64_t> groundTruthRanks(const std::vector<float>& scores, const std::vector<int64_t>& groundTruth,
                                      const std::vector<int64_t>& removed) {
  const int64_t n = static_cast<int64_t>(scores.size());
  std::vector<char> gone(static_cast<size_t>(n), 0);
  for (int64_t r : removed)
    if (r >= 0 && r < n) gone[static_cast<size_t>(r)] = 1;
  for (int64_t g : groundTruth) {
    if (g < 0 || g >= n)
      throw Error("ground-truth item " + std::to_string(g) + " is outside a ranking of " + std::to_string(n) +
                  " items");
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

namespace {

// Scores as compared by the standard metrics: NaN ranks below every number.
double scoreKey(float s) { return std::isnan(s) ? -std::numeric_limits<double>::infinity() : static_cast<double>(s); }

// Standard metrics with ties (see the header). Groups of equal score occupy a block of
// positions [start, start + size) in the ranking; every order inside a block is equally likely.
std::map<std::string, double> tieAwareStandardMetrics(const std::vector<float>& scores,
                                                      const std::vector<int64_t>& groundTruth,
                                                      const std::vector<int64_t>& removed,
                                                      const std::vector<int>& cutoffs) {
  std::map<std::string, double> m;
  for (const std::string& name : metricNames(cutoffs)) m[name] = 0.0;
  const int64_t n = static_cast<int64_t>(scores.size());
  std::vector<char> gone(static_cast<size_t>(n), 0), isGt(static_cast<size_t>(n), 0);
  for (int64_t r : removed)
    if (r >= 0 && r < n) gone[static_cast<size_t>(r)] = 1;
  for (int64_t g : groundTruth) {
    if (g < 0 || g >= n)
      throw Error("ground-truth item " + std::to_string(g) + " is outside a ranking of " + std::to_string(n) +
                  " items");
    gone[static_cast<size_t>(g)] = 0;
    isGt[static_cast<size_t>(g)] = 1;
  }
  std::vector<int64_t> gt(groundTruth);
  std::sort(gt.begin(), gt.end());
  gt.erase(std::unique(gt.begin(), gt.end()), gt.end());
  if (gt.empty()) return m;
  const int64_t nGt = static_cast<int64_t>(gt.size());
  int64_t ranked = 0;
  for (int64_t j = 0; j < n; ++j) ranked += gone[static_cast<size_t>(j)] ? 0 : 1;

  double aucSum = 0, rr = 0;
  int64_t firstStart = std::numeric_limits<int64_t>::max();
  std::vector<double> hits(cutoffs.size(), 0.0), dcg(cutoffs.size(), 0.0);
  for (int64_t g : gt) {
    const double sg = scoreKey(scores[static_cast<size_t>(g)]);
    int64_t above = 0, tied = 0, gtTied = 0, otherBelow = 0, otherTied = 0;
    for (int64_t j = 0; j < n; ++j) {
      if (gone[static_cast<size_t>(j)]) continue;
      const double sj = scoreKey(scores[static_cast<size_t>(j)]);
      if (sj > sg) {
        ++above;
      } else if (sj == sg) {
        ++tied;
        if (isGt[static_cast<size_t>(j)])
          ++gtTied;
        else
          ++otherTied;
      } else if (!isGt[static_cast<size_t>(j)]) {
        ++otherBelow;
      }
    }
    // AUC: (GT, other) pairs in the right order, a tie counting one half.
    if (ranked > nGt)
      aucSum +=
          (static_cast<double>(otherBelow) + 0.5 * static_cast<double>(otherTied)) / static_cast<double>(ranked - nGt);
    // g's position is uniform over its block [above, above + tied).
    for (size_t c = 0; c < cutoffs.size(); ++c) {
      const int64_t k = cutoffs[c];
      const int64_t end = std::min(above + tied, k);
      if (end <= above) continue;
      hits[c] += static_cast<double>(end - above) / static_cast<double>(tied);
      double s = 0;
      for (int64_t p = above; p < end; ++p) s += 1.0 / std::log2(static_cast<double>(p) + 2.0);
      dcg[c] += s / static_cast<double>(tied);
    }
    // RR: the first block holding ground truth; the first of its j GT items is at offset i with
    // probability P(min >= i) - P(min >= i + 1), P(min >= i) = C(size - i, j) / C(size, j).
    if (above < firstStart) {
      firstStart = above;
      double q = 1.0, e = 0.0;
      for (int64_t i = 0; i + gtTied <= tied; ++i) {
        const double next =
            i + gtTied < tied ? q * static_cast<double>(tied - i - gtTied) / static_cast<double>(tied - i) : 0.0;
        e += (q - next) / static_cast<double>(above + i + 1);
        q = next;
      }
      rr = e;
    }
  }
  m["AUC"] = ranked == nGt ? 1.0 : aucSum / static_cast<double>(nGt);
  m["RR"] = rr;
  for (size_t c = 0; c < cutoffs.size(); ++c) {
    const int k = cutoffs[c];
    const std::string ks = std::to_string(k);
    m["P@" + ks] = hits[c] / static_cast<double>(k);
    m["R@" + ks] = hits[c] / static_cast<double>(nGt);
    double idcg = 0;
    for (int64_t r = 1; r <= std::min<int64_t>(nGt, k); ++r) idcg += 1.0 / std::log2(static_cast<double>(r) + 1.0);
    m["nDCG@" + ks] = dcg[c] > 0 ? dcg[c] / idcg : 0.0;
  }
  return m;
}

}  // namespace

std::map<std::string, double> caseMetricsFromScores(const std::vector<float>& scores,
                                                    const std::vector<int64_t>& groundTruth,
                                                    const std::vector<int64_t>& removed, int64_t catalogSize,
                                                    MetricSet set, const std::vector<int>& cutoffs) {
  if (set == MetricSet::Standard) return tieAwareStandardMetrics(scores, groundTruth, removed, cutoffs);
  std::vector<int64_t> gone;
  for (int64_t r : removed)
    if (r >= 0 && r < static_cast<int64_t>(scores.size()) &&
        std::find(groundTruth.begin(), groundTruth.end(), r) == groundTruth.end())
      gone.push_back(r);
  std::sort(gone.begin(), gone.end());
  gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
  const std::vector<int64_t> ranks = groundTruthRanks(scores, groundTruth, removed);
  const int64_t rankedCount = static_cast<int64_t>(scores.size()) - static_cast<int64_t>(gone.size());
  return caseMetrics(ranks, rankedCount, catalogSize, set, cutoffs);
}

// Stopping through `progress` returns the mean over the cases evaluated so far (`cases` says how
// many). With no case evaluated, `metrics` stays empty.
EvaluationResult evaluate(const Ranker& ranker, const std::vector<EvaluationCase>& cases, MetricSet set,
                          const std::vector<int>& cutoffs, const ProgressCallback& progress) {
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
      if (std::find(c.groundTruth.begin(), c.groundTruth.end(), p) == c.groundTruth.end()) removed.push_back(p);
    std::sort(removed.begin(), removed.end());
    removed.erase(std::unique(removed.begin(), removed.end()), removed.end());

    const std::vector<float> scores = ranker.scoreAll(c.profile);
    if (set == MetricSet::Standard) {
      for (const auto& [name, value] :
           caseMetricsFromScores(scores, c.groundTruth, removed, catalogSize, set, cutoffs)) {
        sums[name] += value;
        result.perCase[name].push_back(value);
      }
    } else {
      const std::vector<int64_t> ranks = groundTruthRanks(scores, c.groundTruth, removed);
      const int64_t rankedCount = catalogSize - static_cast<int64_t>(removed.size());
      for (const auto& [name, value] : caseMetrics(ranks, rankedCount, catalogSize, set, cutoffs)) {
        sums[name] += value;
        result.perCase[name].push_back(value);
      }
    }
    ++result.cases;
  }
  if (progress) progress(Progress{"evaluate", result.cases, total, result.model});

  for (const auto& [name, sum] : sums) result.metrics[name] = sum / static_cast<double>(result.cases);
  return result;
}

}  // namespace vitrine
