// The use-case layer of issue 14: ranker specs as values, the one rule for which embedding a
// command or view uses, and RankingService (profile of artwork ids -> ranked artworks, skipped
// profile items, caches that follow catalog changes). Includes the two failures the issue
// reports, as a command-line run and as the function the GUI opens with.
#include <gtest/gtest.h>

#include <random>

#include "catalog/catalog.h"
#include "ingest/npy.h"
#include "recommend/curatornet.h"
#include "recommend/embedding_choice.h"
#include "recommend/models.h"
#include "recommend/ranking.h"
#include "embeddings/embed.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::cli;
using vitrine::test::CliRun;
using vitrine::test::TempDir;

namespace {

// `n` artworks "a0".."a{n-1}"; each embedding in `names` holds random vectors of `dim` for the
// artworks whose index passes `has`.
std::vector<int64_t> fill(Catalog& c, int n, const std::vector<std::string>& names, int dim = 6,
                          const std::function<bool(const std::string&, int)>& has = {}) {
  std::mt19937 rng(11);
  std::normal_distribution<float> nd;
  Catalog::Transaction t(c);
  for (const auto& name : names) c.registerExtractor(name, dim, "test");
  std::vector<int64_t> ids;
  for (int i = 0; i < n; ++i) {
    Artwork a;
    a.externalId = "a" + std::to_string(i);
    a.title = "Artwork " + std::to_string(i);
    ids.push_back(c.insertArtwork(a));
    for (const auto& name : names) {
      if (has && !has(name, i)) continue;
      std::vector<float> v(static_cast<size_t>(dim));
      for (auto& x : v) x = nd(rng);
      c.putEmbedding(ids.back(), name, v);
    }
  }
  t.commit();
  return ids;
}

void storeUntrainedModel(Catalog& c, const std::string& embedding, const std::string& name, uint64_t seed = 5) {
  const EmbeddingMatrix m = c.loadEmbeddingMatrix(embedding);
  CuratorNetConfig config;
  config.seed = seed;
  CuratorNet net(m, config);
  net.save(c, name, true);
}

}  // namespace

