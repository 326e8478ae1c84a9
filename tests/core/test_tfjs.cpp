#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "embeddings/cnn_extractor.h"
#include "embeddings/embed.h"
#include "embeddings/tfjs_model.h"
#include "catalog/catalog.h"
#include "imaging/image.h"
#include "ingest/importer.h"
#include "testutil.h"

#include <filesystem>

using namespace vitrine;
using json = nlohmann::json;

namespace {

std::vector<float> readF32(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(0, std::ios::end);
  const auto size = size_t(in.tellg());
  in.seekg(0);
  std::vector<float> v(size / 4);
  in.read(reinterpret_cast<char*>(v.data()), std::streamsize(v.size() * 4));
  return v;
}

void writeBytes(const std::string& path, const std::vector<unsigned char>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

std::vector<unsigned char> f32Bytes(const std::vector<float>& v) {
  std::vector<unsigned char> b(v.size() * 4);
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(double(a[i]) - double(b[i])));
  return m;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ab += double(a[i]) * b[i];
    aa += double(a[i]) * a[i];
    bb += double(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb);
}

json layer(const std::string& cls, const std::string& name, json cfg, const std::vector<std::string>& inputs) {
  cfg["name"] = name;
  json inbound = json::array();
  if (!inputs.empty()) {
    json node = json::array();
    for (const auto& i : inputs) node.push_back(json::array({i, 0, 0, json::object()}));
    inbound.push_back(node);
  }
  return {{"name", name}, {"class_name", cls}, {"config", cfg}, {"inbound_nodes", inbound}};
}

json inputLayer(int h, int w, int c) {
  return layer("InputLayer", "input_1", {{"batch_input_shape", {nullptr, h, w, c}}, {"dtype", "float32"}}, {});
}

// Writes dir/model.json (functional model, output = last layer) and dir/w.bin.
void writeModel(const std::string& dir, const json& layers, const json& weightSpecs,
                const std::vector<unsigned char>& weights) {
  json model = {{"format", "layers-model"},
                {"modelTopology",
                 {{"model_config",
                   {{"class_name", "Model"},
                    {"config",
                     {{"name", "tiny"},
                      {"layers", layers},
                      {"input_layers", {{"input_1", 0, 0}}},
                      {"output_layers", {{layers.back()["name"], 0, 0}}}}}}}}},
                {"weightsManifest", {{{"paths", {"w.bin"}}, {"weights", weightSpecs}}}}};
  test::writeText(dir + "/model.json", model.dump());
  writeBytes(dir + "/w.bin", weights);
}

// Input x[i][j] = i * w + j + 1 (one channel).
std::vector<float> ramp(int h, int w) {
  std::vector<float> v(size_t(h * w));
  for (int i = 0; i < h * w; ++i) v[size_t(i)] = float(i + 1);
  return v;
}

std::string modelsHint() {
  return "converted CNN weights not found (run scripts/fetch-cnn-weights.sh, which needs npm; searched "
         "VITRINE_MODELS_DIR, <exe>/../share/vitrine/models and the build tree's models/)";
}

}  // namespace

// ---- the loader on tiny hand-made models ----

TEST(TfjsLoader, ConvSameStride2PadsBottomRightOnOddSize) {
  test::TempDir dir;
  // 5x5 input, 2x2 ones kernel, stride 2, 'same': output 3x3, one padding row/column at the
  // bottom/right only (TensorFlow), so out[0][0] sums x[0..1][0..1] and out[2][2] is x[4][4].
  json layers = {inputLayer(5, 5, 1), layer("Conv2D", "conv",
                                            {{"filters", 1},
                                             {"kernel_size", {2, 2}},
                                             {"strides", {2, 2}},
                                             {"padding", "same"},
                                             {"data_format", "channels_last"},
                                             {"dilation_rate", {1, 1}},
                                             {"activation", "linear"},
                                             {"use_bias", true}},
                                            {"input_1"})};
  json specs = {{{"name", "conv/kernel"}, {"shape", {2, 2, 1, 1}}, {"dtype", "float32"}},
                {{"name", "conv/bias"}, {"shape", {1}}, {"dtype", "float32"}}};
  writeModel(dir.path(), layers, specs, f32Bytes({1, 1, 1, 1, 0.5f}));
  TfjsModel m(dir.path());
  const auto x = ramp(5, 5);
  const auto out = m.predict(x.data(), 1, 5, 5, 1, {"conv"})[0];
  ASSERT_EQ(out.shape, (std::vector<int64_t>{1, 3, 3, 1}));
  const std::vector<float> expected = {
      1 + 2 + 6 + 7, 3 + 4 + 8 + 9, 5 + 10, 11 + 12 + 16 + 17, 13 + 14 + 18 + 19, 15 + 20, 21 + 22, 23 + 24, 25};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_FLOAT_EQ(out.values[i], expected[i] + 0.5f) << i;
}

