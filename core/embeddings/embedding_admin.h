#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "embeddings/extractor.h"

namespace vitrine {

// Managing a catalog's stored embeddings as a whole (the GUI's Embeddings dialog; the CLI's
// list-embeddings --set-default uses setDefaultEmbeddingName in recommend/embedding_choice.h).

// What else in the catalog was computed from one embedding and is useless without it.
struct EmbeddingDependents {
  int64_t vectors = 0;              // stored vectors of the embedding (artworks covering it)
  int64_t clusterings = 0;          // stored clusterings (clusterings.extractor = name)
  int64_t layouts = 0;              // stored 2-D maps (layouts.extractor = name)
  std::vector<std::string> models;  // CuratorNet models trained on it, by name
  bool wasDefault = false;          // the user's default (kDefaultEmbeddingSetting) named it
};

// Counts the embedding's vectors and what depends on it, without changing anything.
// Throws vitrine::Error when the catalog stores no embedding `name`.
EmbeddingDependents embeddingDependents(const Catalog& catalog, const std::string& name);

// Deletes embedding `name` with everything computed from it, in one transaction: its vectors,
// its clusterings and maps, the CuratorNet models trained on it, and the settings
// kDefaultEmbeddingSetting / kComputedEmbeddingSetting (embed.h) when they named it (the default
// then falls back as chooseEmbedding, recommend/embedding_choice.h, describes).
// Returns what was removed. Throws vitrine::Error when no such embedding is stored (nothing
// changes then).
EmbeddingDependents deleteEmbeddingAndDependents(Catalog& catalog, const std::string& name);

// A time estimate for computeEmbeddings(catalog, extractor) from a measured sample.
struct EmbedEstimate {
  int64_t sampled = 0;           // artworks actually computed for the measurement
  double sampleSeconds = 0;      // their wall-clock time (steady clock), decode included
  int64_t remaining = 0;         // artworks with an image that do not hold this embedding yet
  double secondsPerArtwork = 0;  // sampleSeconds / sampled (0 when nothing was sampled)
  double estimatedSeconds = 0;   // remaining x secondsPerArtwork
};

// Runs `extractor` on up to `sample` of the artworks that still lack its embedding (the first
// ones by id, the same path as computeEmbeddings: source image for CNNs, else thumbnail) with
// `threads` threads (0 = all cores), stores nothing, and extrapolates to the remaining ones.
// The first batch of a CNN includes its warm-up, so the estimate errs on the long side.
EmbedEstimate estimateEmbedding(const Catalog& catalog, const Extractor& extractor, int sample = 8, int threads = 0);

}  // namespace vitrine
