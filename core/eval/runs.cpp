#include "eval/runs.h"


#include <nlohmann/json.hpp>

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

EvaluationJobResult runEvaluationJob(Catalog& catalog, const EvaluationJobConfig& config,
                                     const ProgressCallback& progress, bool store) {
  if (config.models.empty()) throw Error("choose at least one model to evaluate");
  if (config.metricSets.empty()) throw Error("choose at least one metric set");
  if (config.cutoffs.empty()) throw Error("give at least one k value");
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
                          " interactions; import some with import-interactions (users need at least two)"
                    : "no evaluation cases in " + config.casesFile);

  out.cases = static_cast<int64_t>(cases.size());
  out.items = m.rows();
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
          const bool go = progress(Progress{"evaluate", offset + p.done, total,
                                            config.models[i].toString() + " (" + toString(set) + ")"});
          if (!go) stopped = true;
          return go;
        };
      EvaluationResult r = evaluate(*rankers[i], cases, set, config.cutoffs, inner);
      if (stopped || r.cases < out.cases) {
        out.cancelled = true;
        break;
      }
      offset += perRun;
      results.push_back(nlohmann::json::parse(evaluationEntryJson(config.models[i], set, r)));
      out.entries.push_back({config.models[i], std::move(r)});
    }
    if (out.cancelled) break;
  }
  nlohmann::json cfg = nlohmann::json::parse(evaluationRunConfigJson(catalog, config, out.items, out.cases));
  cfg["data"] = nlohmann::json::parse(out.dataReportJson());
  out.configJson = cfg.dump();
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

std::string evaluationEntryJson(const RankerSpec& spec, MetricSet set, const EvaluationResult& result) {
  return nlohmann::json{{"model", spec.toString()},
                        {"name", result.model},
                        {"config", nlohmann::json::parse(result.modelConfig)},
                        {"metric_set", toString(set)},
                        {"cases", result.cases},
                        {"metrics", result.metrics}}
      .dump();
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
