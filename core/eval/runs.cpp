#include "eval/runs.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "common/csv_writer.h"
#include "common/error.h"
#include "recommend/models.h"
#include "recommend/ranking.h"

namespace vitrine {

std::string EvaluationJobConfig::toJson() const {
  nlohmann::json j;
  j["embedding"] = embedding;
  j["protocol"] = toString(protocol);
  j["max_profile"] = maxProfile;
  nlohmann::json sets = nlohmann::json::array();
  for (MetricSet s : metricSets) sets.push_back(toString(s));
  j["metric_sets"] = sets;
  j["cutoffs"] = cutoffs;
  nlohmann::json specs = nlohmann::json::array();
  for (const RankerSpec& m : models) specs.push_back(m.toString());
  j["models"] = specs;
  j["bootstrap"] = {{"method", "percentile"},
                    {"resamples", bootstrap.resamples},
                    {"seed", bootstrap.seed},
                    {"confidence", bootstrap.confidence}};
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& [a, b] : comparisons) pairs.push_back({a.toString(), b.toString()});
  j["comparisons"] = pairs;
  if (!casesFile.empty()) j["cases_file"] = casesFile;
  if (!source.empty()) j["source"] = source;
  return j.dump();
}

std::vector<int> parseCutoffList(const std::string& text) {
  std::vector<int> out;
  for (const std::string& part : splitList(text)) {
    int v = 0;
    try {
      size_t used = 0;
      v = std::stoi(part, &used);
      if (used != part.size()) throw Error("");
    } catch (const std::exception&) {
      throw Error("k values must be whole numbers like 10,20,100, got \"" + part + "\"");
    }
    if (v <= 0) throw Error("k values must be positive, got " + part);
    out.push_back(v);
  }
  if (out.empty()) throw Error("give at least one k value");
  return out;
}

namespace {
// The "bootstrap" object of a run's configuration document (defaults where absent).
stats::BootstrapOptions bootstrapOptionsFrom(const nlohmann::json& config) {
  stats::BootstrapOptions options;
  if (config.contains("bootstrap")) {
    const nlohmann::json& b = config["bootstrap"];
    options.resamples = b.value("resamples", options.resamples);
    options.seed = b.value("seed", options.seed);
    options.confidence = b.value("confidence", options.confidence);
  }
  return options;
}

// EvaluationJobResult's typed settings from the run's configuration document (the one place that
// reads them back).
void readRunSettings(const nlohmann::json& config, EvaluationJobResult& out) {
  out.catalogPath = config.value("catalog", std::string());
  out.embedding = config.value("embedding", std::string());
  out.casesFile = config.value("cases_file", std::string());
  out.protocol = out.casesFile.empty() ? config.value("protocol", std::string("tutorial")) : "cases-file";
  out.maxProfile = config.value("max_profile", 0);
  out.cutoffs.clear();
  if (config.contains("cutoffs"))
    for (const nlohmann::json& k : config["cutoffs"]) out.cutoffs.push_back(k.get<int>());
  out.bootstrap = bootstrapOptionsFrom(config);
}
}  // namespace

