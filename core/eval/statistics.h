#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

// Summary statistics and paired comparisons over per-case metrics (one value per evaluation case,
// per catalog or per seed), used by `vitrine-cli evaluate --per-case/--compare` and by the
// training-defaults experiments in bench/. Pure functions, no state; inputs are plain doubles.
// Textbook definitions (e.g. Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, §13;
// Wilcoxon 1945 with the tie correction of the normal approximation as in Lehmann,
// "Nonparametrics", 1975, §3.2); the unit tests check them against scipy 1.10 (scipy.stats.sem,
// ttest_rel, wilcoxon).

namespace vitrine::stats {

// Arithmetic mean. Throws vitrine::Error on an empty sample.
double mean(const std::vector<double>& x);

// Sample standard deviation (divisor n - 1). 0 for a single value; throws on an empty sample.
double standardDeviation(const std::vector<double>& x);

// Standard error of the mean: standardDeviation / sqrt(n) (scipy.stats.sem with ddof = 1).
// 0 for a single value; throws on an empty sample.
double standardError(const std::vector<double>& x);

struct Interval {
  double low = 0.0;
  double high = 0.0;
};

struct BootstrapOptions {
  int resamples = 10000;     // number of bootstrap resamples (>= 1)
  uint64_t seed = 0;         // same seed + same data = same interval, on every platform
  double confidence = 0.95;  // two-sided level in (0, 1)
};

// Percentile bootstrap confidence interval of the mean: draws `resamples` samples of size n with
// replacement (indices from a seeded std::mt19937_64, mapped to [0, n) by multiply-shift so the
// result does not depend on the standard library), and returns the (1-c)/2 and (1+c)/2 quantiles
// of the resampled means (linear interpolation between order statistics, numpy's default).
// A constant sample gives a zero-width interval at that constant. Throws vitrine::Error on an
// empty sample, resamples < 1 or a confidence outside (0, 1).
Interval bootstrapMeanCi(const std::vector<double>& x, const BootstrapOptions& options = {});

// Result of comparing two paired samples a and b (same cases, a[i] paired with b[i]); every
// difference is a - b.
struct PairedComparison {
  std::size_t n = 0;  // number of pairs
  double meanA = 0.0;
  double meanB = 0.0;
  double meanDifference = 0.0;  // mean(a - b)
  Interval differenceCi;        // percentile bootstrap CI of mean(a - b) (bootstrapMeanCi)
  // Paired t-test (two-sided), t = mean(d) / (sd(d) / sqrt(n)) with n - 1 degrees of freedom.
  // If all differences are equal: t = 0, p = 1 when they are all 0, otherwise t = +-inf, p = 0.
  // n = 1: t = 0, p = 1 (no test possible).
  double tStatistic = 0.0;
  double tPValue = 1.0;
  // Wilcoxon signed-rank test (two-sided, normal approximation without continuity correction).
  // Zero differences are dropped before ranking (Wilcoxon's method, scipy's zero_method="wilcox");
  // tied |differences| get the average of their ranks and the variance is reduced by
  // sum(t^3 - t) / 48 over tie groups of size t. wilcoxonStatistic is min(W+, W-) (as scipy
  // reports); wilcoxonZ = (W+ - m(m+1)/4) / sd, signed so that > 0 means a tends to exceed b.
  // With no non-zero difference (or zero variance) z = 0 and p = 1. The approximation is rough
  // below about 10 non-zero pairs; read the p-value as indicative there.
  std::size_t nonZeroPairs = 0;  // m, the pairs the signed-rank test uses
  double wilcoxonStatistic = 0.0;
  double wilcoxonZ = 0.0;
  double wilcoxonPValue = 1.0;
};

// Paired comparison of a against b. Throws vitrine::Error when the sizes differ or are 0, or on
// invalid bootstrap options.
PairedComparison comparePaired(const std::vector<double>& a, const std::vector<double>& b,
                               const BootstrapOptions& options = {});

// Two-sided p-value of Student's t statistic with `dof` (> 0) degrees of freedom.
double studentTTwoSidedP(double t, double dof);

// Two-sided p-value of a standard normal statistic: 2 (1 - Phi(|z|)).
double normalTwoSidedP(double z);

// Exact two-sided sign test of `plus` successes against `minus` failures under p = 1/2 (ties
// are left out by the caller): min(1, 2 P(X <= min(plus, minus))), X ~ Binomial(plus + minus,
// 1/2), as scipy.stats.binomtest(k, n).pvalue for p = 1/2. 1 when plus + minus is 0.
double signTestTwoSidedP(std::int64_t plus, std::int64_t minus);

}  // namespace vitrine::stats
