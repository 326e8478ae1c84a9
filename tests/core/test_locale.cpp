// Exported numbers do not depend on the user's locale (issue 17): with a German locale (decimal
// comma, "." grouping) in both the C library (what QApplication sets from the environment) and
// the C++ global locale, CSV and JSON exports still write 0.125 and 1234.
#include <gtest/gtest.h>

#include <clocale>
#include <cstdio>
#include <locale>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cluster/cluster_store.h"
#include "eval/runs.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::readText;
using vitrine::test::TempDir;

namespace {

// A decimal comma and "." thousands grouping, whatever locales the machine has generated.
struct GermanPunct : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\3"; }
};

class GermanLocale : public ::testing::Test {
 protected:
  void SetUp() override {
    m_previousC = std::setlocale(LC_ALL, nullptr);
    m_previousCpp = std::locale();
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "de_DE", "German_Germany.1252"}) {
      if (std::setlocale(LC_ALL, name)) {
        m_cLocale = name;
        break;
      }
    }
    std::locale::global(std::locale(std::locale::classic(), new GermanPunct));
  }
  void TearDown() override {
    std::locale::global(m_previousCpp);
    std::setlocale(LC_ALL, m_previousC.c_str());
  }
  std::string m_previousC;
  std::locale m_previousCpp;
  std::string m_cLocale;  // empty: no German C locale generated here (C++ streams still German)
};

}  // namespace

TEST_F(GermanLocale, TheTestLocaleReallyWritesCommas) {
  std::ostringstream cpp;
  cpp << 1234.5;
  EXPECT_EQ(cpp.str(), "1.234,5") << "the C++ global locale is not the comma locale";
  if (m_cLocale.empty()) {
    std::printf("note: no German C locale (generate de_DE.UTF-8: scripts/setup.sh); C library part not covered\n");
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", 0.125);
    EXPECT_STREQ(buf, "0,125") << "setlocale(" << m_cLocale << ") did not switch the decimal point";
  }
}

TEST_F(GermanLocale, ClusterCsvWritesDecimalPoints) {
  TempDir dir;
  const std::string path = dir.file("clusters.csv");
  writeClusterCsv(path, {"a", "b"}, {1234, 7}, {0.125f, -1.5f, 2048.25f, 3.0f});
  EXPECT_EQ(readText(path), "artwork_id,cluster,x,y\r\na,1234,0.125,-1.5\r\nb,7,2048.25,3\r\n");
}

TEST_F(GermanLocale, EvaluationJsonWritesDecimalPoints) {
  EvaluationResult r;
  r.model = "visrank:maximum";
  r.modelConfig = "{}";
  r.cases = 1234;
  r.metrics["auc"] = 0.125;
  r.metrics["ndcg@10"] = 1234.5;
  const std::string text = evaluationEntryJson(RankerSpec::parse("visrank:maximum"), MetricSet::Standard, r);
  EXPECT_NE(text.find("0.125"), std::string::npos) << text;
  EXPECT_NE(text.find("1234.5"), std::string::npos) << text;
  EXPECT_EQ(text.find("0,125"), std::string::npos) << text;
  const auto j = nlohmann::json::parse(text);
  EXPECT_DOUBLE_EQ(j.at("metrics").at("auc").get<double>(), 0.125);
  EXPECT_EQ(j.at("cases").get<int64_t>(), 1234);
}
