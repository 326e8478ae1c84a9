#include "eval/evaluation_report.h"

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace vitrine {

namespace {

nlohmann::json interval(const stats::Interval& i) { return nlohmann::json::array({i.low, i.high}); }

}  // namespace

std::vector<MetricSummary> summarizeMetrics(const EvaluationResult& result, const stats::BootstrapOptions& options) {
  if (result.perCase.empty()) throw Error("evaluation of " + result.model + " holds no per-case values");
  std::vector<MetricSummary> out;
  for (const auto& [metric, values] : result.perCase) {
    MetricSummary s;
    s.metric = metric;
    s.cases = static_cast<int64_t>(values.size());
    s.mean = stats::mean(values);
    s.standardError = stats::standardError(values);
    s.ci95 = stats::bootstrapMeanCi(values, options);
    out.push_back(s);
  }
  return out;
}

std::vector<MetricComparison> compareResults(const EvaluationResult& a, const EvaluationResult& b,
                                             const stats::BootstrapOptions& options) {
  if (a.metricSet != b.metricSet) throw Error("cannot compare results of different metric sets");
  if (a.cases != b.cases)
    throw Error("cannot pair " + std::to_string(a.cases) + " cases of " + a.model + " with " + std::to_string(b.cases) +
                " cases of " + b.model);
  std::vector<MetricComparison> out;
  for (const auto& [metric, values] : a.perCase) {
    auto it = b.perCase.find(metric);
    if (it == b.perCase.end()) continue;
    out.push_back({metric, stats::comparePaired(values, it->second, options)});
  }
  return out;
}

std::string metricSummariesJson(const std::vector<MetricSummary>& summaries) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& s : summaries)
    out[s.metric] = {
        {"mean", s.mean}, {"standard_error", s.standardError}, {"ci95", interval(s.ci95)}, {"cases", s.cases}};
  return out.dump();
}

std::string comparisonJson(const std::string& specA, const std::string& specB, MetricSet set,
                           const std::vector<MetricComparison>& comparisons) {
  nlohmann::json metrics = nlohmann::json::object();
  size_t cases = 0;
  for (const auto& [metric, c] : comparisons) {
    cases = c.n;
    metrics[metric] = {{"mean_a", c.meanA},
                       {"mean_b", c.meanB},
                       {"mean_difference", c.meanDifference},
                       {"ci95", interval(c.differenceCi)},
                       {"t_statistic", c.tStatistic},
                       {"p_value_t_test", c.tPValue},
                       {"wilcoxon_statistic", c.wilcoxonStatistic},
                       {"wilcoxon_z", c.wilcoxonZ},
                       {"p_value_wilcoxon", c.wilcoxonPValue},
                       {"non_zero_pairs", c.nonZeroPairs}};
  }
  return nlohmann::json{
      {"a", specA}, {"b", specB}, {"metric_set", toString(set)}, {"cases", cases}, {"metrics", metrics}}
      .dump();
}

}  // namespace vitrine
