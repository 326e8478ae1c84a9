#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recommend/visrank.h"

namespace vitrine {

// Which ranker to build, as a value (ARCHITECTURE.md, "The middle layer"). Strings are parsed
// into a RankerSpec only at the edges: command-line arguments, stored JSON (study definitions,
// evaluation runs), combo-box data in the GUI.
struct RankerSpec {
  enum class Kind { VisRank, CuratorNet, Random };
  Kind kind = Kind::VisRank;
  VisRankConfig visrank;         // Kind::VisRank: aggregation (spec §5)
  std::string model;             // Kind::CuratorNet: the stored model's name
  std::optional<uint64_t> seed;  // Kind::Random: unset = seed 0 ("random"), studies derive one

  static RankerSpec visRank(VisRankConfig config = {});
  static RankerSpec curatorNet(const std::string& modelName);
  static RankerSpec random(std::optional<uint64_t> seed = std::nullopt);

  // "visrank:maximum", "visrank:average", "visrank:average_top_k:3", "visrank" (= maximum),
  // "curatornet:NAME", "random", "random:SEED". Throws vitrine::Error naming the text and the
  // accepted forms.
  static RankerSpec parse(const std::string& text);
  // The canonical text parse() reads back (stored in JSON, shown in logs).
  std::string toString() const;

  bool isCuratorNet() const { return kind == Kind::CuratorNet; }
  bool operator==(const RankerSpec& o) const { return toString() == o.toString(); }
  bool operator!=(const RankerSpec& o) const { return !(*this == o); }
  bool operator<(const RankerSpec& o) const { return toString() < o.toString(); }
};

// Parses a comma-separated list of specs ("visrank:maximum,curatornet:m"); throws on the first
// bad one.
std::vector<RankerSpec> parseRankerSpecs(const std::string& text);

}  // namespace vitrine
