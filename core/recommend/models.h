#pragma once
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "recommend/ranker.h"
#include "recommend/ranker_spec.h"

namespace vitrine {

// Builds the ranker a spec describes over `embeddings`: VisRank, a CuratorNet model stored in
// `catalog` (its embedding must be `embeddings`), or the seeded random control of user studies.
// Throws vitrine::Error naming the spec when the model is missing or does not fit. Front ends do
// not call this directly: they rank through RankingService (recommend/ranking.h).
std::unique_ptr<Ranker> makeRanker(const RankerSpec& spec, const EmbeddingMatrix& embeddings,
                                   const Catalog* catalog = nullptr);
// The same from spec text (RankerSpec::parse), for tests and tools.
std::unique_ptr<Ranker> makeRanker(const std::string& spec, const EmbeddingMatrix& embeddings,
                                   const Catalog* catalog = nullptr);

// "a,b,c" -> {"a","b","c"} (empty parts dropped, whitespace trimmed).
std::vector<std::string> splitList(const std::string& text, char sep = ',');

}  // namespace vitrine
