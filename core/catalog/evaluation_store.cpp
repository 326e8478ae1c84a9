#include "catalog/evaluation_store.h"

#include "catalog/internal.h"
#include "catalog/statement.h"

namespace vitrine {

int64_t storeEvaluationRun(Catalog& catalog, const std::string& configJson, const std::string& resultsJson) {
  Statement s(catalogDb(catalog), "INSERT INTO evaluation_runs(config_json, results_json) VALUES(?, ?)");
  s.bind(1, configJson).bind(2, resultsJson).run();
  return sqlite3_last_insert_rowid(catalogDb(catalog));
}

std::vector<StoredEvaluationRun> evaluationRuns(const Catalog& catalog) {
  std::vector<StoredEvaluationRun> out;
  Statement s(catalogDb(catalog),
              "SELECT id, created_at, config_json, results_json FROM evaluation_runs ORDER BY id DESC");
  while (s.step()) {
    StoredEvaluationRun r;
    r.id = s.int64(0);
    r.createdAt = s.int64(1);
    r.configJson = s.text(2);
    r.resultsJson = s.text(3);
    out.push_back(std::move(r));
  }
  return out;
}

bool deleteEvaluationRun(Catalog& catalog, int64_t id) {
  Statement s(catalogDb(catalog), "DELETE FROM evaluation_runs WHERE id = ?");
  s.bind(1, id).run();
  return sqlite3_changes(catalogDb(catalog)) > 0;
}

}  // namespace vitrine
