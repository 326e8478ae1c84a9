// Designing studies (issue 15 item 4): edit until the first participant starts, duplicate,
// delete with the sessions, the sessions overview, and the report files the designer exports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "catalog/catalog.h"
#include "study/report.h"
#include "study/study.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::TempDir;

namespace {

std::vector<int64_t> fillCatalog(Catalog& c, int n = 30) {
  std::mt19937 rng(3);
  std::normal_distribution<float> nd;
  c.registerExtractor("handcrafted", 6, "test");
  std::vector<int64_t> ids;
  for (int i = 0; i < n; ++i) {
    Artwork a;
    a.externalId = "art" + std::to_string(i);
    const int64_t id = c.insertArtwork(a);
    std::vector<float> v(6);
    for (auto& x : v) x = nd(rng);
    c.putEmbedding(id, "handcrafted", v);
    ids.push_back(id);
  }
  return ids;
}

StudyDefinition definition(const std::string& name) {
  StudyDefinition d;
  d.name = name;
  d.systemA = "visrank:maximum";
  d.systemB = "random";
  d.listLength = 3;
  d.seed = 5;
  d.minProfile = 2;
  d.scale = 4;
  return d;
}

// Runs a whole session of `participant` (profile of two, every item rated, finished).
void runSession(Catalog& c, const std::string& study, const std::string& participant, const std::vector<int64_t>& ids,
                bool finish) {
  StudySession s = StudySession::startOrResume(c, study, participant);
  s.addToProfile(ids[0]);
  s.addToProfile(ids[1]);
  if (!finish) return;
  for (const auto& l : s.showLists())
    for (const auto& item : l.items) s.rate(l.label, item.artworkId, 3);
  s.answer("preferred", s.state().lists[0].label);
  s.finish();
}

std::string readFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

TEST(StudyDesign, EditUntilTheFirstParticipantStarts) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  const auto ids = fillCatalog(c);
  createStudy(c, definition("pilot"));
  createStudy(c, definition("other"));

  StudyDefinition changed = definition("pilot v2");
  changed.systemA = "visrank:average_top_k:2";
  changed.blinded = false;
  changed.shuffleGrid = false;
  changed.instructions = "Choose two.";
  changed.questions = {"One?", "Two?"};
  updateStudy(c, "pilot", changed);
  EXPECT_FALSE(findStudy(c, "pilot"));
  auto stored = findStudy(c, "pilot v2");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->definition.toJson(), changed.toJson());
  EXPECT_EQ(studyLockReason(*stored), "");

  // Refused: unknown study, a taken name, an invalid definition, a system that cannot be built.
  EXPECT_THROW(updateStudy(c, "nope", changed), Error);
  EXPECT_THROW(updateStudy(c, "pilot v2", definition("other")), Error);
  StudyDefinition bad = changed;
  bad.scale = 1;
  EXPECT_THROW(updateStudy(c, "pilot v2", bad), Error);
  bad = changed;
  bad.systemB = "curatornet:missing";
  EXPECT_THROW(updateStudy(c, "pilot v2", bad), Error);
  EXPECT_EQ(findStudy(c, "pilot v2")->definition.toJson(), changed.toJson());  // nothing changed

  // Once a participant has started, the design is fixed and the message says why.
  runSession(c, "pilot v2", "P1", ids, false);
  stored = findStudy(c, "pilot v2");
  const std::string reason = studyLockReason(*stored);
  EXPECT_NE(reason.find("1 participant session"), std::string::npos) << reason;
  EXPECT_NE(reason.find("duplicate"), std::string::npos) << reason;
  StudyDefinition later = changed;
  later.listLength = 7;
  try {
    updateStudy(c, "pilot v2", later);
    FAIL() << "an edit after a session started was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("pilot v2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("duplicate"), std::string::npos) << e.what();
  }
  EXPECT_EQ(findStudy(c, "pilot v2")->definition.listLength, 3);
}

