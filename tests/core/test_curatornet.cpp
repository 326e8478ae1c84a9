// CuratorNet (spec §2): architecture, cached inference, persistence in the catalog and in files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/error.h"
#include "ingest/npy.h"
#include "recommend/curatornet.h"
#include "recommend/models.h"
#include "testutil.h"

using namespace vitrine;

namespace {

// Deterministic non-negative features (like post-ReLU CNN activations).
EmbeddingMatrix synthetic(int64_t rows, int dim, uint64_t seed = 1, const std::string& name = "feat") {
  EmbeddingMatrix m;
  m.name = name;
  m.dimension = dim;
  uint64_t s = seed * 0x9E3779B97F4A7C15ull + 7;
  m.values.resize(static_cast<size_t>(rows * dim));
  for (float& x : m.values) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    x = static_cast<float>(s >> 40) * (2.0f / 16777216.0f);
  }
  for (int64_t r = 0; r < rows; ++r) {
    m.artworkIds.push_back(100 + r);
    m.externalIds.push_back("a" + std::to_string(r));
  }
  return m;
}

CuratorNetConfig config(int dim, bool maxFirst = true, uint64_t seed = 3, bool zscore = false) {
  CuratorNetConfig c;
  c.inputDim = dim;
  c.maxFirst = maxFirst;
  c.seed = seed;
  c.zscore = zscore;
  return c;
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  double d = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) d = std::max(d, std::abs(double(a[i]) - b[i]));
  return d;
}

const std::vector<int64_t> kProfile = {3, 17, 8, 40};

}  // namespace

TEST(CuratorNet, ParameterCountFor2048DimensionsIs720800) {
  const EmbeddingMatrix m = synthetic(4, 2048);
  const CuratorNet net(m, config(2048));
  // spec §2: 409,800 + 40,200 + 120,300 + 90,300 + 60,200.
  EXPECT_EQ(net.parameterCount(), 720800);
  const CuratorNet small(synthetic(4, 64), config(64));
  EXPECT_EQ(small.parameterCount(), 720800 - (2048 - 64) * 200);
}

TEST(CuratorNet, ShapesOfTowersScoresAndForward) {
  const EmbeddingMatrix m = synthetic(50, 32);
  const CuratorNet net(m, config(32));
  EXPECT_EQ(net.itemCount(), 50);
  EXPECT_EQ(net.itemVectors().size(), 50u * 200u);
  EXPECT_EQ(net.userVector(kProfile).size(), 200u);
  EXPECT_TRUE(net.userVector({}).empty());
  const auto scores = net.scoreAll(kProfile);
  ASSERT_EQ(scores.size(), 50u);
  // The last layer is SELU too: item-vector entries are >= -lambda*alpha.
  for (float v : net.itemVectors()) EXPECT_GE(v, -1.7581f);

  // score = dot(user vector, item vector) (spec §2).
  const auto u = net.userVector(kProfile);
  for (int64_t i : {0, 9, 49}) {
    double dot = 0;
    for (int d = 0; d < 200; ++d) dot += double(u[d]) * net.itemVectors()[size_t(i) * 200 + d];
    EXPECT_NEAR(scores[size_t(i)], dot, 1e-4 * std::max(1.0, std::abs(dot)));
  }

  // The training forward pass (raw features, batch of 3 profiles of length 4) -> shape (B) and
  // the same margins as the cached path.
  const std::vector<std::vector<int64_t>> profiles = {kProfile, {1, 2, 3, 4}, {49, 0, 49, 7}};
  const std::vector<int64_t> pos = {5, 6, 7}, neg = {10, 20, 30};
  const auto margins = net.tripleMargins(profiles, pos, neg);
  ASSERT_EQ(margins.size(), 3u);
  for (size_t b = 0; b < 3; ++b) {
    const auto s = net.scoreAll(profiles[b]);
    const double expected = double(s[size_t(pos[b])]) - s[size_t(neg[b])];
    EXPECT_NEAR(margins[b], expected, 1e-4 * std::max(1.0, std::abs(expected))) << b;
  }
  EXPECT_THROW(net.tripleMargins({{1, 2}, {1}}, {0, 0}, {1, 1}), Error);
  EXPECT_THROW(net.scoreAll({50}), Error);
  EXPECT_THROW(net.explain(kProfile, -1), Error);
}