TEST(TfjsLoader, Conv3x3SameStride2OnEvenSizeAndKernelLayout) {
  test::TempDir dir;
  // 4x4 input, 3x3 kernel, stride 2, 'same': total padding 1, all of it bottom/right. Kernel is
  // [kh, kw, in, out] with one non-zero tap at (0, 1) for output channel 1, so out1[r][c] = x[2r][2c+1].
  json layers = {inputLayer(4, 4, 1),
                 layer("Conv2D", "conv",
                       {{"filters", 2}, {"kernel_size", 3}, {"strides", 2}, {"padding", "same"}, {"use_bias", false}},
                       {"input_1"})};
  std::vector<float> k(3 * 3 * 1 * 2, 0.0f);
  k[(0 * 3 + 0) * 2 + 0] = 1.0f;  // out0 = x at the window's top-left = x[2r][2c]
  k[(0 * 3 + 1) * 2 + 1] = 1.0f;  // out1 = x[2r][2c+1]
  writeModel(dir.path(), layers, {{{"name", "conv/kernel"}, {"shape", {3, 3, 1, 2}}, {"dtype", "float32"}}},
             f32Bytes(k));
  TfjsModel m(dir.path());
  const auto x = ramp(4, 4);
  const auto out = m.predict(x.data(), 1, 4, 4, 1, {"conv"})[0];
  ASSERT_EQ(out.shape, (std::vector<int64_t>{1, 2, 2, 2}));
  // NHWC: (r, c, channel)
  EXPECT_FLOAT_EQ(out.values[0], 1);   // x[0][0]
  EXPECT_FLOAT_EQ(out.values[1], 2);   // x[0][1]
  EXPECT_FLOAT_EQ(out.values[2], 3);   // x[0][2]
  EXPECT_FLOAT_EQ(out.values[3], 4);   // x[0][3]
  EXPECT_FLOAT_EQ(out.values[4], 9);   // x[2][0]
  EXPECT_FLOAT_EQ(out.values[7], 12);  // x[2][3]
}

TEST(TfjsLoader, AveragePoolSameCountsOnlyValidPixelsAndMaxPool) {
  test::TempDir dir;
  json layers = {
      inputLayer(3, 3, 1),
      layer("AveragePooling2D", "avg", {{"pool_size", {2, 2}}, {"strides", {2, 2}}, {"padding", "same"}}, {"input_1"}),
      layer("MaxPooling2D", "max", {{"pool_size", {2, 2}}, {"strides", nullptr}, {"padding", "same"}}, {"input_1"}),
      layer("Concatenate", "cat", {{"axis", -1}}, {"avg", "max"})};
  writeModel(dir.path(), layers, json::array(), {});
  TfjsModel m(dir.path());
  const auto x = ramp(3, 3);
  const auto out = m.predict(x.data(), 1, 3, 3, 1, {"cat"})[0];
  ASSERT_EQ(out.shape, (std::vector<int64_t>{1, 2, 2, 2}));
  const std::vector<float> expected = {(1 + 2 + 4 + 5) / 4.0f, 5, (3 + 6) / 2.0f, 6, (7 + 8) / 2.0f, 8, 9, 9};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_FLOAT_EQ(out.values[i], expected[i]) << i;
}

