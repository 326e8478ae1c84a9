// model-export --npy / --torchscript (issue 17, "Models"): the reference .npy layout round-trips
// through train --load-reference-npy to identical scores, z-scored models included, and Python's
// torch.jit.load runs the TorchScript file to the same scores (python3-torch when installed).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "ingest/npy.h"
#include "recommend/curatornet.h"
#include "testutil.h"

using vitrine::Catalog;
using vitrine::CuratorNet;
using vitrine::test::cli;
using vitrine::test::TempDir;

namespace {

const std::string kFixture = vitrine::test::dataDir() + "/curatornet-oracle";

std::string makeCatalog(TempDir& d) {
  const std::string catalog = d.file("oracle.vitrine");
  const auto r = cli("import-embeddings --catalog " + catalog + " --name synthetic --npy " + kFixture +
                     "/features.npy --ids " + kFixture + "/item_ids.txt --create-items");
  EXPECT_EQ(r.code, 0) << r.output;
  return catalog;
}

std::vector<float> scores(const std::string& catalog, const std::string& model, const std::vector<int64_t>& profile) {
  Catalog c = Catalog::open(catalog, true);
  const vitrine::EmbeddingMatrix m = c.loadEmbeddingMatrix(CuratorNet::embeddingOf(c, model));
  return CuratorNet::load(c, model, m)->scoreAll(profile);
}

const std::vector<std::vector<int64_t>> kProfiles = {{0}, {3, 17, 42}, {5, 6, 7, 8, 9, 10, 11, 12, 13, 14}};

bool pythonHasTorch() { return std::system("/usr/bin/python3 -c 'import torch, numpy' >/dev/null 2>&1") == 0; }

}  // namespace

TEST(ModelExport, ReferenceNpyRoundTripGivesIdenticalScores) {
  TempDir d;
  const std::string catalog = makeCatalog(d);
  ASSERT_EQ(cli("train --catalog " + catalog + " --embedding synthetic --name ref --load-reference-npy " + kFixture +
                "/weights")
                .code,
            0);
  const auto ex = cli("model-export --catalog " + catalog + " --name ref --npy " + d.file("npy"));
  ASSERT_EQ(ex.code, 0) << ex.output;
  // The tutorial's file names and shapes, PyTorch layout [out, in].
  const std::vector<std::pair<std::string, std::vector<int64_t>>> files = {{"selu_common1.weight.npy", {200, 0}},
                                                                           {"selu_common1.bias.npy", {200}},
                                                                           {"selu_common2.weight.npy", {200, 200}},
                                                                           {"selu_pu1.weight.npy", {300, 400}},
                                                                           {"selu_pu2.weight.npy", {300, 300}},
                                                                           {"selu_pu3.weight.npy", {200, 300}},
                                                                           {"selu_pu3.bias.npy", {200}}};
  for (const auto& [name, shape] : files) {
    const vitrine::NpyArray a = vitrine::readNpyArray(d.file("npy/" + name));
    ASSERT_EQ(a.shape.size(), shape.size()) << name;
    EXPECT_EQ(a.shape[0], shape[0]) << name;
    if (shape.size() == 2 && shape[1] > 0) {
      EXPECT_EQ(a.shape[1], shape[1]) << name;
    }
    // Byte-identical to the reference weights they came from.
    const vitrine::NpyArray ref = vitrine::readNpyArray(kFixture + "/weights/" + name);
    EXPECT_EQ(a.values, ref.values) << name;
  }
  const auto config = nlohmann::json::parse(vitrine::test::readText(d.file("npy/config.json")));
  EXPECT_EQ(config["embedding"], "synthetic");
  EXPECT_EQ(config["max_first"], true);

  ASSERT_EQ(
      cli("train --catalog " + catalog + " --embedding synthetic --name back --load-reference-npy " + d.file("npy"))
          .code,
      0);
  for (const auto& p : kProfiles) EXPECT_EQ(scores(catalog, "ref", p), scores(catalog, "back", p));
}

