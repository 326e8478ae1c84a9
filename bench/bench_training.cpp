// CuratorNet training throughput at the tutorial's settings (spec §3.1) on the oracle fixture
// (600 items, 64-d, 100,200 + 10,200 random triples), and with 2048-d synthetic features, against
// the tutorial's pipeline measured beside it (bench/tutorial_training_peer.py, same BLAS) and the
// machine's sgemm rate.
// Run: ./bench_training                      (all variants, 3 epochs each, median epoch)
//      ./bench_training --benchmark_filter=fixture/torch1_blas2
// Counters: s_epoch = median seconds per epoch (train + validation), triples_s = (train +
// validation triples) / s_epoch, vs_peer = VITRINE_PEER_S_EPOCH / s_epoch and vs_peer_cpu =
// VITRINE_PEER_CPU_S_EPOCH / cpu_s_epoch (the peer's figures from the same session; counters
// absent when the variables are unset; bench/README.md), cpu_s_epoch = process CPU
// seconds per epoch (mean), model_GFLOPs = the tutorial algorithm's FLOPs (item tower on p+2
// items per triple) per second, exec_GFLOPs = FLOPs actually executed (item tower once per
// distinct item of a batch) per second, sgemm_GFLOPs = a 1024^3 sgemm with the variant's
// threads, machine_GFLOPs = the same with OpenBLAS on every core, exec_of_* = the ratios.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/platform.h"
#include "ingest/csv.h"
#include "ingest/npy.h"
#include "recommend/curatornet.h"
#include "train/trainer.h"
#include "train/triples.h"

using namespace vitrine;

