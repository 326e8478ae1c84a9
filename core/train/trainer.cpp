#include "train/trainer.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "common/error.h"
#include "common/platform.h"
#include "recommend/curatornet.h"
#include "recommend/curatornet_module.h"

namespace vitrine {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kItemDim = 200;

constexpr double kUserMacs = 400.0 * 300 + 300.0 * 300 + 300.0 * 200;  // per profile
constexpr double kDotMacs = 2 * 200;                                   // pos and neg scores

// Multiply-adds per item; with backward: the first layer twice (no input gradient), the rest 3x.
double itemTowerMacs(int64_t inputDim, bool backward) {
  const double first = static_cast<double>(inputDim) * 200, second = 200.0 * 200;
  return backward ? 2 * first + 3 * second : first + second;
}

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// OpenBLAS runs its own thread pool beside LibTorch's; looked up at run time so that a build
// against another BLAS still links.
using BlasSetThreads = void (*)(int);
using BlasGetThreads = int (*)();
BlasSetThreads blasSetThreads() {
  static auto f = reinterpret_cast<BlasSetThreads>(platform::loadedSymbol("openblas_set_num_threads"));
  return f;
}
BlasGetThreads blasGetThreads() {
  static auto f = reinterpret_cast<BlasGetThreads>(platform::loadedSymbol("openblas_get_num_threads"));
  return f;
}

// OpenBLAS 0.3.21 (Debian 12) picks its kernels from the CPU model at load time and falls back
// to "Prescott" (SSE3) for models it does not know, e.g. Intel model 207 (Emerald Rapids): a
// 1024^3 sgemm then runs at ~22 GFLOP/s on one core instead of ~90 with its AVX-512 kernels,
// and CuratorNet training is sgemm-bound (bench/RESULTS.md, issue 18). When the fallback was
// taken on a CPU that has the instructions of a newer kernel set, switch to that set. This runs
// from a static initializer, i.e. after OpenBLAS's own constructor and before main() starts a
// thread that could be inside a BLAS call. OPENBLAS_CORETYPE set by the user is respected.
using BlasCoreName = char* (*)();
using BlasDynamic = void (*)();
std::string blasCoreName() {
  auto name = reinterpret_cast<BlasCoreName>(platform::loadedSymbol("openblas_get_corename"));
  const char* s = name ? name() : nullptr;
  return s ? std::string(s) : std::string();
}

std::string upgradeBlasCore() {
  if (std::getenv("OPENBLAS_CORETYPE")) return blasCoreName();
  auto quit = reinterpret_cast<BlasDynamic>(platform::loadedSymbol("gotoblas_dynamic_quit"));
  auto init = reinterpret_cast<BlasDynamic>(platform::loadedSymbol("gotoblas_dynamic_init"));
  const std::string current = blasCoreName();
  const char* better = platform::bestBlasKernelFamily();
  if (!quit || !init || current != "Prescott" || !better) return current;
  platform::setEnvironment("OPENBLAS_CORETYPE", better);
  quit();
  init();  // reads OPENBLAS_CORETYPE
  platform::setEnvironment("OPENBLAS_CORETYPE", nullptr);
  return blasCoreName();
}

const std::string kBlasCoreAtStart = upgradeBlasCore();

// Restores the thread settings when training ends.
class ThreadScope {
 public:
  ThreadScope(int torchThreads, int blasThreads) {
    if (torchThreads > 0 || blasThreads > 0) {
      m_previous = setComputeThreads(torchThreads, blasThreads);
      m_active = true;
    }
  }
  ~ThreadScope() {
    if (m_active) setComputeThreads(m_previous.first, m_previous.second);
  }

 private:
  std::pair<int, int> m_previous{0, 0};
  bool m_active = false;
};

// All parameters live in one flat buffer (and their gradients in another) so that Adam, zeroing
// and checkpoints are single passes instead of one small op per tensor.
struct FlatParameters {
  std::vector<torch::Tensor> params;
  torch::Tensor value, grad, m, v;  // (P)
  int64_t size = 0;

