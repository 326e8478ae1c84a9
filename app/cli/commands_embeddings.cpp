// Stored embeddings: list-embeddings (marking the default) and export-embeddings (.npy + ids).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "args.h"
#include "catalog/catalog.h"
#include "commands.h"
#include "common/error.h"
#include "embeddings/embed.h"
#include "ingest/npy.h"
#include "recommend/embedding_choice.h"

namespace vitrine::cli {

int cmdListEmbeddings(const Args& a) {
  if (a.has("set-default")) {
    Catalog c = Catalog::open(a.require("catalog"));
    setDefaultEmbeddingName(c, a.get("set-default"));
  }
  Catalog c = Catalog::open(a.require("catalog"), true);
  const std::string chosen = defaultEmbeddingName(c);
  const auto all = c.embeddings();
  if (a.has("json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : all)
      out.push_back({{"name", e.name},
                     {"dimension", e.dimension},
                     {"version", e.version},
                     {"artworks", e.count},
                     {"default", e.name == chosen}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (all.empty()) {
    std::cout << "no embeddings stored; compute one with `vitrine-cli embed --catalog C --extractor NAME`\n";
    return 0;
  }
  for (const auto& e : all)
    std::cout << (e.name == chosen ? "* " : "  ") << e.name << "  " << e.dimension << "-d  " << e.count
              << " artworks  version " << e.version << "\n";
  std::cout << "(* = default: used when a command or view names no embedding)\n";
  return 0;
}

int cmdExportEmbeddings(const Args& a) {
  Catalog c = Catalog::open(a.require("catalog"), true);
  const std::string name = a.require("name");
  const std::string npyPath = a.require("npy");
  const std::string idsPath = a.require("ids");
  if (!c.embeddingInfo(name)) throw Error("no embedding named \"" + name + "\" in the catalog (see list-embeddings)");
  const EmbeddingMatrix m = c.loadEmbeddingMatrix(name);
  // Ids first, to a temporary name: a failed export never leaves a .npy without its ids.
  const std::string idsTmp = idsPath + ".part";
  {
    std::ofstream ids(idsTmp, std::ios::binary | std::ios::trunc);
    if (!ids) throw Error(idsPath + ": cannot be written");
    for (const auto& id : m.externalIds) ids << id << "\n";
    ids.flush();
    if (!ids) throw Error(idsPath + ": write failed");
  }
  NpyMatrix out;
  out.rows = m.rows();
  out.cols = m.dimension;
  out.values = m.values;
  writeNpy(npyPath, out);
  // std::filesystem::rename replaces an existing file on every platform (std::rename fails on
  // Windows when the target exists).
  std::error_code ec;
  std::filesystem::rename(idsTmp, idsPath, ec);
  if (ec) throw Error(idsPath + ": cannot be written (" + ec.message() + ")");
  std::cout << "wrote " << m.rows() << " x " << m.dimension << " float32 to " << npyPath << " and " << m.rows()
            << " ids to " << idsPath << "\n";
  return 0;
}

}  // namespace vitrine::cli
