#include "embeddings/tfjs_model.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "common/error.h"

namespace vitrine {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Op = std::function<at::Tensor(const std::vector<at::Tensor>&)>;

namespace {

struct Node {
  std::string name;
  std::string cls;
  std::vector<int> inputs;  // indices into Impl::nodes
  Op op;                    // empty for the InputLayer
  // A BatchNormalization right after its only-consumed convolution also carries the convolution
  // with the normalisation folded into its weights: used unless the convolution's own output is asked for.
  Op fusedOp;
  std::vector<int> fusedInputs;
};

float halfToFloat(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: renormalise
      exp = 127 - 15 + 1;
      while (!(mant & 0x400)) {
        mant <<= 1;
        --exp;
      }
      bits = sign | (exp << 23) | ((mant & 0x3ff) << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(p.string() + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// TensorFlow's SAME padding: output ceil(in/stride); the odd pixel of padding goes bottom/right.
std::pair<int64_t, int64_t> samePadding(int64_t in, int64_t k, int64_t stride, int64_t dilation) {
  const int64_t out = (in + stride - 1) / stride;
  const int64_t eff = (k - 1) * dilation + 1;
  const int64_t total = std::max<int64_t>((out - 1) * stride + eff - in, 0);
  return {total / 2, total - total / 2};
}

// Keras channels-last axis -> our NCHW axis for rank-4 tensors; other ranks keep their axis.
int64_t torchAxis(int64_t kerasAxis, int64_t rank) {
  if (kerasAxis < 0) kerasAxis += rank;
  if (rank != 4) return kerasAxis;
  static const int64_t map[4] = {0, 2, 3, 1};
  return map[kerasAxis];
}

at::Tensor toKerasOrder(const at::Tensor& t) {
  return t.dim() == 4 ? t.permute({0, 2, 3, 1}).contiguous() : t.contiguous();
}

class LayerBuilder {
 public:
  LayerBuilder(const std::string& file, const std::string& layer, const json& cfg,
               const std::unordered_map<std::string, at::Tensor>& weights)
      : m_file(file), m_layer(layer), m_cfg(cfg), m_weights(weights) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(m_file + ": layer \"" + m_layer + "\": " + what);
  }

  at::Tensor weight(const std::string& param) const {
    auto it = m_weights.find(m_layer + "/" + param);
    if (it == m_weights.end()) fail("weight \"" + m_layer + "/" + param + "\" is missing from the weights manifest");
    return it->second;
  }
  bool hasWeight(const std::string& param) const { return m_weights.count(m_layer + "/" + param) > 0; }

  template <class T>
  T get(const char* key, T fallback) const {
    auto it = m_cfg.find(key);
    if (it == m_cfg.end() || it->is_null()) return fallback;
    try {
      return it->get<T>();
    } catch (const std::exception&) {
      fail(std::string("config \"") + key + "\" has an unexpected value " + it->dump());
    }
  }

  // kernel_size / strides / pool_size / dilation_rate: an int or a pair.
  std::pair<int64_t, int64_t> pair(const char* key, std::pair<int64_t, int64_t> fallback) const {
    auto it = m_cfg.find(key);
    if (it == m_cfg.end() || it->is_null()) return fallback;
    if (it->is_number_integer()) return {it->get<int64_t>(), it->get<int64_t>()};
    if (it->is_array() && it->size() == 2 && (*it)[0].is_number_integer() && (*it)[1].is_number_integer())
      return {(*it)[0].get<int64_t>(), (*it)[1].get<int64_t>()};
    fail(std::string("config \"") + key + "\" must be an int or a pair of ints, not " + it->dump());
  }

  void requireChannelsLast() const {
    const std::string df = get<std::string>("data_format", "channels_last");
    if (df != "channels_last") fail("data_format \"" + df + "\" is not supported (only channels_last)");
  }

  bool isSame() const {
    const std::string p = get<std::string>("padding", "valid");
    if (p == "same") return true;
    if (p == "valid") return false;
    fail("padding \"" + p + "\" is not supported (only same and valid)");
  }

  std::function<at::Tensor(const at::Tensor&)> activation(const std::string& key = "activation") const {
    const std::string a = get<std::string>(key.c_str(), "linear");
    if (a == "linear" || a.empty()) return nullptr;
    if (a == "relu") return [](const at::Tensor& x) { return at::relu(x); };
    if (a == "relu6") return [](const at::Tensor& x) { return at::clamp(x, 0.0, 6.0); };
    if (a == "sigmoid") return [](const at::Tensor& x) { return at::sigmoid(x); };
    if (a == "tanh") return [](const at::Tensor& x) { return at::tanh(x); };
    if (a == "elu") return [](const at::Tensor& x) { return at::elu(x); };
    if (a == "selu") return [](const at::Tensor& x) { return at::selu(x); };
    if (a == "softplus") return [](const at::Tensor& x) { return at::softplus(x); };
    if (a == "swish" || a == "silu") return [](const at::Tensor& x) { return at::silu(x); };
    if (a == "hard_sigmoid" || a == "hardSigmoid")  // Keras: clip(0.2x + 0.5, 0, 1)
      return [](const at::Tensor& x) { return at::clamp(x * 0.2 + 0.5, 0.0, 1.0); };
    if (a == "softmax") return [](const at::Tensor& x) { return at::softmax(x, x.dim() == 4 ? 1 : -1); };
    fail("activation \"" + a + "\" is not supported");
  }

 private:
  const std::string& m_file;
  const std::string& m_layer;
  const json& m_cfg;
  const std::unordered_map<std::string, at::Tensor>& m_weights;
};

at::Tensor applyAct(const std::function<at::Tensor(const at::Tensor&)>& act, at::Tensor x) { return act ? act(x) : x; }

// Pads NCHW x by (top, bottom, left, right) with `value`.
at::Tensor pad4(const at::Tensor& x, int64_t t, int64_t b, int64_t l, int64_t r, double value = 0.0) {
  if (t == 0 && b == 0 && l == 0 && r == 0) return x;
  return at::constant_pad_nd(x, {l, r, t, b}, value);
}

// Batch normalisation as y = x * scale + shift per channel (scale, shift), computed in double.
std::pair<at::Tensor, at::Tensor> batchNormAffine(const LayerBuilder& lb) {
  const double eps = lb.get<double>("epsilon", 1e-3);
  const at::Tensor mean = lb.weight("moving_mean").to(at::kDouble);
  const at::Tensor var = lb.weight("moving_variance").to(at::kDouble);
  const int64_t c = mean.numel();
  at::Tensor gamma = lb.get<bool>("scale", true) ? lb.weight("gamma").to(at::kDouble) : at::ones({c}, at::kDouble);
  at::Tensor beta = lb.get<bool>("center", true) ? lb.weight("beta").to(at::kDouble) : at::zeros({c}, at::kDouble);
  if (var.numel() != c || gamma.numel() != c || beta.numel() != c) lb.fail("batch-norm parameters differ in length");
  const at::Tensor a = gamma / at::sqrt(var + eps);
  return {a.to(at::kFloat), (beta - mean * a).to(at::kFloat)};
}

int64_t batchNormAxis(const LayerBuilder& lb) {
  const json axisCfg = lb.get<json>("axis", json(-1));
  if (axisCfg.is_array() && axisCfg.size() == 1 && axisCfg[0].is_number_integer()) return axisCfg[0].get<int64_t>();
  if (axisCfg.is_number_integer()) return axisCfg.get<int64_t>();
  lb.fail("axis " + axisCfg.dump() + " is not supported");
}

// `bn` (optional) folds a following batch normalisation: w * scale per output channel, b * scale + shift.
Op makeConv(const LayerBuilder& lb, bool depthwise, const std::pair<at::Tensor, at::Tensor>* bn = nullptr) {
  lb.requireChannelsLast();
  const auto k = lb.pair("kernel_size", {1, 1});
  const auto s = lb.pair("strides", {1, 1});
  const auto d = lb.pair("dilation_rate", {1, 1});
  const bool same = lb.isSame();
  const auto act = lb.activation();
  at::Tensor w;
  int64_t groups = 1;
  if (depthwise) {
    at::Tensor kw = lb.weight("depthwise_kernel");  // Keras [kh, kw, in, mult] -> torch [in*mult, 1, kh, kw]
    if (kw.dim() != 4) lb.fail("depthwise_kernel must have 4 dimensions");
    groups = kw.size(2);
    w = kw.permute({2, 3, 0, 1}).reshape({kw.size(2) * kw.size(3), 1, kw.size(0), kw.size(1)}).contiguous();
  } else {
    at::Tensor kw = lb.weight("kernel");  // Keras [kh, kw, in/groups, out] -> torch [out, in/groups, kh, kw]
    if (kw.dim() != 4) lb.fail("kernel must have 4 dimensions");
    groups = lb.get<int64_t>("groups", 1);
    w = kw.permute({3, 2, 0, 1}).contiguous();
  }
  if (w.size(2) != k.first || w.size(3) != k.second) lb.fail("kernel shape does not match kernel_size");
  at::Tensor b;
  if (lb.get<bool>("use_bias", true)) {
    b = lb.weight("bias");
    if (b.numel() != w.size(0))
      lb.fail("bias has " + std::to_string(b.numel()) + " values for " + std::to_string(w.size(0)) + " filters");
  }
  if (bn) {
    if (bn->first.numel() != w.size(0)) lb.fail("the following batch normalisation has a different channel count");
    const at::Tensor scale = bn->first.to(at::kDouble);
    w = (w.to(at::kDouble) * scale.view({-1, 1, 1, 1})).to(at::kFloat).contiguous();
    b = ((b.defined() ? b.to(at::kDouble) * scale : at::zeros_like(scale)) + bn->second.to(at::kDouble)).to(at::kFloat);
  }
  // Channels-last weights: oneDNN (MKLDNN) then runs on channels-last activations without
  // reordering them to its blocked layout and back around every convolution.
  w = w.contiguous(at::MemoryFormat::ChannelsLast);
  return [=](const std::vector<at::Tensor>& in) {
    at::Tensor x = in[0];
    if (x.dim() != 4) throw Error("convolution expects a 4-d input");
    int64_t ph = 0, pw = 0;
    if (same) {
      const auto [t, bo] = samePadding(x.size(2), k.first, s.first, d.first);
      const auto [l, r] = samePadding(x.size(3), k.second, s.second, d.second);
      if (t == bo && l == r) {
        ph = t;
        pw = l;
      } else {
        x = pad4(x, t, bo, l, r);
      }
    }
    return applyAct(act, at::conv2d(x, w, b, {s.first, s.second}, {ph, pw}, {d.first, d.second}, groups));
  };
}

Op makeBatchNorm(const LayerBuilder& lb) {
  const int64_t axis = batchNormAxis(lb);
  // y = (x - mean) / sqrt(var + eps) * gamma + beta, as x * a + b.
  // Named copies, not a structured binding: C++17 does not allow capturing bindings in a lambda.
  const auto affine = batchNormAffine(lb);
  const at::Tensor a = affine.first;
  const at::Tensor b = affine.second;
  const int64_t c = a.numel();
  const std::string layer = lb.get<std::string>("name", "");
  return [=](const std::vector<at::Tensor>& in) {
    const at::Tensor& x = in[0];
    const int64_t r = x.dim();
    const int64_t ax = axis < 0 ? axis + r : axis;
    if (ax != r - 1) throw Error("layer \"" + layer + "\": batch normalisation is supported on the channel axis only");
    if (r == 4) return x * a.view({1, c, 1, 1}) + b.view({1, c, 1, 1});
    return x * a + b;
  };
}

Op makePool(const LayerBuilder& lb, bool isMax) {
  lb.requireChannelsLast();
  const auto k = lb.pair("pool_size", {2, 2});
  const auto s = lb.pair("strides", k);
  const bool same = lb.isSame();
  return [=](const std::vector<at::Tensor>& in) {
    at::Tensor x = in[0];
    if (x.dim() != 4) throw Error("pooling expects a 4-d input");
    if (!same) {
      return isMax ? at::max_pool2d(x, {k.first, k.second}, {s.first, s.second})
                   : at::avg_pool2d(x, {k.first, k.second}, {s.first, s.second});
    }
    const auto [t, b] = samePadding(x.size(2), k.first, s.first, 1);
    const auto [l, r] = samePadding(x.size(3), k.second, s.second, 1);
    if (t == b && l == r && 2 * t <= k.first && 2 * l <= k.second) {
      // TensorFlow averages over the valid pixels only, hence count_include_pad = false.
      return isMax ? at::max_pool2d(x, {k.first, k.second}, {s.first, s.second}, {t, l})
                   : at::avg_pool2d(x, {k.first, k.second}, {s.first, s.second}, {t, l}, false, false);
    }
    if (isMax) {
      return at::max_pool2d(pad4(x, t, b, l, r, -std::numeric_limits<double>::infinity()), {k.first, k.second},
                            {s.first, s.second});
    }
    const at::Tensor sum = at::avg_pool2d(pad4(x, t, b, l, r), {k.first, k.second}, {s.first, s.second});
    const at::Tensor ones = at::ones({1, 1, x.size(2), x.size(3)}, x.options());
    const at::Tensor count = at::avg_pool2d(pad4(ones, t, b, l, r), {k.first, k.second}, {s.first, s.second});
    return sum / count;
  };
}

Op makeZeroPadding(const LayerBuilder& lb) {
  lb.requireChannelsLast();
  const json p = lb.get<json>("padding", json(1));
  int64_t t = 0, b = 0, l = 0, r = 0;
  if (p.is_number_integer()) {
    t = b = l = r = p.get<int64_t>();
  } else if (p.is_array() && p.size() == 2 && p[0].is_number_integer()) {
    t = b = p[0].get<int64_t>();
    l = r = p[1].get<int64_t>();
  } else if (p.is_array() && p.size() == 2 && p[0].is_array() && p[0].size() == 2 && p[1].is_array() &&
             p[1].size() == 2) {
    t = p[0][0].get<int64_t>();
    b = p[0][1].get<int64_t>();
    l = p[1][0].get<int64_t>();
    r = p[1][1].get<int64_t>();
  } else {
    lb.fail("padding " + p.dump() + " is not supported");
  }
  return [=](const std::vector<at::Tensor>& in) { return pad4(in[0], t, b, l, r); };
}

Op makeRelu(const LayerBuilder& lb) {
  const json maxCfg = lb.get<json>("max_value", json());
  const bool hasMax = maxCfg.is_number();
  const double maxValue = hasMax ? maxCfg.get<double>() : 0.0;
  const double slope = lb.get<double>("negative_slope", 0.0);
  const double threshold = lb.get<double>("threshold", 0.0);
  return [=](const std::vector<at::Tensor>& in) {
    const at::Tensor& x = in[0];
    if (slope == 0.0 && threshold == 0.0) return hasMax ? at::clamp(x, 0.0, maxValue) : at::relu(x);
    // Keras ReLU: x >= threshold ? x : slope * (x - threshold), then capped at max_value.
    at::Tensor y = at::where(x >= threshold, x, (x - threshold) * slope);
    return hasMax ? at::clamp_max(y, maxValue) : y;
  };
}

Op makeDense(const LayerBuilder& lb) {
  const at::Tensor kernel = lb.weight("kernel");  // Keras [in, out] -> torch [out, in]
  if (kernel.dim() != 2) lb.fail("kernel must have 2 dimensions");
  const at::Tensor w = kernel.t().contiguous();
  at::Tensor b;
  if (lb.get<bool>("use_bias", true)) b = lb.weight("bias");
  const auto act = lb.activation();
  return [=](const std::vector<at::Tensor>& in) {
    if (in[0].dim() != 2) throw Error("Dense expects a flat input; add a Flatten or pooling layer before it");
    return applyAct(act, at::linear(in[0], w, b));
  };
}

Op makeMerge(const LayerBuilder& lb, const std::string& cls) {
  if (cls == "Concatenate") {
    const int64_t axis = lb.get<int64_t>("axis", -1);
    return [=](const std::vector<at::Tensor>& in) { return at::cat(in, torchAxis(axis, in[0].dim())); };
  }
  return [=](const std::vector<at::Tensor>& in) {
    at::Tensor y = in[0];
    for (size_t i = 1; i < in.size(); ++i) {
      if (cls == "Add" || cls == "Average")
        y = y + in[i];
      else if (cls == "Subtract")
        y = y - in[i];
      else if (cls == "Multiply")
        y = y * in[i];
      else if (cls == "Maximum")
        y = at::maximum(y, in[i]);
      else
        y = at::minimum(y, in[i]);
    }
    return cls == "Average" ? y / double(in.size()) : y;
  };
}

Op makeOp(const LayerBuilder& lb, const std::string& cls) {
  if (cls == "Conv2D" || cls == "Convolution2D") return makeConv(lb, false);
  if (cls == "DepthwiseConv2D") return makeConv(lb, true);
  if (cls == "BatchNormalization") return makeBatchNorm(lb);
  if (cls == "ReLU") return makeRelu(lb);
  if (cls == "Activation") {
    auto act = lb.activation();
    return [act](const std::vector<at::Tensor>& in) { return applyAct(act, in[0]); };
  }
  if (cls == "Softmax") {
    const int64_t axis = lb.get<int64_t>("axis", -1);
    return [axis](const std::vector<at::Tensor>& in) { return at::softmax(in[0], torchAxis(axis, in[0].dim())); };
  }
  if (cls == "LeakyReLU") {
    const double alpha = lb.get<double>("alpha", 0.3);
    return [alpha](const std::vector<at::Tensor>& in) { return at::leaky_relu(in[0], alpha); };
  }
  if (cls == "ZeroPadding2D") return makeZeroPadding(lb);
  if (cls == "MaxPooling2D" || cls == "MaxPool2D") return makePool(lb, true);
  if (cls == "AveragePooling2D" || cls == "AvgPool2D") return makePool(lb, false);
  if (cls == "GlobalAveragePooling2D" || cls == "GlobalMaxPooling2D") {
    lb.requireChannelsLast();
    const bool keep = lb.get<bool>("keepdims", false);
    const bool isMax = cls == "GlobalMaxPooling2D";
    return [=](const std::vector<at::Tensor>& in) {
      if (in[0].dim() != 4) throw Error(cls + " expects a 4-d input");
      return isMax ? at::amax(in[0], {2, 3}, keep) : at::mean(in[0], {2, 3}, keep);
    };
  }
  if (cls == "Add" || cls == "Concatenate" || cls == "Multiply" || cls == "Subtract" || cls == "Average" ||
      cls == "Maximum" || cls == "Minimum")
    return makeMerge(lb, cls);
  if (cls == "Flatten") {
    // Keras flattens channels-last, so restore NHWC order before flattening.
    return [](const std::vector<at::Tensor>& in) { return toKerasOrder(in[0]).reshape({in[0].size(0), -1}); };
  }
  if (cls == "Dense") return makeDense(lb);
  if (cls == "Dropout" || cls == "SpatialDropout2D" || cls == "GaussianNoise" || cls == "GaussianDropout" ||
      cls == "AlphaDropout")
    return [](const std::vector<at::Tensor>& in) { return in[0]; };  // identity at inference
  lb.fail("layer type " + cls + " is not supported");
}

// Collects ["name", node, tensor] references from Keras 2 and Keras 3 inbound_nodes.
void collectInbound(const json& j, std::vector<std::string>& out) {
  if (j.is_array()) {
    if (j.size() >= 3 && j[0].is_string() && j[1].is_number_integer()) {
      out.push_back(j[0].get<std::string>());
      return;
    }
    for (const auto& e : j) collectInbound(e, out);
  } else if (j.is_object()) {
    if (j.contains("keras_history")) {
      collectInbound(j["keras_history"], out);
      return;
    }
    if (j.contains("config")) collectInbound(j["config"], out);
    if (j.contains("args")) collectInbound(j["args"], out);
  }
}

}  // namespace

struct TfjsModel::Impl {
  std::string file;
  std::vector<Node> nodes;
  std::unordered_map<std::string, int> byName;
  int input = -1;
  int output = -1;
  std::vector<int64_t> inputShape{0, 0, 0};

  std::unordered_map<std::string, at::Tensor> loadWeights(const json& manifest, const fs::path& dir) const;
  void build(const json& topology, const std::unordered_map<std::string, at::Tensor>& weights);
  std::vector<at::Tensor> run(const float* nhwc, int64_t n, int64_t h, int64_t w, int64_t c,
                              const std::vector<std::string>& names) const;
};

std::unordered_map<std::string, at::Tensor> TfjsModel::Impl::loadWeights(const json& manifest,
                                                                         const fs::path& dir) const {
  std::unordered_map<std::string, at::Tensor> out;
  if (!manifest.is_array()) throw Error(file + ": weightsManifest must be a list");
  for (const auto& group : manifest) {
    if (!group.is_object() || !group.contains("paths") || !group.contains("weights"))
      throw Error(file + ": a weightsManifest entry lacks paths or weights");
    std::string bytes;
    for (const auto& p : group["paths"]) {
      if (!p.is_string()) throw Error(file + ": a weight shard path is not a string");
      try {
        bytes += readFile(dir / p.get<std::string>());
      } catch (const Error& e) {
        throw Error(file + ": weight shard: " + e.what());
      }
    }
    size_t offset = 0;
    for (const auto& w : group["weights"]) {
      if (!w.is_object()) throw Error(file + ": a weightsManifest weight entry is not an object: " + w.dump());
      const std::string name = w.value("name", "");
      std::vector<int64_t> shape = w.value("shape", std::vector<int64_t>{});
      // Checked product: a hostile shape (negative, or overflowing int64) is an error, never UB.
      int64_t count = 1;
      for (int64_t s : shape) {
        if (s < 0 || (s > 0 && count > int64_t(bytes.size()) / s))
          throw Error(file + ": weight \"" + name + "\" has an impossible shape " + json(shape).dump() + " for " +
                      std::to_string(bytes.size()) + " bytes of shards");
        count *= s;
      }
      const std::string dtype = w.value("dtype", "float32");
      const json q = w.value("quantization", json());
      const std::string stored = q.is_object() ? q.value("dtype", "") : dtype;
      const size_t width = stored == "uint8"                             ? 1
                           : (stored == "uint16" || stored == "float16") ? 2
                           : (stored == "float32" || stored == "int32")  ? 4
                                                                         : 0;
      if (width == 0) throw Error(file + ": weight \"" + name + "\" has unsupported dtype " + stored);
      if (dtype != "float32" && dtype != "int32")
        throw Error(file + ": weight \"" + name + "\" has unsupported dtype " + dtype);
      const size_t need = size_t(count) * width;
      if (need > bytes.size() || offset > bytes.size() - need)
        throw Error(file + ": the weight shards end before weight \"" + name + "\" (need " +
                    std::to_string(offset + need) + " bytes, have " + std::to_string(bytes.size()) + ")");
      at::Tensor t = at::empty({count}, at::kFloat);
      float* dst = t.data_ptr<float>();
      const unsigned char* src = reinterpret_cast<const unsigned char*>(bytes.data()) + offset;
      if (stored == "uint8" || stored == "uint16") {
        if (!q.contains("scale") || !q.contains("min"))
          throw Error(file + ": quantised weight \"" + name + "\" lacks scale or min");
        // Dequantised as TensorFlow.js does: q * scale + min in double, stored as float32.
        const double scale = q["scale"].get<double>(), mn = q["min"].get<double>();
        for (int64_t i = 0; i < count; ++i) {
          uint32_t v = src[i];
          if (stored == "uint16") {
            uint16_t u;
            std::memcpy(&u, src + 2 * i, 2);
            v = u;
          }
          dst[i] = float(double(v) * scale + mn);
        }
      } else if (stored == "float16") {
        for (int64_t i = 0; i < count; ++i) {
          uint16_t u;
          std::memcpy(&u, src + 2 * i, 2);
          dst[i] = halfToFloat(u);
        }
      } else if (stored == "int32") {
        for (int64_t i = 0; i < count; ++i) {
          int32_t v;
          std::memcpy(&v, src + 4 * i, 4);
          dst[i] = float(v);
        }
      } else {
        std::memcpy(dst, src, need);
      }
      offset += need;
      std::string key = name;
      if (key.size() > 2 && key.compare(key.size() - 2, 2, ":0") == 0) key.resize(key.size() - 2);
      out[key] = t.reshape(shape);
    }
  }
  return out;
}

void TfjsModel::Impl::build(const json& topology, const std::unordered_map<std::string, at::Tensor>& weights) {
  json mc = topology.contains("model_config") ? topology["model_config"] : topology;
  if (!mc.is_object() || !mc.contains("class_name") || !mc.contains("config"))
    throw Error(file + ": modelTopology has no Keras model_config (is this a graph model?)");
  const std::string modelClass = mc["class_name"].get<std::string>();
  const json& config = mc["config"];
  const bool sequential = modelClass == "Sequential";
  if (!sequential && modelClass != "Model" && modelClass != "Functional")
    throw Error(file + ": model class " + modelClass + " is not supported");
  const json& layers = config.is_array() ? config : config.value("layers", json::array());
  if (!layers.is_array() || layers.empty()) throw Error(file + ": the model has no layers");

  auto addInput = [&](const std::string& name, const json& cfg) {
    json shape = cfg.contains("batch_input_shape") ? cfg["batch_input_shape"]
                 : cfg.contains("batch_shape")     ? cfg["batch_shape"]
                                                   : json();
    if (shape.is_array() && shape.size() == 4) {
      for (int i = 0; i < 3; ++i) inputShape[i] = shape[i + 1].is_number_integer() ? shape[i + 1].get<int64_t>() : 0;
    } else if (shape.is_array() && shape.size() == 2) {
      inputShape = {shape[1].is_number_integer() ? shape[1].get<int64_t>() : 0};
    }
    Node n;
    n.name = name;
    n.cls = "InputLayer";
    input = int(nodes.size());
    byName[name] = input;
    nodes.push_back(std::move(n));
  };

  std::unordered_map<int, const json*> configs;
  int previous = -1;
  for (const auto& l : layers) {
    if (!l.is_object() || !l.contains("class_name") || !l.contains("config"))
      throw Error(file + ": a layer entry lacks class_name or config");
    const std::string cls = l["class_name"].get<std::string>();
    const json& cfg = l["config"];
    const std::string name = l.value("name", cfg.value("name", ""));
    if (name.empty()) throw Error(file + ": a " + cls + " layer has no name");
    if (byName.count(name)) throw Error(file + ": layer name \"" + name + "\" appears twice");
    if (cls == "InputLayer") {
      if (input >= 0) throw Error(file + ": layer \"" + name + "\": models with several inputs are not supported");
      addInput(name, cfg);
      previous = input;
      continue;
    }
    if (sequential && previous < 0) {
      addInput(name + "_input", cfg);
      previous = input;
    }
    Node n;
    n.name = name;
    n.cls = cls;
    if (sequential) {
      n.inputs = {previous};
    } else {
      std::vector<std::string> refs;
      const json inbound = l.value("inbound_nodes", json::array());
      if (inbound.is_array() && inbound.size() > 1)
        throw Error(file + ": layer \"" + name + "\" is applied more than once (shared layers are not supported)");
      collectInbound(inbound, refs);
      if (refs.empty()) throw Error(file + ": layer \"" + name + "\" has no inbound nodes");
      for (const auto& r : refs) {
        auto it = byName.find(r);
        if (it == byName.end())
          throw Error(file + ": layer \"" + name + "\" takes input from unknown or later layer \"" + r + "\"");
        n.inputs.push_back(it->second);
      }
    }
    LayerBuilder lb(file, name, cfg, weights);
    n.op = makeOp(lb, cls);
    byName[name] = int(nodes.size());
    previous = int(nodes.size());
    nodes.push_back(std::move(n));
    configs[previous] = &cfg;
  }
  // Fold each BatchNormalization into the convolution before it when that is its only consumer.
  std::vector<int> consumers(nodes.size(), 0);
  for (const auto& n : nodes)
    for (int j : n.inputs) consumers[j]++;
  for (auto& n : nodes) {
    if (n.cls != "BatchNormalization" || n.inputs.size() != 1) continue;
    const int c = n.inputs[0];
    const Node& conv = nodes[c];
    if ((conv.cls != "Conv2D" && conv.cls != "DepthwiseConv2D") || consumers[c] != 1) continue;
    const json& convCfg = *configs[c];
    const json& bnCfg = *configs[byName[n.name]];
    if (convCfg.value("activation", std::string("linear")) != "linear") continue;
    LayerBuilder bnb(file, n.name, bnCfg, weights);
    const int64_t axis = batchNormAxis(bnb);
    if (axis != -1 && axis != 3) continue;
    const auto affine = batchNormAffine(bnb);
    n.fusedOp = makeConv(LayerBuilder(file, conv.name, convCfg, weights), conv.cls == "DepthwiseConv2D", &affine);
    n.fusedInputs = conv.inputs;
  }
  if (input < 0) throw Error(file + ": the model has no InputLayer");
  output = previous;
  if (!sequential && config.contains("output_layers")) {
    std::vector<std::string> refs;
    collectInbound(config["output_layers"], refs);
    if (!refs.empty()) {
      auto it = byName.find(refs[0]);
      if (it == byName.end()) throw Error(file + ": output layer \"" + refs[0] + "\" does not exist");
      output = it->second;
    }
  }
}

std::vector<at::Tensor> TfjsModel::Impl::run(const float* nhwc, int64_t n, int64_t h, int64_t w, int64_t c,
                                             const std::vector<std::string>& names) const {
  if (n <= 0) return std::vector<at::Tensor>(names.size());
  if (inputShape.size() == 3) {
    if ((inputShape[0] && inputShape[0] != h) || (inputShape[1] && inputShape[1] != w) ||
        (inputShape[2] && inputShape[2] != c))
      throw Error(file + ": input of " + std::to_string(h) + "x" + std::to_string(w) + "x" + std::to_string(c) +
                  " does not match the model's " + std::to_string(inputShape[0]) + "x" + std::to_string(inputShape[1]) +
                  "x" + std::to_string(inputShape[2]));
  }
  std::vector<int> targets;
  for (const auto& nm : names) {
    auto it = byName.find(nm);
    if (it == byName.end()) throw Error(file + ": no layer named \"" + nm + "\"");
    targets.push_back(it->second);
  }
  const int count = int(nodes.size());
  std::vector<char> isTarget(count, 0);
  for (int t : targets) isTarget[t] = 1;
  // A folded batch norm skips its convolution unless that output is wanted too.
  auto fused = [&](int i) { return bool(nodes[i].fusedOp) && !isTarget[nodes[i].inputs[0]]; };
  auto inputsOf = [&](int i) -> const std::vector<int>& { return fused(i) ? nodes[i].fusedInputs : nodes[i].inputs; };
  // Only the ancestors of the targets run; each value is dropped after its last consumer.
  std::vector<char> needed(count, 0);
  std::vector<int> stack(targets.begin(), targets.end());
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    if (needed[i]) continue;
    needed[i] = 1;
    for (int j : inputsOf(i)) stack.push_back(j);
  }
  std::vector<int> uses(count, 0);
  for (int i = 0; i < count; ++i)
    if (needed[i])
      for (int j : inputsOf(i)) uses[j]++;
  for (int t : targets) uses[t]++;

  torch::NoGradGuard noGrad;  // thread-local: set in the thread that runs the graph
  std::vector<at::Tensor> values(count);
  at::Tensor x = torch::from_blob(const_cast<float*>(nhwc), {n, h, w, c}, at::kFloat);
  // NHWC memory seen as NCHW is a channels-last tensor: the graph runs channels-last throughout.
  values[input] = inputShape.size() == 1 ? x.reshape({n, -1}).clone()
                                         : x.permute({0, 3, 1, 2}).contiguous(at::MemoryFormat::ChannelsLast);
  for (int i = 0; i < count; ++i) {
    if (!needed[i] || i == input) continue;
    const Node& node = nodes[i];
    std::vector<at::Tensor> in;
    for (int j : inputsOf(i)) in.push_back(values[j]);
    try {
      values[i] = fused(i) ? node.fusedOp(in) : node.op(in);
    } catch (const Error& e) {
      throw Error(file + ": layer \"" + node.name + "\": " + e.what());
    } catch (const std::exception& e) {
      throw Error(file + ": layer \"" + node.name + "\" (" + node.cls + ") failed: " + e.what());
    }
    for (int j : inputsOf(i))
      if (--uses[j] == 0) values[j] = at::Tensor();
  }
  std::vector<at::Tensor> out;
  for (int t : targets) out.push_back(values[t]);
  return out;
}

TfjsModel::TfjsModel(const std::string& path) : m_impl(std::make_unique<Impl>()) {
  fs::path p(path);
  if (fs::is_directory(p)) p /= "model.json";
  m_impl->file = p.string();
  if (!fs::exists(p)) throw Error(m_impl->file + ": no such TensorFlow.js model file");
  json j;
  try {
    j = json::parse(readFile(p));
  } catch (const json::exception& e) {
    throw Error(m_impl->file + ": malformed JSON: " + e.what());
  }
  if (!j.is_object() || !j.contains("modelTopology"))
    throw Error(m_impl->file + ": not a TensorFlow.js layers model (no modelTopology)");
  // Sizes, shapes and paddings are read as integers; a float beyond the int64 range there would
  // be undefined behaviour in the conversion (UBSan, parser fuzz test). No real model has one.
  std::function<void(const json&)> checkNumbers = [&](const json& v) {
    if (v.is_number_float() && !(std::fabs(v.get<double>()) < 9.2e18))
      throw Error(m_impl->file + ": number " + v.dump() + " is out of range");
    if (v.is_structured())
      for (const auto& child : v) checkNumbers(child);
  };
  checkNumbers(j);
  try {
    const auto weights = m_impl->loadWeights(j.value("weightsManifest", json::array()), p.parent_path());
    m_impl->build(j["modelTopology"], weights);
  } catch (const json::exception& e) {
    throw Error(m_impl->file + ": unexpected model.json content: " + e.what());
  } catch (const c10::Error& e) {
    throw Error(m_impl->file + ": " + e.what_without_backtrace());
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw Error(m_impl->file + ": not enough memory for the model it describes");
  } catch (const std::exception& e) {
    throw Error(m_impl->file + ": unexpected model.json content: " + e.what());
  }
}

TfjsModel::~TfjsModel() = default;
TfjsModel::TfjsModel(TfjsModel&&) noexcept = default;
TfjsModel& TfjsModel::operator=(TfjsModel&&) noexcept = default;

const std::string& TfjsModel::modelJsonPath() const { return m_impl->file; }

std::vector<TfjsLayer> TfjsModel::layers() const {
  std::vector<TfjsLayer> out;
  for (const auto& n : m_impl->nodes) out.push_back({n.name, n.cls});
  return out;
}

bool TfjsModel::hasLayer(const std::string& name) const { return m_impl->byName.count(name) > 0; }
std::string TfjsModel::outputLayer() const { return m_impl->nodes[m_impl->output].name; }
std::vector<int64_t> TfjsModel::inputShape() const { return m_impl->inputShape; }

std::vector<TfjsTensor> TfjsModel::predict(const float* nhwc, int64_t n, int64_t h, int64_t w, int64_t c,
                                           const std::vector<std::string>& layerNames) const {
  std::vector<TfjsTensor> out;
  for (const at::Tensor& t : m_impl->run(nhwc, n, h, w, c, layerNames)) {
    TfjsTensor r;
    if (!t.defined()) {
      out.push_back(r);
      continue;
    }
    const at::Tensor k = toKerasOrder(t);
    r.shape.assign(k.sizes().begin(), k.sizes().end());
    r.values.assign(k.data_ptr<float>(), k.data_ptr<float>() + k.numel());
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::vector<float>> TfjsModel::embed(const float* nhwc, int64_t n, int64_t h, int64_t w, int64_t c,
                                                 const std::string& layer) const {
  std::vector<std::vector<float>> out;
  at::Tensor t = m_impl->run(nhwc, n, h, w, c, {layer})[0];
  if (!t.defined()) return out;
  torch::NoGradGuard noGrad;
  t = t.dim() == 4 ? t.mean({2, 3}) : toKerasOrder(t).reshape({n, -1});
  t = t.contiguous();
  const int64_t dim = t.size(1);
  for (int64_t i = 0; i < n; ++i) out.emplace_back(t.data_ptr<float>() + i * dim, t.data_ptr<float>() + (i + 1) * dim);
  return out;
}

}  // namespace vitrine