TEST(TfjsLoader, QuantisedAndFloat16WeightsDequantise) {
  test::TempDir dir;
  // Dense 2 -> 2, kernel uint8-quantised (value = min + scale * q), bias float16.
  json layers = {layer("InputLayer", "input_1", {{"batch_input_shape", {nullptr, 2}}}, {}),
                 layer("Dense", "dense", {{"units", 2}, {"activation", "linear"}, {"use_bias", true}}, {"input_1"})};
  json specs = {
      {{"name", "dense/kernel"},
       {"shape", {2, 2}},
       {"dtype", "float32"},
       {"quantization", {{"dtype", "uint8"}, {"scale", 0.5}, {"min", -1.0}}}},
      {{"name", "dense/bias"}, {"shape", {2}}, {"dtype", "float32"}, {"quantization", {{"dtype", "float16"}}}}};
  // kernel q = [[0, 1], [2, 255]] -> [[-1, -0.5], [0, 126.5]]; bias half 1.5 (0x3E00), -2 (0xC000).
  writeModel(dir.path(), layers, specs, {0, 1, 2, 255, 0x00, 0x3E, 0x00, 0xC0});
  TfjsModel m(dir.path());
  const std::vector<float> x = {2, 3};
  const auto out = m.predict(x.data(), 1, 1, 1, 2, {"dense"})[0];
  ASSERT_EQ(out.shape, (std::vector<int64_t>{1, 2}));
  EXPECT_FLOAT_EQ(out.values[0], 2 * -1.0f + 3 * 0.0f + 1.5f);
  EXPECT_FLOAT_EQ(out.values[1], 2 * -0.5f + 3 * 126.5f - 2.0f);
}

TEST(TfjsLoader, DepthwiseBatchNormRelu6AndFlattenOrder) {
  test::TempDir dir;
  // 2x2x2 input; depthwise 1x1 multiplier 2: out channel i*2+m = x_i * k[i][m].
  json layers = {
      inputLayer(2, 2, 2),
      layer("DepthwiseConv2D", "dw",
            {{"kernel_size", {1, 1}}, {"depth_multiplier", 2}, {"padding", "valid"}, {"use_bias", false}}, {"input_1"}),
      layer("BatchNormalization", "bn", {{"axis", -1}, {"epsilon", 0.0}, {"center", true}, {"scale", false}}, {"dw"}),
      layer("ReLU", "relu", {{"max_value", 6.0}}, {"bn"}), layer("Flatten", "flat", json::object(), {"relu"})};
  std::vector<float> w = {1, 10, -1, 2};  // depthwise_kernel [1,1,2,2]
  std::vector<float> bn = {0, 0, 0, 0,    // beta
                           1, 1, 1, 1,    // moving_mean
                           1, 1, 4, 4};   // moving_variance
  w.insert(w.end(), bn.begin(), bn.end());
  json specs = {{{"name", "dw/depthwise_kernel"}, {"shape", {1, 1, 2, 2}}, {"dtype", "float32"}},
                {{"name", "bn/beta"}, {"shape", {4}}, {"dtype", "float32"}},
                {{"name", "bn/moving_mean"}, {"shape", {4}}, {"dtype", "float32"}},
                {{"name", "bn/moving_variance"}, {"shape", {4}}, {"dtype", "float32"}}};
  writeModel(dir.path(), layers, specs, f32Bytes(w));
  TfjsModel m(dir.path());
  // pixels (NHWC): p0 = (1, 2), p1 = (3, 4), p2 = (0.5, -1), p3 = (2, 1)
  const std::vector<float> x = {1, 2, 3, 4, 0.5f, -1, 2, 1};
  const auto out = m.predict(x.data(), 1, 2, 2, 2, {"flat"})[0];
  ASSERT_EQ(out.shape, (std::vector<int64_t>{1, 16}));
  auto expect = [](float a, float k, float var) { return std::clamp((a * k - 1.0f) / std::sqrt(var), 0.0f, 6.0f); };
  for (int p = 0; p < 4; ++p) {
    const float c0 = x[size_t(2 * p)], c1 = x[size_t(2 * p + 1)];
    EXPECT_FLOAT_EQ(out.values[size_t(4 * p + 0)], expect(c0, 1, 1)) << p;
    EXPECT_FLOAT_EQ(out.values[size_t(4 * p + 1)], expect(c0, 10, 1)) << p;
    EXPECT_FLOAT_EQ(out.values[size_t(4 * p + 2)], expect(c1, -1, 4)) << p;
    EXPECT_FLOAT_EQ(out.values[size_t(4 * p + 3)], expect(c1, 2, 4)) << p;
  }
  // embed() pools spatial outputs to one value per channel.
  const auto e = m.embed(x.data(), 1, 2, 2, 2, "relu");
  ASSERT_EQ(e.size(), 1u);
  ASSERT_EQ(e[0].size(), 4u);
  EXPECT_FLOAT_EQ(e[0][1], (expect(1, 10, 1) + expect(3, 10, 1) + expect(0.5f, 10, 1) + expect(2, 10, 1)) / 4);
}

