// CuratorNet training (spec §3.1): loss, validation accuracy, cancel, determinism, Adam, scheduler.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "recommend/curatornet.h"
#include "train/trainer.h"
#include "train/triples.h"

using namespace vitrine;

namespace {

constexpr int kItems = 80;
constexpr int kDim = 16;
constexpr int kClusters = 4;

// Items in 4 clusters (non-negative features around a cluster-specific direction).
EmbeddingMatrix syntheticEmbedding() {
  EmbeddingMatrix m;
  m.name = "synthetic";
  m.dimension = kDim;
  std::mt19937_64 rng(11);
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

// Each user buys from one cluster.
std::vector<UserHistory> syntheticUsers() {
  std::mt19937_64 rng(12);
  std::vector<UserHistory> users;
  for (int u = 0; u < 40; ++u) {
    UserHistory h;
    h.userId = "u" + std::to_string(u);
    const int c = u % kClusters;
    for (int k = 0; k < 6; ++k)
      h.baskets.push_back({static_cast<int32_t>(c + kClusters * static_cast<int>(rng() % (kItems / kClusters)))});
    users.push_back(h);
  }
  return users;
}

TripleSets syntheticTriples() {
  RandomSamplingConfig c;
  c.trainTriples = 2400;
  c.validationTriples = 400;
  c.maxProfile = 4;
  c.seed = 3;
  return sampleRandom(syntheticUsers(), kItems, c);
}

CuratorNetConfig netConfig() {
  CuratorNetConfig c;
  c.seed = 5;
  return c;
}

TrainerConfig fastConfig() {
  TrainerConfig t;
  t.learningRate = 1e-3;
  t.maxEpochs = 3;
  t.seed = 9;
  return t;
}

}  // namespace

TEST(Trainer, LossFallsAndValidationBeatsChance) {
  const EmbeddingMatrix m = syntheticEmbedding();
  const TripleSets s = syntheticTriples();
  CuratorNet net(m, netConfig());
  const double before = tripleAccuracy(net, s.validation);
  int batchCalls = 0, epochCalls = 0;
  const TrainingResult r = trainCuratorNet(net, s.train, s.validation, fastConfig(), [&](const TrainingProgress& p) {
    if (p.kind == TrainingProgress::Kind::Batch) {
      ++batchCalls;
      EXPECT_GT(p.triplesPerSecond, 0);
      EXPECT_LE(p.triplesDone, p.triplesTotal);
    } else {
      ++epochCalls;
      EXPECT_GE(p.validationAccuracy, 0);
    }
    return true;
  });
  ASSERT_EQ(r.history.size(), 3u);
  EXPECT_EQ(epochCalls, 3);
  // 2400 triples in batches of <= 128 of one profile size: at least 19 per epoch.
  EXPECT_GE(batchCalls, 3 * 19);
  EXPECT_LT(r.history.back().loss, r.history.front().loss);
  EXPECT_LT(r.history.front().loss, std::log(2.0) * 1.5);
  EXPECT_GT(r.bestValidationAccuracy, 0.75);
  EXPECT_GT(r.bestValidationAccuracy, before);
  EXPECT_FALSE(r.cancelled);
  // The restored best checkpoint is what the network now computes (cache refreshed too).
  EXPECT_DOUBLE_EQ(tripleAccuracy(net, s.validation), r.bestValidationAccuracy);
  EXPECT_EQ(r.history[static_cast<size_t>(r.bestEpoch - 1)].validationAccuracy, r.bestValidationAccuracy);
  EXPECT_NE(r.historyJson().find("validation_accuracy"), std::string::npos);
  // Recommendations from the cached item tower agree with training: a cluster-0 profile
  // ranks cluster-0 items first.
  const auto top = net.recommend({0, 4, 8}, 5);
  int same = 0;
  for (const auto& rec : top) same += rec.item % kClusters == 0 ? 1 : 0;
  EXPECT_GE(same, 4);
}

TEST(Trainer, SameSeedSameWeightsAndHistory) {
  const EmbeddingMatrix m = syntheticEmbedding();
  const TripleSets s = syntheticTriples();
  TrainerConfig cfg = fastConfig();
  cfg.maxEpochs = 2;
  CuratorNet a(m, netConfig()), b(m, netConfig());
  const TrainingResult ra = trainCuratorNet(a, s.train, s.validation, cfg);
  const TrainingResult rb = trainCuratorNet(b, s.train, s.validation, cfg);
  EXPECT_EQ(parameterVector(a), parameterVector(b));
  ASSERT_EQ(ra.history.size(), rb.history.size());
  for (size_t i = 0; i < ra.history.size(); ++i) {
    EXPECT_EQ(ra.history[i].loss, rb.history[i].loss);
    EXPECT_EQ(ra.history[i].validationAccuracy, rb.history[i].validationAccuracy);
  }
  // Another shuffling seed gives other weights.
  cfg.seed = 10;
  CuratorNet c(m, netConfig());
  trainCuratorNet(c, s.train, s.validation, cfg);
  EXPECT_NE(parameterVector(a), parameterVector(c));
}

TEST(Trainer, CancelKeepsTheBestCheckpoint) {
  const EmbeddingMatrix m = syntheticEmbedding();
  const TripleSets s = syntheticTriples();
  TrainerConfig one = fastConfig();
  one.maxEpochs = 1;
  CuratorNet ref(m, netConfig());
  const TrainingResult r1 = trainCuratorNet(ref, s.train, s.validation, one);
  ASSERT_EQ(r1.bestEpoch, 1);

  CuratorNet net(m, netConfig());
  const TrainingResult r = trainCuratorNet(net, s.train, s.validation, fastConfig(),
                                           [](const TrainingProgress& p) { return !(p.epoch == 2 && p.batch == 4); });
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.history.size(), 1u);
  EXPECT_EQ(r.bestEpoch, 1);
  // Epoch 1 is the same in both runs; the 4 batches of epoch 2 were rolled back.
  EXPECT_EQ(parameterVector(net), parameterVector(ref));

