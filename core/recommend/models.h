#pragma once
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "recommend/ranker.h"

namespace vitrine {

// Builds a ranker from a model spec: "visrank:maximum", "visrank:average",
// "visrank:average_top_k:3", "curatornet:NAME" (a model stored in `catalog`), "random[:SEED]"
// (the seeded control of user studies). Throws
// vitrine::Error naming the spec when it is not understood or the model is missing.
std::unique_ptr<Ranker> makeRanker(const std::string& spec, const EmbeddingMatrix& embeddings,
                                   const Catalog* catalog = nullptr);

// "a,b,c" -> {"a","b","c"} (empty parts dropped, whitespace trimmed).
std::vector<std::string> splitList(const std::string& text, char sep = ',');

}  // namespace vitrine