TEST(TfjsLoader, UnsupportedLayerErrorNamesTheLayer) {
  test::TempDir dir;
  json layers = {inputLayer(4, 4, 1), layer("Conv3D", "my_strange_layer", {{"filters", 1}}, {"input_1"})};
  writeModel(dir.path(), layers, json::array(), {});
  try {
    TfjsModel m(dir.path());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("my_strange_layer"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Conv3D"), std::string::npos) << e.what();
  }
}

TEST(TfjsLoader, MalformedJsonErrorNamesTheFile) {
  test::TempDir dir;
  test::writeText(dir.file("model.json"), "{\"modelTopology\": {\"model_config\": [1, 2,");
  try {
    TfjsModel m(dir.path());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(dir.file("model.json")), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("malformed JSON"), std::string::npos) << e.what();
  }
}

TEST(TfjsLoader, MissingOrShortShardsAndMissingWeightsAreErrors) {
  test::TempDir dir;
  json layers = {inputLayer(2, 2, 1),
                 layer("Conv2D", "conv", {{"filters", 1}, {"kernel_size", 1}, {"use_bias", true}}, {"input_1"})};
  json specs = {{{"name", "conv/kernel"}, {"shape", {1, 1, 1, 1}}, {"dtype", "float32"}},
                {{"name", "conv/bias"}, {"shape", {1}}, {"dtype", "float32"}}};
  writeModel(dir.path(), layers, specs, f32Bytes({1}));  // 4 of the 8 bytes
  EXPECT_THROW(TfjsModel m(dir.path()), Error);
  std::filesystem::remove(dir.file("w.bin"));
  try {
    TfjsModel m(dir.path());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("w.bin"), std::string::npos) << e.what();
  }
  writeModel(dir.path(), layers, json::array({specs[0]}), f32Bytes({1}));  // bias not in the manifest
  try {
    TfjsModel m(dir.path());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("conv/bias"), std::string::npos) << e.what();
  }
  EXPECT_THROW(TfjsModel m(dir.file("nothing-here")), Error);
}

TEST(TorchScriptExtractor, UnreadableFileIsAClearError) {
  test::TempDir dir;
  test::writeText(dir.file("model.pt"), "PK\x03\x04 this is not a TorchScript archive");
  try {
    makeExtractor("torchscript:" + dir.file("model.pt") + "?size=64&norm=unit");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("model.pt"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("TorchScript"), std::string::npos) << e.what();
  }
  EXPECT_THROW(makeExtractor("torchscript:" + dir.file("absent.pt")), Error);
  EXPECT_THROW(makeExtractor("torchscript:" + dir.file("model.pt") + "?bogus=1"), Error);
}

// ---- preprocessing against cnn-golden ----