  explicit FlatParameters(CuratorNetModule& module) {
    torch::NoGradGuard noGrad;
    params = module->parameters();
    for (const auto& p : params) size += p.numel();
    value = torch::empty({size}, torch::kFloat32);
    grad = torch::zeros({size}, torch::kFloat32);
    m = torch::zeros({size}, torch::kFloat32);
    v = torch::zeros({size}, torch::kFloat32);
    int64_t offset = 0;
    for (auto& p : params) {
      const int64_t n = p.numel();
      torch::Tensor view = value.narrow(0, offset, n).view(p.sizes());
      view.copy_(p.detach());
      p.set_data(view);
      // AccumulateGrad adds in place into a defined gradient, i.e. into `grad`.
      p.mutable_grad() = grad.narrow(0, offset, n).view(p.sizes());
      offset += n;
    }
  }

  // Gives every parameter its own storage again (the module outlives this object).
  void release() {
    torch::NoGradGuard noGrad;
    for (auto& p : params) {
      p.set_data(p.detach().clone());
      p.mutable_grad() = torch::Tensor();
    }
  }
};

// The element loop of Adam (one pass over flat buffers). Not auto-vectorised (sqrt sets errno
// under the project's flags); it measured no faster than torch::optim::Adam's vectorised ops.
void adamKernel(float* __restrict p, const float* __restrict g, float* __restrict m, float* __restrict v, int64_t n,
                float b1, float b2, float ob1, float ob2, float wd, float invSqrtBc2, float eps, float stepSize) {
  for (int64_t i = 0; i < n; ++i) {
    const float gi = g[i] + wd * p[i];
    const float mi = m[i] * b1 + ob1 * gi;
    const float vi = v[i] * b2 + ob2 * (gi * gi);
    m[i] = mi;
    v[i] = vi;
    p[i] -= stepSize * (mi / (std::sqrt(vi) * invSqrtBc2 + eps));
  }
}

// torch::optim::Adam's update (coupled weight decay, bias-corrected, no amsgrad) in one pass.
void fusedAdamStep(FlatParameters& f, int64_t step, double lr, const TrainerConfig& c) {
  const double bc1 = 1.0 - std::pow(c.beta1, static_cast<double>(step));
  const double bc2 = 1.0 - std::pow(c.beta2, static_cast<double>(step));
  const float b1 = static_cast<float>(c.beta1), b2 = static_cast<float>(c.beta2);
  const float ob1 = static_cast<float>(1.0 - c.beta1), ob2 = static_cast<float>(1.0 - c.beta2);
  const float wd = static_cast<float>(c.weightDecay);
  const float invSqrtBc2 = static_cast<float>(1.0 / std::sqrt(bc2));
  const float eps = static_cast<float>(c.eps);
  const float stepSize = static_cast<float>(lr / bc1);
  float* p = f.value.data_ptr<float>();
  const float* g = f.grad.data_ptr<float>();
  float* m = f.m.data_ptr<float>();
  float* v = f.v.data_ptr<float>();
  at::parallel_for(0, f.size, 65536, [&](int64_t begin, int64_t end) {
    adamKernel(p + begin, g + begin, m + begin, v + begin, end - begin, b1, b2, ob1, ob2, wd, invSqrtBc2, eps,
               stepSize);
  });
}

// torch::optim::Adam's step (LibTorch 1.13, coupled weight decay, no amsgrad) written with the
// same ATen operations in the same order, applied once to the flat buffers instead of once per
// parameter tensor (10 tensors: ~80 small ops per batch become 8 large ones).
void flatTorchAdamStep(FlatParameters& f, int64_t step, double lr, const TrainerConfig& c) {
  torch::NoGradGuard noGrad;
  const double bc1 = 1 - std::pow(c.beta1, static_cast<double>(step));
  const double bc2 = 1 - std::pow(c.beta2, static_cast<double>(step));
  torch::Tensor grad = f.grad;
  if (c.weightDecay != 0) grad = grad.add(f.value, c.weightDecay);
  f.m.mul_(c.beta1).add_(grad, 1 - c.beta1);
  f.v.mul_(c.beta2).addcmul_(grad, grad, 1 - c.beta2);
  const torch::Tensor denom = (f.v.sqrt() / std::sqrt(bc2)).add_(c.eps);
  f.value.addcdiv_(f.m, denom, -(lr / bc1));
}

// One batch: index ranges inside a shared int64 buffer. Layout at `offset`:
// [items (U)] [profile slots as local indices (B*p)] [pos local (B)] [neg local (B)].
struct Batch {
  int64_t offset = 0;
  int64_t items = 0;    // U; 0 = the whole catalog (local index = row)
  int64_t size = 0;     // B
  int64_t profile = 0;  // p
};

class BatchBuilder {
 public:
  explicit BatchBuilder(int64_t catalogSize) : m_local(static_cast<size_t>(catalogSize), -1), m_n(catalogSize) {}

