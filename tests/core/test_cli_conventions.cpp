// vitrine-cli conventions shared by every command: --help generated from the option table,
// usage errors (exit 2), Ctrl+C (exit 130, committed work kept), --json on stdout, progress only
// on a terminal or with --progress. (A file of its own: each run of vitrine-cli loads LibTorch.)
#include <fcntl.h>
#include <gtest/gtest.h>
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
#include "testutil.h"

namespace fs = std::filesystem;
using vitrine::test::cli;
using vitrine::test::CliRun;
using vitrine::test::TempDir;

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
       {"catalog", "images", "metadata", "no-metadata", "recursive", "batch", "max-pixels", "threads", "progress",
        "quiet", "json"}},
      {"import-embeddings", {"catalog", "name", "npy", "ids", "version", "create-items"}},
      {"import-interactions", {"catalog", "csv", "json"}},
      {"embed", {"catalog", "extractor", "threads", "recompute", "shard", "npy", "ids", "progress", "quiet", "json"}},
      {"list-embeddings", {"catalog", "set-default", "json"}},
      {"export-embeddings", {"catalog", "name", "npy", "ids"}},
      {"knn", {"catalog", "embedding", "label", "json"}},
      {"recommend", {"catalog", "profile", "model", "embedding", "k", "include-profile", "json"}},
      {"evaluate",
       {"catalog", "embedding", "protocol", "models", "metrics", "k", "cases", "cases-ids", "store", "json", "per-case",
        "compare", "bootstrap", "seed", "progress", "quiet"}},
      {"cluster",
       {"catalog", "embedding", "k", "k-min", "k-max", "pca-dim", "seed", "map", "perplexity", "medoids", "export",
        "progress", "quiet", "json"}},
      {"train",
       {"catalog",
        "embedding",
        "name",
        "overwrite",
        "load-reference-npy",
        "sampling",
        "shares",
        "holdout",
        "triples",
        "train-triples",
        "validation",
        "validation-triples",
        "max-profile",
        "k-clusters",
        "clusters",
        "pca-dims",
        "no-profiles",
        "zscore",
        "pooling",
        "epochs",
        "batch",
        "lr",
        "weight-decay",
        "max-lrs",
        "seed",
        "threads",
        "blas-threads",
        "select",
        "validation-users",
        "progress",
        "quiet",
        "json"}},
      {"models", {"catalog", "json"}},
      {"model-export", {"catalog", "name", "file", "npy", "torchscript"}},
      {"model-import", {"catalog", "file", "name", "overwrite"}},
      {"model-delete", {"catalog", "name"}},
      {"study create",
       {"catalog", "definition", "name", "system-a", "system-b", "list-length", "seed", "blinded", "unblinded",
        "min-profile", "scale", "embedding", "question", "no-preference", "add-profiles", "instructions"}},
      {"study list", {"catalog", "json"}},
      {"study export", {"catalog", "name", "out", "add-profiles-to-interactions"}},
      {"study report", {"catalog", "name", "resamples", "seed", "json"}},
      {"study merge", {"catalog", "from", "name", "json"}},
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
  EXPECT_FALSE(fs::exists(d.file("c.vitrine")));           // nothing ran
  EXPECT_EQ(cli("info --catalog a --catalog b").code, 2);  // an option given twice
  EXPECT_EQ(cli("study frobnicate --catalog a").code, 2);
  EXPECT_EQ(cli("study").code, 2);
  CliRun badNumber =
      cli("import --catalog " + d.file("c.vitrine") + " --images " + d.path() + " --no-metadata --batch x");
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
