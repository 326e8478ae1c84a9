// Model selection by a ranking metric (issue 19): the validation split of users, the AUC the
// trainer computes (checked against the evaluator's standard AUC), and checkpoint selection.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/error.h"
#include "eval/evaluator.h"
#include "eval/metrics.h"
#include "recommend/curatornet.h"
#include "train/trainer.h"
#include "train/triples.h"

using namespace vitrine;

namespace {

constexpr int kItems = 80;
constexpr int kDim = 16;
constexpr int kClusters = 4;

EmbeddingMatrix embedding() {
  EmbeddingMatrix m;
  m.name = "synthetic";
  m.dimension = kDim;
  std::mt19937_64 rng(21);
  std::normal_distribution<float> noise(0.f, 0.3f);
  for (int i = 0; i < kItems; ++i) {
    m.artworkIds.push_back(1000 + i);
    m.externalIds.push_back("item" + std::to_string(i));
    const int c = i % kClusters;
    for (int d = 0; d < kDim; ++d)
      m.values.push_back(std::max(0.f, (d / (kDim / kClusters) == c ? 2.f : 0.2f) + noise(rng)));
  }
  return m;
}

// 40 users, each buying 5 baskets of 1-2 items from one cluster.
std::vector<UserHistory> users() {
  std::mt19937_64 rng(22);
  std::vector<UserHistory> out;
  for (int u = 0; u < 40; ++u) {
    UserHistory h;
    h.userId = "u" + std::to_string(u);
    const int c = u % kClusters;
    for (int b = 0; b < 5; ++b) {
      std::vector<int32_t> basket;
      for (int k = 0; k < 1 + b % 2; ++k)
        basket.push_back(static_cast<int32_t>(c + kClusters * static_cast<int>(rng() % (kItems / kClusters))));
      h.baskets.push_back(basket);
    }
    out.push_back(h);
  }
  return out;
}

TrainerConfig config(Selection s) {
  TrainerConfig t;
  t.learningRate = 1e-3;
  t.maxEpochs = 4;
  t.seed = 4;
  t.selection = s;
  return t;
}

}  // namespace

TEST(ModelSelection, SplitTakesTheLastBasketOfASeededFractionOfUsers) {
  std::vector<UserHistory> u = users();
  const std::vector<UserHistory> original = u;
  u.push_back(UserHistory{"single", {{1, 5}}});  // one basket: never taken by the basket rule
  const auto cases = splitValidationCases(u, 0.25, HoldOut::LastBasket, 0, 7);
  ASSERT_EQ(cases.size(), 10u);  // 25 % of the 40 users with >= 2 baskets
  size_t shortened = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    if (u[i].baskets.size() == original[i].baskets.size()) continue;
    ++shortened;
    ASSERT_EQ(u[i].baskets.size() + 1, original[i].baskets.size());
    const auto& held = original[i].baskets.back();
    // The case holding this basket has the user's remaining items as its profile.
    const auto it = std::find_if(cases.begin(), cases.end(),
                                 [&](const RankingCase& c) { return c.relevant == held && c.profile == u[i].items(); });
    EXPECT_NE(it, cases.end()) << "user " << i;
  }
  EXPECT_EQ(shortened, 10u);
  EXPECT_EQ(u.back().baskets.size(), 1u);

  // Same seed, same users; another seed, (almost surely) others.
  std::vector<UserHistory> again = users(), other = users();
  const auto sameCases = splitValidationCases(again, 0.25, HoldOut::LastBasket, 0, 7);
  const auto otherCases = splitValidationCases(other, 0.25, HoldOut::LastBasket, 0, 8);
  ASSERT_EQ(sameCases.size(), 10u);
  for (size_t i = 0; i < sameCases.size(); ++i) EXPECT_EQ(sameCases[i].relevant, cases[i].relevant);
  bool differs = false;
  for (size_t i = 0; i < otherCases.size(); ++i) differs = differs || otherCases[i].profile != cases[i].profile;
  EXPECT_TRUE(differs);
}

