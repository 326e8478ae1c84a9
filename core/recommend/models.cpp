#include "recommend/models.h"

#include "recommend/curatornet.h"
#include "recommend/random_ranker.h"
#include "recommend/visrank.h"

namespace vitrine {

std::vector<std::string> splitList(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    const auto b = part.find_first_not_of(" \t");
    if (b != std::string::npos) out.push_back(part.substr(b, part.find_last_not_of(" \t") - b + 1));
    start = end + 1;
  }
  return out;
}

std::unique_ptr<Ranker> makeRanker(const RankerSpec& spec, const EmbeddingMatrix& embeddings, const Catalog* catalog) {
  switch (spec.kind) {
    case RankerSpec::Kind::VisRank:
      return std::make_unique<VisRank>(embeddings, spec.visrank);
    case RankerSpec::Kind::CuratorNet:
      if (spec.model.empty()) throw Error("model \"curatornet:\": name the stored model, e.g. curatornet:NAME");
      if (catalog == nullptr) throw Error("model \"" + spec.toString() + "\" needs a catalog to load it from");
      return CuratorNet::load(*catalog, spec.model, embeddings);
    case RankerSpec::Kind::Random:
      return std::make_unique<RandomRanker>(embeddings.rows(), spec.seed.value_or(0));
  }
  throw Error("unknown model \"" + spec.toString() + "\"");
}

std::unique_ptr<Ranker> makeRanker(const std::string& spec, const EmbeddingMatrix& embeddings, const Catalog* catalog) {
  return makeRanker(RankerSpec::parse(spec), embeddings, catalog);
}

}  // namespace vitrine
