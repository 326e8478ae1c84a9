// vitrine-cli end to end: exit codes and messages a user sees.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "catalog/catalog.h"
#include "eval/runs.h"
#include "imaging/npy.h"
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
  CliRun expBad = cli("export-embeddings --catalog " + catalog + " --name nope --npy " + d.file("x.npy") +
                      " --ids " + d.file("x.txt"));
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
  CliRun ev = cli("evaluate --quiet --catalog " + catalog + " --embedding synthetic --models visrank:maximum "
               "--metrics reference --k 20,100 --json " + d.file("r.json"));
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
  const std::string importEmbeddings = " --name synthetic --npy " + fx + "/features.npy --ids " + fx +
                                       "/item_ids.txt --create-items";
  ASSERT_EQ(cli("import-embeddings --catalog " + catalog + importEmbeddings).code, 0);
  ASSERT_EQ(cli("import-interactions --catalog " + catalog + " --csv " + fx + "/interactions.csv").code, 0);

  CliRun ref = cli("train --catalog " + catalog + " --embedding synthetic --name ref --load-reference-npy " + fx +
                   "/weights");
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

namespace {

// One run with stdout and stderr apart (stderr goes to a file, so it is not a terminal).
struct SplitRun {
  int code = -1;
  std::string out;
  std::string err;
};

SplitRun cliSplit(const std::string& args, const TempDir& d) {
  SplitRun r;
  const std::string errFile = d.file("cli-stderr.txt");
  const std::string cmd = std::string("\"") + VITRINE_CLI_PATH + "\" " + args + " 2>\"" + errFile + "\"";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = vitrine::test::readText(errFile);
  return r;
}

// The first `rows` data rows of the demo metadata (with its header).
std::string demoMetadataSubset(int rows) {
  const std::string meta = vitrine::test::readText(vitrine::test::resourcesDir() + "/demo/metadata.csv");
  std::string subset;
  int lines = 0;
  for (size_t pos = 0; pos < meta.size() && lines <= rows;) {
    const size_t end = meta.find('\n', pos);
    subset += meta.substr(pos, end - pos + 1);
    pos = end + 1;
    ++lines;
  }
  return subset;
}

// True when a line of `help` names the option as "--name" (alone or among its aliases).
bool helpMentions(const std::string& help, const std::string& option) {
  const std::regex re("(^|[ ,])--" + option + "([ ,]|$)");
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);)
    if (std::regex_search(line, re)) return true;
  return false;
}

nlohmann::json parseJson(const std::string& text) {
  EXPECT_TRUE(nlohmann::json::accept(text)) << text;
  return nlohmann::json::accept(text) ? nlohmann::json::parse(text) : nlohmann::json();
}

}  // namespace

// Every command documents every option it accepts (the interface as the README describes it).
TEST(Cli, EveryCommandHelpListsEachOption) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> commands = {
      {"info", {"catalog", "json"}},
      {"import",
       {"catalog", "images", "metadata", "no-metadata", "batch", "max-pixels", "threads", "progress", "quiet", "json"}},
      {"import-embeddings", {"catalog", "name", "npy", "ids", "version", "create-items"}},
      {"import-interactions", {"catalog", "csv"}},
      {"embed", {"catalog", "extractor", "threads", "recompute", "progress", "quiet", "json"}},
      {"list-embeddings", {"catalog", "set-default", "json"}},
      {"export-embeddings", {"catalog", "name", "npy", "ids"}},
      {"knn", {"catalog", "embedding", "label", "json"}},
      {"recommend", {"catalog", "profile", "model", "embedding", "k", "include-profile", "json"}},
      {"evaluate",
       {"catalog", "embedding", "protocol", "models", "metrics", "k", "cases", "cases-ids", "store", "json",
        "progress", "quiet"}},
      {"cluster",
       {"catalog", "embedding", "k", "k-min", "k-max", "pca-dim", "seed", "map", "perplexity", "medoids", "export",
        "progress", "quiet", "json"}},
      {"train",
       {"catalog", "embedding", "name", "overwrite", "load-reference-npy", "sampling", "shares", "holdout", "triples",
        "train-triples", "validation", "validation-triples", "max-profile", "k-clusters", "clusters", "pca-dims",
        "no-profiles", "zscore", "pooling", "epochs", "batch", "lr", "weight-decay", "max-lrs", "seed", "threads",
        "blas-threads", "progress", "quiet", "json"}},
      {"models", {"catalog", "json"}},
      {"model-export", {"catalog", "name", "file"}},
      {"model-import", {"catalog", "file", "name", "overwrite"}},
      {"model-delete", {"catalog", "name"}},
      {"study create",
       {"catalog", "definition", "name", "system-a", "system-b", "list-length", "seed", "blinded", "unblinded",
        "min-profile", "scale", "embedding", "question", "no-preference", "add-profiles", "instructions"}},
      {"study list", {"catalog", "json"}},
      {"study export", {"catalog", "name", "out", "add-profiles-to-interactions"}},
  };
  CliRun all = cli("help");
  ASSERT_EQ(all.code, 0) << all.output;
  for (const auto& [command, options] : commands) {
    CliRun h = cli(command + " --help");
    EXPECT_EQ(h.code, 0) << command << "\n" << h.output;
    EXPECT_NE(h.output.find("Usage: vitrine-cli " + command + " [OPTIONS]"), std::string::npos) << h.output;
    for (const auto& o : options) {
      EXPECT_TRUE(helpMentions(h.output, o)) << command << " --help does not mention --" << o << "\n" << h.output;
      EXPECT_TRUE(helpMentions(all.output, o)) << "help does not mention --" << o;
    }
    EXPECT_NE(all.output.find(command.substr(command.find(' ') + 1)), std::string::npos) << command;
  }
  // `help COMMAND` is the same text as `COMMAND --help`.
  EXPECT_EQ(cli("help import").output, cli("import --help").output);
  EXPECT_EQ(cli("--help").code, 0);
}

