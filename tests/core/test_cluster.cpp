#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

#include "catalog/catalog.h"
#include "cluster/cluster.h"
#include "cluster/cluster_store.h"
#include "cluster/layout.h"
#include "embeddings/handcrafted.h"
#include "ingest/csv.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::TempDir;

namespace {

struct Blobs {
  std::vector<float> x;
  std::vector<int> truth;
  int64_t rows = 0;
  int dim = 0;
};

// `clusters` Gaussian blobs (unit spread) whose centres are `separation` apart on average.
Blobs makeBlobs(int clusters, int perCluster, int dim, double separation, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> centres(size_t(clusters) * dim);
  for (double& c : centres) c = g(rng) * separation / std::sqrt(2.0 * dim);  // centre gaps ~ separation
  Blobs b;
  b.dim = dim;
  for (int p = 0; p < perCluster; ++p)
    for (int c = 0; c < clusters; ++c) {  // interleaved so rows of one blob are not contiguous
      for (int d = 0; d < dim; ++d) b.x.push_back(float(centres[size_t(c) * dim + d] + g(rng)));
      b.truth.push_back(c);
    }
  b.rows = int64_t(b.truth.size());
  return b;
}

// True when labels equal truth up to a renaming of the clusters.
bool samePartition(const std::vector<int>& labels, const std::vector<int>& truth) {
  std::map<int, int> fwd, back;
  for (size_t i = 0; i < labels.size(); ++i) {
    auto f = fwd.emplace(truth[i], labels[i]);
    auto b = back.emplace(labels[i], truth[i]);
    if (f.first->second != labels[i] || b.first->second != truth[i]) return false;
  }
  return true;
}

// Share of points whose nearest other point in 2-D has the same label.
double nnAgreement(const std::vector<float>& xy, const std::vector<int>& truth) {
  const size_t n = truth.size();
  size_t agree = 0;
  for (size_t i = 0; i < n; ++i) {
    double best = 1e300;
    size_t bj = i;
    for (size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
      if (dx * dx + dy * dy < best) {
        best = dx * dx + dy * dy;
        bj = j;
      }
    }
    agree += truth[bj] == truth[i];
  }
  return double(agree) / double(n);
}

// A random orthogonal matrix (Gram-Schmidt on Gaussian columns), row-major n x n.
std::vector<double> randomRotation(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  std::vector<double> q(size_t(n) * n);
  for (double& v : q) v = g(rng);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < i; ++j) {
      double dot = 0;
      for (int d = 0; d < n; ++d) dot += q[size_t(i) * n + d] * q[size_t(j) * n + d];
      for (int d = 0; d < n; ++d) q[size_t(i) * n + d] -= dot * q[size_t(j) * n + d];
    }
    double norm = 0;
    for (int d = 0; d < n; ++d) norm += q[size_t(i) * n + d] * q[size_t(i) * n + d];
    for (int d = 0; d < n; ++d) q[size_t(i) * n + d] /= std::sqrt(norm);
  }
  return q;
}

// Full factorial of +-3, +-2, +-1 on the first three axes (variances 9 : 4 : 1, no covariance),
// padded with zeros to `dim` and rotated; `copies` repeats the 8 points.
std::vector<float> designedData(int dim, int copies, const std::vector<double>& rot) {
  std::vector<float> out;
  for (int c = 0; c < copies; ++c)
    for (int m = 0; m < 8; ++m) {
      std::vector<double> p(size_t(dim), 0.0);
      p[0] = (m & 1) ? 3 : -3;
      p[1] = (m & 2) ? 2 : -2;
      p[2] = (m & 4) ? 1 : -1;
      for (int i = 0; i < dim; ++i) {
        double v = 5.0;  // non-zero mean, removed by PCA
        for (int d = 0; d < dim; ++d) v += rot[size_t(i) * dim + d] * p[size_t(d)];
        out.push_back(float(v));
      }
    }
  return out;
}