TEST(RankerSpec, ParsesPrintsAndRejects) {
  EXPECT_EQ(RankerSpec::parse("visrank:maximum").toString(), "visrank:maximum");
  EXPECT_EQ(RankerSpec::parse("visrank").toString(), "visrank:maximum");
  const RankerSpec topk = RankerSpec::parse("visrank:average_top_k:4");
  EXPECT_EQ(topk.kind, RankerSpec::Kind::VisRank);
  EXPECT_EQ(topk.visrank.aggregation, Aggregation::AverageTopK);
  EXPECT_EQ(topk.visrank.topK, 4);
  EXPECT_EQ(RankerSpec::parse(topk.toString()), topk);
  const RankerSpec model = RankerSpec::parse("curatornet:my model");
  EXPECT_TRUE(model.isCuratorNet());
  EXPECT_EQ(model.model, "my model");
  EXPECT_FALSE(RankerSpec::parse("random").seed.has_value());
  EXPECT_EQ(RankerSpec::parse("random:42").seed.value_or(0), 42u);
  EXPECT_EQ(RankerSpec::parse("random:42").toString(), "random:42");
  for (const char* bad : {"curatornet:", "random:x", "random:-1", "bogus", "visrank:median"}) {
    try {
      RankerSpec::parse(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
  const auto list = parseRankerSpecs("visrank:average, random:3");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].toString(), "random:3");
}

TEST(EmbeddingChoice, ModelThenExplicitThenDefaultThenFallback) {
  TempDir d;
  Catalog c = Catalog::create(d.file("c.vitrine"));
  EXPECT_EQ(chooseEmbedding(c).reason, EmbeddingChoice::Reason::None);
  EXPECT_THROW(requireEmbedding(c), Error);
  fill(c, 12, {"handcrafted", "inception_v3", "mobilenet_v2"});

  // Fallback order: mobilenet_v2, inception_v3, handcrafted.
  EmbeddingChoice fallback = chooseEmbedding(c);
  EXPECT_EQ(fallback.name, "mobilenet_v2");
  EXPECT_EQ(fallback.reason, EmbeddingChoice::Reason::Fallback);
  // A CNN embedding computed last is the default unless the user chose one.
  c.setSetting(kComputedEmbeddingSetting, "inception_v3");
  EXPECT_EQ(chooseEmbedding(c).name, "inception_v3");
  EXPECT_EQ(chooseEmbedding(c).reason, EmbeddingChoice::Reason::ComputedDefault);
  setDefaultEmbeddingName(c, "handcrafted");
  EXPECT_EQ(chooseEmbedding(c).name, "handcrafted");
  EXPECT_EQ(chooseEmbedding(c).reason, EmbeddingChoice::Reason::CatalogDefault);
  EXPECT_EQ(defaultEmbeddingName(c), "handcrafted");
  EXPECT_THROW(setDefaultEmbeddingName(c, "resnet50"), Error);

  // An explicit choice beats the default; an unknown one is an error naming what is stored.
  EmbeddingRequest explicitOne;
  explicitOne.explicitName = "inception_v3";
  EXPECT_EQ(chooseEmbedding(c, explicitOne).name, "inception_v3");
  explicitOne.explicitName = "resnet50";
  try {
    chooseEmbedding(c, explicitOne);
    ADD_FAILURE() << "unknown embedding accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("mobilenet_v2"), std::string::npos) << e.what();
  }

  // A model decides its own, over the default; a contradicting explicit name is an error.
  storeUntrainedModel(c, "mobilenet_v2", "m");
  EmbeddingRequest withModel;
  withModel.rankers = {RankerSpec::visRank(), RankerSpec::curatorNet("m")};
  EmbeddingChoice byModel = chooseEmbedding(c, withModel);
  EXPECT_EQ(byModel.name, "mobilenet_v2");
  EXPECT_EQ(byModel.reason, EmbeddingChoice::Reason::Model);
  withModel.explicitName = "mobilenet_v2";
  EXPECT_EQ(chooseEmbedding(c, withModel).name, "mobilenet_v2");
  withModel.explicitName = "handcrafted";
  try {
    chooseEmbedding(c, withModel);
    ADD_FAILURE() << "contradiction accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("trained on embedding \"mobilenet_v2\""), std::string::npos) << e.what();
  }
  // Two models on different embeddings cannot rank side by side.
  storeUntrainedModel(c, "handcrafted", "h");
  EmbeddingRequest two;
  two.rankers = {RankerSpec::curatorNet("m"), RankerSpec::curatorNet("h")};
  EXPECT_THROW(chooseEmbedding(c, two), Error);
  EmbeddingRequest missing;
  missing.rankers = {RankerSpec::curatorNet("nope")};
  EXPECT_THROW(chooseEmbedding(c, missing), Error);
}

// Issue 14, second failure: a catalog with handcrafted, mobilenet_v2 and inception_v3 and one
// model on mobilenet_v2 opened the GUI on inception_v3 with an empty CuratorNet column. The GUI
// opens on chooseEmbedding(catalog, {preferModel = true}).
TEST(EmbeddingChoice, ViewsOpenOnAnEmbeddingThatHasAModel) {
  TempDir d;
  Catalog c = Catalog::create(d.file("c.vitrine"));
  fill(c, 12, {"handcrafted", "inception_v3", "mobilenet_v2"});
  c.setSetting(kComputedEmbeddingSetting, "inception_v3");  // the CNN computed last
  EmbeddingRequest view;
  view.preferModel = true;
  EXPECT_EQ(chooseEmbedding(c, view).name, "inception_v3");  // no model anywhere: the default
  storeUntrainedModel(c, "mobilenet_v2", "m");
  EXPECT_EQ(chooseEmbedding(c, view).name, "mobilenet_v2");
  EXPECT_EQ(chooseEmbedding(c).name, "inception_v3");  // commands without a model keep the default
  // Among embeddings with models, the default order decides.
  storeUntrainedModel(c, "handcrafted", "h");
  EXPECT_EQ(chooseEmbedding(c, view).name, "mobilenet_v2");
  storeUntrainedModel(c, "inception_v3", "i");
  EXPECT_EQ(chooseEmbedding(c, view).name, "inception_v3");
  // The user's explicit choice still wins.
  view.explicitName = "handcrafted";
  EXPECT_EQ(chooseEmbedding(c, view).name, "handcrafted");
}

