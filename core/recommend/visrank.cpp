#include "recommend/visrank.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "common/error.h"

namespace vitrine {

namespace {

const char* aggregationName(Aggregation a) {
  switch (a) {
    case Aggregation::Maximum:
      return "maximum";
    case Aggregation::Average:
      return "average";
    case Aggregation::AverageTopK:
      return "average_top_k";
  }
  return "?";
}

}  // namespace

VisRankConfig parseVisRankConfig(const std::string& text) {
  std::string t;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c)))
      t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  VisRankConfig c;
  if (t == "maximum" || t == "max") {
    c.aggregation = Aggregation::Maximum;
    return c;
  }
  if (t == "average" || t == "avg" || t == "mean") {
    c.aggregation = Aggregation::Average;
    return c;
  }
  const std::string prefix = "average_top_k";
  if (t.compare(0, prefix.size(), prefix) == 0) {
    c.aggregation = Aggregation::AverageTopK;
    std::string rest = t.substr(prefix.size());
    if (rest.empty()) return c;  // default K
    if (rest.front() == ':' || rest.front() == '=') {
      rest = rest.substr(1);
    } else if (rest.front() == '(' && rest.back() == ')') {
      rest = rest.substr(1, rest.size() - 2);
    } else {
      rest.clear();
    }
    if (rest.compare(0, 4, "top=") == 0) rest = rest.substr(4);  // the reference's "(top=3)"
    char* end = nullptr;
    const long k = rest.empty() ? 0 : std::strtol(rest.c_str(), &end, 10);
    if (!rest.empty() && *end == '\0' && k >= 1 && k <= 1000000) {
      c.topK = static_cast<int>(k);
      return c;
    }
  }
  throw Error("unknown VisRank aggregation '" + text + "' (expected maximum, average or average_top_k:K with K >= 1)");
}

std::string toString(const VisRankConfig& c) {
  if (c.aggregation == Aggregation::AverageTopK)
    return std::string(aggregationName(c.aggregation)) + ":" + std::to_string(c.topK);
  return aggregationName(c.aggregation);
}

struct VisRank::Impl {
  int64_t rows = 0;
  int64_t dim = 0;
  std::vector<float> normalised;  // rows x dim, row-major, unit rows (zero rows stay zero)

  void check(const std::vector<int64_t>& profile) const {
    for (int64_t p : profile)
      if (p < 0 || p >= rows)
        throw Error("VisRank: profile item " + std::to_string(p) + " is out of range (" + std::to_string(rows) +
                    " items)");
  }
  const float* row(int64_t r) const { return normalised.data() + r * dim; }
};

namespace {

void checkShape(const EmbeddingMatrix& embeddings, const VisRankConfig& config) {
  if (config.aggregation == Aggregation::AverageTopK && config.topK < 1)
    throw Error("VisRank: average_top_k needs K >= 1, got " + std::to_string(config.topK));
  const int64_t rows = embeddings.rows();
  const int64_t dim = embeddings.dimension;
  if (dim <= 0 && rows > 0)
    throw Error("VisRank: embedding '" + embeddings.name + "' has dimension " + std::to_string(dim));
  if (static_cast<int64_t>(embeddings.values.size()) != rows * dim)
    throw Error("VisRank: embedding '" + embeddings.name + "' holds " + std::to_string(embeddings.values.size()) +
                " values, expected " + std::to_string(rows) + " x " + std::to_string(dim));
}

// L2-normalises every row of `v` in place (sums in double). A zero row has no direction: it
// stays zero and is similar to nothing (cosine 0).
void normaliseRows(std::vector<float>& v, int64_t rows, int64_t dim) {
  for (int64_t r = 0; r < rows; ++r) {
    float* x = v.data() + r * dim;
    double ss = 0;
    for (int64_t d = 0; d < dim; ++d) ss += static_cast<double>(x[d]) * x[d];
    const float inv = ss > 0 ? static_cast<float>(1.0 / std::sqrt(ss)) : 0.f;
    for (int64_t d = 0; d < dim; ++d) x[d] *= inv;
  }
}

}  // namespace

