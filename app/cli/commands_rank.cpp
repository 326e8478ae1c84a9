#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "args.h"
#include "catalog/catalog.h"
#include "commands.h"
#include "eval/evaluator.h"
#include "eval/runs.h"
#include "recommend/models.h"

namespace vitrine::cli {

namespace {

// The embedding to use when none is named: the only one, else "handcrafted".
std::string defaultEmbedding(const Catalog& c) {
  auto all = c.embeddings();
  if (all.size() == 1) return all[0].name;
  for (auto& e : all)
    if (e.name == "handcrafted") return e.name;
  throw UsageError("the catalog has " + std::to_string(all.size()) + " embeddings; name one with --embedding");
}

std::vector<int> parseCutoffs(const std::string& text) {
  std::vector<int> out;
  for (auto& part : splitList(text)) {
    try {
      out.push_back(std::stoi(part));
    } catch (const std::exception&) {
      throw UsageError("--k expects numbers like 10,20,100, got \"" + part + "\"");
    }
    if (out.back() <= 0) throw UsageError("--k values must be positive");
  }
  return out;
}

}  // namespace

int cmdRecommend(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"), true);
  const std::string embedding = a.has("embedding") ? a.get("embedding") : defaultEmbedding(c);
  EmbeddingMatrix m = c.loadEmbeddingMatrix(embedding);
  std::unordered_map<std::string, int64_t> rowOf;
  for (int64_t r = 0; r < m.rows(); ++r) rowOf[m.externalIds[r]] = r;

  std::vector<int64_t> profile;
  for (const auto& id : splitList(a.require("profile"))) {
    auto it = rowOf.find(id);
    if (it == rowOf.end())
      throw Error(c.artworkIdByExternalId(id) ? "artwork " + id + " has no \"" + embedding + "\" embedding"
                                               : "unknown artwork id " + id);
    profile.push_back(it->second);
  }
  auto ranker = makeRanker(a.get("model", "visrank:maximum"), m, &c);
  const int k = static_cast<int>(a.getInt("k", 20));
  auto recs = ranker->recommend(profile, k, !a.has("include-profile"));

  if (a.has("json")) {
    nlohmann::json out;
    out["model"] = ranker->name();
    out["config"] = nlohmann::json::parse(ranker->configJson());
    out["embedding"] = embedding;
    out["profile"] = splitList(a.get("profile"));
    out["recommendations"] = nlohmann::json::array();
    int rank = 1;
    for (const auto& r : recs) {
      auto art = c.artwork(m.artworkIds[r.item]);
      nlohmann::json item = {{"rank", rank++},
                             {"id", m.externalIds[r.item]},
                             {"title", art ? art->title : ""},
                             {"artist", art ? art->artist : ""},
                             {"score", r.score}};
      item["because"] = nlohmann::json::array();
      for (const auto& e : r.because)
        item["because"].push_back({{"id", m.externalIds[e.profileItem]}, {"similarity", e.similarity}});
      out["recommendations"].push_back(item);
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << ranker->name() << " on " << embedding << ", profile of " << profile.size() << "\n";
  int rank = 1;
  for (const auto& r : recs) {
    auto art = c.artwork(m.artworkIds[r.item]);
    std::string because;
    for (const auto& e : r.because) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s%s (%.3f)", because.empty() ? "" : ", ",
                    m.externalIds[e.profileItem].c_str(), e.similarity);
      because += buf;
    }
    std::string title = art ? art->title : "";
    if (title.size() > 40) title = title.substr(0, 37) + "...";
    std::printf("%3d  %-10s %8.4f  %-40s  because you liked %s\n", rank++, m.externalIds[r.item].c_str(),
                r.score, title.c_str(), because.c_str());
  }
  return 0;
}

int cmdEvaluate(const Args& a) {
  const std::string catalogPath = a.require("catalog");
  // Read-only unless the run is to be kept in the catalog (the GUI's Evaluation panel lists it).
  Catalog c = Catalog::open(catalogPath, !a.has("store"));
  const std::string embedding = a.has("embedding") ? a.get("embedding") : defaultEmbedding(c);
  EmbeddingMatrix m = c.loadEmbeddingMatrix(embedding);
  const Protocol protocol = parseProtocol(a.get("protocol", "tutorial"));
  const std::vector<int> cutoffs = a.has("k") ? parseCutoffs(a.get("k")) : defaultCutoffs();
  std::vector<MetricSet> sets;
  if (a.has("metrics")) sets.push_back(parseMetricSet(a.get("metrics")));
  else sets = {MetricSet::Reference, MetricSet::Standard};

  CaseReport caseReport;
  std::vector<EvaluationCase> cases = a.has("cases")
                                          ? readCasesCsv(a.get("cases"), m, a.has("cases-ids"))
                                          : makeCases(c.interactions(), m, protocol, 10, &caseReport);
  const int64_t heldOutInProfile = casesWithHeldOutInProfile(cases);
  nlohmann::json dataReport = {
      {"interactions_without_embedding", caseReport.withoutEmbedding},
      {"duplicates_merged", caseReport.duplicatesMerged},
      {"held_out_items_removed_from_profile", caseReport.heldOutRemovedFromProfile},
      {"repeats_in_profile_kept_once", caseReport.repeatsInProfile},
      {"users_without_profile_skipped", caseReport.usersWithoutProfile},
      {"cases_with_held_out_item_in_profile", heldOutInProfile}};
  for (const auto& [key, value] : dataReport.items())
    if (value.get<int64_t>() > 0) std::printf("data: %s %lld\n", key.c_str(), static_cast<long long>(value.get<int64_t>()));
  if (heldOutInProfile > 0)
    std::fprintf(stderr, "warning: %s: %lld cases list a held-out item in their profile; models can find it "
                 "there, so their metrics are inflated\n", a.get("cases").c_str(), static_cast<long long>(heldOutInProfile));
  if (cases.empty())
    throw Error("no evaluation cases: the catalog has " + std::to_string(c.interactionCount()) +
                " interactions; import some with import-interactions (users need at least two)");

  const std::vector<std::string> specs = splitList(a.get("models", "visrank:maximum,visrank:average"));
  nlohmann::json results = nlohmann::json::array();
  const auto names = metricNames(cutoffs);
  // `--json` without a file: the JSON document is all that goes to stdout (no tables).
  const bool tables = !(a.has("json") && a.get("json").empty());
  for (MetricSet set : sets) {
    if (tables) {
      std::printf("\n%s metrics (%s), %zu cases, %lld items, embedding %s\n", toString(set).c_str(),
                  set == MetricSet::Reference ? "as the reference code computes them"
                                              : "textbook nDCG and AUC over ranked candidates",
                  cases.size(), static_cast<long long>(m.rows()), embedding.c_str());
      std::printf("%-28s", "model");
      for (const auto& n : names) std::printf(" %9s", n.c_str());
      std::printf("\n");
    }
    for (const auto& spec : specs) {
      auto ranker = makeRanker(spec, m, &c);
      ProgressBar bar(a.has("quiet"));
      EvaluationResult r = evaluate(*ranker, cases, set, cutoffs, withInterrupt(bar));
      bar.finish();
      if (g_interrupted) return 130;  // a partial mean is neither printed nor stored
      if (tables) {
        std::printf("%-28s", spec.c_str());
        for (const auto& n : names) std::printf(" %9.5f", r.metrics.at(n));
        std::printf("\n");
      }
      results.push_back(nlohmann::json::parse(evaluationEntryJson(spec, set, r)));
    }
  }
  int64_t storedRun = 0;
  if (a.has("store")) {
    EvaluationJobConfig job;
    job.embedding = embedding;
    job.protocol = protocol;
    job.metricSets = sets;
    job.cutoffs = cutoffs;
    job.models = specs;
    nlohmann::json cfg =
        nlohmann::json::parse(evaluationRunConfigJson(c, job, m.rows(), static_cast<int64_t>(cases.size())));
    cfg["source"] = "cli";
    if (a.has("cases")) cfg["cases_file"] = a.get("cases");
    cfg["data"] = dataReport;
    storedRun = storeEvaluationRun(c, cfg.dump(), results.dump());
    if (tables) std::printf("\nstored as evaluation run %lld in %s\n", static_cast<long long>(storedRun), catalogPath.c_str());
  }
  if (a.has("json")) {
    nlohmann::json out = {{"vitrine_version", VITRINE_VERSION},
                          {"catalog", catalogPath},
                          {"embedding", embedding},
                          {"items", m.rows()},
                          {"protocol", a.has("cases") ? "cases-file" : toString(protocol)},
                          {"cases_file", a.get("cases")},
                          {"cases", cases.size()},
                          {"cutoffs", cutoffs},
                          {"seed", nullptr},  // VisRank and the hold-out protocols are deterministic
                          {"data", dataReport},
                          {"results", results}};
    if (storedRun) out["stored_run"] = storedRun;
    if (!tables) {
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    std::ofstream f(a.get("json"));
    if (!f) throw Error("cannot write " + a.get("json"));
    f << out.dump(2) << "\n";
    std::printf("\nwrote %s\n", a.get("json").c_str());
  }
  return 0;
}

}  // namespace vitrine::cli
