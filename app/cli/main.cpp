// vitrine-cli: the headless entry point. Argument parsing and wiring only; the work is in core.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "args.h"
#include "catalog/catalog.h"
#include "commands.h"
#include "embeddings/embed.h"
#include "eval/knn.h"
#include "ingest/dataset_import.h"
#include "ingest/importer.h"
#include "terminal.h"

namespace vitrine::cli {

volatile std::sig_atomic_t g_interrupted = 0;

// Ctrl+C asks long work to stop at the next batch boundary instead of killing mid-write.
void onInterruptHandler(int) { g_interrupted = 1; }

ProgressCallback withInterrupt(ProgressBar& bar) {
  return [&bar](const Progress& p) { return bar.update(p) && !g_interrupted; };
}

namespace {

const char* kUsage = R"(vitrine-cli — headless tools for Vitrine catalogs

usage: vitrine-cli <command> [options]

commands:
  info                 --catalog C
  import               --catalog C --images DIR (--metadata FILE.csv | --no-metadata) [--recursive]
                       [--batch N] [--max-pixels N] [--threads N] [--quiet]
  import-embeddings    --catalog C --name NAME --npy F.npy --ids IDS.txt [--create-items]
  import-interactions  --catalog C --csv F.csv
  embed                --catalog C [--extractor handcrafted|mobilenet_v2[:LAYER]|
                       inception_v3[:LAYER]|torchscript:FILE.pt] [--threads N] [--recompute]
                       (resumable: artworks that already hold the embedding are skipped)
  list-embeddings      --catalog C [--json] [--set-default NAME]
  export-embeddings    --catalog C --name NAME --npy OUT.npy --ids OUT.txt
  knn                  --catalog C --embedding NAME [--label period|style|artist]
  recommend            --catalog C --profile ID[,ID...] [--model visrank:maximum]
                       [--embedding NAME] [--k 20] [--json]
  evaluate             --catalog C --embedding NAME [--protocol tutorial|basket]
                       [--models visrank:maximum,visrank:average,visrank:average_top_k:3]
                       [--metrics reference|standard] [--k 10,20,50,100,200]
                       [--cases FILE.csv [--cases-ids]] [--json FILE]
                       [--store]   (keep the run in the catalog: GUI Evaluation panel)
  train                --catalog C [--embedding NAME] --name MODEL [--overwrite]
                       --load-reference-npy DIR          (the tutorial's trained weights)
                     | [--sampling random|guidelines] [--shares 1,1,1,1,1,1] [--epochs N]
                       [--triples N] [--validation N] [--seed S] [--batch N] [--lr X]
                       [--max-profile N] [--holdout tutorial|basket] [--k-clusters K]
                       [--pca-dims N] [--pooling max,avg|avg,max] [--zscore] [--quiet]
  models               --catalog C [--json]
  model-export         --catalog C --name MODEL --file F
  model-import         --catalog C --file F [--name MODEL] [--overwrite]
  model-delete         --catalog C --name MODEL
  cluster              --catalog C --embedding NAME [--k K|auto] [--pca-dim 50] [--seed S]
                       [--map tsne|pca] [--perplexity 30] [--export FILE.csv]
  study create         --catalog C --name N --system-a SPEC --system-b SPEC [--list-length 10]
                       [--seed S] [--unblinded] [--min-profile 3] [--scale 5] | --definition F.json
  study list           --catalog C [--json]
  study export         --catalog C --name N --out DIR [--add-profiles-to-interactions]
  --version, help

Ctrl+C stops a long command at the next safe point; what was committed stays.
)";


int cmdInfo(int argc, char** argv) {
  Args a(argc, argv, 2, {"catalog"}, {});
  Catalog c = Catalog::open(a.require("catalog"), /*readOnly=*/true);
  std::cout << "catalog      " << c.path() << " (schema " << c.schemaVersion() << ")\n";
  std::cout << "artworks     " << c.artworkCount() << "\n";
  std::cout << "interactions " << c.interactionCount() << "\n";
  std::cout << "profiles     " << c.profiles().size() << "\n";
  for (const auto& e : c.embeddings())
    std::cout << "embedding    " << e.name << "  " << e.dimension << "-d  version " << e.version << "  "
              << e.count << " artworks\n";
  if (auto credit = c.setting("credit")) std::cout << "credit       " << *credit << "\n";
  return 0;
}

int cmdImport(int argc, char** argv) {
  Args a(argc, argv, 2, {"catalog", "images", "metadata", "batch", "max-pixels", "threads"},
         {"no-metadata", "quiet", "recursive"});
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
  std::cout << r.summary() << "\n";
  // Non-zero only when nothing could be imported (a fully present re-run is a success).
  return r.imported == 0 && r.alreadyPresent == 0 ? 1 : 0;
}

int cmdImportEmbeddings(int argc, char** argv) {
  Args a(argc, argv, 2, {"catalog", "name", "npy", "ids", "version"}, {"create-items"});
  Catalog c = Catalog::openOrCreate(a.require("catalog"));
  auto r = importEmbeddings(c, a.require("name"), a.require("npy"), a.require("ids"),
                            a.has("create-items"), a.get("version", "imported"));
  std::cout << "stored " << r.stored << " " << r.dimension << "-d vectors as \"" << a.get("name")
            << "\" (" << r.createdArtworks << " artworks created)\n";
  return 0;
}

int cmdImportInteractions(int argc, char** argv) {
  Args a(argc, argv, 2, {"catalog", "csv"}, {});
  Catalog c = Catalog::open(a.require("catalog"));
  auto r = importInteractions(c, a.require("csv"));
  std::cout << "stored " << r.stored << " interactions\n";
  return 0;
}

int cmdEmbed(int argc, char** argv) {
  Args a(argc, argv, 2, {"catalog", "extractor", "threads"}, {"quiet", "recompute"});
  Catalog c = Catalog::open(a.require("catalog"));
  auto extractor = makeExtractor(a.get("extractor", "handcrafted"));
  ProgressBar bar(a.has("quiet"));
  EmbedReport r = computeEmbeddings(c, *extractor, static_cast<int>(a.getInt("threads", 0)), withInterrupt(bar),
                                    a.has("recompute"));
  bar.finish();
  for (const auto& p : r.problems) std::cerr << p << "\n";
  std::cout << "computed " << extractor->name() << " for " << r.computed << " artworks";
  if (r.alreadyPresent) std::cout << "; " << r.alreadyPresent << " already had it (--recompute to redo)";
  if (r.withoutImage) std::cout << "; " << r.withoutImage << " have no image";
  if (r.cancelled) std::cout << "; cancelled";
  std::cout << "\n";
  return r.computed > 0 || r.withoutImage > 0 || r.alreadyPresent > 0 ? 0 : 1;
}

int cmdKnn(int argc, char** argv) {
  Args a(argc, argv, 2, {"catalog", "embedding", "label"}, {});
  Catalog c = Catalog::open(a.require("catalog"), true);
  const std::string label = a.get("label", "period");
  EmbeddingMatrix m = c.loadEmbeddingMatrix(a.require("embedding"));
  std::vector<std::string> labels;
  for (int64_t id : m.artworkIds) {
    auto art = c.artwork(id);
    if (label == "period") labels.push_back(art->period);
    else if (label == "style") labels.push_back(art->style);
    else if (label == "artist") labels.push_back(art->artist);
    else throw UsageError("--label must be period, style or artist");
  }
  KnnAccuracy r = leaveOneOutAccuracy(m, labels);
  std::printf("leave-one-out cosine 1-NN accuracy of %s on %s: %.4f (%lld artworks; majority \"%s\" %.4f)\n",
              label.c_str(), m.name.c_str(), r.accuracy, static_cast<long long>(r.evaluated),
              r.majorityLabel.c_str(), r.majorityBaseline);
  return 0;
}

}  // namespace

int run(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string cmd = argv[1];
  if (cmd == "--version" || cmd == "version") {
    std::cout << "vitrine-cli " << VITRINE_VERSION << " (catalog schema " << Catalog::latestSchemaVersion()
              << ")\n";
    return 0;
  }
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    std::cout << kUsage;
    return 0;
  }
  static const std::map<std::string, int (*)(int, char**)> commands = {
      {"info", cmdInfo},
      {"import", cmdImport},
      {"import-embeddings", cmdImportEmbeddings},
      {"import-interactions", cmdImportInteractions},
      {"embed", cmdEmbed},
      {"list-embeddings", cmdListEmbeddings},
      {"export-embeddings", cmdExportEmbeddings},
      {"knn", cmdKnn},
      {"recommend", cmdRecommend},
      {"evaluate", cmdEvaluate},
      {"cluster", cmdCluster},
      {"train", cmdTrain},
      {"models", cmdModels},
      {"model-export", cmdModelExport},
      {"model-import", cmdModelImport},
      {"model-delete", cmdModelDelete},
      {"study", cmdStudy},
  };
  auto it = commands.find(cmd);
  if (it == commands.end()) {
    std::cerr << "vitrine-cli: unknown command \"" << cmd << "\"\n\n" << kUsage;
    return 2;
  }
  try {
    return it->second(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "vitrine-cli " << cmd << ": " << e.what() << " (see vitrine-cli help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "vitrine-cli " << cmd << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace vitrine::cli

int main(int argc, char** argv) {
  std::signal(SIGINT, vitrine::cli::onInterruptHandler);
  return vitrine::cli::run(argc, argv);
}
