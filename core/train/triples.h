#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace vitrine {

// One training example (spec §4): the profile should score `pos` above `neg`. Items are row
// indices of an EmbeddingMatrix; `user` indexes the histories (-1 = synthetic profile);
// `strategy` is 0 for random sampling, 1..6 for the guideline (code) numbering of spec §4.1.2.
struct Triple {
  std::vector<int32_t> profile;
  int32_t pos = 0;
  int32_t neg = 0;
  int32_t user = -1;
  int strategy = 0;
};

// Which interactions are kept out of training so the evaluation cases are never trained on.
// LastInteraction = makeCases(Protocol::Tutorial) (last interaction of users with > 1);
// LastBasket = makeCases(Protocol::Basket) (last basket of users with >= 2 baskets);
// Both = the union of the two. Rows flagged evaluation=true are dropped by every rule but None.
enum class HoldOut { None, LastInteraction, LastBasket, Both };
HoldOut parseHoldOut(const std::string& s);  // none|tutorial|basket|both; throws vitrine::Error
std::string toString(HoldOut h);

// A user's training interactions: baskets (runs of equal timestamps) in time order, ties in
// input order. Items are embedding rows.
struct UserHistory {
  std::string userId;
  std::vector<std::vector<int32_t>> baskets;
  std::vector<int32_t> items() const;  // baskets flattened, chronological
  size_t size() const;
};

// A held-out ranking case for model selection: `relevant` should rank high for `profile`.
// Items are embedding rows.
struct RankingCase {
  std::vector<int32_t> profile;
  std::vector<int32_t> relevant;
};

// Model-selection split (issue 19): moves the last basket (LastBasket, Both) or the last item
// (LastInteraction) of a seeded random `fraction` (0..1) of the users that have at least two
// baskets (items) out of `users` into ranking cases; profile = the user's remaining items, the
// last `maxProfile` of them (0 = all). At least one user is taken when fraction > 0 and any user
// qualifies. HoldOut::None takes nothing. Users keep their other baskets for training.
std::vector<RankingCase> splitValidationCases(std::vector<UserHistory>& users, double fraction, HoldOut kind,
                                              int maxProfile, uint64_t seed);

// Imported/study interactions (Catalog::interactions()) plus every saved curator profile as a
// pseudo-user "profile:<id>" whose items are one basket each, in position order.
std::vector<Interaction> collectInteractions(const Catalog& catalog, bool includeProfiles = true);

// Groups usable interactions (those with an embedding row) per user, in first-appearance order,
// and removes the hold-out. Users left without any item are dropped.
std::vector<UserHistory> trainingHistories(const std::vector<Interaction>& interactions,
                                           const EmbeddingMatrix& embeddings, HoldOut holdOut);

// Per row: the artwork's artist ("" = unknown).
std::vector<std::string> artistsOf(const Catalog& catalog, const EmbeddingMatrix& embeddings);

struct SamplingReport {
  std::vector<std::string> log;    // skipped strategies, shortfalls, notes
  std::array<int64_t, 7> train{};  // accepted triples per strategy (0 = random)
  std::array<int64_t, 7> validation{};
  std::array<int64_t, 7> shortfall{};  // requested but not found (bounded retries)
  int64_t collisions = 0;              // rejected as duplicates (hash already used)
};

struct TripleSets {
  std::vector<Triple> train;
  std::vector<Triple> validation;
  SamplingReport report;
};

// The tutorial's de-duplication hash (spec §4.1.1): h = ((h*92821) mod 402653189 + x) mod ...
uint64_t tripleHash(const std::vector<int32_t>& profile, int32_t pos, int32_t neg);

// spec §4.2: random sampling of the tutorial.
struct RandomSamplingConfig {
  int64_t trainTriples = 100000;
  int64_t validationTriples = 10000;
  int maxProfile = 10;  // the window of <= maxProfile items ending with pi
  uint64_t seed = 0;
  int maxTriesPerSlot = 200;  // a slot gives up after this many duplicate/invalid draws
};
TripleSets sampleRandom(const std::vector<UserHistory>& users, int64_t itemCount, const RandomSamplingConfig& config);

// Per-item side data of the guideline sampler (spec §4.1.1). `cluster` must hold one id >= 0 per
// item; `vectors` (items x vectorDim, e.g. PCA coordinates) define the visual similarity (cosine);
// `artist` is empty (no metadata) or one name per item ("" = unknown).
struct GuidelineItems {
  std::vector<int> cluster;
  std::vector<float> vectors;
  int vectorDim = 0;
  std::vector<std::string> artist;
};

// Clusters the embedding with k-means on a PCA (spec §4.1.1, §8 bug 2: `pcaDims` real
// components) and attaches the artists. Deterministic for a seed.
GuidelineItems prepareGuidelineItems(const EmbeddingMatrix& embeddings, const std::vector<std::string>& artists,
                                     int clusters, int pcaDims, uint64_t seed);

struct GuidelineSamplingConfig {
  int64_t trainTriples = 100000;
  int64_t validationTriples = 10000;
  // Relative share of each strategy 1..6 (code numbering of spec §4.1.2); skipped strategies'
  // shares go to the others.
  std::array<double, 6> shares = {1, 1, 1, 1, 1, 1};
  double fineGrainedThreshold = 0.6;  // S_near: probability of drawing from pi's cluster
  double visualMargin = 0.1;          // validate_triple margin
  int maxProfile = 0;                 // 0 = the whole training profile (as ORIG)
  int triesPerSlot = 5;               // ORIG's retry count per slot
  int maxDraws = 100;                 // cap of every inner rejection loop (ORIG loops forever, §8.8)
  uint64_t seed = 0;
};
TripleSets sampleGuidelines(const std::vector<UserHistory>& users, const GuidelineItems& items,
                            const GuidelineSamplingConfig& config);

// "1,1,2,0,1,1" -> shares; throws vitrine::Error unless 6 non-negative numbers with a positive sum.
std::array<double, 6> parseShares(const std::string& text);

}  // namespace vitrine
