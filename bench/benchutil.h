#pragma once
// Helpers shared by the benchmarks: peak memory and fast synthetic embeddings.
#include <cstdint>
#include <vector>

#include "catalog/catalog.h"
#include "common/platform.h"

namespace vitrine::bench {

inline double peakRssMb() { return platform::processUsage().peakRssMiB; }

// Fast deterministic non-negative values in [0, 1) (like post-ReLU CNN activations).
inline void fill(std::vector<float>& v, uint64_t seed) {
  uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
  for (float& x : v) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    x = static_cast<float>(s >> 40) * (1.0f / 16777216.0f);
  }
}

// An `items` x `dim` embedding named "synthetic", artwork ids 1..items, filled with seed `items`.
inline EmbeddingMatrix syntheticMatrix(int64_t items, int dim) {
  EmbeddingMatrix m;
  m.name = "synthetic";
  m.dimension = dim;
  m.artworkIds.resize(static_cast<size_t>(items));
  for (int64_t i = 0; i < items; ++i) m.artworkIds[static_cast<size_t>(i)] = i + 1;
  m.values.resize(static_cast<size_t>(items) * static_cast<size_t>(dim));
  fill(m.values, static_cast<uint64_t>(items));
  return m;
}

}  // namespace vitrine::bench