EvaluationJobResult runEvaluationJob(Catalog& catalog, const EvaluationJobConfig& config,
                                     const ProgressCallback& progress, bool store) {
  if (config.models.empty()) throw Error("choose at least one model to evaluate");
  if (config.metricSets.empty()) throw Error("choose at least one metric set");
  if (config.cutoffs.empty()) throw Error("give at least one k value");
  for (const auto& [a, b] : config.comparisons)
    for (const RankerSpec* spec : {&a, &b})
      if (std::find(config.models.begin(), config.models.end(), *spec) == config.models.end())
        throw Error("cannot compare \"" + spec->toString() + "\": it is not one of the models evaluated");
  RankingService service(catalog);
  const std::shared_ptr<const EmbeddingMatrix> matrix = service.matrix(config.embedding);
  const EmbeddingMatrix& m = *matrix;
  EvaluationJobResult out;
  const std::vector<EvaluationCase> cases =
      config.casesFile.empty()
          ? makeCases(catalog.interactions(), m, config.protocol, config.maxProfile, &out.caseReport)
          : readCasesCsv(config.casesFile, m, config.casesAreIds);
  out.heldOutInProfile = casesWithHeldOutInProfile(cases);
  if (cases.empty())
    throw Error(config.casesFile.empty()
                    ? "no evaluation cases: the catalog has " + std::to_string(catalog.interactionCount()) +
                          " interactions (users need at least two); import them with `vitrine-cli import-interactions` "
                          "or, in the app, Catalog > Embeddings... > Import Interactions"
                    : "no evaluation cases in " + config.casesFile);

  out.cases = static_cast<int64_t>(cases.size());
  out.items = m.rows();
  for (const EvaluationCase& c : cases) {
    EvaluationCaseInfo info;
    info.userId = c.userId;
    for (int64_t g : c.groundTruth)
      info.heldOutIds.push_back(g >= 0 && g < m.rows() ? m.externalIds[size_t(g)] : std::to_string(g));
    out.caseInfo.push_back(std::move(info));
  }
  // Build every ranker first so that a bad spec fails before any work.
  std::vector<std::shared_ptr<const Ranker>> rankers;
  for (const RankerSpec& spec : config.models) rankers.push_back(service.ranker(config.embedding, spec));

  const int64_t perRun = out.cases;
  const int64_t total = perRun * static_cast<int64_t>(rankers.size() * config.metricSets.size());
  int64_t offset = 0;
  nlohmann::json results = nlohmann::json::array();
  for (MetricSet set : config.metricSets) {
    for (size_t i = 0; i < rankers.size() && !out.cancelled; ++i) {
      bool stopped = false;
      ProgressCallback inner;
      if (progress)
        inner = [&](const Progress& p) {
          const bool go = progress(
              Progress{"evaluate", offset + p.done, total, config.models[i].toString() + " (" + toString(set) + ")"});
          if (!go) stopped = true;
          return go;
        };
      EvaluationResult r = evaluate(*rankers[i], cases, set, config.cutoffs, inner);
      if (stopped || r.cases < out.cases) {
        out.cancelled = true;
        break;
      }
      offset += perRun;
      std::vector<MetricSummary> summaries = summarizeMetrics(r, config.bootstrap);
      results.push_back(nlohmann::json::parse(evaluationEntryJson(config.models[i], set, r, &summaries)));
      out.entries.push_back({config.models[i], std::move(r), std::move(summaries)});
    }
    if (out.cancelled) break;
  }
  out.comparisons = compareJobEntries(out.entries, config.comparisons, config.bootstrap);
  nlohmann::json cfg = nlohmann::json::parse(evaluationRunConfigJson(catalog, config, out.items, out.cases));
  cfg["data"] = nlohmann::json::parse(out.dataReportJson());
  // Who each case is, so that a stored run's per-case values can be exported with their users.
  nlohmann::json caseInfo = nlohmann::json::array();
  for (const EvaluationCaseInfo& c : out.caseInfo)
    caseInfo.push_back({{"user_id", c.userId}, {"item_ids", c.heldOutIds}});
  cfg["case_info"] = caseInfo;
  out.configJson = cfg.dump();
  readRunSettings(cfg, out);
  out.resultsJson = results.dump();
  if (store && !out.cancelled) out.runId = storeEvaluationRun(catalog, out.configJson, out.resultsJson);
  return out;
}

std::string EvaluationJobResult::dataReportJson() const {
  return nlohmann::json{{"interactions_without_embedding", caseReport.withoutEmbedding},
                        {"duplicates_merged", caseReport.duplicatesMerged},
                        {"held_out_items_removed_from_profile", caseReport.heldOutRemovedFromProfile},
                        {"repeats_in_profile_kept_once", caseReport.repeatsInProfile},
                        {"users_without_profile_skipped", caseReport.usersWithoutProfile},
                        {"cases_with_held_out_item_in_profile", heldOutInProfile}}
      .dump();
}

