#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace vitrine {

// One held-out evaluation case; items are row indices of an EmbeddingMatrix.
struct EvaluationCase {
  std::string userId;
  std::vector<int64_t> profile;      // chronological
  std::vector<int64_t> groundTruth;  // held-out items
  double timestamp = 0;              // of the held-out interaction/basket
};

enum class Protocol { Tutorial, Basket };
Protocol parseProtocol(const std::string& s);  // throws vitrine::Error
std::string toString(Protocol p);

// Interactions whose artwork has no row in `rowOfArtwork` (no embedding) are dropped first.
// tutorial (spec §1.2): per user, the last interaction in time (ties by file order) is held out
//   when the user has more than one; profile = the user's last <= maxProfile earlier items.
// basket (spec §1.1): per user with >= 2 baskets (same timestamp = one basket) the last basket is
//   held out; profile = every earlier item.
// Cases are ordered by held-out timestamp, ties by file order.
std::vector<EvaluationCase> makeCases(const std::vector<Interaction>& interactions,
                                      const EmbeddingMatrix& embeddings, Protocol protocol,
                                      int maxProfile = 10);

// The fixture format: `user_id,predict,timestamp,profile` (space-separated profile). Items are
// row indices, or external ids when `itemsAreIds` (resolved through embeddings.externalIds).
// Throws vitrine::Error naming the file and line of a bad row.
std::vector<EvaluationCase> readCasesCsv(const std::string& path, const EmbeddingMatrix& embeddings,
                                         bool itemsAreIds);

}  // namespace vitrine
