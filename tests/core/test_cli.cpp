// vitrine-cli end to end: exit codes and messages a user sees.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "catalog/catalog.h"
#include "eval/runs.h"
#include "ingest/npy.h"
#include "testutil.h"

namespace fs = std::filesystem;
using vitrine::test::TempDir;

using vitrine::test::cli;
using vitrine::test::CliRun;

TEST(Cli, VersionAndUsage) {
  CliRun v = cli("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.output.find("vitrine-cli " VITRINE_VERSION), std::string::npos) << v.output;
  EXPECT_EQ(cli("").code, 2);
  CliRun bad = cli("frobnicate");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("unknown command"), std::string::npos);
  CliRun missing = cli("import --images /nonexistent");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.output.find("--catalog"), std::string::npos) << missing.output;
}

TEST(Cli, ImportDemoSubsetThenEvaluateAndRecommend) {
  TempDir d;
  // Ten demo paintings with their metadata rows keep this test quick.
  const std::string demo = vitrine::test::resourcesDir() + "/demo";
  const std::string meta = vitrine::test::readText(demo + "/metadata.csv");
  std::string subset;
  int lines = 0;
  for (size_t pos = 0; pos < meta.size() && lines < 11;) {
    size_t end = meta.find('\n', pos);
    subset += meta.substr(pos, end - pos + 1);
    pos = end + 1;
    ++lines;
  }
  vitrine::test::writeText(d.file("meta.csv"), subset);
  const std::string catalog = d.file("demo.vitrine");
  CliRun imp = cli("import --quiet --catalog " + catalog + " --images " + demo + " --metadata " + d.file("meta.csv"));
  EXPECT_EQ(imp.code, 0) << imp.output;
  EXPECT_NE(imp.output.find("imported 10"), std::string::npos) << imp.output;
  CliRun again = cli("import --quiet --catalog " + catalog + " --images " + demo + " --metadata " + d.file("meta.csv"));
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.output.find("already present 10"), std::string::npos) << again.output;

  CliRun info = cli("info --catalog " + catalog);
  EXPECT_NE(info.output.find("artworks     10"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("handcrafted"), std::string::npos) << info.output;

  CliRun rec = cli("recommend --catalog " + catalog + " --profile 866 --k 3 --json");
  EXPECT_EQ(rec.code, 0) << rec.output;
  EXPECT_NE(rec.output.find("\"rank\": 3"), std::string::npos) << rec.output;
  EXPECT_EQ(rec.output.find("\"id\": \"866\",\n      \"rank\""), std::string::npos);  // profile excluded
  // 10 artworks, one in the profile: the best of the other nine scores above 8 of them -> 88.89 %.
  EXPECT_NE(rec.output.find("\"percentile\": 88.89,"), std::string::npos) << rec.output;
  // The text list says what its score column means and gives the percentile beside it.
  CliRun recText = cli("recommend --catalog " + catalog + " --profile 866 --k 3");
  EXPECT_EQ(recText.code, 0) << recText.output;
  EXPECT_NE(
      recText.output.find("score: cosine similarity to the profile, aggregated; pct: percentile within the catalog"),
      std::string::npos)
      << recText.output;
  EXPECT_NE(recText.output.find("rank  id"), std::string::npos) << recText.output;
  CliRun unknown = cli("recommend --catalog " + catalog + " --profile nope");
  EXPECT_EQ(unknown.code, 1);
  EXPECT_NE(unknown.output.find("unknown artwork id nope"), std::string::npos) << unknown.output;

  // Embedding is resumable: everything is already stored after import, so nothing is recomputed.
  CliRun emb = cli("embed --quiet --catalog " + catalog + " --extractor handcrafted");
  EXPECT_EQ(emb.code, 0) << emb.output;
  EXPECT_NE(emb.output.find("computed handcrafted for 0 artworks; 10 already had it"), std::string::npos) << emb.output;
  CliRun list = cli("list-embeddings --catalog " + catalog);
  EXPECT_EQ(list.code, 0) << list.output;
  EXPECT_NE(list.output.find("* handcrafted  134-d  10 artworks"), std::string::npos) << list.output;
  CliRun badDefault = cli("list-embeddings --catalog " + catalog + " --set-default resnet50");
  EXPECT_EQ(badDefault.code, 1);
  EXPECT_NE(badDefault.output.find("no embedding named \"resnet50\""), std::string::npos) << badDefault.output;
  CliRun exp = cli("export-embeddings --catalog " + catalog + " --name handcrafted --npy " + d.file("h.npy") +
                   " --ids " + d.file("h.txt"));
  EXPECT_EQ(exp.code, 0) << exp.output;
  {
    vitrine::NpyMatrix m = vitrine::readNpy(d.file("h.npy"));
    EXPECT_EQ(m.rows, 10);
    EXPECT_EQ(m.cols, 134);
    const auto ids = vitrine::readLines(d.file("h.txt"));
    ASSERT_EQ(ids.size(), 10u);
    vitrine::Catalog c = vitrine::Catalog::open(catalog, true);
    auto art = c.artworkByExternalId(ids[3]);
    ASSERT_TRUE(art.has_value()) << ids[3];
    auto v = c.embedding(art->id, "handcrafted");
    ASSERT_TRUE(v.has_value());
    for (int j = 0; j < 134; ++j) EXPECT_EQ((*v)[j], m.values[3 * 134 + j]) << j;
  }
  CliRun expBad = cli("export-embeddings --catalog " + catalog + " --name nope --npy " + d.file("x.npy") + " --ids " +
                      d.file("x.txt"));
  EXPECT_EQ(expBad.code, 1);
  EXPECT_NE(expBad.output.find("no embedding named \"nope\""), std::string::npos) << expBad.output;
  EXPECT_FALSE(fs::exists(d.file("x.npy")));

  // No interactions yet: evaluate explains what is missing.
  CliRun ev = cli("evaluate --catalog " + catalog + " --embedding handcrafted");
  EXPECT_EQ(ev.code, 1);
  EXPECT_NE(ev.output.find("import-interactions"), std::string::npos) << ev.output;
}

