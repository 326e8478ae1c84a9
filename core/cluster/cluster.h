#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "common/error.h"
#include "common/progress.h"

// Visual clusters (issue 7): PCA, seeded k-means and the silhouette heuristic for k.
// Every matrix is row-major float (rows x dimension). Results depend only on the inputs and the
// seed (never on thread count or timing).
//
// Choosing k (the documented heuristic): the mean silhouette (Rousseeuw 1987) of the k-means
// result for every k in [kMin, kMax], each scored on the same seeded sample of at most 2,000
// rows; the highest wins, ties go to the smaller k. Silhouette rewards compact, well separated
// clusters and needs no reference distribution (unlike the gap statistic).
namespace vitrine {

class ClusterError : public Error {
 public:
  using Error::Error;
};

// ---------------------------------------------------------------------------------------------
// PCA
// ---------------------------------------------------------------------------------------------

struct PcaOptions {
  int components = 50;  // clamped to min(dimension, rows); <= 0 means "all"
  bool whiten = false;  // divide each projected component by its standard deviation
};

struct PcaModel {
  int inputDimension = 0;
  int components = 0;
  bool whiten = false;
  std::vector<float> mean;                     // inputDimension
  std::vector<float> basis;                    // components x inputDimension, unit-length rows
  std::vector<double> variance;                // per component (eigenvalue, divisor rows - 1)
  std::vector<double> explainedVarianceRatio;  // variance[i] / total variance of the input
  double totalVariance = 0;                    // sum of the input's per-dimension variances

  // (x - mean) . basis^T, divided by sqrt(variance) when whiten; rows x components.
  std::vector<float> project(const float* data, int64_t rows) const;
  std::vector<float> project(const EmbeddingMatrix& m) const;
  std::vector<float> project(const std::vector<float>& row) const;  // one row
};

// Eigen-decomposition of the covariance (computed as one matrix product). Needs rows >= 2.
// Component signs are fixed (largest-magnitude loading positive) so results are reproducible.
PcaModel fitPca(const float* data, int64_t rows, int dimension, const PcaOptions& o = {});
PcaModel fitPca(const EmbeddingMatrix& m, const PcaOptions& o = {});

// ---------------------------------------------------------------------------------------------
// k-means
// ---------------------------------------------------------------------------------------------

struct KMeansOptions {
  int k = 8;
  int restarts = 4;         // independent k-means++ starts; the lowest inertia is kept
  int maxIterations = 100;  // Lloyd iterations per restart
  double tolerance = 1e-4;  // stop when the summed squared centroid shift <= tolerance * the
                            // data's mean per-dimension variance (as scikit-learn)
  uint64_t seed = 0;
};

struct KMeansResult {
  int k = 0;
  int dimension = 0;
  std::vector<int> labels;         // per row, 0..k-1; clusters renumbered by decreasing size
  std::vector<float> centroids;    // k x dimension
  std::vector<int64_t> sizes;      // k
  double inertia = 0;              // sum of squared distances to the assigned centroid
  int iterations = 0;              // of the kept restart
  int requestedK = 0;              // o.k; k is smaller when the data has fewer distinct points
  std::vector<std::string> notes;  // why k was reduced, in plain words (empty when k == requestedK)
};

// Rows that differ in at least one value (exact float comparison).
int64_t countDistinctRows(const float* data, int64_t rows, int dimension);

// k-means++ seeding (std::mt19937_64 from the seed) + Lloyd iterations, distances as a matrix
// product. Throws ClusterError when k < 1 or k > rows. Never returns an empty cluster: when k
// exceeds the number of distinct points, k is reduced to that number, and a cluster that ends
// empty is dropped (k shrinks); both are said in `notes` (docs/data-policies.md, "Clusters").
// progress (optional) is called per restart with stage "kmeans"; returning false throws Cancelled.
KMeansResult kMeans(const float* data, int64_t rows, int dimension, const KMeansOptions& o,
                    const ProgressCallback& progress = {});

// Index of the nearest centroid for each row (squared Euclidean; ties: lower index).
std::vector<int> assignToCentroids(const float* data, int64_t rows, int dimension, const std::vector<float>& centroids,
                                   int k);

// Mean silhouette (Euclidean) over a seeded sample of at most sampleSize rows (all rows when
// rows <= sampleSize); each sampled row is scored against the sampled rows only.
double silhouetteScore(const float* data, int64_t rows, int dimension, const std::vector<int>& labels,
                       int64_t sampleSize = 2000, uint64_t seed = 0);

struct KChoice {
  int k = 0;                                   // the k with the highest silhouette
  std::vector<std::pair<int, double>> scores;  // (k, silhouette) for every k tried
};

// Runs kMeans(base with k) for k in [kMin, kMax] (kMax clamped to rows - 1 and to the number of
// distinct points) and keeps the best
// silhouette (ties: smaller k).
KChoice chooseK(const float* data, int64_t rows, int dimension, int kMin, int kMax, const KMeansOptions& base,
                int64_t sampleSize = 2000, const ProgressCallback& progress = {});

// Thrown when a ProgressCallback returned false.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

// ---------------------------------------------------------------------------------------------
// The whole pipeline over a named embedding: optional PCA, then k-means (k given or chosen).
// ---------------------------------------------------------------------------------------------

struct ClusteringConfig {
  int k = 0;  // 0 = choose by silhouette over [kMin, kMax]
  int kMin = 2, kMax = 15;
  int pcaDimension = 50;    // 0 = cluster the raw embedding
  bool l2Normalise = true;  // rows scaled to unit length first (embeddings are compared by cosine)
  int restarts = 4;
  int maxIterations = 100;
  double tolerance = 1e-4;
  int64_t silhouetteSample = 2000;
  uint64_t seed = 0;
  std::string toJson() const;  // stored in clusterings.config_json
};

struct ClusteringRun {
  std::string embedding;
  ClusteringConfig config;
  int k = 0;
  std::vector<int64_t> artworkIds;  // row -> artwork id (EmbeddingMatrix order)
  std::vector<std::string> externalIds;
  std::vector<int> labels;   // row -> cluster
  std::vector<float> space;  // the clustering space: rows x spaceDimension
  int spaceDimension = 0;
  std::vector<float> centroids;  // k x spaceDimension
  double inertia = 0;
  std::vector<std::pair<int, double>> silhouette;  // filled when k was chosen automatically
  std::vector<std::string> notes;                  // e.g. k reduced to the number of distinct points
};

ClusteringRun runClustering(const EmbeddingMatrix& m, const ClusteringConfig& c, const ProgressCallback& progress = {});

// Rows scaled to unit L2 length in place (zero rows stay zero).
void l2NormaliseRows(std::vector<float>& data, int dimension);

}  // namespace vitrine
