#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"

// Rows of other families that name an embedding (clusterings, layouts, models, settings): what
// embeddings/embedding_admin.h counts and deletes with it. Errors: CatalogError.
namespace vitrine {

struct EmbeddingUsers {
  int64_t clusterings = 0;
  int64_t layouts = 0;
  std::vector<std::string> models;  // by name
};

EmbeddingUsers embeddingUsers(const Catalog& catalog, const std::string& name);
// Deletes the clusterings, layouts, models and vectors of embedding `name` and the settings in
// `settingKeys` whose value is `name` (inside the caller's transaction, if any). The extractors
// row stays (Catalog::deleteEmbedding).
void deleteEmbeddingUsers(Catalog& catalog, const std::string& name, const std::vector<std::string>& settingKeys);

}  // namespace vitrine
