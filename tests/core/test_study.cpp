// User-study sessions (issue 8): definitions, seeded list order, event log, resume, export,
// and durability when the process is killed mid-session.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "catalog/internal.h"
#include "common/platform.h"
#include "ingest/csv.h"
#include "recommend/models.h"
#include "study/study.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::TempDir;
namespace fs = std::filesystem;

namespace {

// A catalog of `n` artworks with random 8-d "handcrafted" embeddings.
std::vector<int64_t> fillCatalog(Catalog& c, int n = 40) {
  std::mt19937 rng(7);
  std::normal_distribution<float> nd;
  c.registerExtractor("handcrafted", 8, "test");
  std::vector<int64_t> ids;
  for (int i = 0; i < n; ++i) {
    Artwork a;
    a.externalId = "art" + std::to_string(i);
    a.title = "Artwork " + std::to_string(i);
    const int64_t id = c.insertArtwork(a);
    std::vector<float> v(8);
    for (auto& x : v) x = nd(rng);
    c.putEmbedding(id, "handcrafted", v);
    ids.push_back(id);
  }
  return ids;
}

StudyDefinition sampleDefinition(const std::string& name = "pilot") {
  StudyDefinition d;
  d.name = name;
  d.systemA = "visrank:maximum";
  d.systemB = "random";
  d.listLength = 5;
  d.seed = 42;
  d.minProfile = 3;
  d.scale = 5;
  d.questions = {"Anything else?", "Which artwork surprised you?"};
  return d;
}

std::vector<std::vector<std::string>> readCsv(const std::string& path, std::vector<std::string>* header = nullptr) {
  CsvReader r = CsvReader::fromFile(path);
  EXPECT_TRUE(r.issues().empty()) << path;
  if (header) *header = r.header();
  std::vector<std::vector<std::string>> rows;
  CsvRecord rec;
  while (r.next(rec)) rows.push_back(rec.fields);
  EXPECT_TRUE(r.issues().empty()) << path << ": " << (r.issues().empty() ? "" : r.issues()[0].reason);
  return rows;
}

// Runs a whole session: profile of 3 (plus one removed), lists, all ratings, answers, finish.
void runSession(Catalog& c, const std::string& study, const std::string& participant, const std::vector<int64_t>& ids) {
  StudySession s = StudySession::startOrResume(c, study, participant);
  s.setStage(study_stage::kProfile);
  s.addToProfile(ids[1]);
  s.addToProfile(ids[2]);
  s.addToProfile(ids[3]);
  s.removeFromProfile(ids[2]);
  s.addToProfile(ids[4]);
  s.setStage(study_stage::kLists);
  s.showLists();
  s.setStage(study_stage::kRating);
  int v = 1;
  for (const auto& l : s.state().lists)
    for (const auto& item : l.items) s.rate(l.label, item.artworkId, 1 + (v++ % s.definition().scale));
  s.setStage(study_stage::kQuestions);
  s.answer("preferred", s.state().lists[0].label);
  s.answer("q1", "nice, \"really\"\nsecond line");
  s.finish();
}

int64_t countRows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  int64_t n = -1;
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

}  // namespace

