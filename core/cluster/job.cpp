#include "cluster/job.h"

#include <algorithm>

#include "cluster/cluster_store.h"
#include "cluster/layout.h"

namespace vitrine {

std::string ClusteringKey::toString() const { return embedding + "|" + std::to_string(k) + "|" + std::to_string(seed); }

ClusteringKey ClusteringKey::parse(const std::string& text) {
  const auto b = text.rfind('|');
  const auto a = b == std::string::npos || b == 0 ? std::string::npos : text.rfind('|', b - 1);
  if (a == std::string::npos || a == 0) throw Error("not a clustering key (embedding|k|seed): \"" + text + "\"");
  ClusteringKey key;
  key.embedding = text.substr(0, a);
  try {
    size_t used = 0;
    const std::string k = text.substr(a + 1, b - a - 1), seed = text.substr(b + 1);
    key.k = std::stoi(k, &used);
    if (used != k.size() || key.k < 1) throw Error("");
    if (seed.empty() || seed.front() == '-') throw Error("");
    key.seed = std::stoull(seed, &used);
    if (used != seed.size()) throw Error("");
  } catch (const std::exception&) {
    throw Error("not a clustering key (embedding|k|seed): \"" + text + "\"");
  }
  return key;
}

std::string toString(MapMethod m) {
  switch (m) {
    case MapMethod::Tsne:
      return "tsne";
    case MapMethod::Pca:
      return "pca";
    case MapMethod::None:
      break;
  }
  return "";
}

MapMethod parseMapMethod(const std::string& text) {
  if (text.empty() || text == "none") return MapMethod::None;
  if (text == "tsne") return MapMethod::Tsne;
  if (text == "pca") return MapMethod::Pca;
  throw Error("map method \"" + text + "\": expected tsne or pca");
}

void validateClusteringJob(const ClusteringJobConfig& config, int64_t rows) {
  if (config.embedding.empty()) throw Error("name the embedding to cluster");
  if (rows < 2)
    throw Error("embedding \"" + config.embedding + "\" has " + std::to_string(rows) +
                " artworks; clustering needs at least 2");
  if (config.k < 0) throw Error("k must not be negative (0 = chosen by silhouette)");
  if (config.k > rows)
    throw Error("k = " + std::to_string(config.k) + " exceeds the " + std::to_string(rows) +
                " artworks with embedding \"" + config.embedding + "\"");
  if (config.k == 0) {
    if (config.kMin < 2) throw Error("the smallest k to try must be at least 2");
    if (config.kMin > config.kMax)
      throw Error("the k range " + std::to_string(config.kMin) + ".." + std::to_string(config.kMax) + " is empty");
    if (config.kMin > rows - 1)
      throw Error("embedding \"" + config.embedding + "\" has " + std::to_string(rows) +
                  " artworks: too few to try k = " + std::to_string(config.kMin) + " or more");
  }
  if (config.pcaDimension < 0) throw Error("the PCA dimension must not be negative");
  if (config.map == MapMethod::Tsne && !(config.perplexity > 0)) throw Error("the t-SNE perplexity must be positive");
}

ClusteringJobResult runClusteringJob(Catalog& catalog, const ClusteringJobConfig& config,
                                     const ProgressCallback& progress) {
  const EmbeddingMatrix m = catalog.loadEmbeddingMatrix(config.embedding);
  validateClusteringJob(config, m.rows());

  ClusteringConfig cfg;
  cfg.k = config.k;
  cfg.kMin = config.kMin;
  cfg.kMax = static_cast<int>(std::min<int64_t>(config.kMax, m.rows() - 1));
  cfg.pcaDimension = config.pcaDimension;
  cfg.seed = config.seed;

  ClusteringJobResult out;
  out.dimension = m.dimension;
  out.run = runClustering(m, cfg, progress);
  LayoutConfig lc;
  if (config.map != MapMethod::None) {
    lc.method = toString(config.map);
    lc.tsne.seed = config.seed;
    lc.tsne.perplexity = config.perplexity;
    if (config.pcaDimension > 0) lc.tsne.pcaDimension = config.pcaDimension;
    out.xy = computeLayout(m, lc, progress);
  }
  if (progress && !progress({"store", 0, 0, ""})) throw Cancelled();
  out.clusteringId = saveClustering(catalog, out.run);
  if (config.map != MapMethod::None)
    out.layoutId = saveLayout(catalog, config.embedding, lc.method, config.seed, lc.toJson(), m.artworkIds, out.xy);
  out.key = {config.embedding, out.run.k, config.seed};
  return out;
}

}  // namespace vitrine
