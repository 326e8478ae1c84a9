#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "args.h"
#include "catalog/catalog.h"
#include "commands.h"
#include "eval/evaluator.h"
#include "eval/runs.h"
#include "recommend/embedding_choice.h"
#include "recommend/models.h"
#include "recommend/ranking.h"

namespace vitrine::cli {

namespace {

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

// The rows under a model's means: standard error and the bootstrap CI of each mean.
void printUncertainty(const std::vector<std::string>& names, const std::vector<MetricSummary>& summaries) {
  std::map<std::string, const MetricSummary*> byName;
  for (const auto& s : summaries) byName[s.metric] = &s;
  const auto row = [&](const char* label, double (*value)(const MetricSummary&)) {
    std::printf("  %-26s", label);
    for (const auto& n : names) std::printf(" %9.5f", value(*byName.at(n)));
    std::printf("\n");
  };
  row("standard error", [](const MetricSummary& s) { return s.standardError; });
  row("95% CI low", [](const MetricSummary& s) { return s.ci95.low; });
  row("95% CI high", [](const MetricSummary& s) { return s.ci95.high; });
}

// One row per metric, in the order of the means table (`names`).
void printComparison(const std::string& a, const std::string& b, MetricSet set, const std::vector<std::string>& names,
                     const std::vector<MetricComparison>& comparisons) {
  std::printf("\npaired comparison %s - %s (%s metrics, %zu cases)\n", a.c_str(), b.c_str(), toString(set).c_str(),
              comparisons.empty() ? size_t(0) : comparisons.front().comparison.n);
  std::printf("%-10s %10s %23s %10s %12s\n", "metric", "mean diff", "95% CI", "p (t-test)", "p (Wilcoxon)");
  for (const auto& name : names)
    for (const auto& [metric, c] : comparisons)
      if (metric == name)
        std::printf("%-10s %10.5f  [%9.5f, %9.5f] %10.3g %12.3g\n", metric.c_str(), c.meanDifference,
                    c.differenceCi.low, c.differenceCi.high, c.tPValue, c.wilcoxonPValue);
}

}  // namespace

int cmdRecommend(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"), true);
  const RankerSpec spec = RankerSpec::parse(a.get("model", "visrank:maximum"));
  EmbeddingRequest want;
  want.rankers = {spec};
  want.explicitName = a.get("embedding");
  const std::string embedding = requireEmbedding(c, want);

  RankingRequest request;
  request.spec = spec;
  request.embedding = embedding;
  request.k = static_cast<int>(a.getInt("k", 20));
  request.excludeProfile = !a.has("include-profile");
  request.percentiles = true;  // comparable across rankers, unlike their raw scores
  for (const auto& id : splitList(a.require("profile"))) {
    auto artwork = c.artworkIdByExternalId(id);
    if (!artwork) throw Error("unknown artwork id " + id);
    request.profile.push_back(*artwork);
  }
  RankingService service(c);
  const RankingResult result = service.rank(request);
  for (const SkippedProfileItem& s : result.skipped) {
    auto art = c.artwork(s.artworkId);
    std::cerr << "note: artwork " << (art ? art->externalId : std::to_string(s.artworkId)) << " has no \"" << embedding
              << "\" embedding; left out of the profile\n";
  }
  if (result.profileUsed == 0) throw Error("none of the profile's artworks has a \"" + embedding + "\" embedding");

  if (a.has("json")) {
    nlohmann::json out;
    out["model"] = result.rankerName;
    out["config"] = nlohmann::json::parse(result.rankerConfigJson);
    out["embedding"] = embedding;
    out["profile"] = splitList(a.get("profile"));
    out["recommendations"] = nlohmann::json::array();
    int rank = 1;
    for (const auto& r : result.items) {
      auto art = c.artwork(r.artworkId);
      nlohmann::json item = {{"rank", rank++},
                             {"id", r.externalId},
                             {"title", art ? art->title : ""},
                             {"artist", art ? art->artist : ""},
                             {"score", r.score},
                             {"percentile", std::round(double(r.percentile) * 100.0) / 100.0}};  // 2 decimals
      item["because"] = nlohmann::json::array();
      for (const auto& e : r.because) item["because"].push_back({{"id", e.externalId}, {"similarity", e.similarity}});
      out["recommendations"].push_back(item);
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << result.rankerName << " on " << embedding << ", profile of " << result.profileUsed << "\n";
  // What the score column means depends on the ranker; the percentile (share of the catalog that
  // scores lower) reads the same for all.
  const char* scoreMeaning = spec.isCuratorNet()                     ? "CuratorNet logit, compare within this list"
                             : spec.kind == RankerSpec::Kind::Random ? "random (a control)"
                                                                     : "cosine similarity to the profile, aggregated";
  std::cout << "score: " << scoreMeaning << "; pct: percentile within the catalog\n";
  std::printf("%4s  %-10s %8s %6s  %-40s  %s\n", "rank", "id", "score", "pct", "title", "because you liked");
  int rank = 1;
  for (const auto& r : result.items) {
    auto art = c.artwork(r.artworkId);
    std::string because;
    for (const auto& e : r.because) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s%s (%.3f)", because.empty() ? "" : ", ", e.externalId.c_str(), e.similarity);
      because += buf;
    }
    std::string title = art ? art->title : "";
    if (title.size() > 40) title = title.substr(0, 37) + "...";
    char pct[16] = "-";
    if (r.percentile >= 0) std::snprintf(pct, sizeof pct, "%.1f", r.percentile);
    std::printf("%4d  %-10s %8.4f %6s  %-40s  %s\n", rank++, r.externalId.c_str(), r.score, pct, title.c_str(),
                because.c_str());
  }
  return 0;
}

int cmdEvaluate(const Args& a) {
  const std::string catalogPath = a.require("catalog");
  // Read-only unless the run is to be kept in the catalog (the GUI's Evaluation panel lists it).
  Catalog c = Catalog::open(catalogPath, !a.has("store"));
  // The same job as the GUI's Evaluation panel (core/eval/runs.h); this prints its typed result.
  EvaluationJobConfig job;
  job.models = parseRankerSpecs(a.get("models", "visrank:maximum,visrank:average"));
  EmbeddingRequest want;
  want.rankers = job.models;
  want.explicitName = a.get("embedding");
  job.embedding = requireEmbedding(c, want);
  job.protocol = parseProtocol(a.get("protocol", "tutorial"));
  if (a.has("k")) job.cutoffs = parseCutoffs(a.get("k"));
  if (a.has("metrics")) job.metricSets = {parseMetricSet(a.get("metrics"))};
  job.casesFile = a.get("cases");
  job.casesAreIds = a.has("cases-ids");
  job.source = "cli";
  job.bootstrap.resamples = static_cast<int>(a.intOption("bootstrap", job.bootstrap.resamples, 100, 10000000));
  job.bootstrap.seed = static_cast<uint64_t>(a.intOption("seed", 0, 0));
  for (const std::string& text : a.getAll("compare")) {
    const std::vector<std::string> pair = splitList(text);
    if (pair.size() != 2) throw UsageError("--compare expects two model specs A,B, got \"" + text + "\"");
    const RankerSpec specA = RankerSpec::parse(pair[0]), specB = RankerSpec::parse(pair[1]);
    for (const RankerSpec& spec : {specA, specB})
      if (std::find(job.models.begin(), job.models.end(), spec) == job.models.end())
        throw UsageError("--compare: \"" + spec.toString() + "\" is not one of the --models");
    job.comparisons.emplace_back(specA, specB);
  }

  ProgressBar bar(a.has("quiet"));
  const EvaluationJobResult r = runEvaluationJob(c, job, withInterrupt(bar), a.has("store"));
  bar.finish();
  if (r.cancelled || g_interrupted) return 130;  // a partial mean is neither printed nor stored

  const nlohmann::json dataReport = nlohmann::json::parse(r.dataReportJson());
  for (const auto& [key, value] : dataReport.items())
    if (value.get<int64_t>() > 0)
      std::fprintf(stderr, "data: %s %lld\n", key.c_str(), static_cast<long long>(value.get<int64_t>()));
  if (r.heldOutInProfile > 0)
    std::fprintf(stderr,
                 "warning: %s: %lld cases list a held-out item in their profile; models can find it "
                 "there, so their metrics are inflated\n",
                 job.casesFile.c_str(), static_cast<long long>(r.heldOutInProfile));

  const auto names = metricNames(job.cutoffs);
  // `--json` without a file: the JSON document is all that goes to stdout (no tables).
  const bool tables = !(a.has("json") && a.get("json").empty());
  if (tables) {
    // Columns in blocks that fit a 100-column terminal: AUC, RR and the first cutoff's three
    // metrics, then two cutoffs (six columns) per block.
    std::vector<std::vector<std::string>> blocks;
    for (size_t i = 0; i < names.size();) {
      const size_t width = blocks.empty() ? 5 : 6;
      blocks.emplace_back(names.begin() + static_cast<std::ptrdiff_t>(i),
                          names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), i + width)));
      i += width;
    }
    for (size_t first = 0; first < r.entries.size();) {
      const MetricSet set = r.entries[first].result.metricSet;
      size_t end = first;
      while (end < r.entries.size() && r.entries[end].result.metricSet == set) ++end;
      std::printf("\n%s metrics (%s), %lld cases, %lld items, embedding %s\n", toString(set).c_str(),
                  set == MetricSet::Reference ? "as the reference code computes them"
                                              : "textbook nDCG and AUC over ranked candidates",
                  static_cast<long long>(r.cases), static_cast<long long>(r.items), job.embedding.c_str());
      for (size_t b = 0; b < blocks.size(); ++b) {
        if (b > 0) std::printf("\n");
        std::printf("%-28s", "model");
        for (const auto& n : blocks[b]) std::printf(" %9s", n.c_str());
        std::printf("\n");
        for (size_t i = first; i < end; ++i) {
          const EvaluationJobEntry& e = r.entries[i];
          std::printf("%-28s", e.spec.toString().c_str());
          for (const auto& n : blocks[b]) std::printf(" %9.5f", e.result.metrics.at(n));
          std::printf("\n");
          printUncertainty(blocks[b], e.summaries);
        }
      }
      first = end;
    }
  }
  if (tables)
    std::printf("(standard error of the mean; 95%% CI: percentile bootstrap of the mean, %d resamples, seed %llu)\n",
                job.bootstrap.resamples, static_cast<unsigned long long>(job.bootstrap.seed));
  if (tables)
    for (const EvaluationJobComparison& cmp : r.comparisons)
      printComparison(cmp.a.toString(), cmp.b.toString(), cmp.metricSet, names, cmp.metrics);
  if (a.has("per-case")) {
    writePerCaseCsv(a.get("per-case"), r);
    if (tables) std::printf("\nwrote %s\n", a.get("per-case").c_str());
  }
  if (r.runId > 0 && tables)
    std::printf("\nstored as evaluation run %lld in %s\n", static_cast<long long>(r.runId), catalogPath.c_str());
  if (a.has("json")) {
    // The same document as the GUI's Export JSON (docs/schemas/evaluation.schema.json).
    const std::string out = evaluationDocumentJson(r, catalogPath, a.has("per-case") ? a.get("per-case") : "", 2);
    if (!tables) {
      std::cout << out << "\n";
      return 0;
    }
    std::ofstream f(a.get("json"));
    if (!f) throw Error("cannot write " + a.get("json"));
    f << out << "\n";
    std::printf("\nwrote %s\n", a.get("json").c_str());
  }
  return 0;
}

}  // namespace vitrine::cli
