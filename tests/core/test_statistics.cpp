// Statistics over per-case metrics (eval/statistics.h). Reference values were computed
// independently with scipy 1.10.1 / numpy 1.24 (Debian 12 python3-scipy):
//   stats.sem(a), stats.ttest_rel(a, b),
//   stats.wilcoxon(a, b, zero_method='wilcox', correction=False, mode='approx')
// and, for the bootstrap, from the exact distribution of the resampled mean (hand-computed).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/error.h"
#include "eval/statistics.h"

using namespace vitrine;

namespace {

const std::vector<double> kA = {0.81, 0.77, 0.90, 0.65, 0.72, 0.88, 0.79, 0.70, 0.95, 0.60, 0.83, 0.74};
const std::vector<double> kB = {0.78, 0.77, 0.85, 0.66, 0.70, 0.80, 0.79, 0.72, 0.90, 0.58, 0.80, 0.71};

}  // namespace

TEST(Statistics, MeanSdAndStandardErrorMatchScipy) {
  EXPECT_NEAR(stats::mean(kA), 0.7783333333333333, 1e-12);
  EXPECT_NEAR(stats::standardDeviation(kA), 0.10347009522591834, 1e-12);
  EXPECT_NEAR(stats::standardError(kA), 0.029869243665880084, 1e-12);
  EXPECT_DOUBLE_EQ(stats::standardError({0.5}), 0.0);
  EXPECT_THROW(stats::mean({}), Error);
  EXPECT_THROW(stats::standardError({}), Error);
}

TEST(Statistics, PairedTTestMatchesScipy) {
  const auto r = stats::comparePaired(kA, kB);
  EXPECT_EQ(r.n, 12u);
  EXPECT_NEAR(r.meanDifference, stats::mean(kA) - stats::mean(kB), 1e-12);
  EXPECT_NEAR(r.tStatistic, 2.846974386589162, 1e-9);
  EXPECT_NEAR(r.tPValue, 0.015882465096044667, 1e-9);
}

TEST(Statistics, WilcoxonDropsZerosAndCorrectsTiesLikeScipy) {
  // Differences 0.03 0 0.05 -0.01 0.02 0.08 0 -0.02 0.05 0.02 0.03 0.03: two zeros.
  const auto r = stats::comparePaired(kA, kB);
  EXPECT_EQ(r.nonZeroPairs, 10u);
  EXPECT_DOUBLE_EQ(r.wilcoxonStatistic, 4.0);
  EXPECT_NEAR(r.wilcoxonPValue, 0.0162542088976566, 1e-9);
  EXPECT_GT(r.wilcoxonZ, 0.0);  // a tends to exceed b

  // Integer data with heavy ties: |d| = 1 (x3), 2 (x7), 4 (x2) after dropping two zeros.
  // By hand: average ranks 2, 7 and 11.5; W- = 3 * 2 = 6.
  const std::vector<double> x = {3, 5, 1, 4, 6, 2, 7, 4, 5, 3, 8, 2, 6, 5};
  const std::vector<double> y = {1, 5, 2, 2, 4, 2, 3, 5, 3, 1, 4, 3, 4, 3};
  const auto t = stats::comparePaired(x, y);
  EXPECT_EQ(t.nonZeroPairs, 12u);
  EXPECT_DOUBLE_EQ(t.wilcoxonStatistic, 6.0);
  EXPECT_NEAR(t.wilcoxonPValue, 0.008008927086112885, 1e-9);
  EXPECT_NEAR(t.tStatistic, 3.0012793177553774, 1e-9);
  EXPECT_NEAR(t.tPValue, 0.010213738949982384, 1e-9);

  // Swapping the samples mirrors the statistics, keeps the p-values.
  const auto s = stats::comparePaired(y, x);
  EXPECT_NEAR(s.wilcoxonZ, -t.wilcoxonZ, 1e-12);
  EXPECT_NEAR(s.wilcoxonPValue, t.wilcoxonPValue, 1e-12);
  EXPECT_NEAR(s.tStatistic, -t.tStatistic, 1e-12);
}

