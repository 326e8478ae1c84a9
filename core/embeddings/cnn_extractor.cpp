#include "embeddings/cnn_extractor.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "common/error.h"
#include "common/platform.h"
#include "embeddings/tfjs_model.h"

namespace vitrine {

namespace fs = std::filesystem;

namespace {

fs::path executableDir() { return platform::executableDir(); }

// A batch of 16 at 224 x 224 allocates and frees activations of up to 88 MB per layer (77 MB for
// MobileNetV2's block_1_expand); kept in the heap they are reused instead of faulted in afresh
// (platform.h). A static initializer, like trainer.cpp's BLAS switch: before main() starts a
// thread, so every thread shares the arena. embedArtworks hands the memory back when it ends.
const bool kHeapKeepsTensors = platform::keepFreedBlocksInHeap(std::size_t(256) << 20);

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, sep)) out.push_back(part);
  return out;
}

std::string fetchHint() {
  std::string where;
  for (const auto& d : cnnModelSearchPath()) where += "\n  " + d;
  return "Get the CNN weights with scripts/fetch-cnn-weights.sh [OUT_DIR] (needs node and npm; it "
         "converts the models shipped in the npm package nsfwjs@4.4.0), or set VITRINE_MODELS_DIR to a "
         "folder holding mobilenet_v2/ and inception_v3/. Searched:" +
         where;
}

}  // namespace

const std::vector<CnnSpec>& builtinCnns() {
  // Default layers: best leave-one-out period 1-NN on resources/demo (docs/cnn-embeddings.md).
  static const std::vector<CnnSpec> specs = {
      {"mobilenet_v2", 224, "block_12_add"},
      {"inception_v3", 299, "mixed3"},
  };
  return specs;
}

std::vector<std::string> cnnModelSearchPath() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("VITRINE_MODELS_DIR"); env && *env) out.emplace_back(env);
  const fs::path exe = executableDir();
  if (!exe.empty()) out.push_back((exe / ".." / "share" / "vitrine" / "models").lexically_normal().string());
#ifdef VITRINE_BUILD_MODELS_DIR
  out.emplace_back(VITRINE_BUILD_MODELS_DIR);
#endif
  return out;
}

std::string findCnnModelDir(const std::string& model) {
  for (const auto& d : cnnModelSearchPath()) {
    std::error_code ec;
    const fs::path p = fs::path(d) / model;
    if (fs::is_regular_file(p / "model.json", ec)) return p.string();
  }
  return {};
}

void appendCnnInput(const Image& rgb, int size, std::vector<float>& nhwc) {
  const Image r = (rgb.width == size && rgb.height == size) ? rgb : resizeExact(rgb, size, size);
  if (r.empty()) throw Error("the image cannot be resized for the CNN");
  const size_t base = nhwc.size();
  nhwc.resize(base + r.rgb.size());
  for (size_t i = 0; i < r.rgb.size(); ++i) nhwc[base + i] = float(r.rgb[i]) / 255.0f;
}

// ---- TensorFlow.js models ----

TfjsExtractor::TfjsExtractor(const CnnSpec& spec, const std::string& modelDir, const std::string& layer)
    : m_spec(spec), m_layer(layer.empty() ? spec.defaultLayer : layer), m_model(std::make_unique<TfjsModel>(modelDir)) {
  if (!m_model->hasLayer(m_layer))
    throw Error(m_model->modelJsonPath() + ": no layer named \"" + m_layer + "\" in " + spec.model);
  // The output width of an arbitrary layer is easiest learnt by running it once.
  const std::vector<float> zeros(size_t(spec.inputSize) * spec.inputSize * 3, 0.0f);
  m_dimension = int(m_model->embed(zeros.data(), 1, spec.inputSize, spec.inputSize, 3, m_layer)[0].size());
}

TfjsExtractor::~TfjsExtractor() = default;

std::string TfjsExtractor::name() const {
  return m_layer == m_spec.defaultLayer ? m_spec.model : m_spec.model + ":" + m_layer;
}

std::string TfjsExtractor::version() const {
  // "source": computed from the source image file when present (issue 16.10), which changed the
  // vectors of catalogs embedded from thumbnails before; the new version makes `embed` redo them.
  return "nsfwjs-4.4.0 " + m_spec.model + "/" + m_layer + " gap, bilinear " + std::to_string(m_spec.inputSize) +
         " x/255 source";
}

std::vector<FeatureBlock> TfjsExtractor::blocks() const {
  FeatureBlock b;
  b.name = m_spec.model + ":" + m_layer;
  b.dimension = m_dimension;
  b.description = "Activations of layer " + m_layer + " of the " + m_spec.model +
                  " CNN (ImageNet backbone from nsfwjs), averaged over the image: one value per channel.";
  return {b};
}

