// Evaluation jobs and the evaluation_runs store (core/eval/runs.h), and the training job
// (core/train/pipeline.h) that the GUI panels run.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>
#include <random>

#include "catalog/catalog.h"
#include "common/error.h"
#include "eval/evaluator.h"
#include "eval/runs.h"
#include "recommend/curatornet.h"
#include "recommend/models.h"
#include "testutil.h"
#include "train/pipeline.h"

using namespace vitrine;

namespace {

// 60 items (8-d), 12 users with 6 interactions each at distinct times.
void fillCatalog(Catalog& c) {
  std::mt19937 rng(5);
  std::normal_distribution<float> g(0.f, 1.f);
  std::uniform_int_distribution<int> item(0, 59);
  c.registerExtractor("toy", 8, "1");
  std::vector<int64_t> ids;
  for (int i = 0; i < 60; ++i) {
    Artwork a;
    a.externalId = "x" + std::to_string(i);
    ids.push_back(c.insertArtwork(a));
    std::vector<float> v(8);
    for (float& x : v) x = g(rng);
    c.putEmbedding(ids.back(), "toy", v);
  }
  for (int u = 0; u < 12; ++u)
    for (int j = 0; j < 6; ++j) {
      Interaction in;
      in.userId = "u" + std::to_string(u);
      in.artworkId = ids[static_cast<size_t>(item(rng))];
      in.timestamp = 100.0 * u + j;
      c.addInteraction(in);
    }
}

}  // namespace

TEST(EvaluationRuns, ParseCutoffList) {
  EXPECT_EQ(parseCutoffList("10, 20,100"), (std::vector<int>{10, 20, 100}));
  EXPECT_THROW(parseCutoffList("10,x"), Error);
  EXPECT_THROW(parseCutoffList("0"), Error);
  EXPECT_THROW(parseCutoffList("5a"), Error);
  EXPECT_THROW(parseCutoffList(" , "), Error);
}

TEST(EvaluationRuns, StoreListDelete) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("runs.vitrine"));
  EXPECT_TRUE(evaluationRuns(c).empty());
  const int64_t a = storeEvaluationRun(c, R"({"a":1})", "[]");
  const int64_t b = storeEvaluationRun(c, R"({"b":2})", R"([{"x":1}])");
  EXPECT_GT(b, a);
  const auto runs = evaluationRuns(c);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, b);  // newest first
  EXPECT_EQ(runs[0].configJson, R"({"b":2})");
  EXPECT_EQ(runs[0].resultsJson, R"([{"x":1}])");
  EXPECT_GT(runs[1].createdAt, 0);
  EXPECT_TRUE(deleteEvaluationRun(c, a));
  EXPECT_FALSE(deleteEvaluationRun(c, a));
  EXPECT_EQ(evaluationRuns(c).size(), 1u);
}

TEST(EvaluationRuns, JobMatchesEvaluateAndIsStored) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("job.vitrine"));
  fillCatalog(c);
  EvaluationJobConfig config;
  config.embedding = "toy";
  config.cutoffs = {5, 10};
  config.models = parseRankerSpecs("visrank:maximum,visrank:average");
  const EvaluationJobResult r = runEvaluationJob(c, config);
  EXPECT_FALSE(r.cancelled);
  EXPECT_EQ(r.cases, 12);
  EXPECT_EQ(r.items, 60);
  ASSERT_EQ(r.entries.size(), 4u);  // 2 sets x 2 models, set-major
  EXPECT_EQ(r.entries[0].result.metricSet, MetricSet::Reference);
  EXPECT_EQ(r.entries[3].result.metricSet, MetricSet::Standard);
  EXPECT_EQ(r.entries[1].spec.toString(), "visrank:average");

  const EmbeddingMatrix m = c.loadEmbeddingMatrix("toy");
  const auto cases = makeCases(c.interactions(), m, Protocol::Tutorial);
  const auto ranker = makeRanker("visrank:average", m, &c);
  const EvaluationResult expected = evaluate(*ranker, cases, MetricSet::Standard, {5, 10});
  EXPECT_EQ(r.entries[3].result.metrics, expected.metrics);

  ASSERT_GT(r.runId, 0);
  const auto runs = evaluationRuns(c);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, r.runId);
  const auto cfg = nlohmann::json::parse(runs[0].configJson);
  EXPECT_EQ(cfg["embedding"], "toy");
  EXPECT_EQ(cfg["protocol"], "tutorial");
  EXPECT_EQ(cfg["cases"], 12);
  EXPECT_EQ(cfg["cutoffs"], nlohmann::json::array({5, 10}));
  const auto results = nlohmann::json::parse(runs[0].resultsJson);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[3]["model"], "visrank:average");
  EXPECT_EQ(results[3]["metric_set"], "standard");
  EXPECT_DOUBLE_EQ(results[3]["metrics"]["AUC"].get<double>(), expected.metrics.at("AUC"));
}