TEST(RankingService, RanksArtworkIdsAndReportsSkippedProfileItems) {
  TempDir d;
  Catalog c = Catalog::create(d.file("c.vitrine"));
  // a3 has no mobilenet_v2 vector.
  const auto ids = fill(c, 20, {"handcrafted", "mobilenet_v2"}, 6,
                        [](const std::string& name, int i) { return !(name == "mobilenet_v2" && i == 3); });
  RankingService service(c);
  RankingRequest request;
  request.embedding = "mobilenet_v2";
  request.profile = {ids[1], ids[3], 9999, ids[5]};
  request.k = 5;
  const RankingResult r = service.rank(request);
  EXPECT_EQ(r.rankerName, "VisRank (maximum)");
  EXPECT_EQ(r.profileUsed, 2);
  ASSERT_EQ(r.skipped.size(), 2u);
  EXPECT_EQ(r.skipped[0].artworkId, ids[3]);
  EXPECT_EQ(r.skipped[0].reason, SkippedProfileItem::Reason::NoEmbedding);
  EXPECT_NE(r.skipped[0].message.find("mobilenet_v2"), std::string::npos);
  EXPECT_EQ(r.skipped[1].artworkId, 9999);
  EXPECT_EQ(r.skipped[1].reason, SkippedProfileItem::Reason::UnknownArtwork);
  ASSERT_EQ(r.items.size(), 5u);

  // The same answer as the ranker on matrix rows, mapped to artwork ids.
  const EmbeddingMatrix m = c.loadEmbeddingMatrix("mobilenet_v2");
  auto row = [&](int64_t id) {
    for (int64_t i = 0; i < m.rows(); ++i)
      if (m.artworkIds[static_cast<size_t>(i)] == id) return i;
    return int64_t{-1};
  };
  const auto direct = makeRanker("visrank:maximum", m)->recommend({row(ids[1]), row(ids[5])}, 5);
  for (size_t i = 0; i < direct.size(); ++i) {
    EXPECT_EQ(r.items[i].artworkId, m.artworkIds[static_cast<size_t>(direct[i].item)]);
    EXPECT_FLOAT_EQ(r.items[i].score, direct[i].score);
    EXPECT_NE(r.items[i].artworkId, ids[1]);  // profile excluded
    ASSERT_FALSE(r.items[i].because.empty());
    EXPECT_TRUE(r.items[i].because[0].artworkId == ids[1] || r.items[i].because[0].artworkId == ids[5]);
    EXPECT_EQ(r.items[i].externalId, m.externalIds[static_cast<size_t>(direct[i].item)]);
  }

  // Nothing usable: no results, everything reported.
  request.profile = {ids[3]};
  const RankingResult none = service.rank(request);
  EXPECT_TRUE(none.items.empty());
  EXPECT_EQ(none.profileUsed, 0);
  EXPECT_EQ(none.skipped.size(), 1u);

  // Unusable specs and embeddings throw with a message naming them.
  request.spec = RankerSpec::curatorNet("missing");
  EXPECT_THROW(service.rank(request), Error);
  request.spec = RankerSpec::visRank();
  request.embedding = "resnet50";
  EXPECT_THROW(service.rank(request), Error);
}

TEST(RankingService, ScorePercentilesCountStrictlyLowerCandidates) {
  // Scores 0..9 at indices 0..9; index 9 and 8 excluded (the profile): 8 candidates remain.
  std::vector<float> scores;
  for (int i = 0; i < 10; ++i) scores.push_back(static_cast<float>(i));
  scores[7] = 3.f;  // a tie with index 3
  const auto p = scorePercentiles(scores, {6, 3, 7, 0, 42, -1}, {9, 8});
  ASSERT_EQ(p.size(), 6u);
  // Candidates: 0,1,2,3,4,5,6,3(=idx7) -> sorted 0 1 2 3 3 4 5 6.
  EXPECT_FLOAT_EQ(p[0], 100.f * 7 / 8);  // 6 beats seven of eight
  EXPECT_FLOAT_EQ(p[1], 100.f * 3 / 8);  // ties are not "lower"
  EXPECT_FLOAT_EQ(p[2], p[1]);
  EXPECT_FLOAT_EQ(p[3], 0.f);
  EXPECT_FLOAT_EQ(p[4], -1.f);  // out of range
  EXPECT_FLOAT_EQ(p[5], -1.f);
}

