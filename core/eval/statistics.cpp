#include "eval/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include <boost/math/distributions/students_t.hpp>

#include "common/error.h"
#include "common/wide_multiply.h"

namespace vitrine::stats {
namespace {

void requireNonEmpty(const std::vector<double>& x, const char* what) {
  if (x.empty()) throw Error(std::string(what) + ": empty sample");
}

void checkOptions(const BootstrapOptions& o) {
  if (o.resamples < 1) throw Error("bootstrap: resamples must be at least 1, got " + std::to_string(o.resamples));
  if (!(o.confidence > 0.0 && o.confidence < 1.0))
    throw Error("bootstrap: confidence must lie in (0, 1), got " + std::to_string(o.confidence));
}

// numpy.quantile's default ("linear", Hyndman & Fan type 7) on a sorted vector.
double sortedQuantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

// Uniform index in [0, n) from 64 random bits (Lemire's multiply-shift; bias < n / 2^64).
std::size_t drawIndex(std::mt19937_64& rng, std::size_t n) {
  return static_cast<std::size_t>(multiplyHigh64(rng(), static_cast<uint64_t>(n)));
}

}  // namespace

double mean(const std::vector<double>& x) {
  requireNonEmpty(x, "mean");
  double s = 0.0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

double standardDeviation(const std::vector<double>& x) {
  requireNonEmpty(x, "standard deviation");
  if (x.size() < 2) return 0.0;
  const double m = mean(x);
  double ss = 0.0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

double standardError(const std::vector<double>& x) {
  requireNonEmpty(x, "standard error");
  return standardDeviation(x) / std::sqrt(static_cast<double>(x.size()));
}

Interval bootstrapMeanCi(const std::vector<double>& x, const BootstrapOptions& options) {
  requireNonEmpty(x, "bootstrap");
  checkOptions(options);
  const std::size_t n = x.size();
  std::mt19937_64 rng(options.seed);
  std::vector<double> means(static_cast<std::size_t>(options.resamples));
  for (double& m : means) {
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += x[drawIndex(rng, n)];
    m = s / static_cast<double>(n);
  }
  std::sort(means.begin(), means.end());
  const double alpha = 1.0 - options.confidence;
  return {sortedQuantile(means, alpha / 2.0), sortedQuantile(means, 1.0 - alpha / 2.0)};
}

double studentTTwoSidedP(double t, double dof) {
  if (!(dof > 0.0)) throw Error("t-test: degrees of freedom must be positive");
  if (std::isnan(t)) return 1.0;
  if (std::isinf(t)) return 0.0;
  const boost::math::students_t dist(dof);
  return std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(dist, std::fabs(t))));
}

double normalTwoSidedP(double z) {
  if (std::isnan(z)) return 1.0;
  return std::erfc(std::fabs(z) / std::sqrt(2.0));  // = 2 (1 - Phi(|z|))
}

PairedComparison comparePaired(const std::vector<double>& a, const std::vector<double>& b,
                               const BootstrapOptions& options) {
  if (a.size() != b.size())
    throw Error("paired comparison: samples differ in size (" + std::to_string(a.size()) + " and " +
                std::to_string(b.size()) + ")");
  requireNonEmpty(a, "paired comparison");
  checkOptions(options);

  PairedComparison r;
  r.n = a.size();
  std::vector<double> d(r.n);
  for (std::size_t i = 0; i < r.n; ++i) d[i] = a[i] - b[i];
  r.meanA = mean(a);
  r.meanB = mean(b);
  r.meanDifference = mean(d);
  r.differenceCi = bootstrapMeanCi(d, options);

  // Paired t-test.
  if (r.n >= 2) {
    const double se = standardError(d);
    if (se > 0.0) {
      r.tStatistic = r.meanDifference / se;
      r.tPValue = studentTTwoSidedP(r.tStatistic, static_cast<double>(r.n - 1));
    } else if (r.meanDifference != 0.0) {
      r.tStatistic =
          r.meanDifference > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
      r.tPValue = 0.0;
    }
  }

  // Wilcoxon signed-rank, zeros dropped, average ranks for ties, normal approximation.
  std::vector<double> nz;
  for (double v : d)
    if (v != 0.0) nz.push_back(v);
  r.nonZeroPairs = nz.size();
  if (!nz.empty()) {
    std::vector<std::size_t> order(nz.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t i, std::size_t j) { return std::fabs(nz[i]) < std::fabs(nz[j]); });
    double wPlus = 0.0, tieTerm = 0.0;
    for (std::size_t start = 0; start < order.size();) {
      std::size_t end = start + 1;
      while (end < order.size() && std::fabs(nz[order[end]]) == std::fabs(nz[order[start]])) ++end;
      const double avgRank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
      for (std::size_t k = start; k < end; ++k)
        if (nz[order[k]] > 0) wPlus += avgRank;
      const double t = static_cast<double>(end - start);
      tieTerm += t * t * t - t;
      start = end;
    }
    const double m = static_cast<double>(nz.size());
    const double total = m * (m + 1.0) / 2.0;
    r.wilcoxonStatistic = std::min(wPlus, total - wPlus);
    const double variance = m * (m + 1.0) * (2.0 * m + 1.0) / 24.0 - tieTerm / 48.0;
    if (variance > 0.0) {
      r.wilcoxonZ = (wPlus - total / 2.0) / std::sqrt(variance);
      r.wilcoxonPValue = normalTwoSidedP(r.wilcoxonZ);
    }
  }
  return r;
}

double signTestTwoSidedP(std::int64_t plus, std::int64_t minus) {
  if (plus < 0 || minus < 0) throw Error("sign test: negative counts");
  const std::int64_t n = plus + minus;
  if (n == 0) return 1.0;
  const std::int64_t k = std::min(plus, minus);
  // P(X <= k) summed in log space: C(n, i) / 2^n underflows doubles for n above ~1000.
  double tail = 0.0;
  for (std::int64_t i = 0; i <= k; ++i) {
    const double logTerm = std::lgamma(double(n) + 1) - std::lgamma(double(i) + 1) - std::lgamma(double(n - i) + 1) -
                           double(n) * std::log(2.0);
    tail += std::exp(logTerm);
  }
  return std::min(1.0, 2.0 * tail);
}

}  // namespace vitrine::stats