void checkDesignedPca(int dim, int copies) {
  const auto rot = randomRotation(dim, 42);
  const auto x = designedData(dim, copies, rot);
  const int64_t rows = 8 * copies;
  PcaOptions o;
  o.components = 3;
  const PcaModel m = fitPca(x.data(), rows, dim, o);
  ASSERT_EQ(m.components, 3);
  const double n = double(rows);
  EXPECT_NEAR(m.totalVariance, 14.0 * n / (n - 1), 1e-3);
  EXPECT_NEAR(m.variance[0], 9.0 * n / (n - 1), 1e-3);
  EXPECT_NEAR(m.variance[1], 4.0 * n / (n - 1), 1e-3);
  EXPECT_NEAR(m.variance[2], 1.0 * n / (n - 1), 1e-3);
  EXPECT_NEAR(m.explainedVarianceRatio[0], 9.0 / 14.0, 1e-5);
  EXPECT_NEAR(m.explainedVarianceRatio[1], 4.0 / 14.0, 1e-5);
  EXPECT_NEAR(m.explainedVarianceRatio[2], 1.0 / 14.0, 1e-5);
  // Component c is the rotated axis c, up to sign.
  for (int c = 0; c < 3; ++c) {
    double dot = 0;
    for (int i = 0; i < dim; ++i) dot += m.basis[size_t(c) * dim + i] * rot[size_t(i) * dim + c];
    EXPECT_NEAR(std::fabs(dot), 1.0, 1e-4) << "component " << c;
  }
  // Projection recovers the designed coordinates up to sign.
  const auto p = m.project(x.data(), rows);
  for (int64_t r = 0; r < rows; ++r) {
    EXPECT_NEAR(std::fabs(p[size_t(r * 3 + 0)]), 3.0, 1e-3);
    EXPECT_NEAR(std::fabs(p[size_t(r * 3 + 1)]), 2.0, 1e-3);
    EXPECT_NEAR(std::fabs(p[size_t(r * 3 + 2)]), 1.0, 1e-3);
  }
}

Artwork art(const std::string& id, const std::string& artist, const std::string& period) {
  Artwork a;
  a.externalId = id;
  a.title = "T " + id;
  a.artist = artist;
  a.period = period;
  return a;
}

}  // namespace

TEST(Pca, ExplainedVarianceOnDesignedDataCovariancePath) { checkDesignedPca(5, 4); }

TEST(Pca, ExplainedVarianceOnDesignedDataGramPath) { checkDesignedPca(12, 1); }  // 8 rows < 12 dims

TEST(Pca, WhitenGivesUnitVarianceAndEmbeddingOverloadMatches) {
  const Blobs b = makeBlobs(3, 50, 8, 10, 1);
  EmbeddingMatrix em;
  em.name = "t";
  em.dimension = b.dim;
  em.values = b.x;
  for (int64_t r = 0; r < b.rows; ++r) em.artworkIds.push_back(r + 1);
  PcaOptions o;
  o.components = 4;
  o.whiten = true;
  const PcaModel m = fitPca(em, o);
  const auto p = m.project(em);
  for (int c = 0; c < 4; ++c) {
    double s = 0, s2 = 0;
    for (int64_t r = 0; r < b.rows; ++r) {
      s += p[size_t(r * 4 + c)];
      s2 += double(p[size_t(r * 4 + c)]) * p[size_t(r * 4 + c)];
    }
    const double mean = s / double(b.rows);
    EXPECT_NEAR(mean, 0.0, 1e-4);
    EXPECT_NEAR((s2 - b.rows * mean * mean) / double(b.rows - 1), 1.0, 1e-3);
  }
  const std::vector<float> row(b.x.begin(), b.x.begin() + b.dim);
  const auto one = m.project(row);
  for (int c = 0; c < 4; ++c) EXPECT_NEAR(one[size_t(c)], p[size_t(c)], 1e-5);
  EXPECT_GE(m.explainedVarianceRatio[0], m.explainedVarianceRatio[1]);
  EXPECT_THROW(fitPca(b.x.data(), 1, b.dim), ClusterError);
}

