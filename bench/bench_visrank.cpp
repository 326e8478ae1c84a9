// VisRank ranking latency against the machine's rooflines (memory bandwidth, sgemm GFLOP/s).
// One catalog size per process keeps the peak-memory counter honest:
//   ./bench_visrank --benchmark_filter='/100000/1280' --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//   ./bench_visrank --benchmark_filter='/1000000/96'  ...
// For each size the VisRank benchmarks run first: the synthetic matrix is moved into VisRank (one
// normalised copy), so peak_rss / matrix_MB is the memory factor of the target. The
// streaming benchmarks then free it and read a plain matrix of the same size.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "benchutil.h"
#include "recommend/visrank.h"

namespace {

using vitrine::bench::peakRssMb;

constexpr int kProfileSize = 10;
constexpr int kTop = 20;

struct Key {
  int64_t items = 0, dim = 0;
  bool operator==(const Key& o) const { return items == o.items && dim == o.dim; }
};

// The ranker of one size (matrix moved in), kept while that size's VisRank benchmarks run.
struct Rankers {
  Key key;
  std::unique_ptr<vitrine::VisRank> maximum, average;
  std::vector<int64_t> profile;
};

Rankers& current() {
  static Rankers r;
  return r;
}

// Peak RSS before the first matrix (the process with LibTorch and OpenBLAS loaded).
double baseRssMb() {
  static const double base = peakRssMb();
  return base;
}

Rankers& rankersOf(Key k) {
  Rankers& r = current();
  if (r.key == k) return r;
  baseRssMb();
  r = Rankers{};
  r.key = k;
  r.maximum = std::make_unique<vitrine::VisRank>(vitrine::bench::syntheticMatrix(k.items, int(k.dim)),
                                                 vitrine::VisRankConfig{});
  for (int j = 0; j < kProfileSize; ++j) r.profile.push_back((k.items / kProfileSize) * j + 7);
  return r;
}

Rankers& averageOf(Key k) {
  Rankers& r = rankersOf(k);
  if (!r.average) {
    r.maximum.reset();  // one matrix at a time
    vitrine::VisRankConfig c;
    c.aggregation = vitrine::Aggregation::Average;
    r.average = std::make_unique<vitrine::VisRank>(vitrine::bench::syntheticMatrix(k.items, int(k.dim)), c);
  }
  return r;
}

void counters(benchmark::State& state, Key k) {
  const double matrixMb = double(k.items) * double(k.dim) * sizeof(float) / (1024.0 * 1024.0);
  state.SetBytesProcessed(state.iterations() * k.items * k.dim * static_cast<int64_t>(sizeof(float)));
  state.counters["matrix_MB"] = matrixMb;
  state.counters["peak_rss_MB"] = peakRssMb();
  state.counters["base_rss_MB"] = baseRssMb();
  // What the catalog costs: peak memory above the loaded process, over the matrix size.
  state.counters["peak_over_matrix"] = (peakRssMb() - baseRssMb()) / matrixMb;
}

// What a user waits for: score every item for a 10-item profile, top 20 with explanations.
void BM_VisRankMaximum(benchmark::State& state) {
  const Key k{state.range(0), state.range(1)};
  Rankers& r = rankersOf(k);
  if (!r.maximum) {
    state.SkipWithError("run maximum before average");
    return;
  }
  for (auto _ : state) {
    auto recs = r.maximum->recommend(r.profile, kTop);
    benchmark::DoNotOptimize(recs.data());
  }
  counters(state, k);
}

void BM_VisRankAverage(benchmark::State& state) {
  const Key k{state.range(0), state.range(1)};
  Rankers& r = averageOf(k);
  for (auto _ : state) {
    auto recs = r.average->recommend(r.profile, kTop);
    benchmark::DoNotOptimize(recs.data());
  }
  counters(state, k);
}

// The plain matrix for the streaming rooflines (the rankers are freed first).
std::vector<float>& plainOf(Key k) {
  static Key have;
  static std::vector<float> m;
  if (!(have == k)) {
    current() = Rankers{};
    m = std::vector<float>();
    m.resize(size_t(k.items * k.dim));
    vitrine::bench::fill(m, uint64_t(k.items));
    have = k;
  }
  return m;
}

// Memory roofline, all cores: each core sums its half of the matrix with 8 accumulators (the
// loop is limited by bandwidth, not by add latency), as VisRank's pass reads it.
void BM_StreamMatrix(benchmark::State& state) {
  const Key k{state.range(0), state.range(1)};
  const std::vector<float>& m = plainOf(k);
  const int threads = int(std::max(1u, std::thread::hardware_concurrency()));
  for (auto _ : state) {
    std::vector<float> partial(size_t(threads), 0.f);
    auto body = [&](int t) {
      const size_t begin = m.size() * size_t(t) / size_t(threads), end = m.size() * size_t(t + 1) / size_t(threads);
      // 32 independent sums: enough additions in flight that the loads, not the add latency,
      // set the pace (with 8 the loop ran at ~14 GB/s where torch.sum streams ~19 GB/s).
      float acc[32] = {};
      size_t i = begin;
      for (; i + 32 <= end; i += 32)
        for (int q = 0; q < 32; ++q) acc[q] += m[i + q];
      for (; i < end; ++i) acc[0] += m[i];
      float s = 0;
      for (float a : acc) s += a;
      partial[size_t(t)] = s;
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(body, t);
    body(0);
    for (auto& th : pool) th.join();
    benchmark::DoNotOptimize(partial.data());
  }
  state.SetBytesProcessed(state.iterations() * k.items * k.dim * static_cast<int64_t>(sizeof(float)));
  state.counters["threads"] = threads;
}

// The same roofline as torch measures it: its vectorised (intra-op parallel) sum.
void BM_StreamMatrixTorchSum(benchmark::State& state) {
  const Key k{state.range(0), state.range(1)};
  std::vector<float>& m = plainOf(k);
  at::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
  const at::Tensor t = at::from_blob(m.data(), {k.items, k.dim}, at::kFloat);
  for (auto _ : state) {
    at::Tensor s = t.sum();
    benchmark::DoNotOptimize(s.data_ptr());
  }
  state.SetBytesProcessed(state.iterations() * k.items * k.dim * static_cast<int64_t>(sizeof(float)));
  state.counters["threads"] = at::get_num_threads();
}

// Compute roofline: sgemm (OpenBLAS through LibTorch) on a square product.
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
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n) *
                             static_cast<double>(state.iterations()) / 1e9,
                         benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_SgemmSquare)->Arg(2048)->Unit(benchmark::kMillisecond)->UseRealTime();
// Per size: VisRank (matrix moved in) first, then the rooflines on a plain matrix.
#define VITRINE_SIZE(items, dim)                                                                  \
  BENCHMARK(BM_VisRankMaximum)->Args({items, dim})->Unit(benchmark::kMillisecond)->UseRealTime(); \
  BENCHMARK(BM_VisRankAverage)->Args({items, dim})->Unit(benchmark::kMillisecond)->UseRealTime(); \
  BENCHMARK(BM_StreamMatrix)->Args({items, dim})->Unit(benchmark::kMillisecond)->UseRealTime();   \
  BENCHMARK(BM_StreamMatrixTorchSum)->Args({items, dim})->Unit(benchmark::kMillisecond)->UseRealTime();
VITRINE_SIZE(6000, 1280)
VITRINE_SIZE(100000, 1280)
VITRINE_SIZE(1000000, 96)
VITRINE_SIZE(1000000, 1280)

BENCHMARK_MAIN();