  // Appends one batch of `ids` (triples of one profile size) to `buf`. The item tower runs on
  // the batch's distinct items, or on the whole catalog when that is hardly more.
  Batch add(const std::vector<Triple>& triples, const int64_t* ids, int64_t count, std::vector<int64_t>& buf,
            bool allowDistinct) {
    Batch b;
    b.offset = static_cast<int64_t>(buf.size());
    b.size = count;
    b.profile = static_cast<int64_t>(triples[static_cast<size_t>(ids[0])].profile.size());
    m_items.clear();
    auto localOf = [this](int32_t item) {
      int64_t& l = m_local[static_cast<size_t>(item)];
      if (l < 0) {
        l = static_cast<int64_t>(m_items.size());
        m_items.push_back(item);
      }
      return l;
    };
    m_slots.clear();
    for (int64_t i = 0; i < count; ++i)
      for (int32_t x : triples[static_cast<size_t>(ids[i])].profile) m_slots.push_back(localOf(x));
    for (int64_t i = 0; i < count; ++i) m_slots.push_back(localOf(triples[static_cast<size_t>(ids[i])].pos));
    for (int64_t i = 0; i < count; ++i) m_slots.push_back(localOf(triples[static_cast<size_t>(ids[i])].neg));
    const bool whole = !allowDistinct || static_cast<double>(m_items.size()) * 1.15 >= static_cast<double>(m_n);
    if (whole) {
      for (int64_t& s : m_slots) s = m_items[static_cast<size_t>(s)];
      b.items = 0;
    } else {
      b.items = static_cast<int64_t>(m_items.size());
      buf.insert(buf.end(), m_items.begin(), m_items.end());
    }
    buf.insert(buf.end(), m_slots.begin(), m_slots.end());
    for (int64_t x : m_items) m_local[static_cast<size_t>(x)] = -1;
    return b;
  }