TEST(KMeans, RecoversSeparatedBlobsExactly) {
  const Blobs b = makeBlobs(5, 60, 10, 20, 7);
  KMeansOptions o;
  o.k = 5;
  o.seed = 3;
  const KMeansResult r = kMeans(b.x.data(), b.rows, b.dim, o);
  EXPECT_TRUE(samePartition(r.labels, b.truth));
  ASSERT_EQ(r.sizes.size(), 5u);
  for (int64_t s : r.sizes) EXPECT_EQ(s, 60);
  EXPECT_EQ(assignToCentroids(b.x.data(), b.rows, b.dim, r.centroids, 5), r.labels);
  // Inertia is about rows * dim for unit-spread blobs.
  EXPECT_GT(r.inertia, 0.7 * b.rows * b.dim);
  EXPECT_LT(r.inertia, 1.3 * b.rows * b.dim);
}

TEST(KMeans, DeterministicForASeedAndSortedBySize) {
  Blobs b = makeBlobs(4, 40, 6, 2.0, 11);  // overlapping: the result depends on the seeding
  // Unequal sizes: drop half of cluster 0.
  std::vector<float> x;
  std::vector<int> t;
  for (int64_t r = 0; r < b.rows; ++r)
    if (!(b.truth[size_t(r)] == 0 && r % 2 == 0)) {
      x.insert(x.end(), b.x.begin() + r * b.dim, b.x.begin() + (r + 1) * b.dim);
      t.push_back(b.truth[size_t(r)]);
    }
  const int64_t rows = int64_t(t.size());
  KMeansOptions o;
  o.k = 4;
  o.seed = 99;
  const KMeansResult a = kMeans(x.data(), rows, b.dim, o);
  const KMeansResult c = kMeans(x.data(), rows, b.dim, o);
  EXPECT_EQ(a.labels, c.labels);
  EXPECT_EQ(a.centroids, c.centroids);
  EXPECT_EQ(a.inertia, c.inertia);
  for (size_t i = 1; i < a.sizes.size(); ++i) EXPECT_GE(a.sizes[i - 1], a.sizes[i]);
  // More restarts never give a worse optimum (the kept restart has the lowest inertia).
  o.restarts = 1;
  const KMeansResult one = kMeans(x.data(), rows, b.dim, o);
  EXPECT_LE(a.inertia, one.inertia + 1e-6);
  o.k = 0;
  EXPECT_THROW(kMeans(x.data(), rows, b.dim, o), ClusterError);
  o.k = int(rows) + 1;
  EXPECT_THROW(kMeans(x.data(), rows, b.dim, o), ClusterError);
}

TEST(KMeans, ProgressCanCancel) {
  const Blobs b = makeBlobs(3, 20, 4, 10, 2);
  KMeansOptions o;
  o.k = 3;
  EXPECT_THROW(kMeans(b.x.data(), b.rows, b.dim, o, [](const Progress&) { return false; }), Cancelled);
}

TEST(Silhouette, MatchesAHandComputedValue) {
  // 1-D points {0, 1} and {10, 11}: s(0) = (10.5 - 1) / 10.5, s(1) = (9.5 - 1) / 9.5, symmetric.
  const std::vector<float> x = {0, 1, 10, 11};
  const double expected = (9.5 / 10.5 + 8.5 / 9.5) / 2;
  EXPECT_NEAR(silhouetteScore(x.data(), 4, 1, {0, 0, 1, 1}), expected, 1e-12);
  EXPECT_EQ(silhouetteScore(x.data(), 4, 1, {0, 0, 0, 0}), 0.0);  // one cluster
  // A singleton scores 0: {0} alone, {1, 10, 11} together.
  const double s1 = 0.0;
  const double a1 = (9 + 10) / 2.0, b1 = 1;  // point 1: own mean 9.5, other cluster 1
  const double a10 = (9 + 1) / 2.0, b10 = 10, a11 = (10 + 1) / 2.0, b11 = 11;
  const double want = (s1 + (b1 - a1) / std::max(a1, b1) + (b10 - a10) / b10 + (b11 - a11) / b11) / 4;
  EXPECT_NEAR(silhouetteScore(x.data(), 4, 1, {0, 1, 1, 1}), want, 1e-12);
}

