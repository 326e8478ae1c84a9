// vitrine-cli: the headless entry point. Argument parsing and wiring only; the work is in core.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include <CLI/CLI.hpp>

#include "args.h"
#include "command_table.h"
#include "catalog/catalog.h"
#include "commands.h"
#include "embeddings/embed.h"
#include "eval/knn.h"
#include "ingest/dataset_import.h"
#include "ingest/importer.h"
#include "ingest/npy.h"
#include "terminal.h"

namespace vitrine::cli {

volatile std::sig_atomic_t g_interrupted = 0;

// Ctrl+C asks long work to stop at the next batch boundary instead of killing mid-write.
// A second Ctrl+C gets the default action (the process ends at once).
void onInterruptHandler(int) {
  g_interrupted = 1;
  std::signal(SIGINT, SIG_DFL);
}

ProgressCallback withInterrupt(ProgressBar& bar) {
  return [&bar](const Progress& p) { return bar.update(p) && !g_interrupted; };
}

int cmdInfo(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"), /*readOnly=*/true);
  if (a.json()) {
    nlohmann::json out = {{"catalog", c.path()},
                          {"schema", c.schemaVersion()},
                          {"artworks", c.artworkCount()},
                          {"interactions", c.interactionCount()},
                          {"profiles", c.profiles().size()},
                          {"embeddings", nlohmann::json::array()},
                          {"credit", c.setting("credit").value_or("")}};
    for (const auto& e : c.embeddings())
      out["embeddings"].push_back(
          {{"name", e.name}, {"dimension", e.dimension}, {"version", e.version}, {"artworks", e.count}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "catalog      " << c.path() << " (schema " << c.schemaVersion() << ")\n";
  std::cout << "artworks     " << c.artworkCount() << "\n";
  std::cout << "interactions " << c.interactionCount() << "\n";
  std::cout << "profiles     " << c.profiles().size() << "\n";
  for (const auto& e : c.embeddings())
    std::cout << "embedding    " << e.name << "  " << e.dimension << "-d  version " << e.version << "  " << e.count
              << " artworks\n";
  if (auto credit = c.setting("credit")) std::cout << "credit       " << *credit << "\n";
  return 0;
}

int cmdImport(const Args& a) {
  const std::string catalogPath = a.require("catalog");
  ImportOptions o;
  o.imagesDir = a.require("images");
  o.noMetadata = a.has("no-metadata");
  o.recursive = a.has("recursive");
  if (!o.noMetadata) o.metadataCsv = a.require("metadata");
  o.batchSize = static_cast<int>(a.getInt("batch", o.batchSize));
  o.maxPixels = a.getInt("max-pixels", o.maxPixels);
  o.threads = static_cast<int>(a.getInt("threads", 0));
  Catalog c = Catalog::openOrCreate(catalogPath);
  ProgressBar bar(a.has("quiet"));
  ImportReport r = importImages(c, o, withInterrupt(bar));
  bar.finish();
  for (const auto& issue : r.issues) {
    std::cerr << issue.file;
    if (issue.line > 0) std::cerr << ":" << issue.line;
    std::cerr << ": " << issue.reason;
    if (!issue.detail.empty()) std::cerr << " — " << issue.detail;
    std::cerr << "\n";
  }
  for (const auto& note : r.notes) {
    std::cerr << "note: " << note.file;
    if (note.line > 0) std::cerr << ":" << note.line;
    std::cerr << ": " << note.reason;
    if (!note.detail.empty()) std::cerr << " — " << note.detail;
    std::cerr << "\n";
  }
  if (a.json()) {
    nlohmann::json out = {{"imported", r.imported},
                          {"already_present", r.alreadyPresent},
                          {"skipped", r.skipped()},
                          {"skipped_by_reason", r.skippedByReason},
                          {"converted", r.converted},
                          {"cancelled", r.cancelled},
                          {"issues", nlohmann::json::array()},
                          {"notes", nlohmann::json::array()}};
    for (const auto& issue : r.issues)
      out["issues"].push_back(
          {{"file", issue.file}, {"line", issue.line}, {"reason", issue.reason}, {"detail", issue.detail}});
    for (const auto& note : r.notes)
      out["notes"].push_back(
          {{"file", note.file}, {"line", note.line}, {"reason", note.reason}, {"detail", note.detail}});
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << r.summary() << "\n";
  }
  // Non-zero only when nothing could be imported (a fully present re-run is a success).
  return r.imported == 0 && r.alreadyPresent == 0 ? 1 : 0;
}

int cmdImportEmbeddings(const Args& a) {
  // Several parts (shards of `embed --shard`) as comma-separated lists: --npy A.npy,B.npy --ids A.txt,B.txt
  auto split = [](const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');)
      if (!part.empty()) out.push_back(part);
    return out;
  };
  const std::vector<std::string> npys = split(a.get("npy")), idss = split(a.get("ids"));
  if (npys.empty()) throw UsageError("missing --npy");
  if (npys.size() != idss.size())
    throw UsageError("give one ids file per .npy (" + std::to_string(npys.size()) + " in --npy, " +
                     std::to_string(idss.size()) + " in --ids)");
  std::vector<EmbeddingFiles> parts;
  for (size_t i = 0; i < npys.size(); ++i) parts.push_back({npys[i], idss[i]});
  // `embed --shard` writes NAME and VERSION beside its .npy (F.npy.json): the merged shards then
  // carry the extractor's own version, exactly as a single-machine `embed` stores it.
  std::string name = a.get("name"), version = a.get("version");
  for (const auto& part : parts) {
    std::ifstream meta(part.npy + ".json");
    if (!meta) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(meta);
    } catch (const std::exception& e) {
      throw Error(part.npy + ".json: not valid JSON (" + e.what() + ")");
    }
    const std::string n = j.value("name", ""), v = j.value("version", "");
    if (name.empty()) name = n;
    if (version.empty()) version = v;
    if ((!n.empty() && n != name && !a.has("name")) || (!v.empty() && v != version && !a.has("version")))
      throw Error(part.npy + ".json: embedding " + n + " version \"" + v + "\" differs from the other parts' " + name +
                  " \"" + version + "\"");
  }
  if (name.empty()) throw UsageError("missing --name");
  Catalog c = Catalog::openOrCreate(a.require("catalog"));
  auto r = importEmbeddings(c, name, parts, a.has("create-items"), version.empty() ? "imported" : version);
  std::cout << r.summary(name) << "\n";
  return 0;
}

int cmdImportInteractions(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"));
  auto r = importInteractions(c, a.require("csv"));
  for (const auto& note : r.notes) std::cerr << note << "\n";
  if (!a.json()) std::cout << r.summary() << "\n";
  if (a.json()) {
    // The import report (docs/data-policies.md): what was stored, merged and converted.
    const nlohmann::json report = {{"csv", a.get("csv")},
                                   {"rows_read", r.read},
                                   {"stored", r.stored},
                                   {"merged_duplicates_in_file", r.mergedInFile},
                                   {"already_in_catalog", r.alreadyStored},
                                   {"timestamps_from_milliseconds", r.fromMilliseconds},
                                   {"timestamps_with_offset_applied", r.withOffset},
                                   {"timestamps_without_zone_read_as_utc", r.withoutZone},
                                   {"dates_read_as_midnight_utc", r.datesOnly},
                                   {"notes", r.notes}};
    std::cout << report.dump(2) << "\n";
  }
  return 0;
}

// `embed --shard I/N --npy OUT.npy --ids OUT.txt`: shard I of N (artworks whose id is I-1 modulo
// N) computed from a read-only catalog and written as .npy + ids + OUT.npy.json (name, version);
// `import-embeddings` merges the shards (docs/scaling.md).
int cmdEmbedShard(const Args& a, const Extractor& extractor) {
  const std::string shard = a.require("shard");
  int index = 0, count = 0;
  char slash = 0;
  std::istringstream in(shard);
  if (!(in >> index >> slash >> count) || slash != '/' || !in.eof() || count < 1 || index < 1 || index > count)
    throw UsageError("--shard must be I/N with 1 <= I <= N, e.g. --shard 1/4 (got \"" + shard + "\")");
  const std::string npyPath = a.require("npy"), idsPath = a.require("ids");
  Catalog c = Catalog::open(a.require("catalog"), true);
  const std::vector<int64_t> ids = shardArtworkIds(c, index - 1, count);
  std::map<int64_t, std::vector<float>> vectors;
  auto keep = [&](const std::vector<int64_t>& done, const std::vector<std::vector<float>>& vecs) {
    for (size_t i = 0; i < done.size(); ++i) vectors[done[i]] = vecs[i];
  };
  ProgressBar bar(a.has("quiet"));
  EmbedReport r = embedArtworks(c, extractor, ids, keep, static_cast<int>(a.getInt("threads", 0)), withInterrupt(bar));
  bar.finish();
  for (const auto& p : r.problems) std::cerr << p << "\n";
  if (r.cancelled) throw Error("cancelled: nothing written");
  NpyMatrix out;
  out.rows = static_cast<int64_t>(vectors.size());
  out.cols = extractor.dimension();
  std::ofstream idsOut(idsPath + ".part", std::ios::binary | std::ios::trunc);
  if (!idsOut) throw Error(idsPath + ": cannot be written");
  for (const auto& [id, v] : vectors) {
    idsOut << c.artwork(id)->externalId << "\n";
    out.values.insert(out.values.end(), v.begin(), v.end());
  }
  idsOut.close();
  if (!idsOut) throw Error(idsPath + ": write failed");
  writeNpy(npyPath, out);
  {
    std::ofstream meta(npyPath + ".json", std::ios::trunc);
    meta << nlohmann::json{{"name", extractor.name()},
                           {"version", extractor.version()},
                           {"dimension", extractor.dimension()},
                           {"shard", shard},
                           {"catalog", c.path()}}
                .dump(2)
         << "\n";
    if (!meta) throw Error(npyPath + ".json: cannot be written");
  }
  std::error_code renamed;
  std::filesystem::rename(idsPath + ".part", idsPath, renamed);  // replaces an existing file on every platform
  if (renamed) throw Error(idsPath + ": cannot be written (" + renamed.message() + ")");
  std::cout << "shard " << shard << ": computed " << extractor.name() << " for " << out.rows << " of " << ids.size()
            << " artworks -> " << npyPath << ", " << idsPath << "\n";
  return 0;
}

int cmdEmbed(const Args& a) {
  auto extractor = makeExtractor(a.get("extractor", "handcrafted"));
  if (a.has("shard") || a.has("npy") || a.has("ids")) return cmdEmbedShard(a, *extractor);
  Catalog c = Catalog::open(a.require("catalog"));
  ProgressBar bar(a.has("quiet"));
  EmbedReport r = computeEmbeddings(c, *extractor, static_cast<int>(a.getInt("threads", 0)), withInterrupt(bar),
                                    a.has("recompute"));
  bar.finish();
  for (const auto& p : r.problems) std::cerr << p << "\n";
  if (a.json())
    std::cout << nlohmann::json{{"extractor", extractor->name()},
                                {"computed", r.computed},
                                {"already_present", r.alreadyPresent},
                                {"without_image", r.withoutImage},
                                {"problems", r.problems},
                                {"cancelled", r.cancelled}}
                     .dump(2)
              << "\n";
  else {
    std::cout << "computed " << extractor->name() << " for " << r.computed << " artworks";
    if (r.alreadyPresent) std::cout << "; " << r.alreadyPresent << " already had it (--recompute to redo)";
    if (r.withoutImage) std::cout << "; " << r.withoutImage << " have no image";
    if (r.cancelled) std::cout << "; cancelled";
    std::cout << "\n";
  }
  return r.computed > 0 || r.withoutImage > 0 || r.alreadyPresent > 0 ? 0 : 1;
}

int cmdKnn(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"), true);
  const std::string label = a.get("label", "period");
  EmbeddingMatrix m = c.loadEmbeddingMatrix(a.require("embedding"));
  std::vector<std::string> labels;
  for (int64_t id : m.artworkIds) {
    auto art = c.artwork(id);
    if (label == "period")
      labels.push_back(art->period);
    else if (label == "style")
      labels.push_back(art->style);
    else if (label == "artist")
      labels.push_back(art->artist);
    else
      throw UsageError("--label must be period, style or artist");
  }
  KnnAccuracy r = leaveOneOutAccuracy(m, labels);
  if (a.json()) {
    std::cout << nlohmann::json{{"embedding", m.name},
                                {"label", label},
                                {"accuracy", r.accuracy},
                                {"evaluated", r.evaluated},
                                {"majority_label", r.majorityLabel},
                                {"majority_baseline", r.majorityBaseline}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::printf("leave-one-out cosine 1-NN accuracy of %s on %s: %.4f (%lld artworks; majority \"%s\" %.4f)\n",
              label.c_str(), m.name.c_str(), r.accuracy, static_cast<long long>(r.evaluated), r.majorityLabel.c_str(),
              r.majorityBaseline);
  return 0;
}

namespace {

void printVersion() {
  std::cout << "vitrine-cli " << VITRINE_VERSION << " (catalog schema " << Catalog::latestSchemaVersion() << ")\n";
}

// The selected leaf command ("import", or "create" under "study") after a successful parse.
const CLI::App* selectedCommand(const CLI::App& app) {
  const CLI::App* at = &app;
  for (;;) {
    const auto chosen = at->get_subcommands();
    if (chosen.empty()) return at;
    at = chosen.front();
  }
}

}  // namespace

// Exit status: 0 success, 1 failure, 2 usage error (CLI11 parse errors and UsageError),
// 130 after Ctrl+C (the command stopped at a safe point; what it committed stays).
int run(int argc, char** argv) {
  CLI::App app{"vitrine-cli: headless tools for Vitrine catalogs", "vitrine-cli"};
  std::vector<std::pair<const CLI::App*, const CommandSpec*>> commands;
  buildApp(app, commands);
  if (argc < 2) {
    std::cerr << app.help();
    return 2;
  }
  const std::string cmd = argv[1];
  if (cmd == "--version" || cmd == "version") {
    printVersion();
    return 0;
  }
  if (cmd == "help") {
    // `help` alone: every command with its options; `help COMMAND [SUB]`: that command's help.
    if (argc == 2) {
      std::cout << app.get_description() << "\n\n";
      for (const auto& [sub, spec] : commands) {
        const std::string text = sub->help("", CLI::AppFormatMode::Sub);  // first line: the bare name
        std::cout << "vitrine-cli " << spec->words << text.substr(text.find('\n')) << "\n";
      }
      std::cout << app.get_footer() << "\n";
      return 0;
    }
    std::vector<char*> words(argv, argv + argc);
    words.erase(words.begin() + 1);
    static char helpFlag[] = "--help";
    words.push_back(helpFlag);
    return run(int(words.size()), words.data());
  }
  bool known = cmd.rfind("-", 0) == 0;  // options of vitrine-cli itself (--help) go to CLI11
  for (const CommandSpec& spec : commandTable())
    known = known || std::string(spec.words).substr(0, std::string(spec.words).find(' ')) == cmd;
  if (!known) {
    std::cerr << "vitrine-cli: unknown command \"" << cmd << "\" (see vitrine-cli --help)\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string where = "vitrine-cli";
    for (const CLI::App* at = selectedCommand(app); at && at != &app; at = at->get_parent())
      where.insert(11, " " + at->get_name());
    std::cerr << where << ": " << e.what() << " (see " << where << " --help)\n";
    return 2;
  }
  const CLI::App* leaf = selectedCommand(app);
  const CommandSpec* spec = nullptr;
  for (const auto& [sub, s] : commands)
    if (sub == leaf) spec = s;
  if (!spec) {
    std::cerr << app.help();
    return 2;
  }
  const std::string name = spec->words;
  try {
    const Args args(*leaf);
    ProgressBar::setForced(leaf->get_option_no_throw("--progress") && args.has("progress"));
    const int code = spec->run(args);
    if (g_interrupted) {
      std::cerr << "vitrine-cli " << name << ": interrupted; what was committed stays\n";
      return 130;
    }
    return code;
  } catch (const UsageError& e) {
    std::cerr << "vitrine-cli " << name << ": " << e.what() << " (see vitrine-cli " << name << " --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "vitrine-cli " << name << ": " << e.what() << "\n";
    return g_interrupted ? 130 : 1;
  }
}

}  // namespace vitrine::cli

int main(int argc, char** argv) {
  std::signal(SIGINT, vitrine::cli::onInterruptHandler);
  return vitrine::cli::run(argc, argv);
}
