#include "recommend/curatornet.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.h"
#include "ingest/npy.h"
#include "recommend/curatornet_module.h"

namespace vitrine {

namespace {

constexpr int64_t kItemDim = 200;  // spec §2: item tower output
constexpr int64_t kHidden1 = 300;  // user tower hidden sizes
constexpr const char* kKind = "curatornet";
constexpr const char* kFileMagic = "VITRINE-CURATORNET 1";

// Weights U(±sqrt(6/(fan_in+fan_out))) = xavier_uniform_ gain 1; bias U(±1/sqrt(fan_in)) (spec §2.1).
void initLinear(torch::nn::Linear& layer, at::Generator& gen) {
  torch::NoGradGuard noGrad;
  const auto fanOut = static_cast<double>(layer->weight.size(0));
  const auto fanIn = static_cast<double>(layer->weight.size(1));
  const double w = std::sqrt(6.0 / (fanIn + fanOut));
  layer->weight.uniform_(-w, w, gen);
  const double b = 1.0 / std::sqrt(fanIn);
  layer->bias.uniform_(-b, b, gen);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The module

CuratorNetModuleImpl::CuratorNetModuleImpl(int64_t inputDim_, bool maxFirst_, uint64_t seed)
    : inputDim(inputDim_), maxFirst(maxFirst_) {
  if (inputDim <= 0) throw Error("CuratorNet: input dimension must be positive, got " + std::to_string(inputDim));
  selu_common1 = register_module("selu_common1", torch::nn::Linear(inputDim, kItemDim));
  selu_common2 = register_module("selu_common2", torch::nn::Linear(kItemDim, kItemDim));
  selu_pu1 = register_module("selu_pu1", torch::nn::Linear(2 * kItemDim, kHidden1));
  selu_pu2 = register_module("selu_pu2", torch::nn::Linear(kHidden1, kHidden1));
  selu_pu3 = register_module("selu_pu3", torch::nn::Linear(kHidden1, kItemDim));
  feature_mean = register_buffer("feature_mean", torch::zeros({inputDim}));
  feature_std = register_buffer("feature_std", torch::ones({inputDim}));
  resetParameters(seed);
}

void CuratorNetModuleImpl::resetParameters(uint64_t seed) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  for (auto* layer : {&selu_common1, &selu_common2, &selu_pu1, &selu_pu2, &selu_pu3}) initLinear(*layer, gen);
}

torch::Tensor CuratorNetModuleImpl::itemTower(const torch::Tensor& features) {
  torch::Tensor x = features;
  if (zscore) x = (x - feature_mean) / feature_std;
  x = torch::selu(selu_common1(x));
  return torch::selu(selu_common2(x));
}

torch::Tensor CuratorNetModuleImpl::userTower(const torch::Tensor& profileVecs, const torch::Tensor& mask) {
  torch::Tensor maxPool, avgPool;
  if (mask.defined()) {
    // ORIG's padded batches (spec §2.2): masked mean over the true size, masked max.
    const torch::Tensor m = mask.to(profileVecs.scalar_type()).unsqueeze(-1);  // (B, p, 1)
    const torch::Tensor count = m.sum(1).clamp_min(1.0);
    avgPool = (profileVecs * m).sum(1) / count;
    maxPool = profileVecs.masked_fill(m == 0, -std::numeric_limits<float>::infinity()).amax(1);
  } else {
    avgPool = profileVecs.mean(1);
    maxPool = profileVecs.amax(1);
  }
  torch::Tensor a = maxFirst ? torch::cat({maxPool, avgPool}, -1) : torch::cat({avgPool, maxPool}, -1);
  a = torch::selu(selu_pu1(a));
  a = torch::selu(selu_pu2(a));
  return torch::selu(selu_pu3(a));
}

torch::Tensor CuratorNetModuleImpl::forward(const torch::Tensor& profileFeatures, const torch::Tensor& pos,
                                            const torch::Tensor& neg, const torch::Tensor& mask) {
  const torch::Tensor u = userTower(itemTower(profileFeatures), mask);  // (B, 200)
  return (u * itemTower(pos)).sum(-1) - (u * itemTower(neg)).sum(-1);
}

void CuratorNetModuleImpl::setStandardization(const torch::Tensor& mean, const torch::Tensor& stddev) {
  if (mean.numel() != inputDim || stddev.numel() != inputDim)
    throw Error("CuratorNet: z-score statistics need " + std::to_string(inputDim) + " values");
  torch::NoGradGuard noGrad;
  feature_mean.copy_(mean.reshape({inputDim}));
  // A constant dimension carries no information; dividing by 1 keeps it at 0 after centring.
  torch::Tensor s = stddev.reshape({inputDim}).to(torch::kFloat32);
  feature_std.copy_(torch::where(s == 0, torch::ones_like(s), s));
  zscore = true;
}

void CuratorNetModuleImpl::setStandardizationFrom(const torch::Tensor& features) {
  torch::NoGradGuard noGrad;
  const torch::Tensor f = features.to(torch::kFloat64);
  // Population std (StandardScaler, spec §1.1).
  setStandardization(f.mean(0).to(torch::kFloat32), f.std(0, /*unbiased=*/false).to(torch::kFloat32));
}

void CuratorNetModuleImpl::clearStandardization() {
  torch::NoGradGuard noGrad;
  feature_mean.zero_();
  feature_std.fill_(1.0);
  zscore = false;
}

std::string serializeModule(const CuratorNetModule& module) {
  std::ostringstream out;
  torch::save(module, out);
  return out.str();
}

void deserializeModule(CuratorNetModule& module, const std::string& bytes, const std::string& what) {
  std::istringstream in(bytes);
  try {
    torch::load(module, in);
  } catch (const c10::Error& e) {
    throw Error(what + ": the stored weights cannot be read (" + std::string(e.what_without_backtrace()) + ")");
  } catch (const std::exception& e) {
    throw Error(what + ": the stored weights cannot be read (" + std::string(e.what()) + ")");
  }
}

// ---------------------------------------------------------------------------------------------
// Config

std::string toJson(const CuratorNetConfig& c) {
  nlohmann::json j;
  j["inputDim"] = c.inputDim;
  j["pooling"] = c.maxFirst ? "max,avg" : "avg,max";
  j["zscore"] = c.zscore;
  j["seed"] = c.seed;
  return j.dump();
}

constexpr int kMaxInputDim = 1 << 16;  // CNN embeddings are at most a few thousand dimensions

CuratorNetConfig curatorNetConfigFromJson(const std::string& text) {
  CuratorNetConfig c;
  try {
    const auto j = nlohmann::json::parse(text);
    c.inputDim = j.at("inputDim").get<int>();
    // A hostile or damaged config must not make us allocate a gigantic network.
    if (c.inputDim < 1 || c.inputDim > kMaxInputDim)
      throw Error("CuratorNet: inputDim " + std::to_string(c.inputDim) + " is outside 1.." +
                  std::to_string(kMaxInputDim));
    const std::string pooling = j.value("pooling", "max,avg");
    if (pooling != "max,avg" && pooling != "avg,max")
      throw Error("unknown pooling order \"" + pooling + "\" (expected max,avg or avg,max)");
    c.maxFirst = pooling == "max,avg";
    c.zscore = j.value("zscore", false);
    c.seed = j.value("seed", uint64_t{0});
  } catch (const nlohmann::json::exception& e) {
    throw Error("CuratorNet: invalid model configuration " + text + " (" + e.what() + ")");
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// The ranker

struct CuratorNet::Impl {
  int64_t rows = 0;
  int64_t dim = 0;
  torch::Tensor features;                    // (N, D) float32, owned copy of the embedding values
  mutable CuratorNetModule module{nullptr};  // forward passes are logically const
  std::vector<float> cache;                  // φ of every item: N x 200, row-major
  torch::Tensor cacheView;                   // from_blob view of `cache`

  void checkItem(int64_t i, const char* what) const {
    if (i < 0 || i >= rows)
      throw Error(std::string("CuratorNet: ") + what + " " + std::to_string(i) + " is out of range (" +
                  std::to_string(rows) + " items)");
  }
  void check(const std::vector<int64_t>& profile) const {
    for (int64_t p : profile) checkItem(p, "profile item");
  }

  // ψ(P) from the cached item vectors (the tutorial's recommend_all, spec §2.1). Empty profile -> empty.
  torch::Tensor user(const std::vector<int64_t>& profile) const {
    torch::NoGradGuard noGrad;
    const auto p = static_cast<int64_t>(profile.size());
    const torch::Tensor index = torch::from_blob(const_cast<int64_t*>(profile.data()), {p}, torch::kInt64);
    const torch::Tensor vecs = cacheView.index_select(0, index).unsqueeze(0);  // (1, p, 200)
    return module->userTower(vecs).reshape({kItemDim}).contiguous();
  }

  std::vector<float> scores(const torch::Tensor& u) const {
    std::vector<float> out(static_cast<size_t>(rows), 0.f);
    if (rows == 0) return out;
    torch::NoGradGuard noGrad;
    torch::Tensor result = torch::from_blob(out.data(), {rows}, torch::kFloat32);
    at::mv_out(result, cacheView, u);
    return out;
  }

  // dot(φ(j), φ(item)) for each profile item j, strongest distinct first (ties: profile order).
  std::vector<Explanation> because(const std::vector<int64_t>& profile, int64_t item, int n) const {
    std::vector<Explanation> all;
    const float* x = cache.data() + item * kItemDim;
    for (int64_t j : profile) {
      if (std::any_of(all.begin(), all.end(), [&](const Explanation& e) { return e.profileItem == j; })) continue;
      const float* y = cache.data() + j * kItemDim;
      float dot = 0;
      for (int64_t d = 0; d < kItemDim; ++d) dot += x[d] * y[d];
      all.push_back(Explanation{j, dot});
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const Explanation& a, const Explanation& b) { return a.similarity > b.similarity; });
    if (all.size() > static_cast<size_t>(std::max(n, 0))) all.resize(static_cast<size_t>(std::max(n, 0)));
    return all;
  }
};

// The trainer's door into the PIMPL (declared friend in curatornet.h).
struct CuratorNetAccess {
  static CuratorNetModule& module(CuratorNet& net) { return net.m_impl->module; }
  static torch::Tensor features(const CuratorNet& net) { return net.m_impl->features; }
};

CuratorNetModule& moduleOf(CuratorNet& net) { return CuratorNetAccess::module(net); }
torch::Tensor featuresOf(const CuratorNet& net) { return CuratorNetAccess::features(net); }

namespace {

torch::Tensor copyFeatures(const EmbeddingMatrix& e) {
  const int64_t rows = e.rows();
  if (static_cast<int64_t>(e.values.size()) != rows * e.dimension)
    throw Error("CuratorNet: embedding '" + e.name + "' holds " + std::to_string(e.values.size()) +
                " values, expected " + std::to_string(rows) + " x " + std::to_string(e.dimension));
  if (rows == 0) return torch::zeros({0, std::max(e.dimension, 1)});
  return torch::from_blob(const_cast<float*>(e.values.data()), {rows, e.dimension}, torch::kFloat32).clone();
}

}  // namespace

CuratorNet::CuratorNet(const EmbeddingMatrix& embeddings, CuratorNetConfig config)
    : CuratorNet(embeddings, config,
                 CuratorNetModule(config.inputDim > 0 ? config.inputDim : embeddings.dimension, config.maxFirst,
                                  config.seed)) {}

CuratorNet::CuratorNet(const EmbeddingMatrix& embeddings, CuratorNetConfig config, CuratorNetModule module)
    : m_impl(std::make_unique<Impl>()), m_config(config), m_embeddingName(embeddings.name) {
  if (m_config.inputDim <= 0) m_config.inputDim = embeddings.dimension;
  if (m_config.inputDim != embeddings.dimension)
    throw Error("CuratorNet: the model takes " + std::to_string(m_config.inputDim) + "-d features but embedding '" +
                embeddings.name + "' is " + std::to_string(embeddings.dimension) + "-d");
  if (!module || module->inputDim != m_config.inputDim)
    throw Error("CuratorNet: the module does not match the configured input dimension " +
                std::to_string(m_config.inputDim));
  m_impl->rows = embeddings.rows();
  m_impl->dim = embeddings.dimension;
  m_impl->features = copyFeatures(embeddings);
  m_impl->module = std::move(module);
  m_impl->module->maxFirst = m_config.maxFirst;
  m_impl->module->eval();
  // A fresh z-scored model takes its statistics from this catalog; a given module keeps its own.
  if (m_config.zscore && !m_impl->module->zscore && m_impl->rows > 0)
    m_impl->module->setStandardizationFrom(m_impl->features);
  if (!m_config.zscore && m_impl->module->zscore) m_config.zscore = true;
  refreshCache();
}

CuratorNet::~CuratorNet() = default;

void CuratorNet::refreshCache() {
  Impl& d = *m_impl;
  d.cache.assign(static_cast<size_t>(d.rows * kItemDim), 0.f);
  d.cacheView = torch::from_blob(d.cache.data(), {d.rows, kItemDim}, torch::kFloat32);
  if (d.rows == 0) return;
  torch::NoGradGuard noGrad;
  // Chunks bound the temporary (chunk x 200) activations for large catalogs.
  const int64_t chunk = 8192;
  for (int64_t start = 0; start < d.rows; start += chunk) {
    const int64_t len = std::min(chunk, d.rows - start);
    d.cacheView.narrow(0, start, len).copy_(d.module->itemTower(d.features.narrow(0, start, len)));
  }
}

std::string CuratorNet::name() const {
  return "CuratorNet (" + (m_meta.modelName.empty() ? std::string("unsaved") : m_meta.modelName) + ")";
}

std::string CuratorNet::configJson() const {
  nlohmann::json j = nlohmann::json::parse(toJson(m_config));
  j["model"] = kKind;
  j["name"] = m_meta.modelName;
  j["embedding"] = m_embeddingName;
  j["items"] = m_impl->rows;
  return j.dump();
}

int64_t CuratorNet::itemCount() const { return m_impl->rows; }

int64_t CuratorNet::parameterCount() const {
  int64_t n = 0;
  for (const auto& p : m_impl->module->parameters()) n += p.numel();
  return n;
}

std::vector<float> CuratorNet::userVector(const std::vector<int64_t>& profile) const {
  m_impl->check(profile);
  if (profile.empty()) return {};
  const torch::Tensor u = m_impl->user(profile);
  return std::vector<float>(u.data_ptr<float>(), u.data_ptr<float>() + kItemDim);
}

const std::vector<float>& CuratorNet::itemVectors() const { return m_impl->cache; }

// An empty profile has no user vector: every item scores 0 (recommend() then falls back to index order).
std::vector<float> CuratorNet::scoreAll(const std::vector<int64_t>& profile) const {
  m_impl->check(profile);
  if (profile.empty()) return std::vector<float>(static_cast<size_t>(m_impl->rows), 0.f);
  return m_impl->scores(m_impl->user(profile));
}

std::vector<Explanation> CuratorNet::explain(const std::vector<int64_t>& profile, int64_t item, int n) const {
  m_impl->check(profile);
  m_impl->checkItem(item, "item");
  return m_impl->because(profile, item, n);
}

std::vector<Recommendation> CuratorNet::recommend(const std::vector<int64_t>& profile, int k,
                                                  bool excludeProfile) const {
  const std::vector<float> s = scoreAll(profile);
  const std::vector<int64_t> best = topK(s, k, excludeProfile ? profile : std::vector<int64_t>{});
  std::vector<Recommendation> out;
  out.reserve(best.size());
  for (int64_t item : best) {
    Recommendation r;
    r.item = item;
    r.score = s[static_cast<size_t>(item)];
    r.because = m_impl->because(profile, item, 3);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<float> CuratorNet::tripleMargins(const std::vector<std::vector<int64_t>>& profiles,
                                             const std::vector<int64_t>& pos, const std::vector<int64_t>& neg) const {
  const auto b = static_cast<int64_t>(profiles.size());
  if (static_cast<int64_t>(pos.size()) != b || static_cast<int64_t>(neg.size()) != b)
    throw Error("CuratorNet: tripleMargins needs one positive and one negative per profile");
  if (b == 0) return {};
  const auto p = static_cast<int64_t>(profiles.front().size());
  std::vector<int64_t> flat;
  for (const auto& profile : profiles) {
    if (static_cast<int64_t>(profile.size()) != p || p == 0)
      throw Error("CuratorNet: tripleMargins needs non-empty profiles of equal length");
    m_impl->check(profile);
    flat.insert(flat.end(), profile.begin(), profile.end());
  }
  m_impl->check(pos);
  m_impl->check(neg);
  torch::NoGradGuard noGrad;
  const auto rows = [&](std::vector<int64_t>& idx) {
    return m_impl->features.index_select(
        0, torch::from_blob(idx.data(), {static_cast<int64_t>(idx.size())}, torch::kInt64));
  };
  std::vector<int64_t> posCopy = pos, negCopy = neg;
  const torch::Tensor out =
      m_impl->module->forward(rows(flat).reshape({b, p, m_impl->dim}), rows(posCopy), rows(negCopy)).contiguous();
  return std::vector<float>(out.data_ptr<float>(), out.data_ptr<float>() + b);
}

void CuratorNet::loadReferenceNpy(const std::string& dir) {
  CuratorNetModule& module = m_impl->module;
  const int64_t d = m_config.inputDim;
  struct Layer {
    const char* name;
    torch::nn::Linear* linear;
    int64_t out, in;
  };
  const Layer layers[] = {{"selu_common1", &module->selu_common1, kItemDim, d},
                          {"selu_common2", &module->selu_common2, kItemDim, kItemDim},
                          {"selu_pu1", &module->selu_pu1, kHidden1, 2 * kItemDim},
                          {"selu_pu2", &module->selu_pu2, kHidden1, kHidden1},
                          {"selu_pu3", &module->selu_pu3, kItemDim, kHidden1}};
  if (!std::filesystem::is_directory(dir)) throw Error("CuratorNet: weights directory '" + dir + "' does not exist");
  // Read and check everything first so a bad file leaves the model unchanged.
  std::vector<std::pair<torch::Tensor, torch::Tensor>> loaded;
  for (const Layer& l : layers) {
    const auto read = [&](const std::string& suffix, const std::vector<int64_t>& shape) {
      const std::string path = (std::filesystem::path(dir) / (std::string(l.name) + suffix)).string();
      if (!std::filesystem::exists(path)) throw Error(path + ": missing (CuratorNet reference weights)");
      NpyArray a = readNpyArray(path);
      if (a.shape != shape) {
        std::string want, got;
        for (auto v : shape) want += (want.empty() ? "" : ", ") + std::to_string(v);
        for (auto v : a.shape) got += (got.empty() ? "" : ", ") + std::to_string(v);
        throw Error(path + ": expected shape (" + want + ") in PyTorch layout [out, in], found (" + got + ")");
      }
      return torch::from_blob(a.values.data(), shape, torch::kFloat32).clone();
    };
    loaded.emplace_back(read(".weight.npy", {l.out, l.in}), read(".bias.npy", {l.out}));
  }
  // model-export --npy also writes the z-score statistics of a model that standardises its input
  // (recommend/model_export.h); the tutorial's own layout has none.
  const std::string meanPath = (std::filesystem::path(dir) / "feature_mean.npy").string();
  const std::string stdPath = (std::filesystem::path(dir) / "feature_std.npy").string();
  const bool hasMean = std::filesystem::exists(meanPath), hasStd = std::filesystem::exists(stdPath);
  if (hasMean != hasStd)
    throw Error((hasMean ? stdPath : meanPath) + ": missing (feature_mean.npy and feature_std.npy come together)");
  torch::Tensor mean, stddev;
  if (hasMean) {
    const auto readVector = [&](const std::string& path) {
      NpyArray a = readNpyArray(path);
      if (a.shape != std::vector<int64_t>{d})
        throw Error(path + ": expected shape (" + std::to_string(d) + ",) for the " + std::to_string(d) +
                    "-d embedding");
      return torch::from_blob(a.values.data(), {d}, torch::kFloat32).clone();
    };
    mean = readVector(meanPath);
    stddev = readVector(stdPath);
  }
  {
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < loaded.size(); ++i) {
      (*layers[i].linear)->weight.copy_(loaded[i].first);
      (*layers[i].linear)->bias.copy_(loaded[i].second);
    }
  }
  if (hasMean) {
    module->setStandardization(mean, stddev);
    m_config.zscore = true;
  }
  refreshCache();
}

// ---------------------------------------------------------------------------------------------
// Persistence

namespace {

[[noreturn]] void missingModel(const Catalog& catalog, const std::string& name) {
  const auto names = storedModelNames(catalog);
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  throw Error("model \"" + name + "\" is not stored in catalog " + catalog.path() +
              (names.empty() ? " (it holds no models)" : " (stored models: " + list + ")"));
}

using ModelRow = ModelRecord;

ModelRow readRow(const Catalog& catalog, const std::string& name) {
  auto r = loadModelRecord(catalog, name);
  if (!r) missingModel(catalog, name);
  if (r->kind != kKind) throw Error("model \"" + name + "\" is a " + r->kind + " model, not " + kKind);
  return std::move(*r);
}

void writeRow(Catalog& catalog, const ModelRow& r, bool overwrite) {
  for (const char* json : {r.configJson.c_str(), r.historyJson.c_str(), r.metricsJson.c_str()})
    if (!nlohmann::json::accept(json)) throw Error("model \"" + r.name + "\": invalid JSON " + json);
  if (r.name.empty()) throw Error("a model needs a name");
  storeModelRecord(catalog, r, overwrite);
}

// A module built from a stored config with the stored weights; throws naming the model.
CuratorNetModule moduleFromRow(const ModelRow& r, CuratorNetConfig& config) {
  config = curatorNetConfigFromJson(r.configJson);
  CuratorNetModule module(config.inputDim, config.maxFirst, config.seed);
  deserializeModule(module, r.weights, "model \"" + r.name + "\"");
  module->zscore = config.zscore;
  return module;
}

}  // namespace

void CuratorNet::save(Catalog& catalog, const std::string& modelName, bool overwrite) {
  ModelRow r;
  r.name = modelName;
  r.kind = kKind;
  r.embedding = m_embeddingName;
  r.configJson = toJson(m_config);
  r.seed = static_cast<int64_t>(m_config.seed);
  r.weights = serializeModule(m_impl->module);
  r.historyJson = m_meta.historyJson;
  r.metricsJson = m_meta.metricsJson;
  writeRow(catalog, r, overwrite);
  m_meta.modelName = modelName;
}

std::string CuratorNet::embeddingOf(const Catalog& catalog, const std::string& modelName) {
  return readRow(catalog, modelName).embedding;
}

std::unique_ptr<CuratorNet> CuratorNet::load(const Catalog& catalog, const std::string& modelName,
                                             const EmbeddingMatrix& embeddings) {
  const ModelRow r = readRow(catalog, modelName);
  CuratorNetConfig config;
  CuratorNetModule module = moduleFromRow(r, config);
  if (embeddings.name != r.embedding)
    throw Error("model \"" + modelName + "\" was trained on embedding \"" + r.embedding + "\", not \"" +
                embeddings.name + "\"");
  if (embeddings.dimension != config.inputDim)
    throw Error("model \"" + modelName + "\" takes " + std::to_string(config.inputDim) + "-d features but the " +
                "catalog's embedding \"" + embeddings.name + "\" is " + std::to_string(embeddings.dimension) + "-d");
  auto net = std::make_unique<CuratorNet>(embeddings, config, std::move(module));
  net->m_meta.modelName = r.name;
  net->m_meta.historyJson = r.historyJson;
  net->m_meta.metricsJson = r.metricsJson;
  return net;
}

namespace {

void writeModelFile(const ModelRow& r, const std::string& path) {
  nlohmann::json header;
  header["name"] = r.name;
  header["kind"] = r.kind;
  header["embedding"] = r.embedding;
  header["config"] = nlohmann::json::parse(r.configJson);
  header["history"] = nlohmann::json::parse(r.historyJson);
  header["metrics"] = nlohmann::json::parse(r.metricsJson);
  header["weightBytes"] = r.weights.size();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error("cannot write model file '" + path + "'");
  out << kFileMagic << "\n" << header.dump() << "\n";
  out.write(r.weights.data(), static_cast<std::streamsize>(r.weights.size()));
  out.close();
  if (!out) throw Error(path + ": write error while exporting the model");
}

}  // namespace

void CuratorNet::exportFile(const std::string& path) const {
  ModelRow r;
  r.name = m_meta.modelName;
  r.kind = kKind;
  r.embedding = m_embeddingName;
  r.configJson = toJson(m_config);
  r.seed = static_cast<int64_t>(m_config.seed);
  r.weights = serializeModule(m_impl->module);
  r.historyJson = m_meta.historyJson;
  r.metricsJson = m_meta.metricsJson;
  writeModelFile(r, path);
}

void exportModel(const Catalog& catalog, const std::string& name, const std::string& path) {
  writeModelFile(readRow(catalog, name), path);
}

std::string importModel(Catalog& catalog, const std::string& path, const std::string& modelName, bool overwrite) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open model file '" + path + "'");
  std::string magic, headerLine;
  std::getline(in, magic);
  if (magic != kFileMagic) throw Error(path + ": not a Vitrine CuratorNet model file (bad first line)");
  std::getline(in, headerLine);
  ModelRow r;
  size_t bytes = 0;
  try {
    const nlohmann::json header = nlohmann::json::parse(headerLine);
    r.name = modelName.empty() ? header.value("name", std::string()) : modelName;
    r.kind = header.value("kind", std::string(kKind));
    r.embedding = header.at("embedding").get<std::string>();
    r.configJson = header.at("config").dump();
    r.historyJson = header.value("history", nlohmann::json::array()).dump();
    r.metricsJson = header.value("metrics", nlohmann::json::object()).dump();
    bytes = header.at("weightBytes").get<size_t>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": invalid model header (" + e.what() + ")");
  }
  if (r.kind != kKind) throw Error(path + ": unsupported model kind \"" + r.kind + "\"");
  if (r.name.empty()) throw Error(path + ": the file names no model; give a name to import it as");
  const std::streamoff here = in.tellg();
  in.seekg(0, std::ios::end);
  const std::streamoff end = in.tellg();
  in.seekg(here);
  if (here < 0 || end < here || bytes > static_cast<size_t>(end - here))
    throw Error(path + ": truncated (the header announces " + std::to_string(bytes) + " weight bytes, the file holds " +
                std::to_string(here >= 0 && end >= here ? end - here : 0) + ")");
  r.weights.resize(bytes);
  in.read(r.weights.data(), static_cast<std::streamsize>(bytes));
  if (static_cast<size_t>(in.gcount()) != bytes)
    throw Error(path + ": truncated (the header announces " + std::to_string(bytes) + " weight bytes)");
  CuratorNetConfig config;
  try {
    moduleFromRow(r, config);  // validates the weights before they are stored
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  r.seed = static_cast<int64_t>(config.seed);
  writeRow(catalog, r, overwrite);
  return r.name;
}

void storeReferenceModel(Catalog& catalog, const EmbeddingMatrix& embeddings, const std::string& weightsDir,
                         const std::string& modelName, bool overwrite) {
  CuratorNetConfig config;
  config.inputDim = embeddings.dimension;
  config.maxFirst = true;  // the tutorial's [max, avg] (spec §2.1)
  // A folder written by model-export --npy says its pooling order in config.json.
  const std::string configPath = (std::filesystem::path(weightsDir) / "config.json").string();
  if (std::filesystem::exists(configPath)) {
    std::ifstream in(configPath);
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) throw Error(configPath + ": not a JSON object");
    if (j.contains("max_first")) {
      if (!j["max_first"].is_boolean()) throw Error(configPath + ": \"max_first\" must be true or false");
      config.maxFirst = j["max_first"].get<bool>();
    }
    if (j.contains("input_dim") && j["input_dim"] != embeddings.dimension)
      throw Error(configPath + ": the model takes " + j["input_dim"].dump() + "-d input, embedding \"" +
                  embeddings.name + "\" is " + std::to_string(embeddings.dimension) + "-d");
  }
  CuratorNet net(embeddings, config);
  net.loadReferenceNpy(weightsDir);
  net.save(catalog, modelName, overwrite);
}

}  // namespace vitrine
