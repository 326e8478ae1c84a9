#include "study/merge.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "common/error.h"
#include "study/study.h"

namespace vitrine {

using nlohmann::json;

namespace {

// Events are the same when time, kind and payload agree (ids differ between catalogs).
bool sameEvents(const std::vector<StudyEvent>& a, const std::vector<StudyEvent>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tie(a[i].tMs, a[i].kind, a[i].payloadJson) != std::tie(b[i].tMs, b[i].kind, b[i].payloadJson))
      return false;
  return true;
}

// Every artwork a session refers to must be the same artwork (same external id) in the target:
// ids are row ids, equal across copies of one catalog but not across different catalogs.
std::string artworkMismatch(const Catalog& target, const Catalog& source, const std::vector<StudyEvent>& events) {
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
    json p = json::parse(e.payloadJson, nullptr, false);
    if (!p.is_object()) continue;
    std::vector<int64_t> ids;
    if (p.contains("artwork_id") && p["artwork_id"].is_number_integer()) ids.push_back(p["artwork_id"].get<int64_t>());
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

StudyMergeReport mergeStudy(Catalog& target, const std::string& sourcePath, const std::string& studyName) {
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
    throw Error(sourcePath + ": study \"" + studyName + "\" has a different definition there than in " + target.path() +
                " (systems, list length, seed, ... must be the same to merge sessions)");
  }

  for (const auto& session : studySessions(source, from->id)) {
    const auto events = studyEvents(source, session.id);
    const std::optional<int64_t> existing = studySessionId(target, into->id, session.participant);
    if (existing) {
      if (sameEvents(studyEvents(target, *existing), events))
        ++report.duplicatesSkipped;
      else
        report.conflicts.push_back(sourcePath + ": participant \"" + session.participant +
                                   "\" already has a different session in " + target.path() +
                                   " (the same id was used on two stations); not merged");
      continue;
    }
    const std::string mismatch = artworkMismatch(target, source, events);
    if (!mismatch.empty()) {
      report.conflicts.push_back(sourcePath + ": participant \"" + session.participant + "\": " + mismatch +
                                 "; not merged (merge copies of the same catalog)");
      continue;
    }
    insertStudySession(target, into->id, session, events);
    ++report.sessionsAdded;
    report.eventsAdded += static_cast<int64_t>(events.size());
  }
  return report;
}

}  // namespace vitrine
