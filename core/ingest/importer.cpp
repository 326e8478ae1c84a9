#include "ingest/importer.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "common/dates.h"
#include "common/text.h"
#include "common/unicode.h"
#include "embeddings/handcrafted.h"
#include "imaging/image.h"
#include "imaging/metadata.h"
#include "ingest/csv.h"
#include "ingest/file_names.h"

namespace fs = std::filesystem;

namespace vitrine {

namespace {

constexpr int kThumbnailQuality = 85;

// One metadata row (or one scanned file) waiting to be imported.
struct PendingRow {
  int64_t line = 0;  // 0 for --no-metadata
  Artwork artwork;
  std::string file;  // as written in the CSV (or the scanned file's path)
  fs::path resolved;
  bool titleFromFileName = false;        // folder import: the stem stands in for a title
  bool csvRights = false;                // the CSV row has a non-empty `rights` column
  std::vector<std::string> conversions;  // report kinds, counted once the row is stored
  std::vector<ImportIssue> notes;        // remarks, reported once the row is stored
};

// What a worker made of one row.
struct Processed {
  bool ok = false;
  ImageError error;
  int width = 0, height = 0;  // displayed size after EXIF orientation
  int orientation = 1;
  bool composited = false;
  Thumbnail thumbnail;
  std::vector<float> features;
  EmbeddedMetadata meta;
};

void addIssue(ImportReport& r, const std::string& file, int64_t line, const std::string& reason,
              const std::string& detail) {
  r.issues.push_back({file, line, reason, detail});
  r.skippedByReason[reason]++;
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
  if (csv.header().empty()) {
    if (!csv.issues().empty())
      throw Error(csvName + ":" + std::to_string(csv.issues()[0].line) + ": " + csv.issues()[0].reason);
    throw Error(csvName + ": empty file, expected a header row with id and file");
  }
  if (csv.encoding().unitBytes > 1) report.converted["CSV read as " + csv.encoding().describe()]++;
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
      throw Error(csvName + ":1: the column `" + trim(column) + "` chosen for " + field +
                  " is not in the header (found: " + headerList() + ")");
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
  const int rightsCol = col("rights");
  const std::set<int> known = {idCol, fileCol, titleCol, artistCol, dateCol, styleCol, periodCol, mediumCol, rightsCol};

  FileResolver resolver(o.imagesDir, fs::path(o.metadataCsv).parent_path(), o.recursive);
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
      addIssue(
          report, csvName, rec.line, "duplicate id",
          "id " + row.artwork.externalId + " already on line " + std::to_string(it->second) + " (the first row wins)");
      continue;
    }
    row.artwork.title = field(titleCol);
    row.artwork.artist = field(artistCol);
    row.artwork.dateText = field(dateCol);
    row.artwork.style = field(styleCol);
    row.artwork.period = field(periodCol);
    row.artwork.medium = field(mediumCol);
    row.csvRights = !field(rightsCol).empty();
    nlohmann::json extra = nlohmann::json::object();
    for (size_t c = 0; c < csv.header().size(); ++c)
      if (!known.count(static_cast<int>(c)) && !trim(rec.fields[c]).empty())
        extra[trim(csv.header()[c])] = rec.fields[c];
    if (row.csvRights) extra["rights"] = field(rightsCol);  // under its field name, whatever the column
    row.artwork.extraJson = extra.dump();
    if (auto match = resolver.resolve(row.file)) {
      row.resolved = match->path;
      for (const auto& kind : match->conversions) {
        row.conversions.push_back(kind);
        row.notes.push_back({csvName, rec.line, kind, "\"" + row.file + "\" is " + match->path.string()});
      }
    } else {
      row.resolved = fs::path(o.imagesDir) / row.file;  // reported as a missing file by the worker
    }
    rows.push_back(std::move(row));
  }
  for (const auto& issue : csv.issues()) addIssue(report, csvName, issue.line, "bad CSV row", issue.reason);
  return rows;
}

