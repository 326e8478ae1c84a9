// The command line's one option table: every command, every option, its help text. CLI11 builds
// the parser and each `vitrine-cli COMMAND --help` from it.
#include "command_table.h"

#include <CLI/CLI.hpp>
#include <map>
#include <sstream>

#include "commands.h"

namespace vitrine::cli {

namespace {

constexpr bool Required = true;
constexpr bool Optional = false;
constexpr bool Repeatable = true;

const OptionSpec kCatalog{"catalog", "C", "catalog file (.vitrine)", Required};
const OptionSpec kJson{"json", nullptr, "print one JSON document on stdout instead of text"};
const OptionSpec kProgress{"progress", nullptr,
                           "show progress on stderr even when it is not a terminal (a line per 10 %)"};
const OptionSpec kQuiet{"quiet", nullptr, "no progress output, even on a terminal"};
const OptionSpec kEmbedding{"embedding", "NAME",
                            "stored embedding to use (default: the catalog's default, see list-embeddings)"};

}  // namespace

const std::vector<CommandSpec>& commandTable() {
  static const std::vector<CommandSpec> table = {
      {"info", "catalog summary: artworks, interactions, profiles, embeddings", cmdInfo, {kCatalog, kJson}},
      {"import",
       "import a folder of images (and a metadata CSV) with thumbnails and handcrafted features; resumable",
       cmdImport,
       {{"catalog", "C", "catalog file; created when missing", Required},
        {"images", "DIR", "folder of images; the metadata CSV's file column is relative to it", Required},
        {"metadata", "FILE.csv", "metadata CSV (id, file, title, artist, ...); required unless --no-metadata"},
        {"no-metadata", nullptr, "import every image in --images with ids from the file names"},
        {"recursive", nullptr,
         "also import images in subfolders of --images (ids from relative paths); CSV file names are "
         "also looked up there"},
        {"batch", "N", "images per committed transaction (default 32)"},
        {"max-pixels", "N", "refuse images larger than N pixels before decoding (default 100000000)"},
        {"threads", "N", "decode and feature workers (default 0 = one per core)"},
        kProgress,
        kQuiet,
        kJson}},
      {"import-embeddings",
       "store vectors from a .npy matrix and an id list as a named embedding",
       cmdImportEmbeddings,
       {{"catalog", "C", "catalog file; created when missing", Required},
        {"name", "NAME", "embedding name (default: the name in F.npy.json written by embed --shard)"},
        {"npy", "F.npy[,F2.npy...]", "float32 matrix, one row per id; several parts (shards) comma-separated",
         Required},
        {"ids", "IDS.txt[,IDS2.txt...]", "artwork ids, one per line, in row order; one file per --npy part", Required},
        {"version", "TEXT", "version label stored with the vectors (default: from F.npy.json, else \"imported\")"},
        {"create-items", nullptr, "create artworks (without image) for ids the catalog does not hold"}}},
      {"import-interactions",
       "store user-artwork interactions from a CSV (user_id, item_id, timestamp)",
       cmdImportInteractions,
       {kCatalog, {"csv", "F.csv", "interactions CSV", Required}, kJson}},
      {"embed",
       "compute an embedding for every artwork with an image; resumable",
       cmdEmbed,
       {kCatalog,
        {"extractor", "NAME",
         "handcrafted (default), mobilenet_v2[:LAYER], inception_v3[:LAYER] or torchscript:FILE.pt"},
        {"threads", "N", "workers (default 0 = one per core)"},
        {"recompute", nullptr, "recompute vectors that are already stored"},
        {"shard", "I/N",
         "compute only slice I of N (artworks whose id is I-1 modulo N) from a read-only catalog "
         "and write it to --npy/--ids for import-embeddings (docs/scaling.md)"},
        {"npy", "OUT.npy", "with --shard: the matrix to write (and OUT.npy.json with name and version)"},
        {"ids", "OUT.txt", "with --shard: the artwork ids to write"},
        kProgress,
        kQuiet,
        kJson}},
      {"list-embeddings",
       "list stored embeddings, marking the default",
       cmdListEmbeddings,
       {kCatalog, {"set-default", "NAME", "make NAME the default embedding first"}, kJson}},
      {"export-embeddings",
       "write a stored embedding as a .npy matrix and an id list",
       cmdExportEmbeddings,
       {kCatalog,
        {"name", "NAME", "embedding to export", Required},
        {"npy", "OUT.npy", "float32 matrix to write", Required},
        {"ids", "OUT.txt", "artwork ids to write, one per line", Required}}},
      {"knn",
       "leave-one-out cosine 1-NN accuracy of a label over an embedding",
       cmdKnn,
       {kCatalog,
        {"embedding", "NAME", "stored embedding", Required},
        {"label", "LABEL", "period (default), style or artist"},
        kJson}},
      {"recommend",
       "rank the catalog for a profile of artworks",
       cmdRecommend,
       {kCatalog,
        {"profile", "ID[,ID...]", "artwork ids the user liked", Required},
        {"model", "SPEC",
         "visrank:maximum (default), visrank:average, visrank:average_top_k:K, curatornet:MODEL, random[:SEED]"},
        kEmbedding,
        {"k", "N", "recommendations to list (default 20)"},
        {"include-profile", nullptr, "keep the profile's own artworks in the list"},
        kJson}},
      {"evaluate",
       "offline evaluation of rankers on held-out interactions (spec section 6)",
       cmdEvaluate,
       {kCatalog,
        kEmbedding,
        {"protocol", "P", "tutorial (default: each user's last interaction) or basket"},
        {"models", "SPEC[,SPEC...]", "rankers to compare (default visrank:maximum,visrank:average)"},
        {"metrics", "SET", "reference or standard (default: both)"},
        {"k", "K[,K...]", "cut-offs (default 10,20,50,100,200)"},
        {"cases", "FILE.csv", "evaluation cases user_id,predict,timestamp,profile instead of the protocol"},
        {"cases-ids", nullptr, "--cases items are artwork ids, not matrix rows"},
        {"store", nullptr, "keep the run in the catalog (GUI: Models > Evaluate...)"},
        {"json", "[FILE]", "JSON results: on stdout (instead of the tables), or to FILE (besides them)"},
        {"per-case", "FILE.csv",
         "write every case's values, long format: model,metric_set,case_id,user_id,item_id,metric,value"},
        {"compare", "A,B",
         "paired comparison of two --models per metric: mean difference with 95 % CI, paired t-test and "
         "Wilcoxon signed-rank p-values (repeat for more pairs)",
         Optional, Repeatable},
        {"bootstrap", "N", "bootstrap resamples of the 95 % confidence intervals (default 10000)"},
        {"seed", "S", "bootstrap seed (default 0; same seed, same intervals)"},
        kProgress,
        kQuiet}},
      {"cluster",
       "k-means visual clusters (k given or by silhouette), optional 2-D map, stored in the catalog",
       cmdCluster,
       {kCatalog,
        {"embedding", "NAME", "stored embedding", Required},
        {"k", "K|auto", "clusters, or auto (default) to choose by silhouette"},
        {"k-min", "N", "smallest k tried by auto (default 2)"},
        {"k-max", "N", "largest k tried by auto (default 15)"},
        {"pca-dim", "N", "PCA dimensions before clustering, 0 = none (default 50)"},
        {"seed", "S", "random seed (default 0)"},
        {"map", "tsne|pca", "also compute and store a 2-D map"},
        {"perplexity", "X", "t-SNE perplexity (default 30)"},
        {"medoids", "N", "medoid artworks listed per cluster (default 5)"},
        {"export", "FILE.csv", "write artwork_id,cluster,x,y"},
        kProgress,
        kQuiet,
        kJson}},
      {"train",
       "train a CuratorNet model (or store the tutorial's reference weights) in the catalog",
       cmdTrain,
       {kCatalog,
        kEmbedding,
        {"name", "MODEL", "model name (default curatornet; required with --load-reference-npy)"},
        {"overwrite", nullptr, "replace a stored model of that name"},
        {"load-reference-npy", "DIR", "store the tutorial's trained weights from DIR instead of training"},
        {"sampling", "S", "triple sampling: guidelines (default; spec section 4) or random (the tutorial's)"},
        {"shares", "A,B,C,D,E,F", "guidelines: weights of strategies 1..6 (default 1,1,1,1,1,1)"},
        {"holdout", "H", "interactions kept out of sampling: none, tutorial, basket or both"},
        {"triples,train-triples", "N", "training triples (default 100000)"},
        {"validation,validation-triples", "N", "validation triples (default 10000)"},
        {"max-profile", "N", "largest profile per triple (default 10 random, 0 = all for guidelines)"},
        {"k-clusters,clusters", "K", "guidelines: k-means clusters (default 8)"},
        {"pca-dims", "N", "guidelines: PCA dimensions (default 50)"},
        {"no-profiles", nullptr, "do not count saved curator profiles as users"},
        {"zscore", nullptr, "z-score the embedding before training"},
        {"pooling", "max,avg|avg,max", "profile pooling order (default max,avg as the tutorial)"},
        {"epochs", "N", "at most N epochs (default 10)"},
        {"batch", "N", "triples per batch (default 128)"},
        {"lr", "X", "Adam learning rate (default 0.0001)"},
        {"weight-decay", "X", "Adam L2 weight decay (default 0.0001)"},
        {"max-lrs", "N", "stop after N distinct learning rates of the plateau schedule (default 10)"},
        {"seed", "S", "sampling and shuffling seed (default 0)"},
        {"threads", "N", "LibTorch threads (default 1; 0 = process setting)"},
        {"blas-threads", "N", "OpenBLAS threads (default 0 = process setting)"},
        {"select", "RULE",
         "checkpoint and LR plateau by validation ranking (auc) or by the tutorial's triple "
         "accuracy (triple-accuracy); default auc (triple-accuracy when no user can be held out)"},
        {"validation-users", "F",
         "with --select auc: share of eligible users whose last basket is held out for "
         "validation, in [0, 1) (default 0.25)"},
        kProgress,
        kQuiet,
        kJson}},
      {"models", "list the models stored in the catalog", cmdModels, {kCatalog, kJson}},
      {"model-export",
       "write a stored model to a file, the reference .npy layout and/or TorchScript",
       cmdModelExport,
       {kCatalog,
        {"name", "MODEL", "stored model", Required},
        {"file", "F", "Vitrine model file (model-import reads it back)"},
        {"npy", "DIR",
         "the tutorial's reference layout: <layer>.weight/.bias.npy + config.json (train --load-reference-npy "
         "reads it back)"},
        {"torchscript", "F",
         "TorchScript module for Python's torch.jit.load: forward(profile[P,D], "
         "candidates[N,D]) -> scores[N]"}}},
      {"model-import",
       "store a model file written by model-export",
       cmdModelImport,
       {kCatalog,
        {"file", "F", "model file", Required},
        {"name", "MODEL", "name to store it under (default: the name in the file)"},
        {"overwrite", nullptr, "replace a stored model of that name"}}},
      {"model-delete",
       "delete a stored model",
       cmdModelDelete,
       {kCatalog, {"name", "MODEL", "stored model", Required}}},
      {"study create",
       "define a user study comparing two recommenders (blinded by default)",
       cmdStudyCreate,
       {kCatalog,
        {"definition", "FILE.json", "the whole definition from a JSON file (excludes the options below but --name)"},
        {"name", "N", "study name"},
        {"system-a", "SPEC", "first recommender (visrank:..., curatornet:MODEL, random)"},
        {"system-b", "SPEC", "second recommender"},
        {"list-length", "N", "recommendations per list, 1..100 (default 10)"},
        {"seed", "S", "left/right order per participant and the random control's seed (default 0)"},
        {"blinded", nullptr, "label the lists \"List A\"/\"List B\" (the default)"},
        {"unblinded", nullptr, "show the systems' names"},
        {"min-profile", "N", "artworks a participant picks first, 1..1000 (default 3)"},
        {"scale", "N", "ratings 1..N, N in 2..10 (default 5)"},
        {"embedding", "NAME", "embedding the rankers use (default: the catalog's default)"},
        {"question", "TEXT", "the free-text question after the ratings"},
        {"no-preference", nullptr, "do not ask which list the participant preferred"},
        {"add-profiles", nullptr, "allow export to copy the profiles into the interactions"},
        {"instructions", "TEXT", "first-page text (default: a built-in text)"}}},
      {"study list", "list the studies with their session counts", cmdStudyList, {kCatalog, kJson}},
      {"study export",
       "write a study's sessions, ratings and answers as CSV files",
       cmdStudyExport,
       {kCatalog,
        {"name", "N", "study", Required},
        {"out", "DIR", "folder to write", Required},
        {"add-profiles-to-interactions", nullptr, "also store the participants' profiles as interactions"}}},
      {"study report",
       "ratings per system with 95 % CIs over participants, by rank and side, paired comparison, "
       "preferences (sign test), completion times",
       cmdStudyReport,
       {kCatalog,
        {"name", "N", "study", Required},
        {"resamples", "N", "bootstrap resamples for every interval (default 10000)"},
        {"seed", "S", "bootstrap seed (default 0)"},
        kJson}},
      {"study merge",
       "add the sessions of a study run on other workstations (their copies of this catalog)",
       cmdStudyMerge,
       {{"catalog", "C", "catalog to merge into", Required},
        {"from", "F[,F...]", "station catalogs (copies of this catalog), comma-separated", Required},
        {"name", "N", "study", Required},
        kJson}},
  };
  return table;
}

void buildApp(CLI::App& app, std::vector<std::pair<const CLI::App*, const CommandSpec*>>& commands) {
  app.require_subcommand(1);
  std::map<std::string, CLI::App*> groups;
  for (const CommandSpec& spec : commandTable()) {
    std::istringstream words(spec.words);
    std::string first, second;
    words >> first >> second;
    CLI::App* parent = &app;
    if (!second.empty()) {
      CLI::App*& group = groups[first];
      if (!group) {
        group = app.add_subcommand(first, first + " commands (" + first + " SUBCOMMAND --help)");
        group->require_subcommand(1);
      }
      parent = group;
    }
    CLI::App* sub = parent->add_subcommand(second.empty() ? first : second, spec.summary);
    for (const OptionSpec& o : spec.options) {
      std::string names;
      std::istringstream parts(o.names);
      for (std::string part; std::getline(parts, part, ',');) names += (names.empty() ? "--" : ",--") + part;
      CLI::Option* opt = nullptr;
      if (!o.value) {
        opt = sub->add_flag(names, o.help);
      } else {
        opt = sub->add_option(names, o.help);
        if (o.value[0] == '[') opt->expected(0, 1);
        opt->type_name(o.value);
      }
      if (o.required) opt->required();
      if (o.repeatable) opt->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
    commands.emplace_back(sub, &spec);
  }
  // After the subcommands, which would otherwise inherit it.
  app.footer(
      "Run `vitrine-cli COMMAND --help` for a command's options.\n"
      "Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted by Ctrl+C (what was\n"
      "committed stays; running the same import or embed again resumes).");
}

}  // namespace vitrine::cli
