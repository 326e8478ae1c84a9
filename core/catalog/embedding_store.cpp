#include "catalog/embedding_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>

#include "catalog/internal.h"
#include "catalog/statement.h"

namespace vitrine {

namespace {

int64_t countWhere(const Catalog& c, const char* table, const std::string& name) {
  Statement s(catalogDb(c), std::string("SELECT count(*) FROM ") + table + " WHERE extractor = ?");
  s.bind(1, name);
  return s.step() ? s.int64(0) : 0;
}

}  // namespace

EmbeddingUsers embeddingUsers(const Catalog& catalog, const std::string& name) {
  EmbeddingUsers u;
  u.clusterings = countWhere(catalog, "clusterings", name);
  u.layouts = countWhere(catalog, "layouts", name);
  Statement s(catalogDb(catalog), "SELECT name FROM models WHERE extractor = ? ORDER BY name");
  s.bind(1, name);
  while (s.step()) u.models.push_back(s.text(0));
  return u;
}

void deleteEmbeddingUsers(Catalog& catalog, const std::string& name, const std::vector<std::string>& settingKeys) {
  sqlite3* db = catalogDb(catalog);
  // Assignments and layout points go with their parents (ON DELETE CASCADE).
  Statement(db, "DELETE FROM clusterings WHERE extractor = ?").bind(1, name).run();
  Statement(db, "DELETE FROM layouts WHERE extractor = ?").bind(1, name).run();
  Statement(db, "DELETE FROM models WHERE extractor = ?").bind(1, name).run();
  Statement(db, "DELETE FROM embeddings WHERE extractor = ?").bind(1, name).run();
  for (const auto& key : settingKeys)
    Statement(db, "DELETE FROM settings WHERE key = ? AND value = ?").bind(1, key).bind(2, name).run();
}

// --- Catalog members of the embeddings family (tables extractors and embeddings) ---

void Catalog::registerExtractor(const std::string& name, int dimension, const std::string& version,
                                const std::string& configJson) {
  if (name.empty()) throw CatalogError("an embedding needs a name");
  if (dimension <= 0) throw CatalogError("embedding " + name + ": dimension must be positive");
  Statement q(m_db, "SELECT dimension, version FROM extractors WHERE name = ?");
  q.bind(1, name);
  if (q.step()) {
    const int oldDim = static_cast<int>(q.int64(0));
    const std::string oldVersion = q.text(1);
    if (oldDim == dimension && oldVersion == version) return;
    // A new recipe invalidates every stored vector of that name.
    Statement del(m_db, "DELETE FROM embeddings WHERE extractor = ?");
    del.bind(1, name).run();
    Statement up(m_db, "UPDATE extractors SET dimension = ?, version = ?, config_json = ? WHERE name = ?");
    up.bind(1, dimension).bind(2, version).bind(3, configJson).bind(4, name).run();
    return;
  }
  Statement s(m_db, "INSERT INTO extractors(name, dimension, version, config_json) VALUES(?,?,?,?)");
  s.bind(1, name).bind(2, dimension).bind(3, version).bind(4, configJson).run();
}

std::vector<int64_t> Catalog::artworkIdsWithEmbedding(const std::string& name) const {
  Statement s(m_db, "SELECT artwork_id FROM embeddings WHERE extractor = ? ORDER BY artwork_id");
  s.bind(1, name);
  std::vector<int64_t> out;
  while (s.step()) out.push_back(s.int64(0));
  return out;
}

void Catalog::putEmbedding(int64_t artworkId, const std::string& name, const std::vector<float>& v) {
  putEmbedding(artworkId, name, v.data(), static_cast<int>(v.size()));
}

void Catalog::putEmbedding(int64_t artworkId, const std::string& name, const float* v, int dimension) {
  Statement q(m_db, "SELECT dimension, version FROM extractors WHERE name = ?");
  q.bind(1, name);
  if (!q.step()) throw CatalogError("unknown embedding \"" + name + "\" (register the extractor first)");
  if (q.int64(0) != dimension)
    throw CatalogError("embedding " + name + " has dimension " + std::to_string(q.int64(0)) + ", got a vector of " +
                       std::to_string(dimension) + " for artwork " + std::to_string(artworkId));
  const std::string version = q.text(1);
  Statement s(m_db,
              "INSERT OR REPLACE INTO embeddings(artwork_id, extractor, dimension, version, vector) "
              "VALUES(?,?,?,?,?)");
  s.bind(1, artworkId).bind(2, name).bind(3, dimension).bind(4, version);
  s.bindBlob(5, v, sizeof(float) * static_cast<size_t>(dimension));
  s.run();
}

std::optional<std::vector<float>> Catalog::embedding(int64_t artworkId, const std::string& name) const {
  Statement s(m_db, "SELECT vector, dimension FROM embeddings WHERE artwork_id = ? AND extractor = ?");
  s.bind(1, artworkId).bind(2, name);
  if (!s.step()) return std::nullopt;
  std::vector<float> v(static_cast<size_t>(s.int64(1)));
  std::memcpy(v.data(), s.blobData(0), std::min<size_t>(v.size() * sizeof(float), s.blobBytes(0)));
  return v;
}

std::vector<EmbeddingInfo> Catalog::embeddings() const {
  Statement s(m_db,
              "SELECT x.name, x.dimension, x.version, "
              "(SELECT count(*) FROM embeddings e WHERE e.extractor = x.name) "
              "FROM extractors x ORDER BY x.name");
  std::vector<EmbeddingInfo> out;
  while (s.step()) out.push_back({s.text(0), static_cast<int>(s.int64(1)), s.text(2), s.int64(3)});
  return out;
}

std::optional<EmbeddingInfo> Catalog::embeddingInfo(const std::string& name) const {
  for (auto& e : embeddings())
    if (e.name == name) return e;
  return std::nullopt;
}

EmbeddingMatrix Catalog::loadEmbeddingMatrix(const std::string& name) const {
  auto info = embeddingInfo(name);
  if (!info) {
    std::string known;
    for (auto& e : embeddings()) known += (known.empty() ? "" : ", ") + e.name;
    throw CatalogError(
        "catalog " + m_path + " has no embedding \"" + name + "\"" +
        (known.empty() ? " (it has none; run `vitrine-cli embed` or import-embeddings)" : " (it has: " + known + ")"));
  }
  EmbeddingMatrix m;
  m.name = name;
  m.dimension = info->dimension;
  m.artworkIds.reserve(info->count);
  m.externalIds.reserve(info->count);
  m.values.reserve(static_cast<size_t>(info->count) * info->dimension);
  Statement s(m_db,
              "SELECT e.artwork_id, a.external_id, e.vector FROM embeddings e "
              "JOIN artworks a ON a.id = e.artwork_id WHERE e.extractor = ? ORDER BY e.artwork_id");
  s.bind(1, name);
  const size_t bytes = sizeof(float) * static_cast<size_t>(info->dimension);
  while (s.step()) {
    if (static_cast<size_t>(s.blobBytes(2)) != bytes)
      throw CatalogError("embedding " + name + " of artwork " + s.text(1) + " has " + std::to_string(s.blobBytes(2)) +
                         " bytes, expected " + std::to_string(bytes));
    m.artworkIds.push_back(s.int64(0));
    m.externalIds.push_back(s.text(1));
    const auto* p = static_cast<const float*>(s.blobData(2));
    m.values.insert(m.values.end(), p, p + info->dimension);
  }
  return m;
}

void Catalog::deleteEmbedding(const std::string& name) {
  Statement s(m_db, "DELETE FROM extractors WHERE name = ?");
  s.bind(1, name).run();
}

}  // namespace vitrine
