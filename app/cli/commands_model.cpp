// Model commands: train (reference weights, or trainFromScratch), models, model-export/-import/-delete.
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "args.h"
#include "catalog/catalog.h"
#include "common/platform.h"
#include "commands.h"
#include "recommend/curatornet.h"
#include "recommend/model_export.h"

namespace vitrine::cli {

namespace {

std::string formatTime(int64_t unixSeconds) {
  const std::time_t t = static_cast<std::time_t>(unixSeconds);
  const std::tm tm = platform::utcCalendarTime(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

// A short "AUC=0.80 R@20=0.17" summary of a metrics object (numbers only, at most a few).
std::string metricsSummary(const std::string& json) {
  const auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return "";
  std::string out;
  int shown = 0;
  for (const char* key : {"AUC", "RR", "R@20", "nDCG@20", "validation_accuracy"}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number() || shown >= 4) continue;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s=%.4f", out.empty() ? "" : " ", key, it->get<double>());
    out += buf;
    ++shown;
  }
  return out;
}

}  // namespace

int cmdTrain(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"));
  if (!a.has("load-reference-npy")) return trainFromScratch(a, c);

  const std::string name = a.require("name");
  const EmbeddingMatrix m = c.loadEmbeddingMatrix(a.require("embedding"));
  storeReferenceModel(c, m, a.get("load-reference-npy"), name, a.has("overwrite"));
  if (a.json()) {
    std::cout
        << nlohmann::json{{"model", name},  {"embedding", m.name}, {"dimension", m.dimension},
                          {"stored", true}, {"trained", false},    {"reference_weights", a.get("load-reference-npy")}}
               .dump(2)
        << "\n";
    return 0;
  }
  std::cout << "stored the reference CuratorNet weights from " << a.get("load-reference-npy") << " as model \"" << name
            << "\" (embedding " << m.name << ", " << m.dimension << "-d; not trained)\n";
  return 0;
}

int cmdModels(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"), /*readOnly=*/true);
  const auto models = storedModels(c);
  if (a.has("json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : models)
      out.push_back({{"name", m.name},
                     {"kind", m.kind},
                     {"embedding", m.embedding},
                     {"created_at", m.createdAt},
                     {"config", nlohmann::json::parse(m.configJson, nullptr, false)},
                     {"metrics", nlohmann::json::parse(m.metricsJson, nullptr, false)},
                     {"weight_bytes", m.weightBytes}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (models.empty()) {
    std::cout << "no models stored in " << c.path() << "\n";
    return 0;
  }
  std::printf("%-24s %-11s %-14s %-17s %s\n", "name", "kind", "embedding", "created (UTC)", "metrics");
  for (const auto& m : models)
    std::printf("%-24s %-11s %-14s %-17s %s\n", m.name.c_str(), m.kind.c_str(), m.embedding.c_str(),
                formatTime(m.createdAt).c_str(), metricsSummary(m.metricsJson).c_str());
  return 0;
}

int cmdModelExport(const Args& a) {
  if (!a.has("file") && !a.has("npy") && !a.has("torchscript"))
    throw UsageError("model-export needs --file, --npy or --torchscript (or several)");
  Catalog c = Catalog::open(a.require("catalog"), /*readOnly=*/true);
  const std::string name = a.require("name");
  if (a.has("file")) {
    exportModel(c, name, a.require("file"));
    std::cout << "exported model \"" << name << "\" to " << a.get("file") << "\n";
  }
  if (a.has("npy") || a.has("torchscript")) {
    const EmbeddingMatrix m = c.loadEmbeddingMatrix(CuratorNet::embeddingOf(c, name));
    const std::unique_ptr<CuratorNet> net = CuratorNet::load(c, name, m);
    if (a.has("npy")) {
      exportReferenceNpy(*net, a.require("npy"));
      std::cout << "wrote model \"" << name << "\" in the reference .npy layout to " << a.get("npy") << "\n";
    }
    if (a.has("torchscript")) {
      exportTorchScript(*net, a.require("torchscript"));
      std::cout << "wrote model \"" << name << "\" as TorchScript to " << a.get("torchscript") << "\n";
    }
  }
  return 0;
}

int cmdModelImport(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"));
  const std::string stored = importModel(c, a.require("file"), a.get("name"), a.has("overwrite"));
  std::cout << "imported " << a.get("file") << " as model \"" << stored << "\"\n";
  return 0;
}

int cmdModelDelete(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"));
  if (!deleteModel(c, a.require("name"))) throw Error("model \"" + a.get("name") + "\" is not stored in " + c.path());
  std::cout << "deleted model \"" << a.get("name") << "\"\n";
  return 0;
}

}  // namespace vitrine::cli
