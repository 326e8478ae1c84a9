#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"

// Storage of the models family (table models): trained CuratorNet models as rows of weights and
// JSON; recommend/curatornet.h turns them into rankers and checks what they hold.
// Errors: CatalogError from SQLite, vitrine::Error as noted.
namespace vitrine {

struct StoredModelInfo {
  std::string name;
  std::string kind;       // "curatornet"
  std::string embedding;  // extractor the model was trained on
  int64_t createdAt = 0;  // unix seconds
  std::string configJson = "{}";
  std::string metricsJson = "{}";
  int64_t weightBytes = 0;
};

// A whole stored model row (weights included).
struct ModelRecord {
  std::string name, kind, embedding, configJson, historyJson, metricsJson;
  int64_t seed = 0;
  std::string weights;  // LibTorch-serialised bytes
};

// Models in the catalog, by name.
std::vector<StoredModelInfo> storedModels(const Catalog& catalog);
std::vector<std::string> storedModelNames(const Catalog& catalog);  // by name
std::optional<ModelRecord> loadModelRecord(const Catalog& catalog, const std::string& name);
// Stores `r` in one transaction; a model of that name is replaced when `overwrite`, else
// vitrine::Error("model ... already exists in catalog ...").
void storeModelRecord(Catalog& catalog, const ModelRecord& r, bool overwrite);
// Removes model `name`; returns false when it did not exist.
bool deleteModel(Catalog& catalog, const std::string& name);

}  // namespace vitrine
