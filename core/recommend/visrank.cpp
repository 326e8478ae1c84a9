#include "recommend/visrank.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace vitrine {

namespace {

const char* aggregationName(Aggregation a) {
  switch (a) {
    case Aggregation::Maximum: return "maximum";
    case Aggregation::Average: return "average";
    case Aggregation::AverageTopK: return "average_top_k";
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
  throw Error("unknown VisRank aggregation '" + text +
              "' (expected maximum, average or average_top_k:K with K >= 1)");
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
  at::Tensor matrix;              // a view of `normalised` (from_blob, no copy)

  void check(const std::vector<int64_t>& profile) const {
    for (int64_t p : profile)
      if (p < 0 || p >= rows)
        throw Error("VisRank: profile item " + std::to_string(p) + " is out of range (" +
                    std::to_string(rows) + " items)");
  }
};

VisRank::VisRank(const EmbeddingMatrix& embeddings, VisRankConfig config)
    : m_impl(std::make_unique<Impl>()), m_config(config), m_embeddingName(embeddings.name) {
  if (m_config.aggregation == Aggregation::AverageTopK && m_config.topK < 1)
    throw Error("VisRank: average_top_k needs K >= 1, got " + std::to_string(m_config.topK));
  const int64_t rows = embeddings.rows();
  const int64_t dim = embeddings.dimension;
  if (dim <= 0 && rows > 0)
    throw Error("VisRank: embedding '" + embeddings.name + "' has dimension " + std::to_string(dim));
  if (static_cast<int64_t>(embeddings.values.size()) != rows * dim)
    throw Error("VisRank: embedding '" + embeddings.name + "' holds " +
                std::to_string(embeddings.values.size()) + " values, expected " +
                std::to_string(rows) + " x " + std::to_string(dim));
  m_impl->rows = rows;
  m_impl->dim = dim;
  m_impl->normalised.resize(embeddings.values.size());
  for (int64_t r = 0; r < rows; ++r) {
    const float* src = embeddings.row(r);
    float* dst = m_impl->normalised.data() + r * dim;
    double ss = 0;
    for (int64_t d = 0; d < dim; ++d) ss += static_cast<double>(src[d]) * src[d];
    // A zero row has no direction: it stays zero and is similar to nothing (cosine 0).
    const float inv = ss > 0 ? static_cast<float>(1.0 / std::sqrt(ss)) : 0.f;
    for (int64_t d = 0; d < dim; ++d) dst[d] = src[d] * inv;
  }
  if (rows > 0)
    m_impl->matrix = torch::from_blob(m_impl->normalised.data(), {rows, dim}, torch::kFloat32);
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

// Similarities of every item to each profile item, |P| x N row-major (row j = profile item j).
// This orientation (Q · Mᵀ) lets OpenBLAS run its micro-kernel along N rather than along the
// tiny |P|, and makes each aggregation a contiguous, vectorisable pass per profile item.
std::vector<float> profileMajorSimilarities(const at::Tensor& matrix, int64_t n,
                                            const std::vector<int64_t>& profile) {
  const int64_t p = static_cast<int64_t>(profile.size());
  std::vector<float> out(static_cast<size_t>(n * p));
  if (n == 0 || p == 0) return out;
  torch::NoGradGuard noGrad;
  // Only the |P| profile rows are gathered; the N x D matrix is used in place (from_blob view)
  // and the sgemm writes straight into `out`.
  const at::Tensor index =
      torch::from_blob(const_cast<int64_t*>(profile.data()), {p}, torch::kInt64);
  const at::Tensor query = matrix.index_select(0, index);  // |P| x D
  at::Tensor result = torch::from_blob(out.data(), {p, n}, torch::kFloat32);
  at::mm_out(result, query, matrix.t());
  return out;
}

// Per-item aggregation of a |P| x N similarity block (spec §5).
std::vector<float> aggregate(const std::vector<float>& sims, int64_t n, int64_t p,
                             const VisRankConfig& cfg) {
  std::vector<float> scores(static_cast<size_t>(n), 0.f);
  if (p == 0 || n == 0) return scores;
  switch (cfg.aggregation) {
    case Aggregation::Maximum: {
      std::copy(sims.begin(), sims.begin() + n, scores.begin());
      for (int64_t j = 1; j < p; ++j) {
        const float* s = sims.data() + j * n;
        for (int64_t i = 0; i < n; ++i) scores[i] = std::max(scores[i], s[i]);
      }
      break;
    }
    case Aggregation::Average: {
      std::vector<double> sum(static_cast<size_t>(n), 0.0);  // double: order-independent sums
      for (int64_t j = 0; j < p; ++j) {
        const float* s = sims.data() + j * n;
        for (int64_t i = 0; i < n; ++i) sum[i] += s[i];
      }
      for (int64_t i = 0; i < n; ++i) scores[i] = static_cast<float>(sum[i] / static_cast<double>(p));
      break;
    }
    case Aggregation::AverageTopK: {
      // Intended formula (spec §5): the min(K,|P|) largest similarities of THIS candidate.
      // The reference implementation (§8.13) instead averages, for every candidate, the profile
      // columns that are largest for item 0; we deliberately do not copy that bug, so our
      // average_top_k numbers differ from summary.json's "average_top_k(top=3)".
      const int64_t m = std::min<int64_t>(cfg.topK, p);
      std::vector<float> buf(static_cast<size_t>(p));
      for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < p; ++j) buf[static_cast<size_t>(j)] = sims[j * n + i];
        std::nth_element(buf.begin(), buf.begin() + (m - 1), buf.end(), std::greater<float>());
        double sum = 0;
        for (int64_t j = 0; j < m; ++j) sum += buf[static_cast<size_t>(j)];
        scores[i] = static_cast<float>(sum / static_cast<double>(m));
      }
      break;
    }
  }
  return scores;
}

// The up-to-n strongest distinct profile items; sims[j * stride] is the similarity to profile[j].
std::vector<Explanation> strongest(const std::vector<int64_t>& profile, const float* sims,
                                   int64_t stride, int n) {
  std::vector<Explanation> all;
  all.reserve(profile.size());
  for (size_t j = 0; j < profile.size(); ++j) {
    const bool seen = std::any_of(all.begin(), all.end(), [&](const Explanation& e) {
      return e.profileItem == profile[j];
    });
    if (!seen) all.push_back(Explanation{profile[j], sims[static_cast<int64_t>(j) * stride]});
  }
  // Stable: equal similarities keep profile order.
  std::stable_sort(all.begin(), all.end(), [](const Explanation& a, const Explanation& b) {
    return a.similarity > b.similarity;
  });
  if (n < 0) n = 0;
  if (all.size() > static_cast<size_t>(n)) all.resize(static_cast<size_t>(n));
  return all;
}

}  // namespace