TEST(Study, DefinitionRoundTripAndValidation) {
  StudyDefinition d = sampleDefinition();
  d.blinded = false;
  d.addProfilesToInteractions = true;
  d.instructions = "Pick what you like.";
  d.embedding = "handcrafted";
  StudyDefinition back = StudyDefinition::fromJson(d.toJson());
  EXPECT_EQ(back.name, "pilot");
  EXPECT_EQ(back.systemA, "visrank:maximum");
  EXPECT_EQ(back.systemB, "random");
  EXPECT_EQ(back.listLength, 5);
  EXPECT_FALSE(back.blinded);
  EXPECT_EQ(back.seed, 42u);
  EXPECT_EQ(back.minProfile, 3);
  EXPECT_EQ(back.scale, 5);
  EXPECT_EQ(back.questions, d.questions);
  EXPECT_TRUE(back.addProfilesToInteractions);
  EXPECT_EQ(back.instructions, "Pick what you like.");
  EXPECT_EQ(back.embedding, "handcrafted");

  EXPECT_THROW(StudyDefinition::fromJson(R"({"name":"x","system_a":"random","system_b":"random","colour":1})"), Error);
  EXPECT_THROW(StudyDefinition::fromJson(R"({"name":"x","system_a":"random"})"), Error);
  EXPECT_THROW(StudyDefinition::fromJson(R"({"name":"x","system_a":"random","system_b":"random","scale":1})"), Error);
  EXPECT_THROW(StudyDefinition::fromJson("[1]"), Error);

  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  fillCatalog(c);
  createStudy(c, sampleDefinition());
  EXPECT_THROW(createStudy(c, sampleDefinition()), Error);  // duplicate name
  StudyDefinition bad = sampleDefinition("bad");
  bad.systemB = "curatornet:missing";
  EXPECT_THROW(createStudy(c, bad), Error);
  auto found = findStudy(c, "pilot");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->definition.toJson(), sampleDefinition().toJson());
  EXPECT_EQ(listStudies(c).size(), 1u);
  EXPECT_FALSE(findStudy(c, "bad"));
}

TEST(Study, RandomControlIsSeededAndProfileDependent) {
  EmbeddingMatrix m;
  m.dimension = 1;
  for (int i = 0; i < 50; ++i) {
    m.artworkIds.push_back(i + 1);
    m.externalIds.push_back(std::to_string(i));
    m.values.push_back(float(i));
  }
  auto a = makeRanker("random:7", m);
  auto b = makeRanker("random:7", m);
  auto other = makeRanker("random:8", m);
  EXPECT_EQ(a->scoreAll({1, 2}), b->scoreAll({1, 2}));
  EXPECT_NE(a->scoreAll({1, 2}), other->scoreAll({1, 2}));
  EXPECT_NE(a->scoreAll({1, 2}), a->scoreAll({1, 3}));
  auto recs = a->recommend({1, 2}, 10);
  EXPECT_EQ(recs.size(), 10u);
  for (const auto& r : recs) EXPECT_TRUE(r.item != 1 && r.item != 2);
  EXPECT_THROW(makeRanker("random:x", m), Error);
}

TEST(Study, LeftRightOrderIsSeededPerParticipant) {
  int aLeft = 0;
  int differsWithSeed = 0;
  for (int p = 0; p < 200; ++p) {
    const std::string id = "P" + std::to_string(p);
    const bool left = studySystemAOnLeft(42, id);
    EXPECT_EQ(left, studySystemAOnLeft(42, id));
    aLeft += left;
    differsWithSeed += left != studySystemAOnLeft(43, id);
  }
  // Both orders are used, roughly balanced, and the seed matters.
  EXPECT_GT(aLeft, 60);
  EXPECT_LT(aLeft, 140);
  EXPECT_GT(differsWithSeed, 40);

  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  auto ids = fillCatalog(c);
  createStudy(c, sampleDefinition());
  std::set<std::string> leftSystems;
  for (const std::string p : {"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"}) {
    StudySession s = StudySession::startOrResume(c, "pilot", p);
    for (int i = 0; i < 3; ++i) s.addToProfile(ids[i]);
    const auto& lists = s.showLists();
    ASSERT_EQ(lists.size(), 2u);
    EXPECT_EQ(lists[0].side, "left");
    EXPECT_EQ(lists[0].label, "List A");
    EXPECT_EQ(lists[1].label, "List B");
    EXPECT_EQ(lists[0].system, studySystemAOnLeft(42, p) ? "A" : "B");
    EXPECT_NE(lists[0].system, lists[1].system);
    leftSystems.insert(lists[0].system);
    // The VisRank list is what VisRank recommends for that profile.
    const auto& vis = lists[0].system == "A" ? lists[0] : lists[1];
    EXPECT_EQ(vis.spec, "visrank:maximum");
    EXPECT_EQ(vis.items.size(), 5u);
    EmbeddingMatrix m = c.loadEmbeddingMatrix("handcrafted");
    auto recs = makeRanker("visrank:maximum", m)->recommend({0, 1, 2}, 5);
    for (size_t i = 0; i < recs.size(); ++i) EXPECT_EQ(vis.items[i].artworkId, m.artworkIds[recs[i].item]);
  }
  EXPECT_EQ(leftSystems.size(), 2u);
}

