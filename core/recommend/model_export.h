#pragma once
#include <string>

#include "recommend/curatornet.h"

// Open-format exports of a trained CuratorNet (issue 17, "Models"): the tutorial's reference
// layout of .npy files, which `vitrine-cli train --load-reference-npy DIR` (and the tutorial's
// own PyTorch code, state_dict key for key) reads back, and a TorchScript file that Python's
// torch.jit.load runs without Vitrine.
namespace vitrine {

// Writes into `dir` (created when missing):
//   selu_common1.weight.npy (200, D)   selu_common1.bias.npy (200,)
//   selu_common2.weight.npy (200, 200) selu_common2.bias.npy (200,)
//   selu_pu1.weight.npy (300, 400)     selu_pu1.bias.npy (300,)
//   selu_pu2.weight.npy (300, 300)     selu_pu2.bias.npy (300,)
//   selu_pu3.weight.npy (200, 300)     selu_pu3.bias.npy (200,)
// float32, PyTorch layout [out, in] (spec §2.1); config.json: {"format": "vitrine-curatornet-npy",
// "version": 1, "name", "embedding", "input_dim", "max_first", "zscore", "seed", "history",
// "metrics"}; and, for a model that z-scores its input (config.zscore), feature_mean.npy (D,) and
// feature_std.npy (D,), which loadReferenceNpy applies too, so the round trip scores identically.
// Throws vitrine::Error naming the file that cannot be written.
void exportReferenceNpy(const CuratorNet& net, const std::string& dir);

// Writes a TorchScript module (torch.jit.save format, LibTorch's own version) with the weights
// as parameters and three methods, all on raw embedding vectors (float32, the model's D):
//   forward(profile: Tensor[P, D], candidates: Tensor[N, D]) -> Tensor[N]   scores, as
//       CuratorNet::scoreAll (user tower over the pooled profile, dot with each item tower)
//   item_vectors(features: Tensor[N, D]) -> Tensor[N, 200]
//   user_vector(profile: Tensor[P, D]) -> Tensor[200]
// Throws vitrine::Error naming the file when it cannot be written.
void exportTorchScript(const CuratorNet& net, const std::string& path);

}  // namespace vitrine
