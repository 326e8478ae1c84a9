#include "cluster/cluster_store.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <functional>
#include <iomanip>
#include <locale>
#include <sstream>
#include <map>
#include <numeric>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/csv_writer.h"
#include "embeddings/handcrafted.h"

namespace vitrine {
namespace {

// The perceptual block is stored as value * weight / sqrt(8) with weight 1.5
// (docs/handcrafted-features.md, table of blocks); summaries report the value in [0, 1].
constexpr double kPerceptualWeight = 1.5;

std::vector<std::pair<std::string, int64_t>> topCounts(const std::map<std::string, int64_t>& counts, int n) {
  std::vector<std::pair<std::string, int64_t>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (int(v.size()) > n) v.resize(size_t(std::max(0, n)));
  return v;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Clusterings
// ---------------------------------------------------------------------------------------------

int64_t saveClustering(Catalog& c, const std::string& embedding, int k, uint64_t seed, const std::string& configJson,
                       const std::vector<int64_t>& artworkIds, const std::vector<int>& clusters) {
  if (artworkIds.size() != clusters.size())
    throw ClusterError("clustering of '" + embedding + "': " + std::to_string(artworkIds.size()) + " artworks but " +
                       std::to_string(clusters.size()) + " labels");
  // Never store an empty cluster (docs/data-policies.md, "Clusters"): labels must use 0..k-1.
  std::vector<int64_t> sizes(size_t(std::max(k, 0)), 0);
  for (int l : clusters) {
    if (l < 0 || l >= k)
      throw ClusterError("clustering of '" + embedding + "': label " + std::to_string(l) + " is outside 0.." +
                         std::to_string(k - 1));
    ++sizes[size_t(l)];
  }
  for (int l = 0; l < k; ++l)
    if (sizes[size_t(l)] == 0)
      throw ClusterError("clustering of '" + embedding + "': cluster " + std::to_string(l) + " of " +
                         std::to_string(k) + " is empty; not stored");
  return storeClustering(c, embedding, k, seed, configJson, artworkIds, clusters);
}

int64_t saveClustering(Catalog& c, const ClusteringRun& run) {
  std::string config = run.config.toJson();
  if (!run.notes.empty()) {
    nlohmann::json j = nlohmann::json::parse(config);
    j["notes"] = run.notes;
    config = j.dump();
  }
  return saveClustering(c, run.embedding, run.k, run.config.seed, config, run.artworkIds, run.labels);
}

// ---------------------------------------------------------------------------------------------
// Layouts
// ---------------------------------------------------------------------------------------------

int64_t saveLayout(Catalog& c, const std::string& embedding, const std::string& method, uint64_t seed,
                   const std::string& configJson, const std::vector<int64_t>& artworkIds,
                   const std::vector<float>& xy) {
  if (xy.size() != artworkIds.size() * 2)
    throw ClusterError("layout of '" + embedding + "': " + std::to_string(artworkIds.size()) + " artworks but " +
                       std::to_string(xy.size()) + " coordinates");
  return storeLayout(c, embedding, method, seed, configJson, artworkIds, xy);
}

// ---------------------------------------------------------------------------------------------
// Summaries
// ---------------------------------------------------------------------------------------------

std::vector<ClusterSummary> summarizeClusters(const Catalog& c, const std::vector<int64_t>& artworkIds,
                                              const float* space, int dimension, const std::vector<int>& labels, int k,
                                              const SummaryOptions& o) {
  const size_t n = artworkIds.size();
  if (labels.size() != n)
    throw ClusterError("summaries: " + std::to_string(n) + " artworks but " + std::to_string(labels.size()) +
                       " labels");
  std::vector<ClusterSummary> out(static_cast<size_t>(std::max(0, k)));
  for (int i = 0; i < k; ++i) out[size_t(i)].cluster = i;
  std::vector<std::vector<size_t>> members(out.size());
  for (size_t r = 0; r < n; ++r) {
    const int l = labels[r];
    if (l < 0 || l >= k)
      throw ClusterError("summaries: label " + std::to_string(l) + " outside [0, " + std::to_string(k) + ")");
    members[size_t(l)].push_back(r);
  }

  // Medoids: members nearest the cluster mean in the clustering space.
  for (int ci = 0; ci < k; ++ci) {
    const auto& mem = members[size_t(ci)];
    ClusterSummary& s = out[size_t(ci)];
    s.size = int64_t(mem.size());
    if (mem.empty() || space == nullptr || dimension <= 0) continue;
    std::vector<double> centre(static_cast<size_t>(dimension), 0.0);
    for (size_t r : mem)
      for (int d = 0; d < dimension; ++d) centre[size_t(d)] += space[r * size_t(dimension) + size_t(d)];
    for (double& v : centre) v /= double(mem.size());
    std::vector<std::pair<double, size_t>> dist;
    dist.reserve(mem.size());
    for (size_t r : mem) {
      double s2 = 0;
      for (int d = 0; d < dimension; ++d) {
        const double t = space[r * size_t(dimension) + size_t(d)] - centre[size_t(d)];
        s2 += t * t;
      }
      dist.emplace_back(s2, r);
    }
    const size_t m = std::min(dist.size(), size_t(std::max(0, o.medoids)));
    std::partial_sort(dist.begin(), dist.begin() + long(m), dist.end());
    for (size_t i = 0; i < m; ++i) s.medoids.push_back(artworkIds[dist[i].second]);
  }

  // Artists and periods from the catalog (one pass over all artworks).
  std::unordered_map<int64_t, size_t> rowOf;
  for (size_t r = 0; r < n; ++r) rowOf[artworkIds[r]] = r;
  std::vector<std::map<std::string, int64_t>> artists(out.size()), periods(out.size());
  for (const Artwork& a : c.artworks()) {
    auto it = rowOf.find(a.id);
    if (it == rowOf.end()) continue;
    const size_t l = size_t(labels[it->second]);
    if (!a.artist.empty()) ++artists[l][a.artist];
    const std::string& p = a.period.empty() ? a.style : a.period;
    if (!p.empty()) ++periods[l][p];
  }
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].topArtists = topCounts(artists[i], o.topValues);
    out[i].topPeriods = topCounts(periods[i], o.topValues);
  }

