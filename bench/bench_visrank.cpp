// VisRank ranking latency against the machine's roofline (memory bandwidth, sgemm GFLOP/s).
// Run: ./bench_visrank --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "recommend/visrank.h"
#include "benchutil.h"

namespace {

using vitrine::bench::peakRssMb;

constexpr int kDim = 1280;  // e.g. a MobileNetV2-sized embedding
constexpr int kProfileSize = 10;
constexpr int kTop = 20;

// One catalog size at a time: the matrix (and the VisRank built from it) is made once per size
// and kept while the benchmarks of that size run; the 1M x 1280 case holds 2 x 5.1 GB because
// VisRank keeps its own normalised copy.
struct SyntheticCatalog {
  int64_t items = 0;
  vitrine::EmbeddingMatrix matrix;
  std::unique_ptr<vitrine::VisRank> visrank;
  std::vector<int64_t> profile;
};

SyntheticCatalog& catalogOf(int64_t items) {
  static SyntheticCatalog c;
  if (c.items == items) return c;
  c.visrank.reset();
  c.matrix = vitrine::EmbeddingMatrix{};  // frees the previous size first
  c.items = items;
  c.matrix = vitrine::bench::syntheticMatrix(items, kDim);
  c.visrank = std::make_unique<vitrine::VisRank>(c.matrix, vitrine::VisRankConfig{});
  c.profile.clear();
  for (int j = 0; j < kProfileSize; ++j) c.profile.push_back((items / kProfileSize) * j + 7);
  return c;
}

// What a user waits for: score every item for a 10-item profile, top 20 with explanations.
void BM_VisRankRecommend(benchmark::State& state) {
  SyntheticCatalog& c = catalogOf(state.range(0));
  for (auto _ : state) {
    auto recs = c.visrank->recommend(c.profile, kTop);
    benchmark::DoNotOptimize(recs.data());
    benchmark::ClobberMemory();
  }
  // Bytes of the normalised matrix the query must read: compare with BM_StreamMatrix.
  state.SetBytesProcessed(state.iterations() * c.items * kDim * static_cast<int64_t>(sizeof(float)));
  state.counters["items"] = static_cast<double>(c.items);
  state.counters["peak_rss_MB"] = peakRssMb();
}

// Memory roofline, one core: read the same-sized matrix once with a plain loop (8 accumulators
// so the loop is limited by bandwidth, not by the add latency).
void BM_StreamMatrixLoop(benchmark::State& state) {
  SyntheticCatalog& c = catalogOf(state.range(0));
  const float* p = c.matrix.values.data();
  const size_t n = c.matrix.values.size();
  for (auto _ : state) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
      for (int k = 0; k < 8; ++k) acc[k] += p[i + k];
    for (; i < n; ++i) acc[0] += p[i];
    float sum = 0;
    for (float a : acc) sum += a;
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(n * sizeof(float)));
  state.counters["peak_rss_MB"] = peakRssMb();
}

// Memory roofline, all intra-op threads: torch's vectorised parallel sum over the same matrix.
void BM_StreamMatrixTorchSum(benchmark::State& state) {
  SyntheticCatalog& c = catalogOf(state.range(0));
  const at::Tensor t = at::from_blob(c.matrix.values.data(), {c.items, kDim}, at::kFloat);
  for (auto _ : state) {
    at::Tensor s = t.sum();
    benchmark::DoNotOptimize(s.data_ptr());
  }
  state.SetBytesProcessed(state.iterations() * c.items * kDim * static_cast<int64_t>(sizeof(float)));
  state.counters["threads"] = at::get_num_threads();
}

// Compute roofline: sgemm (OpenBLAS through LibTorch, as VisRank uses it) on a square product.
void BM_SgemmSquare(benchmark::State& state) {
  const int64_t n = state.range(0);
  at::manual_seed(1);
  const at::Tensor a = at::rand({n, n});
  const at::Tensor b = at::rand({n, n});
  at::Tensor out = at::empty({n, n});
  for (auto _ : state) {
    at::mm_out(out, a, b);
    benchmark::DoNotOptimize(out.data_ptr());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(
      2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n) *
          static_cast<double>(state.iterations()) / 1e9,
      benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_SgemmSquare)->Arg(2048)->Unit(benchmark::kMillisecond)->UseRealTime();
// Per size: stream first, then rank, so each size's matrix is built once.
BENCHMARK(BM_StreamMatrixLoop)->Arg(6000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StreamMatrixTorchSum)->Arg(6000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_VisRankRecommend)->Arg(6000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StreamMatrixLoop)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StreamMatrixTorchSum)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_VisRankRecommend)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StreamMatrixLoop)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StreamMatrixTorchSum)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_VisRankRecommend)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
