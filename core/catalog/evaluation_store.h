#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"

// Storage of the evaluation-runs family (table evaluation_runs): what runEvaluationJob and
// `vitrine-cli evaluate --store` keep; eval/runs.h builds the JSON. Errors: CatalogError.
namespace vitrine {

struct StoredEvaluationRun {
  int64_t id = 0;
  int64_t createdAt = 0;  // unix seconds
  std::string configJson;
  std::string resultsJson;
};

// Stores one run; returns its id.
int64_t storeEvaluationRun(Catalog& catalog, const std::string& configJson, const std::string& resultsJson);
std::vector<StoredEvaluationRun> evaluationRuns(const Catalog& catalog);  // newest first
// Removes run `id`; false when there was none.
bool deleteEvaluationRun(Catalog& catalog, int64_t id);

}  // namespace vitrine
