// Training defaults chosen across a family of catalogs (issue 19): a seeded generator of
// synthetic research catalogs in the tutorial's format, and a sweep that trains CuratorNet under
// several configurations and seeds on each catalog and compares it with VisRank maximum on
// per-case metrics (paired, bootstrap 95 % CIs; eval/statistics.h). Not a google-benchmark
// program: it measures ranking quality, not speed. bench/defaults.sh runs the whole experiment.
//
//   bench_defaults generate --out DIR [--items N --users N --dim N --clusters N --artists N
//       --baskets A-B --basket-size A-B --clusters-per-user A-B --focus F --noise F
//       --item-noise F --artist-spread F --artist-loyalty F --popularity F --nonnegative 0|1
//       --seed S]
//     writes DIR/features.npy (float32 items x dim), DIR/item_ids.txt (row order),
//     DIR/interactions.csv (user_id,item_id,timestamp; a basket = rows with one timestamp),
//     DIR/items.csv (id,artist) and DIR/spec.txt (the parameters).
//   bench_defaults sweep --catalog DIR --name NAME --work DIR --out runs.csv
//       [--configs LIST] [--seeds 0,1,2] [--train-triples N] [--validation-triples N]
//     appends one row per (model, seed, case) to runs.csv; runs already there are skipped.
//   bench_defaults summarize --in runs.csv[,more.csv] [--baseline visrank] [--exclude fixture]
//       [--against MODEL]
//     prints the markdown tables of bench/RESULTS.md (per catalog and pooled).
//
// Generative model (all draws from one seeded std::mt19937_64, mapped by hand so that a seed
// gives the same catalog with any standard library):
// - `clusters` centres c_k ~ N(0, I); each artist belongs to one cluster and has an offset
//   o_a ~ N(0, artist_spread^2 I); an item draws an artist (or, without artists, a cluster) and
//   gets x = c_k + o_a + item_noise * N(0, I), then max(0, x) if nonnegative (CNN-like).
// - item popularity w_i = exp(popularity * N(0, 1)).
// - a user likes `clusters-per-user` clusters, each with an anchor item (a random item of it),
//   buys `baskets` baskets of `basket-size` distinct items; each pick is, with probability
//   `noise`, any item (by popularity); else, with probability `artist-loyalty` once the user has
//   bought something with an artist, another work of an artist already bought; else an item of
//   a liked cluster with weight w_i * exp(-r_i / (focus * cluster size)), r_i = the item's rank
//   by distance to the cluster's anchor (focus 1 = the whole cluster, 0.05 = near the anchor).

#include <filesystem>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/wide_multiply.h"
#include "catalog/catalog.h"
#include "common/error.h"
#include "eval/evaluator.h"
#include "eval/metrics.h"
#include "eval/protocol.h"
#include "eval/statistics.h"
#include "ingest/csv.h"
#include "ingest/dataset_import.h"
#include "ingest/npy.h"
#include "recommend/models.h"
#include "train/pipeline.h"
#include "train/triples.h"

using namespace vitrine;

namespace {

// ---------------------------------------------------------------- options
struct Args {
  std::map<std::string, std::string> kv;
  std::string get(const std::string& k, const std::string& def) const {
    auto it = kv.find(k);
    return it == kv.end() ? def : it->second;
  }
  std::string require(const std::string& k) const {
    auto it = kv.find(k);
    if (it == kv.end()) throw Error("missing --" + k);
    return it->second;
  }
  double num(const std::string& k, double def) const { return std::stod(get(k, std::to_string(def))); }
  std::pair<int, int> range(const std::string& k, const std::string& def) const {
    const std::string s = get(k, def);
    const auto dash = s.find('-');
    if (dash == std::string::npos) return {std::stoi(s), std::stoi(s)};
    return {std::stoi(s.substr(0, dash)), std::stoi(s.substr(dash + 1))};
  }
};

Args parseArgs(int argc, char** argv, int from) {
  Args a;
  for (int i = from; i < argc; ++i) {
    std::string k = argv[i];
    if (k.rfind("--", 0) != 0 || i + 1 >= argc) throw Error("bad argument \"" + k + "\" (expected --key value)");
    a.kv[k.substr(2)] = argv[++i];
  }
  return a;
}

// ---------------------------------------------------------------- seeded draws
class Rng {
 public:
  explicit Rng(uint64_t seed) : m_g(seed) {}
  double uniform() { return static_cast<double>(m_g() >> 11) * (1.0 / 9007199254740992.0); }
  size_t index(size_t n) { return static_cast<size_t>(vitrine::multiplyHigh64(m_g(), n)); }
  int between(int a, int b) { return a + static_cast<int>(index(static_cast<size_t>(b - a + 1))); }
  double normal() {  // Box-Muller
    const double u1 = std::max(uniform(), 1e-300), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  size_t weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = uniform() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      r -= w[i];
      if (r < 0) return i;
    }
    return w.size() - 1;
  }

