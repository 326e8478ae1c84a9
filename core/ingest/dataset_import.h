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
  // The report line of `vitrine-cli import-embeddings` (and the GUI's Embeddings dialog):
  // stored N D-d vectors as "NAME" (M artworks created)
  std::string summary(const std::string& name) const;
};

// `.npy` (2-D numeric) + ids file (one id per line, row order). All-or-nothing: wrong shapes,
// count mismatch, duplicate or unknown ids (without createItems) throw vitrine::Error and the
// catalog is unchanged. With createItems, unknown ids become image-less artworks.
EmbeddingImportResult importEmbeddings(Catalog& catalog, const std::string& name, const std::string& npyPath,
                                       const std::string& idsPath, bool createItems,
                                       const std::string& version = "imported");

// One .npy file and its ids file.
struct EmbeddingFiles {
  std::string npy;
  std::string ids;
};

// Several parts (e.g. the shards of `vitrine-cli embed --shard I/N`) imported as one, in one
// transaction: an id in two parts is a duplicate, all parts must have one dimension. When the
// catalog already holds `name` with this dimension and version the rows are added (a later run
// with more shards merges), else the stored vectors of that name are replaced. Storing is per
// artwork, so the merged shards equal the single-machine `embed` exactly.
EmbeddingImportResult importEmbeddings(Catalog& catalog, const std::string& name,
                                       const std::vector<EmbeddingFiles>& parts, bool createItems,
                                       const std::string& version = "imported");

struct InteractionImportResult {
  int64_t read = 0;                   // data rows read from the file
  int64_t stored = 0;                 // new interactions stored
  int64_t mergedInFile = 0;           // exact duplicates of an earlier row of the same file, merged
  int64_t alreadyStored = 0;          // exact duplicates of an interaction already in the catalog
  int64_t fromMilliseconds = 0;       // timestamps read as epoch milliseconds (divided by 1000)
  int64_t withOffset = 0;             // date-times whose UTC offset was applied
  int64_t withoutZone = 0;            // date-times without a zone, read as UTC
  int64_t datesOnly = 0;              // dates without a time, read as midnight UTC
  std::string encoding;               // empty for UTF-8, else how the CSV was read ("UTF-16LE with byte order mark")
  std::vector<std::string> problems;  // "file:line: reason" for rows that were refused
  std::vector<std::string> notes;     // "file:line: ..." for the first merged rows
  std::string summary() const;        // one line: stored, merged, converted
};

// `user_id,item_id,timestamp[,evaluation]` (the VisRec tutorial format). All-or-nothing: any bad
// row (unknown item id, unreadable timestamp, wrong column count, an exact duplicate whose
// evaluation flag contradicts the first copy) throws vitrine::Error listing the first problems
// with their line numbers; nothing is stored then.
// Duplicates (docs/data-policies.md): an interaction is the triple (user, item, timestamp after
// UTC conversion); a row repeating a triple of the file or of the catalog is merged (counted, not
// stored), so importing the same file twice stores nothing the second time.
// Timestamps: see parseTimestamp (ingest/timestamp.h).
InteractionImportResult importInteractions(Catalog& catalog, const std::string& csvPath,
                                           const std::string& source = "csv");

}  // namespace vitrine
