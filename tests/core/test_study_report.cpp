// Study report and multi-station merge (issue 17 item 3): ratings per system over participants,
// paired comparison, preference sign test, completion times; merging copies of a catalog.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "catalog/catalog.h"
#include "eval/statistics.h"
#include "study/merge.h"
#include "study/report.h"
#include "study/study.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::TempDir;
namespace fs = std::filesystem;

namespace {

void fillCatalog(Catalog& c, int n = 30) {
  std::mt19937 rng(11);
  std::normal_distribution<float> nd;
  c.registerExtractor("handcrafted", 8, "test");
  for (int i = 0; i < n; ++i) {
    Artwork a;
    a.externalId = "art" + std::to_string(i);
    const int64_t id = c.insertArtwork(a);
    std::vector<float> v(8);
    for (auto& x : v) x = nd(rng);
    c.putEmbedding(id, "handcrafted", v);
  }
}

StudyDefinition definition() {
  StudyDefinition d;
  d.name = "pilot";
  d.systemA = "visrank:maximum";
  d.systemB = "random";
  d.listLength = 4;
  d.seed = 3;
  d.minProfile = 3;
  d.scale = 5;
  d.questions = {};
  return d;
}

// One finished session in which every item of system A's list gets `ratingA`, every item of
// B's list `ratingB`, and the participant prefers `preferred` ("A", "B" or "" for no answer).
void runSession(Catalog& c, const std::string& participant, int ratingA, int ratingB, const std::string& preferred) {
  StudySession s = StudySession::startOrResume(c, "pilot", participant);
  for (int64_t id : {1, 2, 3}) s.addToProfile(id);
  for (const auto& l : s.showLists())
    for (const auto& item : l.items) s.rate(l.label, item.artworkId, l.system == "A" ? ratingA : ratingB);
  for (const auto& l : s.state().lists)
    if (l.system == preferred) s.answer("preferred", l.label);
  s.finish();
}

}  // namespace

TEST(Statistics, SignTestMatchesTheBinomialDistribution) {
  EXPECT_DOUBLE_EQ(stats::signTestTwoSidedP(0, 0), 1.0);
  EXPECT_NEAR(stats::signTestTwoSidedP(5, 1), 2.0 * 7.0 / 64.0, 1e-12);  // 2 (C(6,0)+C(6,1)) / 2^6
  EXPECT_NEAR(stats::signTestTwoSidedP(1, 5), 2.0 * 7.0 / 64.0, 1e-12);
  EXPECT_NEAR(stats::signTestTwoSidedP(0, 10), 2.0 / 1024.0, 1e-12);
  EXPECT_DOUBLE_EQ(stats::signTestTwoSidedP(10, 10), 1.0);
  // exact: 2 * sum_{i <= 40} C(100, i) / 2^100 = 0.05688793364098079
  EXPECT_NEAR(stats::signTestTwoSidedP(40, 60), 0.056887933640980784, 1e-9);
  // large n stays finite (log-space sum)
  const double p = stats::signTestTwoSidedP(2400, 2600);
  EXPECT_GT(p, 0.0);
  EXPECT_LT(p, 0.01);
}