// Every file of the folder that is not in the catalog yet, with an id of its own. A file counts
// as present when an artwork has its path, or (catalogs moved since) its file name and its id.
std::vector<PendingRow> rowsFromFolder(const ImportOptions& o, const Catalog& catalog, ImportReport& report) {
  std::vector<std::string> problems;
  const std::vector<fs::path> files = listFolder(o.imagesDir, o.recursive, &problems);
  for (const auto& p : problems) addIssue(report, o.imagesDir, 0, "unreadable folder", p);
  std::set<std::string> taken;
  std::set<std::string> sources;
  std::unordered_map<std::string, std::string> fileNameOfId;
  for (const Artwork& a : catalog.artworks()) {
    taken.insert(a.externalId);
    sources.insert(a.sourcePath);
    fileNameOfId[a.externalId] = fs::path(a.sourcePath).filename().string();
  }
  const fs::path dir(o.imagesDir);
  const std::string catalogDir = catalog.directory();
  std::unordered_map<std::string, std::string> fileOfId;  // ids given in this run
  std::vector<PendingRow> rows;
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    const std::string rel = f.lexically_relative(dir).generic_string();
    bool present = sources.count(relativeToCatalog(f, catalogDir)) > 0;
    for (const std::string& id : {f.stem().string(), name, rel, toNfc(f.stem().string()), toNfc(name), toNfc(rel)}) {
      const auto it = fileNameOfId.find(id);
      present = present || (it != fileNameOfId.end() && it->second == name);
    }
    if (present) {
      report.alreadyPresent++;
      continue;
    }
    PendingRow row;
    row.artwork.externalId = distinctId(f, dir, taken);
    taken.insert(row.artwork.externalId);
    const std::string stem = toNfc(f.stem().string());
    row.artwork.title = stem;
    row.titleFromFileName = true;
    row.file = f.string();
    row.resolved = f;
    if (stem != f.stem().string()) row.conversions.push_back("id and title from a file name in Unicode NFC");
    if (row.artwork.externalId != stem) {
      const auto other = fileOfId.find(stem);
      row.conversions.push_back("distinct id for a clashing file name");
      row.notes.push_back({f.string(), 0, "distinct id for a clashing file name",
                           "id \"" + row.artwork.externalId + "\": \"" + stem + "\" is already " +
                               (other != fileOfId.end() ? "the id of " + other->second : "an id in the catalog")});
    }
    fileOfId[row.artwork.externalId] = f.string();
    rows.push_back(std::move(row));
  }
  return rows;
}

Processed processImage(const PendingRow& row, const ImportOptions& o, const Extractor* extractor) {
  Processed p;
  auto bytes = readFileBytes(row.resolved.string(), &p.error);
  if (!bytes) return p;
  if (o.embeddedMetadata) p.meta = readEmbeddedMetadata(*bytes);
  DecodeOptions d;
  d.maxPixels = o.maxPixels;
  d.minLongSide = o.reducedDecode ? 2 * o.thumbnailSize : 0;
  d.orientation = o.embeddedMetadata ? p.meta.orientation : 0;
  auto decoded = decodeImage(*bytes, d, &p.error);
  if (!decoded) return p;
  bytes.reset();
  p.width = decoded->width;
  p.height = decoded->height;
  p.orientation = decoded->orientation;
  p.composited = decoded->composited;
  // The thumbnail's size follows from the full-resolution size, whatever scale was decoded.
  const int longest = std::max(p.width, p.height);
  int tw = p.width, th = p.height;
  if (o.thumbnailSize > 0 && longest > o.thumbnailSize) {
    const double scale = double(o.thumbnailSize) / double(longest);
    tw = std::max(1, int(std::lround(p.width * scale)));
    th = std::max(1, int(std::lround(p.height * scale)));
  }
  const Image small = resizeArea(decoded->image, tw, th);
  decoded.reset();
  p.thumbnail.format = "jpeg";
  p.thumbnail.width = small.width;
  p.thumbnail.height = small.height;
  p.thumbnail.bytes = encodeJpeg(small, kThumbnailQuality);
  if (extractor) {
    // Features come from the stored thumbnail's pixels so a later `embed` reproduces them.
    auto thumb = decodeJpegOrPng(p.thumbnail.bytes);
    if (!thumb) {
      p.error = {"corrupt", "the thumbnail could not be decoded again"};
      return p;
    }
    p.features = extractor->extract(*thumb);
  }
  p.ok = true;
  return p;
}