std::string evaluationEntryJson(const RankerSpec& spec, MetricSet set, const EvaluationResult& result,
                                const std::vector<MetricSummary>* summaries) {
  nlohmann::json j{
      {"model", spec.toString()},
      {"name", result.model},
      {"config", result.modelConfig.empty() ? nlohmann::json() : nlohmann::json::parse(result.modelConfig)},
      {"metric_set", toString(set)},
      {"cases", result.cases},
      {"metrics", result.metrics}};
  if (summaries) {
    j["summary"] = nlohmann::json::parse(metricSummariesJson(*summaries));
    j["per_case"] = result.perCase;
  }
  return j.dump();
}

EvaluationResult evaluationResultFromEntryJson(const std::string& entryJson) {
  EvaluationResult r;
  try {
    const nlohmann::json j = nlohmann::json::parse(entryJson);
    r.model = j.value("name", j.value("model", std::string()));
    r.metricSet = parseMetricSet(j.at("metric_set").get<std::string>());
    r.cases = j.at("cases").get<int64_t>();
    r.metrics = j.at("metrics").get<std::map<std::string, double>>();
    if (j.contains("config")) r.modelConfig = j["config"].dump();
    if (j.contains("per_case")) r.perCase = j["per_case"].get<std::map<std::string, std::vector<double>>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("malformed evaluation entry: ") + e.what());
  }
  for (const auto& [metric, values] : r.perCase)
    if (static_cast<int64_t>(values.size()) != r.cases)
      throw Error("malformed evaluation entry: " + std::to_string(values.size()) + " per-case values of " + metric +
                  " for " + std::to_string(r.cases) + " cases");
  return r;
}

EvaluationJobResult evaluationJobResultFromJson(const std::string& configJson, const std::string& resultsJson,
                                                int64_t runId) {
  EvaluationJobResult out;
  out.configJson = configJson;
  out.resultsJson = resultsJson;
  out.runId = runId;
  try {
    const nlohmann::json config = nlohmann::json::parse(configJson);
    const nlohmann::json results = nlohmann::json::parse(resultsJson);
    out.cases = config.value("cases", int64_t(0));
    out.items = config.value("items", int64_t(0));
    readRunSettings(config, out);
    if (config.contains("case_info"))
      for (const nlohmann::json& c : config["case_info"])
        out.caseInfo.push_back({c.at("user_id").get<std::string>(), c.at("item_ids").get<std::vector<std::string>>()});
    for (const nlohmann::json& e : results) {
      EvaluationJobEntry entry;
      entry.spec = RankerSpec::parse(e.at("model").get<std::string>());
      entry.result = evaluationResultFromEntryJson(e.dump());
      if (e.contains("summary"))
        for (const auto& [metric, s] : e["summary"].items()) {
          MetricSummary m;
          m.metric = metric;
          m.mean = s.at("mean").get<double>();
          m.standardError = s.at("standard_error").get<double>();
          m.ci95 = {s.at("ci95").at(0).get<double>(), s.at("ci95").at(1).get<double>()};
          m.cases = s.at("cases").get<int64_t>();
          entry.summaries.push_back(m);
        }
      out.entries.push_back(std::move(entry));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("malformed evaluation run: ") + e.what());
  }
  return out;
}

stats::BootstrapOptions bootstrapOptionsFromConfigJson(const std::string& configJson) {
  try {
    return bootstrapOptionsFrom(nlohmann::json::parse(configJson));
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("malformed evaluation configuration: ") + e.what());
  }
}

std::vector<EvaluationJobComparison> compareJobEntries(const std::vector<EvaluationJobEntry>& entries,
                                                       const std::vector<std::pair<RankerSpec, RankerSpec>>& pairs,
                                                       const stats::BootstrapOptions& options) {
  std::vector<MetricSet> sets;
  for (const EvaluationJobEntry& e : entries)
    if (std::find(sets.begin(), sets.end(), e.result.metricSet) == sets.end()) sets.push_back(e.result.metricSet);
  std::vector<EvaluationJobComparison> out;
  for (MetricSet set : sets)
    for (const auto& [a, b] : pairs) {
      const EvaluationResult* ra = nullptr;
      const EvaluationResult* rb = nullptr;
      for (const EvaluationJobEntry& e : entries)
        if (e.result.metricSet == set) {
          if (e.spec == a) ra = &e.result;
          if (e.spec == b) rb = &e.result;
        }
      if (ra && rb && !ra->perCase.empty() && !rb->perCase.empty())
        out.push_back({a, b, set, compareResults(*ra, *rb, options)});
    }
  return out;
}

