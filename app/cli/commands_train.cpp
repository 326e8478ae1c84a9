// `vitrine-cli train` without --load-reference-npy: sample triples (spec §4), train CuratorNet
// (spec §3.1) and store it in the catalog.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "args.h"
#include "catalog/catalog.h"
#include "embeddings/embed.h"
#include "commands.h"
#include "eval/evaluator.h"
#include "eval/protocol.h"
#include "recommend/curatornet.h"
#include "train/trainer.h"
#include "train/triples.h"

namespace vitrine::cli {

namespace {

// An option under either of two names (the brief's short names and the long ones).
std::string option(const Args& a, const std::string& name, const std::string& alias, const std::string& fallback) {
  if (a.has(name)) return a.get(name);
  if (!alias.empty() && a.has(alias)) return a.get(alias);
  return fallback;
}

long long intOption(const Args& a, const std::string& name, const std::string& alias, long long fallback,
                    long long min) {
  const std::string text = option(a, name, alias, "");
  if (text.empty()) return fallback;
  long long v = 0;
  try {
    size_t used = 0;
    v = std::stoll(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects a whole number, got \"" + text + "\"");
  }
  if (v < min) throw UsageError("--" + name + " must be at least " + std::to_string(min));
  return v;
}

double doubleOption(const Args& a, const std::string& name, double fallback) {
  if (!a.has(name)) return fallback;
  try {
    size_t used = 0;
    const double v = std::stod(a.get(name), &used);
    if (used != a.get(name).size() || !(v >= 0)) throw std::invalid_argument("");
    return v;
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects a non-negative number, got \"" + a.get(name) + "\"");
  }
}

std::string defaultEmbedding(const Catalog& c) {
  const std::string name = defaultEmbeddingName(c);
  if (name.empty()) throw UsageError("the catalog holds no embedding; run `vitrine-cli embed` first");
  return name;
}

std::string rate(double perSecond) {
  char buf[32];
  if (perSecond >= 1000) std::snprintf(buf, sizeof buf, "%.1fk", perSecond / 1000);
  else std::snprintf(buf, sizeof buf, "%.0f", perSecond);
  return buf;
}

}  // namespace

