#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/clustering_store.h"
#include "cluster/cluster.h"

// Checked saving of clusterings and layouts (the storage is catalog/clustering_store.h), cluster
// summaries, and the CSV export of `vitrine-cli cluster`.
namespace vitrine {

// Checks the labels (0..k-1, no empty cluster: ClusterError naming the embedding), then replaces any
// clustering with the same (embedding, k, seed) in one transaction (storeClustering); returns its id.
int64_t saveClustering(Catalog& c, const std::string& embedding, int k, uint64_t seed, const std::string& configJson,
                       const std::vector<int64_t>& artworkIds, const std::vector<int>& clusters);
int64_t saveClustering(Catalog& c, const ClusteringRun& run);

// Checks that xy holds two coordinates per artwork (ClusterError), then storeLayout; returns its id.
int64_t saveLayout(Catalog& c, const std::string& embedding, const std::string& method, uint64_t seed,
                   const std::string& configJson, const std::vector<int64_t>& artworkIds, const std::vector<float>& xy);

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
                                              const float* space, int dimension, const std::vector<int>& labels, int k,
                                              const SummaryOptions& o = {});
std::vector<ClusterSummary> summarizeClusters(const Catalog& c, const ClusteringRun& run, const SummaryOptions& o = {});

// RFC 4180 CSV with header "artwork_id,cluster,x,y" (external ids); xy may be empty (x, y left
// empty) and labels may be empty (cluster left empty). Throws Error naming the path on failure.
void writeClusterCsv(const std::string& path, const std::vector<std::string>& externalIds,
                     const std::vector<int>& labels, const std::vector<float>& xy);

}  // namespace vitrine
