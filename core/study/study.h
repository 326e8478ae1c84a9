#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/study_store.h"
#include "recommend/ranker_spec.h"

namespace vitrine {

// A user study comparing two recommenders side by side (issue 8). Stored as JSON in the
// `studies` table; every participant action is a row of `study_events`, committed on its own,
// so a session can be resumed after a crash and ratings/answers are derived from the events.

struct StudyDefinition {
  std::string name;
  std::string systemA;  // makeRanker spec: "visrank:maximum", "curatornet:NAME", "random"
  std::string systemB;
  std::string embedding;  // extractor the rankers use; empty = studyEmbedding() picks
  int listLength = 10;
  bool blinded = true;        // labels "List A"/"List B" instead of the system names
  uint64_t seed = 0;          // left/right order per participant (and the random control's seed)
  int minProfile = 3;         // artworks a participant must pick before seeing the lists
  int scale = 5;              // ratings are 1..scale
  bool askPreference = true;  // "which list did you prefer?"
  std::vector<std::string> questions = {"Is there anything you would like to tell us about the two lists?"};
  bool addProfilesToInteractions = false;  // opt-in: export may copy profiles into interactions
  std::string instructions;                // shown on the first page; empty = a default text
  bool shuffleGrid = true;                 // profile grid in a per-participant order (from seed), else by id

  std::string toJson() const;
  static StudyDefinition fromJson(const std::string& json);  // throws vitrine::Error
  // Reads a definition file; errors name the file (unreadable, not JSON, wrong fields).
  static StudyDefinition fromFile(const std::string& path);
  void validate() const;  // throws vitrine::Error
};

// The label of the list at `position` (0 = left) showing system A or B: "List A"/"List B" when
// blinded, else the system's spec.
std::string studyListLabel(const StudyDefinition& def, int position, bool systemA);

// True when system A is shown on the left for this participant: a stable hash of seed and
// participant id (the same on every platform and run).
bool studySystemAOnLeft(uint64_t seed, const std::string& participant);

// The ranker actually used for a system for this participant ("random" without a seed gets a
// per-participant seed derived from the study seed; other specs are returned unchanged).
RankerSpec studyRankerSpec(const RankerSpec& spec, uint64_t seed, const std::string& participant);

// The embedding the study ranks with, by the one rule (chooseEmbedding): a CuratorNet system's
// model decides; else the definition's "embedding"; else the catalog default. Throws
// vitrine::Error when they disagree or the catalog has no embedding.
std::string studyEmbedding(const Catalog& catalog, const StudyDefinition& def);

// The artworks a participant can pick for the profile (those with the study's embedding), by
// id; with a participant and `shuffleGrid`, in that participant's order (derived from the study
// seed, so a resumed session shows the same grid and position effects average out).
std::vector<int64_t> studyArtworks(const Catalog& catalog, const StudyDefinition& def,
                                   const std::string& participant = "");

struct StudyInfo {
  int64_t id = 0;
  StudyDefinition definition;
  int64_t sessions = 0;
  int64_t finished = 0;
};

// Throws vitrine::Error when the definition is invalid or the name already exists.
int64_t createStudy(Catalog& catalog, const StudyDefinition& def);
std::vector<StudyInfo> listStudies(const Catalog& catalog);
std::optional<StudyInfo> findStudy(const Catalog& catalog, const std::string& name);

// Why the design of `study` can no longer change, or "" while it can: once a participant has
// started, every later session must see the same study (issue 15 item 4), so the definition is
// fixed; the text says how many sessions exist and suggests duplicating the study instead.
std::string studyLockReason(const StudyInfo& study);
// Replaces the definition of the study named `currentName` by `def` (def.name may rename it),
// checked like createStudy (valid, both systems can be built on this catalog). Throws
// vitrine::Error naming the study when it does not exist, def is invalid, the new name is taken,
// a system cannot be built, or a session exists (studyLockReason) — also when a participant
// started between the caller's check and this write: the refusal is decided in the write's
// transaction.
void updateStudy(Catalog& catalog, const std::string& currentName, const StudyDefinition& def);
// Stores a copy of the definition of `name` under `newName` without its sessions; an empty
// `newName` picks the first free "NAME (copy)", "NAME (copy 2)", ... Returns the new name.
// The systems are not rebuilt (a copy of a study whose model was deleted can then be edited).
// Throws vitrine::Error when `name` does not exist or `newName` is taken.
std::string duplicateStudy(Catalog& catalog, const std::string& name, const std::string& newName = "");
// Deletes the study named `name` with all its sessions and events (one transaction); returns the
// number of sessions removed. Throws vitrine::Error when it does not exist.
int64_t deleteStudy(Catalog& catalog, const std::string& name);

// One participant's session as a study's author sees it in an overview.
struct StudySessionSummary {
  std::string participant;
  std::string stage;      // study_stage reached ("finished" when done)
  int64_t startedMs = 0;  // unix milliseconds
  std::optional<int64_t> finishedMs;
  int64_t lastEventMs = 0;  // latest event (resume, click, rating, ...)
  int64_t events = 0;
  bool finished() const { return finishedMs.has_value(); }
  // Seconds from start to finish, or to the latest event while in progress.
  double durationSeconds() const {
    return static_cast<double>((finishedMs ? *finishedMs : lastEventMs) - startedMs) / 1000.0;
  }
};
// The sessions of the study named `name` in the order they started; throws vitrine::Error when
// no study has that name.
std::vector<StudySessionSummary> studySessionSummaries(const Catalog& catalog, const std::string& name);

namespace study_stage {
constexpr const char* kInstructions = "instructions";
constexpr const char* kProfile = "profile";
constexpr const char* kLists = "lists";
constexpr const char* kRating = "rating";
constexpr const char* kQuestions = "questions";
constexpr const char* kFinished = "finished";
}  // namespace study_stage

struct StudyListItem {
  int64_t artworkId = 0;
  std::string externalId;
  float score = 0.f;
};

// One list as it was shown, with everything needed to know what produced it.
struct StudyShownList {
  std::string label;        // as shown: "List A" or the system spec when not blinded
  std::string side;         // "left" / "right"
  std::string system;       // "A" / "B" (which system of the definition)
  std::string spec;         // ranker spec actually used
  std::string modelName;    // Ranker::name()
  std::string modelConfig;  // Ranker::configJson()
  std::vector<StudyListItem> items;
};

// StudyEvent (one stored event) is in catalog/study_store.h.

// Everything a session's events say so far (rebuilt from the events on resume).
struct StudySessionState {
  std::string stage = study_stage::kInstructions;
  std::vector<int64_t> profile;                           // artwork ids in the order picked
  std::vector<StudyShownList> lists;                      // left, right; empty until shown
  std::map<std::string, std::map<int64_t, int>> ratings;  // list label -> artwork id -> rating
  std::map<std::string, std::string> answers;             // "preferred", "q1", ... -> answer
  int64_t eventCount = 0;
  bool finished = false;
};

class StudySession {
 public:
  // Starts a session for `participant` or resumes the existing one (a "resume" event is logged).
  static StudySession startOrResume(Catalog& catalog, const std::string& studyName, const std::string& participant);

