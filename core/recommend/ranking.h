#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "recommend/ranker.h"
#include "recommend/ranker_spec.h"

namespace vitrine {

// "Rank this profile of artworks", written once (ARCHITECTURE.md, "The middle layer"): the GUI's
// columns and "more like this", `vitrine-cli recommend`, study sessions and evaluation all go
// through RankingService. It speaks artwork ids; matrix rows stay inside.

struct RankingRequest {
  std::vector<int64_t> profile;  // artwork ids (catalog row ids), in profile order
  RankerSpec spec;
  std::string embedding;       // chosen with chooseEmbedding (recommend/embedding_choice.h)
  int k = 10;                  // how many results at most
  bool excludeProfile = true;  // profile artworks never appear among the results
  // Also fill RankedArtwork::percentile (one more scoring pass over the catalog; the GUI asks for
  // it, evaluation does not).
  bool percentiles = false;
};

// A profile artwork the ranking had to leave out, and why.
struct SkippedProfileItem {
  enum class Reason { UnknownArtwork, NoEmbedding };
  int64_t artworkId = 0;
  Reason reason = Reason::NoEmbedding;
  std::string message;  // e.g. "artwork 12 has no \"mobilenet_v2\" embedding"
};

struct RankedExplanation {
  int64_t artworkId = 0;  // a profile artwork
  std::string externalId;
  // The ranker's explanation score: cosine of the two embedding vectors for VisRank; for
  // CuratorNet the dot product of the two items' learned vectors (the item tower's output).
  float similarity = 0.f;
};

struct RankedArtwork {
  int64_t artworkId = 0;
  std::string externalId;
  float score = 0.f;  // higher = better; scale depends on the ranker
  // Where the score stands among the catalog's scores for this profile, comparable across rankers:
  // the percentage (0..100) of candidate artworks (the embedding's artworks, minus the profile when
  // excludeProfile) that score strictly lower. -1 unless RankingRequest::percentiles.
  float percentile = -1.f;
  std::vector<RankedExplanation> because;  // up to 3, strongest first
};

struct RankingResult {
  RankerSpec spec;
  std::string embedding;
  std::string rankerName;                   // Ranker::name(), e.g. "VisRank (maximum)"
  std::string rankerConfigJson;             // Ranker::configJson()
  std::vector<RankedArtwork> items;         // best first; empty when no profile artwork is usable
  std::vector<SkippedProfileItem> skipped;  // in profile order
  int64_t profileUsed = 0;                  // profile artworks that took part
};

// Keeps, per embedding, the matrix loaded once and the rankers built on it, so a profile edit
// costs one scoring pass. The caches are re-checked when the catalog changed (Catalog::changeStamp):
// a recomputed or deleted embedding drops its matrix and rankers, a retrained or deleted model its
// ranker. Not thread-safe: use it on the thread that owns `catalog`, which must outlive it.
// Percentile of each of `scores[items[i]]` among `scores` without the `excluded` indices: the
// percentage (0..100) of the remaining entries that are strictly lower. Used by RankingService
// for RankedArtwork::percentile; exposed for tests. Out-of-range indices give -1.
std::vector<float> scorePercentiles(const std::vector<float>& scores, const std::vector<int64_t>& items,
                                    const std::vector<int64_t>& excluded);

class RankingService {
 public:
  explicit RankingService(const Catalog& catalog);
  ~RankingService();
  RankingService(const RankingService&) = delete;
  RankingService& operator=(const RankingService&) = delete;

  // Ranks the profile. Profile ids that are not in the catalog or lack the embedding are skipped
  // and reported. Throws vitrine::Error when the embedding is not stored or the ranker cannot be
  // built (unknown model, model trained on another embedding); the message names which.
  RankingResult rank(const RankingRequest& request);

  // The cached matrix of `embedding` (throws CatalogError when not stored). Shared: it stays
  // valid for the holder even after a re-check drops it from the cache.
  std::shared_ptr<const EmbeddingMatrix> matrix(const std::string& embedding);
  // The cached ranker for spec on embedding (throws as rank() does); shared as matrix() is.
  std::shared_ptr<const Ranker> ranker(const std::string& embedding, const RankerSpec& spec);
  // Matrix row of an artwork in `embedding`, -1 when it has no vector there.
  int64_t rowOf(const std::string& embedding, int64_t artworkId);

  // Forget everything cached (e.g. the catalog file was replaced).
  void invalidate();

 private:
  struct Entry;
  Entry& entry(const std::string& embedding);
  void recheck();

  const Catalog& m_catalog;
  std::map<std::string, std::unique_ptr<Entry>> m_entries;  // by embedding
  std::pair<int64_t, int64_t> m_stamp{-1, -1};
};

}  // namespace vitrine