TEST(StudyReport, RatingsPreferencesAndTimesPerParticipant) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  fillCatalog(c);
  createStudy(c, definition());
  const std::vector<int> a = {5, 4, 5, 3, 4, 5}, b = {2, 3, 2, 3, 1, 2};
  for (size_t i = 0; i < a.size(); ++i) runSession(c, "p" + std::to_string(i), a[i], b[i], i < 5 ? "A" : "B");
  StudySession::startOrResume(c, "pilot", "dropout");  // started, never rated: no observation

  const StudyReport r = studyReport(c, "pilot", {/*resamples=*/2000, /*seed=*/9, 0.95});
  EXPECT_EQ(r.sessions, 7);
  EXPECT_EQ(r.finished, 6);
  EXPECT_EQ(r.systemA.participants, 6);
  EXPECT_EQ(r.systemA.ratings, 24);
  EXPECT_NEAR(r.systemA.meanRating, 26.0 / 6.0, 1e-12);
  EXPECT_NEAR(r.systemB.meanRating, 13.0 / 6.0, 1e-12);
  EXPECT_NEAR(r.systemA.standardError, stats::standardError({5, 4, 5, 3, 4, 5}), 1e-12);
  EXPECT_LE(r.systemA.ci95.low, r.systemA.meanRating);
  EXPECT_GE(r.systemA.ci95.high, r.systemA.meanRating);
  EXPECT_GT(r.systemA.ci95.low, r.systemB.ci95.high);  // clearly separated here
  ASSERT_EQ(r.systemA.byPosition.size(), 4u);
  for (const auto& p : r.systemA.byPosition) {
    EXPECT_EQ(p.ratings, 6);
    EXPECT_NEAR(p.mean, 26.0 / 6.0, 1e-12);
  }
  EXPECT_EQ(r.systemA.shownLeft + r.systemA.shownRight, 6);
  EXPECT_EQ(r.paired.n, 6u);
  EXPECT_NEAR(r.paired.meanDifference, 13.0 / 6.0, 1e-12);
  EXPECT_LT(r.paired.tPValue, 0.05);
  EXPECT_EQ(r.preference.preferA, 5);
  EXPECT_EQ(r.preference.preferB, 1);
  EXPECT_EQ(r.preference.noAnswer, 1);
  EXPECT_NEAR(r.preference.signTestPValue, 2.0 * 7.0 / 64.0, 1e-12);
  EXPECT_EQ(r.time.finished, 6);
  EXPECT_LE(r.time.minSeconds, r.time.medianSeconds);
  EXPECT_LE(r.time.medianSeconds, r.time.maxSeconds);

  const auto j = nlohmann::json::parse(r.toJson());
  EXPECT_EQ(j["systems"][0]["system"], "A");
  EXPECT_EQ(j["preference"]["prefer_a"], 5);
  EXPECT_TRUE(j["paired"].contains("p_value_wilcoxon"));
  EXPECT_EQ(j["bootstrap"]["resamples"], 2000);
  EXPECT_NE(r.toText().find("sign test p = 0.2188"), std::string::npos) << r.toText();
  EXPECT_THROW(studyReport(c, "nope"), Error);
}

// One participant: no paired test and no sign test can be computed; the report says so instead of
// printing p = 1.
TEST(StudyReport, OneParticipantHasNoPValues) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  fillCatalog(c);
  createStudy(c, definition());
  runSession(c, "solo", 5, 2, "");
  const StudyReport r = studyReport(c, "pilot", {/*resamples=*/500, /*seed=*/1, 0.95});
  EXPECT_EQ(r.paired.n, 1u);
  EXPECT_FALSE(r.pairedTestsDefined());
  EXPECT_FALSE(r.signTestDefined());
  const auto j = nlohmann::json::parse(r.toJson());
  EXPECT_TRUE(j["paired"]["p_value_t"].is_null());
  EXPECT_TRUE(j["paired"]["p_value_wilcoxon"].is_null());
  EXPECT_TRUE(j["preference"]["p_value_sign_test"].is_null());
  const std::string text = r.toText();
  EXPECT_NE(text.find("p = n/a (they need at least 2 participants)"), std::string::npos) << text;
  EXPECT_NE(text.find("sign test p = n/a"), std::string::npos) << text;
  EXPECT_EQ(text.find("p = 1.0"), std::string::npos) << text;
}

