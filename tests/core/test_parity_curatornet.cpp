// Parity with the reference PyTorch CuratorNet (tests/data/curatornet-oracle): the trained weights
// give the same scores (golden_scores.json) and the same metrics (summary.json), spec §2, §6.1.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "catalog/catalog.h"
#include "eval/evaluator.h"
#include "eval/protocol.h"
#include "ingest/dataset_import.h"
#include "ingest/npy.h"
#include "recommend/curatornet.h"
#include "recommend/models.h"
#include "testutil.h"

using namespace vitrine;

namespace {

std::string fixture(const std::string& name) { return test::dataDir() + "/curatornet-oracle/" + name; }

EmbeddingMatrix fixtureMatrix() {
  const NpyMatrix npy = readNpy(fixture("features.npy"));
  EmbeddingMatrix m;
  m.name = "oracle";
  m.dimension = static_cast<int>(npy.cols);
  m.externalIds = readLines(fixture("item_ids.txt"));
  for (int64_t r = 0; r < npy.rows; ++r) m.artworkIds.push_back(5000 + 3 * r);
  m.values = npy.values;
  return m;
}

nlohmann::json readJson(const std::string& name) {
  std::ifstream in(fixture(name));
  return nlohmann::json::parse(in);
}

std::unique_ptr<CuratorNet> referenceNet(const EmbeddingMatrix& m) {
  CuratorNetConfig c;
  c.inputDim = m.dimension;
  c.maxFirst = true;  // the tutorial's [max, avg]
  auto net = std::make_unique<CuratorNet>(m, c);
  net->loadReferenceNpy(fixture("weights"));
  return net;
}

// summary.json key ("R20", "N100", "AUC") -> our metric name ("R@20", "nDCG@100", "AUC").
std::string ourName(const std::string& key) {
  if (key == "AUC" || key == "RR") return key;
  const std::string k = key.substr(1);
  switch (key.front()) {
    case 'R':
      return "R@" + k;
    case 'P':
      return "P@" + k;
    case 'N':
      return "nDCG@" + k;
  }
  return key;
}

const std::vector<int> kCutoffs = {20, 100, 200};

void expectCuratorNetSummary(const EvaluationResult& r) {
  const auto expected = readJson("summary.json").at("curatornet");
  EXPECT_EQ(r.cases, 300);
  ASSERT_EQ(expected.size(), 11u);
  for (const auto& [key, value] : expected.items()) {
    const std::string name = ourName(key);
    ASSERT_TRUE(r.metrics.count(name)) << name;
    EXPECT_NEAR(r.metrics.at(name), value.get<double>(), 1e-4) << name;
  }
}

}  // namespace

TEST(ParityCuratorNet, GoldenScoresOfAllItems) {
  const EmbeddingMatrix m = fixtureMatrix();
  const auto net = referenceNet(m);
  const auto golden = readJson("golden_scores.json");
  ASSERT_EQ(golden.size(), 5u);
  double worst = 0;
  for (size_t c = 0; c < golden.size(); ++c) {
    const auto profile = golden[c].at("profile").get<std::vector<int64_t>>();
    const auto expected = golden[c].at("scores").get<std::vector<double>>();
    ASSERT_EQ(expected.size(), 600u);
    const auto scores = net->scoreAll(profile);
    ASSERT_EQ(scores.size(), 600u);
    // Relative to the case's score scale: float32 sums of ~200 products of that size.
    double scale = 0;
    for (double v : expected) scale = std::max(scale, std::abs(v));
    for (size_t i = 0; i < 600; ++i) {
      const double err = std::abs(scores[i] - expected[i]) / std::max(std::abs(expected[i]), 1.0);
      worst = std::max(worst, std::abs(scores[i] - expected[i]) / scale);
      EXPECT_LE(err, 1e-4) << "case " << c << " item " << i << ": " << scores[i] << " vs " << expected[i];
    }
  }
  std::cout << "largest score error relative to the case's largest |score|: " << worst << "\n";
}

TEST(ParityCuratorNet, AvgFirstPoolingDoesNotReproduceTheReference) {
  const EmbeddingMatrix m = fixtureMatrix();
  CuratorNetConfig c;
  c.inputDim = m.dimension;
  c.maxFirst = false;
  CuratorNet net(m, c);
  net.loadReferenceNpy(fixture("weights"));
  const auto golden = readJson("golden_scores.json");
  const auto expected = golden[0].at("scores").get<std::vector<double>>();
  const auto scores = net.scoreAll(golden[0].at("profile").get<std::vector<int64_t>>());
  double diff = 0;
  for (size_t i = 0; i < 600; ++i) diff = std::max(diff, std::abs(scores[i] - expected[i]));
  EXPECT_GT(diff, 0.1);
}

TEST(ParityCuratorNet, ReferenceMetricsMatchSummary) {
  const EmbeddingMatrix m = fixtureMatrix();
  const auto net = referenceNet(m);
  const auto cases = readCasesCsv(fixture("evaluation.csv"), m, /*itemsAreIds=*/false);
  ASSERT_EQ(cases.size(), 300u);
  // spec §6.1/§8.14: the reference subtracts profile items ranked above each GT item, the evaluator
  // drops profile-not-GT items; with GT ∩ profile = ∅ (checked) they are the same ranking.
  for (const auto& c : cases)
    for (int64_t g : c.groundTruth) ASSERT_EQ(std::count(c.profile.begin(), c.profile.end(), g), 0);
  expectCuratorNetSummary(evaluate(*net, cases, MetricSet::Reference, kCutoffs));
}

TEST(ParityCuratorNet, SameMetricsThroughACatalog) {
  test::TempDir dir;
  Catalog catalog = Catalog::create(dir.file("oracle.vitrine"));
  const auto emb = importEmbeddings(catalog, "oracle", fixture("features.npy"), fixture("item_ids.txt"),
                                    /*createItems=*/true);
  ASSERT_EQ(emb.stored, 600);
  const EmbeddingMatrix m = catalog.loadEmbeddingMatrix("oracle");
  ASSERT_EQ(m.rows(), 600);

  // The CLI's `train --load-reference-npy` path.
  storeReferenceModel(catalog, m, fixture("weights"), "reference");
  EXPECT_THROW(storeReferenceModel(catalog, m, fixture("weights"), "reference"), Error);
  const auto models = storedModels(catalog);
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].embedding, "oracle");

  const auto ranker = makeRanker("curatornet:reference", m, &catalog);
  EXPECT_EQ(ranker->name(), "CuratorNet (reference)");

  // Cases by row index of the file matrix, translated to the catalog's rows by external id.
  const EmbeddingMatrix fileMatrix = fixtureMatrix();
  std::unordered_map<std::string, int64_t> rowOf;
  for (int64_t r = 0; r < m.rows(); ++r) rowOf[m.externalIds[size_t(r)]] = r;
  auto cases = readCasesCsv(fixture("evaluation.csv"), fileMatrix, false);
  for (auto& c : cases) {
    for (auto& p : c.profile) p = rowOf.at(fileMatrix.externalIds[size_t(p)]);
    for (auto& g : c.groundTruth) g = rowOf.at(fileMatrix.externalIds[size_t(g)]);
  }
  expectCuratorNetSummary(evaluate(*ranker, cases, MetricSet::Reference, kCutoffs));
}