// A stored run read back (as the GUI's Past Runs do) gives the job's typed result: the same
// per-case values, summaries and case info, the same comparisons (compareJobEntries) and the same
// JSON document as the run itself.
TEST(EvaluationRuns, StoredRunRoundTripsForComparisonsAndExports) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("round.vitrine"));
  fillCatalog(c);
  EvaluationJobConfig config;
  config.embedding = "toy";
  config.cutoffs = {5};
  config.models = parseRankerSpecs("visrank:maximum,visrank:average");
  config.bootstrap = {500, 3, 0.95};
  config.comparisons = {{config.models[0], config.models[1]}};
  const EvaluationJobResult r = runEvaluationJob(c, config);
  ASSERT_GT(r.runId, 0);
  ASSERT_EQ(r.comparisons.size(), 2u);  // one pair x two metric sets
  const auto runs = evaluationRuns(c);
  ASSERT_EQ(runs.size(), 1u);

  const EvaluationJobResult back = evaluationJobResultFromJson(runs[0].configJson, runs[0].resultsJson, runs[0].id);
  // The typed settings (what displays show instead of parsing the JSON) survive the round trip.
  for (const EvaluationJobResult* x : {&r, &back}) {
    EXPECT_EQ(x->embedding, "toy");
    EXPECT_EQ(x->protocol, "tutorial");
    EXPECT_EQ(x->maxProfile, config.maxProfile);
    EXPECT_EQ(x->cutoffs, std::vector<int>{5});
    EXPECT_EQ(x->bootstrap.resamples, 500);
    EXPECT_EQ(x->bootstrap.seed, 3u);
    EXPECT_EQ(x->catalogPath, c.path());
  }
  EXPECT_EQ(back.cases, r.cases);
  EXPECT_EQ(back.items, r.items);
  ASSERT_EQ(back.caseInfo.size(), r.caseInfo.size());
  for (size_t i = 0; i < r.caseInfo.size(); ++i) {
    EXPECT_EQ(back.caseInfo[i].userId, r.caseInfo[i].userId);
    EXPECT_EQ(back.caseInfo[i].heldOutIds, r.caseInfo[i].heldOutIds);
  }
  ASSERT_EQ(back.entries.size(), r.entries.size());
  for (size_t i = 0; i < r.entries.size(); ++i) {
    EXPECT_EQ(back.entries[i].spec, r.entries[i].spec);
    EXPECT_EQ(back.entries[i].result.perCase, r.entries[i].result.perCase);
    ASSERT_EQ(back.entries[i].summaries.size(), r.entries[i].summaries.size());
    for (size_t j = 0; j < r.entries[i].summaries.size(); ++j) {
      EXPECT_EQ(back.entries[i].summaries[j].metric, r.entries[i].summaries[j].metric);
      EXPECT_DOUBLE_EQ(back.entries[i].summaries[j].ci95.low, r.entries[i].summaries[j].ci95.low);
      EXPECT_DOUBLE_EQ(back.entries[i].summaries[j].standardError, r.entries[i].summaries[j].standardError);
    }
  }
  const stats::BootstrapOptions options = bootstrapOptionsFromConfigJson(runs[0].configJson);
  EXPECT_EQ(options.resamples, 500);
  EXPECT_EQ(options.seed, 3u);
  EvaluationJobResult withPairs = back;
  withPairs.comparisons = compareJobEntries(back.entries, config.comparisons, options);
  ASSERT_EQ(withPairs.comparisons.size(), r.comparisons.size());
  for (size_t i = 0; i < r.comparisons.size(); ++i) {
    EXPECT_EQ(withPairs.comparisons[i].metricSet, r.comparisons[i].metricSet);
    ASSERT_EQ(withPairs.comparisons[i].metrics.size(), r.comparisons[i].metrics.size());
    for (size_t j = 0; j < r.comparisons[i].metrics.size(); ++j) {
      const stats::PairedComparison& x = withPairs.comparisons[i].metrics[j].comparison;
      const stats::PairedComparison& y = r.comparisons[i].metrics[j].comparison;
      EXPECT_DOUBLE_EQ(x.meanDifference, y.meanDifference);
      EXPECT_DOUBLE_EQ(x.differenceCi.high, y.differenceCi.high);
      EXPECT_DOUBLE_EQ(x.wilcoxonPValue, y.wilcoxonPValue);
    }
  }
  // The same document either way (the run's own and the stored one's).
  EXPECT_EQ(evaluationDocumentJson(withPairs), evaluationDocumentJson(r));
  const nlohmann::json doc = nlohmann::json::parse(evaluationDocumentJson(r));
  EXPECT_EQ(doc["stored_run"], r.runId);
  EXPECT_EQ(doc["bootstrap"]["resamples"], 500);
  EXPECT_EQ(doc["comparisons"].size(), 2u);
  EXPECT_FALSE(doc["results"][0].contains("per_case"));
  EXPECT_TRUE(doc["results"][0]["summary"].contains("AUC"));
}

TEST(EvaluationRuns, CancelledJobIsNotStored) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("cancel.vitrine"));
  fillCatalog(c);
  EvaluationJobConfig config;
  config.embedding = "toy";
  int calls = 0;
  const EvaluationJobResult r = runEvaluationJob(c, config, [&](const Progress& p) {
    EXPECT_EQ(p.total, 12 * 2 * 2);
    return ++calls < 5;  // stop during the first model
  });
  EXPECT_TRUE(r.cancelled);
  EXPECT_TRUE(r.entries.empty());
  EXPECT_EQ(r.runId, 0);
  EXPECT_TRUE(evaluationRuns(c).empty());
}

