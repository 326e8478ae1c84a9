#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/progress.h"

namespace vitrine {

struct ImportOptions {
  std::string imagesDir;    // folder the `file` column is relative to (or scanned)
  std::string metadataCsv;  // empty with noMetadata
  // The CSV column holding each catalog field, when it is not named after it: field ("id",
  // "file", "title", "artist", "date", "style", "period", "medium", "rights") -> header name
  // (case-insensitive, trimmed). A field absent here uses its own column (file: also "image").
  // Columns mapped to no field are kept as extra attributes. A mapped column missing from the
  // header, or an unknown field, is an Error naming it (line 1 of the CSV).
  std::map<std::string, std::string> columns;
  bool noMetadata = false;       // import every image in imagesDir; ids from file names (distinctId)
  bool recursive = false;        // scan subfolders too (noMetadata), and find CSV file names in them
  bool embeddedMetadata = true;  // fill empty title/artist/date/rights from XMP, IPTC and EXIF
  // Decode large JPEGs at 1/2, 1/4 or 1/8 scale (libjpeg DCT scaling) while the decoded long
  // side stays >= 2 x thumbnailSize; thumbnails and handcrafted features come from that decode.
  bool reducedDecode = true;
  int batchSize = 32;               // images per committed transaction
  int64_t maxPixels = 100'000'000;  // refuse larger images before decoding
  int thumbnailSize = 256;          // long side, JPEG
  int threads = 0;                  // decode/feature workers; 0 = hardware concurrency
  bool computeHandcrafted = true;
};

// One reported problem or remark: which file (CSV or image), which line (0 = none) and why.
struct ImportIssue {
  std::string file;
  int64_t line = 0;
  std::string reason;  // short category: "corrupt", "missing file", "duplicate id", ...
  std::string detail;
};

struct ImportReport {
  int64_t imported = 0;
  int64_t alreadyPresent = 0;  // idempotent re-runs land here
  std::map<std::string, int64_t> skippedByReason;
  std::vector<ImportIssue> issues;  // one per skipped row or file
  // What was changed on the way in, by kind ("EXIF orientation applied", "CSV read as UTF-16LE",
  // "distinct id for a clashing file name", "title from embedded metadata", ...), and the
  // imported rows that carry a remark (a date without a readable year, an id that was made
  // distinct, a converted calendar year). docs/data-policies.md lists every kind.
  std::map<std::string, int64_t> converted;
  std::vector<ImportIssue> notes;
  bool cancelled = false;
  int64_t skipped() const;
  std::string summary() const;  // multi-line, human readable
};

// Folder (+ metadata CSV) -> artworks, thumbnails and handcrafted features, committed per batch.
// Bad rows/files are reported and skipped; an error while storing one row (for example an id
// clash) skips that row only and never rolls back the others. Re-running is idempotent; an
// interrupted run resumes. Throws vitrine::Error only when nothing can be read at all (no images
// folder, unreadable CSV or CSV header, a catalog that refuses every write).
ImportReport importImages(Catalog& catalog, const ImportOptions& options, const ProgressCallback& progress = {});

}  // namespace vitrine