std::string evaluationDocumentJson(const EvaluationJobResult& result, const std::string& catalogPath,
                                   const std::string& perCaseFile, int indent) {
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(result.configJson);
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("malformed evaluation configuration: ") + e.what());
  }
  const std::string casesFile = config.value("cases_file", std::string());
  const stats::BootstrapOptions bootstrap = bootstrapOptionsFrom(config);
  nlohmann::json results = nlohmann::json::array();
  for (const EvaluationJobEntry& e : result.entries) {
    nlohmann::json entry = nlohmann::json::parse(
        evaluationEntryJson(e.spec, e.result.metricSet, e.result, e.summaries.empty() ? nullptr : &e.summaries));
    entry.erase("per_case");  // in the per-case CSV, not in the summary document
    results.push_back(entry);
  }
  nlohmann::json comparisons = nlohmann::json::array();
  for (const EvaluationJobComparison& c : result.comparisons)
    comparisons.push_back(
        nlohmann::json::parse(comparisonJson(c.a.toString(), c.b.toString(), c.metricSet, c.metrics)));
  nlohmann::json out = {
      {"vitrine_version", VITRINE_VERSION},
      {"catalog", catalogPath.empty() ? config.value("catalog", std::string()) : catalogPath},
      {"embedding", config.value("embedding", std::string())},
      {"items", result.items},
      {"protocol", casesFile.empty() ? config.value("protocol", std::string("tutorial")) : "cases-file"},
      {"cases_file", casesFile},
      {"cases", result.cases},
      {"cutoffs", config.value("cutoffs", std::vector<int>())},
      {"seed", nullptr},  // VisRank, CuratorNet scoring and the hold-out protocols are deterministic
      {"results", results},
      {"bootstrap",
       {{"method", "percentile"},
        {"resamples", bootstrap.resamples},
        {"seed", bootstrap.seed},
        {"confidence", bootstrap.confidence}}},
      {"comparisons", comparisons}};
  if (config.contains("data")) out["data"] = config["data"];
  if (!perCaseFile.empty()) out["per_case_file"] = perCaseFile;
  if (result.runId > 0) out["stored_run"] = result.runId;
  return out.dump(indent);
}

void writePerCaseCsv(const std::string& path, const EvaluationJobResult& result) {
  CsvWriter csv(path);
  csv.row({"model", "metric_set", "case_id", "user_id", "item_id", "metric", "value"});
  for (const EvaluationJobEntry& e : result.entries) {
    const std::string model = e.spec.toString();
    const std::string set = toString(e.result.metricSet);
    for (const auto& [metric, values] : e.result.perCase)
      for (size_t i = 0; i < values.size(); ++i) {
        std::string items;
        if (i < result.caseInfo.size())
          for (const std::string& id : result.caseInfo[i].heldOutIds) items += (items.empty() ? "" : " ") + id;
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", values[i]);
        for (char* p = buf; *p; ++p)
          if (*p == ',') *p = '.';  // a comma-decimal C locale
        csv.row({model, set, std::to_string(i + 1), i < result.caseInfo.size() ? result.caseInfo[i].userId : "", items,
                 metric, buf});
      }
  }
  csv.finish();
}

std::string evaluationRunConfigJson(const Catalog& catalog, const EvaluationJobConfig& config, int64_t items,
                                    int64_t cases) {
  nlohmann::json cfg = nlohmann::json::parse(config.toJson());
  cfg["items"] = items;
  cfg["cases"] = cases;
  cfg["catalog"] = catalog.path();
  cfg["seed"] = nullptr;  // VisRank, CuratorNet scoring and the hold-out protocols are deterministic
  return cfg.dump();
}

}  // namespace vitrine
