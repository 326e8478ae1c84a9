#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

#include "embeddings/handcrafted.h"
#include "imaging/image.h"

using namespace vitrine;

namespace {

using Pixel = std::array<unsigned char, 3>;

template <typename F>
Image makeImage(int w, int h, F colourAt) {
  Image img;
  img.width = w;
  img.height = h;
  img.rgb.reserve(size_t(w * h * 3));
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const Pixel p = colourAt(x, y);
      img.rgb.insert(img.rgb.end(), p.begin(), p.end());
    }
  }
  return img;
}

unsigned char u8(double v) { return static_cast<unsigned char>(std::clamp(v, 0.0, 255.0)); }

// A textured landscape-like picture: sky gradient above, noisy ground below, shifted by `seed`.
Image landscape(int w, int h, unsigned seed, double gain = 1.0) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> noise(-12.0, 12.0);
  return makeImage(w, h, [&](int x, int y) -> Pixel {
    const double n = noise(rng);
    if (y < h / 2) return {u8((90 + y / 3.0 + n) * gain), u8((140 + y / 3.0 + n) * gain), u8((220 + n) * gain)};
    const double stripe = ((x / 6 + y / 9) % 2) ? 25 : -25;
    return {u8((70 + stripe + n) * gain), u8((120 + stripe + n) * gain), u8((40 + n) * gain)};
  });
}

Image checkerboard(int w, int h, int cell, Pixel a, Pixel b) {
  return makeImage(w, h, [&](int x, int y) { return ((x / cell + y / cell) % 2) ? a : b; });
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  return dot / std::sqrt(na * nb);
}

float component(const HandcraftedExtractor& ex, const std::vector<float>& v, const std::string& name) {
  for (const FeatureBlock& b : ex.blocks()) {
    for (size_t i = 0; i < b.componentNames.size(); ++i) {
      if (b.componentNames[i] == name) return v.at(size_t(b.offset) + i);
    }
  }
  ADD_FAILURE() << "no component named " << name;
  return 0.f;
}

void expectFinite(const std::vector<float>& v, int dimension, const std::string& what) {
  ASSERT_EQ(int(v.size()), dimension) << what;
  for (float x : v) ASSERT_TRUE(std::isfinite(x)) << what;
}

}  // namespace

TEST(Handcrafted, BlocksTileTheVector) {
  HandcraftedExtractor ex;
  EXPECT_EQ(ex.name(), "handcrafted");
  EXPECT_FALSE(ex.version().empty());
  int offset = 0;
  bool sawPerceptual = false;
  for (const FeatureBlock& b : ex.blocks()) {
    EXPECT_EQ(b.offset, offset) << b.name;
    EXPECT_GT(b.dimension, 0) << b.name;
    EXPECT_FALSE(b.description.empty()) << b.name;
    if (!b.componentNames.empty()) {
      EXPECT_EQ(int(b.componentNames.size()), b.dimension) << b.name;
    }
    if (b.name == "perceptual") {
      sawPerceptual = true;
      for (const char* n : {"brightness", "saturation", "colourfulness", "contrast", "sharpness", "entropy"}) {
        EXPECT_NE(std::find(b.componentNames.begin(), b.componentNames.end(), n), b.componentNames.end()) << n;
      }
    }
    offset += b.dimension;
  }
  EXPECT_TRUE(sawPerceptual);
  EXPECT_EQ(offset, ex.dimension());
  EXPECT_EQ(int(ex.extract(landscape(64, 48, 1)).size()), ex.dimension());
}

TEST(Handcrafted, DeterministicAndThreadSafe) {
  HandcraftedExtractor ex;
  const Image img = landscape(256, 192, 7);
  const auto first = ex.extract(img);
  EXPECT_EQ(first, ex.extract(img));

  std::vector<std::vector<float>> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 5; ++k) results[t] = ex.extract(img);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r, first);
}