TEST(Study, EventsAreLoggedAndASessionResumes) {
  TempDir dir;
  const std::string path = dir.file("c.vitrine");
  std::vector<int64_t> ids;
  StudySessionState before;
  {
    Catalog c = Catalog::create(path);
    ids = fillCatalog(c);
    createStudy(c, sampleDefinition());
    StudySession s = StudySession::startOrResume(c, "pilot", "P1");
    EXPECT_FALSE(s.resumed());
    s.setStage(study_stage::kProfile);
    s.addToProfile(ids[5]);
    s.addToProfile(ids[6]);
    EXPECT_THROW(s.showLists(), Error);  // below the minimum profile
    s.addToProfile(ids[6]);              // duplicate: no event
    s.addToProfile(ids[7]);
    s.removeFromProfile(ids[6]);
    s.addToProfile(ids[8]);
    s.logClick(ids[9], "grid");
    s.showLists();
    EXPECT_EQ(s.showLists().size(), 2u);  // computed once
    EXPECT_THROW(s.rate("List A", s.state().lists[0].items[0].artworkId, 6), Error);
    EXPECT_THROW(s.rate("List C", s.state().lists[0].items[0].artworkId, 3), Error);
    EXPECT_THROW(s.rate("List A", ids[5], 3), Error);  // a profile item is never in a list
    s.rate("List A", s.state().lists[0].items[0].artworkId, 2);
    s.rate("List A", s.state().lists[0].items[0].artworkId, 4);  // changed mind: latest wins
    s.rate("List B", s.state().lists[1].items[1].artworkId, 1);
    EXPECT_FALSE(s.allRated());
    s.answer("preferred", "List B");
    before = s.state();
    const auto events = s.events();
    std::vector<std::string> kinds;
    for (const auto& e : events) kinds.push_back(e.kind);
    const std::vector<std::string> expected = {
        "start", "stage", "profile_add", "profile_add", "profile_add", "profile_remove", "profile_add",
        "click", "lists", "rating",      "rating",      "rating",      "answer"};
    EXPECT_EQ(kinds, expected);
    auto lists = nlohmann::json::parse(events[8].payloadJson);
    EXPECT_EQ(lists["lists"].size(), 2u);
    EXPECT_FALSE(lists["lists"][0]["model_name"].get<std::string>().empty());
    EXPECT_TRUE(lists["lists"][0]["model_config"].is_object());
    EXPECT_EQ(nlohmann::json::parse(events.back().payloadJson)["system"], before.lists[1].system);
  }
  Catalog c = Catalog::open(path);
  StudySession s = StudySession::startOrResume(c, "pilot", "P1");
  EXPECT_TRUE(s.resumed());
  EXPECT_EQ(s.state().stage, study_stage::kProfile);
  EXPECT_EQ(s.state().profile, (std::vector<int64_t>{ids[5], ids[7], ids[8]}));
  EXPECT_EQ(s.state().profile, before.profile);
  EXPECT_EQ(s.state().ratings, before.ratings);
  EXPECT_EQ(s.state().ratings.at("List A").at(before.lists[0].items[0].artworkId), 4);
  EXPECT_EQ(s.state().answers, before.answers);
  ASSERT_EQ(s.state().lists.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(s.state().lists[i].label, before.lists[i].label);
    EXPECT_EQ(s.state().lists[i].spec, before.lists[i].spec);
    ASSERT_EQ(s.state().lists[i].items.size(), before.lists[i].items.size());
    for (size_t k = 0; k < before.lists[i].items.size(); ++k)
      EXPECT_EQ(s.state().lists[i].items[k].artworkId, before.lists[i].items[k].artworkId);
  }
  EXPECT_EQ(s.events().back().kind, "resume");
  EXPECT_EQ(countRows(catalogDb(c), "SELECT COUNT(*) FROM study_sessions"), 1);
  EXPECT_EQ(countRows(catalogDb(c), "SELECT COUNT(*) FROM study_sessions WHERE state='profile'"), 1);
  for (const auto& l : s.state().lists)
    for (const auto& item : l.items) s.rate(l.label, item.artworkId, 3);
  EXPECT_TRUE(s.allRated());
  s.finish();
  EXPECT_THROW(s.rate("List A", before.lists[0].items[0].artworkId, 3), Error);
  EXPECT_EQ(
      countRows(catalogDb(c), "SELECT COUNT(*) FROM study_sessions WHERE state='finished' AND finished_ms IS NOT NULL"),
      1);
  EXPECT_EQ(listStudies(c)[0].finished, 1);
}

