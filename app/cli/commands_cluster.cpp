// `vitrine-cli cluster`: PCA + k-means (k given or chosen by silhouette), optional 2-D map,
// stored in the catalog, a summary per cluster, optional CSV export.
#include <climits>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "args.h"
#include "catalog/catalog.h"
#include "cluster/cluster.h"
#include "cluster/cluster_store.h"
#include "cluster/layout.h"
#include "commands.h"

namespace vitrine::cli {

namespace {

std::string joinCounts(const std::vector<std::pair<std::string, int64_t>>& v) {
  std::string out;
  for (const auto& [name, count] : v) out += (out.empty() ? "" : ", ") + name + " (" + std::to_string(count) + ")";
  return out.empty() ? "-" : out;
}

nlohmann::json countsJson(const std::vector<std::pair<std::string, int64_t>>& v) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, count] : v) out.push_back({{"name", name}, {"count", count}});
  return out;
}

// `cluster --json`: the run and its per-cluster summaries (medoids as external ids).
nlohmann::json clusterJson(const EmbeddingMatrix& m, const ClusteringRun& run, uint64_t seed, const std::string& map,
                           const std::vector<ClusterSummary>& summaries, const std::string& exported) {
  std::unordered_map<int64_t, std::string> ext;
  for (int64_t r = 0; r < m.rows(); ++r) ext[m.artworkIds[size_t(r)]] = m.externalIds[size_t(r)];
  nlohmann::json out = {{"embedding", m.name},     {"artworks", m.rows()},       {"dimension", m.dimension},
                        {"space_dimension", run.spaceDimension}, {"k", run.k}, {"seed", seed},
                        {"inertia", run.inertia},  {"silhouette", nlohmann::json::array()},
                        {"map", map.empty() ? nlohmann::json() : nlohmann::json(map)},
                        {"export", exported.empty() ? nlohmann::json() : nlohmann::json(exported)},
                        {"clusters", nlohmann::json::array()}};
  for (const auto& [k, s] : run.silhouette) out["silhouette"].push_back({{"k", k}, {"score", s}});
  for (const auto& s : summaries) {
    nlohmann::json cl = {{"cluster", s.cluster},
                         {"size", s.size},
                         {"top_artists", countsJson(s.topArtists)},
                         {"top_periods", countsJson(s.topPeriods)},
                         {"medoids", nlohmann::json::array()},
                         {"perceptual", nlohmann::json::object()}};
    for (int64_t id : s.medoids) cl["medoids"].push_back(ext[id]);
    for (const auto& [name, v] : s.perceptual) cl["perceptual"][name] = v;
    out["clusters"].push_back(cl);
  }
  return out;
}

}  // namespace

int cmdCluster(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"));
  const std::string embedding = a.require("embedding");

  ClusteringConfig cfg;
  const std::string kText = a.get("k", "auto");
  if (kText != "auto") {
    cfg.k = int(a.getInt("k", 0));
    if (cfg.k < 1) throw UsageError("--k expects a positive number or auto, got \"" + kText + "\"");
  }
  cfg.kMin = int(a.intOption("k-min", cfg.kMin, 0, INT_MAX));
  cfg.kMax = int(a.intOption("k-max", cfg.kMax, 0, INT_MAX));
  cfg.pcaDimension = int(a.intOption("pca-dim", cfg.pcaDimension, 0, INT_MAX));
  cfg.seed = uint64_t(a.intOption("seed", 0, 0));
  const std::string map = a.get("map", "");
  if (!map.empty() && map != "tsne" && map != "pca")
    throw UsageError("--map expects tsne or pca, got \"" + map + "\"");
  LayoutConfig lc;
  lc.method = map;
  lc.tsne.seed = cfg.seed;
  if (a.has("perplexity")) {
    try {
      lc.tsne.perplexity = std::stod(a.get("perplexity"));
    } catch (const std::exception&) {
      throw UsageError("--perplexity expects a number, got \"" + a.get("perplexity") + "\"");
    }
    if (!(lc.tsne.perplexity > 0)) throw UsageError("--perplexity must be positive");
  }
  if (cfg.pcaDimension > 0) lc.tsne.pcaDimension = cfg.pcaDimension;

  const EmbeddingMatrix m = c.loadEmbeddingMatrix(embedding);
  if (m.rows() < 2) throw Error("embedding \"" + embedding + "\" has " + std::to_string(m.rows()) + " artworks; need 2");
  if (cfg.k > m.rows())
    throw UsageError("--k " + std::to_string(cfg.k) + " exceeds the " + std::to_string(m.rows()) + " artworks");

  ProgressBar bar(a.has("quiet"));
  const ClusteringRun run = runClustering(m, cfg, withInterrupt(bar));
  std::vector<float> xy;
  if (!map.empty()) xy = computeLayout(m, lc, withInterrupt(bar));
  bar.finish();

  saveClustering(c, run);
  if (!map.empty()) saveLayout(c, embedding, map, cfg.seed, lc.toJson(), m.artworkIds, xy);
  if (a.json()) {
    SummaryOptions so;
    so.medoids = int(a.intOption("medoids", 5, 0, INT_MAX));
    if (a.has("export")) writeClusterCsv(a.get("export"), m.externalIds, run.labels, xy);
    std::cout << clusterJson(m, run, cfg.seed, map, summarizeClusters(c, run, so), a.get("export")).dump(2) << "\n";
    return 0;
  }

  std::cout << "embedding " << embedding << ": " << m.rows() << " artworks, " << m.dimension << "-d";
  if (run.spaceDimension != m.dimension) std::cout << ", PCA to " << run.spaceDimension << "-d";
  std::cout << "\n";
  if (!run.silhouette.empty()) {
    std::cout << "silhouette:";
    for (const auto& [k, s] : run.silhouette) {
      char buf[32];
      std::snprintf(buf, sizeof buf, " k=%d %.3f", k, s);
      std::cout << buf;
    }
    std::cout << "\nchosen k = " << run.k << " (highest silhouette)\n";
  }
  for (const auto& note : run.notes) std::cout << "note: " << note << "\n";
  std::printf("k = %d, seed = %llu, inertia = %.6g\n", run.k, static_cast<unsigned long long>(cfg.seed), run.inertia);
  std::fflush(stdout);

  SummaryOptions so;
  so.medoids = int(a.intOption("medoids", 5, 0, INT_MAX));
  const auto summaries = summarizeClusters(c, run, so);
  std::unordered_map<int64_t, std::string> ext;
  for (int64_t r = 0; r < m.rows(); ++r) ext[m.artworkIds[size_t(r)]] = m.externalIds[size_t(r)];
  for (const auto& s : summaries) {
    std::cout << "cluster " << s.cluster << "  size " << s.size << "\n";
    std::cout << "  artists  " << joinCounts(s.topArtists) << "\n";
    std::cout << "  periods  " << joinCounts(s.topPeriods) << "\n";
    std::cout << "  medoids ";
    for (int64_t id : s.medoids) std::cout << " " << ext[id];
    std::cout << "\n";
    if (!s.perceptual.empty()) {
      std::cout << "  perceptual";
      for (const auto& [name, v] : s.perceptual) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " %s %.2f", name.c_str(), v);
        std::cout << buf;
      }
      std::cout << "\n";
    }
  }
  if (!map.empty()) std::cout << "stored " << map << " map (seed " << cfg.seed << ")\n";

  if (a.has("export")) {
    writeClusterCsv(a.get("export"), m.externalIds, run.labels, xy);
    std::cout << "wrote " << a.get("export") << "\n";
  }
  return 0;
}

}  // namespace vitrine::cli
