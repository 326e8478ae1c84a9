#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/progress.h"

namespace vitrine {

struct ImportOptions {
  std::string imagesDir;        // folder the `file` column is relative to (or scanned)
  std::string metadataCsv;      // empty with noMetadata
  // The CSV column holding each catalog field, when it is not named after it: field ("id",
  // "file", "title", "artist", "date", "style", "period", "medium", "rights") -> header name
  // (case-insensitive, trimmed). A field absent here uses its own column (file: also "image").
  // Columns mapped to no field are kept as extra attributes. A mapped column missing from the
  // header, or an unknown field, is an Error naming it (line 1 of the CSV).
  std::map<std::string, std::string> columns;
  bool noMetadata = false;      // import every image in imagesDir with its file stem as id
  int batchSize = 32;           // images per committed transaction
  int64_t maxPixels = 100'000'000;  // refuse larger images before decoding
  int thumbnailSize = 256;      // long side, JPEG
  int threads = 0;              // decode/feature workers; 0 = hardware concurrency
  bool computeHandcrafted = true;
};

// One reported problem: which file (CSV or image), which line (0 = none) and why.
struct ImportIssue {
  std::string file;
  int64_t line = 0;
  std::string reason;   // short category: "corrupt", "missing file", "duplicate id", ...
  std::string detail;
};

struct ImportReport {
  int64_t imported = 0;
  int64_t alreadyPresent = 0;   // idempotent re-runs land here
  std::map<std::string, int64_t> skippedByReason;
  std::vector<ImportIssue> issues;
  bool cancelled = false;
  int64_t skipped() const;
  std::string summary() const;  // multi-line, human readable
};

// Folder (+ metadata CSV) -> artworks, thumbnails and handcrafted features, committed per batch.
// Bad rows/files are reported and skipped; re-running is idempotent; an interrupted run resumes.
ImportReport importImages(Catalog& catalog, const ImportOptions& options,
                          const ProgressCallback& progress = {});

}  // namespace vitrine