namespace {

std::string fixture(const std::string& name) {
  return std::string(VITRINE_RESOURCES_DIR) + "/../tests/data/curatornet-oracle/" + name;
}

struct Setup {
  EmbeddingMatrix matrix;
  TripleSets triples;
};

// The fixture's items and interactions; the tutorial hold-out; 100,000 / 10,000 requested.
const Setup& fixtureSetup() {
  static Setup s = [] {
    Setup out;
    const NpyMatrix npy = readNpy(fixture("features.npy"));
    out.matrix.name = "oracle";
    out.matrix.dimension = static_cast<int>(npy.cols);
    out.matrix.externalIds = readLines(fixture("item_ids.txt"));
    std::unordered_map<std::string, int64_t> artworkOf;
    for (int64_t r = 0; r < npy.rows; ++r) {
      out.matrix.artworkIds.push_back(r + 1);
      artworkOf[out.matrix.externalIds[static_cast<size_t>(r)]] = r + 1;
    }
    out.matrix.values = npy.values;
    CsvReader reader = CsvReader::fromFile(fixture("interactions.csv"));
    const int cu = reader.column("user_id"), ci = reader.column("item_id"), ct = reader.column("timestamp");
    std::vector<Interaction> interactions;
    CsvRecord rec;
    while (reader.next(rec)) {
      Interaction i;
      i.userId = rec.fields.at(static_cast<size_t>(cu));
      i.artworkId = artworkOf.at(rec.fields.at(static_cast<size_t>(ci)));
      i.timestamp = std::stod(rec.fields.at(static_cast<size_t>(ct)));
      interactions.push_back(i);
    }
    RandomSamplingConfig rc;
    rc.trainTriples = 100000;
    rc.validationTriples = 10000;
    out.triples =
        sampleRandom(trainingHistories(interactions, out.matrix, HoldOut::LastInteraction), out.matrix.rows(), rc);
    return out;
  }();
  return s;
}

// The same items and triples with 2048-d non-negative random features (ResNet-50 sized).
const Setup& wideSetup() {
  static Setup s = [] {
    Setup out = fixtureSetup();
    out.matrix.name = "synthetic2048";
    out.matrix.dimension = 2048;
    out.matrix.values.assign(static_cast<size_t>(out.matrix.rows()) * 2048, 0.f);
    std::mt19937_64 rng(1);
    std::exponential_distribution<float> e(2.f);
    for (float& v : out.matrix.values) v = e(rng);
    return out;
  }();
  return s;
}

// CPU seconds of this process (all threads): on a shared machine wall time overstates the cost.
double cpuSeconds() { return platform::processUsage().cpuSeconds; }

double epochFlops(const Setup& s) {
  double f = 0;
  for (const Triple& t : s.triples.train)
    f += trainingFlopsPerTriple(s.matrix.dimension, static_cast<double>(t.profile.size()));
  for (const Triple& t : s.triples.validation)
    f += trainingFlopsPerTriple(s.matrix.dimension, static_cast<double>(t.profile.size())) / 3.0;
  return f;
}

int epochsToRun() {
  const char* e = std::getenv("VITRINE_BENCH_EPOCHS");
  return e ? std::max(1, std::atoi(e)) : 3;
}

void trainBench(benchmark::State& state, const Setup* (*setup)(), int torchThreads, int blasThreads, bool fused) {
  const Setup& s = *setup();
  // The machine's rate: every core in OpenBLAS; then the rate with this variant's threads.
  const auto previous = setComputeThreads(1, 2);
  const double machine = measureSgemmGflops(1024, 1024, 1024, 5);
  setComputeThreads(torchThreads, blasThreads);
  const double sgemm = measureSgemmGflops(1024, 1024, 1024, 5);
  double median = 0, cpuPerEpoch = 0, executed = 0;
  std::string paramHash;
  for (auto _ : state) {
    const double cpu0 = cpuSeconds();
    CuratorNetConfig nc;
    CuratorNet net(s.matrix, nc);
    TrainerConfig tc;
    tc.maxEpochs = epochsToRun();
    tc.threads = torchThreads;
    tc.blasThreads = blasThreads;
    tc.fusedAdam = fused;
    const TrainingResult r = trainCuratorNet(net, s.triples.train, s.triples.validation, tc);
    std::vector<double> secs;
    for (const auto& e : r.history) secs.push_back(e.seconds);
    executed = r.history.back().flops;
    std::sort(secs.begin(), secs.end());
    median = secs[secs.size() / 2];
    cpuPerEpoch = (cpuSeconds() - cpu0) / static_cast<double>(r.history.size());
    state.SetIterationTime(median);
    state.counters["val_acc"] = r.bestValidationAccuracy;
    // FNV-1a of the trained parameters' bytes: a speed change that claims to leave the
    // arithmetic alone must leave this unchanged (same kernel set, same threads).
    uint64_t h = 1469598103934665603ull;
    for (float x : parameterVector(net)) {
      uint32_t bits = 0;
      std::memcpy(&bits, &x, sizeof bits);
      for (int b = 0; b < 4; ++b) h = (h ^ ((bits >> (8 * b)) & 0xffu)) * 1099511628211ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    paramHash = hex;
  }
  setComputeThreads(previous.first, previous.second);
  const double triples = static_cast<double>(s.triples.train.size() + s.triples.validation.size());
  state.counters["s_epoch"] = median;
  state.counters["cpu_s_epoch"] = cpuPerEpoch;
  state.counters["triples_s"] = triples / median;
  if (const char* peer = std::getenv("VITRINE_PEER_S_EPOCH")) state.counters["vs_peer"] = std::atof(peer) / median;
  if (const char* peer = std::getenv("VITRINE_PEER_CPU_S_EPOCH"))
    state.counters["vs_peer_cpu"] = std::atof(peer) / cpuPerEpoch;
  const double gflops = epochFlops(s) / median / 1e9;
  state.counters["model_GFLOPs"] = gflops;
  state.counters["exec_GFLOPs"] = executed / median / 1e9;
  state.counters["sgemm_GFLOPs"] = sgemm;
  state.counters["machine_GFLOPs"] = machine;
  state.counters["exec_of_sgemm"] = executed / median / 1e9 / sgemm;
  state.counters["exec_of_machine"] = executed / median / 1e9 / machine;
  state.SetLabel(std::to_string(s.triples.train.size()) + "+" + std::to_string(s.triples.validation.size()) +
                 " triples, " + std::to_string(s.matrix.dimension) + "-d, OpenBLAS " + blasKernelSet() +
                 ", parameters " + paramHash);
}

const Setup* fixturePtr() { return &fixtureSetup(); }
const Setup* widePtr() { return &wideSetup(); }

}  // namespace

int main(int argc, char** argv) {
  struct Variant {
    const char* name;
    int torch, blas;
    bool fused;
  };
  const Variant variants[] = {{"torch1_blas1", 1, 1, false},
                              {"torch1_blas2", 1, 2, false},
                              {"torch2_blas1", 2, 1, false},
                              {"torch1_blas2_fusedadam", 1, 2, true}};
  for (const auto& [label, setup] : {std::pair<const char*, const Setup* (*)()>{"fixture64", fixturePtr},
                                     std::pair<const char*, const Setup* (*)()>{"synthetic2048", widePtr}})
    for (const Variant& v : variants) {
      const Setup* (*fn)() = setup;
      benchmark::RegisterBenchmark((std::string(label) + "/" + v.name).c_str(),
                                   [fn, v](benchmark::State& st) { trainBench(st, fn, v.torch, v.blas, v.fused); })
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kSecond);
    }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