TEST(RankingService, PercentilesAndExplanationsForBothRankers) {
  TempDir d;
  Catalog c = Catalog::create(d.file("c.vitrine"));
  const auto ids = fill(c, 40, {"handcrafted"});
  storeUntrainedModel(c, "handcrafted", "m");
  RankingService service(c);
  for (const RankerSpec& spec : {RankerSpec::visRank(), RankerSpec::curatorNet("m")}) {
    RankingRequest request;
    request.embedding = "handcrafted";
    request.spec = spec;
    request.profile = {ids[0], ids[1], ids[2]};
    request.k = 5;
    const RankingResult plain = service.rank(request);
    EXPECT_FLOAT_EQ(plain.items.at(0).percentile, -1.f);  // not asked for
    request.percentiles = true;
    const RankingResult r = service.rank(request);
    ASSERT_EQ(r.items.size(), 5u) << spec.toString();
    // The same ranking and explanations as without percentiles.
    for (size_t i = 0; i < r.items.size(); ++i) {
      EXPECT_EQ(r.items[i].artworkId, plain.items[i].artworkId);
      EXPECT_FLOAT_EQ(r.items[i].score, plain.items[i].score);
      ASSERT_EQ(r.items[i].because.size(), plain.items[i].because.size());
      for (size_t j = 0; j < r.items[i].because.size(); ++j)
        EXPECT_EQ(r.items[i].because[j].artworkId, plain.items[i].because[j].artworkId);
    }
    // 37 candidates: the best beats the other 36; each next one stands no higher.
    EXPECT_FLOAT_EQ(r.items[0].percentile, 100.f * 36 / 37) << spec.toString();
    for (size_t i = 1; i < r.items.size(); ++i) EXPECT_LE(r.items[i].percentile, r.items[i - 1].percentile);
    for (const RankedArtwork& a : r.items) {
      // Up to three profile artworks explain each result, strongest first, for both models.
      ASSERT_EQ(a.because.size(), 3u) << spec.toString();
      for (size_t j = 1; j < a.because.size(); ++j) EXPECT_LE(a.because[j].similarity, a.because[j - 1].similarity);
      for (const RankedExplanation& e : a.because)
        EXPECT_TRUE(e.artworkId == ids[0] || e.artworkId == ids[1] || e.artworkId == ids[2]);
    }
  }
}

TEST(RankingService, CachesFollowCatalogChanges) {
  TempDir d;
  const std::string path = d.file("c.vitrine");
  Catalog c = Catalog::create(path);
  const auto ids = fill(c, 10, {"handcrafted"});
  storeUntrainedModel(c, "handcrafted", "m");

  // A reader on another connection, as the GUI's worker has.
  const Catalog reader = Catalog::open(path, true);
  RankingService service(reader);
  const auto matrix = service.matrix("handcrafted");
  EXPECT_EQ(service.matrix("handcrafted"), matrix);  // cached
  EXPECT_EQ(matrix->rows(), 10);
  const auto model = service.ranker("handcrafted", RankerSpec::curatorNet("m"));
  EXPECT_EQ(service.ranker("handcrafted", RankerSpec::curatorNet("m")), model);

  // Another artwork gets the embedding: the matrix is reloaded, holders keep theirs.
  Artwork a;
  a.externalId = "late";
  const int64_t late = c.insertArtwork(a);
  c.putEmbedding(late, "handcrafted", std::vector<float>(6, 0.5f));
  const auto reloaded = service.matrix("handcrafted");
  EXPECT_NE(reloaded, matrix);
  EXPECT_EQ(reloaded->rows(), 11);
  EXPECT_EQ(matrix->rows(), 10);
  EXPECT_GE(service.rowOf("handcrafted", late), 0);

  // A model retrained under the same name is rebuilt; a deleted one fails.
  const auto before = service.ranker("handcrafted", RankerSpec::curatorNet("m"));
  storeUntrainedModel(c, "handcrafted", "m", 6);
  EXPECT_NE(service.ranker("handcrafted", RankerSpec::curatorNet("m")), before);
  ASSERT_TRUE(deleteModel(c, "m"));
  EXPECT_THROW(service.ranker("handcrafted", RankerSpec::curatorNet("m")), Error);
  (void)ids;
}