std::vector<float> TfjsExtractor::extract(const Image& rgb) const { return extractBatch({rgb})[0]; }

Image TfjsExtractor::prepare(const Image& rgb) const {
  const int s = m_spec.inputSize;
  return (rgb.width == s && rgb.height == s) ? rgb : resizeExact(rgb, s, s);
}

void TfjsExtractor::setComputeThreads(int threads) const {
  if (threads > 0) at::set_num_threads(threads);
}

std::vector<std::vector<float>> TfjsExtractor::extractBatch(const std::vector<Image>& rgb) const {
  std::vector<float> nhwc;
  const int s = m_spec.inputSize;
  nhwc.reserve(rgb.size() * size_t(s) * s * 3);
  for (const auto& img : rgb) appendCnnInput(img, s, nhwc);
  return m_model->embed(nhwc.data(), int64_t(rgb.size()), s, s, 3, m_layer);
}

// ---- TorchScript models ----

struct TorchScriptExtractor::Impl {
  torch::jit::Module module;
  std::string path;
  int width = 224, height = 224;
  std::vector<float> mean{0.485f, 0.456f, 0.406f}, stdev{0.229f, 0.224f, 0.225f};
  std::string output;  // "" = the whole result; else an index or a dict key
  std::vector<std::vector<float>> run(const std::vector<Image>& rgb) const;
};

TorchScriptExtractor::TorchScriptExtractor(const std::string& spec) : m_impl(std::make_unique<Impl>()) {
  std::string rest = spec.rfind("torchscript:", 0) == 0 ? spec.substr(12) : spec;
  std::string options;
  if (auto q = rest.rfind('?'); q != std::string::npos && rest.find('=', q) != std::string::npos) {
    options = rest.substr(q + 1);
    rest.resize(q);
  }
  Impl& m = *m_impl;
  m.path = rest;
  if (m.path.empty()) throw Error("torchscript: give the model file as torchscript:PATH");
  std::string name = "torchscript:" + fs::path(m.path).stem().string();
  auto floats = [&](const std::string& key, const std::string& v) {
    std::vector<float> out;
    try {
      for (const auto& p : split(v, ',')) out.push_back(std::stof(p));
    } catch (const std::exception&) {
      out.clear();
    }
    if (out.size() != 3) throw Error("torchscript option " + key + "=" + v + ": expected three numbers r,g,b");
    return out;
  };
  for (const auto& kv : split(options, '&')) {
    if (kv.empty()) continue;
    const auto eq = kv.find('=');
    const std::string key = kv.substr(0, eq), value = eq == std::string::npos ? "" : kv.substr(eq + 1);
    if (key == "size") {
      const auto parts = split(value, 'x');
      try {
        m.width = std::stoi(parts.at(0));
        m.height = parts.size() > 1 ? std::stoi(parts[1]) : m.width;
      } catch (const std::exception&) {
        m.width = 0;
      }
      if (m.width <= 0 || m.height <= 0 || m.width > 4096 || m.height > 4096)
        throw Error("torchscript option size=" + value + ": expected S or WxH pixels");
    } else if (key == "norm") {
      if (value == "unit") {
        m.mean = {0, 0, 0};
        m.stdev = {1, 1, 1};
      } else if (value != "imagenet") {
        throw Error("torchscript option norm=" + value + ": expected imagenet or unit");
      }
    } else if (key == "mean") {
      m.mean = floats(key, value);
    } else if (key == "std") {
      m.stdev = floats(key, value);
    } else if (key == "output") {
      m.output = value;
    } else if (key == "name") {
      name = value;
    } else {
      throw Error("torchscript: unknown option \"" + key + "\" (size, norm, mean, std, output, name)");
    }
  }
  std::error_code ec;
  if (!fs::is_regular_file(m.path, ec)) throw Error(m.path + ": no such TorchScript model file");
  try {
    m.module = torch::jit::load(m.path, torch::kCPU);
    m.module.eval();
  } catch (const std::exception& e) {
    std::string why = e.what();
    if (auto nl = why.find('\n'); nl != std::string::npos && nl > 0) why.resize(nl);
    throw Error(m.path + ": cannot load it as a TorchScript model with LibTorch " + std::string(TORCH_VERSION) +
                " (a file saved by a newer PyTorch, or not made by torch.jit.save, is not readable): " + why);
  }
  m_name = name;
  std::ostringstream v;
  v << "torchscript source " << fs::file_size(m.path, ec) << "B " << m.width << "x" << m.height << " mean " << m.mean[0]
    << "," << m.mean[1] << "," << m.mean[2] << " std " << m.stdev[0] << "," << m.stdev[1] << "," << m.stdev[2]
    << " output " << (m.output.empty() ? "-" : m.output);
  m_version = v.str();
  Image probe;
  probe.width = m.width;
  probe.height = m.height;
  probe.rgb.assign(size_t(m.width) * m.height * 3, 128);
  m_dimension = int(m.run({probe})[0].size());
}

