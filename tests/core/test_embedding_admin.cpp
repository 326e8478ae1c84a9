// Embeddings dialog core (issue 15.3): deleting an embedding with what was computed from it,
// the measured time estimate, and the import report line shared with vitrine-cli.
#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "cluster/cluster_store.h"
#include "embeddings/embed.h"
#include "recommend/embedding_choice.h"
#include "embeddings/embedding_admin.h"
#include "embeddings/handcrafted.h"
#include "imaging/image.h"
#include "ingest/dataset_import.h"
#include "ingest/npy.h"
#include "recommend/curatornet.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::TempDir;
using vitrine::test::writeText;

namespace {

// `n` artworks "a0".."a{n-1}", each with a small solid-colour thumbnail.
Catalog makeCatalog(const std::string& path, int n) {
  Catalog c = Catalog::create(path);
  for (int i = 0; i < n; ++i) {
    Artwork a;
    a.externalId = "a" + std::to_string(i);
    const int64_t id = c.insertArtwork(a);
    Image img;
    img.width = 32;
    img.height = 24;
    img.rgb.assign(static_cast<size_t>(img.width * img.height * 3), static_cast<unsigned char>(40 * i + 10));
    Thumbnail t;
    t.width = img.width;
    t.height = img.height;
    t.bytes = encodeJpeg(img, 90);
    c.putThumbnail(id, t);
  }
  return c;
}

void storeVectors(Catalog& c, const std::string& name, int dim) {
  c.registerExtractor(name, dim, "v1");
  for (int64_t id : c.artworkIds())
    c.putEmbedding(id, name, std::vector<float>(static_cast<size_t>(dim), static_cast<float>(id)));
}

}  // namespace

TEST(EmbeddingAdmin, DeleteRemovesVectorsClusteringsMapsModelsAndTheDefault) {
  TempDir d;
  Catalog c = makeCatalog(d.file("c.vitrine"), 4);
  storeVectors(c, "alpha", 3);
  storeVectors(c, "beta", 2);
  const std::vector<int64_t> ids = c.artworkIds();
  saveClustering(c, "alpha", 2, 7, "{}", ids, {0, 1, 0, 1});
  saveClustering(c, "beta", 2, 7, "{}", ids, {1, 1, 0, 0});
  saveLayout(c, "alpha", "pca", 1, "{}", ids, std::vector<float>(8, 0.5f));
  c.exec("INSERT INTO models(name, kind, extractor) VALUES('cn-alpha', 'curatornet', 'alpha')");
  c.exec("INSERT INTO models(name, kind, extractor) VALUES('cn-beta', 'curatornet', 'beta')");
  setDefaultEmbeddingName(c, "alpha");
  c.setSetting(kComputedEmbeddingSetting, "alpha");

  const EmbeddingDependents before = embeddingDependents(c, "alpha");
  EXPECT_EQ(before.vectors, 4);
  EXPECT_EQ(before.clusterings, 1);
  EXPECT_EQ(before.layouts, 1);
  EXPECT_EQ(before.models, std::vector<std::string>{"cn-alpha"});
  EXPECT_TRUE(before.wasDefault);

  const EmbeddingDependents gone = deleteEmbeddingAndDependents(c, "alpha");
  EXPECT_EQ(gone.vectors, 4);
  EXPECT_EQ(gone.models, std::vector<std::string>{"cn-alpha"});
  EXPECT_FALSE(c.embeddingInfo("alpha"));
  EXPECT_FALSE(c.embedding(ids[0], "alpha"));
  EXPECT_FALSE(loadClustering(c, "alpha", 2, 7));
  EXPECT_TRUE(loadClustering(c, "beta", 2, 7));
  EXPECT_TRUE(listLayouts(c).empty());
  const std::vector<StoredModelInfo> models = storedModels(c);
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].name, "cn-beta");
  EXPECT_FALSE(c.setting(kDefaultEmbeddingSetting));
  EXPECT_FALSE(c.setting(kComputedEmbeddingSetting));
  EXPECT_EQ(defaultEmbeddingName(c), "beta");  // the fallback rule of defaultEmbeddingName
  // The other embedding is untouched, and the assignments of the deleted clustering went with it.
  EXPECT_EQ(c.embeddingInfo("beta")->count, 4);
  EXPECT_EQ(loadClustering(c, "beta", 2, 7)->artworkIds.size(), 4u);
}

TEST(EmbeddingAdmin, DeletingAnUnknownEmbeddingSaysSoAndChangesNothing) {
  TempDir d;
  Catalog c = makeCatalog(d.file("c.vitrine"), 2);
  storeVectors(c, "alpha", 3);
  try {
    deleteEmbeddingAndDependents(c, "gamma");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no embedding named \"gamma\""), std::string::npos) << e.what();
  }
  EXPECT_EQ(c.embeddingInfo("alpha")->count, 2);
}

TEST(EmbeddingAdmin, EstimateMeasuresASampleStoresNothingAndCountsWhatRemains) {
  TempDir d;
  Catalog c = makeCatalog(d.file("c.vitrine"), 5);
  HandcraftedExtractor handcrafted;
  // Two artworks already hold the current version: they are not part of the remaining work.
  c.registerExtractor(handcrafted.name(), handcrafted.dimension(), handcrafted.version());
  const std::vector<int64_t> ids = c.artworkIds();
  for (int i = 0; i < 2; ++i)
    c.putEmbedding(ids[static_cast<size_t>(i)], handcrafted.name(),
                   std::vector<float>(static_cast<size_t>(handcrafted.dimension()), 0.f));

  const EmbedEstimate e = estimateEmbedding(c, handcrafted, 2, 1);
  EXPECT_EQ(e.remaining, 3);
  EXPECT_EQ(e.sampled, 2);
  EXPECT_GT(e.sampleSeconds, 0.0);
  EXPECT_DOUBLE_EQ(e.secondsPerArtwork, e.sampleSeconds / 2);
  EXPECT_DOUBLE_EQ(e.estimatedSeconds, e.secondsPerArtwork * 3);
  EXPECT_EQ(c.embeddingInfo(handcrafted.name())->count, 2);  // nothing stored by the measurement

  // Everything computed: nothing remains and nothing is sampled.
  computeEmbeddings(c, handcrafted, 1);
  const EmbedEstimate none = estimateEmbedding(c, handcrafted, 2, 1);
  EXPECT_EQ(none.remaining, 0);
  EXPECT_EQ(none.sampled, 0);
  EXPECT_EQ(none.estimatedSeconds, 0.0);
}

TEST(EmbeddingAdmin, ImportSummaryIsTheCliLine) {
  TempDir d;
  NpyMatrix m;
  m.rows = 2;
  m.cols = 3;
  m.values = {1, 2, 3, 4, 5, 6};
  writeNpy(d.file("v.npy"), m);
  writeText(d.file("ids.txt"), "x\ny\n");
  Catalog c = Catalog::create(d.file("c.vitrine"));
  const EmbeddingImportResult r = importEmbeddings(c, "ext", d.file("v.npy"), d.file("ids.txt"), true);
  EXPECT_EQ(r.summary("ext"), "stored 2 3-d vectors as \"ext\" (2 artworks created)");
  const auto run = vitrine::test::cli("import-embeddings --catalog " + d.file("c2.vitrine") + " --name ext --npy " +
                                      d.file("v.npy") + " --ids " + d.file("ids.txt") + " --create-items");
  EXPECT_EQ(run.code, 0) << run.output;
  EXPECT_NE(run.output.find(r.summary("ext")), std::string::npos) << run.output;
}
