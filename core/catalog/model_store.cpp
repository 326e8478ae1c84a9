#include "catalog/model_store.h"

#include "catalog/internal.h"
#include "catalog/statement.h"

namespace vitrine {

std::vector<StoredModelInfo> storedModels(const Catalog& catalog) {
  std::vector<StoredModelInfo> out;
  Statement s(catalogDb(catalog),
              "SELECT name, kind, extractor, created_at, config_json, metrics_json, length(weights) "
              "FROM models ORDER BY name");
  while (s.step()) {
    StoredModelInfo m;
    m.name = s.text(0);
    m.kind = s.text(1);
    m.embedding = s.text(2);
    m.createdAt = s.int64(3);
    m.configJson = s.text(4);
    m.metricsJson = s.text(5);
    m.weightBytes = s.isNull(6) ? 0 : s.int64(6);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> storedModelNames(const Catalog& catalog) {
  std::vector<std::string> names;
  Statement s(catalogDb(catalog), "SELECT name FROM models ORDER BY name");
  while (s.step()) names.push_back(s.text(0));
  return names;
}

std::optional<ModelRecord> loadModelRecord(const Catalog& catalog, const std::string& name) {
  Statement s(catalogDb(catalog),
              "SELECT name, kind, extractor, config_json, seed, weights, history_json, metrics_json "
              "FROM models WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  ModelRecord r;
  r.name = s.text(0);
  r.kind = s.text(1);
  r.embedding = s.text(2);
  r.configJson = s.text(3);
  r.seed = s.isNull(4) ? 0 : s.int64(4);
  if (!s.isNull(5)) {
    const auto* p = static_cast<const char*>(s.blobData(5));
    r.weights.assign(p, p + s.blobBytes(5));
  }
  r.historyJson = s.text(6);
  r.metricsJson = s.text(7);
  return r;
}

void storeModelRecord(Catalog& catalog, const ModelRecord& r, bool overwrite) {
  Catalog::Transaction tx(catalog);
  {
    Statement exists(catalogDb(catalog), "SELECT 1 FROM models WHERE name = ?");
    exists.bind(1, r.name);
    if (exists.step()) {
      if (!overwrite) throw Error("model \"" + r.name + "\" already exists in catalog " + catalog.path());
      Statement del(catalogDb(catalog), "DELETE FROM models WHERE name = ?");
      del.bind(1, r.name).run();
    }
  }
  Statement s(catalogDb(catalog),
              "INSERT INTO models(name, kind, extractor, config_json, seed, weights, history_json, "
              "metrics_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, r.name).bind(2, r.kind).bind(3, r.embedding).bind(4, r.configJson).bind(5, r.seed);
  s.bindBlob(6, r.weights.data(), r.weights.size());
  s.bind(7, r.historyJson).bind(8, r.metricsJson).run();
  tx.commit();
}

bool deleteModel(Catalog& catalog, const std::string& name) {
  Statement s(catalogDb(catalog), "DELETE FROM models WHERE name = ?");
  s.bind(1, name).run();
  return sqlite3_changes(catalogDb(catalog)) > 0;
}

}  // namespace vitrine
