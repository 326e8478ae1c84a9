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

std::unique_ptr<Ranker> makeRanker(const std::string& spec, const EmbeddingMatrix& embeddings,
                                   const Catalog* catalog) {
  const auto colon = spec.find(':');
  const std::string family = spec.substr(0, colon);
  const std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (family == "visrank")
    return std::make_unique<VisRank>(embeddings, parseVisRankConfig(rest.empty() ? "maximum" : rest));
  if (family == "curatornet") {
    if (rest.empty()) throw Error("model \"" + spec + "\": name the stored model, e.g. curatornet:NAME");
    if (catalog == nullptr) throw Error("model \"" + spec + "\" needs a catalog to load it from");
    return CuratorNet::load(*catalog, rest, embeddings);
  }
  if (family == "random") {
    uint64_t seed = 0;
    if (!rest.empty()) {
      try {
        size_t used = 0;
        seed = std::stoull(rest, &used);
        if (used != rest.size()) throw Error("");
      } catch (const std::exception&) {
        throw Error("model \"" + spec + "\": the seed must be a non-negative integer, e.g. random:42");
      }
    }
    return std::make_unique<RandomRanker>(embeddings.rows(), seed);
  }
  throw Error("unknown model \"" + spec + "\" (try visrank:maximum, visrank:average, visrank:average_top_k:3, curatornet:NAME or random[:SEED])");
}

}  // namespace vitrine