 private:
  std::vector<int64_t> m_local;
  std::vector<int64_t> m_items;
  std::vector<int64_t> m_slots;
  int64_t m_n;
};

void checkTriples(const std::vector<Triple>& triples, int64_t n, const char* what) {
  for (size_t i = 0; i < triples.size(); ++i) {
    const Triple& t = triples[i];
    auto bad = [&](int64_t x) { return x < 0 || x >= n; };
    bool wrong = t.profile.empty() || bad(t.pos) || bad(t.neg);
    for (int32_t x : t.profile) wrong = wrong || bad(x);
    if (wrong)
      throw Error(
          std::string("training: ") + what + " triple " + std::to_string(i) +
          (t.profile.empty() ? " has an empty profile" : " refers to an item outside 0.." + std::to_string(n - 1)));
  }
}

// Triple indices grouped by profile size, sizes in order of first appearance (the tutorial's
// dict order).
std::vector<std::vector<int64_t>> bucketsBySize(const std::vector<Triple>& triples) {
  std::map<size_t, size_t> bucketOf;
  std::vector<std::vector<int64_t>> buckets;
  for (size_t i = 0; i < triples.size(); ++i) {
    const size_t p = triples[i].profile.size();
    auto [it, inserted] = bucketOf.try_emplace(p, buckets.size());
    if (inserted) buckets.emplace_back();
    buckets[it->second].push_back(static_cast<int64_t>(i));
  }
  return buckets;
}

int64_t chunkSize(int64_t p, int64_t batchSize, int64_t itemsPerBatch) {
  return std::max<int64_t>(1, std::min(batchSize, itemsPerBatch / std::max<int64_t>(p, 1)));
}

// The margins x_pos - x_neg of one batch; phi = item-tower outputs of the batch's items.
torch::Tensor batchMargins(CuratorNetModule& module, const torch::Tensor& features, std::vector<int64_t>& buf,
                           const Batch& b, const torch::Tensor* allPhi) {
  int64_t* base = buf.data() + b.offset;
  torch::Tensor phi;
  if (allPhi) {
    phi = *allPhi;
  } else if (b.items == 0) {
    phi = module->itemTower(features);
  } else {
    phi = module->itemTower(features.index_select(0, torch::from_blob(base, {b.items}, torch::kInt64)));
  }
  int64_t* slots = base + b.items;
  const torch::Tensor profile = phi.index_select(0, torch::from_blob(slots, {b.size * b.profile}, torch::kInt64))
                                    .view({b.size, b.profile, kItemDim});
  const torch::Tensor user = module->userTower(profile);  // (B, 200)
  const torch::Tensor posNeg =
      phi.index_select(0, torch::from_blob(slots + b.size * b.profile, {2 * b.size}, torch::kInt64));
  return (user * (posNeg.narrow(0, 0, b.size) - posNeg.narrow(0, b.size, b.size))).sum(1);
}

// φ of every item without gradients, in chunks.
torch::Tensor allItemVectors(CuratorNetModule& module, const torch::Tensor& features) {
  torch::NoGradGuard noGrad;
  const int64_t n = features.size(0);
  torch::Tensor out = torch::empty({n, kItemDim}, torch::kFloat32);
  const int64_t chunk = 8192;
  for (int64_t s = 0; s < n; s += chunk) {
    const int64_t len = std::min(chunk, n - s);
    out.narrow(0, s, len).copy_(module->itemTower(features.narrow(0, s, len)));
  }
  return out;
}

// Validation batches are fixed: built once, sequential (no shuffle), large.
struct ValidationPlan {
  std::vector<int64_t> buf;
  std::vector<Batch> batches;
  int64_t total = 0;
};

ValidationPlan planValidation(const std::vector<Triple>& triples, int64_t n, int batch) {
  ValidationPlan plan;
  BatchBuilder builder(n);
  for (const auto& bucket : bucketsBySize(triples)) {
    const int64_t p = static_cast<int64_t>(triples[static_cast<size_t>(bucket[0])].profile.size());
    // Bound the gathered (B*p x 200) profile tensor to ~64 MB.
    const int64_t c = chunkSize(p, std::max(batch, 1), 80000);
    for (size_t s = 0; s < bucket.size(); s += static_cast<size_t>(c)) {
      const int64_t len = std::min<int64_t>(c, static_cast<int64_t>(bucket.size() - s));
      plan.batches.push_back(builder.add(triples, bucket.data() + s, len, plan.buf, false));
    }
  }
  plan.total = static_cast<int64_t>(triples.size());
  return plan;
}

double accuracyOf(CuratorNetModule& module, const torch::Tensor& features, ValidationPlan& plan) {
  if (plan.total == 0) return 0;
  torch::NoGradGuard noGrad;
  const torch::Tensor phi = allItemVectors(module, features);
  int64_t correct = 0;
  for (const Batch& b : plan.batches)
    correct += (batchMargins(module, features, plan.buf, b, &phi) > 0).sum().item<int64_t>();
  return static_cast<double>(correct) / static_cast<double>(plan.total);
}

// Mean AUC of the ranking cases: each relevant item against every catalog item that is neither
// relevant nor in the profile (ties half). One no-grad pass: item tower once, user vectors, then
// a (cases x N) score block per chunk of cases.
double aucOf(CuratorNetModule& module, const torch::Tensor& features, const std::vector<RankingCase>& cases) {
  if (cases.empty()) return -1;
  torch::NoGradGuard noGrad;
  const torch::Tensor phi = allItemVectors(module, features);  // (N, 200)
  const int64_t n = phi.size(0);
  const int64_t chunk = std::max<int64_t>(1, std::min<int64_t>(256, (int64_t{1} << 24) / std::max<int64_t>(n, 1)));
  std::vector<int8_t> mark(static_cast<size_t>(n), 0);  // 1 = profile, 2 = relevant
  double total = 0;
  for (size_t s = 0; s < cases.size(); s += static_cast<size_t>(chunk)) {
    const size_t e = std::min(cases.size(), s + static_cast<size_t>(chunk));
    std::vector<torch::Tensor> users;
    for (size_t c = s; c < e; ++c) {
      std::vector<int64_t> prof(cases[c].profile.begin(), cases[c].profile.end());
      const torch::Tensor idx = torch::from_blob(prof.data(), {static_cast<int64_t>(prof.size())}, torch::kInt64);
      users.push_back(module->userTower(phi.index_select(0, idx).unsqueeze(0)));  // (1, 200)
    }
    const torch::Tensor scores = torch::cat(users, 0).mm(phi.t()).contiguous();  // (C, N)
    const float* sc = scores.data_ptr<float>();
    for (size_t c = s; c < e; ++c) {
      const float* row = sc + static_cast<int64_t>(c - s) * n;
      for (int32_t x : cases[c].profile) mark[static_cast<size_t>(x)] = 1;
      for (int32_t x : cases[c].relevant) mark[static_cast<size_t>(x)] = 2;
      int64_t negatives = 0;
      for (int64_t i = 0; i < n; ++i) negatives += mark[static_cast<size_t>(i)] == 0;
      double caseAuc = 1.0;
      if (negatives > 0) {
        double sum = 0;
        for (int32_t g : cases[c].relevant) {
          const float sg = row[g];
          double below = 0;
          for (int64_t i = 0; i < n; ++i)
            if (mark[static_cast<size_t>(i)] == 0) below += row[i] < sg ? 1.0 : (row[i] == sg ? 0.5 : 0.0);
          sum += below / static_cast<double>(negatives);
        }
        caseAuc = sum / static_cast<double>(cases[c].relevant.size());
      }
      total += caseAuc;
      for (int32_t x : cases[c].profile) mark[static_cast<size_t>(x)] = 0;
      for (int32_t x : cases[c].relevant) mark[static_cast<size_t>(x)] = 0;
    }
  }
  return total / static_cast<double>(cases.size());
}

void checkCases(const std::vector<RankingCase>& cases, int64_t n) {
  for (size_t i = 0; i < cases.size(); ++i) {
    const RankingCase& c = cases[i];
    bool wrong = c.profile.empty() || c.relevant.empty();
    for (int32_t x : c.profile) wrong = wrong || x < 0 || x >= n;
    for (int32_t x : c.relevant) wrong = wrong || x < 0 || x >= n;
    if (wrong)
      throw Error("training: validation case " + std::to_string(i) +
                  (c.profile.empty() || c.relevant.empty() ? " has an empty profile or no relevant item"
                                                           : " refers to an item outside 0.." + std::to_string(n - 1)));
  }
}

}  // namespace