// Issue 14, first failure, end to end: on a catalog with handcrafted and mobilenet_v2, `train`
// without --embedding trains on one of them, and `recommend --model curatornet:m` must then use
// that model's embedding without being told.
TEST(EmbeddingChoice, TrainThenRecommendWithoutNamingTheEmbedding) {
  TempDir d;
  const std::string fx = vitrine::test::dataDir() + "/curatornet-oracle";
  const std::string path = d.file("two.vitrine");
  ASSERT_EQ(cli("import-embeddings --catalog " + path + " --name mobilenet_v2 --npy " + fx + "/features.npy --ids " +
                fx + "/item_ids.txt --create-items")
                .code,
            0);
  {
    // A second, smaller "handcrafted" embedding on the same artworks (synthetic, no CNN needed).
    Catalog c = Catalog::open(path);
    std::mt19937 rng(3);
    std::normal_distribution<float> nd;
    Catalog::Transaction t(c);
    c.registerExtractor("handcrafted", 5, "test");
    for (int64_t id : c.artworkIds()) {
      std::vector<float> v(5);
      for (auto& x : v) x = nd(rng);
      c.putEmbedding(id, "handcrafted", v);
    }
    t.commit();
  }
  CliRun train = cli("train --quiet --catalog " + path +
                     " --name m --sampling guidelines --triples 600 --validation 60 --epochs 1");
  ASSERT_EQ(train.code, 0) << train.output;
  std::string trainedOn;
  {
    const Catalog c = Catalog::open(path, true);
    trainedOn = CuratorNet::embeddingOf(c, "m");
  }
  EXPECT_EQ(trainedOn, "mobilenet_v2");  // the catalog default (fallback order)
  const std::vector<std::string> items = readLines(fx + "/item_ids.txt");
  ASSERT_GE(items.size(), 2u);
  const std::string profile = items[0] + "," + items[1];
  CliRun rec = cli("recommend --catalog " + path + " --profile " + profile + " --model curatornet:m --k 4 --json");
  ASSERT_EQ(rec.code, 0) << rec.output;
  EXPECT_NE(rec.output.find("\"embedding\": \"" + trainedOn + "\""), std::string::npos) << rec.output;
  EXPECT_NE(rec.output.find("\"rank\": 4"), std::string::npos) << rec.output;
  // Naming another embedding is a clear error, not a silent switch.
  CliRun clash =
      cli("recommend --catalog " + path + " --profile " + profile + " --model curatornet:m --embedding handcrafted");
  EXPECT_EQ(clash.code, 1);
  EXPECT_NE(clash.output.find("trained on embedding \"mobilenet_v2\", not \"handcrafted\""), std::string::npos)
      << clash.output;
  // VisRank without a model uses the catalog's default, and the user's choice when made.
  ASSERT_EQ(cli("list-embeddings --catalog " + path + " --set-default handcrafted").code, 0);
  CliRun visrank = cli("recommend --catalog " + path + " --profile " + profile + " --k 2 --json");
  ASSERT_EQ(visrank.code, 0) << visrank.output;
  EXPECT_NE(visrank.output.find("\"embedding\": \"handcrafted\""), std::string::npos) << visrank.output;
  CliRun stillModel = cli("recommend --catalog " + path + " --profile " + profile + " --model curatornet:m --json");
  ASSERT_EQ(stillModel.code, 0) << stillModel.output;
  EXPECT_NE(stillModel.output.find("\"embedding\": \"mobilenet_v2\""), std::string::npos) << stillModel.output;
}
