// Import throughput: decode, 256 px JPEG thumbnail and handcrafted features per image, committed
// in batches. Two sets, each imported with full-resolution decoding ("before", reduced=0) and with
// reduced-resolution JPEG decoding ("after", reduced=1, the default) in the same run:
//  - the bundled demo set (267 paintings, long side <= 512 px: no reduction applies), target
//    (issue 2) >= 40 images/s on 2 cores;
//  - 24-megapixel JPEGs (6000 x 4000) made once per run from demo paintings, upscaled with
//    bicubic interpolation and written at quality 90 to a temp folder; target (issue 18) >= 2x.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"
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

BENCHMARK_MAIN();