TEST(StudyDesign, DuplicateCopiesTheDesignNotTheSessions) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  const auto ids = fillCatalog(c);
  StudyDefinition d = definition("pilot");
  d.questions = {"Why?"};
  d.addProfilesToInteractions = true;
  createStudy(c, d);
  runSession(c, "pilot", "P1", ids, true);

  EXPECT_EQ(duplicateStudy(c, "pilot"), "pilot (copy)");
  EXPECT_EQ(duplicateStudy(c, "pilot"), "pilot (copy 2)");
  EXPECT_EQ(duplicateStudy(c, "pilot", "main study"), "main study");
  EXPECT_THROW(duplicateStudy(c, "pilot", "main study"), Error);
  EXPECT_THROW(duplicateStudy(c, "nope"), Error);

  auto copy = findStudy(c, "pilot (copy)");
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->sessions, 0);
  EXPECT_EQ(studyLockReason(*copy), "");
  StudyDefinition expected = d;
  expected.name = "pilot (copy)";
  EXPECT_EQ(copy->definition.toJson(), expected.toJson());
  // The copy can be edited although the original is fixed.
  StudyDefinition edited = expected;
  edited.listLength = 5;
  updateStudy(c, "pilot (copy)", edited);
  EXPECT_EQ(findStudy(c, "pilot (copy)")->definition.listLength, 5);
  EXPECT_EQ(findStudy(c, "pilot")->sessions, 1);
}

TEST(StudyDesign, DeleteRemovesTheSessionsAndTheirEventsOnly) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  const auto ids = fillCatalog(c);
  createStudy(c, definition("gone"));
  createStudy(c, definition("kept"));
  runSession(c, "gone", "P1", ids, true);
  runSession(c, "gone", "P2", ids, false);
  runSession(c, "kept", "P1", ids, true);
  const auto keptBefore = studySessionSummaries(c, "kept");

  EXPECT_EQ(deleteStudy(c, "gone"), 2);
  EXPECT_FALSE(findStudy(c, "gone"));
  EXPECT_THROW(deleteStudy(c, "gone"), Error);
  EXPECT_THROW(studySessionSummaries(c, "gone"), Error);
  const auto keptAfter = studySessionSummaries(c, "kept");
  ASSERT_EQ(keptAfter.size(), 1u);
  EXPECT_EQ(keptAfter[0].events, keptBefore[0].events);
  // No orphaned session or event is left: a new study of the old name starts empty.
  createStudy(c, definition("gone"));
  EXPECT_EQ(findStudy(c, "gone")->sessions, 0);
  EXPECT_TRUE(studySessionSummaries(c, "gone").empty());
}

TEST(StudyDesign, SessionsOverviewAndReportFiles) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  const auto ids = fillCatalog(c);
  createStudy(c, definition("pilot"));
  runSession(c, "pilot", "P1", ids, true);
  runSession(c, "pilot", "P2", ids, false);

  const auto sessions = studySessionSummaries(c, "pilot");
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].participant, "P1");
  EXPECT_TRUE(sessions[0].finished());
  EXPECT_EQ(sessions[0].stage, study_stage::kFinished);
  EXPECT_EQ(sessions[1].participant, "P2");
  EXPECT_FALSE(sessions[1].finished());
  EXPECT_EQ(sessions[1].events, 3);  // start and two profile picks
  for (const auto& s : sessions) {
    EXPECT_GE(s.durationSeconds(), 0.0);
    EXPECT_GE(s.lastEventMs, s.startedMs);
  }
  EXPECT_DOUBLE_EQ(sessions[0].durationSeconds(), double(*sessions[0].finishedMs - sessions[0].startedMs) / 1000.0);
  EXPECT_DOUBLE_EQ(sessions[1].durationSeconds(), double(sessions[1].lastEventMs - sessions[1].startedMs) / 1000.0);

  // The report files hold what `study report` prints, with and without --json.
  stats::BootstrapOptions b;
  b.resamples = 200;
  const auto files = writeStudyReport(c, "pilot", dir.file("out"), b);
  ASSERT_EQ(files.size(), 2u);
  const StudyReport r = studyReport(c, "pilot", b);
  EXPECT_EQ(readFile(files[0]), r.toJson() + "\n");
  EXPECT_EQ(readFile(files[1]), r.toText());
  const auto j = nlohmann::json::parse(readFile(files[0]));
  EXPECT_EQ(j.at("sessions").get<int>(), 2);
  EXPECT_THROW(writeStudyReport(c, "nope", dir.file("out2")), Error);
  EXPECT_FALSE(std::filesystem::exists(dir.file("out2")));
}