 private:
  std::mt19937_64 m_g;
};

void makeDir(const std::string& d) {
  std::error_code ec;
  std::filesystem::create_directories(d, ec);
}

// ---------------------------------------------------------------- generate
int generate(const Args& a) {
  const std::string out = a.require("out");
  const int items = static_cast<int>(a.num("items", 1000)), users = static_cast<int>(a.num("users", 300));
  const int dim = static_cast<int>(a.num("dim", 64)), clusters = static_cast<int>(a.num("clusters", 8));
  const int artists = static_cast<int>(a.num("artists", 0));
  const auto baskets = a.range("baskets", "2-4"), basketSize = a.range("basket-size", "1-2");
  const auto perUser = a.range("clusters-per-user", "1-2");
  const double focus = a.num("focus", 0.3), noise = a.num("noise", 0.1);
  const double itemNoise = a.num("item-noise", 0.5), artistSpread = a.num("artist-spread", 0.3);
  const double loyalty = a.num("artist-loyalty", 0.2), popularity = a.num("popularity", 0.5);
  const bool nonnegative = a.num("nonnegative", 1) != 0;
  const uint64_t seed = static_cast<uint64_t>(a.num("seed", 0));
  if (items < clusters || clusters < 1 || users < 1 || dim < 2 || baskets.first < 1 || basketSize.first < 1 ||
      perUser.first < 1 || perUser.second > clusters || !(focus > 0))
    throw Error("generate: inconsistent parameters (need items >= clusters >= clusters-per-user >= 1, ...)");
  Rng rng(seed);

  std::vector<double> centre(static_cast<size_t>(clusters) * dim);
  for (double& c : centre) c = rng.normal();
  std::vector<int> artistCluster(static_cast<size_t>(artists));
  std::vector<double> artistOffset(static_cast<size_t>(artists) * dim);
  for (int r = 0; r < artists; ++r) {
    artistCluster[static_cast<size_t>(r)] =
        r < clusters ? r : static_cast<int>(rng.index(static_cast<size_t>(clusters)));
    for (int d = 0; d < dim; ++d) artistOffset[static_cast<size_t>(r) * dim + d] = artistSpread * rng.normal();
  }
  std::vector<int> cluster(static_cast<size_t>(items)), artist(static_cast<size_t>(items), -1);
  NpyMatrix features;
  features.rows = items;
  features.cols = dim;
  features.values.resize(static_cast<size_t>(items) * dim);
  std::vector<double> popularityWeight(static_cast<size_t>(items));
  for (int i = 0; i < items; ++i) {
    int k;
    if (artists > 0) {
      const int r = i < artists ? i : static_cast<int>(rng.index(static_cast<size_t>(artists)));
      artist[static_cast<size_t>(i)] = r;
      k = artistCluster[static_cast<size_t>(r)];
    } else {
      k = i < clusters ? i : static_cast<int>(rng.index(static_cast<size_t>(clusters)));
    }
    cluster[static_cast<size_t>(i)] = k;
    for (int d = 0; d < dim; ++d) {
      double x = centre[static_cast<size_t>(k) * dim + d] + itemNoise * rng.normal();
      if (artists > 0) x += artistOffset[static_cast<size_t>(artist[static_cast<size_t>(i)]) * dim + d];
      if (nonnegative) x = std::max(0.0, x);
      features.values[static_cast<size_t>(i) * dim + d] = static_cast<float>(x);
    }
    popularityWeight[static_cast<size_t>(i)] = std::exp(popularity * rng.normal());
  }
  std::vector<std::vector<int>> members(static_cast<size_t>(clusters)),
      byArtist(static_cast<size_t>(std::max(artists, 1)));
  for (int i = 0; i < items; ++i) {
    members[static_cast<size_t>(cluster[static_cast<size_t>(i)])].push_back(i);
    if (artist[static_cast<size_t>(i)] >= 0) byArtist[static_cast<size_t>(artist[static_cast<size_t>(i)])].push_back(i);
  }
  auto dist2 = [&](int i, int j) {
    double s = 0;
    for (int d = 0; d < dim; ++d) {
      const double x =
          features.values[static_cast<size_t>(i) * dim + d] - features.values[static_cast<size_t>(j) * dim + d];
      s += x * x;
    }
    return s;
  };

  struct Row {
    int user, item;
    int64_t ts;
  };
  std::vector<Row> rows;
  for (int u = 0; u < users; ++u) {
    // Liked clusters, each with its anchor and per-item weights.
    std::vector<int> liked;
    const int nLiked = rng.between(perUser.first, perUser.second);
    while (static_cast<int>(liked.size()) < nLiked) {
      const int k = static_cast<int>(rng.index(static_cast<size_t>(clusters)));
      if (std::find(liked.begin(), liked.end(), k) == liked.end()) liked.push_back(k);
    }
    std::vector<std::vector<double>> likedWeight;
    for (int k : liked) {
      const auto& mem = members[static_cast<size_t>(k)];
      const int anchor = mem[rng.index(mem.size())];
      std::vector<std::pair<double, size_t>> byDist;
      for (size_t m = 0; m < mem.size(); ++m) byDist.push_back({dist2(anchor, mem[m]), m});
      std::sort(byDist.begin(), byDist.end());
      std::vector<double> w(mem.size());
      for (size_t r = 0; r < byDist.size(); ++r)
        w[byDist[r].second] = popularityWeight[static_cast<size_t>(mem[byDist[r].second])] *
                              std::exp(-static_cast<double>(r) / (focus * static_cast<double>(mem.size())));
      likedWeight.push_back(std::move(w));
    }
    std::set<int> bought;
    std::vector<int> boughtArtists;
    int64_t ts = 1500000000 + static_cast<int64_t>(rng.index(10000000));
    const int nBaskets = rng.between(baskets.first, baskets.second);
    for (int b = 0; b < nBaskets; ++b) {
      const int size = rng.between(basketSize.first, basketSize.second);
      for (int s = 0; s < size; ++s) {
        for (int attempt = 0; attempt < 50; ++attempt) {
          int item;
          const double r = rng.uniform();
          if (r < noise) {
            item = static_cast<int>(rng.weighted(popularityWeight));
          } else if (!boughtArtists.empty() && r < noise + loyalty * (1 - noise)) {
            const auto& works = byArtist[static_cast<size_t>(boughtArtists[rng.index(boughtArtists.size())])];
            item = works[rng.index(works.size())];
          } else {
            const size_t c = rng.index(liked.size());
            item = members[static_cast<size_t>(liked[c])][rng.weighted(likedWeight[c])];
          }
          if (bought.insert(item).second) {
            rows.push_back({u, item, ts});
            if (artist[static_cast<size_t>(item)] >= 0) boughtArtists.push_back(artist[static_cast<size_t>(item)]);
            break;
          }
        }
      }
      ts += 3600 + static_cast<int64_t>(rng.index(2000000));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) { return x.ts < y.ts; });

  makeDir(out);
  writeNpy(out + "/features.npy", features);
  std::ofstream ids(out + "/item_ids.txt"), inter(out + "/interactions.csv"), meta(out + "/items.csv"),
      spec(out + "/spec.txt");
  for (int i = 0; i < items; ++i) ids << (1000000 + i) << "\n";
  inter << "user_id,item_id,timestamp\n";
  for (const Row& r : rows) inter << (10000 + r.user) << "," << (1000000 + r.item) << "," << r.ts << "\n";
  meta << "id,artist\n";
  for (int i = 0; i < items; ++i)
    meta << (1000000 + i) << ","
         << (artist[static_cast<size_t>(i)] >= 0 ? "artist" + std::to_string(artist[static_cast<size_t>(i)]) : "")
         << "\n";
  for (const auto& [k, v] : a.kv) spec << k << " " << v << "\n";
  std::printf("%s: %d items x %d, %d users, %zu interactions\n", out.c_str(), items, dim, users, rows.size());
  return 0;
}

