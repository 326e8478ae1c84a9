// `evaluate --per-case / --compare`: per-case CSV, means with standard errors and bootstrap CIs,
// paired comparisons; the JSON export validated against docs/schemas/evaluation.schema.json.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "common/csv_writer.h"
#include "ingest/csv.h"
#include "testutil.h"

using vitrine::test::cli;
using vitrine::test::CliRun;
using vitrine::test::TempDir;

namespace {

bool python3Has(const std::string& module) {
  return std::system(("/usr/bin/python3 -c 'import " + module + "' >/dev/null 2>&1").c_str()) == 0;
}

std::string schemaPath() { return vitrine::test::dataDir() + "/../../docs/schemas/evaluation.schema.json"; }

}  // namespace

TEST(EvaluationReport, PerCaseCsvConfidenceIntervalsAndPairedComparisons) {
  TempDir d;
  const std::string fx = vitrine::test::dataDir() + "/curatornet-oracle";
  const std::string catalog = d.file("oracle.vitrine");
  ASSERT_EQ(cli("import-embeddings --catalog " + catalog + " --name synthetic --npy " + fx + "/features.npy --ids " +
                fx + "/item_ids.txt --create-items")
                .code,
            0);
  ASSERT_EQ(cli("import-interactions --catalog " + catalog + " --csv " + fx + "/interactions.csv").code, 0);
  const std::string common = "evaluate --quiet --catalog " + catalog +
                             " --embedding synthetic --models visrank:maximum,visrank:average --k 20 --bootstrap 2000"
                             " --compare visrank:maximum,visrank:average --compare visrank:average,visrank:average";
  CliRun ev = cli(common + " --per-case " + d.file("cases.csv") + " --json " + d.file("r.json"));
  ASSERT_EQ(ev.code, 0) << ev.output;
  EXPECT_NE(ev.output.find("95% CI"), std::string::npos) << ev.output;
  EXPECT_NE(ev.output.find("paired comparison visrank:maximum - visrank:average"), std::string::npos) << ev.output;
  const nlohmann::json j = nlohmann::json::parse(vitrine::test::readText(d.file("r.json")));
  EXPECT_EQ(j["bootstrap"]["resamples"], 2000);

  // The per-case file: every case of every model and metric set; its means are the JSON means.
  vitrine::CsvReader csv = vitrine::CsvReader::fromFile(d.file("cases.csv"));
  ASSERT_EQ(csv.header(),
            (std::vector<std::string>{"model", "metric_set", "case_id", "user_id", "item_id", "metric", "value"}));
  std::map<std::string, std::pair<double, int>> sums;  // model/set/metric -> (sum, n)
  vitrine::CsvRecord rec;
  int64_t rows = 0;
  while (csv.next(rec)) {
    auto& s = sums[rec.fields[0] + "/" + rec.fields[1] + "/" + rec.fields[5]];
    s.first += std::stod(rec.fields[6]);
    s.second += 1;
    EXPECT_FALSE(rec.fields[4].empty());
    ++rows;
  }
  EXPECT_TRUE(csv.issues().empty());
  const auto& results = j["results"];
  ASSERT_EQ(results.size(), 4u);  // 2 models x 2 metric sets
  const size_t metricsPerEntry = results[0]["metrics"].size();
  EXPECT_EQ(rows, int64_t(4 * 300 * metricsPerEntry));
  for (const auto& entry : results) {
    EXPECT_EQ(entry["cases"], 300);
    for (const auto& [metric, summary] : entry["summary"].items()) {
      const auto& s =
          sums[entry["model"].get<std::string>() + "/" + entry["metric_set"].get<std::string>() + "/" + metric];
      ASSERT_EQ(s.second, 300) << metric;
      const double mean = summary["mean"];
      EXPECT_NEAR(s.first / s.second, mean, 1e-12) << metric;
      EXPECT_NEAR(entry["metrics"][metric].get<double>(), mean, 1e-12) << metric;
      EXPECT_LE(summary["ci95"][0].get<double>(), mean);
      EXPECT_GE(summary["ci95"][1].get<double>(), mean);
      EXPECT_GE(summary["standard_error"].get<double>(), 0.0);
    }
  }
  // The parity fixture's VisRank maximum AUC, and its CI around it.
  EXPECT_NEAR(results[0]["summary"]["AUC"]["mean"].get<double>(), 0.8220033388981637, 1e-9);

  // Comparisons: one per pair and metric set; a model against itself differs by exactly 0.
  ASSERT_EQ(j["comparisons"].size(), 4u);
  for (const auto& c : j["comparisons"]) {
    const double diff = c["metrics"]["AUC"]["mean_difference"];
    EXPECT_NEAR(diff, c["metrics"]["AUC"]["mean_a"].get<double>() - c["metrics"]["AUC"]["mean_b"].get<double>(), 1e-12);
    if (c["a"] == c["b"]) {
      EXPECT_EQ(diff, 0.0);
      EXPECT_EQ(c["metrics"]["AUC"]["p_value_wilcoxon"], 1.0);
      EXPECT_EQ(c["metrics"]["AUC"]["p_value_t_test"], 1.0);
    } else {
      EXPECT_LE(c["metrics"]["AUC"]["ci95"][0].get<double>(), diff);
      EXPECT_GE(c["metrics"]["AUC"]["ci95"][1].get<double>(), diff);
    }
  }

  // Same seed, same intervals; another seed moves them.
  CliRun again = cli(common + " --json " + d.file("r2.json"));
  ASSERT_EQ(again.code, 0) << again.output;
  const nlohmann::json j2 = nlohmann::json::parse(vitrine::test::readText(d.file("r2.json")));
  EXPECT_EQ(j2["results"], j["results"]);
  CliRun seeded = cli(common + " --seed 7 --json " + d.file("r3.json"));
  ASSERT_EQ(seeded.code, 0) << seeded.output;
  const nlohmann::json j3 = nlohmann::json::parse(vitrine::test::readText(d.file("r3.json")));
  EXPECT_NE(j3["results"][0]["summary"]["AUC"]["ci95"], j["results"][0]["summary"]["AUC"]["ci95"]);
  EXPECT_EQ(j3["results"][0]["summary"]["AUC"]["mean"], j["results"][0]["summary"]["AUC"]["mean"]);

  // A pair that is not among --models is a usage error.
  EXPECT_EQ(cli(common + " --compare visrank:maximum,random").code, 2);

  // Every export validates against the documented schema (python3-jsonschema when installed).
  if (python3Has("jsonschema")) {
    for (const char* f : {"r.json", "r2.json", "r3.json"}) {
      const std::string cmd =
          "/usr/bin/python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])),"
          " json.load(open(sys.argv[2])))' " +
          d.file(f) + " " + schemaPath() + " 2>&1";
      EXPECT_EQ(std::system(cmd.c_str()), 0) << f;
    }
    // The validator does reject a document that breaks the schema.
    nlohmann::json broken = j;
    broken["results"][0]["summary"]["AUC"].erase("ci95");
    vitrine::test::writeText(d.file("broken.json"), broken.dump());
    const std::string cmd =
        "/usr/bin/python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])),"
        " json.load(open(sys.argv[2])))' " +
        d.file("broken.json") + " " + schemaPath() + " >/dev/null 2>&1";
    EXPECT_NE(std::system(cmd.c_str()), 0);
  } else {
    std::cout << "python3-jsonschema not installed: schema validation skipped\n";
  }
  // The CSV loads with pandas (python3-pandas when installed) with the documented columns.
  if (python3Has("pandas")) {
    const std::string cmd =
        "/usr/bin/python3 -c 'import sys,pandas; f=pandas.read_csv(sys.argv[1]); "
        "assert list(f.columns)==[\"model\",\"metric_set\",\"case_id\",\"user_id\",\"item_id\","
        "\"metric\",\"value\"]; assert len(f)==int(sys.argv[2])' " +
        d.file("cases.csv") + " " + std::to_string(rows);
    EXPECT_EQ(std::system(cmd.c_str()), 0);
  } else {
    std::cout << "python3-pandas not installed: CSV load check skipped\n";
  }
}
