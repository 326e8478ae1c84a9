#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "train/trainer.h"

namespace vitrine {

// One complete training run as `vitrine-cli train` does it (sample triples, train CuratorNet,
// measure the hold-out, store the model with its configuration). Used by the GUI's training panel.
struct TrainingJobConfig {
  std::string embedding;  // extractor name in the catalog
  std::string modelName = "curatornet";
  bool overwrite = false;
  // Defaults chosen across a family of catalogs (bench/RESULTS.md, "Training defaults across
  // catalogs"): guideline sampling with equal shares and selection by validation AUC beat the
  // tutorial's random sampling with triple-accuracy selection on all five untuned catalogs at
  // 50,000 triples (+0.0135 AUC [0.007, 0.020] pooled); VisRank maximum still ranks better.
  std::string sampling = "guidelines";  // "random" | "guidelines"
  std::string holdOut;                  // none|tutorial|basket|both; "" = tutorial (random), basket (guidelines)
  int64_t trainTriples = 100000;
  int64_t validationTriples = 10000;
  uint64_t seed = 0;                                  // sampling, initialisation and batch order
  int maxProfile = -1;                                // -1 = the sampler's default (random 10, guidelines 0 = all)
  std::array<double, 6> shares = {1, 1, 1, 1, 1, 1};  // guideline strategies 1..6
  int clusters = 8;                                   // guidelines: k-means clusters
  int pcaDims = 50;                                   // guidelines: PCA dimensions
  bool includeProfiles = true;                        // saved curator profiles count as users
  bool zscore = false;
  bool maxFirst = true;  // [max, avg] pooling (tutorial)
  // Model selection (issue 19): "auc" = checkpoint and LR plateau by the mean AUC of ranking cases
  // held out of training: the last basket (last item under the tutorial hold-out) of a seeded
  // `validationUsers` fraction of the users with at least two; "triple-accuracy" = the
  // tutorial's rule. "auc" falls back to triple accuracy when no user qualifies (cold start).
  std::string select = "auc";
  double validationUsers = 0.25;
  TrainerConfig trainer;       // epochs, lr, batch, ...; trainer.seed and .selection are set here
  std::string source = "gui";  // who ran the job ("gui", "cli"); stored with the metrics
  std::string toJson() const;
};

// What the job reports through the status callback before training starts: the stage it enters
// ("loading embedding ...", "training", ...) or a note about the data the model is trained on
// (cold start, skipped strategies, sampled triple counts), which is worth keeping in a log.
enum class TrainingStatusKind { Stage, Note };
using TrainingStatusCallback = std::function<void(const std::string& text, TrainingStatusKind kind)>;

struct TrainingJobResult {
  TrainingResult training;
  bool stored = false;  // false when cancelled before the first epoch ended
  std::string modelName;
  std::string metricsJson = "{}";  // as stored with the model (includes "training": the configuration)
  int64_t trainTriples = 0, validationTriples = 0;
  std::vector<std::string> log;  // sampling notes
};

// Runs the job on `catalog` (open it on the calling thread). Cancelling through `progress`
// stops at the next batch boundary; the best epoch's weights (trainCuratorNet restores them) are
// stored when at least one epoch completed, with "cancelled": true in the metrics; otherwise
// nothing is stored. Throws vitrine::Error on unusable input (unknown embedding, name taken
// without overwrite, no interactions for random sampling, no triples).
TrainingJobResult runTrainingJob(Catalog& catalog, const TrainingJobConfig& config,
                                 const TrainingCallback& progress = {}, const TrainingStatusCallback& status = {});

}  // namespace vitrine