TEST(CuratorNet, EmptyProfileScoresZero) {
  const CuratorNet net(synthetic(10, 8), config(8));
  const auto s = net.scoreAll({});
  EXPECT_EQ(s, std::vector<float>(10, 0.f));
  const auto recs = net.recommend({}, 3);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].item, 0);
  EXPECT_TRUE(recs[0].because.empty());
}

TEST(CuratorNet, SeedDeterminesInitialisation) {
  const EmbeddingMatrix m = synthetic(30, 16);
  const CuratorNet a(m, config(16, true, 11)), b(m, config(16, true, 11)), c(m, config(16, true, 12));
  EXPECT_EQ(a.scoreAll({1, 2}), b.scoreAll({1, 2}));
  EXPECT_GT(maxAbsDiff(a.scoreAll({1, 2}), c.scoreAll({1, 2})), 1e-3);
}

TEST(CuratorNet, PoolingOrderMatters) {
  const EmbeddingMatrix m = synthetic(60, 24);
  const CuratorNet maxFirst(m, config(24, true)), avgFirst(m, config(24, false));
  // Same seed -> same weights and item vectors; only the concat order of the pooled profile differs.
  EXPECT_EQ(maxFirst.itemVectors(), avgFirst.itemVectors());
  EXPECT_GT(maxAbsDiff(maxFirst.scoreAll(kProfile), avgFirst.scoreAll(kProfile)), 1e-3);
  // A single-item (or all-equal) profile has max == mean: both orders feed the same vector.
  EXPECT_EQ(maxFirst.scoreAll({5}), avgFirst.scoreAll({5}));
  EXPECT_EQ(maxFirst.scoreAll({5, 5}), avgFirst.scoreAll({5, 5}));
  EXPECT_NE(maxFirst.configJson(), avgFirst.configJson());
  EXPECT_EQ(nlohmann::json::parse(avgFirst.configJson()).at("pooling"), "avg,max");
}

TEST(CuratorNet, ZScoreChangesInputsAndHandlesConstantDimensions) {
  EmbeddingMatrix m = synthetic(45, 12);
  for (int64_t r = 0; r < m.rows(); ++r) m.values[size_t(r * 12 + 5)] = 3.0f;  // constant dimension
  const CuratorNet plain(m, config(12, true, 4, false)), z(m, config(12, true, 4, true));
  const auto s = z.scoreAll(kProfile);
  for (float v : s) EXPECT_TRUE(std::isfinite(v));
  EXPECT_GT(maxAbsDiff(plain.scoreAll(kProfile), s), 1e-3);
  EXPECT_TRUE(nlohmann::json::parse(z.configJson()).at("zscore").get<bool>());
}

TEST(CuratorNet, RecommendExcludesProfileAndExplainsWithItemVectors) {
  const EmbeddingMatrix m = synthetic(80, 20);
  const CuratorNet net(m, config(20));
  const auto scores = net.scoreAll(kProfile);
  const auto recs = net.recommend(kProfile, 10);
  ASSERT_EQ(recs.size(), 10u);
  for (size_t i = 0; i < recs.size(); ++i) {
    EXPECT_EQ(std::count(kProfile.begin(), kProfile.end(), recs[i].item), 0);
    EXPECT_EQ(recs[i].score, scores[size_t(recs[i].item)]);
    if (i > 0) {
      EXPECT_GE(recs[i - 1].score, recs[i].score);
    }
    ASSERT_EQ(recs[i].because.size(), 3u);
    // because = dot(φ(j), φ(item)), strongest first, same as explain().
    const auto ex = net.explain(kProfile, recs[i].item, 3);
    ASSERT_EQ(ex.size(), 3u);
    for (size_t k = 0; k < 3; ++k) {
      EXPECT_EQ(ex[k].profileItem, recs[i].because[k].profileItem);
      EXPECT_EQ(ex[k].similarity, recs[i].because[k].similarity);
      const float* x = net.itemVectors().data() + recs[i].item * 200;
      const float* y = net.itemVectors().data() + ex[k].profileItem * 200;
      double dot = 0;
      for (int d = 0; d < 200; ++d) dot += double(x[d]) * y[d];
      EXPECT_NEAR(ex[k].similarity, dot, 1e-3 * std::max(1.0, std::abs(dot)));
      if (k > 0) {
        EXPECT_GE(ex[k - 1].similarity, ex[k].similarity);
      }
    }
  }
  // Every profile item ranked, best score first, when the profile is not excluded.
  const auto all = net.recommend(kProfile, 80, false);
  EXPECT_EQ(all.size(), 80u);
  EXPECT_EQ(net.explain({4, 4, 4}, 1, 3).size(), 1u);  // duplicates explain once
}

