#include "eval/knn.h"

#include <cmath>
#include <map>

namespace vitrine {

KnnAccuracy leaveOneOutAccuracy(const EmbeddingMatrix& m, const std::vector<std::string>& labels) {
  KnnAccuracy r;
  const int64_t n = m.rows();
  const int d = m.dimension;
  std::vector<int64_t> rows;
  std::map<std::string, int64_t> counts;
  for (int64_t i = 0; i < n; ++i)
    if (!labels[i].empty()) {
      rows.push_back(i);
      counts[labels[i]]++;
    }
  r.evaluated = static_cast<int64_t>(rows.size());
  if (rows.size() < 2) return r;
  for (auto& [label, c] : counts)
    if (c > r.majorityBaseline) {
      r.majorityBaseline = static_cast<double>(c);
      r.majorityLabel = label;
    }
  r.majorityBaseline /= static_cast<double>(rows.size());

  std::vector<double> norms(n, 0.0);
  for (int64_t i : rows) {
    double s = 0;
    for (int k = 0; k < d; ++k) s += double(m.row(i)[k]) * m.row(i)[k];
    norms[i] = std::sqrt(s);
  }
  int64_t correct = 0;
  for (int64_t i : rows) {
    double best = -2;
    int64_t bestRow = -1;
    for (int64_t j : rows) {
      if (j == i) continue;
      double dot = 0;
      for (int k = 0; k < d; ++k) dot += double(m.row(i)[k]) * m.row(j)[k];
      const double denom = norms[i] * norms[j];
      const double cos = denom > 0 ? dot / denom : 0;
      if (cos > best) {
        best = cos;
        bestRow = j;
      }
    }
    if (bestRow >= 0 && labels[bestRow] == labels[i]) correct++;
  }
  r.accuracy = static_cast<double>(correct) / static_cast<double>(rows.size());
  return r;
}

}  // namespace vitrine
