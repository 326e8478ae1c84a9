#include "pipeline/catalog_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>

#include "cluster/cluster_store.h"
#include "cluster/job.h"
#include "common/error.h"
#include "embeddings/embed.h"
#include "recommend/embedding_choice.h"
#include "recommend/curatornet.h"

namespace vitrine {

std::string toString(PipelineStep s) {
  switch (s) {
    case PipelineStep::Embedding:
      return "embedding";
    case PipelineStep::Clustering:
      return "clustering";
    case PipelineStep::Map:
      return "map";
    case PipelineStep::CuratorNet:
      return "curatornet";
  }
  return "?";
}

std::string toString(StepStatus s) {
  switch (s) {
    case StepStatus::Done:
      return "done";
    case StepStatus::AlreadyDone:
      return "already done";
    case StepStatus::Unavailable:
      return "unavailable";
    case StepStatus::Failed:
      return "failed";
    case StepStatus::Cancelled:
      return "cancelled";
    case StepStatus::NotRun:
      return "not run";
  }
  return "?";
}

CatalogPipelineConfig CatalogPipelineConfig::coldStartDefaults() {
  CatalogPipelineConfig c;
  // Silhouette alone picks k = 2 on the demo's MobileNetV2 space (two clusters of 267 paintings
  // tell a curator little); from 4 up it still chooses, among useful sizes.
  c.clustering.kMin = 4;
  c.clustering.kMax = 12;
  c.layout.method = "tsne";
  c.training.sampling = "guidelines";
  c.training.trainTriples = 10000;
  c.training.validationTriples = 1000;
  c.training.trainer.maxEpochs = 3;
  c.training.overwrite = true;
  // Short (the CuratorNet column's title shows it) and unlike the CLI's default "curatornet", so a
  // model the user named is not replaced.
  c.training.modelName = "cold-start";
  c.training.source = "pipeline";
  return c;
}

bool CatalogPipelineReport::complete() const {
  if (cancelled || steps.empty()) return false;
  for (const PipelineStepReport& s : steps) {
    if (s.status == StepStatus::Done || s.status == StepStatus::AlreadyDone) continue;
    // A CNN that cannot be made is not a failure when the fallback embedding carried on; a step
    // switched off by the configuration is unavailable by choice.
    if (s.status == StepStatus::Unavailable) continue;
    return false;
  }
  return !embedding.empty();
}

std::string CatalogPipelineReport::summary() const {
  std::string out;
  for (const PipelineStepReport& s : steps) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f s", s.seconds);
    out += toString(s.step) + ": " + toString(s.status);
    if (!s.detail.empty()) out += " (" + s.detail + ")";
    if (s.status == StepStatus::Done) out += std::string(" ") + secs;
    out += "\n";
  }
  return out;
}

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool modelIsUsable(const Catalog& c, const std::string& name, const std::string& embedding) {
  for (const StoredModelInfo& m : storedModels(c)) {
    if (m.name != name) continue;
    if (m.embedding != embedding) return false;
    try {
      const auto metrics = nlohmann::json::parse(m.metricsJson);
      if (metrics.value("cancelled", false)) return false;
    } catch (const std::exception&) {
      return false;
    }
    return true;
  }
  return false;
}

// Computes `name` unless every artwork with an image holds it. Returns the step report.
PipelineStepReport embedStep(Catalog& catalog, const std::string& name, int threads, const ProgressCallback& progress,
                             std::string* unavailable) {
  PipelineStepReport r;
  r.step = PipelineStep::Embedding;
  r.embedding = name;
  const auto t0 = Clock::now();
  std::unique_ptr<Extractor> extractor;
  try {
    extractor = makeExtractor(name);
  } catch (const std::exception& e) {
    r.status = StepStatus::Unavailable;
    r.detail = e.what();
    if (unavailable) *unavailable = e.what();
    return r;
  }
  const EmbedReport er = computeEmbeddings(catalog, *extractor, threads, progress);
  r.seconds = secondsSince(t0);
  if (er.cancelled) {
    r.status = StepStatus::Cancelled;
    r.detail = std::to_string(er.computed) + " vectors stored before cancelling";
    return r;
  }
  if (er.computed == 0 && er.alreadyPresent > 0) {
    r.status = StepStatus::AlreadyDone;
    r.detail = std::to_string(er.alreadyPresent) + " artworks already hold " + name;
  } else {
    r.status = StepStatus::Done;
    r.detail = std::to_string(er.computed) + " vectors computed";
    if (er.alreadyPresent > 0) r.detail += ", " + std::to_string(er.alreadyPresent) + " already present";
  }
  if (!er.problems.empty())
    r.detail += "; " + std::to_string(er.problems.size()) + " artworks failed (" + er.problems.front() + ")";
  return r;
}

}  // namespace

