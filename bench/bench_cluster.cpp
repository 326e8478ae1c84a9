// Visual clusters (issue 7): t-SNE, PCA and k-means on synthetic 1280-d embeddings with 20
// Gaussian clusters. Targets: t-SNE under 30 s (6,000 items) and 3 min (30,000), 2 cores.
// Run: ./bench_cluster --benchmark_filter='6000' then --benchmark_filter='30000' (one iteration
// each; the 30,000 t-SNE takes minutes).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <vector>

#include "cluster/cluster.h"
#include "cluster/layout.h"
#include "benchutil.h"

namespace {

using vitrine::bench::peakRssMb;

constexpr int kDim = 1280;
constexpr int kClusters = 20;

struct Synthetic {
  int64_t items = 0;
  std::vector<float> x;
  std::vector<int> truth;
};

// Fast deterministic Gaussians (xorshift + Box-Muller); centres 0.35 sd per dimension apart from
// the noise so clusters overlap in any single dimension but separate in 1280.
const Synthetic& dataOf(int64_t items) {
  static Synthetic s;
  if (s.items == items) return s;
  s.items = items;
  uint64_t st = 0x9E3779B97F4A7C15ull ^ uint64_t(items);
  auto uni = [&] {
    st ^= st << 13;
    st ^= st >> 7;
    st ^= st << 17;
    return (double(st >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  };
  auto gauss = [&] { return std::sqrt(-2 * std::log(uni())) * std::cos(6.283185307179586 * uni()); };
  std::vector<float> centres(size_t(kClusters) * kDim);
  for (float& c : centres) c = float(0.35 * gauss());
  s.x.resize(size_t(items) * kDim);
  s.truth.resize(size_t(items));
  for (int64_t i = 0; i < items; ++i) {
    const int c = int(i % kClusters);
    s.truth[size_t(i)] = c;
    for (int d = 0; d < kDim; ++d) s.x[size_t(i) * kDim + d] = centres[size_t(c) * kDim + d] + float(0.25 * gauss());
  }
  return s;
}

// Nearest-neighbour label agreement in 2-D for every 7th point (against all points).
double nnAgreement(const std::vector<float>& xy, const std::vector<int>& truth) {
  const size_t n = truth.size();
  size_t agree = 0, total = 0;
  for (size_t i = 0; i < n; i += 7) {
    double best = 1e300;
    size_t bj = i;
    for (size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
      const double d = dx * dx + dy * dy;
      if (d < best) {
        best = d;
        bj = j;
      }
    }
    agree += truth[bj] == truth[i];
    ++total;
  }
  return double(agree) / double(total);
}

// Share of points whose cluster's majority true label is their own (1 = recovered).
double purity(const std::vector<int>& labels, const std::vector<int>& truth, int k) {
  std::vector<std::map<int, int64_t>> counts(static_cast<size_t>(k));
  for (size_t i = 0; i < labels.size(); ++i) ++counts[size_t(labels[i])][truth[i]];
  int64_t good = 0;
  for (const auto& m : counts) {
    int64_t best = 0;
    for (const auto& [t, c] : m) best = std::max(best, c);
    good += best;
  }
  return double(good) / double(labels.size());
}

// The whole map a user waits for: PCA 1280 -> 50, exact kNN, Barnes-Hut t-SNE, 1000 iterations.
void BM_Tsne(benchmark::State& state) {
  const Synthetic& s = dataOf(state.range(0));
  std::vector<float> xy;
  for (auto _ : state) {
    vitrine::TsneOptions o;
    o.seed = 1;
    o.threads = 2;
    xy = vitrine::tsneLayout(s.x.data(), s.items, kDim, o);
    benchmark::DoNotOptimize(xy.data());
  }
  state.counters["nn_agreement"] = nnAgreement(xy, s.truth);
  state.counters["peak_rss_MB"] = peakRssMb();
}

// PCA 1280 -> 50 alone (part of both t-SNE and the clustering pipeline).
void BM_Pca50(benchmark::State& state) {
  const Synthetic& s = dataOf(state.range(0));
  for (auto _ : state) {
    vitrine::PcaOptions o;
    o.components = 50;
    const auto m = vitrine::fitPca(s.x.data(), s.items, kDim, o);
    auto p = m.project(s.x.data(), s.items);
    benchmark::DoNotOptimize(p.data());
  }
}

// k-means (k = 20, 4 restarts) on the raw 1280-d vectors.
void BM_KMeansRaw(benchmark::State& state) {
  const Synthetic& s = dataOf(state.range(0));
  vitrine::KMeansResult r;
  for (auto _ : state) {
    vitrine::KMeansOptions o;
    o.k = kClusters;
    o.seed = 1;
    r = vitrine::kMeans(s.x.data(), s.items, kDim, o);
    benchmark::DoNotOptimize(r.labels.data());
  }
  state.counters["purity"] = purity(r.labels, s.truth, r.k);
  state.counters["iterations"] = r.iterations;
}

// The CLI's pipeline with a given k: PCA to 50, then k-means (k = 20, 4 restarts).
void BM_ClusterPipelineK20(benchmark::State& state) {
  const Synthetic& s = dataOf(state.range(0));
  vitrine::EmbeddingMatrix m;
  m.name = "synthetic";
  m.dimension = kDim;
  m.values = s.x;
  for (int64_t i = 0; i < s.items; ++i) m.artworkIds.push_back(i + 1);
  vitrine::ClusteringRun r;
  for (auto _ : state) {
    vitrine::ClusteringConfig c;
    c.k = kClusters;
    c.seed = 1;
    r = vitrine::runClustering(m, c);
    benchmark::DoNotOptimize(r.labels.data());
  }
  state.counters["purity"] = purity(r.labels, s.truth, r.k);
}

// k chosen automatically: silhouette over k = 2..30 on the PCA-50 space (2,000-point sample).
void BM_ClusterPipelineAutoK(benchmark::State& state) {
  const Synthetic& s = dataOf(state.range(0));
  vitrine::EmbeddingMatrix m;
  m.name = "synthetic";
  m.dimension = kDim;
  m.values = s.x;
  for (int64_t i = 0; i < s.items; ++i) m.artworkIds.push_back(i + 1);
  vitrine::ClusteringRun r;
  for (auto _ : state) {
    vitrine::ClusteringConfig c;
    c.kMax = 30;
    c.seed = 1;
    r = vitrine::runClustering(m, c);
    benchmark::DoNotOptimize(r.labels.data());
  }
  state.counters["chosen_k"] = r.k;
  state.counters["purity"] = purity(r.labels, s.truth, r.k);
}

}  // namespace

BENCHMARK(BM_Tsne)->Arg(6000)->Arg(30000)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_Pca50)->Arg(6000)->Arg(30000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KMeansRaw)->Arg(6000)->Arg(30000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ClusterPipelineK20)->Arg(6000)->Arg(30000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ClusterPipelineAutoK)->Arg(6000)->Arg(30000)->Iterations(1)->Unit(benchmark::kSecond);

BENCHMARK_MAIN();