// ---------------------------------------------------------------- sweep
struct RunConfig {
  std::string name, sampling, shares, select;
};

// name:sampling:shares:select, e.g. "g011011-auc:guidelines:0,1,0,0,1,1:auc".
RunConfig parseRunConfig(const std::string& s) {
  std::vector<std::string> parts;
  std::stringstream ss(s);
  std::string p;
  while (std::getline(ss, p, ':')) parts.push_back(p);
  if (parts.size() != 4) throw Error("config \"" + s + "\": expected name:sampling:shares:select");
  return {parts[0], parts[1], parts[2], parts[3]};
}

const char* kDefaultConfigs =
    "random-acc:random:-:triple-accuracy;random-auc:random:-:auc;"
    "gequal-auc:guidelines:1,1,1,1,1,1:auc;g011011-acc:guidelines:0,1,0,0,1,1:triple-accuracy;"
    "g011011-auc:guidelines:0,1,0,0,1,1:auc";

std::set<std::string> doneRuns(const std::string& csv) {
  std::set<std::string> done;
  std::ifstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string catalog, model, seed;
    std::getline(ss, catalog, ',');
    std::getline(ss, model, ',');
    std::getline(ss, seed, ',');
    done.insert(catalog + "|" + model + "|" + seed);
  }
  return done;
}

