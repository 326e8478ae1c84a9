#include "eval/metrics.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/error.h"

namespace vitrine {

MetricSet parseMetricSet(const std::string& s) {
  std::string t;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)))
      t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "reference") return MetricSet::Reference;
  if (t == "standard") return MetricSet::Standard;
  throw Error("unknown metric set '" + s + "' (expected 'reference' or 'standard')");
}

std::string toString(MetricSet m) { return m == MetricSet::Reference ? "reference" : "standard"; }

std::vector<std::string> metricNames(const std::vector<int>& cutoffs) {
  std::vector<std::string> names = {"AUC", "RR"};
  for (int k : cutoffs) {
    const std::string ks = std::to_string(k);
    names.push_back("P@" + ks);
    names.push_back("R@" + ks);
    names.push_back("nDCG@" + ks);
  }
  return names;
}

namespace {

// spec §6: IDCG of h relevant items at the top = sum_{r=1..h} 1/log2(r+1).
double idealDcg(int64_t h) {
  double s = 0;
  for (int64_t r = 1; r <= h; ++r) s += 1.0 / std::log2(static_cast<double>(r) + 1.0);
  return s;
}

// spec §6 AUC: fraction of (GT, non-GT) pairs ordered correctly among nInv items; 1 if nInv == n.
double auc(const std::vector<int64_t>& g, int64_t nInv) {
  const int64_t n = static_cast<int64_t>(g.size());
  if (nInv == n) return 1.0;
  double sum = 0;
  for (int64_t t = 1; t <= n; ++t) {
    const double correct = static_cast<double>((nInv - (g[static_cast<size_t>(t - 1)] + 1)) - (n - t));
    sum += correct / static_cast<double>(nInv - n);
  }
  return sum / static_cast<double>(n);
}

}  // namespace

// A case without ground truth has nothing to find: every metric is 0 for it.
std::map<std::string, double> caseMetrics(std::vector<int64_t> gtRanks, int64_t rankedCount, int64_t catalogSize,
                                          MetricSet set, const std::vector<int>& cutoffs) {
  std::map<std::string, double> m;
  for (const std::string& name : metricNames(cutoffs)) m[name] = 0.0;
  if (gtRanks.empty()) return m;
  std::sort(gtRanks.begin(), gtRanks.end());
  const int64_t n = static_cast<int64_t>(gtRanks.size());
  if (catalogSize < rankedCount)
    throw Error("caseMetrics: catalog size " + std::to_string(catalogSize) + " is smaller than the ranked count " +
                std::to_string(rankedCount));
  for (size_t i = 0; i < gtRanks.size(); ++i) {
    if (gtRanks[i] < 0 || gtRanks[i] >= rankedCount)
      throw Error("caseMetrics: ground-truth rank " + std::to_string(gtRanks[i]) + " is outside a ranking of " +
                  std::to_string(rankedCount) + " items");
    if (i > 0 && gtRanks[i] == gtRanks[i - 1])
      throw Error("caseMetrics: ground-truth rank " + std::to_string(gtRanks[i]) + " appears twice");
  }

  // Reference (§8.11) normalises by the whole catalog although profile items were removed.
  m["AUC"] = auc(gtRanks, set == MetricSet::Reference ? catalogSize : rankedCount);
  m["RR"] = 1.0 / static_cast<double>(gtRanks.front() + 1);

  for (int k : cutoffs) {
    int64_t hits = 0;
    double dcg = 0;
    for (int64_t g : gtRanks) {
      if (g >= k) break;
      ++hits;
      dcg += 1.0 / std::log2(static_cast<double>(g) + 2.0);
    }
    const std::string ks = std::to_string(k);
    m["P@" + ks] = static_cast<double>(hits) / static_cast<double>(k);
    m["R@" + ks] = static_cast<double>(hits) / static_cast<double>(n);
    // Reference (§8.10): IDCG over the hits in the top k; standard: over min(|G|, k).
    const int64_t h = set == MetricSet::Reference ? hits : std::min<int64_t>(n, k);
    m["nDCG@" + ks] = dcg > 0 ? dcg / idealDcg(h) : 0.0;
  }
  return m;
}

}  // namespace vitrine
