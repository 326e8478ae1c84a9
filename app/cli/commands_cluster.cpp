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
#include "cluster/job.h"
#include "commands.h"
#include "recommend/embedding_choice.h"

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
nlohmann::json clusterJson(const ClusteringJobResult& job, uint64_t seed, const std::string& map,
                           const std::vector<ClusterSummary>& summaries, const std::string& exported) {
  const ClusteringRun& run = job.run;
  std::unordered_map<int64_t, std::string> ext;
  for (size_t r = 0; r < run.artworkIds.size(); ++r) ext[run.artworkIds[r]] = run.externalIds[r];
  nlohmann::json out = {{"embedding", job.key.embedding},
                        {"artworks", int64_t(run.artworkIds.size())},
                        {"dimension", job.dimension},
                        {"space_dimension", run.spaceDimension},
                        {"k", run.k},
                        {"seed", seed},
                        {"inertia", run.inertia},
                        {"silhouette", nlohmann::json::array()},
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
  // The same job as the GUI's Clusters panel (core/cluster/job.h), validated there.
  ClusteringJobConfig cfg;
  EmbeddingRequest want;
  want.explicitName = a.get("embedding");
  cfg.embedding = requireEmbedding(c, want);
  const std::string& embedding = cfg.embedding;
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
  try {
    cfg.map = parseMapMethod(map);
  } catch (const Error& e) {
    throw UsageError("--map expects tsne or pca, got \"" + map + "\"");
  }
  if (a.has("perplexity")) {
    try {
      cfg.perplexity = std::stod(a.get("perplexity"));
    } catch (const std::exception&) {
      throw UsageError("--perplexity expects a number, got \"" + a.get("perplexity") + "\"");
    }
    if (!(cfg.perplexity > 0)) throw UsageError("--perplexity must be positive");
  }

  ProgressBar bar(a.has("quiet"));
  const ClusteringJobResult job = runClusteringJob(c, cfg, withInterrupt(bar));
  bar.finish();
  const ClusteringRun& run = job.run;
  const std::vector<float>& xy = job.xy;
  const int64_t rows = static_cast<int64_t>(run.artworkIds.size());

  if (a.json()) {
    SummaryOptions so;
    so.medoids = int(a.intOption("medoids", 5, 0, INT_MAX));
    if (a.has("export")) writeClusterCsv(a.get("export"), run.externalIds, run.labels, xy);
    std::cout << clusterJson(job, cfg.seed, map, summarizeClusters(c, run, so), a.get("export")).dump(2) << "\n";
    return 0;
  }

  std::cout << "embedding " << embedding << ": " << rows << " artworks, " << job.dimension << "-d";
  if (run.spaceDimension != job.dimension) std::cout << ", PCA to " << run.spaceDimension << "-d";
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
  for (int64_t r = 0; r < rows; ++r) ext[run.artworkIds[size_t(r)]] = run.externalIds[size_t(r)];
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
    writeClusterCsv(a.get("export"), run.externalIds, run.labels, xy);
    std::cout << "wrote " << a.get("export") << "\n";
  }
  return 0;
}

}  // namespace vitrine::cli
