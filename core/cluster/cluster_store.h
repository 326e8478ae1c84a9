#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "cluster/cluster.h"

// Persisting clusterings and layouts in the catalog (tables clusterings, cluster_assignments,
// layouts, layout_points), cluster summaries, and the CSV export of `vitrine-cli cluster`.
namespace vitrine {

struct StoredClustering {
  int64_t id = 0;
  std::string embedding;        // clusterings.extractor
  int k = 0;
  uint64_t seed = 0;
  std::string configJson = "{}";
  int64_t createdAt = 0;        // unix seconds
  std::vector<int64_t> artworkIds;  // in artwork-id order (empty from listClusterings)
  std::vector<int> clusters;        // parallel to artworkIds
};

struct StoredLayout {
  int64_t id = 0;
  std::string embedding;        // layouts.extractor
  std::string method;           // "tsne" or "pca"
  uint64_t seed = 0;
  std::string configJson = "{}";
  int64_t createdAt = 0;
  std::vector<int64_t> artworkIds;  // in artwork-id order (empty from listLayouts)
  std::vector<float> xy;            // interleaved x, y parallel to artworkIds
};

// Replaces any clustering with the same (embedding, k, seed) in one transaction; returns its id.
int64_t saveClustering(Catalog& c, const std::string& embedding, int k, uint64_t seed,
                       const std::string& configJson, const std::vector<int64_t>& artworkIds,
                       const std::vector<int>& clusters);
int64_t saveClustering(Catalog& c, const ClusteringRun& run);
std::optional<StoredClustering> loadClustering(const Catalog& c, const std::string& embedding, int k,
                                               uint64_t seed);
std::vector<StoredClustering> listClusterings(const Catalog& c);  // headers only, by id
void deleteClustering(Catalog& c, int64_t id);

// Replaces any layout with the same (embedding, method, seed) in one transaction; returns its id.
int64_t saveLayout(Catalog& c, const std::string& embedding, const std::string& method, uint64_t seed,
                   const std::string& configJson, const std::vector<int64_t>& artworkIds,
                   const std::vector<float>& xy);
std::optional<StoredLayout> loadLayout(const Catalog& c, const std::string& embedding,
                                       const std::string& method, uint64_t seed);
std::vector<StoredLayout> listLayouts(const Catalog& c);  // headers only, by id
void deleteLayout(Catalog& c, int64_t id);

struct ClusterSummary {
  int cluster = 0;
  int64_t size = 0;
  std::vector<int64_t> medoids;  // artwork ids nearest the centroid in the clustering space, nearest first
  std::vector<std::pair<std::string, int64_t>> topArtists;  // (artist, count), most frequent first
  std::vector<std::pair<std::string, int64_t>> topPeriods;  // period (or style when empty)
  // Mean of each named perceptual measure in [0, 1] (brightness, colourfulness, ...) over the
  // members that have a "handcrafted" embedding; empty when none has.
  std::vector<std::pair<std::string, double>> perceptual;
};

struct SummaryOptions {
  int medoids = 8;
  int topValues = 3;
};

// space: rows x dimension (the clustering space), rows parallel to artworkIds and labels.
std::vector<ClusterSummary> summarizeClusters(const Catalog& c, const std::vector<int64_t>& artworkIds,
                                              const float* space, int dimension,
                                              const std::vector<int>& labels, int k,
                                              const SummaryOptions& o = {});
std::vector<ClusterSummary> summarizeClusters(const Catalog& c, const ClusteringRun& run,
                                              const SummaryOptions& o = {});

// RFC 4180 CSV with header "artwork_id,cluster,x,y" (external ids); xy may be empty (x, y left
// empty) and labels may be empty (cluster left empty). Throws Error naming the path on failure.
void writeClusterCsv(const std::string& path, const std::vector<std::string>& externalIds,
                     const std::vector<int>& labels, const std::vector<float>& xy);

}  // namespace vitrine