TEST(Silhouette, HighForSeparatedBlobsAndPicksTheRightK) {
  const Blobs b = makeBlobs(4, 50, 8, 15, 5);
  EXPECT_GT(silhouetteScore(b.x.data(), b.rows, b.dim, b.truth), 0.5);
  // A sample gives nearly the same value and is seeded.
  const double s1 = silhouetteScore(b.x.data(), b.rows, b.dim, b.truth, 100, 1);
  EXPECT_EQ(s1, silhouetteScore(b.x.data(), b.rows, b.dim, b.truth, 100, 1));
  EXPECT_GT(s1, 0.5);
  KMeansOptions base;
  base.seed = 1;
  const KChoice ch = chooseK(b.x.data(), b.rows, b.dim, 2, 8, base);
  EXPECT_EQ(ch.k, 4);
  ASSERT_EQ(ch.scores.size(), 7u);
  EXPECT_EQ(ch.scores.front().first, 2);
}

TEST(Tsne, KeepsSeparatedBlobsSeparatedAndIsDeterministic) {
  const Blobs b = makeBlobs(5, 100, 50, 12, 21);
  TsneOptions o;
  o.seed = 4;
  o.iterations = 500;
  const auto y = tsneLayout(b.x.data(), b.rows, b.dim, o);
  ASSERT_EQ(y.size(), size_t(b.rows) * 2);
  for (float v : y) ASSERT_TRUE(std::isfinite(v));
  EXPECT_GT(nnAgreement(y, b.truth), 0.95);
  // Same seed, different thread count: identical output.
  o.threads = 1;
  EXPECT_EQ(tsneLayout(b.x.data(), b.rows, b.dim, o), y);
}

TEST(Tsne, SmallInputsAndCancel) {
  const Blobs b = makeBlobs(2, 5, 3, 10, 3);  // 10 rows: perplexity is clamped to 3
  TsneOptions o;
  o.iterations = 100;
  o.exaggerationIterations = 50;
  const auto y = tsneLayout(b.x.data(), b.rows, b.dim, o);
  EXPECT_EQ(y.size(), 20u);
  for (float v : y) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(tsneLayout(b.x.data(), 2, b.dim, o).size(), 4u);
  EXPECT_THROW(tsneLayout(b.x.data(), b.rows, b.dim, o, [](const Progress&) { return false; }), Cancelled);
}

TEST(Layout, PcaLayoutSeparatesTwoBlobsAlongX) {
  const Blobs b = makeBlobs(2, 30, 6, 30, 8);
  const auto y = pcaLayout(b.x.data(), b.rows, b.dim);
  ASSERT_EQ(y.size(), size_t(b.rows) * 2);
  // The first component separates the blobs: the sign of x follows the blob.
  std::set<std::pair<int, bool>> seen;
  for (int64_t r = 0; r < b.rows; ++r) seen.insert({b.truth[size_t(r)], y[size_t(2 * r)] > 0});
  EXPECT_EQ(seen.size(), 2u);
}