CatalogPipelineReport runCatalogPipeline(Catalog& catalog, const CatalogPipelineConfig& config,
                                         const ProgressCallback& progress, const PipelineStepCallback& stepDone) {
  if (catalog.isReadOnly()) throw Error("the catalog " + catalog.path() + " is read-only; nothing can be computed");
  CatalogPipelineReport report;
  const auto stopped = [&report] { return report.cancelled; };
  // Wraps the caller's callback so a false return is remembered (steps that swallow it, such as
  // computeEmbeddings, still stop the pipeline).
  const ProgressCallback relay = [&](const Progress& p) {
    if (report.cancelled) return false;
    if (progress && !progress(p)) report.cancelled = true;
    return !report.cancelled;
  };
  const auto record = [&report, &stepDone](const PipelineStepReport& r) {
    report.steps.push_back(r);
    if (stepDone) stepDone(r);
  };
  const auto notRun = [&record](PipelineStep step, const std::string& why) {
    PipelineStepReport r;
    r.step = step;
    r.status = StepStatus::NotRun;
    r.detail = why;
    record(r);
  };

  // 1. Embedding: the CNN when it can be made, else the fallback.
  {
    std::string chosen;
    PipelineStepReport r;
    if (!config.cnnExtractor.empty()) {
      try {
        r = embedStep(catalog, config.cnnExtractor, config.threads, relay, &report.cnnUnavailable);
      } catch (const std::exception& e) {
        r.status = StepStatus::Failed;
        r.detail = e.what();
      }
      if (r.status == StepStatus::Done || r.status == StepStatus::AlreadyDone) chosen = config.cnnExtractor;
    }
    const bool cnnFailedOrOff =
        config.cnnExtractor.empty() || r.status == StepStatus::Unavailable || r.status == StepStatus::Failed;
    if (cnnFailedOrOff && !report.cancelled && !config.fallbackEmbedding.empty()) {
      std::string cnnWhy = r.detail;
      try {
        r = embedStep(catalog, config.fallbackEmbedding, config.threads, relay, nullptr);
      } catch (const std::exception& e) {
        r.status = StepStatus::Failed;
        r.detail = e.what();
      }
      if (r.status == StepStatus::Done || r.status == StepStatus::AlreadyDone) {
        chosen = config.fallbackEmbedding;
        if (!config.cnnExtractor.empty())
          r.detail = config.cnnExtractor + " unavailable, using " + config.fallbackEmbedding + ": " + r.detail;
      }
    }
    if (report.cancelled) r.status = StepStatus::Cancelled;
    report.embedding = chosen;
    if (!chosen.empty() && !report.cancelled) {
      try {
        setDefaultEmbeddingName(catalog, chosen);
      } catch (const std::exception&) {
        // The embedding may hold no vector (no images); the steps below say so.
      }
    }
    record(r);
  }

  const std::string& embedding = report.embedding;
  const uint64_t seed = config.seed;

  // 2 + 3. Clustering and map (one matrix load).
  EmbeddingMatrix m;
  bool haveMatrix = false;
  if (!embedding.empty() && !stopped()) {
    try {
      m = catalog.loadEmbeddingMatrix(embedding);
      haveMatrix = true;
    } catch (const std::exception& e) {
      PipelineStepReport r;
      r.step = PipelineStep::Clustering;
      r.status = StepStatus::Failed;
      r.detail = e.what();
      record(r);
    }
  }
  const std::string noEmbedding = stopped() ? "cancelled before this step" : "no embedding to work on";
  if (!haveMatrix) {
    if (report.steps.size() < 2) notRun(PipelineStep::Clustering, noEmbedding);
    notRun(PipelineStep::Map, noEmbedding);
    notRun(PipelineStep::CuratorNet, noEmbedding);
    return report;
  }

  {
    PipelineStepReport r;
    r.step = PipelineStep::Clustering;
    r.embedding = embedding;
    const auto t0 = Clock::now();
    try {
      // Done when a clustering of this embedding and seed covers every row.
      for (const StoredClustering& s : listClusterings(catalog)) {
        if (s.embedding != embedding || s.seed != seed) continue;
        const auto full = loadClustering(catalog, embedding, s.k, seed);
        if (full && int64_t(full->artworkIds.size()) == m.rows()) {
          r.status = StepStatus::AlreadyDone;
          r.detail = "k = " + std::to_string(s.k) + " stored";
          report.clusterK = s.k;
          break;
        }
      }
      if (r.status != StepStatus::AlreadyDone) {
        // The one clustering job of the CLI and the Clusters panel (core/cluster/job.h), without
        // its map: the map is the next step, committed on its own.
        ClusteringJobConfig job;
        job.embedding = embedding;
        job.k = config.clustering.k > 0 ? std::min<int>(config.clustering.k, int(m.rows()) - 1) : 0;
        // A small catalog still gets clusters: the range shrinks to what its rows allow.
        job.kMin = std::max(2, std::min<int>(config.clustering.kMin, int(m.rows()) - 1));
        job.kMax = std::max(job.kMin, config.clustering.kMax);
        job.pcaDimension = config.clustering.pcaDimension;
        job.seed = seed;
        job.map = MapMethod::None;
        const ClusteringJobResult result = runClusteringJob(catalog, job, [&](const Progress& p) {
          Progress q = p;
          q.stage = "cluster";
          if (q.message.empty()) q.message = "clustering " + embedding;
          return relay(q);
        });
        const ClusteringRun& run = result.run;
        const ClusteringConfig& cc = config.clustering;
        r.status = StepStatus::Done;
        r.detail = "k = " + std::to_string(run.k) + (cc.k == 0 ? " chosen by silhouette" : "");
        report.clusterK = run.k;
      }
    } catch (const Cancelled&) {
      report.cancelled = true;
      r.status = StepStatus::Cancelled;
    } catch (const std::exception& e) {
      r.status = StepStatus::Failed;
      r.detail = e.what();
    }
    r.seconds = secondsSince(t0);
    record(r);
  }

  {
    PipelineStepReport r;
    r.step = PipelineStep::Map;
    r.embedding = embedding;
    const auto t0 = Clock::now();
    if (stopped()) {
      r.status = StepStatus::NotRun;
      r.detail = "cancelled before this step";
    } else if (config.layout.method.empty()) {
      r.status = StepStatus::Unavailable;
      r.detail = "no map asked for";
    } else {
      try {
        const auto stored = loadLayout(catalog, embedding, config.layout.method, seed);
        if (stored && int64_t(stored->artworkIds.size()) == m.rows()) {
          r.status = StepStatus::AlreadyDone;
          r.detail = config.layout.method + " map stored";
        } else {
          if (m.rows() < 3) throw Error("too few artworks to lay out");
          LayoutConfig lc = config.layout;
          lc.tsne.seed = seed;
          const std::vector<float> xy = computeLayout(m, lc, [&](const Progress& p) {
            Progress q = p;
            q.stage = "map";
            if (q.message.empty()) q.message = lc.method + " map of " + embedding;
            return relay(q);
          });
          if (stopped()) throw Cancelled();
          saveLayout(catalog, embedding, lc.method, seed, lc.toJson(), m.artworkIds, xy);
          r.status = StepStatus::Done;
          r.detail = lc.method + " map of " + std::to_string(m.rows()) + " artworks";
        }
      } catch (const Cancelled&) {
        report.cancelled = true;
        r.status = StepStatus::Cancelled;
      } catch (const std::exception& e) {
        r.status = StepStatus::Failed;
        r.detail = e.what();
      }
    }
    r.seconds = secondsSince(t0);
    record(r);
  }

  {
    PipelineStepReport r;
    r.step = PipelineStep::CuratorNet;
    r.embedding = embedding;
    const auto t0 = Clock::now();
    TrainingJobConfig tc = config.training;
    tc.embedding = embedding;
    if (tc.modelName.empty()) tc.modelName = "curatornet-" + embedding;
    tc.seed = seed;
    if (stopped()) {
      r.status = StepStatus::NotRun;
      r.detail = "cancelled before this step";
    } else if (!config.train) {
      r.status = StepStatus::Unavailable;
      r.detail = "no training asked for";
    } else if (modelIsUsable(catalog, tc.modelName, embedding)) {
      r.status = StepStatus::AlreadyDone;
      r.detail = "model " + tc.modelName + " stored";
      r.model = tc.modelName;
      report.modelName = tc.modelName;
    } else {
      try {
        tc.overwrite = true;  // a cancelled or stale model of that name is replaced
        const TrainingJobResult tr = runTrainingJob(catalog, tc, [&](const TrainingProgress& p) {
          Progress q;
          q.stage = "train";
          q.done = int64_t(p.epoch - 1) * std::max<int64_t>(1, p.batches) + p.batch;
          q.total = int64_t(p.maxEpochs) * std::max<int64_t>(1, p.batches);
          q.message = "training CuratorNet, epoch " + std::to_string(p.epoch) + " of " + std::to_string(p.maxEpochs);
          return relay(q);
        });
        if (tr.training.cancelled || report.cancelled) {
          report.cancelled = true;
          r.status = StepStatus::Cancelled;
          r.detail = tr.stored ? "best epoch so far stored, marked cancelled; a rerun trains again" : "nothing stored";
        } else {
          r.status = StepStatus::Done;
          char acc[64];
          std::snprintf(acc, sizeof acc, "%.3f", tr.training.bestValidationAccuracy);
          r.detail = "model " + tc.modelName + ", " + std::to_string(tr.trainTriples) + " " + tc.sampling +
                     " triples, " +
                     (tr.validationTriples > 0 ? std::string("validation triple accuracy ") + acc
                                               : std::string("no validation triples"));
          r.model = tc.modelName;
          report.modelName = tc.modelName;
        }
      } catch (const std::exception& e) {
        r.status = StepStatus::Failed;
        r.detail = e.what();
      }
    }
    r.seconds = secondsSince(t0);
    record(r);
  }
  return report;
}

}  // namespace vitrine
