#include "embeddings/handcrafted.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

// Recipe and weights: docs/handcrafted-features.md. Bump kVersion whenever a number changes.
namespace vitrine {
namespace {

constexpr const char* kVersion = "1";
constexpr int kWorkLongSide = 256;  // the thumbnail size; larger inputs are reduced first

constexpr int kHueBins = 8, kSatBins = 3, kValBins = 3;
constexpr int kGaborOrientations = 4, kGaborScales = 3;
constexpr int kEdgeBins = 8;
constexpr int kGrid = 3;

enum BlockId { kHsv, kLab, kLbp, kGabor, kEdgeOrient, kBrightLayout, kEdgeLayout, kPerceptual, kBlockCount };

struct BlockSpec {
  const char* name;
  int dimension;
  float weight;    // equalises the spread of each block's cosine on the demo set (see the doc)
  bool normalise;  // false: bounded named measures kept absolute, scaled by 1/sqrt(dimension)
  const char* description;
};

const std::array<BlockSpec, kBlockCount>& specs() {
  static const std::array<BlockSpec, kBlockCount> s = {{
      {"hsv_histogram", kHueBins * kSatBins * kValBins, 0.65f, true,
       "Joint HSV histogram, 8 hue x 3 saturation x 3 value bins (index = hue*9 + sat*3 + value), "
       "square-rooted pixel shares"},
      {"lab_moments", 6, 0.75f, true,
       "CIELAB mean L, a, b and standard deviation L, a, b, centred and scaled to about [-1, 1]"},
      {"lbp_histogram", 10, 2.35f, true,
       "Rotation-invariant uniform LBP (8 neighbours, radius 1): bins 0-8 count the set bits of "
       "uniform patterns, bin 9 holds non-uniform patterns; square-rooted shares"},
      {"gabor_energy", kGaborOrientations * kGaborScales, 1.65f, true,
       "Mean quadrature Gabor energy at 0, 45, 90, 135 degrees (index = scale*4 + orientation) "
       "for wavelengths of 4, 8 and 16 pixels on the 128-pixel image"},
      {"edge_orientation", kEdgeBins, 1.4f, true,
       "Gradient orientation histogram, 8 bins over 0-180 degrees, weighted by gradient magnitude"},
      {"brightness_layout", kGrid * kGrid, 0.5f, true,
       "Mean brightness of each rule-of-thirds cell (row-major) minus the image mean"},
      {"edge_layout", kGrid * kGrid, 0.9f, true, "Canny edge density of each rule-of-thirds cell (row-major)"},
      {"perceptual", 8, 1.5f, false,
       "Named perceptual measures, each in [0, 1], stored as value * 1.5 / sqrt(8) (not "
       "normalised, so they stay comparable between images)"},
  }};
  return s;
}

const std::vector<std::string>& perceptualNames() {
  static const std::vector<std::string> names = {"brightness", "saturation", "colourfulness", "contrast",
                                                 "sharpness",  "entropy",    "warmth",        "edge_density"};
  return names;
}

using Raw = std::array<std::vector<float>, kBlockCount>;

float clamp01(double v) { return static_cast<float>(std::clamp(v, 0.0, 1.0)); }

// Lookup from an 8-bit LBP code to its riu2 bin (Ojala et al. 2002): uniform -> set bits, else 9.
const std::array<uint8_t, 256>& lbpTable() {
  static const std::array<uint8_t, 256> table = [] {
    std::array<uint8_t, 256> t{};
    for (int code = 0; code < 256; ++code) {
      int transitions = 0, ones = 0;
      for (int k = 0; k < 8; ++k) {
        const int a = (code >> k) & 1, b = (code >> ((k + 1) % 8)) & 1;
        transitions += a != b;
        ones += a;
      }
      t[code] = static_cast<uint8_t>(transitions <= 2 ? ones : 9);
    }
    return t;
  }();
  return table;
}

struct GaborPair {
  cv::Mat even, odd;
};

// Zero-mean even kernels so flat areas give no energy; one kernel size, applied to a pyramid.
const std::vector<GaborPair>& gaborBank() {
  static const std::vector<GaborPair> bank = [] {
    std::vector<GaborPair> b;
    for (int o = 0; o < kGaborOrientations; ++o) {
      const double theta = CV_PI * o / kGaborOrientations;
      GaborPair p;
      p.even = cv::getGaborKernel(cv::Size(9, 9), 2.0, theta, 4.0, 0.5, 0.0, CV_32F);
      p.odd = cv::getGaborKernel(cv::Size(9, 9), 2.0, theta, 4.0, 0.5, CV_PI / 2, CV_32F);
      p.even -= cv::mean(p.even)[0];
      p.odd -= cv::mean(p.odd)[0];
      b.push_back(p);
    }
    return b;
  }();
  return bank;
}

cv::Rect gridCell(int row, int col, int w, int h) {
  int x0 = col * w / kGrid, x1 = (col + 1) * w / kGrid;
  int y0 = row * h / kGrid, y1 = (row + 1) * h / kGrid;
  // Images smaller than the grid reuse the nearest pixel so every cell has one.
  x0 = std::min(x0, w - 1);
  y0 = std::min(y0, h - 1);
  x1 = std::max(x1, x0 + 1);
  y1 = std::max(y1, y0 + 1);
  return cv::Rect(x0, y0, x1 - x0, y1 - y0);
}

void colourBlocks(const cv::Mat& rgb, const cv::Mat& hsv, Raw& raw, double& saturation, double& warmth) {
  const size_t n = size_t(rgb.total());
  std::vector<double> hist(kHueBins * kSatBins * kValBins, 0.0);
  double satSum = 0.0, warm = 0.0;
  for (int y = 0; y < hsv.rows; ++y) {
    const uint8_t* p = hsv.ptr<uint8_t>(y);
    for (int x = 0; x < hsv.cols; ++x, p += 3) {
      const int h = p[0], s = p[1], v = p[2];  // OpenCV 8-bit HSV: hue is degrees / 2
      const int hb = std::min(kHueBins - 1, h * kHueBins / 180);
      const int sb = std::min(kSatBins - 1, s * kSatBins / 256);
      const int vb = std::min(kValBins - 1, v * kValBins / 256);
      hist[size_t(hb * kSatBins * kValBins + sb * kValBins + vb)] += 1.0;
      satSum += s;
      // Warm = red through yellow (hue < 80 or >= 330 degrees) among clearly chromatic pixels.
      if (s >= 51 && v >= 51 && (h < 40 || h >= 165)) warm += 1.0;
    }
  }
  auto& out = raw[kHsv];
  out.resize(hist.size());
  // Square-rooted shares (Hellinger) keep large flat areas from swamping the cosine.
  for (size_t i = 0; i < hist.size(); ++i) out[i] = float(std::sqrt(hist[i] / double(n)));
  saturation = satSum / (255.0 * double(n));
  warmth = warm / double(n);

  cv::Mat lab;
  cv::cvtColor(rgb, lab, cv::COLOR_RGB2Lab);  // 8-bit: L*255/100, a+128, b+128
  cv::Scalar mean, stddev;
  cv::meanStdDev(lab, mean, stddev);
  raw[kLab] = {float((mean[0] - 127.5) / 127.5), float((mean[1] - 128.0) / 32.0), float((mean[2] - 128.0) / 32.0),
               float(stddev[0] / 64.0 - 1.0),    float(stddev[1] / 16.0 - 1.0),   float(stddev[2] / 16.0 - 1.0)};
  for (float& v : raw[kLab]) v = std::clamp(v, -1.0f, 1.0f);
}

void lbpBlock(const cv::Mat& grey, Raw& raw) {
  const auto& table = lbpTable();
  std::array<double, 10> hist{};
  double count = 0.0;
  for (int y = 1; y + 1 < grey.rows; ++y) {
    const uint8_t* up = grey.ptr<uint8_t>(y - 1);
    const uint8_t* mid = grey.ptr<uint8_t>(y);
    const uint8_t* dn = grey.ptr<uint8_t>(y + 1);
    for (int x = 1; x + 1 < grey.cols; ++x) {
      const int c = mid[x];
      // Neighbours in circular order starting at the top-left.
      const int code = (up[x - 1] >= c) | ((up[x] >= c) << 1) | ((up[x + 1] >= c) << 2) | ((mid[x + 1] >= c) << 3) |
                       ((dn[x + 1] >= c) << 4) | ((dn[x] >= c) << 5) | ((dn[x - 1] >= c) << 6) |
                       ((mid[x - 1] >= c) << 7);
      hist[table[size_t(code)]] += 1.0;
      count += 1.0;
    }
  }
  raw[kLbp].resize(10);
  for (size_t i = 0; i < 10; ++i) raw[kLbp][i] = count > 0 ? float(std::sqrt(hist[i] / count)) : 0.f;
}

void gaborBlock(const cv::Mat& grey, Raw& raw) {
  cv::Mat level;
  grey.convertTo(level, CV_32F, 1.0 / 255.0);
  const int longest = std::max(level.cols, level.rows);
  if (longest > 128) {
    const double s = 128.0 / longest;
    cv::resize(level, level,
               cv::Size(std::max(1, int(std::lround(level.cols * s))), std::max(1, int(std::lround(level.rows * s)))),
               0, 0, cv::INTER_AREA);
  }
  raw[kGabor].assign(size_t(kGaborOrientations * kGaborScales), 0.f);
  const auto& bank = gaborBank();
  cv::Mat re, im, mag;
  for (int s = 0; s < kGaborScales; ++s) {
    if (s > 0) {
      if (level.cols < 2 || level.rows < 2) break;
      cv::resize(level, level, cv::Size(level.cols / 2, level.rows / 2), 0, 0, cv::INTER_AREA);
    }
    for (int o = 0; o < kGaborOrientations; ++o) {
      cv::filter2D(level, re, CV_32F, bank[size_t(o)].even, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
      cv::filter2D(level, im, CV_32F, bank[size_t(o)].odd, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
      cv::magnitude(re, im, mag);
      raw[kGabor][size_t(s * kGaborOrientations + o)] = float(cv::mean(mag)[0]);
    }
  }
}

void edgeBlocks(const cv::Mat& grey, Raw& raw, double& edgeDensity) {
  cv::Mat dx, dy, mag, angle;
  cv::Sobel(grey, dx, CV_32F, 1, 0, 3);
  cv::Sobel(grey, dy, CV_32F, 0, 1, 3);
  cv::cartToPolar(dx, dy, mag, angle, true);
  std::array<double, kEdgeBins> hist{};
  for (int y = 0; y < mag.rows; ++y) {
    const float* m = mag.ptr<float>(y);
    const float* a = angle.ptr<float>(y);
    for (int x = 0; x < mag.cols; ++x) {
      const double orient = std::fmod(double(a[x]), 180.0);  // an edge has no direction
      const int b = std::min(kEdgeBins - 1, int(orient * kEdgeBins / 180.0));
      hist[size_t(b)] += m[x];
    }
  }
  raw[kEdgeOrient].assign(hist.begin(), hist.end());

  cv::Mat edges;
  cv::Canny(grey, edges, 40, 100, 3, true);
  edgeDensity = double(cv::countNonZero(edges)) / double(edges.total());
  raw[kEdgeLayout].resize(kGrid * kGrid);
  raw[kBrightLayout].resize(kGrid * kGrid);
  const double meanGrey = cv::mean(grey)[0] / 255.0;
  for (int r = 0; r < kGrid; ++r) {
    for (int c = 0; c < kGrid; ++c) {
      const cv::Rect cell = gridCell(r, c, grey.cols, grey.rows);
      const size_t i = size_t(r * kGrid + c);
      raw[kEdgeLayout][i] = float(double(cv::countNonZero(edges(cell))) / double(cell.area()));
      raw[kBrightLayout][i] = float(cv::mean(grey(cell))[0] / 255.0 - meanGrey);
    }
  }
}

// Hasler & Suesstrunk (2003), "Measuring colourfulness in natural images", eq. 3 (M^(3)).
double colourfulness(const cv::Mat& rgb) {
  double sumRg = 0, sumYb = 0, sqRg = 0, sqYb = 0;
  for (int y = 0; y < rgb.rows; ++y) {
    const uint8_t* p = rgb.ptr<uint8_t>(y);
    for (int x = 0; x < rgb.cols; ++x, p += 3) {
      const double rg = double(p[0]) - p[1];
      const double yb = 0.5 * (double(p[0]) + p[1]) - p[2];
      sumRg += rg;
      sumYb += yb;
      sqRg += rg * rg;
      sqYb += yb * yb;
    }
  }
  const double n = double(rgb.total());
  const double mRg = sumRg / n, mYb = sumYb / n;
  const double vRg = std::max(0.0, sqRg / n - mRg * mRg), vYb = std::max(0.0, sqYb / n - mYb * mYb);
  return std::sqrt(vRg + vYb) + 0.3 * std::sqrt(mRg * mRg + mYb * mYb);
}

void perceptualBlock(const cv::Mat& rgb, const cv::Mat& grey, double saturation, double warmth, double edgeDensity,
                     Raw& raw) {
  cv::Scalar mean, stddev;
  cv::meanStdDev(grey, mean, stddev);

  cv::Mat lap;
  cv::Laplacian(grey, lap, CV_32F, 1);
  cv::Scalar lm, ls;
  cv::meanStdDev(lap, lm, ls);
  const double lapVar = ls[0] * ls[0];

  std::array<double, 256> hist{};
  for (int y = 0; y < grey.rows; ++y) {
    const uint8_t* p = grey.ptr<uint8_t>(y);
    for (int x = 0; x < grey.cols; ++x) hist[p[x]] += 1.0;
  }
  double entropy = 0.0;
  const double n = double(grey.total());
  for (double h : hist) {
    if (h > 0) entropy -= (h / n) * std::log2(h / n);
  }

  raw[kPerceptual] = {
      clamp01(mean[0] / 255.0),
      clamp01(saturation),
      clamp01(colourfulness(rgb) / 150.0),            // 150 is beyond "extremely colourful" (~109)
      clamp01(stddev[0] / 127.5),                     // RMS contrast; 127.5 is the two-tone maximum
      clamp01(std::log1p(lapVar) / std::log1p(1e4)),  // Laplacian variance 1e4 counts as fully sharp
      clamp01(entropy / 8.0),
      clamp01(warmth),
      clamp01(edgeDensity),
  };
}

Raw rawBlocks(const Image& input) {
  Raw raw;
  Image resized;
  const Image* img = &input;
  if (std::max(input.width, input.height) > kWorkLongSide) {
    resized = resizeLongSide(input, kWorkLongSide);
    img = &resized;
  }
  const cv::Mat rgb(img->height, img->width, CV_8UC3, const_cast<unsigned char*>(img->rgb.data()));
  cv::Mat grey, hsv;
  cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
  cv::cvtColor(rgb, hsv, cv::COLOR_RGB2HSV);
  double saturation = 0, warmth = 0, edgeDensity = 0;
  colourBlocks(rgb, hsv, raw, saturation, warmth);
  lbpBlock(grey, raw);
  gaborBlock(grey, raw);
  edgeBlocks(grey, raw, edgeDensity);
  perceptualBlock(rgb, grey, saturation, warmth, edgeDensity, raw);
  return raw;
}

// L2-normalises each block (or scales the bounded perceptual one) and applies its weight; a zero
// or non-finite block becomes zeros so the output is always finite.
std::vector<float> assemble(Raw& raw) {
  std::vector<float> out;
  for (const BlockSpec& spec : specs()) {
    auto& v = raw[size_t(&spec - specs().data())];
    v.resize(size_t(spec.dimension), 0.f);
    double norm = 0.0;
    for (float x : v) norm += double(x) * x;
    norm = std::sqrt(norm);
    const bool ok = std::isfinite(norm) && norm > 1e-12;
    const double scale = spec.normalise ? 1.0 / norm : 1.0 / std::sqrt(double(spec.dimension));
    for (float x : v) out.push_back(ok ? float(x * scale * spec.weight) : 0.f);
  }
  return out;
}

}  // namespace

std::string HandcraftedExtractor::version() const { return kVersion; }

int HandcraftedExtractor::dimension() const {
  int d = 0;
  for (const auto& s : specs()) d += s.dimension;
  return d;
}

std::vector<FeatureBlock> HandcraftedExtractor::blocks() const {
  std::vector<FeatureBlock> out;
  int offset = 0;
  for (const auto& s : specs()) {
    FeatureBlock b;
    b.name = s.name;
    b.offset = offset;
    b.dimension = s.dimension;
    b.description = s.description;
    if (b.name == "perceptual") b.componentNames = perceptualNames();
    out.push_back(b);
    offset += s.dimension;
  }
  return out;
}

std::vector<float> HandcraftedExtractor::extract(const Image& rgb) const {
  if (rgb.empty() || rgb.rgb.size() < size_t(rgb.width) * size_t(rgb.height) * 3) {
    return std::vector<float>(size_t(dimension()), 0.f);
  }
  Raw raw = rawBlocks(rgb);
  return assemble(raw);
}

}  // namespace vitrine
