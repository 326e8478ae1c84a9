#include "train/pipeline.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "eval/evaluator.h"
#include "eval/protocol.h"
#include "recommend/curatornet.h"
#include "train/triples.h"

namespace vitrine {

namespace {

HoldOut holdOutOf(const TrainingJobConfig& c) {
  if (!c.holdOut.empty()) return parseHoldOut(c.holdOut);
  return c.sampling == "random" ? HoldOut::LastInteraction : HoldOut::LastBasket;
}

int maxProfileOf(const TrainingJobConfig& c) {
  if (c.maxProfile >= 0) return c.maxProfile;
  return c.sampling == "random" ? 10 : 0;
}

}  // namespace

std::string TrainingJobConfig::toJson() const {
  nlohmann::json j;
  j["embedding"] = embedding;
  j["model"] = modelName;
  j["sampling"] = sampling;
  j["holdout"] = toString(holdOutOf(*this));
  j["train_triples"] = trainTriples;
  j["validation_triples"] = validationTriples;
  j["seed"] = seed;
  j["max_profile"] = maxProfileOf(*this);
  if (sampling == "guidelines") {
    j["shares"] = shares;
    j["k_clusters"] = clusters;
    j["pca_dims"] = pcaDims;
  }
  j["include_profiles"] = includeProfiles;
  j["zscore"] = zscore;
  j["pooling"] = maxFirst ? "max,avg" : "avg,max";
  j["select"] = select;
  if (select == "auc") j["validation_users"] = validationUsers;
  TrainerConfig t = trainer;
  t.seed = seed;
  t.selection = parseSelection(select);
  j["trainer"] = nlohmann::json::parse(t.toJson());
  return j.dump();
}

TrainingJobResult runTrainingJob(Catalog& catalog, const TrainingJobConfig& config, const TrainingCallback& progress,
                                 const TrainingStatusCallback& status) {
  const auto say = [&](const std::string& s) {
    if (status) status(s, TrainingStatusKind::Stage);
  };
  const auto note = [&](const std::string& s) {
    if (status) status(s, TrainingStatusKind::Note);
  };
  if (config.sampling != "random" && config.sampling != "guidelines")
    throw Error("sampling must be random or guidelines, got \"" + config.sampling + "\"");
  if (config.modelName.empty()) throw Error("the model needs a name");
  if (!config.overwrite)
    for (const auto& m : storedModels(catalog))
      if (m.name == config.modelName)
        throw Error("model \"" + config.modelName + "\" already exists; choose another name or overwrite it");
  const HoldOut holdOut = holdOutOf(config);
  const int maxProfile = maxProfileOf(config);
  const Selection selection = parseSelection(config.select);
  if (!(config.validationUsers >= 0 && config.validationUsers < 1))
    throw Error("the validation users fraction must lie in [0, 1), got " + std::to_string(config.validationUsers));

  say("loading embedding " + config.embedding);
  const EmbeddingMatrix m = catalog.loadEmbeddingMatrix(config.embedding);
  if (m.rows() < 2)
    throw Error("embedding \"" + config.embedding + "\" has " + std::to_string(m.rows()) +
                " item(s); training needs at least 2");
  const std::vector<Interaction> interactions = collectInteractions(catalog, config.includeProfiles);
  std::vector<UserHistory> users = trainingHistories(interactions, m, holdOut);
  if (users.empty() && config.sampling == "random")
    throw Error(
        "random sampling needs interactions; use guidelines sampling for a cold start, or import "
        "interactions / save curator profiles first");
  const std::string coldStart =
      users.empty() ? "cold start: the catalog has no usable interactions or saved profiles; training on single-item "
                      "profiles only (guidelines 2 and 4): items visually like each other, and by the same artist, "
                      "rank high"
                    : "";
  if (!coldStart.empty()) note(coldStart);
  // Ranking cases for model selection come out of the training data (never the evaluation cases,
  // which trainingHistories already removed).
  std::vector<RankingCase> selectionCases;
  if (selection == Selection::ValidationAuc) {
    selectionCases =
        splitValidationCases(users, config.validationUsers, holdOut == HoldOut::None ? HoldOut::LastBasket : holdOut,
                             maxProfile, config.seed);
    if (selectionCases.empty())
      note("model selection: no user with two or more baskets to validate on; selecting by triple accuracy");
    else
      note("model selection: validation AUC on the last " +
           std::string(holdOut == HoldOut::LastInteraction ? "item" : "basket") + " of " +
           std::to_string(selectionCases.size()) + " users held out of training");
  }

  TrainingJobResult out;
  out.modelName = config.modelName;
  TripleSets triples;
  nlohmann::json samplingJson;
  samplingJson["method"] = config.sampling;
  samplingJson["holdout"] = toString(holdOut);
  samplingJson["seed"] = config.seed;
  samplingJson["users"] = users.size();
  samplingJson["max_profile"] = maxProfile;
  samplingJson["selection_cases"] = selectionCases.size();
  if (config.sampling == "random") {
    say("sampling random triples");
    RandomSamplingConfig rc;
    rc.trainTriples = config.trainTriples;
    rc.validationTriples = config.validationTriples;
    rc.maxProfile = std::max(1, maxProfile);
    rc.seed = config.seed;
    triples = sampleRandom(users, m.rows(), rc);
  } else {
    say("clustering " + std::to_string(m.rows()) + " items");
    GuidelineSamplingConfig gc;
    gc.trainTriples = config.trainTriples;
    gc.validationTriples = config.validationTriples;
    gc.maxProfile = maxProfile;
    gc.seed = config.seed;
    gc.shares = config.shares;
    const GuidelineItems items =
        prepareGuidelineItems(m, artistsOf(catalog, m), config.clusters, config.pcaDims, config.seed);
    samplingJson["k_clusters"] = config.clusters;
    samplingJson["pca_dims"] = config.pcaDims;
    samplingJson["shares"] = config.shares;
    samplingJson["artists"] = !items.artist.empty();
    say("sampling guideline triples");
    triples = sampleGuidelines(users, items, gc);
  }
  out.log = triples.report.log;
  if (!coldStart.empty()) out.log.insert(out.log.begin(), coldStart);
  out.trainTriples = static_cast<int64_t>(triples.train.size());
  out.validationTriples = static_cast<int64_t>(triples.validation.size());
  samplingJson["train_triples"] = triples.train.size();
  samplingJson["validation_triples"] = triples.validation.size();
  samplingJson["train_per_strategy"] = triples.report.train;
  samplingJson["validation_per_strategy"] = triples.report.validation;
  samplingJson["log"] = triples.report.log;
  for (const auto& line : triples.report.log) note("sampling: " + line);
  note("sampled " + std::to_string(out.trainTriples) + " training and " + std::to_string(out.validationTriples) +
       " validation triples (" + config.sampling + ", " + std::to_string(users.size()) + " users, hold-out " +
       toString(holdOut) + ")");
  if (triples.train.empty()) throw Error("no training triples could be sampled from this catalog");

  CuratorNetConfig nc;
  nc.seed = config.seed;
  nc.zscore = config.zscore;
  nc.maxFirst = config.maxFirst;
  CuratorNet net(m, nc);
  TrainerConfig tc = config.trainer;
  tc.seed = config.seed;
  tc.selection = selection;

  say("training");
  out.training = trainCuratorNet(net, triples.train, triples.validation, selectionCases, tc, progress);
  const TrainingResult& result = out.training;
  if (result.cancelled && result.bestEpoch == 0) return out;  // nothing worth storing

  nlohmann::json metrics;
  metrics["validation_accuracy"] = result.bestValidationAccuracy;
  if (result.bestValidationAuc >= 0) metrics["validation_auc"] = result.bestValidationAuc;
  metrics["selection"] = toString(result.selection);
  metrics["best_epoch"] = result.bestEpoch;
  metrics["epochs"] = result.history.size();
  metrics["cancelled"] = result.cancelled;
  metrics["seconds"] = result.seconds;
  if (holdOut != HoldOut::None && !result.cancelled) {
    say("evaluating on the held-out cases");
    const Protocol protocol = holdOut == HoldOut::LastBasket ? Protocol::Basket : Protocol::Tutorial;
    const auto cases = makeCases(interactions, m, protocol);
    if (!cases.empty()) {
      const EvaluationResult ev = evaluate(net, cases, MetricSet::Reference, {20, 100});
      for (const auto& [k, v] : ev.metrics) metrics[k] = v;
      metrics["evaluation"] = {{"protocol", toString(protocol)}, {"cases", ev.cases}, {"metrics", "reference"}};
    }
  }
  metrics["training"] = {{"trainer", nlohmann::json::parse(tc.toJson())},
                         {"sampling", samplingJson},
                         {"job", nlohmann::json::parse(config.toJson())},
                         {"source", config.source}};
  net.meta().historyJson = result.historyJson();
  net.meta().metricsJson = metrics.dump();
  say("storing model " + config.modelName);
  net.save(catalog, config.modelName, config.overwrite);
  out.stored = true;
  out.metricsJson = net.meta().metricsJson;
  return out;
}

}  // namespace vitrine
