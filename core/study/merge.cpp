#include "study/merge.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "catalog/statement.h"
#include "common/error.h"
#include "study/study.h"

namespace vitrine {

using nlohmann::json;

namespace {

struct SessionRow {
  int64_t id = 0;
  std::string participant, state;
  int64_t startedMs = 0;
  std::optional<int64_t> finishedMs;
};

struct EventRow {
  int64_t tMs = 0;
  std::string kind, payload;
  bool operator==(const EventRow& o) const {
    return std::tie(tMs, kind, payload) == std::tie(o.tMs, o.kind, o.payload);
  }
};

std::vector<SessionRow> sessionsOf(const Catalog& c, int64_t studyId) {
  std::vector<SessionRow> out;
  Statement s(c.handle(),
              "SELECT id, participant, state, started_ms, finished_ms FROM study_sessions "
              "WHERE study_id = ? ORDER BY id");
  s.bind(1, studyId);
  while (s.step()) {
    SessionRow r{s.int64(0), s.text(1), s.text(2), s.int64(3), std::nullopt};
    if (!s.isNull(4)) r.finishedMs = s.int64(4);
    out.push_back(r);
  }
  return out;
}

std::vector<EventRow> eventsOf(const Catalog& c, int64_t sessionId) {
  std::vector<EventRow> out;
  Statement s(c.handle(),
              "SELECT t_ms, kind, payload_json FROM study_events WHERE session_id = ? ORDER BY id");
  s.bind(1, sessionId);
  while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2)});
  return out;
}

// Every artwork a session refers to must be the same artwork (same external id) in the target:
// ids are row ids, equal across copies of one catalog but not across different catalogs.
std::string artworkMismatch(const Catalog& target, const Catalog& source,
                            const std::vector<EventRow>& events) {
  auto check = [&](int64_t id) -> std::string {
    auto src = source.artwork(id);
    auto dst = target.artwork(id);
    if (!dst) return "artwork " + std::to_string(id) + " does not exist in the target catalog";
    if (src && src->externalId != dst->externalId)
      return "artwork " + std::to_string(id) + " is \"" + src->externalId + "\" in the source but \"" +
             dst->externalId + "\" in the target";
    return {};
  };
  for (const auto& e : events) {
    json p = json::parse(e.payload, nullptr, false);
    if (!p.is_object()) continue;
    std::vector<int64_t> ids;
    if (p.contains("artwork_id") && p["artwork_id"].is_number_integer())
      ids.push_back(p["artwork_id"].get<int64_t>());
    if (e.kind == "lists")
      for (const auto& l : p.value("lists", json::array()))
        if (l.is_object())
          for (const auto& it : l.value("items", json::array()))
            if (it.is_object()) ids.push_back(it.value("artwork_id", int64_t{0}));
    for (int64_t id : ids) {
      std::string why = check(id);
      if (!why.empty()) return why;
    }
  }
  return {};
}

}  // namespace

StudyMergeReport mergeStudy(Catalog& target, const std::string& sourcePath,
                            const std::string& studyName) {
  Catalog source = Catalog::open(sourcePath, /*readOnly=*/true);
  auto from = findStudy(source, studyName);
  if (!from) throw Error(sourcePath + ": no study named \"" + studyName + "\"");
  StudyMergeReport report;
  auto into = findStudy(target, studyName);
  if (!into) {
    createStudy(target, from->definition);
    into = findStudy(target, studyName);
    report.createdStudy = true;
  } else if (json::parse(into->definition.toJson()) != json::parse(from->definition.toJson())) {
    throw Error(sourcePath + ": study \"" + studyName +
                "\" has a different definition there than in " + target.path() +
                " (systems, list length, seed, ... must be the same to merge sessions)");
  }

  for (const auto& session : sessionsOf(source, from->id)) {
    const auto events = eventsOf(source, session.id);
    std::optional<int64_t> existing;
    {
      Statement s(target.handle(),
                  "SELECT id FROM study_sessions WHERE study_id = ? AND participant = ?");
      s.bind(1, into->id).bind(2, session.participant);
      if (s.step()) existing = s.int64(0);
    }
    if (existing) {
      if (eventsOf(target, *existing) == events)
        ++report.duplicatesSkipped;
      else
        report.conflicts.push_back(sourcePath + ": participant \"" + session.participant +
                                   "\" already has a different session in " + target.path() +
                                   " (the same id was used on two stations); not merged");
      continue;
    }
    const std::string mismatch = artworkMismatch(target, source, events);
    if (!mismatch.empty()) {
      report.conflicts.push_back(sourcePath + ": participant \"" + session.participant + "\": " +
                                 mismatch + "; not merged (merge copies of the same catalog)");
      continue;
    }
    Catalog::Transaction t(target);
    Statement ins(target.handle(),
                  "INSERT INTO study_sessions(study_id, participant, state, started_ms, finished_ms) "
                  "VALUES(?, ?, ?, ?, ?)");
    ins.bind(1, into->id).bind(2, session.participant).bind(3, session.state);
    ins.bind(4, session.startedMs).bind(5, session.finishedMs).run();
    const int64_t sessionId = sqlite3_last_insert_rowid(target.handle());
    Statement ev(target.handle(),
                 "INSERT INTO study_events(session_id, t_ms, kind, payload_json) VALUES(?, ?, ?, ?)");
    for (const auto& e : events) {
      ev.reset();
      ev.bind(1, sessionId).bind(2, e.tMs).bind(3, e.kind).bind(4, e.payload).run();
    }
    t.commit();
    ++report.sessionsAdded;
    report.eventsAdded += static_cast<int64_t>(events.size());
  }
  return report;
}

}  // namespace vitrine
