#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vitrine {

// One layer of a loaded model, in the order of the Keras topology.
struct TfjsLayer {
  std::string name;
  std::string className;  // Keras class, e.g. "Conv2D"
};

// A layer's output in Keras (channels-last) order: e.g. shape {n, h, w, c} or {n, c}.
struct TfjsTensor {
  std::vector<int64_t> shape;
  std::vector<float> values;
};

// A TensorFlow.js *layers* model (model.json with a Keras functional or sequential topology plus
// a weights manifest and binary shards) rebuilt as a LibTorch graph interpreter. Weights may be
// float32, float16 or uint8/uint16 affine-quantised (value = min + scale * q). Convolutions follow
// TensorFlow's 'same'/'valid' padding (extra 'same' padding on the bottom/right). Throws
// vitrine::Error naming the file or layer for malformed files and unsupported layers.
// Thread-safe for concurrent predict()/embed() calls; inference runs without autograd.
class TfjsModel {
 public:
  // `path` is a model folder holding model.json, or the model.json file itself.
  explicit TfjsModel(const std::string& path);
  ~TfjsModel();
  TfjsModel(TfjsModel&&) noexcept;
  TfjsModel& operator=(TfjsModel&&) noexcept;

  const std::string& modelJsonPath() const;
  std::vector<TfjsLayer> layers() const;
  bool hasLayer(const std::string& name) const;
  std::string outputLayer() const;  // the model's (first) output
  // Input size declared by the InputLayer as {h, w, c}; 0 where the model leaves it open.
  std::vector<int64_t> inputShape() const;

  // Runs a batch of n images given as n*h*w*c float32 values (NHWC, as TensorFlow.js takes them)
  // and returns the requested layers' outputs, computing only what they need.
  std::vector<TfjsTensor> predict(const float* nhwc, int64_t n, int64_t h, int64_t w, int64_t c,
                                  const std::vector<std::string>& layerNames) const;

  // One embedding vector per image from `layer`: spatial outputs are global-average-pooled
  // (one value per channel), others flattened.
  std::vector<std::vector<float>> embed(const float* nhwc, int64_t n, int64_t h, int64_t w, int64_t c,
                                        const std::string& layer) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace vitrine
