#include "catalog/embedding_store.h"

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

}  // namespace vitrine
