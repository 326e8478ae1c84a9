#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/progress.h"

// 2-D maps of a collection (issue 7): the first two PCA components, or Barnes-Hut t-SNE.
namespace vitrine {

struct TsneOptions {
  double perplexity = 30;  // clamped to (rows - 1) / 3
  double theta = 0.5;      // Barnes-Hut accuracy (0 = exact, O(N^2))
  int pcaDimension = 50;   // input reduced by PCA first; 0 = use the input as it is
  int iterations = 1000;
  int exaggerationIterations = 250;
  double exaggeration = 12;
  double learningRate = 0;  // 0 = max(200, rows / exaggeration) (Belkina et al. 2019)
  int threads = 2;          // for the gradient; results do not depend on it
  uint64_t seed = 0;
  std::string toJson() const;
};

struct LayoutConfig {
  std::string method = "tsne";  // "tsne" or "pca"
  bool l2Normalise = true;      // rows scaled to unit length first (as for clustering)
  TsneOptions tsne;
  std::string toJson() const;  // stored in layouts.config_json
};

// First two principal components (rows x 2, interleaved x, y).
std::vector<float> pcaLayout(const float* data, int64_t rows, int dimension);

// Barnes-Hut t-SNE (van der Maaten 2014, as in bhtsne): exact kNN (3 * perplexity neighbours,
// blocked matrix products), perplexity calibration by bisection, quadtree with theta, momentum
// 0.5 -> 0.8 after the exaggeration phase, gains +0.2 / *0.8. Deterministic for a seed.
// progress: stage "tsne", done/total iterations; returning false throws Cancelled.
std::vector<float> tsneLayout(const float* data, int64_t rows, int dimension, const TsneOptions& o,
                              const ProgressCallback& progress = {});

// Dispatches on config.method over an embedding (after optional L2 normalisation).
std::vector<float> computeLayout(const EmbeddingMatrix& m, const LayoutConfig& config,
                                 const ProgressCallback& progress = {});

}  // namespace vitrine