TEST(StudyMerge, StationsMergeOnceAndConflictsAreNamed) {
  TempDir dir;
  const std::string master = dir.file("master.vitrine");
  {
    Catalog c = Catalog::create(master);
    fillCatalog(c);
  }
  // Two stations run the study on their own copies of the catalog (before the study existed in
  // the master: merging creates it there).
  const std::string s1 = dir.file("station1.vitrine"), s2 = dir.file("station2.vitrine");
  fs::copy_file(master, s1);
  fs::copy_file(master, s2);
  {
    Catalog c = Catalog::open(s1);
    createStudy(c, definition());
    runSession(c, "p1", 5, 2, "A");
    runSession(c, "p2", 4, 3, "A");
  }
  {
    Catalog c = Catalog::open(s2);
    createStudy(c, definition());
    runSession(c, "p3", 3, 3, "B");
    runSession(c, "p1", 1, 1, "");  // the same pseudonym used on two stations: a conflict
  }
  Catalog c = Catalog::open(master);
  StudyMergeReport m1 = mergeStudy(c, s1, "pilot");
  EXPECT_TRUE(m1.createdStudy);
  EXPECT_EQ(m1.sessionsAdded, 2);
  EXPECT_GT(m1.eventsAdded, 10);
  EXPECT_TRUE(m1.conflicts.empty());
  StudyMergeReport again = mergeStudy(c, s1, "pilot");
  EXPECT_EQ(again.sessionsAdded, 0);
  EXPECT_EQ(again.duplicatesSkipped, 2);
  StudyMergeReport m2 = mergeStudy(c, s2, "pilot");
  EXPECT_FALSE(m2.createdStudy);
  EXPECT_EQ(m2.sessionsAdded, 1);
  ASSERT_EQ(m2.conflicts.size(), 1u);
  EXPECT_NE(m2.conflicts[0].find("\"p1\""), std::string::npos) << m2.conflicts[0];

  // The merged catalog reports the three participants exactly like a single station would.
  const StudyReport r = studyReport(c, "pilot");
  EXPECT_EQ(r.sessions, 3);
  EXPECT_EQ(r.finished, 3);
  EXPECT_NEAR(r.systemA.meanRating, 4.0, 1e-12);
  EXPECT_EQ(r.preference.preferA, 2);
  EXPECT_EQ(r.preference.preferB, 1);
  // The merged events replay into the same session state as on the station.
  StudySession merged = StudySession::startOrResume(c, "pilot", "p2");
  EXPECT_TRUE(merged.state().finished);
  EXPECT_EQ(merged.state().profile.size(), 3u);

  // A study of the same name with another definition is refused, naming the source.
  const std::string other = dir.file("other.vitrine");
  fs::copy_file(master, other);
  {
    Catalog o = Catalog::open(other);
    StudyDefinition d = definition();
    d.listLength = 6;
    createStudy(o, d);
  }
  try {
    mergeStudy(c, other, "pilot");
    FAIL() << "a different definition must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("other.vitrine"), std::string::npos) << e.what();
  }

  // A different catalog (other artworks under the same row ids) is a conflict, not a silent merge.
  const std::string foreign = dir.file("foreign.vitrine");
  {
    Catalog f = Catalog::create(foreign);
    f.registerExtractor("handcrafted", 8, "test");
    std::mt19937 rng(5);
    std::normal_distribution<float> nd;
    for (int i = 0; i < 30; ++i) {
      Artwork a;
      a.externalId = "other" + std::to_string(i);
      const int64_t id = f.insertArtwork(a);
      std::vector<float> v(8);
      for (auto& x : v) x = nd(rng);
      f.putEmbedding(id, "handcrafted", v);
    }
    createStudy(f, definition());
    runSession(f, "p9", 2, 2, "B");
  }
  StudyMergeReport m3 = mergeStudy(c, foreign, "pilot");
  EXPECT_EQ(m3.sessionsAdded, 0);
  ASSERT_EQ(m3.conflicts.size(), 1u);
  EXPECT_NE(m3.conflicts[0].find("\"other"), std::string::npos) << m3.conflicts[0];
  EXPECT_THROW(mergeStudy(c, dir.file("missing.vitrine"), "pilot"), Error);
}

// The command line: `study merge` (comma-separated stations, JSON report, exit 1 on a conflict)
// and `study report --json` on the merged catalog.
TEST(StudyCli, MergeAndReport) {
  TempDir dir;
  const std::string master = dir.file("master.vitrine");
  {
    Catalog c = Catalog::create(master);
    fillCatalog(c);
    createStudy(c, definition());
  }
  const std::string s1 = dir.file("s1.vitrine"), s2 = dir.file("s2.vitrine");
  fs::copy_file(master, s1);
  fs::copy_file(master, s2);
  {
    Catalog c = Catalog::open(s1);
    runSession(c, "p1", 5, 1, "A");
  }
  {
    Catalog c = Catalog::open(s2);
    runSession(c, "p2", 3, 2, "A");
  }
  auto merge =
      vitrine::test::cli("study merge --json --catalog " + master + " --from " + s1 + "," + s2 + " --name pilot");
  ASSERT_EQ(merge.code, 0) << merge.output;
  const auto m = nlohmann::json::parse(merge.output);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0]["sessions_added"], 1);
  EXPECT_EQ(m[1]["sessions_added"], 1);

  auto report = vitrine::test::cli("study report --json --catalog " + master + " --name pilot --resamples 500");
  ASSERT_EQ(report.code, 0) << report.output;
  const auto r = nlohmann::json::parse(report.output);
  EXPECT_EQ(r["sessions"], 2);
  EXPECT_DOUBLE_EQ(r["systems"][0]["mean_rating"].get<double>(), 4.0);
  EXPECT_EQ(r["bootstrap"]["resamples"], 500);
  auto text = vitrine::test::cli("study report --catalog " + master + " --name pilot");
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.output.find("preferred: A 2, B 0"), std::string::npos) << text.output;

  {
    Catalog c = Catalog::open(s1);
    runSession(c, "p2", 1, 1, "B");  // p2 again, on another station: a conflict
  }
  auto conflict = vitrine::test::cli("study merge --catalog " + master + " --from " + s1 + " --name pilot");
  EXPECT_EQ(conflict.code, 1) << conflict.output;
  EXPECT_NE(conflict.output.find("\"p2\""), std::string::npos) << conflict.output;
  EXPECT_EQ(vitrine::test::cli("study report --catalog " + master + " --name nope").code, 1);
  EXPECT_EQ(vitrine::test::cli("study report --catalog " + master).code, 2);  // --name missing
}