TEST(Study, UnblindedListsAreLabelledWithTheSystem) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  auto ids = fillCatalog(c);
  StudyDefinition d = sampleDefinition("open");
  d.blinded = false;
  createStudy(c, d);
  StudySession s = StudySession::startOrResume(c, "open", "P1");
  for (int i = 0; i < 3; ++i) s.addToProfile(ids[i]);
  std::set<std::string> labels;
  for (const auto& l : s.showLists()) labels.insert(l.label);
  EXPECT_EQ(labels, (std::set<std::string>{"visrank:maximum", "random"}));
  // Every artwork with the study's embedding can be picked, in id order.
  EXPECT_EQ(studyArtworks(c, d), ids);
  StudyDefinition other = d;
  other.embedding = "resnet50";
  EXPECT_TRUE(studyArtworks(c, other).empty());
  // A participant's grid is the same artworks in that participant's own, repeatable order.
  const auto p1 = studyArtworks(c, d, "P1");
  EXPECT_EQ(p1, studyArtworks(c, d, "P1"));
  EXPECT_NE(p1, ids);
  EXPECT_NE(p1, studyArtworks(c, d, "P2"));
  EXPECT_EQ(std::multiset<int64_t>(p1.begin(), p1.end()), std::multiset<int64_t>(ids.begin(), ids.end()));
  StudyDefinition fixed = d;
  fixed.shuffleGrid = false;
  EXPECT_EQ(studyArtworks(c, fixed, "P1"), ids);
  EXPECT_FALSE(StudyDefinition::fromJson(fixed.toJson()).shuffleGrid);
  EXPECT_TRUE(StudyDefinition::fromJson(d.toJson()).shuffleGrid);
}

