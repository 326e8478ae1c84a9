#include "embeddings/embedding_admin.h"

#include <algorithm>
#include <chrono>

#include "catalog/statement.h"
#include "embeddings/embed.h"

namespace vitrine {

namespace {

int64_t countWhere(const Catalog& c, const char* table, const std::string& name) {
  Statement s(c.handle(), std::string("SELECT count(*) FROM ") + table + " WHERE extractor = ?");
  s.bind(1, name);
  return s.step() ? s.int64(0) : 0;
}

}  // namespace

EmbeddingDependents embeddingDependents(const Catalog& catalog, const std::string& name) {
  const auto info = catalog.embeddingInfo(name);
  if (!info) throw Error("no embedding named \"" + name + "\" in the catalog");
  EmbeddingDependents d;
  d.vectors = info->count;
  d.clusterings = countWhere(catalog, "clusterings", name);
  d.layouts = countWhere(catalog, "layouts", name);
  Statement s(catalog.handle(), "SELECT name FROM models WHERE extractor = ? ORDER BY name");
  s.bind(1, name);
  while (s.step()) d.models.push_back(s.text(0));
  d.wasDefault = catalog.setting(kDefaultEmbeddingSetting).value_or(std::string()) == name;
  return d;
}

EmbeddingDependents deleteEmbeddingAndDependents(Catalog& catalog, const std::string& name) {
  Catalog::Transaction t(catalog);
  const EmbeddingDependents d = embeddingDependents(catalog, name);
  sqlite3* db = catalog.handle();
  // Assignments and layout points go with their parents (ON DELETE CASCADE), vectors with the
  // extractors row.
  Statement(db, "DELETE FROM clusterings WHERE extractor = ?").bind(1, name).run();
  Statement(db, "DELETE FROM layouts WHERE extractor = ?").bind(1, name).run();
  Statement(db, "DELETE FROM models WHERE extractor = ?").bind(1, name).run();
  Statement(db, "DELETE FROM embeddings WHERE extractor = ?").bind(1, name).run();
  catalog.deleteEmbedding(name);
  // The user's default and the "computed last" CNN (chooseEmbedding's candidates) that named it.
  for (const char* key : {kDefaultEmbeddingSetting, kComputedEmbeddingSetting})
    if (catalog.setting(key).value_or(std::string()) == name)
      Statement(db, "DELETE FROM settings WHERE key = ?").bind(1, key).run();
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
  const EmbedReport r = embedArtworks(catalog, extractor, ids, [](const auto&, const auto&) {}, threads);
  e.sampleSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  e.sampled = r.computed;
  if (e.sampled > 0) {
    e.secondsPerArtwork = e.sampleSeconds / static_cast<double>(e.sampled);
    e.estimatedSeconds = e.secondsPerArtwork * static_cast<double>(e.remaining);
  }
  return e;
}

}  // namespace vitrine