TEST(Statistics, DegenerateComparisons) {
  const std::vector<double> v = {0.1, 0.4, 0.7};
  const auto same = stats::comparePaired(v, v);
  EXPECT_EQ(same.nonZeroPairs, 0u);
  EXPECT_DOUBLE_EQ(same.tPValue, 1.0);
  EXPECT_DOUBLE_EQ(same.wilcoxonPValue, 1.0);
  EXPECT_DOUBLE_EQ(same.differenceCi.low, 0.0);
  EXPECT_DOUBLE_EQ(same.differenceCi.high, 0.0);

  // A constant non-zero shift: the t statistic is infinite, p = 0.
  const auto shifted = stats::comparePaired({1.5, 2.5, 3.5}, {1.0, 2.0, 3.0});
  EXPECT_TRUE(std::isinf(shifted.tStatistic));
  EXPECT_DOUBLE_EQ(shifted.tPValue, 0.0);
  EXPECT_DOUBLE_EQ(shifted.meanDifference, 0.5);

  EXPECT_THROW(stats::comparePaired({1.0, 2.0}, {1.0}), Error);
  EXPECT_THROW(stats::comparePaired({}, {}), Error);
}

TEST(Statistics, BootstrapMatchesExactResamplingDistribution) {
  // x = {0, 0, 0, 1}: the resampled mean is Binomial(4, 1/4) / 4 with
  // P(0) = .316, P(.25) = .422, P(.5) = .211, P(.75) = .047, P(1) = .004, so its 2.5 % and 97.5 %
  // quantiles are 0 and 0.75.
  stats::BootstrapOptions o;
  o.resamples = 20000;
  o.seed = 7;
  const auto ci = stats::bootstrapMeanCi({0.0, 0.0, 0.0, 1.0}, o);
  EXPECT_DOUBLE_EQ(ci.low, 0.0);
  EXPECT_DOUBLE_EQ(ci.high, 0.75);

  // Same seed, same interval; a constant sample gives a point.
  const auto again = stats::bootstrapMeanCi({0.0, 0.0, 0.0, 1.0}, o);
  EXPECT_DOUBLE_EQ(again.low, ci.low);
  EXPECT_DOUBLE_EQ(again.high, ci.high);
  const auto point = stats::bootstrapMeanCi({0.3, 0.3, 0.3}, o);
  EXPECT_DOUBLE_EQ(point.low, 0.3);
  EXPECT_DOUBLE_EQ(point.high, 0.3);
}

TEST(Statistics, BootstrapAgreesWithNormalTheoryOnALargeSample) {
  // 400 values spread uniformly on [0, 1): the percentile interval should be close to
  // mean +- 1.96 SE (central limit theorem); allow 10 % on the half-width.
  std::vector<double> x;
  for (int i = 0; i < 400; ++i) x.push_back(std::fmod(i * 0.618033988749895, 1.0));
  stats::BootstrapOptions o;
  o.resamples = 4000;
  o.seed = 1;
  const auto ci = stats::bootstrapMeanCi(x, o);
  const double m = stats::mean(x);
  const double half = 1.959963984540054 * stats::standardError(x);
  EXPECT_LT(ci.low, m);
  EXPECT_GT(ci.high, m);
  EXPECT_NEAR(ci.high - ci.low, 2 * half, 0.2 * half);
  EXPECT_NEAR((ci.high + ci.low) / 2, m, 0.1 * half);

  // A 90 % interval lies inside the 95 % one.
  o.confidence = 0.90;
  const auto narrow = stats::bootstrapMeanCi(x, o);
  EXPECT_GE(narrow.low, ci.low);
  EXPECT_LE(narrow.high, ci.high);
}

TEST(Statistics, BadBootstrapOptionsAreRejected) {
  stats::BootstrapOptions o;
  o.resamples = 0;
  EXPECT_THROW(stats::bootstrapMeanCi({1.0, 2.0}, o), Error);
  o.resamples = 10;
  o.confidence = 1.0;
  EXPECT_THROW(stats::bootstrapMeanCi({1.0, 2.0}, o), Error);
  EXPECT_THROW(stats::bootstrapMeanCi({}, {}), Error);
}

TEST(Statistics, PValueHelpers) {
  // scipy: 2 * stats.t.sf(2.0, 5) = 0.10193947882985828; 2 * stats.norm.sf(1.96) = 0.04999579
  EXPECT_NEAR(stats::studentTTwoSidedP(2.0, 5), 0.10193947882985828, 1e-9);
  EXPECT_NEAR(stats::studentTTwoSidedP(-2.0, 5), 0.10193947882985828, 1e-9);
  EXPECT_NEAR(stats::normalTwoSidedP(1.96), 0.04999579029644087, 1e-9);
  EXPECT_DOUBLE_EQ(stats::normalTwoSidedP(0.0), 1.0);
  EXPECT_THROW(stats::studentTTwoSidedP(1.0, 0.0), Error);
}
