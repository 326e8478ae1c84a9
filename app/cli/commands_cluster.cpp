// `vitrine-cli cluster`: PCA + k-means (k given or chosen by silhouette), optional 2-D map,
// stored in the catalog, a summary per cluster, optional CSV export.
#include <cstdio>
#include <iostream>
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

int positiveInt(const Args& a, const std::string& name, long long fallback) {
  const long long v = a.getInt(name, fallback);
  if (v < 0) throw UsageError("--" + name + " must not be negative");
  return int(v);
}

std::string joinCounts(const std::vector<std::pair<std::string, int64_t>>& v) {
  std::string out;
  for (const auto& [name, count] : v) out += (out.empty() ? "" : ", ") + name + " (" + std::to_string(count) + ")";
  return out.empty() ? "-" : out;
}

}  // namespace

int cmdCluster(int argc, char** argv) {
  Args a(argc, argv, 2,
         {"catalog", "embedding", "k", "k-min", "k-max", "pca-dim", "seed", "map", "perplexity", "export",
          "medoids"},
         {"quiet"});
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
  cfg.kMin = positiveInt(a, "k-min", cfg.kMin);
  cfg.kMax = positiveInt(a, "k-max", cfg.kMax);
  cfg.pcaDimension = positiveInt(a, "pca-dim", cfg.pcaDimension);
  const long long seed = a.getInt("seed", 0);
  if (seed < 0) throw UsageError("--seed must not be negative");
  cfg.seed = uint64_t(seed);
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
  std::printf("k = %d, seed = %llu, inertia = %.6g\n", run.k, static_cast<unsigned long long>(cfg.seed), run.inertia);
  std::fflush(stdout);

  SummaryOptions so;
  so.medoids = positiveInt(a, "medoids", 5);
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