TEST(CnnPreprocessing, ScreamMatchesGoldenInput) {
  const std::string golden = test::dataDir() + "/cnn-golden/";
  ImageError err;
  auto bytes = readFileBytes(golden + "scream.jpg", &err);
  ASSERT_TRUE(bytes);
  auto img = decodeImage(*bytes, 100000000, &err);
  ASSERT_TRUE(img);
  for (int size : {224, 299}) {
    std::vector<float> ours;
    appendCnnInput(*img, size, ours);
    const auto ref = readF32(golden + "in" + std::to_string(size) + "_nhwc.f32");
    ASSERT_EQ(ours.size(), ref.size());
    double sum = 0;
    for (size_t i = 0; i < ref.size(); ++i) sum += std::abs(double(ours[i]) - ref[i]);
    const double maxDiff = maxAbsDiff(ours, ref);
    std::printf("preprocessing %d: max |diff| %.5f (%.1f/255), mean |diff| %.6f\n", size, maxDiff, maxDiff * 255,
                sum / double(ref.size()));
    // Different JPEG decoders (libjpeg-turbo vs the reference's) differ by a few levels.
    EXPECT_LT(sum / double(ref.size()), 2.0 / 255);
    EXPECT_LT(maxDiff, 40.0 / 255);
  }
}

// ---- parity with the TensorFlow.js reference (needs the converted nsfwjs weights) ----

class CnnParity : public ::testing::Test {
 protected:
  std::string dirOf(const std::string& model) {
    const std::string d = findCnnModelDir(model);
    if (d.empty()) std::printf("%s\n", modelsHint().c_str());
    return d;
  }
  const std::string golden = test::dataDir() + "/cnn-golden/";
};

