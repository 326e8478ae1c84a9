#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/evaluation_store.h"
#include "common/progress.h"
#include "eval/evaluation_report.h"
#include "eval/evaluator.h"
#include "eval/metrics.h"
#include "eval/protocol.h"
#include "recommend/ranker_spec.h"

namespace vitrine {

// What `vitrine-cli evaluate` and the GUI's Evaluation panel run, as one job: every model under
// every metric set on the same held-out cases.
struct EvaluationJobConfig {
  std::string embedding;  // chosen with chooseEmbedding (recommend/embedding_choice.h)
  Protocol protocol = Protocol::Tutorial;
  int maxProfile = 10;  // tutorial protocol's profile window
  std::vector<MetricSet> metricSets = {MetricSet::Reference, MetricSet::Standard};
  std::vector<int> cutoffs = defaultCutoffs();
  std::vector<RankerSpec> models = {RankerSpec::visRank({Aggregation::Maximum, 3}),
                                    RankerSpec::visRank({Aggregation::Average, 3})};
  // Cases from a file in the fixture format (readCasesCsv) instead of the protocol; items are row
  // indices, or external ids when casesAreIds.
  std::string casesFile;
  bool casesAreIds = false;
  std::string source;  // "gui", "cli" ("" = not recorded)
  // Uncertainty of every mean: percentile bootstrap (resamples, seed, 95 %; seeded, so the same
  // run gives the same intervals).
  stats::BootstrapOptions bootstrap;
  // Paired comparisons (A, B) to compute per metric set; each spec must be one of `models`.
  std::vector<std::pair<RankerSpec, RankerSpec>> comparisons;
  // {"embedding", "protocol", "max_profile", "metric_sets", "cutoffs", "models", "bootstrap":
  // {"method", "resamples", "seed", "confidence"}, "comparisons": [[a, b], ...]} plus "cases_file"
  // and "source" when set
  std::string toJson() const;
};

struct EvaluationJobEntry {
  RankerSpec spec;
  EvaluationResult result;               // means and each case's values (result.perCase)
  std::vector<MetricSummary> summaries;  // mean, standard error, bootstrap 95 % CI per metric
};

// One --compare pair under one metric set: A - B per metric over the same cases.
struct EvaluationJobComparison {
  RankerSpec a, b;
  MetricSet metricSet = MetricSet::Reference;
  std::vector<MetricComparison> metrics;
};

// Who case i is (for per-case exports): the user and the held-out items' external ids.
struct EvaluationCaseInfo {
  std::string userId;
  std::vector<std::string> heldOutIds;
};

struct EvaluationJobResult {
  std::vector<EvaluationJobEntry> entries;           // models x metric sets (set-major, as the CLI prints)
  std::vector<EvaluationJobComparison> comparisons;  // config.comparisons x metric sets
  std::vector<EvaluationCaseInfo> caseInfo;          // one per case, in the order of perCase values
  int64_t cases = 0;
  int64_t items = 0;
  bool cancelled = false;
  // evaluationRunConfigJson() plus "data" (dataReportJson()) and "case_info": [{"user_id",
  // "item_ids": [held-out external ids]}] (caseInfo), as stored with the run
  std::string configJson;
  // array of {model, name, config, metric_set, cases, metrics, summary, per_case}
  // (docs/schemas/evaluation.schema.json, "result")
  std::string resultsJson;
  int64_t runId = 0;  // evaluation_runs row (0 = not stored)
  // The run's settings, typed (what configJson records), so that displays never parse configJson:
  std::string catalogPath;  // the catalog evaluated ("" when not recorded)
  std::string embedding;
  std::string protocol;  // "tutorial" | "basket"; "cases-file" when the cases came from casesFile
  std::string casesFile;
  int maxProfile = 0;
  std::vector<int> cutoffs;           // the @k cutoffs of metricNames(cutoffs)
  stats::BootstrapOptions bootstrap;  // of every summary's CI
  int64_t createdAt = 0;              // unix seconds, stored runs only
  // What the case construction did to the data (docs/data-policies.md): duplicates merged,
  // held-out repeats kept out of profiles, ...; all zero for a cases file.
  CaseReport caseReport;
  // Cases (from a cases file) whose held-out item is also in their profile: their metrics are
  // inflated; a protocol never produces any.
  int64_t heldOutInProfile = 0;
  // {"interactions_without_embedding", "duplicates_merged", "held_out_items_removed_from_profile",
  //  "repeats_in_profile_kept_once", "users_without_profile_skipped",
  //  "cases_with_held_out_item_in_profile"}; also stored under "data" in configJson.
  std::string dataReportJson() const;
};

// Runs the job on `catalog` (open on the calling thread); matrices and rankers come from
// RankingService (recommend/ranking.h). `progress` sees done/total over all
// (model, set, case) steps; returning false stops at the next case and the partial run is
// returned with cancelled = true and not stored. A complete run is stored in `evaluation_runs`
// when `store` (needs a writable catalog). Throws vitrine::Error when there are no cases or a
// model spec is unusable.
EvaluationJobResult runEvaluationJob(Catalog& catalog, const EvaluationJobConfig& config,
                                     const ProgressCallback& progress = {}, bool store = true);

// The JSON a stored run holds, shared by runEvaluationJob and `vitrine-cli evaluate --store`:
// one results entry {model, name, config, metric_set, cases, metrics} (plus "summary" and
// "per_case": {metric: [value per case]} when summaries are given), and the configuration
// (EvaluationJobConfig::toJson() plus items, cases, catalog and seed).
std::string evaluationEntryJson(const RankerSpec& spec, MetricSet set, const EvaluationResult& result,
                                const std::vector<MetricSummary>* summaries = nullptr);

// The per-case values of a stored results entry ("per_case"), as an EvaluationResult that
// compareResults() and summarizeMetrics() take; empty perCase for runs stored before per-case
// values were kept. Throws vitrine::Error on malformed JSON.
EvaluationResult evaluationResultFromEntryJson(const std::string& entryJson);

// A stored run (configJson and resultsJson as runEvaluationJob makes them; e.g. from
// evaluationRuns) as the typed result: entries with their per-case values and summaries (none for
// runs stored before they were kept), caseInfo (from the configuration's "case_info"; empty for
// older runs), cases, items, configJson, resultsJson and runId. No comparisons. Throws
// vitrine::Error on malformed JSON or an unknown model spec.
EvaluationJobResult evaluationJobResultFromJson(const std::string& configJson, const std::string& resultsJson,
                                                int64_t runId = 0);

// The bootstrap options a run's configuration JSON records ("bootstrap"); the defaults of
// stats::BootstrapOptions for runs stored without them.
stats::BootstrapOptions bootstrapOptionsFromConfigJson(const std::string& configJson);

// Paired comparisons (A - B per metric, compareResults) of `entries`: for every metric set, in
// the order the entries hold them, every pair whose two specs were evaluated under that set with
// per-case values. What runEvaluationJob computes for config.comparisons and what the GUI computes
// for the pairs a user picks in a finished or stored run. Throws vitrine::Error as compareResults.
std::vector<EvaluationJobComparison> compareJobEntries(const std::vector<EvaluationJobEntry>& entries,
                                                       const std::vector<std::pair<RankerSpec, RankerSpec>>& pairs,
                                                       const stats::BootstrapOptions& options);

// The document `vitrine-cli evaluate --json` and the GUI's Export JSON write
// (docs/schemas/evaluation.schema.json): the run's configuration (result.configJson), its results
// entries with summaries but without per-case values, result.comparisons, "stored_run" when
// result.runId > 0 and "per_case_file" when given. `catalogPath` overrides the configuration's
// catalog path when not empty. `indent` as nlohmann::json::dump (-1: compact).
std::string evaluationDocumentJson(const EvaluationJobResult& result, const std::string& catalogPath = {},
                                   const std::string& perCaseFile = {}, int indent = -1);

// `evaluate --per-case FILE.csv` and the GUI's per-case export: long format, one row per case,
// model, metric set and metric: model, metric_set, case_id (1-based), user_id, item_id (held-out
// external ids, space-separated for a basket), metric, value (17 significant digits, '.'), RFC
// 4180 CSV with CRLF (common/csv_writer.h). Throws vitrine::Error naming the file when it cannot
// be written.
void writePerCaseCsv(const std::string& path, const EvaluationJobResult& result);
std::string evaluationRunConfigJson(const Catalog& catalog, const EvaluationJobConfig& config, int64_t items,
                                    int64_t cases);

// Stored runs: storeEvaluationRun, evaluationRuns, deleteEvaluationRun (catalog/evaluation_store.h).

// "10, 20,100" -> {10, 20, 100}; throws vitrine::Error on a non-positive or non-numeric part.
std::vector<int> parseCutoffList(const std::string& text);

}  // namespace vitrine
