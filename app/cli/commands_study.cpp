// `vitrine-cli study create|list|export|report|merge`: user studies comparing two recommenders (core/study).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "args.h"
#include "catalog/catalog.h"
#include "commands.h"
#include "study/merge.h"
#include "study/report.h"
#include "study/study.h"

namespace vitrine::cli {

int cmdStudyCreate(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"));
  StudyDefinition d;
  if (a.has("definition")) {
    for (const char* o : {"system-a", "system-b", "list-length", "seed", "min-profile", "scale", "embedding",
                          "question", "instructions"})
      if (a.has(o)) throw UsageError(std::string("--") + o + " cannot be combined with --definition");
    d = StudyDefinition::fromFile(a.get("definition"));
    if (a.has("name")) d.name = a.get("name");
  } else {
    if (a.has("blinded") && a.has("unblinded")) throw UsageError("--blinded and --unblinded exclude each other");
    d.name = a.require("name");
    d.systemA = a.require("system-a");
    d.systemB = a.require("system-b");
    d.listLength = int(a.intOption("list-length", d.listLength, 1, 100));
    d.seed = static_cast<uint64_t>(a.intOption("seed", 0, 0));
    d.blinded = !a.has("unblinded");
    d.minProfile = int(a.intOption("min-profile", d.minProfile, 1, 1000));
    d.scale = int(a.intOption("scale", d.scale, 2, 10));
    d.embedding = a.get("embedding");
    if (a.has("question")) d.questions = {a.get("question")};
    d.askPreference = !a.has("no-preference");
    d.addProfilesToInteractions = a.has("add-profiles");
    d.instructions = a.get("instructions");
  }
  createStudy(c, d);
  std::cout << "created study \"" << d.name << "\": " << d.systemA << " vs " << d.systemB << ", lists of "
            << d.listLength << ", " << (d.blinded ? "blinded" : "not blinded") << ", seed " << d.seed << "\n";
  return 0;
}

int cmdStudyList(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"), true);
  const auto studies = listStudies(c);
  if (a.json()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : studies)
      out.push_back({{"sessions", s.sessions},
                     {"finished", s.finished},
                     {"definition", nlohmann::json::parse(s.definition.toJson())}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (studies.empty()) {
    std::cout << "no studies (create one with vitrine-cli study create)\n";
    return 0;
  }
  for (const auto& s : studies)
    std::printf("%-24s %s vs %s, lists of %d, %s, %lld sessions (%lld finished)\n", s.definition.name.c_str(),
                s.definition.systemA.c_str(), s.definition.systemB.c_str(), s.definition.listLength,
                s.definition.blinded ? "blinded" : "not blinded", static_cast<long long>(s.sessions),
                static_cast<long long>(s.finished));
  return 0;
}

int cmdStudyExport(const Args& a) {
  const bool addProfiles = a.has("add-profiles-to-interactions");
  Catalog c = Catalog::open(a.require("catalog"), !addProfiles);
  const std::string name = a.require("name");
  StudyExportOptions o;
  o.addProfilesToInteractions = addProfiles;
  if (addProfiles) {
    auto s = findStudy(c, name);
    if (s && !s->definition.addProfilesToInteractions)
      throw Error("study \"" + name + "\" did not opt in to adding profiles to the interactions");
  }
  StudyExportReport r = exportStudy(c, name, a.require("out"), o);
  std::cout << "exported " << r.sessions << " sessions, " << r.events << " events, " << r.ratings << " ratings, "
            << r.answers << " answers to " << a.get("out") << "\n";
  if (addProfiles) std::cout << "added " << r.interactionsAdded << " interactions\n";
  return 0;
}

int cmdStudyReport(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"), /*readOnly=*/true);
  stats::BootstrapOptions b;
  b.resamples = int(a.intOption("resamples", b.resamples, 100, 1000000));
  b.seed = static_cast<uint64_t>(a.intOption("seed", 0, 0));
  const StudyReport r = studyReport(c, a.require("name"), b);
  std::cout << (a.json() ? r.toJson() + "\n" : r.toText());
  return 0;
}

int cmdStudyMerge(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"));
  const std::string name = a.require("name");
  std::vector<std::string> sources;
  std::stringstream list(a.require("from"));
  for (std::string f; std::getline(list, f, ',');)
    if (!f.empty()) sources.push_back(f);
  if (sources.empty()) throw UsageError("--from names no catalog");
  nlohmann::json out = nlohmann::json::array();
  int64_t conflicts = 0;
  for (const auto& source : sources) {
    const StudyMergeReport m = mergeStudy(c, source, name);
    conflicts += static_cast<int64_t>(m.conflicts.size());
    if (a.json()) {
      out.push_back({{"from", source},
                     {"created_study", m.createdStudy},
                     {"sessions_added", m.sessionsAdded},
                     {"events_added", m.eventsAdded},
                     {"duplicates_skipped", m.duplicatesSkipped},
                     {"conflicts", m.conflicts}});
      continue;
    }
    std::cout << source << ": " << m.sessionsAdded << " sessions (" << m.eventsAdded << " events) added, "
              << m.duplicatesSkipped << " already present" << (m.createdStudy ? ", study created" : "") << "\n";
    for (const auto& conflict : m.conflicts) std::cerr << conflict << "\n";
  }
  if (a.json()) std::cout << out.dump(2) << "\n";
  return conflicts == 0 ? 0 : 1;  // what could be merged is; a conflict still needs the user
}

}  // namespace vitrine::cli
