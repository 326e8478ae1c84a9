#include "recommend/embedding_choice.h"

#include <algorithm>

#include "embeddings/embed.h"
#include "recommend/curatornet.h"

namespace vitrine {

namespace {

bool isStored(const std::vector<EmbeddingInfo>& all, const std::string& name) {
  return std::any_of(all.begin(), all.end(), [&](const EmbeddingInfo& e) { return e.name == name && e.count > 0; });
}

std::string storedList(const std::vector<EmbeddingInfo>& all) {
  std::string out;
  for (const auto& e : all)
    if (e.count > 0) out += (out.empty() ? "" : ", ") + e.name;
  return out.empty() ? "none" : out;
}

// Step 4's candidates, best first, each stored, without repeats.
std::vector<std::pair<std::string, EmbeddingChoice::Reason>> candidates(const Catalog& catalog,
                                                                        const std::vector<EmbeddingInfo>& all) {
  std::vector<std::pair<std::string, EmbeddingChoice::Reason>> out;
  auto add = [&](const std::string& name, EmbeddingChoice::Reason why) {
    if (!isStored(all, name)) return;
    for (const auto& c : out)
      if (c.first == name) return;
    out.emplace_back(name, why);
  };
  if (auto chosen = catalog.setting(kDefaultEmbeddingSetting)) add(*chosen, EmbeddingChoice::Reason::CatalogDefault);
  if (auto computed = catalog.setting(kComputedEmbeddingSetting))
    add(*computed, EmbeddingChoice::Reason::ComputedDefault);
  for (const char* name : {"mobilenet_v2", "inception_v3", "handcrafted"}) add(name, EmbeddingChoice::Reason::Fallback);
  for (const auto& e : all) add(e.name, EmbeddingChoice::Reason::Fallback);
  return out;
}

}  // namespace

EmbeddingChoice chooseEmbedding(const Catalog& catalog, const EmbeddingRequest& request) {
  // 1. A model decides its own.
  std::string modelEmbedding, modelName;
  for (const RankerSpec& spec : request.rankers) {
    if (!spec.isCuratorNet()) continue;
    const std::string e = CuratorNet::embeddingOf(catalog, spec.model);  // throws listing stored models
    if (!modelEmbedding.empty() && e != modelEmbedding)
      throw Error("model \"" + modelName + "\" was trained on embedding \"" + modelEmbedding + "\" and model \"" +
                  spec.model + "\" on \"" + e + "\"; they cannot rank the same artworks side by side");
    modelEmbedding = e;
    modelName = spec.model;
  }
  if (!modelEmbedding.empty()) {
    if (!request.explicitName.empty() && request.explicitName != modelEmbedding)
      throw Error("model \"" + modelName + "\" was trained on embedding \"" + modelEmbedding + "\", not \"" +
                  request.explicitName + "\" (leave the embedding out: the model decides its own)");
    return {modelEmbedding, EmbeddingChoice::Reason::Model};
  }
  const std::vector<EmbeddingInfo> all = catalog.embeddings();
  // 2. An explicit choice.
  if (!request.explicitName.empty()) {
    if (!isStored(all, request.explicitName))
      throw Error("no embedding named \"" + request.explicitName +
                  "\" is stored in the catalog (stored: " + storedList(all) + ")");
    return {request.explicitName, EmbeddingChoice::Reason::Explicit};
  }
  const auto ordered = candidates(catalog, all);
  if (ordered.empty()) return {};
  // 3. Views with a CuratorNet column open where a model can rank.
  if (request.preferModel) {
    const std::vector<StoredModelInfo> models = storedModels(catalog);
    for (const auto& c : ordered)
      for (const auto& m : models)
        if (m.embedding == c.first) return {c.first, c.second};
  }
  // 4. The catalog's default.
  return {ordered.front().first, ordered.front().second};
}

std::string requireEmbedding(const Catalog& catalog, const EmbeddingRequest& request) {
  EmbeddingChoice c = chooseEmbedding(catalog, request);
  if (c.name.empty()) throw Error("the catalog holds no embedding; compute one with `vitrine-cli embed` first");
  return c.name;
}

std::string defaultEmbeddingName(const Catalog& catalog) {
  const auto ordered = candidates(catalog, catalog.embeddings());
  return ordered.empty() ? std::string() : ordered.front().first;
}

void setDefaultEmbeddingName(Catalog& catalog, const std::string& name) {
  auto info = catalog.embeddingInfo(name);
  if (!info || info->count == 0) throw Error("no embedding named \"" + name + "\" is stored in the catalog");
  catalog.setSetting(kDefaultEmbeddingSetting, name);
}

}  // namespace vitrine
