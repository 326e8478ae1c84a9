#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "cluster/cluster.h"
#include "common/progress.h"

// The clustering job of `vitrine-cli cluster` and the GUI's Clusters panel, written once: typed
// configuration in, typed result out, progress + cancel through the callback, validation here.
namespace vitrine {

// Which stored clustering: clusterings are unique per (embedding, k, seed).
struct ClusteringKey {
  std::string embedding;
  int k = 0;
  uint64_t seed = 0;
  // "embedding|k|seed" (for combo-box data and settings); parse() reads it back and throws
  // vitrine::Error on anything else.
  std::string toString() const;
  static ClusteringKey parse(const std::string& text);
  bool operator==(const ClusteringKey& o) const { return embedding == o.embedding && k == o.k && seed == o.seed; }
  bool operator!=(const ClusteringKey& o) const { return !(*this == o); }
};

enum class MapMethod { None, Tsne, Pca };
std::string toString(MapMethod m);                  // "", "tsne", "pca"
MapMethod parseMapMethod(const std::string& text);  // "", "none", "tsne", "pca"; throws vitrine::Error

struct ClusteringJobConfig {
  std::string embedding;            // chosen with chooseEmbedding (recommend/embedding_choice.h)
  int k = 0;                        // 0 = chosen by silhouette over [kMin, kMax]
  int kMin = 2, kMax = 15;          // kMax is clamped to the artworks - 1
  int pcaDimension = 50;            // 0 = cluster the raw embedding (also the t-SNE input reduction)
  uint64_t seed = 0;                // k-means and t-SNE
  MapMethod map = MapMethod::None;  // also compute and store a 2-D map
  double perplexity = 30;           // t-SNE
};

struct ClusteringJobResult {
  ClusteringKey key;         // what was stored (k is the chosen one)
  ClusteringRun run;         // labels, space, silhouette scores, ...
  int dimension = 0;         // of the embedding
  std::vector<float> xy;     // the map (interleaved x, y per row of run.artworkIds); empty without
  int64_t clusteringId = 0;  // clusterings row
  int64_t layoutId = 0;      // layouts row (0 = no map)
};

// Throws vitrine::Error with a message for the user when the configuration cannot run on an
// embedding of `rows` artworks: fewer than 2 artworks, k larger than the artworks, kMin > kMax,
// a non-positive perplexity.
void validateClusteringJob(const ClusteringJobConfig& config, int64_t rows);

// Loads the embedding, validates, clusters (PCA + k-means, k given or chosen), computes the map
// when asked, then stores the clustering and the map (each replacing the one with the same key,
// each in its own transaction). progress sees
// stages "kmeans", "tsne" and "store"; returning false throws Cancelled before anything is stored.
ClusteringJobResult runClusteringJob(Catalog& catalog, const ClusteringJobConfig& config,
                                     const ProgressCallback& progress = {});

}  // namespace vitrine
