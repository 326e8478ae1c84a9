// `vitrine-cli study create|list|export`: user studies comparing two recommenders (core/study).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "args.h"
#include "catalog/catalog.h"
#include "commands.h"
#include "study/study.h"

namespace vitrine::cli {

int cmdStudyCreate(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"));
  StudyDefinition d;
  if (a.has("definition")) {
    for (const char* o : {"system-a", "system-b", "list-length", "seed", "min-profile", "scale", "embedding",
                          "question", "instructions"})
      if (a.has(o)) throw UsageError(std::string("--") + o + " cannot be combined with --definition");
    std::ifstream f(a.get("definition"));
    if (!f) throw Error("cannot read " + a.get("definition"));
    std::stringstream ss;
    ss << f.rdbuf();
    d = StudyDefinition::fromJson(ss.str());
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

}  // namespace vitrine::cli