  // Mean perceptual measures from the stored handcrafted embedding, unscaled to [0, 1].
  const HandcraftedExtractor hc;
  const auto info = c.embeddingInfo(HandcraftedExtractor::kName);
  if (info && info->dimension == hc.dimension() && info->count > 0) {
    FeatureBlock block;
    for (const FeatureBlock& b : hc.blocks())
      if (b.name == "perceptual") block = b;
    if (block.dimension > 0) {
      const double unscale = std::sqrt(double(block.dimension)) / kPerceptualWeight;
      const EmbeddingMatrix hm = c.loadEmbeddingMatrix(HandcraftedExtractor::kName);
      std::vector<std::vector<double>> sums(out.size(), std::vector<double>(size_t(block.dimension), 0.0));
      std::vector<int64_t> counts(out.size(), 0);
      for (int64_t r = 0; r < hm.rows(); ++r) {
        auto it = rowOf.find(hm.artworkIds[size_t(r)]);
        if (it == rowOf.end()) continue;
        const size_t l = size_t(labels[it->second]);
        ++counts[l];
        const float* v = hm.row(r) + block.offset;
        for (int d = 0; d < block.dimension; ++d) sums[l][size_t(d)] += v[d] * unscale;
      }
      for (size_t i = 0; i < out.size(); ++i) {
        if (counts[i] == 0) continue;
        for (int d = 0; d < block.dimension; ++d) {
          const std::string name = d < int(block.componentNames.size()) ? block.componentNames[size_t(d)]
                                                                        : "perceptual_" + std::to_string(d);
          out[i].perceptual.emplace_back(name, sums[i][size_t(d)] / double(counts[i]));
        }
      }
    }
  }
  return out;
}

std::vector<ClusterSummary> summarizeClusters(const Catalog& c, const ClusteringRun& run, const SummaryOptions& o) {
  return summarizeClusters(c, run.artworkIds, run.space.data(), run.spaceDimension, run.labels, run.k, o);
}

// ---------------------------------------------------------------------------------------------
// CSV export
// ---------------------------------------------------------------------------------------------

void writeClusterCsv(const std::string& path, const std::vector<std::string>& externalIds,
                     const std::vector<int>& labels, const std::vector<float>& xy) {
  const size_t n = externalIds.size();
  if ((!labels.empty() && labels.size() != n) || (!xy.empty() && xy.size() != 2 * n))
    throw ClusterError(path + ": " + std::to_string(n) + " ids but " + std::to_string(labels.size()) + " labels and " +
                       std::to_string(xy.size()) + " coordinates");
  CsvWriter f(path);
  f.row({"artwork_id", "cluster", "x", "y"});
  // Numbers in the classic "C" locale whatever the user's locale (Qt sets LC_NUMERIC from the
  // environment, and a German locale would write "0,5" and group digits): 9 significant digits.
  const auto number = [](double v) {
    std::ostringstream o;
    o.imbue(std::locale::classic());
    o << std::setprecision(9) << v;
    return o.str();
  };
  for (size_t i = 0; i < n; ++i) {
    std::string x, y;
    if (!xy.empty()) {
      x = number(double(xy[2 * i]));
      y = number(double(xy[2 * i + 1]));
    }
    f.row({externalIds[i], labels.empty() ? "" : std::to_string(labels[i]), x, y});
  }
  f.finish();
}

}  // namespace vitrine