VisRank::VisRank(const EmbeddingMatrix& embeddings, VisRankConfig config)
    : m_impl(std::make_unique<Impl>()), m_config(config), m_embeddingName(embeddings.name) {
  checkShape(embeddings, m_config);
  m_impl->rows = embeddings.rows();
  m_impl->dim = embeddings.dimension;
  m_impl->normalised = embeddings.values;
  normaliseRows(m_impl->normalised, m_impl->rows, m_impl->dim);
}

VisRank::VisRank(EmbeddingMatrix&& embeddings, VisRankConfig config)
    : m_impl(std::make_unique<Impl>()), m_config(config), m_embeddingName(embeddings.name) {
  checkShape(embeddings, m_config);
  m_impl->rows = embeddings.rows();
  m_impl->dim = embeddings.dimension;
  m_impl->normalised = std::move(embeddings.values);  // normalised in place: one copy of the matrix
  embeddings.values.clear();
  normaliseRows(m_impl->normalised, m_impl->rows, m_impl->dim);
}

VisRank::~VisRank() = default;

std::string VisRank::name() const { return "VisRank (" + toString(m_config) + ")"; }

std::string VisRank::configJson() const {
  nlohmann::json j;
  j["model"] = "visrank";
  j["aggregation"] = aggregationName(m_config.aggregation);
  j["k"] = m_config.topK;
  j["embedding"] = m_embeddingName;
  j["items"] = m_impl->rows;
  j["dimension"] = m_impl->dim;
  return j.dump();
}

int64_t VisRank::itemCount() const { return m_impl->rows; }