TEST(Cli, ImportOfNothingUsableFails) {
  TempDir d;
  fs::create_directories(d.file("imgs"));
  vitrine::test::writeText(d.file("imgs/a.jpg"), "not a jpeg");
  CliRun r = cli("import --quiet --catalog " + d.file("c.vitrine") + " --images " + d.file("imgs") + " --no-metadata");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("a.jpg: not an image"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("imported 0"), std::string::npos) << r.output;
}

TEST(Cli, EvaluateParityFixtureThroughTheCommandLine) {
  TempDir d;
  const std::string fx = vitrine::test::dataDir() + "/curatornet-oracle";
  const std::string catalog = d.file("oracle.vitrine");
  CliRun e = cli("import-embeddings --catalog " + catalog + " --name synthetic --npy " + fx + "/features.npy --ids " +
                 fx + "/item_ids.txt --create-items");
  ASSERT_EQ(e.code, 0) << e.output;
  CliRun i = cli("import-interactions --catalog " + catalog + " --csv " + fx + "/interactions.csv");
  ASSERT_EQ(i.code, 0) << i.output;
  EXPECT_NE(i.output.find("stored 1486"), std::string::npos) << i.output;
  CliRun ev = cli("evaluate --quiet --catalog " + catalog +
                  " --embedding synthetic --models visrank:maximum "
                  "--metrics reference --k 20,100 --json " +
                  d.file("r.json"));
  ASSERT_EQ(ev.code, 0) << ev.output;
  // summary.json: VisRank maximum AUC 0.8220033388981637 over the 300 tutorial cases.
  EXPECT_NE(ev.output.find("0.82200"), std::string::npos) << ev.output;
  const std::string json = vitrine::test::readText(d.file("r.json"));
  EXPECT_NE(json.find("\"protocol\": \"tutorial\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"cases\": 300"), std::string::npos) << json;
}

