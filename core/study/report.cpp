#include "study/report.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "common/error.h"
#include "study/study.h"

namespace vitrine {

using nlohmann::json;

namespace {

// What one session's events say, replayed like `study export`: the latest rating per
// (list, item) and the latest answer per question.
struct SessionFacts {
  std::string participant;
  int64_t startedMs = 0;
  std::optional<int64_t> finishedMs;
  struct Rating {
    std::string system, side;
    int rank = 0;
    int value = 0;
  };
  std::map<std::pair<std::string, int64_t>, Rating> ratings;  // (list label, artwork) -> latest
  std::string preferredSystem;                                // "A", "B" or empty
};

std::vector<SessionFacts> loadSessions(const Catalog& catalog, int64_t studyId) {
  std::vector<SessionFacts> out;
  std::vector<int64_t> ids;
  for (const auto& row : studySessions(catalog, studyId)) {
    SessionFacts f;
    f.participant = row.participant;
    f.startedMs = row.startedMs;
    f.finishedMs = row.finishedMs;
    ids.push_back(row.id);
    out.push_back(std::move(f));
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    SessionFacts& f = out[i];
    std::map<std::string, std::string> sideOfLabel;  // from the lists event
    for (const auto& event : studyEvents(catalog, ids[i])) {
      const std::string& kind = event.kind;
      json p = json::parse(event.payloadJson, nullptr, false);
      if (p.is_discarded() || !p.is_object()) continue;  // reported by `study export`, not here
      if (kind == "lists") {
        for (const auto& l : p.value("lists", json::array()))
          if (l.is_object()) sideOfLabel[l.value("label", "")] = l.value("side", "");
      } else if (kind == "rating") {
        const std::string label = p.value("list", "");
        SessionFacts::Rating r;
        r.system = p.value("system", "");
        r.side = sideOfLabel.count(label) ? sideOfLabel[label] : "";
        r.rank = p.value("rank", 0);
        r.value = p.value("value", 0);
        f.ratings[{label, p.value("artwork_id", int64_t{0})}] = r;
      } else if (kind == "answer" && p.value("question", "") == "preferred") {
        f.preferredSystem = p.value("system", "");
      }
    }
  }
  return out;
}

double median(std::vector<double> x) {
  if (x.empty()) return 0.0;
  std::sort(x.begin(), x.end());
  const size_t n = x.size();
  return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

StudySystemReport systemReport(const std::vector<SessionFacts>& sessions, const std::string& system,
                               const std::string& spec, int listLength, const stats::BootstrapOptions& bootstrap) {
  StudySystemReport r;
  r.system = system;
  r.spec = spec;
  std::vector<double> perParticipant, left, right;
  std::vector<int64_t> countAt(listLength + 1, 0);
  std::vector<double> sumAt(listLength + 1, 0.0);
  for (const auto& s : sessions) {
    double sum = 0;
    int64_t n = 0;
    std::string side;
    for (const auto& [key, rating] : s.ratings) {
      if (rating.system != system) continue;
      sum += rating.value;
      ++n;
      side = rating.side;
      if (rating.rank >= 1 && rating.rank <= listLength) {
        ++countAt[rating.rank];
        sumAt[rating.rank] += rating.value;
      }
    }
    if (n == 0) continue;
    r.ratings += n;
    perParticipant.push_back(sum / double(n));
    if (side == "left") left.push_back(sum / double(n));
    if (side == "right") right.push_back(sum / double(n));
  }
  r.participants = static_cast<int64_t>(perParticipant.size());
  if (!perParticipant.empty()) {
    r.meanRating = stats::mean(perParticipant);
    r.standardError = stats::standardError(perParticipant);
    r.ci95 = stats::bootstrapMeanCi(perParticipant, bootstrap);
  }
  r.shownLeft = static_cast<int64_t>(left.size());
  r.shownRight = static_cast<int64_t>(right.size());
  if (!left.empty()) r.meanRatingLeft = stats::mean(left);
  if (!right.empty()) r.meanRatingRight = stats::mean(right);
  for (int rank = 1; rank <= listLength; ++rank)
    if (countAt[rank] > 0) r.byPosition.push_back({rank, countAt[rank], sumAt[rank] / double(countAt[rank])});
  return r;
}

json intervalJson(const stats::Interval& i) { return json::array({i.low, i.high}); }

json systemJson(const StudySystemReport& s) {
  json positions = json::array();
  for (const auto& p : s.byPosition) positions.push_back({{"rank", p.rank}, {"ratings", p.ratings}, {"mean", p.mean}});
  return {{"system", s.system},
          {"spec", s.spec},
          {"participants", s.participants},
          {"ratings", s.ratings},
          {"mean_rating", s.meanRating},
          {"standard_error", s.standardError},
          {"ci95", intervalJson(s.ci95)},
          {"left", {{"participants", s.shownLeft}, {"mean_rating", s.meanRatingLeft}}},
          {"right", {{"participants", s.shownRight}, {"mean_rating", s.meanRatingRight}}},
          {"by_position", positions}};
}

std::string fixed(double v, int digits = 3) {
  // snprintf follows the C locale's decimal point; Vitrine never calls setlocale(LC_NUMERIC), and
  // Qt's QCoreApplication resets LC_NUMERIC to "C", so this is always a dot.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

StudyReport studyReport(const Catalog& catalog, const std::string& studyName,
                        const stats::BootstrapOptions& bootstrap) {
  auto study = findStudy(catalog, studyName);
  if (!study) throw Error("no study named \"" + studyName + "\"");
  const StudyDefinition& def = study->definition;
  const auto sessions = loadSessions(catalog, study->id);

  StudyReport r;
  r.study = def.name;
  r.scale = def.scale;
  r.resamples = bootstrap.resamples;
  r.seed = bootstrap.seed;
  r.sessions = static_cast<int64_t>(sessions.size());
  r.systemA = systemReport(sessions, "A", def.systemA, def.listLength, bootstrap);
  r.systemB = systemReport(sessions, "B", def.systemB, def.listLength, bootstrap);

  std::vector<double> a, b, seconds;
  for (const auto& s : sessions) {
    double sum[2] = {0, 0};
    int64_t n[2] = {0, 0};
    for (const auto& [key, rating] : s.ratings) {
      const int which = rating.system == "A" ? 0 : rating.system == "B" ? 1 : -1;
      if (which < 0) continue;
      sum[which] += rating.value;
      ++n[which];
    }
    if (n[0] > 0 && n[1] > 0) {
      a.push_back(sum[0] / double(n[0]));
      b.push_back(sum[1] / double(n[1]));
    }
    if (s.preferredSystem == "A")
      ++r.preference.preferA;
    else if (s.preferredSystem == "B")
      ++r.preference.preferB;
    else
      ++r.preference.noAnswer;
    if (s.finishedMs) seconds.push_back(double(*s.finishedMs - s.startedMs) / 1000.0);
  }
  if (!a.empty()) r.paired = stats::comparePaired(a, b, bootstrap);
  r.preference.signTestPValue = stats::signTestTwoSidedP(r.preference.preferA, r.preference.preferB);
  r.finished = static_cast<int64_t>(seconds.size());
  r.time.finished = r.finished;
  if (!seconds.empty()) {
    r.time.medianSeconds = median(seconds);
    r.time.meanSeconds = stats::mean(seconds);
    r.time.minSeconds = *std::min_element(seconds.begin(), seconds.end());
    r.time.maxSeconds = *std::max_element(seconds.begin(), seconds.end());
  }
  return r;
}

std::string StudyReport::toJson() const {
  json j = {{"study", study},
            {"scale", scale},
            {"sessions", sessions},
            {"finished", finished},
            {"unit", "participant (each participant's mean rating is one observation)"},
            {"bootstrap", {{"resamples", resamples}, {"seed", seed}, {"confidence", 0.95}}},
            {"systems", json::array({systemJson(systemA), systemJson(systemB)})},
            {"paired",
             {{"pairs", paired.n},
              {"mean_difference", paired.meanDifference},
              {"ci95", intervalJson(paired.differenceCi)},
              {"t_statistic", paired.tStatistic},
              {"p_value_t", pairedTestsDefined() ? json(paired.tPValue) : json(nullptr)},
              {"wilcoxon_statistic", paired.wilcoxonStatistic},
              {"p_value_wilcoxon", pairedTestsDefined() ? json(paired.wilcoxonPValue) : json(nullptr)}}},
            {"preference",
             {{"prefer_a", preference.preferA},
              {"prefer_b", preference.preferB},
              {"no_answer", preference.noAnswer},
              {"p_value_sign_test", signTestDefined() ? json(preference.signTestPValue) : json(nullptr)}}},
            {"completion_seconds",
             {{"finished", time.finished},
              {"median", time.medianSeconds},
              {"mean", time.meanSeconds},
              {"min", time.minSeconds},
              {"max", time.maxSeconds}}}};
  return j.dump(2);
}

std::string StudyReport::toText() const {
  std::ostringstream o;
  o << "study \"" << study << "\": " << sessions << " sessions, " << finished << " finished\n";
  o << "mean rating (1.." << scale << ", per participant; 95% bootstrap CI, " << resamples << " resamples):\n";
  for (const auto* s : {&systemA, &systemB}) {
    o << "  " << s->system << " " << s->spec << ": " << fixed(s->meanRating) << " ± " << fixed(s->standardError)
      << " SE [" << fixed(s->ci95.low) << ", " << fixed(s->ci95.high) << "], " << s->participants << " participants, "
      << s->ratings << " ratings; left " << fixed(s->meanRatingLeft) << " (" << s->shownLeft << "), right "
      << fixed(s->meanRatingRight) << " (" << s->shownRight << ")\n";
    o << "    by rank:";
    for (const auto& p : s->byPosition) o << " " << p.rank << ":" << fixed(p.mean, 2);
    o << "\n";
  }
  o << "A - B (paired, " << paired.n << " participants): " << fixed(paired.meanDifference) << " ["
    << fixed(paired.differenceCi.low) << ", " << fixed(paired.differenceCi.high) << "], ";
  if (pairedTestsDefined())
    o << "t-test p = " << fixed(paired.tPValue, 4) << ", Wilcoxon p = " << fixed(paired.wilcoxonPValue, 4) << "\n";
  else
    o << "t-test and Wilcoxon p = n/a (they need at least 2 participants)\n";
  o << "preferred: A " << preference.preferA << ", B " << preference.preferB << ", no answer " << preference.noAnswer
    << "; sign test p = " << (signTestDefined() ? fixed(preference.signTestPValue, 4) : std::string("n/a")) << "\n";
  o << "completion (finished sessions): median " << fixed(time.medianSeconds, 1) << " s, mean "
    << fixed(time.meanSeconds, 1) << " s, range " << fixed(time.minSeconds, 1) << "-" << fixed(time.maxSeconds, 1)
    << " s\n";
  return o.str();
}

std::vector<std::string> writeStudyReport(const Catalog& catalog, const std::string& studyName,
                                          const std::string& outDir, const stats::BootstrapOptions& bootstrap) {
  const StudyReport r = studyReport(catalog, studyName, bootstrap);
  std::error_code ec;
  std::filesystem::create_directories(outDir, ec);
  if (!std::filesystem::is_directory(outDir)) throw Error("cannot create the folder " + outDir);
  std::vector<std::string> files;
  for (const auto& [name, text] : {std::pair<std::string, std::string>{"report.json", r.toJson() + "\n"},
                                   std::pair<std::string, std::string>{"report.txt", r.toText()}}) {
    const std::string path = (std::filesystem::path(outDir) / name).string();
    std::ofstream f(path, std::ios::binary);
    f << text;
    f.flush();
    if (!f) throw Error(path + ": cannot be written");
    files.push_back(path);
  }
  return files;
}

}  // namespace vitrine