Selection parseSelection(const std::string& s) {
  if (s == "triple-accuracy") return Selection::TripleAccuracy;
  if (s == "auc") return Selection::ValidationAuc;
  throw Error("model selection must be auc or triple-accuracy, got \"" + s + "\"");
}

std::string toString(Selection s) { return s == Selection::ValidationAuc ? "auc" : "triple-accuracy"; }

std::string TrainerConfig::toJson() const {
  nlohmann::json j;
  j["optimizer"] = "adam";
  j["lr"] = learningRate;
  j["weight_decay"] = weightDecay;
  j["betas"] = {beta1, beta2};
  j["eps"] = eps;
  j["loss"] = "bce_with_logits_sum";
  j["batch_size"] = batchSize;
  j["profile_items_per_batch"] = profileItemsPerBatch;
  j["scheduler"] = {{"kind", "reduce_lr_on_plateau"}, {"mode", "max"},          {"factor", lrFactor},
                    {"patience", patience},           {"threshold", threshold}, {"min_lr", minLr}};
  j["max_epochs"] = maxEpochs;
  j["max_lrs"] = maxLrs;
  j["seed"] = seed;
  j["threads"] = threads;
  j["selection"] = toString(selection);
  return j.dump();
}

std::string TrainingResult::historyJson() const {
  nlohmann::json a = nlohmann::json::array();
  for (const EpochRecord& e : history)
    a.push_back({{"epoch", e.epoch},
                 {"loss", e.loss},
                 {"validation_accuracy", e.validationAccuracy},
                 {"validation_auc", e.validationAuc},
                 {"lr", e.learningRate},
                 {"seconds", e.seconds},
                 {"triples_per_second", e.triplesPerSecond},
                 {"gflop", e.flops / 1e9},
                 {"best", e.best}});
  return a.dump();
}

