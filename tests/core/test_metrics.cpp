// Metric formulas (spec §6) on hand-computed rankings, both metric sets, and the evaluator loop.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "eval/evaluator.h"
#include "eval/metrics.h"
#include "recommend/ranker.h"

using namespace vitrine;

namespace {

const double kLog3 = std::log2(3.0);
const double kLog5 = std::log2(5.0);

// Fixed scores whatever the profile; explanations name the first profile item.
class FixedRanker : public Ranker {
 public:
  explicit FixedRanker(std::vector<float> s) : m_scores(std::move(s)) {}
  std::string name() const override { return "fixed"; }
  std::string configJson() const override { return "{}"; }
  int64_t itemCount() const override { return static_cast<int64_t>(m_scores.size()); }
  std::vector<float> scoreAll(const std::vector<int64_t>&) const override { return m_scores; }
  std::vector<Explanation> explain(const std::vector<int64_t>& profile, int64_t item, int n) const override {
    if (profile.empty() || n <= 0) return {};
    return {Explanation{profile.front(), static_cast<float>(item)}};
  }

 private:
  std::vector<float> m_scores;
};

}  // namespace

TEST(Metrics, NamesInPrintOrder) {
  EXPECT_EQ(metricNames({5, 20}),
            (std::vector<std::string>{"AUC", "RR", "P@5", "R@5", "nDCG@5", "P@20", "R@20", "nDCG@20"}));
  EXPECT_EQ(metricNames().size(), 2u + 3u * defaultCutoffs().size());
}

TEST(Metrics, ParseMetricSet) {
  EXPECT_EQ(parseMetricSet("reference"), MetricSet::Reference);
  EXPECT_EQ(parseMetricSet(" Standard "), MetricSet::Standard);
  EXPECT_EQ(toString(MetricSet::Reference), "reference");
  EXPECT_EQ(toString(MetricSet::Standard), "standard");
  EXPECT_THROW(parseMetricSet("textbook"), Error);
}

TEST(Metrics, SingleGroundTruthAtRankZero) {
  for (MetricSet set : {MetricSet::Reference, MetricSet::Standard}) {
    const auto m = caseMetrics({0}, 10, 10, set, {1, 5});
    EXPECT_DOUBLE_EQ(m.at("AUC"), 1.0);
    EXPECT_DOUBLE_EQ(m.at("RR"), 1.0);
    EXPECT_DOUBLE_EQ(m.at("P@1"), 1.0);
    EXPECT_DOUBLE_EQ(m.at("R@1"), 1.0);
    EXPECT_DOUBLE_EQ(m.at("nDCG@1"), 1.0);
    EXPECT_DOUBLE_EQ(m.at("P@5"), 0.2);
    EXPECT_DOUBLE_EQ(m.at("R@5"), 1.0);
    EXPECT_DOUBLE_EQ(m.at("nDCG@5"), 1.0);
  }
}

TEST(Metrics, SingleGroundTruthLastAndMiddle) {
  // GT last of 10: no non-GT item below it.
  auto m = caseMetrics({9}, 10, 10, MetricSet::Standard, {5});
  EXPECT_DOUBLE_EQ(m.at("AUC"), 0.0);
  EXPECT_DOUBLE_EQ(m.at("RR"), 0.1);
  EXPECT_DOUBLE_EQ(m.at("P@5"), 0.0);
  EXPECT_DOUBLE_EQ(m.at("nDCG@5"), 0.0);
  // GT at rank 3 of 10: 6 of 9 non-GT items below it; in the top 5 with DCG 1/log2(5).
  m = caseMetrics({3}, 10, 10, MetricSet::Standard, {5});
  EXPECT_DOUBLE_EQ(m.at("AUC"), 6.0 / 9.0);
  EXPECT_DOUBLE_EQ(m.at("RR"), 0.25);
  EXPECT_DOUBLE_EQ(m.at("nDCG@5"), 1.0 / kLog5);
}