TEST(ClusterStore, RoundTripReplaceAndCsv) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  std::vector<int64_t> ids;
  std::vector<std::string> ext;
  for (int i = 0; i < 6; ++i) {
    ext.push_back(i == 2 ? "id, \"quoted\"" : "a" + std::to_string(i));
    ids.push_back(c.insertArtwork(art(ext.back(), "X", "P")));
  }
  const std::vector<int> labels = {0, 1, 0, 1, 2, 2};
  const uint64_t bigSeed = 0xFFFFFFFFFFFFFFF0ULL;  // above INT64_MAX: stored bit for bit
  const int64_t id1 = saveClustering(c, "emb", 3, bigSeed, R"({"k":3})", ids, labels);
  auto got = loadClustering(c, "emb", 3, bigSeed);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, id1);
  EXPECT_EQ(got->seed, bigSeed);
  EXPECT_EQ(got->artworkIds, ids);
  EXPECT_EQ(got->clusters, labels);
  EXPECT_EQ(got->configJson, R"({"k":3})");
  EXPECT_FALSE(loadClustering(c, "emb", 3, 1));
  // Replacing keeps exactly one clustering for the key.
  const std::vector<int> labels2 = {2, 2, 1, 1, 0, 0};
  saveClustering(c, "emb", 3, bigSeed, "{}", ids, labels2);
  EXPECT_EQ(listClusterings(c).size(), 1u);
  EXPECT_EQ(loadClustering(c, "emb", 3, bigSeed)->clusters, labels2);
  // k = 4 with labels using only 0..2 would store an empty cluster: refused (issue 16 item 9).
  EXPECT_THROW(saveClustering(c, "emb", 4, bigSeed, "{}", ids, labels2), ClusterError);
  EXPECT_EQ(listClusterings(c).size(), 1u);
  saveClustering(c, "emb", 4, bigSeed, "{}", ids, {3, 2, 1, 1, 0, 0});
  EXPECT_EQ(listClusterings(c).size(), 2u);
  deleteClustering(c, listClusterings(c).front().id);
  EXPECT_EQ(listClusterings(c).size(), 1u);

  std::vector<float> xy;
  for (int i = 0; i < 6; ++i) {
    xy.push_back(float(i) + 0.5f);
    xy.push_back(-float(i) * 0.25f);
  }
  saveLayout(c, "emb", "tsne", 7, "{}", ids, xy);
  saveLayout(c, "emb", "tsne", 7, R"({"v":2})", ids, xy);
  saveLayout(c, "emb", "pca", 7, "{}", ids, xy);
  EXPECT_EQ(listLayouts(c).size(), 2u);
  auto lay = loadLayout(c, "emb", "tsne", 7);
  ASSERT_TRUE(lay);
  EXPECT_EQ(lay->configJson, R"({"v":2})");
  EXPECT_EQ(lay->artworkIds, ids);
  EXPECT_EQ(lay->xy, xy);
  EXPECT_FALSE(loadLayout(c, "emb", "tsne", 8));
  deleteLayout(c, lay->id);
  EXPECT_FALSE(loadLayout(c, "emb", "tsne", 7));
  EXPECT_THROW(saveLayout(c, "emb", "pca", 1, "{}", ids, {1.f}), ClusterError);

  // CSV export, read back with the RFC 4180 reader.
  const std::string path = dir.file("out.csv");
  writeClusterCsv(path, ext, labels, xy);
  CsvReader r = CsvReader::fromFile(path);
  ASSERT_EQ(r.header(), (std::vector<std::string>{"artwork_id", "cluster", "x", "y"}));
  CsvRecord rec;
  int row = 0;
  while (r.next(rec)) {
    EXPECT_EQ(rec.fields[0], ext[size_t(row)]);
    EXPECT_EQ(std::stoi(rec.fields[1]), labels[size_t(row)]);
    EXPECT_FLOAT_EQ(std::stof(rec.fields[2]), xy[size_t(2 * row)]);
    EXPECT_FLOAT_EQ(std::stof(rec.fields[3]), xy[size_t(2 * row + 1)]);
    ++row;
  }
  EXPECT_EQ(row, 6);
  EXPECT_TRUE(r.issues().empty());
  EXPECT_NE(vitrine::test::readText(path).find("\"id, \"\"quoted\"\"\""), std::string::npos);
  writeClusterCsv(path, ext, labels, {});  // no map: x and y empty
  EXPECT_NE(vitrine::test::readText(path).find("a0,0,,\r\n"), std::string::npos);
}