TEST(CuratorNet, SaveLoadRoundTripGivesIdenticalScores) {
  test::TempDir dir;
  Catalog catalog = Catalog::create(dir.file("c.vitrine"));
  const EmbeddingMatrix m = synthetic(70, 16, 5, "feat");
  for (bool zscore : {false, true}) {
    CuratorNet net(m, config(16, !zscore, 21, zscore));
    net.meta().historyJson = R"([{"epoch":1,"loss":0.5}])";
    net.meta().metricsJson = R"({"AUC":0.75})";
    const std::string name = zscore ? "z" : "plain";
    net.save(catalog, name);
    EXPECT_EQ(net.name(), "CuratorNet (" + name + ")");
    EXPECT_THROW(net.save(catalog, name), Error);  // no silent overwrite
    net.save(catalog, name, /*overwrite=*/true);

    const auto loaded = CuratorNet::load(catalog, name, m);
    EXPECT_EQ(loaded->name(), "CuratorNet (" + name + ")");
    EXPECT_EQ(loaded->config().maxFirst, !zscore);
    EXPECT_EQ(loaded->config().zscore, zscore);
    EXPECT_EQ(loaded->config().seed, 21u);
    EXPECT_EQ(loaded->meta().historyJson, net.meta().historyJson);
    EXPECT_EQ(loaded->meta().metricsJson, net.meta().metricsJson);
    EXPECT_EQ(loaded->scoreAll(kProfile), net.scoreAll(kProfile));
    EXPECT_EQ(loaded->itemVectors(), net.itemVectors());

    // Through makeRanker as the CLI and GUI do.
    const auto ranker = makeRanker("curatornet:" + name, m, &catalog);
    EXPECT_EQ(ranker->scoreAll(kProfile), net.scoreAll(kProfile));
  }
  const auto models = storedModels(catalog);
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0].name, "plain");
  EXPECT_EQ(models[0].kind, "curatornet");
  EXPECT_EQ(models[0].embedding, "feat");
  EXPECT_GT(models[0].createdAt, 1600000000);
  EXPECT_GT(models[0].weightBytes, 0);
  EXPECT_EQ(nlohmann::json::parse(models[1].metricsJson).at("AUC"), 0.75);
  EXPECT_TRUE(deleteModel(catalog, "plain"));
  EXPECT_FALSE(deleteModel(catalog, "plain"));
  EXPECT_EQ(storedModels(catalog).size(), 1u);
}

TEST(CuratorNet, LoadChecksEmbeddingNameAndDimension) {
  test::TempDir dir;
  Catalog catalog = Catalog::create(dir.file("c.vitrine"));
  CuratorNet net(synthetic(20, 16, 1, "feat"), config(16));
  net.save(catalog, "m");
  try {
    CuratorNet::load(catalog, "m", synthetic(20, 8, 1, "feat"));
    FAIL() << "dimension mismatch accepted";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("16-d"), std::string::npos) << what;
    EXPECT_NE(what.find("8-d"), std::string::npos) << what;
  }
  EXPECT_THROW(CuratorNet::load(catalog, "m", synthetic(20, 16, 1, "other")), Error);
  // A model is cold-start capable: a catalog with more artworks still loads.
  EXPECT_EQ(CuratorNet::load(catalog, "m", synthetic(35, 16, 1, "feat"))->itemCount(), 35);
  EXPECT_EQ(CuratorNet::embeddingOf(catalog, "m"), "feat");
}

TEST(CuratorNet, MissingModelErrorNamesItAndListsStoredOnes) {
  test::TempDir dir;
  Catalog catalog = Catalog::create(dir.file("c.vitrine"));
  const EmbeddingMatrix m = synthetic(20, 8);
  try {
    makeRanker("curatornet:nope", m, &catalog);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("\"nope\""), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no models"), std::string::npos) << e.what();
  }
  CuratorNet(m, config(8)).save(catalog, "alpha");
  CuratorNet(m, config(8)).save(catalog, "beta");
  try {
    CuratorNet::load(catalog, "gamma", m);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("\"gamma\""), std::string::npos) << what;
    EXPECT_NE(what.find("alpha, beta"), std::string::npos) << what;
  }
  EXPECT_THROW(makeRanker("curatornet:alpha", m, nullptr), Error);
  EXPECT_THROW(makeRanker("curatornet:", m, &catalog), Error);
}

