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

// What makeCases dropped or merged on the way (docs/data-policies.md, "Duplicates").
struct CaseReport {
  int64_t withoutEmbedding = 0;           // interactions dropped: their artwork has no embedding row
  int64_t duplicatesMerged = 0;           // exact repeats (same user, item, timestamp) counted once
  int64_t heldOutRemovedFromProfile = 0;  // earlier interactions with a held-out item, kept out of
                                          // the training profile (repeat visits of that item)
  int64_t repeatsInProfile = 0;           // profile items seen more than once, kept once (latest)
  int64_t usersWithoutProfile = 0;        // users whose every training item is held out: no case
};

// Interactions whose artwork has no row in `rowOfArtwork` (no embedding) are dropped first.
// Policy for every protocol: positives are unique user-item pairs per basket (exact duplicates
// count once); a profile lists each item once (its latest position); no held-out item of a case
// is in that case's profile (a repeat of the held-out item earlier in time is removed from the
// profile). This is checked before returning: a violation throws vitrine::Error.
// tutorial (spec §1.2): per user, the last interaction in time (ties by file order) is held out
//   when the user has more than one; profile = the user's last <= maxProfile earlier items.
// basket (spec §1.1): per user with >= 2 baskets (same timestamp = one basket) the last basket is
//   held out; profile = every earlier item.
// Cases are ordered by held-out timestamp, ties by file order.
std::vector<EvaluationCase> makeCases(const std::vector<Interaction>& interactions, const EmbeddingMatrix& embeddings,
                                      Protocol protocol, int maxProfile = 10, CaseReport* report = nullptr);

// Cases whose ground truth shares an item with the profile (possible in a hand-written cases
// file, never from makeCases). Such a case lets a model find the item itself.
int64_t casesWithHeldOutInProfile(const std::vector<EvaluationCase>& cases);

// The fixture format: `user_id,predict,timestamp,profile` (space-separated profile). Items are
// row indices, or external ids when `itemsAreIds` (resolved through embeddings.externalIds).
// Throws vitrine::Error naming the file and line of a bad row.
std::vector<EvaluationCase> readCasesCsv(const std::string& path, const EmbeddingMatrix& embeddings, bool itemsAreIds);

}  // namespace vitrine