TEST_F(CnnParity, MobileNetV2MatchesReference) {
  const std::string dir = dirOf("mobilenet_v2");
  if (dir.empty()) GTEST_SKIP() << modelsHint();
  TfjsModel m(dir);
  const auto in = readF32(golden + "in224_nhwc.f32");
  ASSERT_EQ(in.size(), 224u * 224 * 3);
  const auto out = m.predict(in.data(), 1, 224, 224, 3, {"average_pooling2d_1", "dense_3"});
  const auto ref = readF32(golden + "ref_mobilenet_v2_average_pooling2d_1.f32");
  ASSERT_EQ(out[0].values.size(), 1280u);
  const double d = maxAbsDiff(out[0].values, ref);
  std::printf("mobilenet_v2 average_pooling2d_1: max |diff| %.3g over 1280 values\n", d);
  EXPECT_LE(d, 1e-4);
  const std::vector<float> probs = {0.0860f, 0.0024f, 0.9084f, 0.0023f, 0.0009f};
  ASSERT_EQ(out[1].values.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_NEAR(out[1].values[i], probs[i], 1e-3) << i;
  std::printf("mobilenet_v2 probabilities: %.4f %.4f %.4f %.4f %.4f\n", out[1].values[0], out[1].values[1],
              out[1].values[2], out[1].values[3], out[1].values[4]);
}

TEST_F(CnnParity, InceptionV3MatchesReference) {
  const std::string dir = dirOf("inception_v3");
  if (dir.empty()) GTEST_SKIP() << modelsHint();
  TfjsModel m(dir);
  const auto in = readF32(golden + "in299_nhwc.f32");
  ASSERT_EQ(in.size(), 299u * 299 * 3);
  const auto out = m.predict(in.data(), 1, 299, 299, 3, {"average_pooling2d_10", "dense_3"});
  const auto ref = readF32(golden + "ref_inception_v3_average_pooling2d_10.f32");
  ASSERT_EQ(out[0].values.size(), 2048u);
  const double d = maxAbsDiff(out[0].values, ref);
  std::printf("inception_v3 average_pooling2d_10: max |diff| %.3g over 2048 values\n", d);
  EXPECT_LE(d, 1e-4);
  const std::vector<float> probs = {0.9327f, 0.0072f, 0.0595f, 0.0006f, 0.0001f};
  ASSERT_EQ(out[1].values.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_NEAR(out[1].values[i], probs[i], 1e-3) << i;
  std::printf("inception_v3 probabilities: %.4f %.4f %.4f %.4f %.4f\n", out[1].values[0], out[1].values[1],
              out[1].values[2], out[1].values[3], out[1].values[4]);
}

TEST_F(CnnParity, ScreamThroughOwnPreprocessingAndBatchAgree) {
  const std::string dir = dirOf("mobilenet_v2");
  if (dir.empty()) GTEST_SKIP() << modelsHint();
  auto ex = makeExtractor("mobilenet_v2:average_pooling2d_1");
  EXPECT_EQ(ex->name(), "mobilenet_v2:average_pooling2d_1");
  ASSERT_EQ(ex->dimension(), 1280);
  ImageError err;
  auto img = decodeImage(*readFileBytes(golden + "scream.jpg", &err), 100000000, &err);
  ASSERT_TRUE(img);
  const auto v = ex->extract(*img);
  const auto ref = readF32(golden + "ref_mobilenet_v2_average_pooling2d_1.f32");
  const double cos = cosine(v, ref);
  std::printf("mobilenet_v2 from scream.jpg via decode + resizeExact + /255: cosine %.6f\n", cos);
  EXPECT_GE(cos, 0.999);
  // A batch gives each image the vector it gets alone.
  const Image small = resizeExact(*img, 100, 130);
  const auto batch = ex->extractBatch({*img, small});
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_LE(maxAbsDiff(batch[0], v), 1e-4);
  EXPECT_LE(maxAbsDiff(batch[1], ex->extract(small)), 1e-4);
}

TEST_F(CnnParity, DefaultExtractorsAndLayerErrors) {
  if (dirOf("mobilenet_v2").empty() || dirOf("inception_v3").empty()) GTEST_SKIP() << modelsHint();
  for (const auto& s : builtinCnns()) {
    auto ex = makeExtractor(s.model);
    EXPECT_EQ(ex->name(), s.model);
    EXPECT_GT(ex->dimension(), 0);
    EXPECT_NE(ex->version().find(s.defaultLayer), std::string::npos);
    EXPECT_EQ(ex->preferredBatch() > 1, true);
  }
  try {
    makeExtractor("mobilenet_v2:no_such_layer");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_layer"), std::string::npos) << e.what();
  }
}

// Issue 16.10: `import` then `embed` computes the CNN input from the source image (decoded once at
// full size), not from the 256-px thumbnail, and falls back to the thumbnail when the file is gone.
TEST_F(CnnParity, EmbedJobUsesTheSourceImageEndToEndAndFallsBackToTheThumbnail) {
  if (dirOf("mobilenet_v2").empty()) GTEST_SKIP() << modelsHint();
  test::TempDir dir;
  const std::string images = dir.file("images");
  std::filesystem::create_directories(images);
  std::filesystem::copy_file(golden + "scream.jpg", images + "/scream.jpg");
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = images;
  o.noMetadata = true;
  ASSERT_EQ(importImages(c, o).imported, 1);
  auto ex = makeExtractor("mobilenet_v2:average_pooling2d_1");
  EXPECT_TRUE(ex->prefersSourceImage());
  const EmbedReport r = computeEmbeddings(c, *ex);
  EXPECT_EQ(r.computed, 1);
  EXPECT_TRUE(r.problems.empty());
  const int64_t id = c.artworkIds().at(0);
  const auto ref = readF32(golden + "ref_mobilenet_v2_average_pooling2d_1.f32");
  const double fromSource = cosine(*c.embedding(id, ex->name()), ref);
  std::printf("import + embed, from the source image: cosine %.6f to the reference\n", fromSource);
  EXPECT_GE(fromSource, 0.999);

  // Without the file the stored thumbnail is used: a vector still, but a different one.
  std::filesystem::remove(images + "/scream.jpg");
  const EmbedReport again = computeEmbeddings(c, *ex, 0, {}, true);
  EXPECT_EQ(again.computed, 1);
  EXPECT_TRUE(again.problems.empty());
  const double fromThumbnail = cosine(*c.embedding(id, ex->name()), ref);
  std::printf("import + embed, source file removed (thumbnail): cosine %.6f\n", fromThumbnail);
  EXPECT_LT(fromThumbnail, fromSource);
  EXPECT_GT(fromThumbnail, 0.3);
}
