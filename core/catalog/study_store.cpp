#include "catalog/study_store.h"

#include "catalog/internal.h"
#include "catalog/statement.h"

namespace vitrine {

int64_t insertStudy(Catalog& catalog, const std::string& name, const std::string& definitionJson) {
  Statement s(catalogDb(catalog), "INSERT INTO studies(name, definition_json) VALUES(?, ?)");
  s.bind(1, name).bind(2, definitionJson).run();
  return sqlite3_last_insert_rowid(catalogDb(catalog));
}

std::vector<StoredStudy> storedStudies(const Catalog& catalog) {
  std::vector<StoredStudy> out;
  Statement s(catalogDb(catalog),
              "SELECT s.id, s.definition_json, "
              "(SELECT COUNT(*) FROM study_sessions WHERE study_id = s.id), "
              "(SELECT COUNT(*) FROM study_sessions WHERE study_id = s.id AND finished_ms IS NOT NULL) "
              "FROM studies s ORDER BY s.id");
  while (s.step()) out.push_back({s.int64(0), s.text(1), s.int64(2), s.int64(3)});
  return out;
}

bool updateStudyIfUnstarted(Catalog& catalog, int64_t studyId, const std::string& name,
                            const std::string& definitionJson) {
  Catalog::Transaction t(catalog);
  Statement s(catalogDb(catalog),
              "UPDATE studies SET name = ?, definition_json = ? WHERE id = ? "
              "AND NOT EXISTS (SELECT 1 FROM study_sessions WHERE study_id = ?)");
  s.bind(1, name).bind(2, definitionJson).bind(3, studyId).bind(4, studyId).run();
  const bool changed = sqlite3_changes(catalogDb(catalog)) > 0;
  t.commit();
  return changed;
}

int64_t deleteStudyRows(Catalog& catalog, int64_t studyId) {
  Catalog::Transaction t(catalog);
  Statement events(catalogDb(catalog),
                   "DELETE FROM study_events WHERE session_id IN (SELECT id FROM study_sessions WHERE study_id = ?)");
  events.bind(1, studyId).run();
  Statement sessions(catalogDb(catalog), "DELETE FROM study_sessions WHERE study_id = ?");
  sessions.bind(1, studyId).run();
  const int64_t removed = sqlite3_changes(catalogDb(catalog));
  Statement study(catalogDb(catalog), "DELETE FROM studies WHERE id = ?");
  study.bind(1, studyId).run();
  t.commit();
  return removed;
}

std::vector<StoredStudySessionActivity> studySessionActivity(const Catalog& catalog, int64_t studyId) {
  std::vector<StoredStudySessionActivity> out;
  Statement s(catalogDb(catalog),
              "SELECT s.id, s.participant, s.state, s.started_ms, s.finished_ms, "
              "(SELECT MAX(t_ms) FROM study_events WHERE session_id = s.id), "
              "(SELECT COUNT(*) FROM study_events WHERE session_id = s.id) "
              "FROM study_sessions s WHERE s.study_id = ? ORDER BY s.id");
  s.bind(1, studyId);
  while (s.step()) {
    StoredStudySessionActivity a;
    a.session = {s.int64(0), s.text(1), s.text(2), s.int64(3), std::nullopt};
    if (!s.isNull(4)) a.session.finishedMs = s.int64(4);
    a.lastEventMs = s.isNull(5) ? a.session.startedMs : s.int64(5);
    a.events = s.int64(6);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<StoredStudySession> studySessions(const Catalog& catalog, int64_t studyId) {
  std::vector<StoredStudySession> out;
  Statement s(catalogDb(catalog),
              "SELECT id, participant, state, started_ms, finished_ms FROM study_sessions "
              "WHERE study_id = ? ORDER BY id");
  s.bind(1, studyId);
  while (s.step()) {
    StoredStudySession r{s.int64(0), s.text(1), s.text(2), s.int64(3), std::nullopt};
    if (!s.isNull(4)) r.finishedMs = s.int64(4);
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<int64_t> studySessionId(const Catalog& catalog, int64_t studyId, const std::string& participant) {
  Statement s(catalogDb(catalog), "SELECT id FROM study_sessions WHERE study_id = ? AND participant = ?");
  s.bind(1, studyId).bind(2, participant);
  if (s.step()) return s.int64(0);
  return std::nullopt;
}

int64_t insertStudySession(Catalog& catalog, int64_t studyId, const StoredStudySession& session,
                           const std::vector<StudyEvent>& events) {
  Catalog::Transaction t(catalog);
  Statement ins(catalogDb(catalog),
                "INSERT INTO study_sessions(study_id, participant, state, started_ms, finished_ms) "
                "VALUES(?, ?, ?, ?, ?)");
  ins.bind(1, studyId).bind(2, session.participant).bind(3, session.state);
  ins.bind(4, session.startedMs).bind(5, session.finishedMs).run();
  const int64_t sessionId = sqlite3_last_insert_rowid(catalogDb(catalog));
  Statement ev(catalogDb(catalog), "INSERT INTO study_events(session_id, t_ms, kind, payload_json) VALUES(?, ?, ?, ?)");
  for (const auto& e : events) {
    ev.reset();
    ev.bind(1, sessionId).bind(2, e.tMs).bind(3, e.kind).bind(4, e.payloadJson).run();
  }
  t.commit();
  return sessionId;
}

std::vector<StudyEvent> studyEvents(const Catalog& catalog, int64_t sessionId) {
  std::vector<StudyEvent> out;
  Statement s(catalogDb(catalog),
              "SELECT id, session_id, t_ms, kind, payload_json FROM study_events WHERE session_id = ? ORDER BY id");
  s.bind(1, sessionId);
  while (s.step()) out.push_back({s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4)});
  return out;
}

void appendStudyEvent(Catalog& catalog, int64_t sessionId, int64_t tMs, const std::string& kind,
                      const std::string& payloadJson, const std::optional<std::string>& newState,
                      std::optional<int64_t> finishedMs) {
  Catalog::Transaction t(catalog);
  Statement ev(catalogDb(catalog), "INSERT INTO study_events(session_id, t_ms, kind, payload_json) VALUES(?, ?, ?, ?)");
  ev.bind(1, sessionId).bind(2, tMs).bind(3, kind).bind(4, payloadJson).run();
  if (newState && finishedMs) {
    Statement up(catalogDb(catalog), "UPDATE study_sessions SET state = ?, finished_ms = ? WHERE id = ?");
    up.bind(1, *newState).bind(2, *finishedMs).bind(3, sessionId).run();
  } else if (newState) {
    Statement up(catalogDb(catalog), "UPDATE study_sessions SET state = ? WHERE id = ?");
    up.bind(1, *newState).bind(2, sessionId).run();
  }
  t.commit();
}

}  // namespace vitrine
