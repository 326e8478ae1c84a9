#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "cluster/cluster.h"
#include "cluster/layout.h"
#include "common/progress.h"
#include "train/pipeline.h"

// The use case that follows an import (issue 15, items 1 and 2): default CNN embedding ->
// clusters (k by silhouette) + a 2-D map -> a cold-start CuratorNet. One place, used by the
// first-launch demo and the New Catalog wizard, so both build the same things the same way.
//
// Every step commits its result to the catalog before the next starts, and every step first looks
// at what the catalog already holds, so a run that was cancelled or killed resumes where it
// stopped and a rerun on a finished catalog does (almost) nothing. Results depend only on the
// catalog and the seeds (never on thread count or timing).
namespace vitrine {

enum class PipelineStep { Embedding, Clustering, Map, CuratorNet };
std::string toString(PipelineStep s);  // "embedding", "clustering", "map", "curatornet"

enum class StepStatus {
  Done,         // computed and stored in this run
  AlreadyDone,  // the catalog already held the result (a resumed or repeated run)
  Unavailable,  // could not run, not an error of the data (e.g. no CNN weights); see detail
  Failed,       // threw; detail has the message; later steps that need it are NotRun
  Cancelled,    // the progress callback asked to stop during this step
  NotRun        // an earlier step was cancelled or failed
};
std::string toString(StepStatus s);

struct PipelineStepReport {
  PipelineStep step = PipelineStep::Embedding;
  StepStatus status = StepStatus::NotRun;
  std::string embedding;  // the embedding the step worked on
  std::string detail;     // one plain sentence: what was made, or why not
  std::string model;      // CuratorNet step: the stored (or found) model's name
  double seconds = 0;     // wall time of the step in this run
};

struct CatalogPipelineConfig {
  // The CNN embedding to compute first (an extractor name, see makeExtractor); "" = none. When it
  // cannot be made (weights missing) the pipeline goes on with `fallbackEmbedding`.
  std::string cnnExtractor = "mobilenet_v2";
  std::string fallbackEmbedding = "handcrafted";  // computed when missing
  int threads = 0;                                // embedding thread budget (0 = all cores)

  // Clusters (through runClusteringJob, core/cluster/job.h: k, kMin, kMax and pcaDimension are
  // used) and map of the chosen embedding. clustering.k = 0: k chosen by silhouette over
  // [kMin, kMax] (kMax clamped to rows - 1). The seeds are set from `seed`.
  ClusteringConfig clustering;
  LayoutConfig layout;  // method "tsne" by default; "" skips the map

  // Cold-start CuratorNet: training.embedding is set to the chosen embedding; sampling
  // "guidelines" works without interactions (strategies 2 and 4 over the catalog's metadata and
  // visual clusters, spec §2). modelName "" = "curatornet-<embedding>". An existing model of that
  // name on that embedding that was not cancelled counts as done. train = false skips the step.
  bool train = true;
  TrainingJobConfig training;

  uint64_t seed = 0;  // clustering, map, sampling, initialisation and batch order

  // The configuration the demo and the wizard use: guidelines sampling, 10,000 training and
  // 1,000 validation triples, 3 epochs (a cold-start model's validation triple accuracy is at
  // about 0.99 by epoch 3 on the demo; training is the pipeline's longest step after the CNN,
  // see bench/RESULTS.md "First launch"), t-SNE map, k by silhouette in [4, 12]
  // (silhouette alone prefers k = 2 on the demo), model name "cold-start".
  static CatalogPipelineConfig coldStartDefaults();
};

struct CatalogPipelineReport {
  std::string embedding;                  // the embedding clusters, map and model were made on ("" if none)
  std::string cnnUnavailable;             // why the CNN embedding could not be made ("" when it was, or not asked)
  std::string modelName;                  // the CuratorNet model (stored or found), "" when none
  int clusterK = 0;                       // the stored clustering's k (0 when none)
  std::vector<PipelineStepReport> steps;  // in order, one per PipelineStep
  bool cancelled = false;
  // Every step Done or AlreadyDone, Unavailable only for what a setting skipped; the CNN being
  // unavailable still counts as complete (the fallback embedding carries the rest).
  bool complete() const;
  std::string summary() const;  // one line per step: "embedding: done (…) 3.2 s"
};

// Runs the steps in order on `catalog` (opened writable on the calling thread). Progress stages:
// "embed", "cluster", "map", "train" (done/total within the step; message says what runs);
// returning false cancels at the next safe point: the step under way stores nothing (the
// embedding keeps its committed batches; a model is stored only if at least one epoch ended, and
// marked cancelled so a rerun trains again) and later steps are NotRun. Never throws for a
// failing step (the report says it); throws vitrine::Error only when the catalog is read-only.
// stepDone (optional) is called on the calling thread after each step's result is committed (or
// the step ended otherwise), so a window can show each piece as it lands.
using PipelineStepCallback = std::function<void(const PipelineStepReport&)>;
CatalogPipelineReport runCatalogPipeline(Catalog& catalog, const CatalogPipelineConfig& config,
                                         const ProgressCallback& progress = {},
                                         const PipelineStepCallback& stepDone = {});

}  // namespace vitrine