TEST(Handcrafted, FiniteOnDegenerateImages) {
  HandcraftedExtractor ex;
  const int d = ex.dimension();
  expectFinite(ex.extract(makeImage(64, 64, [](int, int) { return Pixel{0, 0, 0}; })), d, "black");
  expectFinite(ex.extract(makeImage(64, 64, [](int, int) { return Pixel{255, 255, 255}; })), d, "white");
  expectFinite(ex.extract(makeImage(1, 1, [](int, int) { return Pixel{12, 200, 99}; })), d, "1x1");
  expectFinite(ex.extract(makeImage(2, 2, [](int, int) { return Pixel{0, 0, 0}; })), d, "2x2");
  expectFinite(ex.extract(makeImage(1, 300, [](int, int y) { return Pixel{u8(y), 0, 0}; })), d, "1x300");
  expectFinite(ex.extract(makeImage(900, 3, [](int x, int) { return Pixel{0, u8(x), 0}; })), d, "900x3");
  expectFinite(ex.extract(Image{}), d, "empty");

  const auto black = ex.extract(makeImage(32, 32, [](int, int) { return Pixel{0, 0, 0}; }));
  EXPECT_FLOAT_EQ(component(ex, black, "brightness"), 0.f);
  EXPECT_FLOAT_EQ(component(ex, black, "colourfulness"), 0.f);
}

TEST(Handcrafted, LargeInputsAreReducedToTheThumbnailSize) {
  HandcraftedExtractor ex;
  const Image big = landscape(640, 480, 3);
  EXPECT_EQ(ex.extract(big), ex.extract(resizeLongSide(big, 256)));
}

TEST(Handcrafted, BrightnessFollowsTheImage) {
  HandcraftedExtractor ex;
  const auto bright = ex.extract(landscape(200, 150, 5, 1.15));
  const auto dark = ex.extract(landscape(200, 150, 5, 0.3));
  EXPECT_GT(component(ex, bright, "brightness"), component(ex, dark, "brightness"));
  EXPECT_GT(component(ex, bright, "contrast"), component(ex, dark, "contrast"));
}

TEST(Handcrafted, ColourfulnessAndSaturation) {
  HandcraftedExtractor ex;
  const Image colourful = checkerboard(160, 120, 10, {230, 20, 30}, {20, 60, 230});
  const Image grey = checkerboard(160, 120, 10, {90, 90, 90}, {60, 60, 60});
  const auto c = ex.extract(colourful);
  const auto g = ex.extract(grey);
  EXPECT_GT(component(ex, c, "colourfulness"), component(ex, g, "colourfulness"));
  EXPECT_GT(component(ex, c, "saturation"), component(ex, g, "saturation"));
  EXPECT_FLOAT_EQ(component(ex, g, "saturation"), 0.f);
  EXPECT_FLOAT_EQ(component(ex, g, "warmth"), 0.f);

  const auto warm = ex.extract(checkerboard(160, 120, 10, {230, 120, 20}, {200, 40, 30}));
  EXPECT_GT(component(ex, warm, "warmth"), component(ex, c, "warmth"));
}

TEST(Handcrafted, SharpnessAndEntropy) {
  HandcraftedExtractor ex;
  const auto flat = ex.extract(makeImage(100, 100, [](int, int) { return Pixel{128, 128, 128}; }));
  const auto busy = ex.extract(checkerboard(100, 100, 1, {0, 0, 0}, {255, 255, 255}));
  EXPECT_GT(component(ex, busy, "sharpness"), component(ex, flat, "sharpness"));
  EXPECT_GT(component(ex, busy, "edge_density"), component(ex, flat, "edge_density"));
  const auto ramp = ex.extract(makeImage(256, 16, [](int x, int) { return Pixel{u8(x), u8(x), u8(x)}; }));
  EXPECT_GT(component(ex, ramp, "entropy"), component(ex, flat, "entropy"));
  EXPECT_NEAR(component(ex, flat, "entropy"), 0.f, 1e-6);
}

TEST(Handcrafted, SimilarImagesAreCloser) {
  HandcraftedExtractor ex;
  const auto a = ex.extract(landscape(256, 192, 11));
  const auto aNoisy = ex.extract(landscape(256, 192, 12));  // same scene, new noise
  const auto aJpeg = ex.extract(*decodeJpegOrPng(encodeJpeg(landscape(256, 192, 11), 70)));
  const auto other = ex.extract(checkerboard(256, 192, 16, {220, 30, 160}, {250, 240, 20}));
  const auto dark = ex.extract(makeImage(256, 192, [](int x, int y) {
    return Pixel{u8(20 + (x * y) % 7), u8(15 + x % 5), u8(10)};
  }));
  EXPECT_GT(cosine(a, aNoisy), cosine(a, other));
  EXPECT_GT(cosine(a, aNoisy), cosine(a, dark));
  EXPECT_GT(cosine(a, aJpeg), cosine(a, other));
  EXPECT_GT(cosine(a, aJpeg), 0.95);
}
