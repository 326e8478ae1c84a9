// Long (ctest -L long): CuratorNet trained from scratch on the oracle fixture at the tutorial's
// settings (100,000 / 10,000 random triples, 10 epochs) must reach the reference pipeline's AUC
// on the 300 evaluation cases (0.79668 +- 0.02, mean of four seeds); guideline sampling
// (strategies 2, 5, 6) must match VisRank maximum's 0.822 on the mean of three seeds. Everything
// is reported beside the reference weights and VisRank maximum (spec §3.1, §4, §6.1,
// tests/data/curatornet-oracle). The two halves are separate tests, each its own ctest entry
// (tests/CMakeLists.txt), so CI runs them side by side; every run is pinned to one thread.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "catalog/catalog.h"
#include "eval/evaluator.h"
#include "eval/protocol.h"
#include "ingest/dataset_import.h"
#include "ingest/npy.h"
#include "recommend/curatornet.h"
#include "recommend/visrank.h"
#include "testutil.h"
#include "train/trainer.h"
#include "train/triples.h"

using namespace vitrine;

namespace {

std::string fixture(const std::string& name) { return test::dataDir() + "/curatornet-oracle/" + name; }

constexpr double kReferenceAuc = 0.79668;
constexpr double kVisRankMaxAuc = 0.82200;

struct Row {
  std::string model;
  std::map<std::string, double> m;
  double seconds = 0;
};

void printTable(const std::vector<Row>& rows) {
  std::printf("\n%-44s %8s %8s %8s %8s %8s\n", "model (300 cases, reference metrics)", "AUC", "RR", "nDCG@20", "R@100",
              "train s");
  for (const Row& r : rows)
    std::printf("%-44s %8.5f %8.5f %8.5f %8.5f %8.1f\n", r.model.c_str(), r.m.at("AUC"), r.m.at("RR"),
                r.m.at("nDCG@20"), r.m.at("R@100"), r.seconds);
  std::fflush(stdout);
}

Row trainAndEvaluate(const std::string& label, const EmbeddingMatrix& m, const TripleSets& triples,
                     const std::vector<EvaluationCase>& cases, uint64_t seed) {
  CuratorNetConfig nc;
  nc.seed = seed;
  CuratorNet net(m, nc);
  TrainerConfig tc;
  tc.seed = seed;
  // OpenBLAS sums differ with its thread count: one thread makes the run the same everywhere.
  tc.threads = 1;
  tc.blasThreads = 1;
  const TrainingResult r = trainCuratorNet(net, triples.train, triples.validation, tc);
  for (const EpochRecord& e : r.history)
    std::printf("  %s epoch %d: loss %.4f val acc %.4f lr %.3g %.1f s (%.0f triples/s)\n", label.c_str(), e.epoch,
                e.loss, e.validationAccuracy, e.learningRate, e.seconds, e.triplesPerSecond);
  Row row{label, evaluate(net, cases, MetricSet::Reference, {20, 100}).metrics, r.seconds};
  return row;
}

// The oracle fixture in a catalog: the embedding matrix, the 300 evaluation cases, and the
// training histories under both hold-outs (checked to hide every evaluation item).
struct Oracle {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("oracle.vitrine"));
  EmbeddingMatrix m;
  std::vector<EvaluationCase> cases;
  std::vector<Interaction> interactions;
  std::vector<Row> rows;

  Oracle() {
    importEmbeddings(c, "oracle", fixture("features.npy"), fixture("item_ids.txt"), /*createItems=*/true);
    importInteractions(c, fixture("interactions.csv"));
    m = c.loadEmbeddingMatrix("oracle");
    interactions = collectInteractions(c);
    CuratorNet ref(m, CuratorNetConfig{});
    ref.loadReferenceNpy(fixture("weights"));
    rows.push_back(
        {"CuratorNet, reference weights", evaluate(ref, loadCases(), MetricSet::Reference, {20, 100}).metrics});
    const VisRank visrank(m, VisRankConfig{});
    rows.push_back({"VisRank maximum", evaluate(visrank, loadCases(), MetricSet::Reference, {20, 100}).metrics});
  }
  std::vector<EvaluationCase> loadCases() {
    if (cases.empty()) cases = readCasesCsv(fixture("evaluation.csv"), m, /*itemsAreIds=*/false);
    return cases;
  }
  // Histories under `holdOut`, asserting that none holds its user's evaluation item.
  std::vector<UserHistory> histories(HoldOut holdOut) const {
    auto users = trainingHistories(interactions, m, holdOut);
    for (const EvaluationCase& ec : cases)
      for (const auto& u : users) {
        if (u.userId != ec.userId) continue;
        for (int32_t x : u.items()) EXPECT_NE(x, ec.groundTruth[0]) << "user " << ec.userId;
      }
    return users;
  }
};

}  // namespace

