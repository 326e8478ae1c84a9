// Vitrine's CNN embedding end to end on the demo paintings (issue 18, item 1): read the source
// file, decode, resize, network, store -- what `vitrine-cli embed --recompute` does.
//   bench_embed [--model mobilenet_v2|inception_v3|SPEC] [--threads N] [--repeats R]
// Prints one JSON object per run (the format of bench/peer_cnn.py) so bench/cnn_side_by_side.sh
// can interleave it with the Python peer. The demo catalog is imported once (no handcrafted
// features) under $VITRINE_BENCH_DIR (default /tmp/vitrine-bench); the extractor is loaded
// before the clock starts, as the peer builds its network before timing.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "catalog/catalog.h"
#include "embeddings/embed.h"
#include "ingest/importer.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::string model = "mobilenet_v2";
  int threads = 2, repeats = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--model")
      model = v;
    else if (k == "--threads")
      threads = std::atoi(v.c_str());
    else if (k == "--repeats")
      repeats = std::atoi(v.c_str());
    else {
      std::fprintf(stderr, "usage: bench_embed [--model M] [--threads N] [--repeats R]\n");
      return 2;
    }
  }
  const char* env = std::getenv("VITRINE_BENCH_DIR");
  const fs::path dir = env && *env ? fs::path(env) : fs::path("/tmp/vitrine-bench");
  fs::create_directories(dir);
  const std::string path = (dir / "embed-demo.vitrine").string();
  const std::string demo = std::string(VITRINE_RESOURCES_DIR) + "/demo";
  try {
    vitrine::Catalog c = vitrine::Catalog::openOrCreate(path);
    if (c.artworkCount() == 0) {
      vitrine::ImportOptions o;
      o.imagesDir = demo + "/images";
      o.metadataCsv = demo + "/metadata.csv";
      o.computeHandcrafted = false;
      vitrine::importImages(c, o);
    }
    auto extractor = vitrine::makeExtractor(model);
    for (int r = 0; r < repeats; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const vitrine::EmbedReport rep = vitrine::computeEmbeddings(c, *extractor, threads, {}, true);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf(
          "{\"model\": \"%s\", \"threads\": %d, \"what\": \"vitrine_e2e\", \"images\": %lld, "
          "\"problems\": %zu, \"seconds\": %.3f, \"images_per_s\": %.2f}\n",
          model.c_str(), threads, static_cast<long long>(rep.computed), rep.problems.size(), s,
          double(rep.computed) / s);
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_embed: %s\n", e.what());
    return 1;
  }
  return 0;
}
