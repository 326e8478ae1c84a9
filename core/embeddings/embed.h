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
  int64_t alreadyPresent = 0;  // skipped: the vector of the current extractor version is stored
  int64_t withoutImage = 0;  // embedding-only artworks (no thumbnail): nothing to compute from
  std::vector<std::string> problems;  // "artwork <id>: reason"
  bool cancelled = false;
};

// Computes one extractor's embedding for every artwork that has a thumbnail, from the stored
// thumbnail pixels, committed in batches. Artworks without a thumbnail are counted, not failed.
// Resumable: artworks that already hold this embedding are skipped (a changed extractor version
// drops the stale vectors first, see Catalog::registerExtractor) unless `recompute` is set, so an
// interrupted run continues where its last committed batch ended. A CNN embedding (any extractor
// but handcrafted) that computed vectors becomes the catalog's default unless the user chose one
// (setting kComputedEmbeddingSetting; see chooseEmbedding).
EmbedReport computeEmbeddings(Catalog& catalog, const Extractor& extractor, int threads = 0,
                              const ProgressCallback& progress = {}, bool recompute = false);

// Catalog settings read by chooseEmbedding (recommend/embedding_choice.h, the one rule for which
// embedding a command or view uses): the user's default, and the CNN embedding computed last.
inline constexpr const char* kDefaultEmbeddingSetting = "embedding.default";
inline constexpr const char* kComputedEmbeddingSetting = "embedding.computed";

}  // namespace vitrine
