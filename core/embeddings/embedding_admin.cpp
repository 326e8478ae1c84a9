#include "embeddings/embedding_admin.h"

#include <algorithm>
#include <chrono>

#include "catalog/embedding_store.h"
#include "embeddings/embed.h"

namespace vitrine {

EmbeddingDependents embeddingDependents(const Catalog& catalog, const std::string& name) {
  const auto info = catalog.embeddingInfo(name);
  if (!info) throw Error("no embedding named \"" + name + "\" in the catalog");
  EmbeddingDependents d;
  d.vectors = info->count;
  EmbeddingUsers users = embeddingUsers(catalog, name);
  d.clusterings = users.clusterings;
  d.layouts = users.layouts;
  d.models = std::move(users.models);
  d.wasDefault = catalog.setting(kDefaultEmbeddingSetting).value_or(std::string()) == name;
  return d;
}

EmbeddingDependents deleteEmbeddingAndDependents(Catalog& catalog, const std::string& name) {
  Catalog::Transaction t(catalog);
  const EmbeddingDependents d = embeddingDependents(catalog, name);
  // Vectors, clusterings, layouts and models of the embedding, then its extractors row; the user's
  // default and the "computed last" CNN (chooseEmbedding's candidates) when they named it.
  deleteEmbeddingUsers(catalog, name, {kDefaultEmbeddingSetting, kComputedEmbeddingSetting});
  catalog.deleteEmbedding(name);
  t.commit();
  return d;
}

EmbedEstimate estimateEmbedding(const Catalog& catalog, const Extractor& extractor, int sample, int threads) {
  EmbedEstimate e;
  std::vector<int64_t> ids = catalog.artworkIds();
  // A stored embedding of another version is recomputed as a whole (Catalog::registerExtractor).
  const auto info = catalog.embeddingInfo(extractor.name());
  if (info && info->version == extractor.version()) {
    const std::vector<int64_t> have = catalog.artworkIdsWithEmbedding(extractor.name());  // sorted
    ids.erase(std::remove_if(ids.begin(), ids.end(),
                             [&](int64_t id) { return std::binary_search(have.begin(), have.end(), id); }),
              ids.end());
  }
  e.remaining = static_cast<int64_t>(ids.size());
  if (ids.empty() || sample <= 0) return e;
  ids.resize(std::min<size_t>(ids.size(), static_cast<size_t>(sample)));
  const auto start = std::chrono::steady_clock::now();
  const EmbedReport r = embedArtworks(
      catalog, extractor, ids, [](const auto&, const auto&) {}, threads);
  e.sampleSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  e.sampled = r.computed;
  if (e.sampled > 0) {
    e.secondsPerArtwork = e.sampleSeconds / static_cast<double>(e.sampled);
    e.estimatedSeconds = e.secondsPerArtwork * static_cast<double>(e.remaining);
  }
  return e;
}

}  // namespace vitrine
