#pragma once
// INTERNAL to core (recommend/, train/): exposes LibTorch types. Never include from a public header.
#include <torch/torch.h>

#include <cstdint>

#include "recommend/curatornet.h"

namespace vitrine {

// spec §2 / TUT models/curatornet.py. Layer names match the tutorial's state_dict keys.
struct CuratorNetModuleImpl : torch::nn::Module {
  // Weights xavier_uniform_, biases U(±1/sqrt(fan_in)) (the tutorial's init, spec §2.1), drawn
  // from a private generator seeded with `seed` (the global torch RNG is not touched).
  CuratorNetModuleImpl(int64_t inputDim, bool maxFirst = true, uint64_t seed = 0);

  // Re-draws all weights and biases as in the constructor.
  void resetParameters(uint64_t seed);

  // (..., D) -> (..., 200): SELU after each of the two layers; z-scores the input first when
  // enabled (setStandardization).
  torch::Tensor itemTower(const torch::Tensor& features);

  // profileVecs (B, p, 200) item-tower outputs -> (B, 200). Pools max and mean over dim 1 and
  // concatenates them in the configured order. Optional mask (B, p), nonzero = real item, for
  // padded variable-length profiles (ORIG's masked avg/max); an empty tensor = no padding.
  torch::Tensor userTower(const torch::Tensor& profileVecs, const torch::Tensor& mask = {});

  // profileFeatures (B, p, D), pos (B, D), neg (B, D) -> x_ui - x_uj, shape (B).
  torch::Tensor forward(const torch::Tensor& profileFeatures, const torch::Tensor& pos, const torch::Tensor& neg,
                        const torch::Tensor& mask = {});

  // Per-dimension z-score applied inside itemTower (population std; std == 0 -> 1).
  // setStandardizationFrom computes mean/std from an (N, D) feature matrix.
  void setStandardization(const torch::Tensor& mean, const torch::Tensor& stddev);
  void setStandardizationFrom(const torch::Tensor& features);
  void clearStandardization();
  bool standardized() const { return zscore; }

  int64_t inputDim = 0;
  bool maxFirst = true;
  bool zscore = false;

  torch::nn::Linear selu_common1{nullptr};  // D -> 200
  torch::nn::Linear selu_common2{nullptr};  // 200 -> 200
  torch::nn::Linear selu_pu1{nullptr};      // 400 -> 300
  torch::nn::Linear selu_pu2{nullptr};      // 300 -> 300
  torch::nn::Linear selu_pu3{nullptr};      // 300 -> 200
  torch::Tensor feature_mean;               // buffer (D), zeros unless standardized
  torch::Tensor feature_std;                // buffer (D), ones unless standardized
};
TORCH_MODULE(CuratorNetModule);

// The module inside a CuratorNet (for the trainer). Call net.refreshCache() after changing it.
CuratorNetModule& moduleOf(CuratorNet& net);

// The catalog features of a CuratorNet as an (N, D) float32 tensor (a view; valid while `net` lives).
torch::Tensor featuresOf(const CuratorNet& net);

// LibTorch serialisation of a module's parameters and buffers (torch::save / torch::load).
std::string serializeModule(const CuratorNetModule& module);
void deserializeModule(CuratorNetModule& module, const std::string& bytes, const std::string& what);

}  // namespace vitrine
