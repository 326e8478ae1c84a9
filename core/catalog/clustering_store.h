#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"

// Storage of the clusterings family (tables clusterings, cluster_assignments, layouts,
// layout_points). cluster/cluster_store.h checks labels and coordinates before storing.
// Errors: CatalogError.
namespace vitrine {

struct StoredClustering {
  int64_t id = 0;
  std::string embedding;  // clusterings.extractor
  int k = 0;
  uint64_t seed = 0;
  std::string configJson = "{}";
  int64_t createdAt = 0;            // unix seconds
  std::vector<int64_t> artworkIds;  // in artwork-id order (empty from listClusterings)
  std::vector<int> clusters;        // parallel to artworkIds
};

struct StoredLayout {
  int64_t id = 0;
  std::string embedding;  // layouts.extractor
  std::string method;     // "tsne" or "pca"
  uint64_t seed = 0;
  std::string configJson = "{}";
  int64_t createdAt = 0;
  std::vector<int64_t> artworkIds;  // in artwork-id order (empty from listLayouts)
  std::vector<float> xy;            // interleaved x, y parallel to artworkIds
};

// Replaces any clustering with the same (embedding, k, seed) in one transaction; returns its id.
// clusters is parallel to artworkIds (unchecked here).
int64_t storeClustering(Catalog& c, const std::string& embedding, int k, uint64_t seed, const std::string& configJson,
                        const std::vector<int64_t>& artworkIds, const std::vector<int>& clusters);
std::optional<StoredClustering> loadClustering(const Catalog& c, const std::string& embedding, int k, uint64_t seed);
std::vector<StoredClustering> listClusterings(const Catalog& c);  // headers only, by id
void deleteClustering(Catalog& c, int64_t id);

// Replaces any layout with the same (embedding, method, seed) in one transaction; returns its id.
// xy holds 2 x artworkIds.size() values (unchecked here).
int64_t storeLayout(Catalog& c, const std::string& embedding, const std::string& method, uint64_t seed,
                    const std::string& configJson, const std::vector<int64_t>& artworkIds,
                    const std::vector<float>& xy);
std::optional<StoredLayout> loadLayout(const Catalog& c, const std::string& embedding, const std::string& method,
                                       uint64_t seed);
std::vector<StoredLayout> listLayouts(const Catalog& c);  // headers only, by id
void deleteLayout(Catalog& c, int64_t id);

}  // namespace vitrine
