#pragma once
#include <memory>

#include "catalog/catalog.h"
#include "recommend/ranker.h"

namespace vitrine {

// spec §5: content-based baseline, cosine similarity between a candidate and profile items.
enum class Aggregation { Maximum, Average, AverageTopK };

struct VisRankConfig {
  Aggregation aggregation = Aggregation::Maximum;
  int topK = 3;  // for AverageTopK: mean of the min(K, |P|) largest similarities per candidate
};

// Parses "maximum", "average", "average_top_k:3" (also "average_top_k(3)"); throws vitrine::Error.
VisRankConfig parseVisRankConfig(const std::string& text);
std::string toString(const VisRankConfig& c);

// Rows are L2-normalised once at construction and kept in one float32 copy; a query streams the
// N x D matrix once, computing each row's |P| cosine similarities and aggregating them at once
// (never an N x N or N x |P| matrix unless similarities() asks for it). Threads: all cores for
// catalogs above about a million values. Queries are const and may run concurrently.
class VisRank : public Ranker {
 public:
  // Copies and normalises the vectors: the caller keeps `embeddings`.
  VisRank(const EmbeddingMatrix& embeddings, VisRankConfig config);
  // Takes the vectors over and normalises them in place: peak memory one matrix
  // (`embeddings.values` is left empty; ids and name stay).
  VisRank(EmbeddingMatrix&& embeddings, VisRankConfig config);
  ~VisRank() override;

  std::string name() const override;
  std::string configJson() const override;
  int64_t itemCount() const override;
  std::vector<float> scoreAll(const std::vector<int64_t>& profile) const override;
  std::vector<Explanation> explain(const std::vector<int64_t>& profile, int64_t item, int n = 3) const override;
  std::vector<Recommendation> recommend(const std::vector<int64_t>& profile, int k,
                                        bool excludeProfile = true) const override;

  // Cosine similarities of every item to each profile item: N x |P|, row-major.
  std::vector<float> similarities(const std::vector<int64_t>& profile) const;

  struct Impl;  // public only for the implementation's helpers

 private:
  std::unique_ptr<Impl> m_impl;
  VisRankConfig m_config;
  std::string m_embeddingName;
};

}  // namespace vitrine
