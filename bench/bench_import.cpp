// Import throughput on the bundled demo set: decode, 256 px JPEG thumbnail and handcrafted
// features per image, committed in batches. Target (issue 2): >= 40 images/s on 2 cores.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "catalog/catalog.h"
#include "ingest/importer.h"

namespace fs = std::filesystem;

namespace {

void BM_ImportDemo(benchmark::State& state) {
  const std::string demo = std::string(VITRINE_RESOURCES_DIR) + "/demo";
  const fs::path dir = fs::temp_directory_path() / "vitrine-bench-import";
  int64_t images = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(dir);
    fs::create_directories(dir);
    vitrine::Catalog catalog = vitrine::Catalog::create((dir / "bench.vitrine").string());
    vitrine::ImportOptions o;
    o.imagesDir = demo + "/images";
    o.metadataCsv = demo + "/metadata.csv";
    o.threads = static_cast<int>(state.range(0));
    state.ResumeTiming();
    vitrine::ImportReport r = vitrine::importImages(catalog, o);
    images += r.imported;
    if (r.imported != 267) state.SkipWithError("the demo set did not import completely");
  }
  state.SetItemsProcessed(images);
  fs::remove_all(dir);
}

}  // namespace

BENCHMARK(BM_ImportDemo)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

BENCHMARK_MAIN();
