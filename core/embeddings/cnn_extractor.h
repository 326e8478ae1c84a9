#pragma once
#include <memory>
#include <string>
#include <vector>

#include "embeddings/extractor.h"

namespace vitrine {

class TfjsModel;

// A CNN the project knows how to obtain (scripts/fetch-cnn-weights.sh) and preprocess.
struct CnnSpec {
  std::string model;         // folder name under the models dir, e.g. "mobilenet_v2"
  int inputSize = 0;         // square input side in pixels
  std::string defaultLayer;  // embedding layer chosen by period 1-NN accuracy (docs/cnn-embeddings.md)
};
const std::vector<CnnSpec>& builtinCnns();

// Folders searched for converted models, in order: $VITRINE_MODELS_DIR,
// <executable dir>/../share/vitrine/models, the build tree's models dir.
std::vector<std::string> cnnModelSearchPath();
// The folder holding `model`/model.json in the search path, or "" when none has it.
std::string findCnnModelDir(const std::string& model);

// RGB -> bilinear resize to size x size without crop -> x/255, appended to `nhwc` (cnn-golden).
void appendCnnInput(const Image& rgb, int size, std::vector<float>& nhwc);

// Embeds with a layer of a TensorFlow.js layers model: spatial outputs are global-average-pooled.
// Name "<model>" for the default layer, "<model>:<layer>" otherwise.
class TfjsExtractor : public Extractor {
 public:
  TfjsExtractor(const CnnSpec& spec, const std::string& modelDir, const std::string& layer = "");
  ~TfjsExtractor() override;
  std::string name() const override;
  std::string version() const override;
  int dimension() const override { return m_dimension; }
  std::vector<FeatureBlock> blocks() const override;
  std::vector<float> extract(const Image& rgb) const override;
  std::vector<std::vector<float>> extractBatch(const std::vector<Image>& rgb) const override;
  int preferredBatch() const override { return 16; }
  bool prefersSourceImage() const override { return true; }
  Image prepare(const Image& rgb) const override;  // bilinear resize to the input size
  void setComputeThreads(int threads) const override;
  const std::string& layer() const { return m_layer; }

 private:
  CnnSpec m_spec;
  std::string m_layer;
  std::unique_ptr<TfjsModel> m_model;
  int m_dimension = 0;
};

// A user's TorchScript image model. Spec: "torchscript:PATH" with optional "?key=value&..."
// options: size=S or size=WxH (default 224), norm=imagenet|unit (default imagenet: x/255 then
// ImageNet mean/std), mean=r,g,b and std=r,g,b (on the 0..1 scale), output=K (tuple/list index
// or dict key when the model returns several), name=NAME (embedding name). The model takes a
// float NCHW batch; a 4-d output is global-average-pooled, any other flattened.
class TorchScriptExtractor : public Extractor {
 public:
  explicit TorchScriptExtractor(const std::string& spec);
  ~TorchScriptExtractor() override;
  std::string name() const override { return m_name; }
  std::string version() const override { return m_version; }
  int dimension() const override { return m_dimension; }
  std::vector<float> extract(const Image& rgb) const override;
  std::vector<std::vector<float>> extractBatch(const std::vector<Image>& rgb) const override;
  int preferredBatch() const override { return 16; }
  bool prefersSourceImage() const override { return true; }
  Image prepare(const Image& rgb) const override;  // resize to the model's input size
  void setComputeThreads(int threads) const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::string m_name;
  std::string m_version;
  int m_dimension = 0;
};

// The CNN extractor for `spec` ("mobilenet_v2[:LAYER]", "inception_v3[:LAYER]",
// "torchscript:PATH[?options]"), or nullptr when `spec` names none of them. Throws vitrine::Error
// when the weights are missing (saying how to fetch them) or the model/layer is unusable.
std::unique_ptr<Extractor> makeCnnExtractor(const std::string& spec);

}  // namespace vitrine
