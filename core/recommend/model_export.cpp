#include "recommend/model_export.h"

#include <torch/script.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "ingest/npy.h"
#include "recommend/curatornet_module.h"

namespace vitrine {

namespace {

struct NamedLayer {
  const char* name;
  torch::nn::Linear linear;
};

std::vector<NamedLayer> layersOf(CuratorNetModule& m) {
  return {{"selu_common1", m->selu_common1},
          {"selu_common2", m->selu_common2},
          {"selu_pu1", m->selu_pu1},
          {"selu_pu2", m->selu_pu2},
          {"selu_pu3", m->selu_pu3}};
}

NpyArray toNpy(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kFloat32).contiguous();
  NpyArray a;
  a.shape.assign(c.sizes().begin(), c.sizes().end());
  a.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  return a;
}

// The module's scoring in TorchScript; pooling order and z-scoring follow the model's config.
std::string scriptSource(bool maxFirst) {
  const std::string pooled = maxFirst ? "torch.cat([torch.amax(p, 0), torch.mean(p, 0)], 0)"
                                      : "torch.cat([torch.mean(p, 0), torch.amax(p, 0)], 0)";
  return R"(
def item_vectors(self, features: Tensor) -> Tensor:
    x = (features - self.feature_mean) / self.feature_std
    x = torch.selu(torch.linear(x, self.selu_common1_weight, self.selu_common1_bias))
    return torch.selu(torch.linear(x, self.selu_common2_weight, self.selu_common2_bias))

def user_vector(self, profile: Tensor) -> Tensor:
    p = self.item_vectors(profile)
    a = )" +
         pooled + R"(
    a = torch.selu(torch.linear(a, self.selu_pu1_weight, self.selu_pu1_bias))
    a = torch.selu(torch.linear(a, self.selu_pu2_weight, self.selu_pu2_bias))
    return torch.selu(torch.linear(a, self.selu_pu3_weight, self.selu_pu3_bias))

def forward(self, profile: Tensor, candidates: Tensor) -> Tensor:
    return torch.mv(self.item_vectors(candidates), self.user_vector(profile))
)";
}

}  // namespace

void exportReferenceNpy(const CuratorNet& net, const std::string& dir) {
  torch::NoGradGuard noGrad;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!std::filesystem::is_directory(dir)) throw Error(dir + ": cannot create the export folder");
  CuratorNetModule& m = moduleOf(const_cast<CuratorNet&>(net));  // read-only use
  const auto file = [&](const std::string& name) { return (std::filesystem::path(dir) / name).string(); };
  for (const NamedLayer& l : layersOf(m)) {
    writeNpyArray(file(std::string(l.name) + ".weight.npy"), toNpy(l.linear->weight));
    writeNpyArray(file(std::string(l.name) + ".bias.npy"), toNpy(l.linear->bias));
  }
  const CuratorNetConfig& c = net.config();
  if (m->zscore) {
    writeNpyArray(file("feature_mean.npy"), toNpy(m->feature_mean));
    writeNpyArray(file("feature_std.npy"), toNpy(m->feature_std));
  }
  const nlohmann::json config = {{"format", "vitrine-curatornet-npy"},
                                 {"version", 1},
                                 {"name", net.meta().modelName},
                                 {"embedding", net.embeddingName()},
                                 {"input_dim", m->inputDim},
                                 {"max_first", m->maxFirst},
                                 {"zscore", bool(m->zscore)},
                                 {"seed", c.seed},
                                 {"history", nlohmann::json::parse(net.meta().historyJson, nullptr, false)},
                                 {"metrics", nlohmann::json::parse(net.meta().metricsJson, nullptr, false)}};
  std::ofstream out(file("config.json"), std::ios::trunc);
  out << config.dump(2) << "\n";
  out.close();
  if (!out) throw Error(file("config.json") + ": cannot be written");
}

void exportTorchScript(const CuratorNet& net, const std::string& path) {
  torch::NoGradGuard noGrad;
  CuratorNetModule& m = moduleOf(const_cast<CuratorNet&>(net));  // read-only use
  torch::jit::Module script("CuratorNet");
  for (const NamedLayer& l : layersOf(m)) {
    script.register_parameter(std::string(l.name) + "_weight", l.linear->weight.detach().clone(), false);
    script.register_parameter(std::string(l.name) + "_bias", l.linear->bias.detach().clone(), false);
  }
  // Without z-scoring the statistics are the identity (mean 0, std 1).
  script.register_buffer("feature_mean", m->zscore ? m->feature_mean.detach().clone() : torch::zeros({m->inputDim}));
  script.register_buffer("feature_std", m->zscore ? m->feature_std.detach().clone() : torch::ones({m->inputDim}));
  script.define(scriptSource(m->maxFirst));
  try {
    script.save(path);
  } catch (const c10::Error& e) {
    throw Error(path + ": cannot be written (" + e.what_without_backtrace() + ")");
  }
}

}  // namespace vitrine
