#pragma once
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "recommend/ranker_spec.h"

namespace vitrine {

// What a command or view knows when it needs an embedding (the one rule of ARCHITECTURE.md,
// "The middle layer"; docs/architecture.md, "Which embedding?").
struct EmbeddingRequest {
  std::vector<RankerSpec> rankers;  // what will rank; a CuratorNet model decides its own embedding
  std::string explicitName;         // --embedding, the GUI's combo, a study definition ("" = none)
  // Views that show a CuratorNet column: without an explicit choice, prefer an embedding that has
  // a stored model (the GUI opens on it) over one that has none.
  bool preferModel = false;
};

struct EmbeddingChoice {
  enum class Reason { Model, Explicit, CatalogDefault, ComputedDefault, Fallback, None };
  std::string name;  // "" only with Reason::None (the catalog holds no embedding)
  Reason reason = Reason::None;
};

// The rule, in order:
//  1. a CuratorNet model among `rankers` uses the embedding it was trained on; an explicit name
//     that differs, or two models on different embeddings, throw vitrine::Error naming both;
//  2. the explicit name (throws vitrine::Error when no such embedding is stored, listing those
//     that are);
//  3. with preferModel, the first of the candidates below that has a stored CuratorNet model;
//  4. the candidates: the user's default ("list-embeddings --set-default"), else the most recently
//     computed CNN embedding (`vitrine-cli embed`), else the first stored of mobilenet_v2,
//     inception_v3, handcrafted, else the first stored one.
// Returns Reason::None with an empty name when the catalog holds no embedding.
EmbeddingChoice chooseEmbedding(const Catalog& catalog, const EmbeddingRequest& request = {});

// Steps 2 and 4 of the rule for a caller that ranks with a CuratorNet model or not at all:
// chooseEmbedding(...).name, throwing vitrine::Error("the catalog holds no embedding; ...")
// when there is none.
std::string requireEmbedding(const Catalog& catalog, const EmbeddingRequest& request = {});

// The catalog's default (step 4 alone): what list-embeddings marks with '*'. Empty when the
// catalog holds no embedding.
std::string defaultEmbeddingName(const Catalog& catalog);
// Stores the user's default; throws vitrine::Error when no such embedding is stored.
void setDefaultEmbeddingName(Catalog& catalog, const std::string& name);

}  // namespace vitrine