TEST(ModelExport, ZScoredModelWithAvgMaxPoolingRoundTrips) {
  TempDir d;
  const std::string catalog = makeCatalog(d);
  {
    Catalog c = Catalog::open(catalog);
    const vitrine::EmbeddingMatrix m = c.loadEmbeddingMatrix("synthetic");
    vitrine::CuratorNetConfig cfg;
    cfg.maxFirst = false;  // ORIG's [avg, max]
    cfg.zscore = true;
    cfg.seed = 11;
    CuratorNet net(m, cfg);
    net.save(c, "orig");
  }
  ASSERT_EQ(cli("model-export --catalog " + catalog + " --name orig --npy " + d.file("npy")).code, 0);
  EXPECT_TRUE(std::filesystem::exists(d.file("npy/feature_mean.npy")));
  EXPECT_TRUE(std::filesystem::exists(d.file("npy/feature_std.npy")));
  ASSERT_EQ(
      cli("train --catalog " + catalog + " --embedding synthetic --name back --load-reference-npy " + d.file("npy"))
          .code,
      0);
  for (const auto& p : kProfiles) EXPECT_EQ(scores(catalog, "orig", p), scores(catalog, "back", p));

  // Half of the statistics is refused, naming the file.
  std::filesystem::remove(d.file("npy/feature_std.npy"));
  const auto bad =
      cli("train --catalog " + catalog + " --embedding synthetic --name bad --load-reference-npy " + d.file("npy"));
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.output.find("feature_std.npy"), std::string::npos) << bad.output;
}

TEST(ModelExport, NeedsATargetAndAStoredModel) {
  TempDir d;
  const std::string catalog = makeCatalog(d);
  EXPECT_EQ(cli("model-export --catalog " + catalog + " --name ref").code, 2);
  const auto missing = cli("model-export --catalog " + catalog + " --name nope --npy " + d.file("x"));
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.output.find("nope"), std::string::npos) << missing.output;
}

TEST(ModelExport, TorchScriptRunsInPythonToTheSameScores) {
  TempDir d;
  const std::string catalog = makeCatalog(d);
  {
    Catalog c = Catalog::open(catalog);
    const vitrine::EmbeddingMatrix m = c.loadEmbeddingMatrix("synthetic");
    vitrine::CuratorNetConfig cfg;
    cfg.zscore = true;
    cfg.seed = 5;
    CuratorNet net(m, cfg);
    net.save(c, "z");
  }
  ASSERT_EQ(cli("train --catalog " + catalog + " --embedding synthetic --name ref --load-reference-npy " + kFixture +
                "/weights")
                .code,
            0);
  for (const std::string model : {"ref", "z"}) {
    const std::string pt = d.file(model + ".pt");
    const auto ex = cli("model-export --catalog " + catalog + " --name " + model + " --torchscript " + pt);
    ASSERT_EQ(ex.code, 0) << ex.output;
    ASSERT_GT(std::filesystem::file_size(pt), 1000u);
    if (!pythonHasTorch()) continue;
    // Catalog row r = features.npy row r (import order); Python scores profile {3, 17, 42}.
    const std::string script = d.file("score.py");
    vitrine::test::writeText(script,
                             "import sys, numpy, torch\n"
                             "m = torch.jit.load(sys.argv[1])\n"
                             "f = torch.from_numpy(numpy.load(sys.argv[2]).astype('float32'))\n"
                             "with torch.no_grad():\n"
                             "    s = m(f[[3, 17, 42]], f)\n"
                             "numpy.save(sys.argv[3], s.numpy().reshape(1, -1))\n");
    const std::string out = d.file(model + "-scores.npy");
    ASSERT_EQ(std::system(("/usr/bin/python3 " + script + " " + pt + " " + kFixture + "/features.npy " + out).c_str()),
              0);
    const vitrine::NpyMatrix py = vitrine::readNpy(out);
    const std::vector<float> cpp = scores(catalog, model, {3, 17, 42});
    ASSERT_EQ(py.values.size(), cpp.size());
    for (size_t i = 0; i < cpp.size(); ++i)
      EXPECT_NEAR(py.values[i], cpp[i], 1e-4f * std::max(1.f, std::fabs(cpp[i]))) << model << " item " << i;
  }
  if (!pythonHasTorch()) GTEST_SKIP() << "python3-torch not installed: TorchScript written, not run in Python";
}
