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
#include "recommend/embedding_choice.h"
#include "commands.h"
#include "train/pipeline.h"
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

std::string rate(double perSecond) {
  char buf[32];
  if (perSecond >= 1000) std::snprintf(buf, sizeof buf, "%.1fk", perSecond / 1000);
  else std::snprintf(buf, sizeof buf, "%.0f", perSecond);
  return buf;
}

}  // namespace

int trainFromScratch(Args& a, Catalog& c) {
  TrainingJobConfig job;
  EmbeddingRequest want;
  want.explicitName = a.get("embedding");
  job.embedding = requireEmbedding(c, want);
  job.modelName = a.get("name", "curatornet");
  job.overwrite = a.has("overwrite");
  job.source = "cli";
  const bool quiet = a.has("quiet");

  job.sampling = a.get("sampling", "random");
  if (job.sampling != "random" && job.sampling != "guidelines")
    throw UsageError("--sampling must be random or guidelines, got \"" + job.sampling + "\"");
  job.holdOut = toString(parseHoldOut(a.get("holdout", job.sampling == "random" ? "tutorial" : "basket")));
  job.seed = static_cast<uint64_t>(intOption(a, "seed", "", 0, 0));
  job.trainTriples = intOption(a, "triples", "train-triples", 100000, 1);
  job.validationTriples = intOption(a, "validation", "validation-triples", 10000, 0);
  job.maxProfile = static_cast<int>(intOption(a, "max-profile", "", job.sampling == "random" ? 10 : 0,
                                              job.sampling == "random" ? 1 : 0));
  if (a.has("shares")) job.shares = parseShares(a.get("shares"));
  job.clusters = static_cast<int>(intOption(a, "k-clusters", "clusters", job.clusters, 1));
  job.pcaDims = static_cast<int>(intOption(a, "pca-dims", "", job.pcaDims, 1));
  job.includeProfiles = !a.has("no-profiles");
  job.zscore = a.has("zscore");
  const std::string pooling = a.get("pooling", "max,avg");
  if (pooling != "max,avg" && pooling != "avg,max")
    throw UsageError("--pooling must be max,avg (tutorial) or avg,max (ORIG)");
  job.maxFirst = pooling == "max,avg";

  TrainerConfig& tc = job.trainer;
  tc.maxEpochs = static_cast<int>(intOption(a, "epochs", "", tc.maxEpochs, 1));
  tc.batchSize = static_cast<int>(intOption(a, "batch", "", tc.batchSize, 1));
  tc.maxLrs = static_cast<int>(intOption(a, "max-lrs", "", tc.maxLrs, 1));
  tc.threads = static_cast<int>(intOption(a, "threads", "", tc.threads, 0));
  tc.blasThreads = static_cast<int>(intOption(a, "blas-threads", "", tc.blasThreads, 0));
  tc.learningRate = doubleOption(a, "lr", tc.learningRate);
  tc.weightDecay = doubleOption(a, "weight-decay", tc.weightDecay);

  ProgressBar bar(quiet);
  const ProgressCallback interruptible = withInterrupt(bar);
  int64_t perEpoch = 0;
  double lastAccuracy = -1;
  const auto status = [&](const std::string& line, TrainingStatusKind kind) {
    // Notes always print (they say what the model was trained on); stages only without --quiet.
    if (kind == TrainingStatusKind::Note) std::cout << line << "\n";
    else if (!quiet) std::cerr << line << "...\n";
  };
  const auto progress = [&](const TrainingProgress& p) {
    perEpoch = p.triplesTotal;
    if (p.kind == TrainingProgress::Kind::Epoch) {
      lastAccuracy = p.validationAccuracy;
      bar.finish();
      if (!quiet)
        std::fprintf(stderr, "epoch %d/%d  loss %.4f  val acc %.4f  lr %.3g  %s triples/s\n", p.epoch, p.maxEpochs,
                     p.loss, p.validationAccuracy, p.learningRate, rate(p.triplesPerSecond).c_str());
      return interruptible(Progress{"train", int64_t(p.epoch) * perEpoch, int64_t(p.maxEpochs) * perEpoch, ""});
    }
    char msg[96];
    std::snprintf(msg, sizeof msg, "ep %d loss %.4f val %s %s/s", p.epoch, p.loss,
                  lastAccuracy < 0 ? "-" : std::to_string(lastAccuracy).substr(0, 6).c_str(),
                  rate(p.triplesPerSecond).c_str());
    // One bar over all epochs: its ETA is the remaining epochs' time at the current rate.
    return interruptible(
        Progress{"train", int64_t(p.epoch - 1) * perEpoch + p.triplesDone, int64_t(p.maxEpochs) * perEpoch, msg});
  };
  const TrainingJobResult run = runTrainingJob(c, job, progress, status);
  bar.finish();
  const TrainingResult& result = run.training;
  if (!run.stored) {
    std::cout << "training cancelled before the first epoch ended; nothing stored\n";
    return 130;
  }
  const nlohmann::json metrics = nlohmann::json::parse(run.metricsJson);
  std::cout << (result.cancelled ? "cancelled; stored" : "stored") << " model \"" << job.modelName
            << "\" (embedding " << job.embedding << "): best epoch " << result.bestEpoch << " of "
            << result.history.size() << ", validation accuracy " << result.bestValidationAccuracy;
  if (metrics.contains("AUC")) std::cout << ", hold-out AUC " << metrics["AUC"].get<double>();
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f", result.seconds);
  std::cout << ", " << secs << " s\n";
  return result.cancelled ? 130 : 0;
}

}  // namespace vitrine::cli