void perCase(const Ranker& ranker, const std::vector<EvaluationCase>& cases, int64_t n, std::vector<double>& auc,
             std::vector<double>& ndcg) {
  auc.clear();
  ndcg.clear();
  for (const EvaluationCase& c : cases) {
    std::vector<int64_t> removed;
    for (int64_t x : c.profile)
      if (std::find(c.groundTruth.begin(), c.groundTruth.end(), x) == c.groundTruth.end()) removed.push_back(x);
    std::sort(removed.begin(), removed.end());
    removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
    const auto ranks = groundTruthRanks(ranker.scoreAll(c.profile), c.groundTruth, removed);
    const auto m = caseMetrics(ranks, n - static_cast<int64_t>(removed.size()), n, MetricSet::Reference, {20});
    auc.push_back(m.at("AUC"));
    ndcg.push_back(m.at("nDCG@20"));
  }
}

int sweep(const Args& a) {
  const std::string dir = a.require("catalog"), name = a.require("name"), work = a.require("work"),
                    csv = a.require("out");
  std::vector<RunConfig> configs;
  {
    std::stringstream ss(a.get("configs", kDefaultConfigs));
    std::string c;
    while (std::getline(ss, c, ';'))
      if (!c.empty()) configs.push_back(parseRunConfig(c));
  }
  std::vector<uint64_t> seeds;
  for (const auto& s : splitList(a.get("seeds", "0,1,2"))) seeds.push_back(std::stoull(s));

  makeDir(work);
  const std::string path = work + "/" + name + Catalog::kExtension;
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  Catalog catalog = Catalog::create(path);
  {
    // Artists (items.csv, optional) first, then the tutorial-format files.
    std::map<std::string, std::string> artistOf;
    std::ifstream meta(dir + "/items.csv");
    std::string line;
    std::getline(meta, line);
    while (std::getline(meta, line)) {
      const auto comma = line.find(',');
      if (comma != std::string::npos) artistOf[line.substr(0, comma)] = line.substr(comma + 1);
    }
    Catalog::Transaction t(catalog);
    for (const std::string& id : readLines(dir + "/item_ids.txt")) {
      Artwork art;
      art.externalId = id;
      art.title = id;
      art.artist = artistOf.count(id) ? artistOf[id] : "";
      catalog.insertArtwork(art);
    }
    t.commit();
  }
  importEmbeddings(catalog, "synthetic", dir + "/features.npy", dir + "/item_ids.txt", false);
  importInteractions(catalog, dir + "/interactions.csv");
  const EmbeddingMatrix m = catalog.loadEmbeddingMatrix("synthetic");
  const auto cases = makeCases(catalog.interactions(), m, Protocol::Tutorial, 10);
  const int64_t n = m.rows();
  std::printf("%s: %lld items, %zu evaluation cases\n", name.c_str(), static_cast<long long>(n), cases.size());

  std::set<std::string> done = doneRuns(csv);
  const bool fresh = done.empty();
  std::ofstream out(csv, std::ios::app);
  if (fresh) out << "catalog,model,seed,case,auc,ndcg20,best_epoch,epochs,seconds\n";
  std::vector<double> auc, ndcg;
  if (!done.count(name + "|visrank|0")) {
    perCase(*makeRanker("visrank:maximum", m), cases, n, auc, ndcg);
    for (size_t i = 0; i < cases.size(); ++i)
      out << name << ",visrank,0," << i << "," << auc[i] << "," << ndcg[i] << ",0,0,0\n";
    out.flush();
  }
  for (const RunConfig& rc : configs) {
    for (uint64_t seed : seeds) {
      if (done.count(name + "|" + rc.name + "|" + std::to_string(seed))) continue;
      TrainingJobConfig jc;
      jc.embedding = "synthetic";
      jc.modelName = rc.name;
      jc.overwrite = true;
      jc.sampling = rc.sampling;
      if (rc.shares != "-") jc.shares = parseShares(rc.shares);
      jc.select = rc.select;
      jc.seed = seed;
      jc.trainTriples = static_cast<int64_t>(a.num("train-triples", 10000));
      jc.validationTriples = static_cast<int64_t>(a.num("validation-triples", 1000));
      jc.source = "bench";
      jc.trainer.threads = 1;
      jc.trainer.blasThreads = 1;
      const auto t0 = std::chrono::steady_clock::now();
      const TrainingJobResult r = runTrainingJob(catalog, jc);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      perCase(*makeRanker("curatornet:" + rc.name, m, &catalog), cases, n, auc, ndcg);
      for (size_t i = 0; i < cases.size(); ++i)
        out << name << "," << rc.name << "," << seed << "," << i << "," << auc[i] << "," << ndcg[i] << ","
            << r.training.bestEpoch << "," << r.training.history.size() << "," << secs << "\n";
      out.flush();
      std::printf("  %-14s seed %llu: AUC %.4f (best epoch %d of %zu, %.1f s)\n", rc.name.c_str(),
                  static_cast<unsigned long long>(seed), stats::mean(auc), r.training.bestEpoch,
                  r.training.history.size(), secs);
      std::fflush(stdout);
    }
  }
  return 0;
}