TEST(Metrics, SeveralGroundTruthItemsBothSets) {
  // G = {1, 3} in a ranking of 10 items taken from a catalog of 12 (2 profile items removed).
  const std::vector<int> ks = {2, 5, 20};
  const auto ref = caseMetrics({3, 1}, 10, 12, MetricSet::Reference, ks);  // unsorted on purpose
  const auto std_ = caseMetrics({1, 3}, 10, 12, MetricSet::Standard, ks);

  // Reference AUC over N_inv = 12: [(12-2)-1 + (12-4)-0] / (12-2) / 2 = 0.85.
  EXPECT_DOUBLE_EQ(ref.at("AUC"), 0.85);
  // Standard AUC over the 10 ranked: GT@1 beats 7 non-GT, GT@3 beats 6, of 2*8 pairs.
  EXPECT_DOUBLE_EQ(std_.at("AUC"), 13.0 / 16.0);
  EXPECT_LE(std_.at("AUC"), ref.at("AUC"));

  for (const auto* m : {&ref, &std_}) {
    EXPECT_DOUBLE_EQ(m->at("RR"), 0.5);
    EXPECT_DOUBLE_EQ(m->at("P@2"), 0.5);
    EXPECT_DOUBLE_EQ(m->at("R@2"), 0.5);
    EXPECT_DOUBLE_EQ(m->at("P@5"), 0.4);
    EXPECT_DOUBLE_EQ(m->at("R@5"), 1.0);
    // k larger than the list: precision still divides by k.
    EXPECT_DOUBLE_EQ(m->at("P@20"), 0.1);
    EXPECT_DOUBLE_EQ(m->at("R@20"), 1.0);
  }
  const double dcg2 = 1.0 / kLog3;
  const double dcg5 = 1.0 / kLog3 + 1.0 / kLog5;
  const double idcg2 = 1.0 + 1.0 / kLog3;
  // Reference: one hit in the top 2 => IDCG of 1 hit = 1 (spec §8.10).
  EXPECT_NEAR(ref.at("nDCG@2"), dcg2 / 1.0, 1e-12);
  // Standard: IDCG over min(|G|, k) = 2 items.
  EXPECT_NEAR(std_.at("nDCG@2"), dcg2 / idcg2, 1e-12);
  EXPECT_NEAR(ref.at("nDCG@5"), dcg5 / idcg2, 1e-12);
  EXPECT_NEAR(std_.at("nDCG@5"), dcg5 / idcg2, 1e-12);
  EXPECT_NEAR(ref.at("nDCG@20"), dcg5 / idcg2, 1e-12);
}

TEST(Metrics, ReferenceNdcgIsOneForAHitAtTopWhateverTheRest) {
  // Spec §8.10: one hit at rank 0 and two GT items outside the top k score 1.0 in the reference.
  const auto ref = caseMetrics({0, 50, 60}, 100, 100, MetricSet::Reference, {10});
  const auto std_ = caseMetrics({0, 50, 60}, 100, 100, MetricSet::Standard, {10});
  EXPECT_DOUBLE_EQ(ref.at("nDCG@10"), 1.0);
  EXPECT_NEAR(std_.at("nDCG@10"), 1.0 / (1.0 + 1.0 / kLog3 + 0.5), 1e-12);
  EXPECT_NEAR(ref.at("R@10"), 1.0 / 3.0, 1e-12);
}

TEST(Metrics, AucEdgeCases) {
  // Every ranked item is ground truth: AUC = 1 by definition.
  auto m = caseMetrics({0, 1}, 2, 2, MetricSet::Standard, {1});
  EXPECT_DOUBLE_EQ(m.at("AUC"), 1.0);
  m = caseMetrics({0, 1}, 2, 2, MetricSet::Reference, {1});
  EXPECT_DOUBLE_EQ(m.at("AUC"), 1.0);
  // Same ranking, but the reference normalises by a catalog of 5 (3 removed items count as
  // ranked below): still all pairs correct.
  m = caseMetrics({0, 1}, 2, 5, MetricSet::Reference, {1});
  EXPECT_DOUBLE_EQ(m.at("AUC"), 1.0);
  // GT at the bottom of 4 ranked from a catalog of 6: standard 0, reference counts the 2
  // removed items as beaten: (6-4-0)/(6-1) = 0.4.
  EXPECT_DOUBLE_EQ(caseMetrics({3}, 4, 6, MetricSet::Standard, {1}).at("AUC"), 0.0);
  EXPECT_DOUBLE_EQ(caseMetrics({3}, 4, 6, MetricSet::Reference, {1}).at("AUC"), 0.4);
}

TEST(Metrics, EmptyGroundTruthScoresZero) {
  const auto m = caseMetrics({}, 10, 10, MetricSet::Reference, {5});
  EXPECT_EQ(m.size(), 5u);
  for (const auto& [name, v] : m) EXPECT_EQ(v, 0.0) << name;
}

TEST(Metrics, InvalidRanksThrow) {
  EXPECT_THROW(caseMetrics({10}, 10, 10, MetricSet::Reference), Error);
  EXPECT_THROW(caseMetrics({-1}, 10, 10, MetricSet::Reference), Error);
  EXPECT_THROW(caseMetrics({2, 2}, 10, 10, MetricSet::Reference), Error);
  EXPECT_THROW(caseMetrics({0}, 10, 9, MetricSet::Reference), Error);
}

TEST(Ranking, TopKTiesLowerIndexFirst) {
  const std::vector<float> s = {1.f, 3.f, 3.f, 2.f, 0.5f};
  EXPECT_EQ(topK(s, 3), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(topK(s, 3, {2}), (std::vector<int64_t>{1, 3, 0}));
  EXPECT_EQ(topK(s, 10), (std::vector<int64_t>{1, 2, 3, 0, 4}));  // k larger than the list
  EXPECT_EQ(topK(s, 10, {1, 1, 99, -3}), (std::vector<int64_t>{2, 3, 0, 4}));
  EXPECT_TRUE(topK(s, 0).empty());
  EXPECT_TRUE(topK({}, 5).empty());
  const std::vector<float> equal(6, 0.f);
  EXPECT_EQ(topK(equal, 4), (std::vector<int64_t>{0, 1, 2, 3}));
}

TEST(Ranking, TopKPutsNaNLast) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(topK({nan, 1.f, nan, 2.f}, 4), (std::vector<int64_t>{3, 1, 0, 2}));
}