// `train` (reference weights and from scratch, through the same pipeline as the GUI), the
// model list, a name clash, and comparing the models with `evaluate`.
TEST(Cli, TrainStoreAndCompareModels) {
  TempDir d;
  const std::string fx = vitrine::test::dataDir() + "/curatornet-oracle";
  const std::string catalog = d.file("oracle.vitrine");
  const std::string importEmbeddings =
      " --name synthetic --npy " + fx + "/features.npy --ids " + fx + "/item_ids.txt --create-items";
  ASSERT_EQ(cli("import-embeddings --catalog " + catalog + importEmbeddings).code, 0);
  ASSERT_EQ(cli("import-interactions --catalog " + catalog + " --csv " + fx + "/interactions.csv").code, 0);

  CliRun ref =
      cli("train --catalog " + catalog + " --embedding synthetic --name ref --load-reference-npy " + fx + "/weights");
  ASSERT_EQ(ref.code, 0) << ref.output;
  CliRun quick = cli("train --quiet --catalog " + catalog +
                     " --embedding synthetic --name quick --sampling random --triples 3000 --validation 300 "
                     "--epochs 2 --seed 3");
  ASSERT_EQ(quick.code, 0) << quick.output;
  // 3000 / 300 users = 10 per user; the hold-out is the tutorial's (each user's last interaction).
  EXPECT_NE(quick.output.find("sampled 3000 training and 300 validation triples (random, 300 users, hold-out "
                              "tutorial)"),
            std::string::npos)
      << quick.output;
  EXPECT_NE(quick.output.find("stored model \"quick\""), std::string::npos) << quick.output;
  EXPECT_NE(quick.output.find("hold-out AUC 0."), std::string::npos) << quick.output;

  CliRun clash = cli("train --quiet --catalog " + catalog + " --embedding synthetic --name quick --triples 300");
  EXPECT_NE(clash.code, 0);
  EXPECT_NE(clash.output.find("already exists"), std::string::npos) << clash.output;
  CliRun badSampling = cli("train --catalog " + catalog + " --embedding synthetic --name x --sampling bogus");
  EXPECT_EQ(badSampling.code, 2) << badSampling.output;

  CliRun models = cli("models --catalog " + catalog + " --json");
  ASSERT_EQ(models.code, 0) << models.output;
  EXPECT_NE(models.output.find("\"ref\""), std::string::npos) << models.output;
  EXPECT_NE(models.output.find("\"quick\""), std::string::npos) << models.output;

  CliRun ev = cli("evaluate --quiet --store --catalog " + catalog +
                  " --embedding synthetic --metrics reference --k 20,100 --models curatornet:ref,curatornet:quick");
  ASSERT_EQ(ev.code, 0) << ev.output;
  // summary.json: the reference-trained CuratorNet's AUC on the 300 tutorial cases.
  EXPECT_NE(ev.output.find("curatornet:ref                 0.79668"), std::string::npos) << ev.output;
  EXPECT_NE(ev.output.find("curatornet:quick"), std::string::npos) << ev.output;
  {
    // --store keeps the run where the GUI's Evaluation panel lists past runs.
    vitrine::Catalog c = vitrine::Catalog::open(catalog, true);
    const auto runs = vitrine::evaluationRuns(c);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_NE(runs[0].resultsJson.find("curatornet:quick"), std::string::npos) << runs[0].resultsJson;
    EXPECT_NE(runs[0].configJson.find("\"cases\":300"), std::string::npos) << runs[0].configJson;
  }

  // Cold start: no interactions at all. Random sampling refuses; guidelines train from
  // single-item profiles and say so.
  const std::string cold = d.file("cold.vitrine");
  ASSERT_EQ(cli("import-embeddings --catalog " + cold + importEmbeddings).code, 0);
  CliRun noUsers = cli("train --quiet --catalog " + cold + " --embedding synthetic --name r --sampling random");
  EXPECT_NE(noUsers.code, 0);
  EXPECT_NE(noUsers.output.find("random sampling needs interactions"), std::string::npos) << noUsers.output;
  CliRun coldRun = cli("train --quiet --catalog " + cold +
                       " --embedding synthetic --name g --sampling guidelines --triples 2000 --validation 200 "
                       "--epochs 1");
  ASSERT_EQ(coldRun.code, 0) << coldRun.output;
  EXPECT_NE(coldRun.output.find("cold start"), std::string::npos) << coldRun.output;
  EXPECT_NE(coldRun.output.find("stored model \"g\""), std::string::npos) << coldRun.output;
}