int trainFromScratch(Args& a, Catalog& c) {
  const std::string embedding = a.has("embedding") ? a.get("embedding") : defaultEmbedding(c);
  const std::string modelName = a.get("name", "curatornet");
  const bool overwrite = a.has("overwrite");
  const bool quiet = a.has("quiet");
  for (const auto& m : storedModels(c))
    if (m.name == modelName && !overwrite)
      throw UsageError("model \"" + modelName + "\" already exists; choose another --name or add --overwrite");

  const std::string sampling = a.get("sampling", "random");
  if (sampling != "random" && sampling != "guidelines")
    throw UsageError("--sampling must be random or guidelines, got \"" + sampling + "\"");
  const HoldOut holdOut = parseHoldOut(a.get("holdout", sampling == "random" ? "tutorial" : "basket"));
  const uint64_t seed = static_cast<uint64_t>(intOption(a, "seed", "", 0, 0));
  const int64_t trainTriples = intOption(a, "triples", "train-triples", 100000, 1);
  const int64_t validationTriples = intOption(a, "validation", "validation-triples", 10000, 0);

  const EmbeddingMatrix m = c.loadEmbeddingMatrix(embedding);
  if (m.rows() < 2) throw Error("embedding \"" + embedding + "\" has " + std::to_string(m.rows()) + " item(s); training needs at least 2");
  const std::vector<Interaction> interactions = collectInteractions(c, !a.has("no-profiles"));
  const std::vector<UserHistory> users = trainingHistories(interactions, m, holdOut);
  if (users.empty()) {
    std::cout << "note: the catalog has no usable interactions or saved profiles (cold start)."
              << (sampling == "random" ? "" : " Training on single-item profiles only (guidelines 2 and 4): "
                                              "items visually like each other, and by the same artist, rank high.")
              << "\n";
    if (sampling == "random")
      throw Error("random sampling needs interactions; use --sampling guidelines for a cold start, or import "
                  "interactions / save curator profiles first");
  }

  // --- triples ---
  TripleSets triples;
  nlohmann::json samplingJson;
  samplingJson["method"] = sampling;
  samplingJson["holdout"] = toString(holdOut);
  samplingJson["seed"] = seed;
  samplingJson["users"] = users.size();
  if (sampling == "random") {
    RandomSamplingConfig rc;
    rc.trainTriples = trainTriples;
    rc.validationTriples = validationTriples;
    rc.maxProfile = static_cast<int>(intOption(a, "max-profile", "", 10, 1));
    rc.seed = seed;
    samplingJson["max_profile"] = rc.maxProfile;
    triples = sampleRandom(users, m.rows(), rc);
  } else {
    GuidelineSamplingConfig gc;
    gc.trainTriples = trainTriples;
    gc.validationTriples = validationTriples;
    gc.maxProfile = static_cast<int>(intOption(a, "max-profile", "", 0, 0));
    gc.seed = seed;
    if (a.has("shares")) gc.shares = parseShares(a.get("shares"));
    const int k = static_cast<int>(intOption(a, "k-clusters", "clusters", 8, 1));
    const int pcaDims = static_cast<int>(intOption(a, "pca-dims", "", 50, 1));
    if (!quiet) std::cerr << "clustering " << m.rows() << " items (PCA " << pcaDims << ", k = " << k << ")...\n";
    const GuidelineItems items = prepareGuidelineItems(m, artistsOf(c, m), k, pcaDims, seed);
    samplingJson["k_clusters"] = k;
    samplingJson["pca_dims"] = pcaDims;
    samplingJson["max_profile"] = gc.maxProfile;
    samplingJson["shares"] = gc.shares;
    samplingJson["artists"] = !items.artist.empty();
    triples = sampleGuidelines(users, items, gc);
  }
  for (const auto& line : triples.report.log) std::cout << "sampling: " << line << "\n";
  samplingJson["train_triples"] = triples.train.size();
  samplingJson["validation_triples"] = triples.validation.size();
  samplingJson["train_per_strategy"] = triples.report.train;
  samplingJson["validation_per_strategy"] = triples.report.validation;
  samplingJson["log"] = triples.report.log;
  std::cout << "sampled " << triples.train.size() << " training and " << triples.validation.size()
            << " validation triples (" << sampling << ", " << users.size() << " users, hold-out "
            << toString(holdOut) << ")\n";
  if (triples.train.empty()) throw Error("no training triples could be sampled from this catalog");

  // --- network and trainer ---
  CuratorNetConfig nc;
  nc.seed = seed;
  nc.zscore = a.has("zscore");
  const std::string pooling = a.get("pooling", "max,avg");
  if (pooling != "max,avg" && pooling != "avg,max")
    throw UsageError("--pooling must be max,avg (tutorial) or avg,max (ORIG)");
  nc.maxFirst = pooling == "max,avg";
  CuratorNet net(m, nc);

  TrainerConfig tc;
  tc.maxEpochs = static_cast<int>(intOption(a, "epochs", "", tc.maxEpochs, 1));
  tc.batchSize = static_cast<int>(intOption(a, "batch", "", tc.batchSize, 1));
  tc.maxLrs = static_cast<int>(intOption(a, "max-lrs", "", tc.maxLrs, 1));
  tc.threads = static_cast<int>(intOption(a, "threads", "", tc.threads, 0));
  tc.blasThreads = static_cast<int>(intOption(a, "blas-threads", "", tc.blasThreads, 0));
  tc.learningRate = doubleOption(a, "lr", tc.learningRate);
  tc.weightDecay = doubleOption(a, "weight-decay", tc.weightDecay);
  tc.seed = seed;

  ProgressBar bar(quiet);
  const ProgressCallback interruptible = withInterrupt(bar);
  const int64_t perEpoch = static_cast<int64_t>(triples.train.size());
  double lastAccuracy = -1;
  const TrainingResult result = trainCuratorNet(
      net, triples.train, triples.validation, tc, [&](const TrainingProgress& p) {
        if (p.kind == TrainingProgress::Kind::Epoch) {
          lastAccuracy = p.validationAccuracy;
          bar.finish();
          if (!quiet)
            std::fprintf(stderr, "epoch %d/%d  loss %.4f  val acc %.4f  lr %.3g  %s triples/s\n", p.epoch,
                         p.maxEpochs, p.loss, p.validationAccuracy, p.learningRate,
                         rate(p.triplesPerSecond).c_str());
          return interruptible(Progress{"train", int64_t(p.epoch) * perEpoch, int64_t(p.maxEpochs) * perEpoch, ""});
        }
        char msg[96];
        std::snprintf(msg, sizeof msg, "ep %d loss %.4f val %s %s/s", p.epoch, p.loss,
                      lastAccuracy < 0 ? "-" : std::to_string(lastAccuracy).substr(0, 6).c_str(),
                      rate(p.triplesPerSecond).c_str());
        // One bar over all epochs: its ETA is the remaining epochs' time at the current rate.
        return interruptible(Progress{"train", int64_t(p.epoch - 1) * perEpoch + p.triplesDone,
                                      int64_t(p.maxEpochs) * perEpoch, msg});
      });
  bar.finish();

  if (result.cancelled && result.bestEpoch == 0) {
    std::cout << "training cancelled before the first epoch ended; nothing stored\n";
    return 130;
  }

  // --- metrics on the held-out cases (the protocol that matches the hold-out) ---
  nlohmann::json metrics;
  metrics["validation_accuracy"] = result.bestValidationAccuracy;
  metrics["best_epoch"] = result.bestEpoch;
  metrics["epochs"] = result.history.size();
  metrics["cancelled"] = result.cancelled;
  metrics["seconds"] = result.seconds;
  if (holdOut != HoldOut::None) {
    const Protocol protocol = holdOut == HoldOut::LastBasket ? Protocol::Basket : Protocol::Tutorial;
    const auto cases = makeCases(interactions, m, protocol);
    if (!cases.empty()) {
      const EvaluationResult ev = evaluate(net, cases, MetricSet::Reference, {20, 100});
      for (const auto& [k, v] : ev.metrics) metrics[k] = v;
      metrics["evaluation"] = {{"protocol", toString(protocol)}, {"cases", ev.cases}, {"metrics", "reference"}};
    }
  }
  metrics["training"] = {{"trainer", nlohmann::json::parse(tc.toJson())}, {"sampling", samplingJson}};

  net.meta().historyJson = result.historyJson();
  net.meta().metricsJson = metrics.dump();
  net.save(c, modelName, overwrite);

  std::cout << (result.cancelled ? "cancelled; stored" : "stored") << " model \"" << modelName << "\" (embedding "
            << embedding << "): best epoch " << result.bestEpoch << " of " << result.history.size()
            << ", validation accuracy " << result.bestValidationAccuracy;
  if (metrics.contains("AUC")) std::cout << ", hold-out AUC " << metrics["AUC"].get<double>();
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f", result.seconds);
  std::cout << ", " << secs << " s\n";
  return 0;
}

}  // namespace vitrine::cli