TorchScriptExtractor::~TorchScriptExtractor() = default;

std::vector<std::vector<float>> TorchScriptExtractor::Impl::run(const std::vector<Image>& rgb) const {
  torch::NoGradGuard noGrad;  // thread-local: set in the thread that runs the model
  std::vector<float> nhwc;
  for (const auto& img : rgb) {
    const Image r = (img.width == width && img.height == height) ? img : resizeExact(img, width, height);
    if (r.empty()) throw Error(path + ": the image cannot be resized for the model");
    for (size_t i = 0; i < r.rgb.size(); ++i) nhwc.push_back(float(r.rgb[i]) / 255.0f);
  }
  const int64_t n = int64_t(rgb.size());
  at::Tensor x = torch::from_blob(nhwc.data(), {n, height, width, 3}, at::kFloat);
  x = ((x - torch::tensor(mean)) / torch::tensor(stdev)).permute({0, 3, 1, 2}).contiguous();
  torch::jit::IValue result;
  try {
    result = const_cast<torch::jit::Module&>(module).forward({x});
    if (!output.empty()) {
      if (result.isTuple() || result.isList()) {
        const auto items = result.isTuple() ? result.toTuple()->elements().vec() : result.toListRef().vec();
        const size_t k = size_t(std::stoul(output));
        if (k >= items.size())
          throw Error("output=" + output + " but the model returns " + std::to_string(items.size()) + " values");
        result = items[k];
      } else if (result.isGenericDict()) {
        auto dict = result.toGenericDict();
        auto it = dict.find(torch::jit::IValue(output));
        if (it == dict.end()) throw Error("output=" + output + " is not a key of the model's result");
        result = it->value();
      }
    } else if (result.isTuple()) {
      result = result.toTuple()->elements()[0];
    }
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  } catch (const std::exception& e) {
    std::string why = e.what();
    if (auto nl = why.find('\n'); nl != std::string::npos && nl > 0) why.resize(nl);
    throw Error(path + ": running the TorchScript model on a " + std::to_string(n) + "x3x" + std::to_string(height) +
                "x" + std::to_string(width) + " batch failed: " + why);
  }
  if (!result.isTensor()) throw Error(path + ": the model's output is not a tensor (choose one with ?output=K)");
  at::Tensor y = result.toTensor().to(at::kFloat);
  if (y.dim() == 0 || y.size(0) != n) throw Error(path + ": the model's output has no batch dimension");
  y = (y.dim() == 4 ? y.mean({2, 3}) : y.reshape({n, -1})).contiguous();
  std::vector<std::vector<float>> out;
  const int64_t dim = y.size(1);
  for (int64_t i = 0; i < n; ++i) out.emplace_back(y.data_ptr<float>() + i * dim, y.data_ptr<float>() + (i + 1) * dim);
  return out;
}

std::vector<float> TorchScriptExtractor::extract(const Image& rgb) const { return m_impl->run({rgb})[0]; }

Image TorchScriptExtractor::prepare(const Image& rgb) const {
  const int w = m_impl->width, h = m_impl->height;
  return (rgb.width == w && rgb.height == h) ? rgb : resizeExact(rgb, w, h);
}

void TorchScriptExtractor::setComputeThreads(int threads) const {
  if (threads > 0) at::set_num_threads(threads);
}

std::vector<std::vector<float>> TorchScriptExtractor::extractBatch(const std::vector<Image>& rgb) const {
  return m_impl->run(rgb);
}

std::unique_ptr<Extractor> makeCnnExtractor(const std::string& spec) {
  if (spec.rfind("torchscript:", 0) == 0) return std::make_unique<TorchScriptExtractor>(spec);
  const auto colon = spec.find(':');
  const std::string model = spec.substr(0, colon);
  const std::string layer = colon == std::string::npos ? "" : spec.substr(colon + 1);
  for (const auto& s : builtinCnns()) {
    if (s.model != model) continue;
    const std::string dir = findCnnModelDir(model);
    if (dir.empty()) throw Error("the " + model + " weights are not installed. " + fetchHint());
    return std::make_unique<TfjsExtractor>(s, dir, layer);
  }
  return nullptr;
}

}  // namespace vitrine