TEST(Study, ExportWritesParsableFilesAndOptInProfiles) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  auto ids = fillCatalog(c);
  StudyDefinition d = sampleDefinition();
  d.addProfilesToInteractions = true;
  createStudy(c, d);
  createStudy(c, sampleDefinition("closed"));
  runSession(c, "pilot", "P1", ids);
  runSession(c, "pilot", "P,2", ids);  // a comma in the id must survive the CSV
  {
    StudySession unfinished = StudySession::startOrResume(c, "pilot", "P3");
    unfinished.addToProfile(ids[0]);
  }
  runSession(c, "closed", "Q1", ids);

  const std::string out = dir.file("export");
  StudyExportReport r = exportStudy(c, "pilot", out);
  EXPECT_EQ(r.sessions, 3);
  EXPECT_EQ(r.ratings, 2 * 2 * 5);
  EXPECT_EQ(r.answers, 2 * 2);
  EXPECT_EQ(r.interactionsAdded, 0);  // not asked
  EXPECT_EQ(r.files.size(), 5u);

  std::vector<std::string> header;
  auto sessions = readCsv(out + "/sessions.csv", &header);
  ASSERT_EQ(sessions.size(), 3u);
  EXPECT_EQ(header[2], "participant");
  EXPECT_EQ(sessions[1][2], "P,2");
  EXPECT_EQ(sessions[0][3], "finished");
  EXPECT_EQ(sessions[2][3], "instructions");
  EXPECT_EQ(sessions[0][7], "3");

  auto events = readCsv(out + "/events.csv", &header);
  EXPECT_EQ(int64_t(events.size()),
            countRows(catalogDb(c),
                      "SELECT COUNT(*) FROM study_events e JOIN study_sessions s ON s.id = e.session_id "
                      "JOIN studies t ON t.id = s.study_id WHERE t.name = 'pilot'"));
  for (const auto& e : events) EXPECT_TRUE(nlohmann::json::parse(e[5]).is_object()) << e[5];

  auto ratings = readCsv(out + "/ratings.csv", &header);
  ASSERT_EQ(ratings.size(), 20u);
  EXPECT_EQ(header[8], "rating");
  std::set<std::string> systems;
  for (const auto& row : ratings) {
    const int v = std::stoi(row[8]);
    EXPECT_GE(v, 1);
    EXPECT_LE(v, 5);
    systems.insert(row[3]);
    EXPECT_TRUE(row[2] == "List A" || row[2] == "List B");
    EXPECT_EQ(row[7].rfind("art", 0), 0u);
  }
  EXPECT_EQ(systems, (std::set<std::string>{"A", "B"}));

  auto answers = readCsv(out + "/answers.csv", &header);
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers[0][2], "preferred");
  EXPECT_TRUE(answers[0][4] == "A" || answers[0][4] == "B");
  EXPECT_EQ(answers[1][3], "nice, \"really\"\nsecond line");

  std::ifstream jf(out + "/study.json");
  nlohmann::json j = nlohmann::json::parse(jf);
  EXPECT_EQ(j["study"]["name"], "pilot");
  ASSERT_EQ(j["sessions"].size(), 3u);
  EXPECT_EQ(j["sessions"][0]["ratings"].size(), 10u);
  EXPECT_EQ(j["sessions"][0]["lists"].size(), 2u);
  EXPECT_EQ(j["sessions"][0]["profile"].size(), 3u);

  // Opt-in: finished sessions' profiles become interactions, once.
  StudyExportOptions o;
  o.addProfilesToInteractions = true;
  EXPECT_EQ(exportStudy(c, "pilot", out, o).interactionsAdded, 6);
  EXPECT_EQ(exportStudy(c, "pilot", out, o).interactionsAdded, 0);
  EXPECT_EQ(exportStudy(c, "closed", dir.file("closed"), o).interactionsAdded, 0);  // did not opt in
  auto inter = c.interactions();
  ASSERT_EQ(inter.size(), 6u);
  EXPECT_EQ(inter[0].source, "study");
  EXPECT_EQ(inter[0].userId, "study:pilot:P1");
  EXPECT_EQ(inter[0].artworkId, ids[1]);
  EXPECT_THROW(exportStudy(c, "nope", out), Error);
}