TEST(ClusterSummaries, SizesMedoidsArtistsAndPerceptualMeans) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  const HandcraftedExtractor hc;
  FeatureBlock perceptual;
  for (const auto& bl : hc.blocks())
    if (bl.name == "perceptual") perceptual = bl;
  ASSERT_EQ(perceptual.dimension, 8);
  c.registerExtractor(HandcraftedExtractor::kName, hc.dimension(), hc.version());
  c.registerExtractor("emb", 2, "1");
  // Cluster 0 near (0,0): Monet x2 + Renoir; cluster 1 near (10,10): Goya x3, period Romanticism.
  struct Row {
    const char* id;
    const char* artist;
    const char* period;
    float x, y;
    double brightness;
  };
  const Row rows[] = {
      {"m1", "Monet", "Impressionism", 0.1f, 0.0f, 0.8},  {"m2", "Monet", "Impressionism", -0.1f, 0.0f, 0.6},
      {"r1", "Renoir", "Impressionism", 0.0f, 0.5f, 0.7}, {"g1", "Goya", "Romanticism", 10.f, 10.f, 0.2},
      {"g2", "Goya", "Romanticism", 10.f, 10.2f, 0.1},    {"g3", "Goya", "", 10.f, 9.9f, 0.3}};
  std::vector<int64_t> ids;
  std::vector<float> space;
  std::vector<int> labels;
  for (const Row& r : rows) {
    Artwork a = art(r.id, r.artist, r.period);
    if (std::string(r.id) == "g3") a.style = "Romanticism";  // period empty: style is used
    const int64_t id = c.insertArtwork(a);
    ids.push_back(id);
    space.push_back(r.x);
    space.push_back(r.y);
    labels.push_back(r.x > 5 ? 1 : 0);
    c.putEmbedding(id, "emb", std::vector<float>{r.x, r.y});
    std::vector<float> h(size_t(hc.dimension()), 0.f);
    // Stored scaled as value * 1.5 / sqrt(8) (docs/handcrafted-features.md).
    h[size_t(perceptual.offset)] = float(r.brightness * 1.5 / std::sqrt(8.0));
    h[size_t(perceptual.offset + 2)] = float(0.5 * 1.5 / std::sqrt(8.0));
    c.putEmbedding(id, HandcraftedExtractor::kName, h);
  }
  SummaryOptions so;
  so.medoids = 2;
  so.topValues = 1;
  const auto s = summarizeClusters(c, ids, space.data(), 2, labels, 2, so);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].size, 3);
  EXPECT_EQ(s[1].size, 3);
  // Centroid of cluster 0 is (0, 1/6): r1 (0, 0.5) is 0.333 away, m1 and m2 are 0.194 away.
  ASSERT_EQ(s[0].medoids.size(), 2u);
  EXPECT_EQ(std::set<int64_t>(s[0].medoids.begin(), s[0].medoids.end()), (std::set<int64_t>{ids[0], ids[1]}));
  EXPECT_EQ(s[1].medoids.front(), ids[3]);  // g1 (10,10) is nearest (10, 10.033)
  ASSERT_EQ(s[0].topArtists.size(), 1u);
  EXPECT_EQ(s[0].topArtists[0], (std::pair<std::string, int64_t>{"Monet", 2}));
  EXPECT_EQ(s[1].topPeriods[0], (std::pair<std::string, int64_t>{"Romanticism", 3}));
  ASSERT_EQ(s[0].perceptual.size(), 8u);
  EXPECT_EQ(s[0].perceptual[0].first, "brightness");
  EXPECT_NEAR(s[0].perceptual[0].second, 0.7, 1e-5);
  EXPECT_NEAR(s[1].perceptual[0].second, 0.2, 1e-5);
  EXPECT_EQ(s[0].perceptual[2].first, "colourfulness");
  EXPECT_NEAR(s[1].perceptual[2].second, 0.5, 1e-5);

  // The pipeline over the stored embedding, k chosen automatically, then stored and reloaded.
  const EmbeddingMatrix em = c.loadEmbeddingMatrix("emb");
  ClusteringConfig cfg;
  cfg.l2Normalise = false;
  cfg.pcaDimension = 0;
  cfg.kMax = 4;
  cfg.seed = 5;
  const ClusteringRun run = runClustering(em, cfg);
  EXPECT_EQ(run.k, 2);
  EXPECT_EQ(run.silhouette.size(), 3u);
  EXPECT_TRUE(samePartition(run.labels, labels));
  saveClustering(c, run);
  auto stored = loadClustering(c, "emb", 2, 5);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->clusters, run.labels);
  EXPECT_EQ(summarizeClusters(c, run).size(), 2u);

  LayoutConfig lc;
  lc.method = "pca";
  EXPECT_EQ(computeLayout(em, lc).size(), 12u);
  lc.method = "umap";
  EXPECT_THROW(computeLayout(em, lc), ClusterError);
}