TEST(Cli, UsageErrorsExitTwo) {
  TempDir d;
  CliRun stray = cli("evaluate --catalog " + d.file("c.vitrine") + " stray");
  EXPECT_EQ(stray.code, 2) << stray.output;
  EXPECT_NE(stray.output.find("stray"), std::string::npos) << stray.output;
  CliRun unknown = cli("import --catalog " + d.file("c.vitrine") + " --images " + d.path() + " --frobnicate");
  EXPECT_EQ(unknown.code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("--frobnicate"), std::string::npos) << unknown.output;
  EXPECT_FALSE(fs::exists(d.file("c.vitrine")));  // nothing ran
  EXPECT_EQ(cli("info --catalog a --catalog b").code, 2);  // an option given twice
  EXPECT_EQ(cli("study frobnicate --catalog a").code, 2);
  EXPECT_EQ(cli("study").code, 2);
  CliRun badNumber = cli("import --catalog " + d.file("c.vitrine") + " --images " + d.path() + " --no-metadata --batch x");
  EXPECT_EQ(badNumber.code, 2) << badNumber.output;
  EXPECT_NE(badNumber.output.find("--batch expects a whole number"), std::string::npos) << badNumber.output;
}

// Ctrl+C during an import: the child stops after its current batch, keeps what it committed
// and exits with 130.
TEST(Cli, InterruptedImportExits130AndKeepsCommittedRows) {
  TempDir d;
  constexpr int kRows = 80;
  vitrine::test::writeText(d.file("meta.csv"), demoMetadataSubset(kRows));
  const std::string catalog = d.file("demo.vitrine");
  int errPipe[2];
  ASSERT_EQ(pipe(errPipe), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(errPipe[1], STDERR_FILENO);
    const int devNull = open("/dev/null", O_WRONLY);
    dup2(devNull, STDOUT_FILENO);
    close(errPipe[0]);
    const std::string images = vitrine::test::resourcesDir() + "/demo";
    const std::string meta = d.file("meta.csv");
    execl(VITRINE_CLI_PATH, VITRINE_CLI_PATH, "import", "--progress", "--batch", "2", "--threads", "1", "--catalog",
          catalog.c_str(), "--images", images.c_str(), "--metadata", meta.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(errPipe[1]);
  // Wait for the first progress line with committed work ("import: 2/80 (...)"), then interrupt.
  std::string err;
  long long committedWhenSignalled = -1;
  const std::regex progressLine(R"(import: (\d+)/(\d+))");
  std::array<char, 256> buf{};
  ssize_t n = 0;
  while (committedWhenSignalled < 0 && (n = read(errPipe[0], buf.data(), buf.size())) > 0) {
    err.append(buf.data(), size_t(n));
    std::smatch m;
    if (std::regex_search(err, m, progressLine) && std::stoll(m[1]) > 0) {
      committedWhenSignalled = std::stoll(m[1]);
      kill(pid, SIGINT);
    }
  }
  while ((n = read(errPipe[0], buf.data(), buf.size())) > 0) err.append(buf.data(), size_t(n));
  close(errPipe[0]);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_GT(committedWhenSignalled, 0) << err;
  ASSERT_TRUE(WIFEXITED(status)) << err;
  EXPECT_EQ(WEXITSTATUS(status), 130) << err;
  EXPECT_NE(err.find("interrupted"), std::string::npos) << err;
  vitrine::Catalog c = vitrine::Catalog::open(catalog, true);
  EXPECT_GE(c.artworkCount(), committedWhenSignalled);
  EXPECT_LT(c.artworkCount(), kRows) << "the import ran to the end instead of stopping";
  // Running the same import again resumes: the rest is imported, nothing twice.
  CliRun again = cli("import --quiet --catalog " + catalog + " --images " + vitrine::test::resourcesDir() +
                     "/demo --metadata " + d.file("meta.csv"));
  EXPECT_EQ(again.code, 0) << again.output;
  EXPECT_EQ(vitrine::Catalog::open(catalog, true).artworkCount(), kRows);
}

// --json prints one parseable document on stdout for every reporting command; without a
// terminal on stderr (and without --progress) nothing is printed as progress.
TEST(Cli, JsonOnStdoutAndNoProgressWithoutTerminal) {
  TempDir d;
  vitrine::test::writeText(d.file("meta.csv"), demoMetadataSubset(12));
  const std::string catalog = d.file("demo.vitrine");
  const std::string importArgs = "import --catalog " + catalog + " --images " + vitrine::test::resourcesDir() +
                                 "/demo --metadata " + d.file("meta.csv") + " --batch 4";
  SplitRun imp = cliSplit(importArgs + " --json", d);
  ASSERT_EQ(imp.code, 0) << imp.out << imp.err;
  EXPECT_EQ(parseJson(imp.out)["imported"], 12);
  EXPECT_EQ(imp.err, "");  // no progress: stderr is a file

  SplitRun info = cliSplit("info --json --catalog " + catalog, d);
  EXPECT_EQ(info.code, 0) << info.err;
  const auto infoJson = parseJson(info.out);
  EXPECT_EQ(infoJson["artworks"], 12);
  EXPECT_EQ(infoJson["embeddings"][0]["name"], "handcrafted");

  SplitRun embed = cliSplit("embed --json --recompute --catalog " + catalog, d);
  EXPECT_EQ(embed.code, 0) << embed.err;
  EXPECT_EQ(parseJson(embed.out)["computed"], 12);
  EXPECT_EQ(embed.err, "");
  SplitRun embedProgress = cliSplit("embed --progress --recompute --catalog " + catalog, d);
  EXPECT_EQ(embedProgress.code, 0) << embedProgress.err;
  EXPECT_NE(embedProgress.err.find("12/12"), std::string::npos) << embedProgress.err;

  SplitRun list = cliSplit("list-embeddings --json --catalog " + catalog, d);
  EXPECT_EQ(parseJson(list.out)[0]["default"], true);
  SplitRun knn = cliSplit("knn --json --catalog " + catalog + " --embedding handcrafted --label period", d);
  EXPECT_EQ(knn.code, 0) << knn.err;
  EXPECT_EQ(parseJson(knn.out)["evaluated"], 12);
  SplitRun rec = cliSplit("recommend --json --catalog " + catalog + " --profile 866,874 --k 4", d);
  EXPECT_EQ(rec.code, 0) << rec.err;
  EXPECT_EQ(parseJson(rec.out)["recommendations"].size(), 4u);
  SplitRun cl = cliSplit("cluster --json --catalog " + catalog + " --embedding handcrafted --k 3 --pca-dim 0", d);
  EXPECT_EQ(cl.code, 0) << cl.err;
  const auto clusters = parseJson(cl.out);
  EXPECT_EQ(clusters["k"], 3);
  EXPECT_EQ(clusters["clusters"].size(), 3u);
  EXPECT_EQ(cl.err, "");
  SplitRun studies = cliSplit("study list --json --catalog " + catalog, d);
  EXPECT_EQ(studies.code, 0) << studies.err;
  EXPECT_TRUE(parseJson(studies.out).is_array());

  const std::string fx = vitrine::test::dataDir() + "/curatornet-oracle";
  const std::string oracle = d.file("oracle.vitrine");
  ASSERT_EQ(cli("import-embeddings --catalog " + oracle + " --name synthetic --npy " + fx + "/features.npy --ids " +
                fx + "/item_ids.txt --create-items")
                .code,
            0);
  ASSERT_EQ(cli("import-interactions --catalog " + oracle + " --csv " + fx + "/interactions.csv").code, 0);
  SplitRun train = cliSplit("train --json --catalog " + oracle +
                                " --embedding synthetic --name quick --triples 600 --validation 60 --epochs 1",
                            d);
  EXPECT_EQ(train.code, 0) << train.out << train.err;
  const auto trained = parseJson(train.out);
  EXPECT_EQ(trained["stored"], true);
  EXPECT_FALSE(trained["notes"].empty()) << train.out;  // the sampling note is in the document
  EXPECT_EQ(train.err, "");
  SplitRun models = cliSplit("models --json --catalog " + oracle, d);
  EXPECT_EQ(parseJson(models.out)[0]["name"], "quick");
  SplitRun ev = cliSplit("evaluate --json --catalog " + oracle +
                             " --embedding synthetic --models visrank:maximum --metrics reference --k 20",
                         d);
  EXPECT_EQ(ev.code, 0) << ev.err;
  const auto evaluation = parseJson(ev.out);
  EXPECT_EQ(evaluation["cases"], 300);
  EXPECT_NEAR(evaluation["results"][0]["metrics"]["AUC"].get<double>(), 0.8220033388981637, 1e-6) << ev.out;
  EXPECT_EQ(ev.err, "");
}
