// Issue 16 item 9: k-means asked for more clusters than there are distinct points reduces k and
// says so; no empty cluster is ever returned, stored or shown.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "catalog/catalog.h"
#include "cluster/cluster.h"
#include "cluster/cluster_store.h"
#include "testutil.h"

using namespace vitrine;

namespace {

void expectNoEmptyCluster(const KMeansResult& r, int64_t rows) {
  ASSERT_EQ(static_cast<int64_t>(r.sizes.size()), r.k);
  int64_t total = 0;
  for (int64_t s : r.sizes) {
    EXPECT_GT(s, 0);
    total += s;
  }
  EXPECT_EQ(total, rows);
  std::set<int> used(r.labels.begin(), r.labels.end());
  EXPECT_EQ(static_cast<int>(used.size()), r.k);
  for (int l : r.labels) EXPECT_TRUE(l >= 0 && l < r.k);
}

}  // namespace

TEST(KMeansDistinct, MoreClustersThanDistinctPointsReducesKAndSaysSo) {
  // 12 rows, only 3 distinct points.
  std::vector<float> data;
  const float points[3][2] = {{0, 0}, {5, 5}, {-3, 7}};
  for (int r = 0; r < 12; ++r) data.insert(data.end(), points[r % 3], points[r % 3] + 2);
  EXPECT_EQ(countDistinctRows(data.data(), 12, 2), 3);
  KMeansOptions o;
  o.k = 8;
  o.seed = 4;
  const KMeansResult r = kMeans(data.data(), 12, 2, o);
  EXPECT_EQ(r.k, 3);
  EXPECT_EQ(r.requestedK, 8);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes.front().find("only 3 distinct points: k reduced to 3"), std::string::npos) << r.notes.front();
  expectNoEmptyCluster(r, 12);
  EXPECT_DOUBLE_EQ(r.inertia, 0.0);
}

// Seeded property: random data with many duplicate rows and any k up to the row count.
TEST(KMeansDistinct, NeverAnEmptyClusterOnDuplicateHeavyData) {
  std::mt19937_64 rng(9);
  std::normal_distribution<float> normal;
  for (int trial = 0; trial < 60; ++trial) {
    const int rows = 2 + static_cast<int>(rng() % 30);
    const int distinct = 1 + static_cast<int>(rng() % 5);
    const int dim = 1 + static_cast<int>(rng() % 4);
    std::vector<std::vector<float>> protos(static_cast<size_t>(distinct), std::vector<float>(static_cast<size_t>(dim)));
    for (auto& p : protos)
      for (float& x : p) x = normal(rng);
    std::vector<float> data;
    for (int r = 0; r < rows; ++r) {
      const auto& p = protos[rng() % protos.size()];
      data.insert(data.end(), p.begin(), p.end());
    }
    KMeansOptions o;
    o.k = 1 + static_cast<int>(rng() % static_cast<uint64_t>(rows));
    o.seed = rng();
    const KMeansResult r = kMeans(data.data(), rows, dim, o);
    const int64_t d = countDistinctRows(data.data(), rows, dim);
    EXPECT_LE(r.k, std::min<int64_t>(o.k, d)) << "trial " << trial;
    EXPECT_EQ(r.notes.empty(), r.k == o.k);
    expectNoEmptyCluster(r, rows);
  }
}

TEST(KMeansDistinct, PipelineStoresOnlyNonEmptyClustersWithTheNote) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  EmbeddingMatrix m;
  m.name = "e";
  m.dimension = 3;
  c.registerExtractor("e", 3, "test");
  for (int r = 0; r < 10; ++r) {
    Artwork a;
    a.externalId = "a" + std::to_string(r);
    const int64_t id = c.insertArtwork(a);
    const std::vector<float> v = r % 2 ? std::vector<float>{1, 0, 0} : std::vector<float>{0, 1, 0};
    c.putEmbedding(id, "e", v);
  }
  m = c.loadEmbeddingMatrix("e");
  ClusteringConfig cfg;
  cfg.k = 6;
  cfg.pcaDimension = 0;
  const ClusteringRun run = runClustering(m, cfg);
  EXPECT_EQ(run.k, 2);
  ASSERT_FALSE(run.notes.empty());
  saveClustering(c, run);
  const auto stored = listClusterings(c);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].k, 2);
  EXPECT_NE(stored[0].configJson.find("k reduced to 2"), std::string::npos) << stored[0].configJson;

  // Choosing k automatically never tries more clusters than distinct points.
  cfg.k = 0;
  const ClusteringRun chosen = runClustering(m, cfg);
  EXPECT_EQ(chosen.k, 2);
  for (const auto& [k, s] : chosen.silhouette) EXPECT_LE(k, 2);

  // The CLI says so too.
  const auto out = test::cli("cluster --catalog " + dir.file("c.vitrine") + " --embedding e --k 5 --pca-dim 3 --quiet");
  EXPECT_EQ(out.code, 0) << out.output;
  EXPECT_NE(out.output.find("note: k = 5 was asked, but the data has only 2 distinct points"), std::string::npos)
      << out.output;
  EXPECT_EQ(out.output.find("cluster 2 "), std::string::npos) << out.output;
}
