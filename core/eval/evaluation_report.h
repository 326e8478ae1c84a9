#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "eval/evaluator.h"
#include "eval/statistics.h"

// Uncertainty and paired comparisons of evaluation results, from the per-case values that
// evaluate() keeps (EvaluationResult::perCase). Used by `vitrine-cli evaluate` (--per-case,
// --compare); the JSON layout is documented in docs/schemas/evaluation.schema.json.

namespace vitrine {

// One metric of one result: mean over the cases, its standard error (n - 1 divisor) and a
// percentile bootstrap 95 % CI of the mean (stats::bootstrapMeanCi with the given options).
struct MetricSummary {
  std::string metric;
  int64_t cases = 0;
  double mean = 0;
  double standardError = 0;
  stats::Interval ci95;
};
// One summary per metric of `result` (metric-name order). Throws vitrine::Error when the result
// holds no per-case values (e.g. an interrupted evaluation).
std::vector<MetricSummary> summarizeMetrics(const EvaluationResult& result, const stats::BootstrapOptions& options);

// A against B on one metric over the same cases (case i of A paired with case i of B).
struct MetricComparison {
  std::string metric;
  stats::PairedComparison comparison;
};
// Every metric both results hold. Throws vitrine::Error when they were computed on different
// numbers of cases or with different metric sets.
std::vector<MetricComparison> compareResults(const EvaluationResult& a, const EvaluationResult& b,
                                             const stats::BootstrapOptions& options);

// JSON text (objects as in docs/schemas/evaluation.schema.json): "summary" of one entry, keyed by
// metric: {"mean", "standard_error", "ci95": [low, high], "cases"}.
std::string metricSummariesJson(const std::vector<MetricSummary>& summaries);
// One element of "comparisons": {"a", "b", "metric_set", "cases", "metrics": {metric: {"mean_a",
// "mean_b", "mean_difference", "ci95": [low, high], "t_statistic", "p_value_t_test",
// "wilcoxon_statistic", "wilcoxon_z", "p_value_wilcoxon", "non_zero_pairs"}}}.
std::string comparisonJson(const std::string& specA, const std::string& specB, MetricSet set,
                           const std::vector<MetricComparison>& comparisons);

}  // namespace vitrine
