// A new catalog of N images through every step of the catalog pipeline (issue 15; issue 18
// figures in bench/RESULTS.md): import (decode, thumbnail, handcrafted features), the default CNN
// embedding, clusters (k by silhouette), the t-SNE map and the cold-start CuratorNet, with the
// wall time of each step, as the New Catalog wizard runs them (CatalogPipelineConfig::
// coldStartDefaults()).
//
// The images are the demo paintings, duplicated up to N with distinct ids: copy v of painting i
// is the original (v = 0), mirrored (1), upside down (2), both (3), then again with a 0.9 x 0.9
// centre crop (4-7), written as JPEG quality 90; metadata.csv repeats each painting's row (artist,
// date, period, ...) under the new id, so the cold start has artists as on a real catalog.
//
// Run: ./bench_pipeline [N=1000] [work dir=/tmp/vitrine-bench-pipeline]
// CNN weights are looked up as vitrine does (VITRINE_MODELS_DIR, ..., build/models); without
// them the embedding step reports "unavailable" and the rest runs on the handcrafted features.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/platform.h"
#include "ingest/csv.h"
#include "ingest/importer.h"
#include "pipeline/catalog_pipeline.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Writes dir/images/*.jpg and dir/metadata.csv; returns the number of images.
int makeCatalogSource(const fs::path& dir, int n) {
  const std::string demo = std::string(VITRINE_RESOURCES_DIR) + "/demo";
  vitrine::CsvReader reader = vitrine::CsvReader::fromFile(demo + "/metadata.csv");
  const int cid = reader.column("id"), cfile = reader.column("file");
  std::vector<std::vector<std::string>> rows;
  vitrine::CsvRecord rec;
  while (reader.next(rec)) rows.push_back(rec.fields);
  fs::create_directories(dir / "images");
  std::ofstream csv(dir / "metadata.csv");
  const auto& header = reader.header();
  for (size_t c = 0; c < header.size(); ++c) csv << (c ? "," : "") << header[c];
  csv << "\n";
  for (int k = 0; k < n; ++k) {
    const auto& row = rows[static_cast<size_t>(k) % rows.size()];
    const int v = k / static_cast<int>(rows.size());
    cv::Mat img = cv::imread(demo + "/" + row[static_cast<size_t>(cfile)], cv::IMREAD_COLOR);
    if (img.empty()) {
      std::fprintf(stderr, "cannot read %s\n", row[static_cast<size_t>(cfile)].c_str());
      std::exit(1);
    }
    if ((v / 4) % 2 == 1)
      img = img(cv::Rect(img.cols / 20, img.rows / 20, img.cols * 9 / 10, img.rows * 9 / 10)).clone();
    if (v % 4 != 0) cv::flip(img, img, v % 4 == 1 ? 1 : (v % 4 == 2 ? 0 : -1));
    const std::string id = row[static_cast<size_t>(cid)] + (v ? "-v" + std::to_string(v) : "");
    const std::string file = "images/" + id + ".jpg";
    cv::imwrite((dir / file).string(), img, {cv::IMWRITE_JPEG_QUALITY, 90});
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string& f = static_cast<int>(c) == cid ? id : (static_cast<int>(c) == cfile ? file : row[c]);
      csv << (c ? "," : "") << quoted(f);
    }
    csv << "\n";
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1000;
  const fs::path dir = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "vitrine-bench-pipeline";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::printf("making %d images under %s\n", n, dir.c_str());
  makeCatalogSource(dir / "source", n);

  const double cpu0 = vitrine::platform::processUsage().cpuSeconds;
  const auto t0 = Clock::now();
  vitrine::Catalog catalog = vitrine::Catalog::create((dir / "bench.vitrine").string());
  vitrine::ImportOptions o;
  o.imagesDir = (dir / "source").string();
  o.metadataCsv = (dir / "source" / "metadata.csv").string();
  const vitrine::ImportReport ir = vitrine::importImages(catalog, o);
  const double importSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("%-12s %-13s %8.1f s  %lld imported, %lld skipped\n", "import", "done", importSeconds,
              static_cast<long long>(ir.imported), static_cast<long long>(ir.skipped()));
  std::fflush(stdout);

  const vitrine::CatalogPipelineConfig config = vitrine::CatalogPipelineConfig::coldStartDefaults();
  const vitrine::CatalogPipelineReport report =
      vitrine::runCatalogPipeline(catalog, config, {}, [](const vitrine::PipelineStepReport& s) {
        std::printf("%-12s %-13s %8.1f s  %s\n", vitrine::toString(s.step).c_str(), vitrine::toString(s.status).c_str(),
                    s.seconds, s.detail.c_str());
        std::fflush(stdout);
      });
  const double total = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("%-12s %-13s %8.1f s  (CPU %.1f s, peak RSS %.0f MiB; embedding %s, k = %d)\n", "total",
              report.complete() ? "complete" : "incomplete", total, vitrine::platform::processUsage().cpuSeconds - cpu0,
              vitrine::platform::processUsage().peakRssMiB, report.embedding.c_str(), report.clusterK);
  return report.complete() ? 0 : 1;
}
