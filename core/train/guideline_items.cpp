// The visual side data of the guideline sampler, from H8's clustering (core/cluster). Kept in its
// own file so the samplers link without the clustering code.
#include "cluster/cluster.h"
#include "train/triples.h"

namespace vitrine {

GuidelineItems prepareGuidelineItems(const EmbeddingMatrix& embeddings, const std::vector<std::string>& artists,
                                     int clusters, int pcaDims, uint64_t seed) {
  if (embeddings.rows() < 2)
    throw Error("guideline sampling: embedding '" + embeddings.name + "' has " + std::to_string(embeddings.rows()) +
                " item(s); visual clusters need at least 2");
  ClusteringConfig c;
  // k-means needs k <= rows; a tiny catalog gets fewer clusters instead of an error.
  c.k = std::max(1, std::min<int>(clusters, static_cast<int>(embeddings.rows())));
  // spec §8 bug 2: real PCA dimensions (the reference used 2).
  c.pcaDimension = std::max(0, std::min<int>(pcaDims, embeddings.dimension));
  c.seed = seed;
  ClusteringRun run = runClustering(embeddings, c);
  GuidelineItems items;
  items.cluster = run.labels;  // indexed by embedding row, like the vectors (spec §8 bug 1)
  items.vectors = std::move(run.space);
  items.vectorDim = run.spaceDimension;
  bool anyArtist = false;
  for (const auto& a : artists) anyArtist = anyArtist || !a.empty();
  if (anyArtist) items.artist = artists;
  return items;
}

}  // namespace vitrine
