// `vitrine-cli study create|list|export`: user studies comparing two recommenders (core/study).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "args.h"
#include "catalog/catalog.h"
#include "commands.h"
#include "study/study.h"

namespace vitrine::cli {

namespace {

const char* kStudyUsage = R"(usage:
  vitrine-cli study create --catalog C (--definition FILE.json |
                           --name N --system-a SPEC --system-b SPEC [--list-length 10] [--seed S]
                           [--blinded | --unblinded] [--min-profile 3] [--scale 5] [--embedding NAME]
                           [--question TEXT] [--no-preference] [--add-profiles] [--instructions TEXT])
  vitrine-cli study list   --catalog C [--json]
  vitrine-cli study export --catalog C --name N --out DIR [--add-profiles-to-interactions]
SPEC: visrank:maximum, visrank:average, visrank:average_top_k:3, curatornet:MODEL or random.
Blinded (the default) shows "List A"/"List B"; the left/right order follows --seed per participant.
)";

int intOption(const Args& a, const std::string& name, long long fallback, long long lo, long long hi) {
  const long long v = a.getInt(name, fallback);
  if (v < lo || v > hi)
    throw UsageError("--" + name + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return static_cast<int>(v);
}

int studyCreate(int argc, char** argv) {
  Args a(argc, argv, 3,
         {"catalog", "definition", "name", "system-a", "system-b", "list-length", "seed", "min-profile", "scale",
          "embedding", "question", "instructions"},
         {"blinded", "unblinded", "no-preference", "add-profiles"});
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
    d.listLength = intOption(a, "list-length", d.listLength, 1, 100);
    const long long seed = a.getInt("seed", 0);
    if (seed < 0) throw UsageError("--seed must not be negative");
    d.seed = static_cast<uint64_t>(seed);
    d.blinded = !a.has("unblinded");
    d.minProfile = intOption(a, "min-profile", d.minProfile, 1, 1000);
    d.scale = intOption(a, "scale", d.scale, 2, 10);
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

int studyList(int argc, char** argv) {
  Args a(argc, argv, 3, {"catalog"}, {"json"});
  Catalog c = Catalog::open(a.require("catalog"), true);
  const auto studies = listStudies(c);
  if (a.has("json")) {
    std::cout << "[";
    for (size_t i = 0; i < studies.size(); ++i)
      std::cout << (i ? ",\n" : "\n") << R"({"sessions":)" << studies[i].sessions << R"(,"finished":)"
                << studies[i].finished << R"(,"definition":)" << studies[i].definition.toJson() << "}";
    std::cout << "\n]\n";
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

int studyExport(int argc, char** argv) {
  Args a(argc, argv, 3, {"catalog", "name", "out"}, {"add-profiles-to-interactions"});
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

}  // namespace

int cmdStudy(int argc, char** argv) {
  const std::string sub = argc > 2 ? argv[2] : "";
  if (sub == "create") return studyCreate(argc, argv);
  if (sub == "list") return studyList(argc, argv);
  if (sub == "export") return studyExport(argc, argv);
  if (sub.empty() || sub == "help" || sub == "--help") {
    std::cout << kStudyUsage;
    return sub.empty() ? 2 : 0;
  }
  throw UsageError("unknown study command \"" + sub + "\" (create, list or export)\n" + kStudyUsage);
}

}  // namespace vitrine::cli
