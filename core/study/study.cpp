#include "study/study.h"

#include <algorithm>
#include <climits>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <unordered_map>

#include "common/csv_writer.h"
#include "recommend/embedding_choice.h"
#include "recommend/models.h"
#include "recommend/ranking.h"

namespace vitrine {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// FNV-1a 64: stable across platforms, unlike std::hash.
uint64_t fnv1a(const std::string& s, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return h;
}

uint64_t participantHash(uint64_t seed, const std::string& participant) {
  uint64_t h = fnv1a(std::to_string(seed) + "\x1f" + participant);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

json parseObject(const std::string& text, const std::string& what) {
  json j;
  try {
    j = json::parse(text);
  } catch (const std::exception& e) {
    throw Error(what + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw Error(what + ": expected a JSON object");
  return j;
}

void writeCsv(const std::string& path, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows) {
  CsvWriter f(path);
  f.row(header);
  for (const auto& r : rows) f.row(r);
  f.finish();
}

json listToJson(const StudyShownList& l) {
  json items = json::array();
  int rank = 1;
  for (const auto& it : l.items)
    items.push_back(
        {{"rank", rank++}, {"artwork_id", it.artworkId}, {"external_id", it.externalId}, {"score", it.score}});
  json config;
  try {
    config = json::parse(l.modelConfig);
  } catch (const std::exception&) {
    config = l.modelConfig;
  }
  return {{"label", l.label},          {"side", l.side},         {"system", l.system}, {"spec", l.spec},
          {"model_name", l.modelName}, {"model_config", config}, {"items", items}};
}

StudyShownList listFromJson(const json& j) {
  StudyShownList l;
  l.label = j.value("label", "");
  l.side = j.value("side", "");
  l.system = j.value("system", "");
  l.spec = j.value("spec", "");
  l.modelName = j.value("model_name", "");
  l.modelConfig = j.contains("model_config") ? j["model_config"].dump() : "{}";
  for (const auto& it : j.value("items", json::array()))
    l.items.push_back({it.value("artwork_id", int64_t{0}), it.value("external_id", ""), it.value("score", 0.f)});
  return l;
}

}  // namespace

// --- definition ---

std::string StudyDefinition::toJson() const {
  json j = {{"name", name},
            {"system_a", systemA},
            {"system_b", systemB},
            {"embedding", embedding},
            {"list_length", listLength},
            {"blinded", blinded},
            {"seed", seed},
            {"min_profile", minProfile},
            {"scale", scale},
            {"ask_preference", askPreference},
            {"questions", questions},
            {"add_profiles_to_interactions", addProfilesToInteractions},
            {"instructions", instructions},
            {"shuffle_grid", shuffleGrid}};
  return j.dump(2);
}

StudyDefinition StudyDefinition::fromJson(const std::string& text) {
  json j = parseObject(text, "study definition");
  static const std::vector<std::string> known = {
      "name",         "system_a",    "system_b", "embedding",      "list_length", "blinded",
      "seed",         "min_profile", "scale",    "ask_preference", "questions",   "add_profiles_to_interactions",
      "instructions", "shuffle_grid"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find(known.begin(), known.end(), it.key()) == known.end())
      throw Error("study definition: unknown field \"" + it.key() + "\"");
  StudyDefinition d;
  // Whole-number fields: a JSON float or a value out of range is an error, never a conversion
  // (nlohmann's get<int> on 1e23 is undefined behaviour; UBSan found it in the parser fuzz test).
  auto whole = [&j](const char* key, int64_t fallback, int64_t lo, int64_t hi) -> int64_t {
    if (!j.contains(key)) return fallback;
    const json& v = j.at(key);
    if (!v.is_number_integer()) throw Error(std::string("study definition: \"") + key + "\" must be a whole number");
    if (v.is_number_unsigned() ? v.get<uint64_t>() > static_cast<uint64_t>(hi)
                               : v.get<int64_t>() < lo || v.get<int64_t>() > hi)
      throw Error(std::string("study definition: \"") + key + "\" is out of range " + std::to_string(lo) + ".." +
                  std::to_string(hi));
    return v.is_number_unsigned() ? static_cast<int64_t>(v.get<uint64_t>()) : v.get<int64_t>();
  };
  try {
    d.name = j.value("name", d.name);
    d.systemA = j.value("system_a", d.systemA);
    d.systemB = j.value("system_b", d.systemB);
    d.embedding = j.value("embedding", d.embedding);
    d.listLength = static_cast<int>(whole("list_length", d.listLength, INT32_MIN, INT32_MAX));
    d.blinded = j.value("blinded", d.blinded);
    if (j.contains("seed")) {
      const json& v = j.at("seed");
      if (!v.is_number_unsigned()) throw Error("study definition: \"seed\" must be a whole number from 0 to 2^64-1");
      d.seed = v.get<uint64_t>();
    }
    d.minProfile = static_cast<int>(whole("min_profile", d.minProfile, INT32_MIN, INT32_MAX));
    d.scale = static_cast<int>(whole("scale", d.scale, INT32_MIN, INT32_MAX));
    d.askPreference = j.value("ask_preference", d.askPreference);
    d.questions = j.value("questions", d.questions);
    d.addProfilesToInteractions = j.value("add_profiles_to_interactions", d.addProfilesToInteractions);
    d.instructions = j.value("instructions", d.instructions);
    d.shuffleGrid = j.value("shuffle_grid", d.shuffleGrid);
  } catch (const json::exception& e) {
    throw Error(std::string("study definition: wrong type of a field (") + e.what() + ")");
  }
  d.validate();
  return d;
}

StudyDefinition StudyDefinition::fromFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error("cannot read study definition " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  if (f.bad()) throw Error("cannot read study definition " + path);
  try {
    return fromJson(ss.str());
  } catch (const std::exception& e) {
    throw Error(path + ": " + e.what());
  }
}

void StudyDefinition::validate() const {
  if (name.empty()) throw Error("study definition: the name is empty");
  if (systemA.empty() || systemB.empty()) throw Error("study \"" + name + "\": name both systems (system_a, system_b)");
  if (listLength < 1 || listLength > 100) throw Error("study \"" + name + "\": list length must be 1..100");
  if (minProfile < 1) throw Error("study \"" + name + "\": the minimum profile size must be at least 1");
  if (scale < 2 || scale > 10) throw Error("study \"" + name + "\": the rating scale must be 2..10");
}

std::string studyListLabel(const StudyDefinition& def, int position, bool systemA) {
  if (def.blinded) return position == 0 ? "List A" : "List B";
  return systemA ? def.systemA : def.systemB;
}

bool studySystemAOnLeft(uint64_t seed, const std::string& participant) {
  return (participantHash(seed, participant) >> 63) == 0;
}

RankerSpec studyRankerSpec(const RankerSpec& spec, uint64_t seed, const std::string& participant) {
  if (spec.kind == RankerSpec::Kind::Random && !spec.seed)
    return RankerSpec::random(participantHash(seed ^ 0x5eedULL, participant) >> 1);
  return spec;
}

std::string studyEmbedding(const Catalog& catalog, const StudyDefinition& def) {
  EmbeddingRequest want;
  want.explicitName = def.embedding;
  for (const std::string* system : {&def.systemA, &def.systemB})
    if (!system->empty()) want.rankers.push_back(RankerSpec::parse(*system));
  return requireEmbedding(catalog, want);
}

std::vector<int64_t> studyArtworks(const Catalog& catalog, const StudyDefinition& def, const std::string& participant) {
  const std::string embedding = def.embedding.empty() ? studyEmbedding(catalog, def) : def.embedding;
  std::vector<int64_t> ids = catalog.artworkIdsWithEmbedding(embedding);
  if (def.shuffleGrid && !participant.empty()) {
    // Fisher-Yates with a fixed generator: the same order on every platform and on resume.
    std::mt19937_64 rng(participantHash(def.seed ^ 0x67726964ULL, participant));
    for (size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[static_cast<size_t>(rng() % i)]);
  }
  return ids;
}

namespace {

void checkSystems(Catalog& catalog, const StudyDefinition& def) {
  // Fail now, not in front of a participant, when a system cannot be built.
  const std::string embedding = studyEmbedding(catalog, def);
  RankingService service(catalog);
  service.ranker(embedding, studyRankerSpec(RankerSpec::parse(def.systemA), def.seed, "check"));
  service.ranker(embedding, studyRankerSpec(RankerSpec::parse(def.systemB), def.seed, "check"));
}

}  // namespace

int64_t createStudy(Catalog& catalog, const StudyDefinition& def) {
  def.validate();
  if (findStudy(catalog, def.name)) throw Error("a study named \"" + def.name + "\" already exists");
  checkSystems(catalog, def);
  return insertStudy(catalog, def.name, def.toJson());
}

std::vector<StudyInfo> listStudies(const Catalog& catalog) {
  std::vector<StudyInfo> out;
  for (const auto& stored : storedStudies(catalog)) {
    StudyInfo i;
    i.id = stored.id;
    i.definition = StudyDefinition::fromJson(stored.definitionJson);
    i.sessions = stored.sessions;
    i.finished = stored.finished;
    out.push_back(std::move(i));
  }
  return out;
}

std::optional<StudyInfo> findStudy(const Catalog& catalog, const std::string& name) {
  for (auto& i : listStudies(catalog))
    if (i.definition.name == name) return i;
  return std::nullopt;
}

std::string studyLockReason(const StudyInfo& study) {
  if (study.sessions == 0) return "";
  return "study \"" + study.definition.name + "\" has " + std::to_string(study.sessions) + " participant session" +
         (study.sessions == 1 ? "" : "s") + " (" + std::to_string(study.finished) +
         " finished): its design is fixed so that every participant sees the same study; duplicate it to change "
         "the design";
}

void updateStudy(Catalog& catalog, const std::string& currentName, const StudyDefinition& def) {
  auto study = findStudy(catalog, currentName);
  if (!study) throw Error("no study named \"" + currentName + "\"");
  const std::string locked = studyLockReason(*study);
  if (!locked.empty()) throw Error("cannot change " + locked);
  def.validate();
  if (def.name != currentName && findStudy(catalog, def.name))
    throw Error("a study named \"" + def.name + "\" already exists");
  checkSystems(catalog, def);
  if (!updateStudyIfUnstarted(catalog, study->id, def.name, def.toJson())) {
    auto now = findStudy(catalog, currentName);
    if (now) throw Error("cannot change " + studyLockReason(*now));
    throw Error("no study named \"" + currentName + "\"");
  }
}

std::string duplicateStudy(Catalog& catalog, const std::string& name, const std::string& newName) {
  auto study = findStudy(catalog, name);
  if (!study) throw Error("no study named \"" + name + "\"");
  std::string target = newName;
  if (target.empty()) {
    target = name + " (copy)";
    for (int n = 2; findStudy(catalog, target); ++n) target = name + " (copy " + std::to_string(n) + ")";
  } else if (findStudy(catalog, target)) {
    throw Error("a study named \"" + target + "\" already exists");
  }
  StudyDefinition copy = study->definition;
  copy.name = target;
  copy.validate();
  insertStudy(catalog, copy.name, copy.toJson());
  return target;
}

int64_t deleteStudy(Catalog& catalog, const std::string& name) {
  auto study = findStudy(catalog, name);
  if (!study) throw Error("no study named \"" + name + "\"");
  return deleteStudyRows(catalog, study->id);
}

std::vector<StudySessionSummary> studySessionSummaries(const Catalog& catalog, const std::string& name) {
  auto study = findStudy(catalog, name);
  if (!study) throw Error("no study named \"" + name + "\"");
  std::vector<StudySessionSummary> out;
  for (const auto& a : studySessionActivity(catalog, study->id)) {
    StudySessionSummary s;
    s.participant = a.session.participant;
    s.stage = a.session.state;
    s.startedMs = a.session.startedMs;
    s.finishedMs = a.session.finishedMs;
    s.lastEventMs = a.lastEventMs;
    s.events = a.events;
    out.push_back(std::move(s));
  }
  return out;
}

// --- session ---

StudySession::StudySession(Catalog& c, StudyDefinition def, int64_t studyId, int64_t id, std::string participant)
    : m_catalog(&c), m_def(std::move(def)), m_studyId(studyId), m_id(id), m_participant(std::move(participant)) {}

StudySession StudySession::startOrResume(Catalog& catalog, const std::string& studyName,
                                         const std::string& participant) {
  if (participant.empty()) throw Error("the participant id is empty");
  auto study = findStudy(catalog, studyName);
  if (!study) throw Error("no study named \"" + studyName + "\"");
  int64_t sessionId = studySessionId(catalog, study->id, participant).value_or(0);
  if (sessionId == 0) {
    const int64_t now = nowMs();
    StoredStudySession row;
    row.participant = participant;
    row.state = study_stage::kInstructions;
    row.startedMs = now;
    json payload = {{"participant", participant},
                    {"system_a_on_left", studySystemAOnLeft(study->definition.seed, participant)}};
    StudyEvent start;
    start.tMs = now;
    start.kind = "start";
    start.payloadJson = payload.dump();
    sessionId = insertStudySession(catalog, study->id, row, {start});
    StudySession session(catalog, study->definition, study->id, sessionId, participant);
    session.m_state.eventCount = 1;
    return session;
  }
  StudySession session(catalog, study->definition, study->id, sessionId, participant);
  for (const auto& e : session.events()) {
    session.apply(e.kind, e.payloadJson);
  }
  session.m_resumed = true;
  session.log("resume", json{{"stage", session.m_state.stage}}.dump());
  return session;
}

std::vector<StudyEvent> StudySession::events() const { return studyEvents(*m_catalog, m_id); }

void StudySession::log(const std::string& kind, const std::string& payloadJson) {
  json payload = parseObject(payloadJson, "study event \"" + kind + "\"");
  if (m_state.finished && kind != "resume" && kind != "export")
    throw Error("session of \"" + m_participant + "\" is finished; no more events");
  const int64_t now = nowMs();
  if (kind == "stage")
    appendStudyEvent(*m_catalog, m_id, now, kind, payload.dump(), payload.value("stage", ""));
  else if (kind == "finish")
    appendStudyEvent(*m_catalog, m_id, now, kind, payload.dump(), std::string(study_stage::kFinished), now);
  else
    appendStudyEvent(*m_catalog, m_id, now, kind, payload.dump());
  apply(kind, payload.dump());
}

void StudySession::apply(const std::string& kind, const std::string& payloadJson) {
  json p = json::parse(payloadJson, nullptr, false);
  if (p.is_discarded() || !p.is_object()) p = json::object();
  ++m_state.eventCount;
  auto& profile = m_state.profile;
  if (kind == "stage") {
    m_state.stage = p.value("stage", m_state.stage);
  } else if (kind == "profile_add") {
    const int64_t id = p.value("artwork_id", int64_t{0});
    if (std::find(profile.begin(), profile.end(), id) == profile.end()) profile.push_back(id);
  } else if (kind == "profile_remove") {
    const int64_t id = p.value("artwork_id", int64_t{0});
    profile.erase(std::remove(profile.begin(), profile.end(), id), profile.end());
  } else if (kind == "lists") {
    m_state.lists.clear();
    for (const auto& l : p.value("lists", json::array())) m_state.lists.push_back(listFromJson(l));
  } else if (kind == "rating") {
    m_state.ratings[p.value("list", "")][p.value("artwork_id", int64_t{0})] = p.value("value", 0);
  } else if (kind == "answer") {
    m_state.answers[p.value("question", "")] = p.value("value", "");
  } else if (kind == "finish") {
    m_state.finished = true;
    m_state.stage = study_stage::kFinished;
  }
}

void StudySession::setStage(const std::string& stage) {
  if (stage == m_state.stage) return;
  log("stage", json{{"stage", stage}}.dump());
}

void StudySession::addToProfile(int64_t artworkId) {
  const auto& p = m_state.profile;
  if (std::find(p.begin(), p.end(), artworkId) != p.end()) return;
  auto art = m_catalog->artwork(artworkId);
  if (!art) throw Error("no artwork with id " + std::to_string(artworkId));
  log("profile_add", json{{"artwork_id", artworkId}, {"external_id", art->externalId}}.dump());
}

void StudySession::removeFromProfile(int64_t artworkId) {
  const auto& p = m_state.profile;
  if (std::find(p.begin(), p.end(), artworkId) == p.end()) return;
  log("profile_remove", json{{"artwork_id", artworkId}}.dump());
}

void StudySession::logClick(int64_t artworkId, const std::string& where) {
  log("click", json{{"artwork_id", artworkId}, {"where", where}}.dump());
}

void StudySession::logShown(int64_t artworkId, const std::string& where, int position) {
  json payload{{"artwork_id", artworkId}, {"where", where}};
  if (position >= 0) payload["position"] = position;
  log("shown", payload.dump());
}

const std::vector<StudyShownList>& StudySession::showLists() {
  if (!m_state.lists.empty()) return m_state.lists;
  if (static_cast<int>(m_state.profile.size()) < m_def.minProfile)
    throw Error("the profile has " + std::to_string(m_state.profile.size()) + " artworks; the study needs " +
                std::to_string(m_def.minProfile));
  const std::string embedding = studyEmbedding(*m_catalog, m_def);
  RankingService service(*m_catalog);
  const bool aLeft = studySystemAOnLeft(m_def.seed, m_participant);
  json lists = json::array();
  for (int position = 0; position < 2; ++position) {
    const bool isA = (position == 0) == aLeft;
    RankingRequest request;
    request.profile = m_state.profile;
    request.spec = studyRankerSpec(RankerSpec::parse(isA ? m_def.systemA : m_def.systemB), m_def.seed, m_participant);
    request.embedding = embedding;
    request.k = m_def.listLength;
    const RankingResult ranked = service.rank(request);
    if (ranked.profileUsed == 0) throw Error("none of the profile's artworks has a \"" + embedding + "\" embedding");
    StudyShownList l;
    l.label = studyListLabel(m_def, position, isA);
    l.side = position == 0 ? "left" : "right";
    l.system = isA ? "A" : "B";
    l.spec = request.spec.toString();
    l.modelName = ranked.rankerName;
    l.modelConfig = ranked.rankerConfigJson;
    for (const RankedArtwork& r : ranked.items) l.items.push_back({r.artworkId, r.externalId, r.score});
    lists.push_back(listToJson(l));
  }
  log("lists", json{{"embedding", embedding}, {"profile", m_state.profile}, {"lists", lists}}.dump());
  return m_state.lists;
}

void StudySession::rate(const std::string& listLabel, int64_t artworkId, int value) {
  if (value < 1 || value > m_def.scale)
    throw Error("rating " + std::to_string(value) + " is outside 1.." + std::to_string(m_def.scale));
  const StudyShownList* list = nullptr;
  for (const auto& l : m_state.lists)
    if (l.label == listLabel) list = &l;
  if (!list) throw Error("no list \"" + listLabel + "\" was shown");
  int rank = 0;
  for (size_t i = 0; i < list->items.size(); ++i)
    if (list->items[i].artworkId == artworkId) rank = static_cast<int>(i) + 1;
  if (rank == 0) throw Error("artwork " + std::to_string(artworkId) + " is not in " + listLabel);
  log("rating", json{{"list", listLabel},
                     {"system", list->system},
                     {"spec", list->spec},
                     {"rank", rank},
                     {"artwork_id", artworkId},
                     {"value", value}}
                    .dump());
}

void StudySession::answer(const std::string& question, const std::string& value) {
  json p = {{"question", question}, {"value", value}};
  if (question == "preferred")
    for (const auto& l : m_state.lists)
      if (l.label == value) p["system"] = l.system;
  log("answer", p.dump());
}

void StudySession::finish() {
  if (m_state.finished) return;
  log("finish", "{}");
}

bool StudySession::allRated() const {
  if (m_state.lists.empty()) return false;
  for (const auto& l : m_state.lists) {
    auto it = m_state.ratings.find(l.label);
    for (const auto& item : l.items)
      if (it == m_state.ratings.end() || !it->second.count(item.artworkId)) return false;
  }
  return true;
}

std::vector<std::pair<std::string, std::string>> StudySession::questions() const {
  std::vector<std::pair<std::string, std::string>> out;
  if (m_def.askPreference) out.emplace_back("preferred", "Which list did you prefer?");
  for (size_t i = 0; i < m_def.questions.size(); ++i) out.emplace_back("q" + std::to_string(i + 1), m_def.questions[i]);
  return out;
}

// --- export ---

StudyExportReport exportStudy(Catalog& catalog, const std::string& studyName, const std::string& outDir,
                              const StudyExportOptions& options) {
  auto study = findStudy(catalog, studyName);
  if (!study) throw Error("no study named \"" + studyName + "\"");
  std::error_code ec;
  fs::create_directories(outDir, ec);
  if (!fs::is_directory(outDir)) throw Error("cannot create the folder " + outDir);
  const StudyDefinition& def = study->definition;

  struct SessionRow {
    int64_t id;
    std::string participant, state;
    int64_t started;
    std::optional<int64_t> finished;
  };
  std::vector<SessionRow> sessions;
  for (const auto& r : studySessions(catalog, study->id))
    sessions.push_back({r.id, r.participant, r.state, r.startedMs, r.finishedMs});

  StudyExportReport report;
  std::vector<std::vector<std::string>> sessionRows, eventRows, ratingRows, answerRows;
  json out = {{"study", json::parse(def.toJson())}, {"sessions", json::array()}};
  for (const auto& srow : sessions) {
    // Replay like a resume: latest rating per (list, artwork), latest answer per question.
    std::map<std::pair<std::string, int64_t>, json> ratings;
    std::vector<std::pair<std::string, int64_t>> ratingOrder;
    std::map<std::string, json> answers;
    std::vector<std::string> answerOrder;
    std::vector<int64_t> profile;
    json events = json::array();
    json lists = json::array();
    std::unordered_map<int64_t, std::string> externalOf;
    for (const auto& event : studyEvents(catalog, srow.id)) {
      const int64_t eid = event.id, t = event.tMs;
      const std::string& kind = event.kind;
      const std::string& payloadText = event.payloadJson;
      json p = json::parse(payloadText, nullptr, false);
      if (p.is_discarded()) p = json::object();
      eventRows.push_back(
          {std::to_string(eid), std::to_string(srow.id), srow.participant, std::to_string(t), kind, payloadText});
      events.push_back({{"id", eid}, {"t_ms", t}, {"kind", kind}, {"payload", p}});
      if (kind == "rating") {
        auto key = std::make_pair(p.value("list", ""), p.value("artwork_id", int64_t{0}));
        if (!ratings.count(key)) ratingOrder.push_back(key);
        p["t_ms"] = t;
        ratings[key] = p;
      } else if (kind == "answer") {
        const std::string q = p.value("question", "");
        if (!answers.count(q)) answerOrder.push_back(q);
        p["t_ms"] = t;
        answers[q] = p;
      } else if (kind == "profile_add") {
        const int64_t id = p.value("artwork_id", int64_t{0});
        if (std::find(profile.begin(), profile.end(), id) == profile.end()) profile.push_back(id);
      } else if (kind == "profile_remove") {
        const int64_t id = p.value("artwork_id", int64_t{0});
        profile.erase(std::remove(profile.begin(), profile.end(), id), profile.end());
      } else if (kind == "lists") {
        lists = p.value("lists", json::array());
        for (const auto& l : lists)
          for (const auto& it : l.value("items", json::array()))
            externalOf[it.value("artwork_id", int64_t{0})] = it.value("external_id", "");
      }
    }
    auto finishedText = srow.finished ? std::to_string(*srow.finished) : std::string();
    const bool aLeft = studySystemAOnLeft(def.seed, srow.participant);
    sessionRows.push_back({std::to_string(srow.id), def.name, srow.participant, srow.state,
                           std::to_string(srow.started), finishedText, aLeft ? "A" : "B",
                           std::to_string(profile.size())});
    json sj = {{"id", srow.id},
               {"participant", srow.participant},
               {"state", srow.state},
               {"started_ms", srow.started},
               {"finished_ms", srow.finished ? json(*srow.finished) : json()},
               {"left_system", aLeft ? "A" : "B"},
               {"profile", profile},
               {"lists", lists},
               {"ratings", json::array()},
               {"answers", json::array()},
               {"events", events}};
    for (const auto& key : ratingOrder) {
      const json& r = ratings[key];
      std::string ext = externalOf.count(key.second) ? externalOf[key.second] : "";
      ratingRows.push_back({std::to_string(srow.id), srow.participant, key.first, r.value("system", ""),
                            r.value("spec", ""), std::to_string(r.value("rank", 0)), std::to_string(key.second), ext,
                            std::to_string(r.value("value", 0)), std::to_string(r.value("t_ms", int64_t{0}))});
      sj["ratings"].push_back(r);
    }
    for (const auto& q : answerOrder) {
      const json& a = answers[q];
      answerRows.push_back({std::to_string(srow.id), srow.participant, q, a.value("value", ""), a.value("system", ""),
                            std::to_string(a.value("t_ms", int64_t{0}))});
      sj["answers"].push_back(a);
    }
    out["sessions"].push_back(sj);

    if (options.addProfilesToInteractions && def.addProfilesToInteractions && srow.finished && !profile.empty()) {
      const std::string user = "study:" + def.name + ":" + srow.participant;
      if (catalog.interactionCount(user, "study") == 0) {
        Catalog::Transaction t(catalog);
        double ts = static_cast<double>(*srow.finished) / 1000.0;
        for (int64_t id : profile) {
          Interaction i;
          i.userId = user;
          i.artworkId = id;
          i.timestamp = ts;
          i.source = "study";
          catalog.addInteraction(i);
          ts += 0.001;  // keep the picking order
          ++report.interactionsAdded;
        }
        t.commit();
      }
    }
  }
  report.sessions = static_cast<int64_t>(sessionRows.size());
  report.events = static_cast<int64_t>(eventRows.size());
  report.ratings = static_cast<int64_t>(ratingRows.size());
  report.answers = static_cast<int64_t>(answerRows.size());

  const fs::path dir(outDir);
  auto file = [&](const std::string& name) {
    report.files.push_back((dir / name).string());
    return (dir / name).string();
  };
  writeCsv(file("sessions.csv"),
           {"session_id", "study", "participant", "state", "started_ms", "finished_ms", "left_system", "profile_size"},
           sessionRows);
  writeCsv(file("events.csv"), {"event_id", "session_id", "participant", "t_ms", "kind", "payload_json"}, eventRows);
  writeCsv(
      file("ratings.csv"),
      {"session_id", "participant", "list", "system", "spec", "rank", "artwork_id", "external_id", "rating", "t_ms"},
      ratingRows);
  writeCsv(file("answers.csv"), {"session_id", "participant", "question", "answer", "system", "t_ms"}, answerRows);
  {
    const std::string path = file("study.json");
    std::ofstream f(path, std::ios::binary);
    if (!f) throw Error("cannot write " + path);
    f << out.dump(2) << "\n";
  }
  return report;
}

}  // namespace vitrine