TEST(LongTraining, RandomSamplingReachesTheReferenceAuc) {
  Oracle o;
  // evaluation.csv holds row indices of features.npy: the catalog must keep that row order.
  ASSERT_EQ(o.m.externalIds, readLines(fixture("item_ids.txt")));
  const auto cases = o.loadCases();
  ASSERT_EQ(cases.size(), 300u);
  // The tutorial hold-out: each user's last interaction, exactly the evaluation cases' items.
  const auto users = o.histories(HoldOut::LastInteraction);
  ASSERT_EQ(users.size(), 300u);

  // One training run varies with the seed by about +-0.01 (the checkpoint is chosen on a
  // validation accuracy of ~0.998 that hardly tells runs apart); the reference's 0.79668 is a
  // single run. The criterion is therefore checked on the mean of four seeds (single-thread runs
  // are deterministic: seeds 0-3 gave 0.77674, 0.78496, 0.79128, 0.79794, mean 0.78773).
  constexpr int kRandomSeeds = 4;
  double meanAuc = 0, bestAuc = 0, worstAuc = 1;
  for (uint64_t seed = 0; seed < kRandomSeeds; ++seed) {
    RandomSamplingConfig rc;  // 100,000 / 10,000 -> 100,200 / 10,200 requested (334 / 34 per user)
    rc.seed = seed;
    const TripleSets random = sampleRandom(users, o.m.rows(), rc);
    EXPECT_EQ(random.train.size(), 100200u);
    o.rows.push_back(
        trainAndEvaluate("CuratorNet, random sampling (seed " + std::to_string(seed) + ")", o.m, random, cases, seed));
    const double auc = o.rows.back().m.at("AUC");
    meanAuc += auc / kRandomSeeds;
    bestAuc = std::max(bestAuc, auc);
    worstAuc = std::min(worstAuc, auc);
    EXPECT_GT(auc, 0.75) << "seed " << seed;  // every run is a usable ranker
  }
  printTable(o.rows);
  std::printf("random-sampled runs (%d seeds): mean AUC %.5f, best %.5f, worst %.5f (reference %.5f)\n", kRandomSeeds,
              meanAuc, bestAuc, worstAuc, kReferenceAuc);
  EXPECT_NEAR(meanAuc, kReferenceAuc, 0.02);
}

TEST(LongTraining, GuidelineSamplingMatchesVisRankMaximum) {
  Oracle o;
  const auto cases = o.loadCases();
  ASSERT_EQ(cases.size(), 300u);
  // Guidelines as `vitrine-cli train --sampling guidelines` runs them: the last basket held out
  // (it contains every evaluation item), whole training profiles, k = 8 visual clusters; no
  // artist metadata here, so strategies 3 and 4 are skipped.
  const auto basketUsers = o.histories(HoldOut::LastBasket);
  auto guidelineRun = [&](const std::string& shares, uint64_t seed) {
    const GuidelineItems items = prepareGuidelineItems(o.m, artistsOf(o.c, o.m), 8, 50, seed);
    GuidelineSamplingConfig gc;
    gc.shares = parseShares(shares);
    gc.seed = seed;
    const TripleSets t = sampleGuidelines(basketUsers, items, gc);
    for (const auto& line : t.report.log) std::printf("  guidelines %s: %s\n", shares.c_str(), line.c_str());
    std::printf("  guidelines %s: per strategy (train) 1:%lld 2:%lld 3:%lld 4:%lld 5:%lld 6:%lld\n", shares.c_str(),
                static_cast<long long>(t.report.train[1]), static_cast<long long>(t.report.train[2]),
                static_cast<long long>(t.report.train[3]), static_cast<long long>(t.report.train[4]),
                static_cast<long long>(t.report.train[5]), static_cast<long long>(t.report.train[6]));
    o.rows.push_back(trainAndEvaluate("CuratorNet, guidelines " + shares + " (seed " + std::to_string(seed) + ")", o.m,
                                      t, cases, seed));
    return o.rows.back().m.at("AUC");
  };
  EXPECT_GT(guidelineRun("1,1,1,1,1,1", 0), 0.75);  // equal shares: a usable ranker

  // Without strategy 1 (profile items above near items, the "is it in the profile" task of
  // random sampling, spec §8.15) the model learns the users' visual taste instead: on the mean
  // of three seeds it matches VisRank maximum (the goal) and beats the reference run.
  constexpr int kGuidedSeeds = 3;
  double guidedMean = 0;
  for (uint64_t seed = 0; seed < kGuidedSeeds; ++seed) guidedMean += guidelineRun("0,1,0,0,1,1", seed) / kGuidedSeeds;
  printTable(o.rows);
  std::printf("guideline-trained (0,1,0,0,1,1, %d seeds): mean AUC %.5f (VisRank maximum %.5f)\n", kGuidedSeeds,
              guidedMean, kVisRankMaxAuc);
  EXPECT_GT(guidedMean, kReferenceAuc);
  EXPECT_GE(guidedMean, kVisRankMaxAuc);
}