TEST(ModelSelection, SplitByLastItemTruncatesTheProfile) {
  std::vector<UserHistory> u = {UserHistory{"a", {{1, 2}, {3}, {4, 5}}}, UserHistory{"b", {{9}}}};
  const auto cases = splitValidationCases(u, 0.9, HoldOut::LastInteraction, 3, 1);
  ASSERT_EQ(cases.size(), 1u);  // "b" has one item only
  EXPECT_EQ(cases[0].relevant, std::vector<int32_t>({5}));
  EXPECT_EQ(cases[0].profile, std::vector<int32_t>({2, 3, 4}));  // last 3 of 1 2 3 4
  EXPECT_EQ(u[0].items(), std::vector<int32_t>({1, 2, 3, 4}));
  EXPECT_TRUE(splitValidationCases(u, 0.5, HoldOut::None, 0, 1).empty());
  EXPECT_TRUE(splitValidationCases(u, 0.0, HoldOut::LastBasket, 0, 1).empty());
}

TEST(ModelSelection, TrainerAucEqualsTheEvaluatorsStandardAuc) {
  const EmbeddingMatrix m = embedding();
  std::vector<UserHistory> u = users();
  const auto cases = splitValidationCases(u, 0.5, HoldOut::LastInteraction, 10, 3);
  ASSERT_FALSE(cases.empty());
  CuratorNetConfig nc;
  nc.seed = 2;
  CuratorNet net(m, nc);
  // Evaluation cases with the same profiles and items: one relevant item each (ties are
  // practically impossible with random float scores).
  std::vector<EvaluationCase> ev;
  for (const RankingCase& c : cases)
    ev.push_back(EvaluationCase{"", {c.profile.begin(), c.profile.end()}, {c.relevant.begin(), c.relevant.end()}, 0});
  const double expected = evaluate(net, ev, MetricSet::Standard, {10}).metrics.at("AUC");
  EXPECT_NEAR(rankingAuc(net, cases), expected, 1e-9);
  EXPECT_THROW(rankingAuc(net, {RankingCase{{1}, {kItems}}}), Error);
}

TEST(ModelSelection, AucSelectionKeepsTheEpochWithTheBestValidationAuc) {
  const EmbeddingMatrix m = embedding();
  std::vector<UserHistory> u = users();
  const auto cases = splitValidationCases(u, 0.3, HoldOut::LastBasket, 0, 5);
  RandomSamplingConfig rc;
  rc.trainTriples = 1500;
  rc.validationTriples = 300;
  rc.maxProfile = 4;
  rc.seed = 6;
  const TripleSets s = sampleRandom(u, kItems, rc);
  CuratorNetConfig nc;
  nc.seed = 8;
  CuratorNet net(m, nc);
  const double before = rankingAuc(net, cases);
  const TrainingResult r = trainCuratorNet(net, s.train, s.validation, cases, config(Selection::ValidationAuc));
  EXPECT_EQ(r.selection, Selection::ValidationAuc);
  ASSERT_EQ(r.history.size(), 4u);
  double bestAuc = -1;
  for (const EpochRecord& e : r.history) {
    EXPECT_GE(e.validationAuc, 0.0);
    EXPECT_LE(e.validationAuc, 1.0);
    bestAuc = std::max(bestAuc, e.validationAuc);
  }
  EXPECT_DOUBLE_EQ(r.bestValidationAuc, bestAuc);
  EXPECT_DOUBLE_EQ(r.history[static_cast<size_t>(r.bestEpoch - 1)].validationAuc, bestAuc);
  // The restored weights are the selected epoch's: the same AUC again, better than untrained.
  EXPECT_NEAR(rankingAuc(net, cases), r.bestValidationAuc, 1e-9);
  EXPECT_GT(r.bestValidationAuc, before);
  EXPECT_NE(r.historyJson().find("validation_auc"), std::string::npos);

  // Without ranking cases, the tutorial's rule is used (and reported).
  CuratorNet plain(m, nc);
  const TrainingResult t = trainCuratorNet(plain, s.train, s.validation, {}, config(Selection::ValidationAuc));
  EXPECT_EQ(t.selection, Selection::TripleAccuracy);
  EXPECT_LT(t.bestValidationAuc, 0);
  EXPECT_EQ(t.history.front().validationAuc, -1);

  EXPECT_EQ(parseSelection("auc"), Selection::ValidationAuc);
  EXPECT_EQ(parseSelection("triple-accuracy"), Selection::TripleAccuracy);
  EXPECT_THROW(parseSelection("loss"), Error);
}
