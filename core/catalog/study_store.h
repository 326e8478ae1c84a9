#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"

// Storage of the studies family (tables studies, study_sessions, study_events): rows as stored;
// study/study.h gives them meaning (definitions, stages, replay). Errors: CatalogError.
namespace vitrine {

struct StoredStudy {
  int64_t id = 0;
  std::string definitionJson;  // StudyDefinition::toJson()
  int64_t sessions = 0;        // sessions started
  int64_t finished = 0;        // sessions with finished_ms
};

struct StoredStudySession {
  int64_t id = 0;
  std::string participant;
  std::string state;      // the stage reached (study_stage in study/study.h)
  int64_t startedMs = 0;  // unix milliseconds
  std::optional<int64_t> finishedMs;
};

struct StudyEvent {
  int64_t id = 0;
  int64_t sessionId = 0;
  int64_t tMs = 0;  // unix milliseconds
  std::string kind;
  std::string payloadJson = "{}";
};

// Stores a study definition; returns its id (CatalogError when the name exists).
int64_t insertStudy(Catalog& catalog, const std::string& name, const std::string& definitionJson);
std::vector<StoredStudy> storedStudies(const Catalog& catalog);  // by id
// Replaces the name and definition of study `studyId` only while it has no session (checked in
// the same transaction as the write, so a participant starting meanwhile wins). Returns false
// when the study has a session or does not exist; CatalogError when the new name is taken.
bool updateStudyIfUnstarted(Catalog& catalog, int64_t studyId, const std::string& name,
                            const std::string& definitionJson);
// Removes study `studyId` with its sessions and their events in one transaction; returns the
// number of sessions removed.
int64_t deleteStudyRows(Catalog& catalog, int64_t studyId);

std::vector<StoredStudySession> studySessions(const Catalog& catalog, int64_t studyId);  // by id
std::optional<int64_t> studySessionId(const Catalog& catalog, int64_t studyId, const std::string& participant);
// Stores a session (its id is ignored) and its events (ids and sessionId ignored, in order) in one
// transaction; returns the new session id.
int64_t insertStudySession(Catalog& catalog, int64_t studyId, const StoredStudySession& session,
                           const std::vector<StudyEvent>& events);
// One session with its activity: the time of its latest event and how many events it has.
struct StoredStudySessionActivity {
  StoredStudySession session;
  int64_t lastEventMs = 0;  // unix milliseconds; startedMs when it has no event
  int64_t events = 0;
};
std::vector<StoredStudySessionActivity> studySessionActivity(const Catalog& catalog, int64_t studyId);  // by id
std::vector<StudyEvent> studyEvents(const Catalog& catalog, int64_t sessionId);  // in logging order
// Appends one event in one transaction; when `newState` is given the session's state becomes it
// (and its finished_ms `finishedMs` when that is given too).
void appendStudyEvent(Catalog& catalog, int64_t sessionId, int64_t tMs, const std::string& kind,
                      const std::string& payloadJson, const std::optional<std::string>& newState = std::nullopt,
                      std::optional<int64_t> finishedMs = std::nullopt);

}  // namespace vitrine
