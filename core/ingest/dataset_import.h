#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace vitrine {

struct EmbeddingImportResult {
  int64_t stored = 0;
  int64_t createdArtworks = 0;
  int dimension = 0;
};

// `.npy` (2-D numeric) + ids file (one id per line, row order). All-or-nothing: wrong shapes,
// count mismatch, duplicate or unknown ids (without createItems) throw vitrine::Error and the
// catalog is unchanged. With createItems, unknown ids become image-less artworks.
EmbeddingImportResult importEmbeddings(Catalog& catalog, const std::string& name,
                                       const std::string& npyPath, const std::string& idsPath,
                                       bool createItems, const std::string& version = "imported");

struct InteractionImportResult {
  int64_t stored = 0;
  std::vector<std::string> problems;  // "file:line: reason" for rows that were refused
};

// `user_id,item_id,timestamp[,evaluation]` (the VisRec tutorial format). All-or-nothing: any bad
// row (unknown item id, unparsable timestamp, wrong column count) throws vitrine::Error listing
// the first problems with their line numbers; nothing is stored then.
InteractionImportResult importInteractions(Catalog& catalog, const std::string& csvPath,
                                           const std::string& source = "csv");

}  // namespace vitrine
