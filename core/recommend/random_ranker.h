#pragma once
#include <cstdint>

#include "recommend/ranker.h"

namespace vitrine {

// The control condition of a user study: scores are uniform noise, reproducible from the seed
// and the profile (the same seed and profile always give the same list; another profile, another
// list). Spec "random" (seed 0) or "random:SEED".
class RandomRanker : public Ranker {
 public:
  RandomRanker(int64_t itemCount, uint64_t seed);

  std::string name() const override;
  std::string configJson() const override;
  int64_t itemCount() const override { return m_items; }
  std::vector<float> scoreAll(const std::vector<int64_t>& profile) const override;
  std::vector<Explanation> explain(const std::vector<int64_t>& profile, int64_t item, int n = 3) const override;

 private:
  int64_t m_items;
  uint64_t m_seed;
};

}  // namespace vitrine