// A child process logs events in a loop and reports each commit through a pipe; it is killed
// with SIGKILL mid-way. Every acknowledged event must survive, the file must be intact and the
// session must resume with them.
TEST(Study, SurvivesSigkillMidSession) {
  TempDir dir;
  const std::string path = dir.file("c.vitrine");
  std::vector<int64_t> ids;
  {
    Catalog c = Catalog::create(path);
    ids = fillCatalog(c);
    createStudy(c, sampleDefinition());
  }
  if (!platform::KillableChild::forkSupported()) GTEST_SKIP() << "needs fork() (POSIX)";
  platform::KillableChild child;
  ASSERT_TRUE(child.start([&](const std::function<bool(int)>& send) {
    Catalog c = Catalog::open(path);
    StudySession s = StudySession::startOrResume(c, "pilot", "crash");
    for (int i = 0;; ++i) {
      const int64_t id = ids[i % int(ids.size())];
      if (i % 2 == 0)
        s.addToProfile(id);
      else
        s.removeFromProfile(ids[(i - 1) % int(ids.size())]);
      if (!send(i)) throw Error("the parent is gone");
    }
  }));
  int acked = -1;
  int value = 0;
  while (acked < 300 && child.receive(value)) acked = value;
  std::string how;
  const bool killed = child.killAndWait(&how);
  // Acknowledgements the child wrote before it died but we had not read yet.
  while (child.receive(value)) acked = value;
  ASSERT_TRUE(killed) << "the child was not killed by SIGKILL: " << how;

  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
  Catalog c = Catalog::open(path);
  StudySession s = StudySession::startOrResume(c, "pilot", "crash");
  EXPECT_TRUE(s.resumed());
  const auto events = s.events();
  // "start", then one event per loop step (acknowledged ones, maybe one more in flight), "resume".
  const int64_t logged = int64_t(events.size()) - 2;
  EXPECT_GE(logged, acked + 1);
  EXPECT_LE(logged, acked + 2);
  // Even steps add, odd steps remove what was just added: the profile is empty after an odd
  // step and holds one artwork after an even one.
  const int64_t last = logged - 1;
  if (last % 2 == 1)
    EXPECT_TRUE(s.state().profile.empty());
  else
    EXPECT_EQ(s.state().profile, (std::vector<int64_t>{ids[last % int64_t(ids.size())]}));
  s.logClick(ids[0], "grid");  // the session goes on
  EXPECT_EQ(s.events().size(), events.size() + 1);
}

using vitrine::test::cli;
using vitrine::test::CliRun;

TEST(Study, CommandLineCreateListExport) {
  TempDir dir;
  const std::string path = dir.file("c.vitrine");
  std::vector<int64_t> ids;
  {
    Catalog c = Catalog::create(path);
    ids = fillCatalog(c);
  }
  const std::string cat = "--catalog \"" + path + "\"";
  CliRun r = cli("study create " + cat +
                 " --name s1 --system-a visrank:average --system-b random --list-length 4 "
                 "--seed 9 --min-profile 2 --scale 7");
  EXPECT_EQ(r.code, 0) << r.output;
  r = cli("study create " + cat + " --name s1 --system-a visrank:average --system-b random");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("already exists"), std::string::npos) << r.output;
  r = cli("study create " + cat + " --name s2 --system-a nonsense --system-b random");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("nonsense"), std::string::npos) << r.output;
  r = cli("study create " + cat + " --name s3 --system-a random");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--system-b"), std::string::npos) << r.output;

  StudyDefinition d = sampleDefinition("fromfile");
  vitrine::test::writeText(dir.file("def.json"), d.toJson());
  r = cli("study create " + cat + " --definition \"" + dir.file("def.json") + "\"");
  EXPECT_EQ(r.code, 0) << r.output;

  {
    Catalog c = Catalog::open(path);
    auto s1 = findStudy(c, "s1");
    ASSERT_TRUE(s1);
    EXPECT_EQ(s1->definition.listLength, 4);
    EXPECT_EQ(s1->definition.seed, 9u);
    EXPECT_EQ(s1->definition.scale, 7);
    EXPECT_EQ(s1->definition.minProfile, 2);
    EXPECT_TRUE(s1->definition.blinded);
    EXPECT_EQ(findStudy(c, "fromfile")->definition.toJson(), d.toJson());
    runSession(c, "s1", "P1", ids);
  }
  r = cli("study list " + cat);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("s1"), std::string::npos);
  EXPECT_NE(r.output.find("1 sessions (1 finished)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("fromfile"), std::string::npos);

  r = cli("study export " + cat + " --name s1 --out \"" + dir.file("out") + "\"");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(readCsv(dir.file("out") + "/ratings.csv").size(), 8u);
  EXPECT_EQ(readCsv(dir.file("out") + "/sessions.csv").size(), 1u);
  r = cli("study export " + cat + " --name s1 --out \"" + dir.file("out") + "\" --add-profiles-to-interactions");
  EXPECT_EQ(r.code, 1) << r.output;  // s1 did not opt in
  r = cli("study frobnicate " + cat);
  EXPECT_EQ(r.code, 2) << r.output;
}
