#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vitrine {

// spec §6. `reference` reproduces the tutorial's code exactly (nDCG normalised by the hits in the
// top k; AUC normalised by the full catalog size); `standard` uses the textbook definitions
// (IDCG over min(|G|, k); AUC over the candidates actually ranked).
enum class MetricSet { Reference, Standard };
MetricSet parseMetricSet(const std::string& s);  // throws vitrine::Error
std::string toString(MetricSet m);

inline const std::vector<int>& defaultCutoffs() {
  static const std::vector<int> k = {10, 20, 50, 100, 200};
  return k;
}

// Metrics of one case from the sorted 0-based ranks of its ground-truth items in the ranking
// with profile items removed. `rankedCount` is the length of that ranking; `catalogSize` the
// number of items in the catalog (reference AUC uses it).
// Keys: "AUC", "RR", and per k "P@k", "R@k", "nDCG@k".
std::map<std::string, double> caseMetrics(std::vector<int64_t> gtRanks, int64_t rankedCount, int64_t catalogSize,
                                          MetricSet set, const std::vector<int>& cutoffs = defaultCutoffs());

// The order metric names are printed in: AUC, RR, then P/R/nDCG per k.
std::vector<std::string> metricNames(const std::vector<int>& cutoffs = defaultCutoffs());

}  // namespace vitrine