double PlateauScheduler::step(double metric, double lr) {
  if (metric > m_best * (1.0 + m_threshold)) {  // mode max, relative threshold
    m_best = metric;
    m_bad = 0;
  } else {
    ++m_bad;
  }
  if (m_bad > m_patience) {
    const double next = std::max(lr * m_factor, m_minLr);
    m_bad = 0;                          // cooldown 0
    if (lr - next > 1e-8) return next;  // torch ignores updates smaller than its eps
  }
  return lr;
}

std::string blasKernelSet() { return kBlasCoreAtStart; }

std::pair<int, int> setComputeThreads(int torchThreads, int blasThreads) {
  std::pair<int, int> previous{at::get_num_threads(), -1};
  if (auto get = blasGetThreads()) previous.second = get();
  if (torchThreads > 0) at::set_num_threads(torchThreads);
  if (blasThreads > 0)
    if (auto set = blasSetThreads()) set(blasThreads);
  return previous;
}

TrainingResult trainCuratorNet(CuratorNet& net, const std::vector<Triple>& train, const std::vector<Triple>& validation,
                               const TrainerConfig& config, const TrainingCallback& progress) {
  return trainCuratorNet(net, train, validation, {}, config, progress);
}

TrainingResult trainCuratorNet(CuratorNet& net, const std::vector<Triple>& train, const std::vector<Triple>& validation,
                               const std::vector<RankingCase>& rankingValidation, const TrainerConfig& config,
                               const TrainingCallback& progress) {
  const auto started = Clock::now();
  ThreadScope threads(config.threads, config.blasThreads);
  CuratorNetModule& module = moduleOf(net);
  const torch::Tensor features = featuresOf(net);
  const int64_t n = features.size(0);
  checkTriples(train, n, "training");
  checkTriples(validation, n, "validation");
  checkCases(rankingValidation, n);

  TrainingResult result;
  const bool byAuc = config.selection == Selection::ValidationAuc && !rankingValidation.empty();
  result.selection = byAuc ? Selection::ValidationAuc : Selection::TripleAccuracy;
  result.trainTriples = static_cast<int64_t>(train.size());
  result.validationTriples = static_cast<int64_t>(validation.size());
  if (train.empty()) {
    net.refreshCache();
    return result;
  }

  torch::manual_seed(config.seed);
  std::mt19937_64 rng(config.seed);
  module->train();
  FlatParameters flat(module);
  torch::Tensor bestWeights;
  ValidationPlan valPlan = planValidation(validation, n, config.validationBatch);
  const auto buckets = bucketsBySize(train);
  BatchBuilder builder(n);
  std::vector<int64_t> buf;
  std::vector<Batch> batches;

  PlateauScheduler scheduler(config.lrFactor, config.patience, config.threshold, config.minLr);
  double lr = config.learningRate;
  std::set<double> lrsUsed{lr};
  int64_t step = 0;
  double best = 0;  // spec §3.1: initial best 0, strictly greater wins (selection score)
  double bestAccuracy = 0;

  for (int epoch = 1; epoch <= config.maxEpochs && !result.cancelled; ++epoch) {
    const auto epochStart = Clock::now();
    // The tutorial's batch sampler: shuffle each size bucket, cut it, shuffle the chunks.
    std::vector<std::pair<size_t, std::pair<size_t, int64_t>>> chunks;  // bucket, (start, len)
    std::vector<std::vector<int64_t>> shuffled = buckets;
    for (size_t bi = 0; bi < shuffled.size(); ++bi) {
      auto& bucket = shuffled[bi];
      std::shuffle(bucket.begin(), bucket.end(), rng);
      const int64_t p = static_cast<int64_t>(train[static_cast<size_t>(bucket[0])].profile.size());
      const int64_t c = chunkSize(p, config.batchSize, config.profileItemsPerBatch);
      for (size_t s = 0; s < bucket.size(); s += static_cast<size_t>(c))
        chunks.push_back({bi, {s, std::min<int64_t>(c, static_cast<int64_t>(bucket.size() - s))}});
    }
    std::shuffle(chunks.begin(), chunks.end(), rng);
    // Every index tensor of the epoch in one buffer, built before the first batch.
    buf.clear();
    batches.clear();
    for (const auto& [bi, range] : chunks)
      batches.push_back(builder.add(train, shuffled[bi].data() + range.first, range.second, buf, true));

    double lossSum = 0;
    int64_t done = 0;
    double flops = 0;  // executed: item tower on each batch's distinct items (or the catalog)
    for (size_t k = 0; k < batches.size(); ++k) {
      const Batch& b = batches[k];
      flat.grad.zero_();
      const torch::Tensor margins = batchMargins(module, features, buf, b, nullptr);
      // spec §3.1: BCE-with-logits against 1, summed = sum softplus(-margin).
      const torch::Tensor loss = torch::softplus(-margins).sum();
      loss.backward();
      ++step;
      if (config.fusedAdam)
        fusedAdamStep(flat, step, lr, config);
      else
        flatTorchAdamStep(flat, step, lr, config);
      const double batchLoss = loss.item<double>();
      lossSum += batchLoss;
      done += b.size;
      flops += 2.0 * (static_cast<double>(b.items == 0 ? n : b.items) * itemTowerMacs(features.size(1), true) +
                      3.0 * static_cast<double>(b.size) * (kUserMacs + kDotMacs));
      if (progress) {
        TrainingProgress tp;
        tp.kind = TrainingProgress::Kind::Batch;
        tp.epoch = epoch;
        tp.maxEpochs = config.maxEpochs;
        tp.batch = static_cast<int64_t>(k) + 1;
        tp.batches = static_cast<int64_t>(batches.size());
        tp.triplesDone = done;
        tp.triplesTotal = result.trainTriples;
        tp.loss = batchLoss / static_cast<double>(b.size);
        const double t = secondsSince(epochStart);
        tp.triplesPerSecond = t > 0 ? static_cast<double>(done) / t : 0;
        tp.learningRate = lr;
        tp.bestValidationAccuracy = bestAccuracy;
        tp.elapsedSeconds = secondsSince(started);
        if (!progress(tp)) {
          result.cancelled = true;
          break;
        }
      }
    }
    if (result.cancelled) break;

    module->eval();
    const double accuracy = accuracyOf(module, features, valPlan);
    const double auc = rankingValidation.empty() ? -1 : aucOf(module, features, rankingValidation);
    const double score = byAuc ? auc : accuracy;
    module->train();
    EpochRecord rec;
    rec.epoch = epoch;
    rec.loss = lossSum / static_cast<double>(result.trainTriples);
    rec.validationAccuracy = accuracy;
    rec.validationAuc = auc;
    rec.learningRate = lr;
    rec.seconds = secondsSince(epochStart);
    rec.flops = flops + 2.0 * (static_cast<double>(n) * itemTowerMacs(features.size(1), false) +
                               static_cast<double>(result.validationTriples) * (kUserMacs + kDotMacs));
    rec.triplesPerSecond =
        static_cast<double>(result.trainTriples + result.validationTriples) / std::max(rec.seconds, 1e-9);
    // Without validation data there is nothing to select on: the last epoch is kept.
    const bool canSelect = byAuc || !validation.empty();
    if (!canSelect || score > best) {
      best = score;
      bestAccuracy = accuracy;
      rec.best = true;
      result.bestEpoch = epoch;
      result.bestValidationAccuracy = accuracy;
      result.bestValidationAuc = auc;
      torch::NoGradGuard noGrad;
      bestWeights = flat.value.clone();
    }
    result.history.push_back(rec);

    if (progress) {
      TrainingProgress tp;
      tp.kind = TrainingProgress::Kind::Epoch;
      tp.epoch = epoch;
      tp.maxEpochs = config.maxEpochs;
      tp.batch = tp.batches = static_cast<int64_t>(batches.size());
      tp.triplesDone = tp.triplesTotal = result.trainTriples;
      tp.loss = rec.loss;
      tp.triplesPerSecond = rec.triplesPerSecond;
      tp.learningRate = lr;
      tp.validationAccuracy = accuracy;
      tp.validationAuc = auc;
      tp.bestValidationAccuracy = bestAccuracy;
      tp.elapsedSeconds = secondsSince(started);
      if (!progress(tp)) result.cancelled = true;
    }
    if (canSelect) {
      lr = scheduler.step(score, lr);
      lrsUsed.insert(lr);
      if (static_cast<int>(lrsUsed.size()) > config.maxLrs) break;
    }
  }

  {
    torch::NoGradGuard noGrad;
    if (bestWeights.defined()) flat.value.copy_(bestWeights);
  }
  flat.release();
  module->eval();
  net.refreshCache();
  result.seconds = secondsSince(started);
  return result;
}

