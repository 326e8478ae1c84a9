#include "recommend/random_ranker.h"

#include <random>

namespace vitrine {

namespace {

uint64_t mix(uint64_t h, uint64_t v) {
  // splitmix64 step over the running hash: stable across platforms and standard libraries.
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h += 0x9e3779b97f4a7c15ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace

RandomRanker::RandomRanker(int64_t itemCount, uint64_t seed) : m_items(itemCount), m_seed(seed) {}

std::string RandomRanker::name() const { return "Random"; }

std::string RandomRanker::configJson() const { return R"({"model":"random","seed":)" + std::to_string(m_seed) + "}"; }

std::vector<float> RandomRanker::scoreAll(const std::vector<int64_t>& profile) const {
  uint64_t h = mix(0, m_seed);
  for (int64_t p : profile) h = mix(h, static_cast<uint64_t>(p));
  std::vector<float> scores(static_cast<size_t>(m_items));
  // mt19937_64's output sequence is fixed by the standard; map to [0,1) by hand (the standard
  // distributions are implementation-defined).
  std::mt19937_64 rng(h);
  for (auto& s : scores) s = static_cast<float>((rng() >> 40) * (1.0 / 16777216.0));
  return scores;
}

std::vector<Explanation> RandomRanker::explain(const std::vector<int64_t>&, int64_t, int) const { return {}; }

}  // namespace vitrine
