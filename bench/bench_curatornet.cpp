// CuratorNet latency with a cached item tower (spec §2): what a profile change costs (user tower
// + one N x 200 matrix-vector product + top 20 with explanations), and the cache build itself.
// Run: ./bench_curatornet --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "recommend/curatornet.h"
#include "benchutil.h"

namespace {

using vitrine::bench::peakRssMb;

constexpr int kDim = 2048;  // ResNet-50 features, as in both reference repositories
constexpr int kProfileSize = 10;
constexpr int kTop = 20;

// One catalog size at a time; the feature matrix is dropped once the network holds its copy.
struct SyntheticCatalog {
  int64_t items = 0;
  std::unique_ptr<vitrine::CuratorNet> net;
  std::vector<std::vector<int64_t>> profiles;  // a few different 10-item profiles, used in turn
};

SyntheticCatalog& catalogOf(int64_t items) {
  static SyntheticCatalog c;
  if (c.items == items) return c;
  c.net.reset();
  c.items = items;
  const vitrine::EmbeddingMatrix m = vitrine::bench::syntheticMatrix(items, kDim);
  vitrine::CuratorNetConfig config;
  config.inputDim = kDim;
  config.seed = 1;
  c.net = std::make_unique<vitrine::CuratorNet>(m, config);
  c.profiles.assign(4, {});
  for (size_t p = 0; p < c.profiles.size(); ++p)
    for (int j = 0; j < kProfileSize; ++j)
      c.profiles[p].push_back((items / kProfileSize) * j + 7 + static_cast<int64_t>(p) * 13);
  return c;
}

// What a user waits for after changing the profile: scores for all, top 20 with explanations.
void BM_CuratorNetRecommend(benchmark::State& state) {
  SyntheticCatalog& c = catalogOf(state.range(0));
  size_t turn = 0;
  for (auto _ : state) {
    auto recs = c.net->recommend(c.profiles[turn++ % c.profiles.size()], kTop);
    benchmark::DoNotOptimize(recs.data());
    benchmark::ClobberMemory();
  }
  // The cache the matrix-vector product reads.
  state.SetBytesProcessed(state.iterations() * c.items * 200 * static_cast<int64_t>(sizeof(float)));
  state.counters["items"] = static_cast<double>(c.items);
  state.counters["torch_threads"] = at::get_num_threads();
  state.counters["peak_rss_MB"] = peakRssMb();
}

// The item tower over the whole catalog (after loading or training a model).
void BM_CuratorNetBuildCache(benchmark::State& state) {
  SyntheticCatalog& c = catalogOf(state.range(0));
  for (auto _ : state) {
    c.net->refreshCache();
    benchmark::DoNotOptimize(c.net->itemVectors().data());
  }
  // Multiply-adds of the two item-tower layers: N x (D x 200 + 200 x 200).
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * static_cast<double>(c.items) * (kDim * 200.0 + 200.0 * 200.0) *
                                                     static_cast<double>(state.iterations()) / 1e9,
                                                 benchmark::Counter::kIsRate);
  state.counters["items"] = static_cast<double>(c.items);
  state.counters["peak_rss_MB"] = peakRssMb();
}

}  // namespace

// Per size: recommend first, then the cache build, so each size's network is built once.
BENCHMARK(BM_CuratorNetRecommend)->Arg(6000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CuratorNetBuildCache)->Arg(6000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CuratorNetRecommend)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CuratorNetBuildCache)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

BENCHMARK_MAIN();
