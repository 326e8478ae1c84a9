#include "recommend/ranker_spec.h"

#include "common/error.h"
#include "recommend/models.h"

namespace vitrine {

RankerSpec RankerSpec::visRank(VisRankConfig config) {
  RankerSpec s;
  s.kind = Kind::VisRank;
  s.visrank = config;
  return s;
}

RankerSpec RankerSpec::curatorNet(const std::string& modelName) {
  RankerSpec s;
  s.kind = Kind::CuratorNet;
  s.model = modelName;
  return s;
}

RankerSpec RankerSpec::random(std::optional<uint64_t> seed) {
  RankerSpec s;
  s.kind = Kind::Random;
  s.seed = seed;
  return s;
}

RankerSpec RankerSpec::parse(const std::string& text) {
  const auto colon = text.find(':');
  const std::string family = text.substr(0, colon);
  const std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (family == "visrank") {
    try {
      return visRank(parseVisRankConfig(rest.empty() ? "maximum" : rest));
    } catch (const std::exception& e) {
      throw Error("model \"" + text + "\": " + e.what());
    }
  }
  if (family == "curatornet") {
    if (rest.empty()) throw Error("model \"" + text + "\": name the stored model, e.g. curatornet:NAME");
    return curatorNet(rest);
  }
  if (family == "random") {
    if (rest.empty()) return random();
    try {
      size_t used = 0;
      if (rest.front() == '-') throw Error("");
      const uint64_t seed = std::stoull(rest, &used);
      if (used != rest.size()) throw Error("");
      return random(seed);
    } catch (const std::exception&) {
      throw Error("model \"" + text + "\": the seed must be a non-negative integer, e.g. random:42");
    }
  }
  throw Error("unknown model \"" + text +
              "\" (try visrank:maximum, visrank:average, visrank:average_top_k:3, curatornet:NAME or "
              "random[:SEED])");
}

std::string RankerSpec::toString() const {
  switch (kind) {
    case Kind::VisRank:
      return "visrank:" + vitrine::toString(visrank);
    case Kind::CuratorNet:
      return "curatornet:" + model;
    case Kind::Random:
      return seed ? "random:" + std::to_string(*seed) : "random";
  }
  return {};
}

std::vector<RankerSpec> parseRankerSpecs(const std::string& text) {
  std::vector<RankerSpec> out;
  for (const std::string& part : splitList(text)) out.push_back(RankerSpec::parse(part));
  return out;
}

}  // namespace vitrine