double rankingAuc(CuratorNet& net, const std::vector<RankingCase>& cases) {
  const torch::Tensor features = featuresOf(net);
  checkCases(cases, features.size(0));
  return aucOf(moduleOf(net), features, cases);
}

double tripleAccuracy(CuratorNet& net, const std::vector<Triple>& triples, int batch) {
  const torch::Tensor features = featuresOf(net);
  checkTriples(triples, features.size(0), "evaluated");
  ValidationPlan plan = planValidation(triples, features.size(0), batch);
  return accuracyOf(moduleOf(net), features, plan);
}

std::vector<float> parameterVector(CuratorNet& net) {
  std::vector<float> out;
  for (const auto& p : moduleOf(net)->parameters()) {
    const torch::Tensor c = p.detach().contiguous();
    out.insert(out.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  }
  return out;
}

double trainingFlopsPerTriple(int inputDim, double profileSize) {
  return 2.0 * ((profileSize + 2) * itemTowerMacs(inputDim, true) + 3.0 * (kUserMacs + kDotMacs));
}

double measureSgemmGflops(int64_t m, int64_t k, int64_t n, int repeats) {
  torch::NoGradGuard noGrad;
  const torch::Tensor a = torch::rand({m, k});
  const torch::Tensor b = torch::rand({k, n});
  torch::Tensor c = torch::empty({m, n});
  at::mm_out(c, a, b);  // warm-up
  double bestSeconds = std::numeric_limits<double>::infinity();
  for (int r = 0; r < std::max(repeats, 1); ++r) {
    const auto t = Clock::now();
    at::mm_out(c, a, b);
    bestSeconds = std::min(bestSeconds, secondsSince(t));
  }
  return 2.0 * static_cast<double>(m) * static_cast<double>(k) * static_cast<double>(n) / bestSeconds / 1e9;
}

}  // namespace vitrine
