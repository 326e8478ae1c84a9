#include "ingest/importer.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "common/text.h"
#include "embeddings/handcrafted.h"
#include "ingest/csv.h"
#include "imaging/image.h"

namespace fs = std::filesystem;

namespace vitrine {

namespace {

constexpr int kThumbnailQuality = 85;

// One metadata row (or one scanned file) waiting to be imported.
struct PendingRow {
  int64_t line = 0;  // 0 for --no-metadata
  Artwork artwork;
  std::string file;  // as written in the CSV
  fs::path resolved;
};

// What a worker made of one row.
struct Processed {
  bool ok = false;
  ImageError error;
  ImageHeader header;
  Thumbnail thumbnail;
  std::vector<float> features;
};

void addIssue(ImportReport& r, const std::string& file, int64_t line, const std::string& reason,
              const std::string& detail) {
  r.issues.push_back({file, line, reason, detail});
  r.skippedByReason[reason]++;
}

// Where the image of a metadata row lives: next to the images folder, the CSV, or by file name.
fs::path resolveImage(const std::string& file, const fs::path& imagesDir, const fs::path& csvDir) {
  const fs::path f(file);
  if (f.is_absolute()) return f;
  for (const fs::path& candidate : {imagesDir / f, csvDir / f, imagesDir / f.filename()}) {
    std::error_code ec;
    if (fs::exists(candidate, ec)) return candidate;
  }
  return imagesDir / f;
}

std::string relativeToCatalog(const fs::path& image, const std::string& catalogDir) {
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(image, ec);
  const fs::path base = fs::weakly_canonical(catalogDir, ec);
  fs::path rel = abs.lexically_relative(base);
  // Different roots (another drive on Windows) cannot be relative: keep the absolute path.
  return (rel.empty() ? abs : rel).generic_string();
}

std::vector<PendingRow> rowsFromCsv(const ImportOptions& o, ImportReport& report) {
  CsvReader csv = CsvReader::fromFile(o.metadataCsv);
  const std::string csvName = o.metadataCsv;
  if (csv.header().empty()) throw Error(csvName + ": empty file, expected a header row with id and file");
  const auto headerList = [&csv] {
    std::string h;
    for (auto& c : csv.header()) h += (h.empty() ? "" : ", ") + c;
    return h;
  };
  static const std::set<std::string> fields = {"id",    "file",   "title",  "artist", "date",
                                               "style", "period", "medium", "rights"};
  for (const auto& [field, column] : o.columns) {
    if (!fields.count(field)) throw Error("unknown catalog field \"" + field + "\" in the column mapping");
    if (csv.column(column) < 0)
      throw Error(csvName + ":1: the column `" + trim(column) + "` chosen for " + field + " is not in the header (found: " +
                  headerList() + ")");
  }
  // The column of a catalog field: the one the caller chose, else the one named after it.
  const auto fieldColumn = [&](const std::string& field) {
    const auto mapped = o.columns.find(field);
    return mapped != o.columns.end() ? csv.column(mapped->second) : csv.column(field);
  };
  const int idCol = fieldColumn("id");
  int fileCol = fieldColumn("file");
  if (fileCol < 0 && !o.columns.count("file")) fileCol = csv.column("image");
  if (idCol < 0 || fileCol < 0)
    throw Error(csvName + ":1: the header needs the columns `id` and `file` (found: " + [&] {
      std::string h;
      for (auto& c : csv.header()) h += (h.empty() ? "" : ", ") + c;
      return h;
    }() + ")");
  const auto col = [&fieldColumn](const char* name) { return fieldColumn(name); };
  const int titleCol = col("title"), artistCol = col("artist"), dateCol = col("date");
  const int styleCol = col("style"), periodCol = col("period"), mediumCol = col("medium");
  const std::set<int> known = {idCol, fileCol, titleCol, artistCol, dateCol, styleCol, periodCol, mediumCol};

  const fs::path imagesDir(o.imagesDir);
  const fs::path csvDir = fs::path(o.metadataCsv).parent_path();
  std::unordered_map<std::string, int64_t> firstLine;
  std::vector<PendingRow> rows;
  CsvRecord rec;
  while (csv.next(rec)) {
    const auto field = [&rec](int c) { return c >= 0 ? trim(rec.fields[c]) : std::string(); };
    PendingRow row;
    row.line = rec.line;
    row.artwork.externalId = field(idCol);
    row.file = field(fileCol);
    if (row.artwork.externalId.empty()) {
      addIssue(report, csvName, rec.line, "missing id", "the id column is empty");
      continue;
    }
    if (row.file.empty()) {
      addIssue(report, csvName, rec.line, "missing file", "the file column is empty for id " + row.artwork.externalId);
      continue;
    }
    auto [it, inserted] = firstLine.emplace(row.artwork.externalId, rec.line);
    if (!inserted) {
      addIssue(report, csvName, rec.line, "duplicate id",
               "id " + row.artwork.externalId + " already on line " + std::to_string(it->second) +
                   " (the first row wins)");
      continue;
    }
    row.artwork.title = field(titleCol);
    row.artwork.artist = field(artistCol);
    row.artwork.dateText = field(dateCol);
    row.artwork.year = parseYear(row.artwork.dateText);
    row.artwork.style = field(styleCol);
    row.artwork.period = field(periodCol);
    row.artwork.medium = field(mediumCol);
    nlohmann::json extra = nlohmann::json::object();
    for (size_t c = 0; c < csv.header().size(); ++c)
      if (!known.count(static_cast<int>(c)) && !trim(rec.fields[c]).empty())
        extra[trim(csv.header()[c])] = rec.fields[c];
    row.artwork.extraJson = extra.dump();
    row.resolved = resolveImage(row.file, imagesDir, csvDir);
    rows.push_back(std::move(row));
  }
  for (const auto& issue : csv.issues()) addIssue(report, csvName, issue.line, "bad CSV row", issue.reason);
  return rows;
}

std::vector<PendingRow> rowsFromFolder(const ImportOptions& o) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(o.imagesDir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] == '.') continue;  // hidden files and editor droppings
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<PendingRow> rows;
  for (const auto& f : files) {
    PendingRow row;
    row.artwork.externalId = f.stem().string();
    row.artwork.title = f.stem().string();
    row.file = f.filename().string();
    row.resolved = f;
    rows.push_back(std::move(row));
  }
  return rows;
}

