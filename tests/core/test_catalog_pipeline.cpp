// The post-import use case (core/pipeline): embedding -> clusters + map -> cold-start CuratorNet,
// on a 40-painting subset of the bundled demo set (resources/demo), with resume and cancel.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "catalog/catalog.h"
#include "cluster/cluster_store.h"
#include "embeddings/embed.h"
#include "ingest/importer.h"
#include "pipeline/catalog_pipeline.h"
#include "recommend/embedding_choice.h"
#include "recommend/curatornet.h"
#include "testutil.h"

namespace fs = std::filesystem;
using namespace vitrine;

namespace {

constexpr int kSubset = 40;

// The first kSubset rows of resources/demo/metadata.csv and their images, copied to `dir`.
void writeDemoSubset(const std::string& dir) {
  const std::string demo = test::resourcesDir() + "/demo";
  fs::create_directories(dir + "/images");
  std::ifstream in(demo + "/metadata.csv");
  ASSERT_TRUE(in) << demo;
  std::ofstream out(dir + "/metadata.csv");
  std::string line;
  std::getline(in, line);
  out << line << "\n";
  for (int n = 0; n < kSubset && std::getline(in, line); ++n) {
    out << line << "\n";
    const std::string id = line.substr(0, line.find(','));
    fs::copy_file(demo + "/images/" + id + ".jpg", dir + "/images/" + id + ".jpg");
  }
}

// A small, quick configuration (the shape of coldStartDefaults, fewer triples and epochs).
CatalogPipelineConfig quickConfig(const std::string& cnn) {
  CatalogPipelineConfig c = CatalogPipelineConfig::coldStartDefaults();
  c.cnnExtractor = cnn;
  c.threads = 2;
  c.clustering.kMax = 6;
  c.layout.tsne.iterations = 300;
  c.layout.tsne.exaggerationIterations = 100;
  c.training.trainTriples = 2000;
  c.training.validationTriples = 300;
  c.training.trainer.maxEpochs = 2;
  c.seed = 7;
  return c;
}

bool cnnWeightsPresent() {
  try {
    makeExtractor("mobilenet_v2");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

class CatalogPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writeDemoSubset(m_dir.file("demo"));
    m_path = m_dir.file("c.vitrine");
    Catalog c = Catalog::openOrCreate(m_path);
    ImportOptions o;
    o.imagesDir = m_dir.file("demo");
    o.metadataCsv = m_dir.file("demo/metadata.csv");
    const ImportReport r = importImages(c, o);
    ASSERT_EQ(r.imported, kSubset) << r.summary();
  }

  // What the first-launch demo must hold: the embedding, a clustering and a map of it covering
  // every artwork, and a CuratorNet model on it that was not cancelled.
  void expectComplete(const std::string& embedding, const CatalogPipelineReport& report) {
    EXPECT_TRUE(report.complete()) << report.summary();
    EXPECT_EQ(report.embedding, embedding);
    ASSERT_EQ(report.steps.size(), 4u);
    Catalog c = Catalog::open(m_path, true);
    EXPECT_EQ(defaultEmbeddingName(c), embedding);
    EXPECT_EQ(int64_t(c.artworkIdsWithEmbedding(embedding).size()), kSubset);
    ASSERT_GT(report.clusterK, 1);
    const auto clustering = loadClustering(c, embedding, report.clusterK, 7);
    ASSERT_TRUE(clustering.has_value());
    EXPECT_EQ(int64_t(clustering->artworkIds.size()), kSubset);
    const auto layout = loadLayout(c, embedding, "tsne", 7);
    ASSERT_TRUE(layout.has_value());
    EXPECT_EQ(layout->xy.size(), size_t(2 * kSubset));
    bool model = false;
    for (const StoredModelInfo& m : storedModels(c))
      if (m.name == report.modelName && m.embedding == embedding) model = true;
    EXPECT_TRUE(model) << "no CuratorNet model " << report.modelName << " on " << embedding;
  }

  test::TempDir m_dir;
  std::string m_path;
};

}  // namespace

TEST_F(CatalogPipelineTest, WithoutCnnCompletesOnHandcraftedAndSaysWhy) {
  Catalog c = Catalog::open(m_path);
  // An extractor name that cannot be made stands for missing weights.
  const CatalogPipelineReport r = runCatalogPipeline(c, quickConfig("torchscript:/nonexistent/model.pt"));
  EXPECT_FALSE(r.cnnUnavailable.empty());
  EXPECT_NE(r.steps[0].detail.find("handcrafted"), std::string::npos) << r.steps[0].detail;
  expectComplete("handcrafted", r);
  for (const PipelineStepReport& s : r.steps) EXPECT_NE(s.status, StepStatus::Failed) << r.summary();
}

TEST_F(CatalogPipelineTest, CnnEmbeddingClustersMapAndModelThenRerunDoesNothing) {
  if (!cnnWeightsPresent()) GTEST_SKIP() << "mobilenet_v2 weights absent (scripts/fetch-cnn-weights.sh build/models)";
  {
    Catalog c = Catalog::open(m_path);
    const CatalogPipelineReport r = runCatalogPipeline(c, quickConfig("mobilenet_v2"));
    EXPECT_TRUE(r.cnnUnavailable.empty());
    for (const PipelineStepReport& s : r.steps) EXPECT_EQ(s.status, StepStatus::Done) << r.summary();
    expectComplete("mobilenet_v2", r);
  }
  Catalog c = Catalog::open(m_path);
  const CatalogPipelineReport again = runCatalogPipeline(c, quickConfig("mobilenet_v2"));
  for (const PipelineStepReport& s : again.steps) EXPECT_EQ(s.status, StepStatus::AlreadyDone) << again.summary();
  expectComplete("mobilenet_v2", again);
}

TEST_F(CatalogPipelineTest, CancelKeepsCommittedStepsAndRerunResumes) {
  const CatalogPipelineConfig config = quickConfig("handcrafted");
  {
    Catalog c = Catalog::open(m_path);
    // Cancel as soon as the map starts: embedding and clustering are committed, the rest is not.
    bool sawMap = false;
    const CatalogPipelineReport r = runCatalogPipeline(c, config, [&](const Progress& p) {
      if (p.stage == "map") sawMap = true;
      return p.stage != "map";
    });
    EXPECT_TRUE(sawMap);
    EXPECT_TRUE(r.cancelled);
    EXPECT_FALSE(r.complete());
    ASSERT_EQ(r.steps.size(), 4u);
    EXPECT_EQ(r.steps[0].status, StepStatus::AlreadyDone);  // the import computed handcrafted
    EXPECT_EQ(r.steps[1].status, StepStatus::Done);
    EXPECT_EQ(r.steps[2].status, StepStatus::Cancelled);
    EXPECT_EQ(r.steps[3].status, StepStatus::NotRun);
    EXPECT_FALSE(loadLayout(c, "handcrafted", "tsne", 7).has_value());
    EXPECT_TRUE(storedModels(c).empty());
  }
  Catalog c = Catalog::open(m_path);
  const CatalogPipelineReport r = runCatalogPipeline(c, config);
  EXPECT_EQ(r.steps[1].status, StepStatus::AlreadyDone) << r.summary();
  EXPECT_EQ(r.steps[2].status, StepStatus::Done) << r.summary();
  EXPECT_EQ(r.steps[3].status, StepStatus::Done) << r.summary();
  expectComplete("handcrafted", r);
}

TEST_F(CatalogPipelineTest, ReadOnlyCatalogIsRefused) {
  Catalog c = Catalog::open(m_path, true);
  EXPECT_THROW(runCatalogPipeline(c, quickConfig("handcrafted")), Error);
}