TEST(CuratorNet, ExportImportFile) {
  test::TempDir dir;
  Catalog source = Catalog::create(dir.file("a.vitrine"));
  Catalog target = Catalog::create(dir.file("b.vitrine"));
  const EmbeddingMatrix m = synthetic(48, 16);
  CuratorNet net(m, config(16, false, 9, true));
  net.meta().metricsJson = R"({"RR":0.1})";
  net.save(source, "orig");

  exportModel(source, "orig", dir.file("orig.model"));
  EXPECT_EQ(importModel(target, dir.file("orig.model")), "orig");
  EXPECT_EQ(importModel(target, dir.file("orig.model"), "copy"), "copy");
  EXPECT_THROW(importModel(target, dir.file("orig.model")), Error);  // exists
  EXPECT_EQ(importModel(target, dir.file("orig.model"), "", true), "orig");
  for (const char* name : {"orig", "copy"}) {
    const auto loaded = CuratorNet::load(target, name, m);
    EXPECT_EQ(loaded->scoreAll(kProfile), net.scoreAll(kProfile)) << name;
    EXPECT_FALSE(loaded->config().maxFirst);
    EXPECT_TRUE(loaded->config().zscore);
    EXPECT_EQ(loaded->meta().metricsJson, R"({"RR":0.1})");
  }

  // An in-memory model exports the same way.
  net.exportFile(dir.file("mem.model"));
  EXPECT_EQ(importModel(target, dir.file("mem.model"), "mem"), "mem");
  EXPECT_EQ(CuratorNet::load(target, "mem", m)->scoreAll({1}), net.scoreAll({1}));

  // Damaged files are refused and leave the catalog unchanged.
  const std::string bytes = test::readText(dir.file("orig.model"));
  test::writeText(dir.file("cut.model"), bytes.substr(0, bytes.size() - 100));
  EXPECT_THROW(importModel(target, dir.file("cut.model"), "cut"), Error);
  test::writeText(dir.file("junk.model"), "hello\n{}\n");
  EXPECT_THROW(importModel(target, dir.file("junk.model"), "junk"), Error);
  EXPECT_THROW(importModel(target, dir.file("missing.model"), "x"), Error);
  EXPECT_EQ(storedModels(target).size(), 3u);
}

TEST(CuratorNet, ConfigJsonRoundTrip) {
  CuratorNetConfig c = config(77, false, 123456789012345ull, true);
  const CuratorNetConfig back = curatorNetConfigFromJson(toJson(c));
  EXPECT_EQ(back.inputDim, 77);
  EXPECT_FALSE(back.maxFirst);
  EXPECT_TRUE(back.zscore);
  EXPECT_EQ(back.seed, 123456789012345ull);
  EXPECT_THROW(curatorNetConfigFromJson("{}"), Error);
  EXPECT_THROW(curatorNetConfigFromJson(R"({"inputDim":3,"pooling":"sum"})"), Error);
}

TEST(CuratorNet, LoadReferenceNpyChecksShapes) {
  test::TempDir dir;
  const std::string weights = test::dataDir() + "/curatornet-oracle/weights";
  CuratorNet wrongDim(synthetic(10, 32), config(32));
  try {
    wrongDim.loadReferenceNpy(weights);
    FAIL() << "64-d weights accepted for a 32-d model";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("selu_common1.weight.npy"), std::string::npos) << e.what();
  }
  CuratorNet ok(synthetic(10, 64), config(64));
  const auto before = ok.scoreAll({1, 2});
  EXPECT_THROW(ok.loadReferenceNpy(dir.path()), Error);  // empty directory: missing files
  EXPECT_EQ(ok.scoreAll({1, 2}), before);                // unchanged after a failed load
  ok.loadReferenceNpy(weights);
  EXPECT_GT(maxAbsDiff(ok.scoreAll({1, 2}), before), 1e-3);
}

TEST(CuratorNet, ReadNpyArrayReadsTheOneDimensionalBiases) {
  const std::string bias = test::dataDir() + "/curatornet-oracle/weights/selu_pu1.bias.npy";
  const NpyArray a = readNpyArray(bias);
  EXPECT_EQ(a.shape, std::vector<int64_t>{300});
  EXPECT_EQ(a.values.size(), 300u);
  EXPECT_THROW(readNpy(bias), Error);  // readNpy keeps its 2-D contract
  const NpyArray w = readNpyArray(test::dataDir() + "/curatornet-oracle/weights/selu_pu1.weight.npy");
  EXPECT_EQ(w.shape, (std::vector<int64_t>{300, 400}));
}