// Empty CSV fields are filled from the file's XMP/IPTC/EXIF (the CSV wins), then the date is read.
void completeMetadata(PendingRow& row, const Processed& p, const std::string& where) {
  const EmbeddedMetadata& m = p.meta;
  Artwork& a = row.artwork;
  const auto take = [&](std::string& target, const std::string& value, const std::string& source, const char* what,
                        bool replace) {
    if (value.empty() || !(target.empty() || replace)) return;
    target = value;
    row.conversions.push_back(std::string(what) + " from embedded metadata");
    row.notes.push_back({where, row.line, std::string(what) + " from embedded metadata", source + ": " + value});
  };
  take(a.title, m.title, m.titleSource, "title", row.titleFromFileName);
  take(a.artist, m.artist, m.artistSource, "artist", false);
  take(a.dateText, m.date, m.dateSource, "date", false);
  if (!m.rights.empty() && !row.csvRights) {
    nlohmann::json extra = nlohmann::json::parse(a.extraJson.empty() ? "{}" : a.extraJson, nullptr, false);
    if (extra.is_object() && !extra.contains("rights")) {
      extra["rights"] = m.rights;
      a.extraJson = extra.dump();
      row.conversions.push_back("rights from embedded metadata");
      row.notes.push_back({where, row.line, "rights from embedded metadata", m.rightsSource + ": " + m.rights});
    }
  }
  if (!m.error.empty()) {
    const std::string image = row.resolved.string();
    row.conversions.push_back("damaged embedded metadata ignored");
    row.notes.push_back(
        {where, row.line, "embedded metadata unreadable", (where == image ? "" : image + ": ") + m.error});
  }
  if (p.orientation != 1) row.conversions.push_back("EXIF orientation applied");
  if (p.composited) row.conversions.push_back("transparency composited on white");
  const DateReading date = readDate(a.dateText);
  a.year = date.year;
  if (!date.note.empty()) {
    const std::string kind = date.year ? "date converted from another calendar" : "date without a readable year";
    row.conversions.push_back(kind);
    row.notes.push_back({where, row.line, kind, date.note});
  }
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
  const auto list = [&out](const std::map<std::string, int64_t>& m) {
    bool first = true;
    for (auto& [kind, count] : m) {
      out << (first ? "" : ", ") << kind << ": " << count;
      first = false;
    }
  };
  out << "imported " << imported << ", already present " << alreadyPresent << ", skipped " << skipped();
  if (!skippedByReason.empty()) {
    out << " (";
    list(skippedByReason);
    out << ")";
  }
  if (cancelled) out << "; cancelled before the end (run the same import again to resume)";
  if (!converted.empty()) {
    out << "\nconverted: ";
    list(converted);
  }
  return out.str();
}

ImportReport importImages(Catalog& catalog, const ImportOptions& o, const ProgressCallback& progress) {
  ImportReport report;
  std::error_code ec;
  if (!fs::is_directory(o.imagesDir, ec)) throw Error("images folder " + o.imagesDir + " does not exist");
  std::vector<PendingRow> todo;
  if (o.noMetadata) {
    todo = rowsFromFolder(o, catalog, report);  // already present files are counted there
  } else {
    // Idempotence: rows already in the catalog are counted, not re-imported.
    for (auto& row : rowsFromCsv(o, report)) {
      if (catalog.artworkIdByExternalId(row.artwork.externalId))
        report.alreadyPresent++;
      else
        todo.push_back(std::move(row));
    }
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

  const auto store = [&](PendingRow& row, const Processed& p) {
    const int64_t id = catalog.insertArtwork(row.artwork);
    catalog.putThumbnail(id, p.thumbnail);
    if (extractor) catalog.putEmbedding(id, extractor->name(), p.features);
  };
  const auto stored = [&](PendingRow& row) {
    report.imported++;
    for (const auto& kind : row.conversions) report.converted[kind]++;
    for (auto& note : row.notes) report.notes.push_back(std::move(note));
  };

  for (size_t start = 0; start < todo.size() && !report.cancelled; start += batch) {
    const size_t end = std::min(todo.size(), start + batch);
    std::vector<Processed> results(end - start);
    parallelFor(end - start, threads, [&](size_t i) { results[i] = processImage(todo[start + i], o, extractor); });

    std::vector<size_t> good;
    for (size_t i = 0; i < results.size(); ++i) {
      PendingRow& row = todo[start + i];
      const std::string where = o.noMetadata ? row.resolved.string() : o.metadataCsv;
      if (!results[i].ok) {
        addIssue(report, o.noMetadata ? row.resolved.string() : row.file, row.line, results[i].error.reason,
                 results[i].error.detail);
        continue;
      }
      row.artwork.sourcePath = relativeToCatalog(row.resolved, catalogDir);
      row.artwork.width = results[i].width;
      row.artwork.height = results[i].height;
      completeMetadata(row, results[i], where);
      good.push_back(i);
    }
    // One transaction per batch: a kill loses at most this batch, and a re-run resumes. When
    // storing a row fails, the batch is rolled back and stored again row by row, so only the
    // failing rows are skipped.
    bool batchStored = false;
    try {
      Catalog::Transaction t(catalog);
      for (size_t i : good) store(todo[start + i], results[i]);
      t.commit();
      batchStored = true;
    } catch (const std::exception&) {
      batchStored = false;
    }
    for (size_t i : good) {
      PendingRow& row = todo[start + i];
      if (batchStored) {
        stored(row);
        continue;
      }
      try {
        Catalog::Transaction t(catalog);
        store(row, results[i]);
        t.commit();
        stored(row);
      } catch (const std::exception& e) {
        addIssue(report, o.noMetadata ? row.resolved.string() : row.file, row.line, "not stored", e.what());
      }
    }
    if (progress && !progress({"import", static_cast<int64_t>(end), total, todo[end - 1].file}))
      report.cancelled = true;
  }
  return report;
}

}  // namespace vitrine