TEST(Ranking, TopKMatchesFullSort) {
  std::vector<float> s;
  for (int i = 0; i < 1000; ++i) s.push_back(static_cast<float>((i * 7919) % 101));  // many ties
  std::vector<int64_t> all(s.size());
  for (size_t i = 0; i < s.size(); ++i) all[i] = static_cast<int64_t>(i);
  std::stable_sort(all.begin(), all.end(), [&](int64_t a, int64_t b) { return s[a] > s[b]; });
  const auto top = topK(s, 37);
  EXPECT_EQ(top, std::vector<int64_t>(all.begin(), all.begin() + 37));
}

TEST(Ranking, GroundTruthRanksWithTiesAndRemoval) {
  const std::vector<float> s = {0.5f, 0.9f, 0.5f, 0.5f};
  EXPECT_EQ(groundTruthRanks(s, {2}, {}), (std::vector<int64_t>{2}));  // after 1 and tie 0
  EXPECT_EQ(groundTruthRanks(s, {0}, {}), (std::vector<int64_t>{1}));
  EXPECT_EQ(groundTruthRanks(s, {2}, {1}), (std::vector<int64_t>{1}));
  EXPECT_EQ(groundTruthRanks(s, {3, 1}, {0}), (std::vector<int64_t>{0, 2}));
  // A ground-truth item is never removed, even if listed.
  EXPECT_EQ(groundTruthRanks(s, {1}, {1}), (std::vector<int64_t>{0}));
  EXPECT_THROW(groundTruthRanks(s, {4}, {}), Error);
}

TEST(Evaluator, RemovesProfileItemsThatAreNotGroundTruth) {
  FixedRanker ranker({0.9f, 0.8f, 0.7f, 0.6f, 0.5f});
  EvaluationCase a;  // profile item 0 ranks first but is removed: GT 2 moves to rank 1 of 4
  a.profile = {0};
  a.groundTruth = {2};
  EvaluationCase b;  // a repeat purchase: the GT is in the profile and stays at rank 2 of 5
  b.profile = {2};
  b.groundTruth = {2};

  const auto ref = evaluate(ranker, {a, b}, MetricSet::Reference, {1, 2});
  EXPECT_EQ(ref.cases, 2);
  EXPECT_EQ(ref.model, "fixed");
  EXPECT_EQ(ref.metricSet, MetricSet::Reference);
  // a: reference AUC (5-2-0)/4 = 0.75; b: (5-3)/4 = 0.5.
  EXPECT_DOUBLE_EQ(ref.metrics.at("AUC"), (0.75 + 0.5) / 2);
  EXPECT_DOUBLE_EQ(ref.metrics.at("RR"), (0.5 + 1.0 / 3.0) / 2);
  EXPECT_DOUBLE_EQ(ref.metrics.at("R@2"), 0.5);
  EXPECT_DOUBLE_EQ(ref.metrics.at("P@1"), 0.0);

  const auto st = evaluate(ranker, {a, b}, MetricSet::Standard, {1, 2});
  // a: standard AUC over 4 ranked: (4-2)/3; b: nothing removed, same as reference.
  EXPECT_DOUBLE_EQ(st.metrics.at("AUC"), (2.0 / 3.0 + 0.5) / 2);
  EXPECT_LE(st.metrics.at("AUC"), ref.metrics.at("AUC"));
}

TEST(Evaluator, ProgressCanStop) {
  FixedRanker ranker({0.9f, 0.8f, 0.7f});
  EvaluationCase c;
  c.profile = {0};
  c.groundTruth = {1};
  int calls = 0;
  const auto r = evaluate(ranker, {c, c, c}, MetricSet::Reference, {1}, [&calls](const Progress& p) {
    ++calls;
    EXPECT_EQ(p.total, 3);
    return p.done < 1;
  });
  EXPECT_EQ(r.cases, 1);
  EXPECT_GE(calls, 2);
  EXPECT_DOUBLE_EQ(r.metrics.at("RR"), 1.0);
  EXPECT_TRUE(evaluate(ranker, {}, MetricSet::Reference).metrics.empty());
}

TEST(Ranker, DefaultRecommendExcludesProfileAndExplains) {
  FixedRanker ranker({0.1f, 0.8f, 0.8f, 0.3f});
  const auto recs = ranker.recommend({1}, 2);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].item, 2);
  EXPECT_FLOAT_EQ(recs[0].score, 0.8f);
  EXPECT_EQ(recs[1].item, 3);
  ASSERT_EQ(recs[0].because.size(), 1u);
  EXPECT_EQ(recs[0].because[0].profileItem, 1);
  const auto withProfile = ranker.recommend({1}, 2, false);
  EXPECT_EQ(withProfile[0].item, 1);
  EXPECT_EQ(withProfile[1].item, 2);
}
