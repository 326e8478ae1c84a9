// `vitrine-cli train` without --load-reference-npy: sample triples (spec §4), train CuratorNet
// (spec §3.1) and store it in the catalog.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
  if (perSecond >= 1000)
    std::snprintf(buf, sizeof buf, "%.1fk", perSecond / 1000);
  else
    std::snprintf(buf, sizeof buf, "%.0f", perSecond);
  return buf;
}

}  // namespace

int trainFromScratch(const Args& a, Catalog& c) {
  TrainingJobConfig job;
  EmbeddingRequest want;
  want.explicitName = a.get("embedding");
  job.embedding = requireEmbedding(c, want);
  job.modelName = a.get("name", "curatornet");
  job.overwrite = a.has("overwrite");
  job.source = "cli";

  job.sampling = a.get("sampling", job.sampling);  // defaults: TrainingJobConfig (bench/RESULTS.md)
  if (job.sampling != "random" && job.sampling != "guidelines")
    throw UsageError("--sampling must be random or guidelines, got \"" + job.sampling + "\"");
  job.holdOut = toString(parseHoldOut(a.get("holdout", job.sampling == "random" ? "tutorial" : "basket")));
  job.seed = static_cast<uint64_t>(a.intOption("seed", 0, 0));
  job.trainTriples = a.intOption("triples", 100000, 1);
  job.validationTriples = a.intOption("validation", 10000, 0);
  job.maxProfile =
      static_cast<int>(a.intOption("max-profile", job.sampling == "random" ? 10 : 0, job.sampling == "random" ? 1 : 0));
  if (a.has("shares")) job.shares = parseShares(a.get("shares"));
  job.select = a.get("select", job.select);
  if (job.select != "auc" && job.select != "triple-accuracy")
    throw UsageError("--select must be auc or triple-accuracy, got \"" + job.select + "\"");
  if (a.has("validation-users")) {
    job.validationUsers = std::stod(a.get("validation-users"));
    if (!(job.validationUsers >= 0 && job.validationUsers < 1))
      throw UsageError("--validation-users must lie in [0, 1)");
  }
  job.clusters = static_cast<int>(a.intOption("k-clusters", job.clusters, 1));
  job.pcaDims = static_cast<int>(a.intOption("pca-dims", job.pcaDims, 1));
  job.includeProfiles = !a.has("no-profiles");
  job.zscore = a.has("zscore");
  const std::string pooling = a.get("pooling", "max,avg");
  if (pooling != "max,avg" && pooling != "avg,max")
    throw UsageError("--pooling must be max,avg (tutorial) or avg,max (ORIG)");
  job.maxFirst = pooling == "max,avg";

  TrainerConfig& tc = job.trainer;
  tc.maxEpochs = static_cast<int>(a.intOption("epochs", tc.maxEpochs, 1));
  tc.batchSize = static_cast<int>(a.intOption("batch", tc.batchSize, 1));
  tc.maxLrs = static_cast<int>(a.intOption("max-lrs", tc.maxLrs, 1));
  tc.threads = static_cast<int>(a.intOption("threads", tc.threads, 0));
  tc.blasThreads = static_cast<int>(a.intOption("blas-threads", tc.blasThreads, 0));
  tc.learningRate = doubleOption(a, "lr", tc.learningRate);
  tc.weightDecay = doubleOption(a, "weight-decay", tc.weightDecay);

  ProgressBar bar(a.has("quiet"));
  const bool quiet = !bar.shown();  // stage and epoch lines show with the bar (terminal or --progress)
  std::vector<std::string> notes;   // --json: the sampling notes go into the document
  const ProgressCallback interruptible = withInterrupt(bar);
  int64_t perEpoch = 0;
  double lastAccuracy = -1;
  const auto status = [&](const std::string& line, TrainingStatusKind kind) {
    // Notes always print (they say what the model was trained on); stages only without --quiet.
    if (kind == TrainingStatusKind::Note && a.json())
      notes.push_back(line);
    else if (kind == TrainingStatusKind::Note)
      std::cout << line << "\n";
    else if (!quiet)
      std::cerr << line << "...\n";
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
  if (a.json()) {
    nlohmann::json out = {{"model", job.modelName},
                          {"embedding", job.embedding},
                          {"stored", run.stored},
                          {"cancelled", result.cancelled || !run.stored},
                          {"notes", notes},
                          {"best_epoch", result.bestEpoch},
                          {"epochs", result.history.size()},
                          {"validation_accuracy", result.bestValidationAccuracy},
                          {"seconds", result.seconds},
                          {"metrics", run.stored ? nlohmann::json::parse(run.metricsJson) : nlohmann::json()}};
    std::cout << out.dump(2) << "\n";
    return !run.stored || result.cancelled ? 130 : 0;
  }
  if (!run.stored) {
    std::cout << "training cancelled before the first epoch ended; nothing stored\n";
    return 130;
  }
  const nlohmann::json metrics = nlohmann::json::parse(run.metricsJson);
  std::cout << (result.cancelled ? "cancelled; stored" : "stored") << " model \"" << job.modelName << "\" (embedding "
            << job.embedding << "): best epoch " << result.bestEpoch << " of " << result.history.size() << ", ";
  if (run.validationTriples > 0)
    std::cout << "validation accuracy " << result.bestValidationAccuracy;
  else
    std::cout << "no validation triples";
  if (metrics.contains("AUC")) std::cout << ", hold-out AUC " << metrics["AUC"].get<double>();
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f", result.seconds);
  std::cout << ", " << secs << " s\n";
  return result.cancelled ? 130 : 0;
}

}  // namespace vitrine::cli
