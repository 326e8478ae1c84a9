// Import throughput: decode, 256 px JPEG thumbnail and handcrafted features per image, committed
// in batches. Two sets, each imported with full-resolution decoding ("before", reduced=0) and with
// reduced-resolution JPEG decoding ("after", reduced=1, the default) in the same run:
//  - the bundled demo set (267 paintings, long side <= 512 px: no reduction applies), target
//    (issue 2) >= 40 images/s on 2 cores;
//  - 24-megapixel JPEGs (6000 x 4000) made once per run from demo paintings, upscaled with
//    bicubic interpolation and written at quality 90 to a temp folder; target (issue 18) >= 2x.
// BM_Import24MPFidelity imports the 24-MP set both ways once and reports how far the reduced
// decode's thumbnails (PSNR against the full decode's, dB) and handcrafted features (cosine)
// are from the full-resolution path; its time is not a speed figure.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "imaging/image.h"
#include "ingest/importer.h"

namespace fs = std::filesystem;

namespace {

constexpr int kLargeImages = 8;

std::string demoDir() { return std::string(VITRINE_RESOURCES_DIR) + "/demo"; }

// 6000 x 4000 (landscape) or 4000 x 6000 (portrait) copies of the first demo paintings.
const std::string& largeSet() {
  static const std::string dir = [] {
    const fs::path out = fs::temp_directory_path() / "vitrine-bench-import-24mp";
    fs::remove_all(out);
    fs::create_directories(out);
    std::vector<fs::path> demo;
    for (const auto& e : fs::directory_iterator(demoDir() + "/images")) demo.push_back(e.path());
    std::sort(demo.begin(), demo.end());
    for (int i = 0; i < kLargeImages && i < static_cast<int>(demo.size()); ++i) {
      const cv::Mat src = cv::imread(demo[i].string(), cv::IMREAD_COLOR);
      const cv::Size size = src.cols >= src.rows ? cv::Size(6000, 4000) : cv::Size(4000, 6000);
      cv::Mat big;
      cv::resize(src, big, size, 0, 0, cv::INTER_CUBIC);
      cv::imwrite((out / demo[i].filename()).string(), big, {cv::IMWRITE_JPEG_QUALITY, 90});
    }
    return out.string();
  }();
  return dir;
}

void runImport(benchmark::State& state, const std::string& images, const std::string& csv, int64_t expected) {
  const fs::path dir = fs::temp_directory_path() / "vitrine-bench-import";
  int64_t count = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(dir);
    fs::create_directories(dir);
    vitrine::Catalog catalog = vitrine::Catalog::create((dir / "bench.vitrine").string());
    vitrine::ImportOptions o;
    o.imagesDir = images;
    o.metadataCsv = csv;
    o.noMetadata = csv.empty();
    o.threads = static_cast<int>(state.range(0));
    o.reducedDecode = state.range(1) != 0;
    state.ResumeTiming();
    vitrine::ImportReport r = vitrine::importImages(catalog, o);
    count += r.imported;
    if (r.imported != expected) state.SkipWithError("the set did not import completely");
  }
  state.SetItemsProcessed(count);
  fs::remove_all(dir);
}

void BM_ImportDemo(benchmark::State& state) {
  runImport(state, demoDir() + "/images", demoDir() + "/metadata.csv", 267);
}

void BM_Import24MP(benchmark::State& state) {
  const std::string& images = largeSet();
  runImport(state, images, "", kLargeImages);
}

void BM_Import24MPFidelity(benchmark::State& state) {
  const std::string& images = largeSet();
  const fs::path dir = fs::temp_directory_path() / "vitrine-bench-import-fidelity";
  double psnrMin = 1e9, psnrSum = 0, cosMin = 1;
  int n = 0;
  for (auto _ : state) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    vitrine::Catalog full = vitrine::Catalog::create((dir / "full.vitrine").string());
    vitrine::Catalog fast = vitrine::Catalog::create((dir / "fast.vitrine").string());
    vitrine::ImportOptions o;
    o.imagesDir = images;
    o.noMetadata = true;
    o.reducedDecode = false;
    vitrine::importImages(full, o);
    o.reducedDecode = true;
    vitrine::importImages(fast, o);
    for (const auto& a : full.artworks()) {
      const auto b = fast.artworkByExternalId(a.externalId);
      if (!b) continue;
      const auto ta = vitrine::decodeJpegOrPng(full.thumbnail(a.id)->bytes);
      const auto tb = vitrine::decodeJpegOrPng(fast.thumbnail(b->id)->bytes);
      if (!ta || !tb || ta->rgb.size() != tb->rgb.size()) {
        state.SkipWithError("thumbnail sizes differ between the two decodes");
        return;
      }
      double se = 0;
      for (size_t i = 0; i < ta->rgb.size(); ++i) se += std::pow(double(ta->rgb[i]) - tb->rgb[i], 2);
      const double psnr = 10 * std::log10(255.0 * 255.0 / std::max(1e-12, se / double(ta->rgb.size())));
      psnrMin = std::min(psnrMin, psnr);
      psnrSum += psnr;
      ++n;
    }
    const auto fa = full.loadEmbeddingMatrix("handcrafted"), fb = fast.loadEmbeddingMatrix("handcrafted");
    const size_t d = size_t(fa.dimension);
    for (size_t r = 0; r < fa.externalIds.size(); ++r) {
      const auto it = std::find(fb.externalIds.begin(), fb.externalIds.end(), fa.externalIds[r]);
      if (it == fb.externalIds.end()) continue;
      const size_t q = size_t(it - fb.externalIds.begin());
      double ab = 0, aa = 0, bb = 0;
      for (size_t k = 0; k < d; ++k) {
        const double x = fa.values[r * d + k], y = fb.values[q * d + k];
        ab += x * y;
        aa += x * x;
        bb += y * y;
      }
      cosMin = std::min(cosMin, ab / std::sqrt(aa * bb));
    }
  }
  state.counters["thumb_psnr_min_dB"] = psnrMin;
  state.counters["thumb_psnr_mean_dB"] = n ? psnrSum / n : 0;
  state.counters["feature_cos_min"] = cosMin;
  fs::remove_all(dir);
}

}  // namespace

BENCHMARK(BM_ImportDemo)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->ArgNames({"threads", "reduced"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK(BM_Import24MP)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->ArgNames({"threads", "reduced"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

BENCHMARK(BM_Import24MPFidelity)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

BENCHMARK_MAIN();