namespace {

// ---- the scoring kernel (memory-bound: each catalog row is read once per query) ----
//
// For a block of rows, the |P| cosine similarities of each row are computed into a small buffer
// that stays in L1 and aggregated at once (spec §5), so a query streams the N x D matrix once and
// writes only N scores: no N x |P| block, no BLAS packing copy of the matrix. The rows are split
// over the cores. On x86-64 with AVX2 and FMA (checked at run time) a register-blocked kernel does
// 4 rows x 3 profile items per step; elsewhere a portable loop computes the same sums.

constexpr int64_t kRowBlock = 4;

// sims[r * p + j] = <row r0 + r, query j> for r < rowsInBlock (<= kRowBlock).
void dotsPortable(const float* m, int64_t dim, int64_t rowsInBlock, const float* q, int64_t p, float* sims) {
  for (int64_t r = 0; r < rowsInBlock; ++r) {
    const float* x = m + r * dim;
    for (int64_t j = 0; j < p; ++j) {
      const float* y = q + j * dim;
      float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      int64_t d = 0;
      for (; d + 8 <= dim; d += 8)
        for (int k = 0; k < 8; ++k) acc[k] += x[d + k] * y[d + k];
      float sum = ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
      for (; d < dim; ++d) sum += x[d] * y[d];
      sims[r * p + j] = sum;
    }
  }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define VITRINE_VISRANK_AVX2 1
__attribute__((target("avx2,fma"))) inline float hsum(__m256 v) {
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}

// Long rows are taken in chunks of kDimChunk floats, every profile item per chunk, with the
// partial sums kept in a small buffer between chunks: a chunk's 4 row pieces and |P| profile
// pieces (7 KB at |P| = 10) stay in L1, where the whole 1280-d rows and profile (70 KB) did not
// (each item group re-read the rows from L2). Each lane still adds its products in the same
// order, so the sums are bit-identical to taking the whole row at once (what short rows and
// profiles of more than kMaxChunkedProfile items do: one chunk, no partial sums).
constexpr int64_t kDimChunk = 128;
constexpr int64_t kMaxChunkedProfile = 32;
// Profile items per register block: 4 rows x 3 items = 12 accumulators, plus 3 profile vectors
// and one row vector, fill the 16 AVX2 registers; 7 loads per 12 multiply-adds (4 x 2 needed 6
// per 8, and was a third slower: bench/RESULTS.md, issue 18 item 2, fourth pass).
constexpr int kItemGroup = 3;
constexpr int64_t kGroupFloats = kRowBlock * kItemGroup * 8;  // one group's partial sums

// The 4 rows x G items (G <= kItemGroup) of one chunk [dc, de): items y, y + dim, ... ; `partial`
// holds the group's sums between chunks; on the last chunk sims[r * p + g] receives row r's
// similarity to item g (the caller offsets sims to the group's first item).
template <int G>
__attribute__((target("avx2,fma"))) inline void dotsGroupAvx2(const float* const* x, const float* y, int64_t dim,
                                                              int64_t dc, int64_t de, bool first, bool last,
                                                              float* partial, float* sims, int64_t p) {
  __m256 acc[kRowBlock][G];
#pragma GCC unroll 4
  for (int r = 0; r < kRowBlock; ++r)
#pragma GCC unroll 4
    for (int g = 0; g < G; ++g)
      acc[r][g] = first ? _mm256_setzero_ps() : _mm256_load_ps(partial + (g * kRowBlock + r) * 8);
  for (int64_t d = dc; d < de; d += 8) {
    __m256 qv[G];
#pragma GCC unroll 4
    for (int g = 0; g < G; ++g) qv[g] = _mm256_loadu_ps(y + g * dim + d);
#pragma GCC unroll 4
    for (int r = 0; r < kRowBlock; ++r) {
      const __m256 rv = _mm256_loadu_ps(x[r] + d);
#pragma GCC unroll 4
      for (int g = 0; g < G; ++g) acc[r][g] = _mm256_fmadd_ps(rv, qv[g], acc[r][g]);
    }
  }
#pragma GCC unroll 4
  for (int r = 0; r < kRowBlock; ++r)
#pragma GCC unroll 4
    for (int g = 0; g < G; ++g) {
      if (last)
        sims[r * p + g] = hsum(acc[r][g]);
      else
        _mm256_store_ps(partial + (g * kRowBlock + r) * 8, acc[r][g]);
    }
}

__attribute__((target("avx2,fma"))) void dotsAvx2(const float* m, int64_t dim, int64_t rowsInBlock, const float* q,
                                                  int64_t p, float* sims) {
  if (rowsInBlock != kRowBlock || dim % 8 != 0) {
    dotsPortable(m, dim, rowsInBlock, q, p, sims);
    return;
  }
  const int64_t chunk = (dim <= kDimChunk || p > kMaxChunkedProfile) ? dim : kDimChunk;
  const float* const x[kRowBlock] = {m, m + dim, m + 2 * dim, m + 3 * dim};
  alignas(32) float partial[((kMaxChunkedProfile + kItemGroup - 1) / kItemGroup) * kGroupFloats];
  for (int64_t dc = 0; dc < dim; dc += chunk) {
    const int64_t de = std::min(dim, dc + chunk);
    const bool first = dc == 0, last = de == dim;
    // A group's partial sums (used only between chunks; the last 1 or 2 items take the next slot).
    auto slot = [&](int64_t j) { return chunk < dim ? partial + (j / kItemGroup) * kGroupFloats : nullptr; };
    int64_t j = 0;
    for (; j + kItemGroup <= p; j += kItemGroup)
      dotsGroupAvx2<kItemGroup>(x, q + j * dim, dim, dc, de, first, last, slot(j), sims + j, p);
    float* rest = slot(j);
    if (p - j == 2)
      dotsGroupAvx2<2>(x, q + j * dim, dim, dc, de, first, last, rest, sims + j, p);
    else if (p - j == 1)
      dotsGroupAvx2<1>(x, q + j * dim, dim, dc, de, first, last, rest, sims + j, p);
  }
}

#endif

using DotsFn = void (*)(const float*, int64_t, int64_t, const float*, int64_t, float*);

DotsFn dotsKernel() {
#ifdef VITRINE_VISRANK_AVX2
  // An AVX-512 variant of the same blocking was measured no faster (bench/RESULTS.md, issue 18
  // second pass) and removed: the pass is bound by memory, not by instructions.
  static const DotsFn fn = (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? dotsAvx2 : dotsPortable;
  return fn;
#else
  return dotsPortable;
#endif
}

// One item's score from its |P| similarities (spec §5). `buf` has room for |P| floats.
float aggregateOne(const float* s, int64_t p, const VisRankConfig& cfg, float* buf) {
  switch (cfg.aggregation) {
    case Aggregation::Maximum: {
      float m = s[0];
      for (int64_t j = 1; j < p; ++j) m = std::max(m, s[j]);
      return m;
    }
    case Aggregation::Average: {
      double sum = 0;  // double: the order of the |P| terms hardly matters
      for (int64_t j = 0; j < p; ++j) sum += s[j];
      return static_cast<float>(sum / static_cast<double>(p));
    }
    case Aggregation::AverageTopK: {
      // Intended formula (spec §5): the min(K,|P|) largest similarities of THIS candidate.
      // The reference implementation (§8.13) instead averages, for every candidate, the profile
      // columns that are largest for item 0; we deliberately do not copy that bug, so our
      // average_top_k numbers differ from summary.json's "average_top_k(top=3)".
      const int64_t m = std::min<int64_t>(cfg.topK, p);
      std::copy(s, s + p, buf);
      std::nth_element(buf, buf + (m - 1), buf + p, std::greater<float>());
      double sum = 0;
      for (int64_t j = 0; j < m; ++j) sum += buf[j];
      return static_cast<float>(sum / static_cast<double>(m));
    }
  }
  return 0.f;
}

// aggregateOne for the m rows of a block (sims m x p row-major), the switch taken once per block.
void aggregateBlock(const float* sims, int64_t m, int64_t p, const VisRankConfig& cfg, float* buf, float* out) {
  switch (cfg.aggregation) {
    case Aggregation::Maximum:
      for (int64_t i = 0; i < m; ++i) {
        const float* s = sims + i * p;
        float best = s[0];
        for (int64_t j = 1; j < p; ++j) best = std::max(best, s[j]);
        out[i] = best;
      }
      return;
    case Aggregation::Average:
      for (int64_t i = 0; i < m; ++i) {
        const float* s = sims + i * p;
        double sum = 0;
        for (int64_t j = 0; j < p; ++j) sum += s[j];
        out[i] = static_cast<float>(sum / static_cast<double>(p));
      }
      return;
    case Aggregation::AverageTopK:
      for (int64_t i = 0; i < m; ++i) out[i] = aggregateOne(sims + i * p, p, cfg, buf);
      return;
  }
}

// Threads for one pass over rows x dim floats: all cores for large catalogs, one for small ones
// (thread start-up costs more than a few hundred kilobytes of streaming).
int passThreads(int64_t rows, int64_t dim) {
  const int64_t work = rows * dim;
  if (work < (int64_t(1) << 20)) return 1;
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return static_cast<int>(std::min<int64_t>(hw, std::max<int64_t>(1, work >> 19)));
}

// Calls body(begin, end) over [0, rows) in kRowBlock-aligned slices on `threads` threads.
template <class F>
void parallelRows(int64_t rows, int threads, const F& body) {
  if (threads <= 1 || rows < 2 * kRowBlock) {
    body(int64_t(0), rows);
    return;
  }
  const int64_t blocks = (rows + kRowBlock - 1) / kRowBlock;
  std::vector<std::thread> pool;
  int64_t begin = 0;
  for (int t = 0; t < threads; ++t) {
    const int64_t end = std::min(rows, ((blocks * (t + 1)) / threads) * kRowBlock);
    if (end <= begin) continue;
    if (t == threads - 1)
      body(begin, end);
    else
      pool.emplace_back(body, begin, end);
    begin = end;
  }
  for (auto& th : pool) th.join();
}

// The profile rows gathered contiguously (|P| x D); they stay in cache during a pass.
std::vector<float> gatherProfile(const VisRank::Impl& impl, const std::vector<int64_t>& profile) {
  std::vector<float> q(profile.size() * static_cast<size_t>(impl.dim));
  for (size_t j = 0; j < profile.size(); ++j)
    std::copy(impl.row(profile[j]), impl.row(profile[j]) + impl.dim, q.data() + j * impl.dim);
  return q;
}

// One pass over the catalog: scores (when non-null, N) and/or similarities (when non-null,
// N x |P| row-major).
void scorePass(const VisRank::Impl& impl, const std::vector<int64_t>& profile, const VisRankConfig& cfg, float* scores,
               float* similarities) {
  const int64_t n = impl.rows, dim = impl.dim, p = static_cast<int64_t>(profile.size());
  if (n == 0 || p == 0) return;
  const std::vector<float> q = gatherProfile(impl, profile);
  const DotsFn dots = dotsKernel();
  parallelRows(n, passThreads(n, dim), [&](int64_t begin, int64_t end) {
    std::vector<float> sims(static_cast<size_t>(kRowBlock * p)), buf(static_cast<size_t>(p));
    for (int64_t r = begin; r < end; r += kRowBlock) {
      const int64_t m = std::min(kRowBlock, end - r);
      dots(impl.row(r), dim, m, q.data(), p, sims.data());
      if (scores) aggregateBlock(sims.data(), m, p, cfg, buf.data(), scores + r);
      if (similarities) std::copy(sims.data(), sims.data() + m * p, similarities + r * p);
    }
  });
}

// The up-to-n strongest distinct profile items; sims[j * stride] is the similarity to profile[j].
std::vector<Explanation> strongest(const std::vector<int64_t>& profile, const float* sims, int64_t stride, int n) {
  std::vector<Explanation> all;
  all.reserve(profile.size());
  for (size_t j = 0; j < profile.size(); ++j) {
    const bool seen =
        std::any_of(all.begin(), all.end(), [&](const Explanation& e) { return e.profileItem == profile[j]; });
    if (!seen) all.push_back(Explanation{profile[j], sims[static_cast<int64_t>(j) * stride]});
  }
  // Stable: equal similarities keep profile order.
  std::stable_sort(all.begin(), all.end(),
                   [](const Explanation& a, const Explanation& b) { return a.similarity > b.similarity; });
  if (n < 0) n = 0;
  if (all.size() > static_cast<size_t>(n)) all.resize(static_cast<size_t>(n));
  return all;
}

}  // namespace

std::vector<float> VisRank::similarities(const std::vector<int64_t>& profile) const {
  m_impl->check(profile);
  std::vector<float> out(static_cast<size_t>(m_impl->rows) * profile.size(), 0.f);
  scorePass(*m_impl, profile, m_config, nullptr, out.data());
  return out;
}

// An empty profile carries no taste: every item scores 0 (and recommend() falls back to
// index order).
std::vector<float> VisRank::scoreAll(const std::vector<int64_t>& profile) const {
  m_impl->check(profile);
  std::vector<float> scores(static_cast<size_t>(m_impl->rows), 0.f);
  scorePass(*m_impl, profile, m_config, scores.data(), nullptr);
  return scores;
}

namespace {

// Similarities of `item` to each profile item, computed exactly as the scoring pass did (so an
// explanation's similarity equals the one the score was made of).
std::vector<float> itemSimilarities(const VisRank::Impl& impl, const std::vector<int64_t>& profile, int64_t item) {
  const int64_t p = static_cast<int64_t>(profile.size());
  std::vector<float> sims(static_cast<size_t>(p));
  if (p == 0) return sims;
  const std::vector<float> q = gatherProfile(impl, profile);
  // The aligned block of rows the scoring pass computed this item in: bit-identical values.
  const int64_t begin = item - item % kRowBlock;
  const int64_t m = std::min(kRowBlock, impl.rows - begin);
  std::vector<float> block(static_cast<size_t>(m * p));
  dotsKernel()(impl.row(begin), impl.dim, m, q.data(), p, block.data());
  std::copy(block.data() + (item - begin) * p, block.data() + (item - begin + 1) * p, sims.data());
  return sims;
}

}  // namespace

std::vector<Explanation> VisRank::explain(const std::vector<int64_t>& profile, int64_t item, int n) const {
  m_impl->check(profile);
  if (item < 0 || item >= m_impl->rows)
    throw Error("VisRank: item " + std::to_string(item) + " is out of range (" + std::to_string(m_impl->rows) +
                " items)");
  const std::vector<float> sims = itemSimilarities(*m_impl, profile, item);
  return strongest(profile, sims.data(), 1, n);
}

std::vector<Recommendation> VisRank::recommend(const std::vector<int64_t>& profile, int k, bool excludeProfile) const {
  m_impl->check(profile);
  // One pass scores the catalog; the explanations of the k winners are k x |P| dot products.
  std::vector<float> scores(static_cast<size_t>(m_impl->rows), 0.f);
  scorePass(*m_impl, profile, m_config, scores.data(), nullptr);
  const std::vector<int64_t> best = topK(scores, k, excludeProfile ? profile : std::vector<int64_t>{});
  std::vector<Recommendation> out;
  out.reserve(best.size());
  for (int64_t item : best) {
    Recommendation r;
    r.item = item;
    r.score = scores[static_cast<size_t>(item)];
    const std::vector<float> sims = itemSimilarities(*m_impl, profile, item);
    r.because = strongest(profile, sims.data(), 1, 3);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vitrine
