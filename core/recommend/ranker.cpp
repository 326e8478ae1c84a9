#include "recommend/ranker.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vitrine {

namespace {

// NaN scores rank last so the comparison stays a strict weak ordering.
inline float sortableScore(float s) { return std::isnan(s) ? -std::numeric_limits<float>::infinity() : s; }

}  // namespace

std::vector<int64_t> topK(const std::vector<float>& scores, int k, const std::vector<int64_t>& excluded) {
  const int64_t n = static_cast<int64_t>(scores.size());
  if (k <= 0 || n == 0) return {};

  std::vector<int64_t> skip(excluded);
  std::sort(skip.begin(), skip.end());
  skip.erase(std::unique(skip.begin(), skip.end()), skip.end());

  // "a before b" in the final order: higher score first, then lower index.
  auto better = [&scores](int64_t a, int64_t b) {
    const float sa = sortableScore(scores[static_cast<size_t>(a)]);
    const float sb = sortableScore(scores[static_cast<size_t>(b)]);
    return sa > sb || (sa == sb && a < b);
  };

  // Heap selection (what std::partial_sort does) without materialising an N-index array: the
  // heap top is the worst of the current k best, so most items cost one comparison.
  const size_t want = static_cast<size_t>(std::min<int64_t>(k, n));
  std::vector<int64_t> heap;
  heap.reserve(want + 1);
  for (int64_t i = 0; i < n; ++i) {
    if (heap.size() == want && !better(i, heap.front())) continue;
    if (!skip.empty() && std::binary_search(skip.begin(), skip.end(), i)) continue;
    if (heap.size() == want) {
      std::pop_heap(heap.begin(), heap.end(), better);
      heap.back() = i;
    } else {
      heap.push_back(i);
    }
    std::push_heap(heap.begin(), heap.end(), better);
  }
  std::sort_heap(heap.begin(), heap.end(), better);
  return heap;
}

std::vector<Recommendation> Ranker::recommend(const std::vector<int64_t>& profile, int k, bool excludeProfile) const {
  const std::vector<float> scores = scoreAll(profile);
  const std::vector<int64_t> best = topK(scores, k, excludeProfile ? profile : std::vector<int64_t>{});
  std::vector<Recommendation> out;
  out.reserve(best.size());
  for (int64_t item : best) {
    Recommendation r;
    r.item = item;
    r.score = scores[static_cast<size_t>(item)];
    r.because = explain(profile, item, 3);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vitrine
