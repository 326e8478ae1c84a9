#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/progress.h"
#include "embeddings/extractor.h"

namespace vitrine {

// Extractors by name: "handcrafted" (always). Throws vitrine::Error listing the known names.
std::unique_ptr<Extractor> makeExtractor(const std::string& name);
std::vector<std::string> extractorNames();

struct EmbedReport {
  int64_t computed = 0;
  int64_t withoutImage = 0;  // embedding-only artworks (no thumbnail): nothing to compute from
  std::vector<std::string> problems;  // "artwork <id>: reason"
  bool cancelled = false;
};

// (Re)computes one extractor's embedding for every artwork that has a thumbnail, from the stored
// thumbnail pixels, committed in batches. Artworks without a thumbnail are counted, not failed.
EmbedReport computeEmbeddings(Catalog& catalog, const Extractor& extractor, int threads = 0,
                              const ProgressCallback& progress = {});

}  // namespace vitrine