Processed processImage(const PendingRow& row, const ImportOptions& o, const Extractor* extractor) {
  Processed p;
  auto bytes = readFileBytes(row.resolved.string(), &p.error);
  if (!bytes) return p;
  if (auto h = probeImageHeader(*bytes)) p.header = *h;
  auto image = decodeImage(*bytes, o.maxPixels, &p.error);
  if (!image) return p;
  const Image small = resizeLongSide(*image, o.thumbnailSize);
  p.thumbnail.format = "jpeg";
  p.thumbnail.width = small.width;
  p.thumbnail.height = small.height;
  p.thumbnail.bytes = encodeJpeg(small, kThumbnailQuality);
  if (extractor) {
    // Features come from the stored thumbnail's pixels so a later `embed` reproduces them.
    auto decoded = decodeJpegOrPng(p.thumbnail.bytes);
    if (!decoded) {
      p.error = {"corrupt", "the thumbnail could not be decoded again"};
      return p;
    }
    p.features = extractor->extract(*decoded);
  }
  if (p.header.width == 0) {
    p.header.width = image->width;
    p.header.height = image->height;
  }
  p.ok = true;
  return p;
}

// Runs fn(i) for i in [0, n) on `threads` threads.
template <typename Fn>
void parallelFor(size_t n, int threads, Fn fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
}

}  // namespace

int64_t ImportReport::skipped() const {
  int64_t n = 0;
  for (auto& [reason, count] : skippedByReason) n += count;
  return n;
}

std::string ImportReport::summary() const {
  std::ostringstream out;
  out << "imported " << imported << ", already present " << alreadyPresent << ", skipped " << skipped();
  if (!skippedByReason.empty()) {
    out << " (";
    bool first = true;
    for (auto& [reason, count] : skippedByReason) {
      out << (first ? "" : ", ") << reason << ": " << count;
      first = false;
    }
    out << ")";
  }
  if (cancelled) out << "; cancelled before the end (run the same import again to resume)";
  return out.str();
}

ImportReport importImages(Catalog& catalog, const ImportOptions& o, const ProgressCallback& progress) {
  ImportReport report;
  std::error_code ec;
  if (!fs::is_directory(o.imagesDir, ec)) throw Error("images folder " + o.imagesDir + " does not exist");
  std::vector<PendingRow> rows = o.noMetadata ? rowsFromFolder(o) : rowsFromCsv(o, report);

  // Idempotence: rows already in the catalog are counted, not re-imported.
  std::vector<PendingRow> todo;
  for (auto& row : rows) {
    if (catalog.artworkIdByExternalId(row.artwork.externalId)) report.alreadyPresent++;
    else todo.push_back(std::move(row));
  }

  HandcraftedExtractor handcrafted;
  const Extractor* extractor = o.computeHandcrafted ? &handcrafted : nullptr;
  if (extractor && !todo.empty()) {
    Catalog::Transaction t(catalog);
    catalog.registerExtractor(extractor->name(), extractor->dimension(), extractor->version());
    t.commit();
  }

  const int threads = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  const size_t batch = static_cast<size_t>(std::max(1, o.batchSize));
  const std::string catalogDir = catalog.directory();
  const int64_t total = static_cast<int64_t>(todo.size());
  int64_t done = 0;

  for (size_t start = 0; start < todo.size() && !report.cancelled; start += batch) {
    const size_t end = std::min(todo.size(), start + batch);
    std::vector<Processed> results(end - start);
    parallelFor(end - start, threads, [&](size_t i) { results[i] = processImage(todo[start + i], o, extractor); });

    // One transaction per batch: a kill loses at most this batch, and a re-run resumes.
    Catalog::Transaction t(catalog);
    for (size_t i = 0; i < results.size(); ++i) {
      PendingRow& row = todo[start + i];
      Processed& p = results[i];
      const std::string where = o.noMetadata ? row.resolved.string() : row.file;
      if (!p.ok) {
        addIssue(report, where, row.line, p.error.reason, p.error.detail);
        continue;
      }
      row.artwork.sourcePath = relativeToCatalog(row.resolved, catalogDir);
      row.artwork.width = p.header.width;
      row.artwork.height = p.header.height;
      const int64_t id = catalog.insertArtwork(row.artwork);
      catalog.putThumbnail(id, p.thumbnail);
      if (extractor) catalog.putEmbedding(id, extractor->name(), p.features);
      report.imported++;
    }
    t.commit();
    done = static_cast<int64_t>(end);
    if (progress && !progress({"import", done, total, todo[end - 1].file})) report.cancelled = true;
  }
  return report;
}

}  // namespace vitrine
