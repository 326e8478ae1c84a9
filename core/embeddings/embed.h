#pragma once
#include <cstdint>
#include <functional>
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
  int64_t alreadyPresent = 0;         // skipped: the vector of the current extractor version is stored
  int64_t withoutImage = 0;           // embedding-only artworks (no thumbnail): nothing to compute from
  std::vector<std::string> problems;  // "artwork <id>: reason"
  bool cancelled = false;
};

// Computes one extractor's embedding for every artwork that has an image and stores it,
// committed in batches. An extractor that prefersSourceImage() (the CNNs) gets the source image
// file decoded once at full size, else (file missing or unreadable) the stored thumbnail; the
// others get the thumbnail pixels. Artworks with neither are counted, not failed.
// Resumable: artworks that already hold this embedding are skipped (a changed extractor version
// drops the stale vectors first, see Catalog::registerExtractor) unless `recompute` is set, so an
// interrupted run continues where its last committed batch ended. A CNN embedding (any extractor
// but handcrafted) that computed vectors becomes the catalog's default unless the user chose one
// (setting kComputedEmbeddingSetting; see chooseEmbedding).
// `threads` (0 = all cores) is the job's whole budget: batched extractors run the network on the
// calling thread with that many intra-op threads while one loader thread decodes and resizes the
// next batch; unbatched extractors run decode + extract on `threads` threads.
EmbedReport computeEmbeddings(Catalog& catalog, const Extractor& extractor, int threads = 0,
                              const ProgressCallback& progress = {}, bool recompute = false);

// One finished batch: artwork ids and their vectors (extractor.dimension() floats each).
using EmbedSink = std::function<void(const std::vector<int64_t>& ids, const std::vector<std::vector<float>>& vectors)>;

// The engine behind computeEmbeddings: computes `ids` (artworks of `catalog`, read-only) in the
// given order and hands each committed-size batch to `sink` on the calling thread. Fills
// computed, withoutImage, problems and cancelled of the report.
EmbedReport embedArtworks(const Catalog& catalog, const Extractor& extractor, const std::vector<int64_t>& ids,
                          const EmbedSink& sink, int threads = 0, const ProgressCallback& progress = {});

// Shard `index` of `count` (0 <= index < count): the artworks whose catalog id is congruent to
// `index` modulo `count`, ascending. Stable when artworks are added, and the shards of one
// catalog partition it.
std::vector<int64_t> shardArtworkIds(const Catalog& catalog, int index, int count);

// Catalog settings read by chooseEmbedding (recommend/embedding_choice.h, the one rule for which
// embedding a command or view uses): the user's default, and the CNN embedding computed last.
inline constexpr const char* kDefaultEmbeddingSetting = "embedding.default";
inline constexpr const char* kComputedEmbeddingSetting = "embedding.computed";

}  // namespace vitrine