  // Cancelled before any epoch finished: no checkpoint, the weights moved anyway.
  CuratorNet early(m, netConfig());
  const auto initial = parameterVector(early);
  const TrainingResult e = trainCuratorNet(early, s.train, s.validation, fastConfig(),
                                           [](const TrainingProgress& p) { return p.batch < 2; });
  EXPECT_TRUE(e.cancelled);
  EXPECT_EQ(e.bestEpoch, 0);
  EXPECT_TRUE(e.history.empty());
  EXPECT_NE(parameterVector(early), initial);
}

TEST(Trainer, FusedAdamMatchesTorchAdam) {
  const EmbeddingMatrix m = syntheticEmbedding();
  const TripleSets s = syntheticTriples();
  TrainerConfig cfg = fastConfig();
  auto stopAfter6 = [](const TrainingProgress& p) { return p.batch < 6; };
  CuratorNet fused(m, netConfig()), plain(m, netConfig());
  cfg.fusedAdam = true;
  trainCuratorNet(fused, s.train, s.validation, cfg, stopAfter6);
  cfg.fusedAdam = false;
  trainCuratorNet(plain, s.train, s.validation, cfg, stopAfter6);
  const auto a = parameterVector(fused), b = parameterVector(plain),
             init = parameterVector(*std::make_unique<CuratorNet>(m, netConfig()));
  ASSERT_EQ(a.size(), b.size());
  double maxDiff = 0, maxMove = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    maxDiff = std::max(maxDiff, double(std::abs(a[i] - b[i])));
    maxMove = std::max(maxMove, double(std::abs(a[i] - init[i])));
  }
  EXPECT_GT(maxMove, 1e-3);  // 6 steps of lr 1e-3 moved the weights
  EXPECT_LT(maxDiff, 1e-5);  // and both optimisers moved them alike
}

TEST(Trainer, PlateauSchedulerFollowsTorch) {
  // mode max, patience 2, factor 0.6: the LR drops after the 3rd epoch without improvement.
  PlateauScheduler s(0.6, 2, 1e-4, 0);
  double lr = 1e-4;
  lr = s.step(0.50, lr);
  EXPECT_DOUBLE_EQ(lr, 1e-4);
  lr = s.step(0.60, lr);
  lr = s.step(0.60004, lr);  // < 1e-4 relative: not an improvement (bad 1)
  EXPECT_DOUBLE_EQ(lr, 1e-4);
  lr = s.step(0.59, lr);  // bad 2
  EXPECT_DOUBLE_EQ(lr, 1e-4);
  lr = s.step(0.59, lr);  // bad 3 > patience -> reduce
  EXPECT_DOUBLE_EQ(lr, 6e-5);
  lr = s.step(0.59, lr);
  lr = s.step(0.59, lr);
  EXPECT_DOUBLE_EQ(lr, 6e-5);
  lr = s.step(0.59, lr);
  EXPECT_NEAR(lr, 3.6e-5, 1e-18);
  lr = s.step(0.70, lr);  // improvement resets the count
  lr = s.step(0.70, lr);
  lr = s.step(0.70, lr);
  EXPECT_NEAR(lr, 3.6e-5, 1e-18);
  // Reductions below torch's eps (1e-8) are ignored.
  PlateauScheduler tiny(0.6, 0, 1e-4, 0);
  EXPECT_DOUBLE_EQ(tiny.step(0.5, 1e-9), 1e-9);
}

TEST(Trainer, StopsAfterMaxLearningRates) {
  const EmbeddingMatrix m = syntheticEmbedding();
  const TripleSets s = syntheticTriples();
  TrainerConfig cfg = fastConfig();
  cfg.maxEpochs = 6;
  cfg.patience = 0;  // every non-improving epoch reduces the LR
  cfg.maxLrs = 1;    // ... and the second LR ends training
  cfg.learningRate = 1e-5;
  CuratorNet net(m, netConfig());
  const TrainingResult r = trainCuratorNet(net, s.train, s.validation, cfg);
  ASSERT_FALSE(r.history.empty());
  EXPECT_LT(r.history.size(), 6u);
  for (const auto& e : r.history) EXPECT_DOUBLE_EQ(e.learningRate, 1e-5);
}

TEST(Trainer, RejectsTriplesOutsideTheCatalog) {
  const EmbeddingMatrix m = syntheticEmbedding();
  CuratorNet net(m, netConfig());
  std::vector<Triple> bad = {Triple{{1, 2}, 3, kItems, 0, 0}};
  EXPECT_THROW(trainCuratorNet(net, bad, {}, fastConfig()), Error);
  std::vector<Triple> empty = {Triple{{}, 3, 4, 0, 0}};
  EXPECT_THROW(trainCuratorNet(net, empty, {}, fastConfig()), Error);
  // No triples: nothing to do, no crash.
  EXPECT_TRUE(trainCuratorNet(net, {}, {}, fastConfig()).history.empty());
}