  const StudyDefinition& definition() const { return m_def; }
  const StudySessionState& state() const { return m_state; }
  int64_t id() const { return m_id; }
  int64_t studyId() const { return m_studyId; }  // the study's row id
  const std::string& participant() const { return m_participant; }
  bool resumed() const { return m_resumed; }

  // Each call commits one event in its own transaction and then updates state().
  void setStage(const std::string& stage);
  void addToProfile(int64_t artworkId);       // ignored (no event) when already in the profile
  void removeFromProfile(int64_t artworkId);  // ignored when absent
  void logClick(int64_t artworkId, const std::string& where);
  void logShown(int64_t artworkId, const std::string& where, int position = -1);  // -1: no position
  // Computes both lists for the current profile (once; later calls return the logged lists)
  // and logs them with model name and configuration. Throws when the profile is too small.
  const std::vector<StudyShownList>& showLists();
  void rate(const std::string& listLabel, int64_t artworkId, int value);  // throws if out of range
  void answer(const std::string& question, const std::string& value);
  void finish();
  // Any other event kind; payload must be a JSON object.
  void log(const std::string& kind, const std::string& payloadJson);

  bool allRated() const;
  // Questions in order as (id, text): "preferred" first when asked, then "q1", "q2", ...
  std::vector<std::pair<std::string, std::string>> questions() const;

  std::vector<StudyEvent> events() const;

 private:
  StudySession(Catalog& c, StudyDefinition def, int64_t studyId, int64_t id, std::string participant);
  void apply(const std::string& kind, const std::string& payloadJson);

  Catalog* m_catalog;
  StudyDefinition m_def;
  int64_t m_studyId;
  int64_t m_id;
  std::string m_participant;
  bool m_resumed = false;
  StudySessionState m_state;
};

struct StudyExportOptions {
  // Copy finished participants' profiles into `interactions` (source "study", user
  // "study:NAME:PARTICIPANT"); only honoured when the study opted in. Re-running adds nothing new.
  bool addProfilesToInteractions = false;
};

struct StudyExportReport {
  int64_t sessions = 0, events = 0, ratings = 0, answers = 0;
  int64_t interactionsAdded = 0;
  std::vector<std::string> files;
};

// Writes sessions.csv, events.csv, ratings.csv, answers.csv and study.json into outDir
// (created if needed). Ratings and answers are the latest value per item/question.
StudyExportReport exportStudy(Catalog& catalog, const std::string& studyName, const std::string& outDir,
                              const StudyExportOptions& options = {});

}  // namespace vitrine
