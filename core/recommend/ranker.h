#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vitrine {

// Items are addressed by their row index in the ranker's embedding matrix
// (EmbeddingMatrix::artworkIds maps a row back to an artwork).

// A profile item that helped a recommendation, with its similarity/score contribution.
struct Explanation {
  int64_t profileItem = 0;
  float similarity = 0.f;
};

struct Recommendation {
  int64_t item = 0;
  float score = 0.f;
  std::vector<Explanation> because;  // up to 3, strongest first
};

// The interface both recommenders implement (VisRank now, CuratorNet later).
class Ranker {
 public:
  virtual ~Ranker() = default;
  virtual std::string name() const = 0;        // e.g. "VisRank (maximum)"
  virtual std::string configJson() const = 0;  // everything needed to reproduce the ranking
  virtual int64_t itemCount() const = 0;

  // A score for every item (higher = better), profile items included.
  virtual std::vector<float> scoreAll(const std::vector<int64_t>& profile) const = 0;

  // The up-to-n profile items that explain `item`, strongest first.
  virtual std::vector<Explanation> explain(const std::vector<int64_t>& profile, int64_t item, int n = 3) const = 0;

  // Top k by score (ties: lower index first), profile items excluded unless asked, each with
  // its explanation. The default implementation uses scoreAll + explain.
  virtual std::vector<Recommendation> recommend(const std::vector<int64_t>& profile, int k,
                                                bool excludeProfile = true) const;
};

// Indices of the k best scores, descending (ties: lower index first), skipping `excluded`.
std::vector<int64_t> topK(const std::vector<float>& scores, int k, const std::vector<int64_t>& excluded = {});

}  // namespace vitrine