std::vector<float> VisRank::similarities(const std::vector<int64_t>& profile) const {
  m_impl->check(profile);
  const int64_t n = m_impl->rows;
  const int64_t p = static_cast<int64_t>(profile.size());
  const std::vector<float> byProfile = profileMajorSimilarities(m_impl->matrix, n, profile);
  std::vector<float> out(byProfile.size());
  for (int64_t j = 0; j < p; ++j)
    for (int64_t i = 0; i < n; ++i) out[i * p + j] = byProfile[j * n + i];
  return out;
}

// An empty profile carries no taste: every item scores 0 (and recommend() falls back to
// index order).
std::vector<float> VisRank::scoreAll(const std::vector<int64_t>& profile) const {
  m_impl->check(profile);
  const int64_t p = static_cast<int64_t>(profile.size());
  return aggregate(profileMajorSimilarities(m_impl->matrix, m_impl->rows, profile), m_impl->rows,
                   p, m_config);
}

std::vector<Explanation> VisRank::explain(const std::vector<int64_t>& profile, int64_t item,
                                          int n) const {
  m_impl->check(profile);
  if (item < 0 || item >= m_impl->rows)
    throw Error("VisRank: item " + std::to_string(item) + " is out of range (" +
                std::to_string(m_impl->rows) + " items)");
  const int64_t dim = m_impl->dim;
  const float* x = m_impl->normalised.data() + item * dim;
  std::vector<float> sims(profile.size());
  for (size_t j = 0; j < profile.size(); ++j) {
    const float* y = m_impl->normalised.data() + profile[j] * dim;
    float dot = 0;
    for (int64_t d = 0; d < dim; ++d) dot += x[d] * y[d];
    sims[j] = dot;
  }
  return strongest(profile, sims.data(), 1, n);
}

std::vector<Recommendation> VisRank::recommend(const std::vector<int64_t>& profile, int k,
                                               bool excludeProfile) const {
  m_impl->check(profile);
  const int64_t n = m_impl->rows;
  const int64_t p = static_cast<int64_t>(profile.size());
  // One product serves both the scores and the explanations.
  const std::vector<float> sims = profileMajorSimilarities(m_impl->matrix, n, profile);
  const std::vector<float> scores = aggregate(sims, n, p, m_config);
  const std::vector<int64_t> best =
      topK(scores, k, excludeProfile ? profile : std::vector<int64_t>{});
  std::vector<Recommendation> out;
  out.reserve(best.size());
  for (int64_t item : best) {
    Recommendation r;
    r.item = item;
    r.score = scores[static_cast<size_t>(item)];
    r.because = strongest(profile, sims.data() + item, n, 3);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vitrine