TEST(EvaluationRuns, BadModelSpecFailsBeforeAnyWork) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("bad.vitrine"));
  fillCatalog(c);
  EvaluationJobConfig config;
  config.embedding = "toy";
  config.models = parseRankerSpecs("visrank:maximum,curatornet:missing");
  int calls = 0;
  EXPECT_THROW(runEvaluationJob(c, config, [&](const Progress&) { return ++calls > 0; }), Error);
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(evaluationRuns(c).empty());
}

TEST(TrainingJob, StoresTheModelWithItsConfiguration) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("train.vitrine"));
  fillCatalog(c);
  TrainingJobConfig config;
  config.embedding = "toy";
  config.modelName = "job";
  config.trainTriples = 300;
  config.validationTriples = 60;
  config.seed = 9;
  config.trainer.maxEpochs = 2;
  int epochs = 0;
  std::vector<std::string> stages, notes;
  const TrainingJobResult r = runTrainingJob(
      c, config,
      [&](const TrainingProgress& p) {
        if (p.kind == TrainingProgress::Kind::Epoch) ++epochs;
        return true;
      },
      [&](const std::string& s, TrainingStatusKind kind) {
        (kind == TrainingStatusKind::Stage ? stages : notes).push_back(s);
      });
  EXPECT_TRUE(r.stored);
  EXPECT_EQ(epochs, 2);
  EXPECT_EQ(r.training.history.size(), 2u);
  EXPECT_FALSE(stages.empty());
  // The sampled counts are a note (what the model was trained on), not a stage.
  const auto isCount = [](const std::string& line) { return line.rfind("sampled ", 0) == 0; };
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(), isCount));
  EXPECT_TRUE(std::none_of(stages.begin(), stages.end(), isCount));
  const auto models = storedModels(c);
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].name, "job");
  EXPECT_EQ(models[0].embedding, "toy");
  const auto metrics = nlohmann::json::parse(models[0].metricsJson);
  EXPECT_EQ(metrics["training"]["job"]["seed"], 9);
  EXPECT_EQ(metrics["training"]["job"]["trainer"]["max_epochs"], 2);
  EXPECT_EQ(metrics["training"]["sampling"]["train_triples"], r.trainTriples);
  EXPECT_EQ(metrics["cancelled"], false);
  // The name is taken now; without overwrite a second run fails before any work.
  EXPECT_THROW(runTrainingJob(c, config), Error);
  config.overwrite = true;
  EXPECT_TRUE(runTrainingJob(c, config).stored);
}

TEST(TrainingJob, CancelInTheFirstEpochStoresNothing) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("cancel-train.vitrine"));
  fillCatalog(c);
  TrainingJobConfig config;
  config.embedding = "toy";
  config.modelName = "never";
  config.trainTriples = 300;
  config.validationTriples = 60;
  const TrainingJobResult r = runTrainingJob(c, config, [](const TrainingProgress&) { return false; });
  EXPECT_TRUE(r.training.cancelled);
  EXPECT_FALSE(r.stored);
  EXPECT_TRUE(storedModels(c).empty());
}

TEST(TrainingJob, SelectsByValidationAucOnUsersHeldOutOfTraining) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("select-train.vitrine"));
  fillCatalog(c);
  TrainingJobConfig config;
  config.embedding = "toy";
  config.modelName = "by-auc";
  config.sampling = "random";
  config.select = "auc";
  config.validationUsers = 0.25;
  config.trainTriples = 300;
  config.validationTriples = 60;
  config.trainer.maxEpochs = 2;
  std::vector<std::string> notes;
  const TrainingJobResult r = runTrainingJob(c, config, {}, [&](const std::string& s, TrainingStatusKind kind) {
    if (kind == TrainingStatusKind::Note) notes.push_back(s);
  });
  ASSERT_TRUE(r.stored);
  EXPECT_EQ(r.training.selection, Selection::ValidationAuc);
  const auto metrics = nlohmann::json::parse(storedModels(c)[0].metricsJson);
  // 12 users with 5 training items each after the tutorial hold-out: a quarter is 3 users.
  EXPECT_EQ(metrics["training"]["sampling"]["selection_cases"], 3);
  EXPECT_EQ(metrics["selection"], "auc");
  EXPECT_DOUBLE_EQ(metrics["validation_auc"].get<double>(), r.training.bestValidationAuc);
  EXPECT_EQ(metrics["training"]["job"]["select"], "auc");
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(), [](const std::string& n) {
    return n.find("validation AUC on the last item of 3 users") != std::string::npos;
  }));

  config.select = "loss";
  config.overwrite = true;
  EXPECT_THROW(runTrainingJob(c, config), Error);
  config.select = "auc";
  config.validationUsers = 1.0;
  EXPECT_THROW(runTrainingJob(c, config), Error);
}