// ---------------------------------------------------------------- summarize
struct Cell {
  std::map<uint64_t, std::vector<double>> bySeed;  // seed -> per-case AUC
  std::vector<int> bestEpochs;
  double seconds = 0;
};

std::vector<double> caseMeans(const Cell& c) {  // per case, mean over seeds
  std::vector<double> out;
  for (const auto& [seed, v] : c.bySeed) {
    if (out.empty()) out.assign(v.size(), 0.0);
    for (size_t i = 0; i < v.size() && i < out.size(); ++i) out[i] += v[i] / static_cast<double>(c.bySeed.size());
  }
  return out;
}

std::string fmt(double x, int digits = 3) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", digits, x);
  return b;
}

std::string fmtP(double p) {
  char b[64];
  std::snprintf(b, sizeof b, p < 0.001 ? "%.1e" : "%.3f", p);
  return b;
}

int summarize(const Args& a) {
  const std::string baseline = a.get("baseline", "visrank");
  const std::set<std::string> excluded = [&] {
    std::set<std::string> s;
    for (const auto& x : splitList(a.get("exclude", "fixture"))) s.insert(x);
    return s;
  }();
  std::map<std::string, std::map<std::string, Cell>> data;  // catalog -> model -> cell
  std::vector<std::string> catalogOrder, modelOrder;
  for (const std::string& file : splitList(a.require("in"))) {
    CsvReader reader = CsvReader::fromFile(file);
    const int cc = reader.column("catalog"), cm = reader.column("model"), cs = reader.column("seed"),
              ca = reader.column("auc"), ce = reader.column("best_epoch"), ct = reader.column("seconds"),
              ci = reader.column("case");
    CsvRecord rec;
    while (reader.next(rec)) {
      const std::string cat = rec.fields[static_cast<size_t>(cc)], model = rec.fields[static_cast<size_t>(cm)];
      if (!data.count(cat)) catalogOrder.push_back(cat);
      if (std::find(modelOrder.begin(), modelOrder.end(), model) == modelOrder.end()) modelOrder.push_back(model);
      Cell& cell = data[cat][model];
      const uint64_t seed = std::stoull(rec.fields[static_cast<size_t>(cs)]);
      auto& v = cell.bySeed[seed];
      v.push_back(std::stod(rec.fields[static_cast<size_t>(ca)]));
      if (std::stoi(rec.fields[static_cast<size_t>(ci)]) == 0) {
        cell.bestEpochs.push_back(std::stoi(rec.fields[static_cast<size_t>(ce)]));
        cell.seconds += std::stod(rec.fields[static_cast<size_t>(ct)]);
      }
    }
  }
  stats::BootstrapOptions bo;
  bo.resamples = static_cast<int>(a.num("resamples", 5000));
  bo.seed = 1;

  std::printf(
      "### Per catalog: mean AUC over seeds [95%% bootstrap CI over cases]; Δ = model − %s, paired over cases\n\n",
      baseline.c_str());
  std::printf("| catalog | cases | %s |", baseline.c_str());
  for (const auto& model : modelOrder)
    if (model != baseline) std::printf(" %s |", model.c_str());
  std::printf("\n|---|---|---|");
  for (const auto& model : modelOrder)
    if (model != baseline) std::printf("---|");
  std::printf("\n");
  std::map<std::string, std::vector<double>> pooled;  // model -> per-case (seed-mean) AUC over unseen catalogs
  std::map<std::string, std::vector<double>> catalogMeans;
  for (const auto& cat : catalogOrder) {
    auto& cells = data[cat];
    if (!cells.count(baseline)) continue;
    const auto base = caseMeans(cells[baseline]);
    const auto baseCi = stats::bootstrapMeanCi(base, bo);
    std::printf("| %s%s | %zu | %s [%s, %s] |", cat.c_str(), excluded.count(cat) ? " (tuned on)" : "", base.size(),
                fmt(stats::mean(base)).c_str(), fmt(baseCi.low).c_str(), fmt(baseCi.high).c_str());
    if (!excluded.count(cat)) {
      pooled[baseline].insert(pooled[baseline].end(), base.begin(), base.end());
      catalogMeans[baseline].push_back(stats::mean(base));
    }
    for (const auto& model : modelOrder) {
      if (model == baseline) continue;
      if (!cells.count(model)) {
        std::printf(" – |");
        continue;
      }
      const auto v = caseMeans(cells[model]);
      if (v.size() != base.size()) throw Error("catalog " + cat + ": case counts differ between models");
      const auto cmp = stats::comparePaired(v, base, bo);
      std::vector<double> seedMeans;
      for (const auto& [s, x] : cells[model].bySeed) seedMeans.push_back(stats::mean(x));
      std::printf(" %s ±%s (%zu seeds); Δ %+.3f [%+.3f, %+.3f] p=%s |", fmt(cmp.meanA).c_str(),
                  fmt(stats::standardDeviation(seedMeans)).c_str(), seedMeans.size(), cmp.meanDifference,
                  cmp.differenceCi.low, cmp.differenceCi.high, fmtP(cmp.wilcoxonPValue).c_str());
      if (!excluded.count(cat)) {
        pooled[model].insert(pooled[model].end(), v.begin(), v.end());
        catalogMeans[model].push_back(stats::mean(v));
      }
    }
    std::printf("\n");
  }
  std::printf(
      "\n(± = standard deviation of the per-seed mean AUC; p = Wilcoxon signed-rank, normal approximation.)\n\n");

  std::printf("### Over the catalogs not tuned on (%zu): pooled cases, paired against %s\n\n",
              catalogMeans[baseline].size(), baseline.c_str());
  std::printf(
      "| model | mean of catalog means | pooled mean AUC [95%% CI] | Δ vs %s [95%% CI] | paired t p | Wilcoxon p | "
      "catalogs above %s |\n",
      baseline.c_str(), baseline.c_str());
  std::printf("|---|---|---|---|---|---|---|\n");
  const auto& base = pooled[baseline];
  for (const auto& model : modelOrder) {
    if (!pooled.count(model) || pooled[model].size() != base.size()) continue;
    const auto ci = stats::bootstrapMeanCi(pooled[model], bo);
    int above = 0;
    for (size_t i = 0; i < catalogMeans[model].size(); ++i) above += catalogMeans[model][i] > catalogMeans[baseline][i];
    if (model == baseline) {
      std::printf("| %s | %s | %s [%s, %s] | – | – | – | – |\n", model.c_str(),
                  fmt(stats::mean(catalogMeans[model])).c_str(), fmt(stats::mean(pooled[model])).c_str(),
                  fmt(ci.low).c_str(), fmt(ci.high).c_str());
      continue;
    }
    const auto cmp = stats::comparePaired(pooled[model], base, bo);
    std::printf("| %s | %s | %s [%s, %s] | %+.4f [%+.4f, %+.4f] | %s | %s | %d of %zu |\n", model.c_str(),
                fmt(stats::mean(catalogMeans[model])).c_str(), fmt(cmp.meanA).c_str(), fmt(ci.low).c_str(),
                fmt(ci.high).c_str(), cmp.meanDifference, cmp.differenceCi.low, cmp.differenceCi.high,
                fmtP(cmp.tPValue).c_str(), fmtP(cmp.wilcoxonPValue).c_str(), above, catalogMeans[model].size());
  }
  // Pairwise: every model against a chosen one (e.g. the default), pooled over unseen catalogs.
  const std::string against = a.get("against", "");
  if (!against.empty() && pooled.count(against)) {
    std::printf("\n### Pooled over the catalogs not tuned on: each configuration − %s\n\n", against.c_str());
    std::printf("| model | Δ AUC [95%% CI] | Wilcoxon p |\n|---|---|---|\n");
    for (const auto& model : modelOrder) {
      if (model == against || !pooled.count(model) || pooled[model].size() != pooled[against].size()) continue;
      const auto cmp = stats::comparePaired(pooled[model], pooled[against], bo);
      std::printf("| %s | %+.4f [%+.4f, %+.4f] | %s |\n", model.c_str(), cmp.meanDifference, cmp.differenceCi.low,
                  cmp.differenceCi.high, fmtP(cmp.wilcoxonPValue).c_str());
    }
  }
  std::printf(
      "\n### Best epochs and training time per configuration (all catalogs)\n\n| model | best epochs | mean s/run "
      "|\n|---|---|---|\n");
  for (const auto& model : modelOrder) {
    if (model == baseline) continue;
    std::map<int, int> hist;
    double secs = 0;
    int runs = 0;
    for (auto& [cat, cells] : data)
      if (cells.count(model)) {
        for (int e : cells[model].bestEpochs) ++hist[e];
        secs += cells[model].seconds;
        runs += static_cast<int>(cells[model].bestEpochs.size());
      }
    std::string h;
    for (const auto& [e, c] : hist) h += std::to_string(e) + "×" + std::to_string(c) + " ";
    std::printf("| %s | %s| %.1f |\n", model.c_str(), h.c_str(), runs ? secs / runs : 0.0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string cmd = argc > 1 ? argv[1] : "";
    const Args a = parseArgs(argc, argv, 2);
    if (cmd == "generate") return generate(a);
    if (cmd == "sweep") return sweep(a);
    if (cmd == "summarize") return summarize(a);
    std::fprintf(stderr, "usage: bench_defaults generate|sweep|summarize --key value ... (see the file's header)\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_defaults: %s\n", e.what());
    return 1;
  }
}