// Issue 18.5: two shards computed separately (`embed --shard I/N`) merge through
// `import-embeddings` into exactly what a single `embed` stores (vectors, ids and version).
TEST(Cli, EmbedShardsMergeToTheSingleMachineResult) {
  TempDir d;
  const std::string demo = vitrine::test::resourcesDir() + "/demo";
  const std::string meta = vitrine::test::readText(demo + "/metadata.csv");
  std::string subset;
  int lines = 0;
  for (size_t pos = 0; pos < meta.size() && lines < 8;) {  // header + 7 paintings: an odd count
    size_t end = meta.find('\n', pos);
    subset += meta.substr(pos, end - pos + 1);
    pos = end + 1;
    ++lines;
  }
  vitrine::test::writeText(d.file("meta.csv"), subset);
  const std::string single = d.file("single.vitrine"), merged = d.file("merged.vitrine");
  for (const auto& cat : {single, merged}) {
    CliRun imp = cli("import --quiet --catalog " + cat + " --images " + demo + " --metadata " + d.file("meta.csv"));
    ASSERT_EQ(imp.code, 0) << imp.output;
  }
  // The handcrafted extractor under another name, so the import's own vectors do not interfere:
  // recompute in the single catalog, shards from the merged one (opened read-only by the shards).
  CliRun one = cli("embed --quiet --recompute --catalog " + single + " --extractor handcrafted");
  ASSERT_EQ(one.code, 0) << one.output;
  {
    vitrine::Catalog c = vitrine::Catalog::open(merged);
    c.deleteEmbedding("handcrafted");
  }
  for (int i = 1; i <= 2; ++i) {
    const std::string s = std::to_string(i);
    CliRun shard = cli("embed --quiet --catalog " + merged + " --extractor handcrafted --shard " + s + "/2 --npy " +
                       d.file("part" + s + ".npy") + " --ids " + d.file("part" + s + ".txt"));
    ASSERT_EQ(shard.code, 0) << shard.output;
    EXPECT_NE(shard.output.find("shard " + s + "/2"), std::string::npos) << shard.output;
  }
  const auto rows1 = vitrine::readNpy(d.file("part1.npy")).rows, rows2 = vitrine::readNpy(d.file("part2.npy")).rows;
  EXPECT_EQ(rows1 + rows2, 7);
  EXPECT_GT(rows1, 0);
  EXPECT_GT(rows2, 0);
  // Shard 2 alone first, then shard 1 in a second run: the rows add up.
  CliRun m2 =
      cli("import-embeddings --catalog " + merged + " --npy " + d.file("part2.npy") + " --ids " + d.file("part2.txt"));
  ASSERT_EQ(m2.code, 0) << m2.output;
  CliRun m1 =
      cli("import-embeddings --catalog " + merged + " --npy " + d.file("part1.npy") + " --ids " + d.file("part1.txt"));
  ASSERT_EQ(m1.code, 0) << m1.output;
  // A second catalog merged from both pairs in one call.
  const std::string both = d.file("both.vitrine");
  CliRun imp = cli("import --quiet --catalog " + both + " --images " + demo + " --metadata " + d.file("meta.csv"));
  ASSERT_EQ(imp.code, 0) << imp.output;
  CliRun pairs = cli("import-embeddings --catalog " + both + " --npy " + d.file("part1.npy") + "," +
                     d.file("part2.npy") + " --ids " + d.file("part1.txt") + "," + d.file("part2.txt"));
  ASSERT_EQ(pairs.code, 0) << pairs.output;
  EXPECT_NE(pairs.output.find("stored 7 "), std::string::npos) << pairs.output;

  vitrine::Catalog a = vitrine::Catalog::open(single, true);
  const auto ref = a.loadEmbeddingMatrix("handcrafted");
  const auto refInfo = a.embeddingInfo("handcrafted");
  ASSERT_EQ(ref.rows(), 7);
  for (const auto& path : {merged, both}) {
    vitrine::Catalog b = vitrine::Catalog::open(path, true);
    const auto got = b.loadEmbeddingMatrix("handcrafted");
    EXPECT_EQ(got.externalIds, ref.externalIds) << path;
    EXPECT_EQ(got.values, ref.values) << path;  // bit for bit
    EXPECT_EQ(b.embeddingInfo("handcrafted")->version, refInfo->version) << path;
  }
  // Mismatched pairs and a bad shard are usage errors.
  EXPECT_EQ(cli("import-embeddings --catalog " + both + " --npy " + d.file("part1.npy") + "," + d.file("part2.npy") +
                " --ids " + d.file("part1.txt"))
                .code,
            2);
  EXPECT_EQ(cli("embed --catalog " + merged + " --shard 3/2 --npy x.npy --ids x.txt").code, 2);
}
