// The clustering job shared by `vitrine-cli cluster` and the GUI's Clusters panel (issue 14):
// validation in one place, typed result, stored clustering and map, cancel stores nothing.
#include <gtest/gtest.h>

#include <random>

#include "catalog/catalog.h"
#include "cluster/cluster_store.h"
#include "cluster/job.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::TempDir;

namespace {

// Three well separated blobs of 10 artworks in 4-d.
void fillBlobs(Catalog& c, int perBlob = 10) {
  std::mt19937 rng(2);
  std::normal_distribution<float> nd(0.f, 0.05f);
  Catalog::Transaction t(c);
  c.registerExtractor("toy", 4, "test");
  for (int b = 0; b < 3; ++b) {
    for (int i = 0; i < perBlob; ++i) {
      Artwork a;
      a.externalId = "b" + std::to_string(b) + "_" + std::to_string(i);
      const int64_t id = c.insertArtwork(a);
      std::vector<float> v(4, 0.f);
      v[static_cast<size_t>(b)] = 1.f;
      for (auto& x : v) x += nd(rng);
      c.putEmbedding(id, "toy", v);
    }
  }
  t.commit();
}

}  // namespace

TEST(ClusteringKey, PrintsAndParses) {
  const ClusteringKey key{"mobilenet_v2", 7, 42};
  EXPECT_EQ(key.toString(), "mobilenet_v2|7|42");
  EXPECT_EQ(ClusteringKey::parse(key.toString()), key);
  EXPECT_EQ(ClusteringKey::parse("torchscript:a|b.pt|3|0").embedding, "torchscript:a|b.pt");
  for (const char* bad : {"", "x", "x|3", "x|0|1", "x|3|-1", "x|3|y", "|3|1"})
    EXPECT_THROW(ClusteringKey::parse(bad), Error) << bad;
  EXPECT_EQ(parseMapMethod("tsne"), MapMethod::Tsne);
  EXPECT_EQ(parseMapMethod(""), MapMethod::None);
  EXPECT_THROW(parseMapMethod("umap"), Error);
}

TEST(ClusteringJob, ValidatesInOnePlace) {
  ClusteringJobConfig c;
  c.embedding = "toy";
  EXPECT_THROW(validateClusteringJob(c, 1), Error);
  EXPECT_NO_THROW(validateClusteringJob(c, 30));
  c.k = 31;
  try {
    validateClusteringJob(c, 30);
    ADD_FAILURE() << "k above the artworks accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("exceeds the 30 artworks"), std::string::npos) << e.what();
  }
  c.k = 0;
  c.kMin = 5;
  c.kMax = 4;
  EXPECT_THROW(validateClusteringJob(c, 30), Error);
  c.kMin = 2;
  c.kMax = 15;
  c.map = MapMethod::Tsne;
  c.perplexity = 0;
  EXPECT_THROW(validateClusteringJob(c, 30), Error);
}

TEST(ClusteringJob, ChoosesKStoresClusteringAndMap) {
  TempDir d;
  Catalog c = Catalog::create(d.file("c.vitrine"));
  fillBlobs(c);
  ClusteringJobConfig cfg;
  cfg.embedding = "toy";
  cfg.kMax = 6;
  cfg.pcaDimension = 0;
  cfg.seed = 3;
  cfg.map = MapMethod::Pca;
  std::vector<std::string> stages;
  const ClusteringJobResult r = runClusteringJob(c, cfg, [&](const Progress& p) {
    if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
    return true;
  });
  EXPECT_EQ(r.key, (ClusteringKey{"toy", 3, 3}));  // three blobs
  EXPECT_EQ(r.run.labels.size(), 30u);
  EXPECT_EQ(r.xy.size(), 60u);
  EXPECT_EQ(r.dimension, 4);
  EXPECT_FALSE(r.run.silhouette.empty());
  EXPECT_EQ(stages.back(), "store");
  const auto stored = loadClustering(c, "toy", 3, 3);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->id, r.clusteringId);
  EXPECT_EQ(stored->clusters, r.run.labels);
  ASSERT_TRUE(loadLayout(c, "toy", "pca", 3).has_value());
  EXPECT_GT(r.layoutId, 0);
}

TEST(ClusteringJob, CancelStoresNothing) {
  TempDir d;
  Catalog c = Catalog::create(d.file("c.vitrine"));
  fillBlobs(c);
  ClusteringJobConfig cfg;
  cfg.embedding = "toy";
  cfg.k = 3;
  cfg.map = MapMethod::Pca;
  EXPECT_THROW(runClusteringJob(c, cfg, [](const Progress& p) { return p.stage != "store"; }), Cancelled);
  EXPECT_TRUE(listClusterings(c).empty());
  EXPECT_TRUE(listLayouts(c).empty());
  cfg.embedding = "nope";
  EXPECT_THROW(runClusteringJob(c, cfg), Error);
}
