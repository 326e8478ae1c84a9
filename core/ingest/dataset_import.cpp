#include "ingest/dataset_import.h"

#include <cmath>
#include <cstring>
#include <ctime>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "common/platform.h"
#include "common/text.h"
#include "ingest/csv.h"
#include "ingest/npy.h"
#include "ingest/timestamp.h"

namespace vitrine {

namespace {

constexpr size_t kMaxListedProblems = 10;

[[noreturn]] void throwProblems(const std::string& what, const std::vector<std::string>& problems) {
  std::ostringstream msg;
  msg << what << ": " << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << ", nothing was stored";
  for (size_t i = 0; i < problems.size() && i < kMaxListedProblems; ++i) msg << "\n  " << problems[i];
  if (problems.size() > kMaxListedProblems) msg << "\n  ... and " << problems.size() - kMaxListedProblems << " more";
  throw Error(msg.str());
}

// The identity of an interaction for duplicate detection: user, artwork and the exact timestamp.
std::string interactionKey(const std::string& user, int64_t artworkId, double timestamp) {
  uint64_t bits = 0;
  static_assert(sizeof bits == sizeof timestamp, "double is 64-bit");
  std::memcpy(&bits, &timestamp, sizeof bits);
  return user + '\x1f' + std::to_string(artworkId) + '\x1f' + std::to_string(bits);
}

std::string flagText(const std::optional<bool>& f) { return !f ? "none" : *f ? "true" : "false"; }

std::optional<bool> parseBool(const std::string& text) {
  std::string t = trim(text);
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "true" || t == "1" || t == "yes") return true;
  if (t == "false" || t == "0" || t == "no") return false;
  return std::nullopt;
}

}  // namespace

EmbeddingImportResult importEmbeddings(Catalog& catalog, const std::string& name, const std::string& npyPath,
                                       const std::string& idsPath, bool createItems, const std::string& version) {
  return importEmbeddings(catalog, name, std::vector<EmbeddingFiles>{{npyPath, idsPath}}, createItems, version);
}

EmbeddingImportResult importEmbeddings(Catalog& catalog, const std::string& name,
                                       const std::vector<EmbeddingFiles>& parts, bool createItems,
                                       const std::string& version) {
  if (name.empty()) throw Error("import-embeddings needs a name for the embedding");
  if (parts.empty()) throw Error("import-embeddings needs at least one --npy/--ids pair");
  std::vector<std::string> ids;
  std::vector<std::pair<size_t, int64_t>> origin;  // row -> (part, line)
  std::vector<float> values;
  int64_t cols = 0;
  for (size_t k = 0; k < parts.size(); ++k) {
    const auto& [npyPath, idsPath] = parts[k];
    NpyMatrix m = readNpy(npyPath);
    const std::vector<std::string> partIds = readLines(idsPath);
    if (m.cols <= 0) throw Error(npyPath + ": the array has no columns");
    if (static_cast<int64_t>(partIds.size()) != m.rows)
      throw Error(npyPath + " has " + std::to_string(m.rows) + " rows but " + idsPath + " lists " +
                  std::to_string(partIds.size()) + " ids; they must match one to one");
    if (k > 0 && m.cols != cols)
      throw Error(npyPath + " has " + std::to_string(m.cols) + " columns but " + parts[0].npy + " has " +
                  std::to_string(cols) + "; the parts of one embedding must have one dimension");
    cols = m.cols;
    for (size_t r = 0; r < partIds.size(); ++r) {
      ids.push_back(partIds[r]);
      origin.emplace_back(k, static_cast<int64_t>(r + 1));
    }
    values.insert(values.end(), m.values.begin(), m.values.end());
  }
  auto where = [&](size_t r) { return parts[origin[r].first].ids + ":" + std::to_string(origin[r].second); };

  std::vector<std::string> problems;
  std::unordered_map<std::string, size_t> seen;
  for (size_t r = 0; r < ids.size(); ++r) {
    auto [it, inserted] = seen.emplace(ids[r], r);
    if (!inserted) problems.push_back(where(r) + ": duplicate id " + ids[r] + " (first at " + where(it->second) + ")");
  }
  for (size_t r = 0; r < ids.size(); ++r)
    for (int64_t c = 0; c < cols; ++c)
      if (!std::isfinite(values[r * size_t(cols) + size_t(c)])) {
        problems.push_back(parts[origin[r].first].npy + ": row " + std::to_string(origin[r].second - 1) + " (id " +
                           ids[r] + ") has a non-finite value");
        break;
      }
  std::vector<std::optional<int64_t>> artworkIds(ids.size());
  for (size_t r = 0; r < ids.size(); ++r) {
    artworkIds[r] = catalog.artworkIdByExternalId(ids[r]);
    if (!artworkIds[r] && !createItems)
      problems.push_back(where(r) + ": unknown artwork id " + ids[r] +
                         " (use --create-items for an embedding-only catalog)");
  }
  if (!problems.empty()) throwProblems("import-embeddings " + name, problems);

  EmbeddingImportResult result;
  result.dimension = static_cast<int>(cols);
  Catalog::Transaction t(catalog);
  // Same name, dimension and version as stored: the rows are added (shards merge); otherwise the
  // stored vectors of that name are replaced.
  catalog.registerExtractor(name, result.dimension, version);
  for (size_t r = 0; r < ids.size(); ++r) {
    if (!artworkIds[r]) {
      Artwork a;
      a.externalId = ids[r];
      artworkIds[r] = catalog.insertArtwork(a);
      result.createdArtworks++;
    }
    catalog.putEmbedding(*artworkIds[r], name, values.data() + r * size_t(cols), result.dimension);
    result.stored++;
  }
  t.commit();
  return result;
}

std::string EmbeddingImportResult::summary(const std::string& name) const {
  return "stored " + std::to_string(stored) + " " + std::to_string(dimension) + "-d vectors as \"" + name + "\" (" +
         std::to_string(createdArtworks) + " artworks created)";
}

std::string InteractionImportResult::summary() const {
  std::ostringstream o;
  o << "stored " << stored << " interaction" << (stored == 1 ? "" : "s") << " of " << read << " rows";
  if (mergedInFile > 0) o << "; merged " << mergedInFile << " exact duplicate row" << (mergedInFile == 1 ? "" : "s");
  if (alreadyStored > 0) o << "; " << alreadyStored << " already in the catalog (not stored again)";
  std::vector<std::string> conv;
  if (fromMilliseconds > 0) conv.push_back(std::to_string(fromMilliseconds) + " from epoch milliseconds");
  if (withOffset > 0) conv.push_back(std::to_string(withOffset) + " with a UTC offset applied");
  if (withoutZone > 0) conv.push_back(std::to_string(withoutZone) + " without a zone, read as UTC");
  if (datesOnly > 0) conv.push_back(std::to_string(datesOnly) + " dates read as midnight UTC");
  if (!conv.empty()) {
    o << "; timestamps converted:";
    for (size_t i = 0; i < conv.size(); ++i) o << (i ? ", " : " ") << conv[i];
  }
  if (!encoding.empty()) o << "; CSV read as " << encoding;
  return o.str();
}

InteractionImportResult importInteractions(Catalog& catalog, const std::string& csvPath, const std::string& source) {
  CsvReader csv = CsvReader::fromFile(csvPath);
  if (csv.header().empty()) {
    if (!csv.issues().empty())
      throw Error(csvPath + ":" + std::to_string(csv.issues().front().line) + ": " + csv.issues().front().reason);
    throw Error(csvPath + ": empty file (expected the header user_id,item_id,timestamp[,evaluation])");
  }
  const int userCol = csv.column("user_id");
  const int itemCol = csv.column("item_id");
  const int timeCol = csv.column("timestamp");
  const int evalCol = csv.column("evaluation");
  if (userCol < 0 || itemCol < 0 || timeCol < 0)
    throw Error(csvPath + ":1: the header needs user_id,item_id,timestamp[,evaluation]");

  InteractionImportResult result;
  if (csv.encoding().unitBytes > 1) result.encoding = csv.encoding().describe();
  // Interactions already in the catalog, by identity -> evaluation flag.
  std::unordered_map<std::string, std::optional<bool>> stored;
  for (const Interaction& i : catalog.interactions())
    stored.emplace(interactionKey(i.userId, i.artworkId, i.timestamp), i.evaluation);
  std::unordered_map<std::string, std::pair<int64_t, std::optional<bool>>> inFile;  // -> line, flag

  std::vector<Interaction> rows;
  std::unordered_map<std::string, int64_t> idCache;
  CsvRecord rec;
  while (csv.next(rec)) {
    ++result.read;
    const std::string where = csvPath + ":" + std::to_string(rec.line) + ": ";
    Interaction i;
    i.source = source;
    i.userId = trim(rec.fields[userCol]);
    const std::string item = trim(rec.fields[itemCol]);
    if (i.userId.empty()) {
      result.problems.push_back(where + "empty user_id");
      continue;
    }
    auto cached = idCache.find(item);
    if (cached == idCache.end()) {
      auto id = catalog.artworkIdByExternalId(item);
      cached = idCache.emplace(item, id ? *id : -1).first;
    }
    if (cached->second < 0) {
      result.problems.push_back(where + "unknown item_id " + item);
      continue;
    }
    i.artworkId = cached->second;
    std::string why;
    const auto ts = parseTimestamp(rec.fields[timeCol], &why);
    if (!ts) {
      result.problems.push_back(where + "cannot read timestamp \"" + rec.fields[timeCol] + "\": " + why);
      continue;
    }
    i.timestamp = ts->seconds;
    if (evalCol >= 0 && !trim(rec.fields[evalCol]).empty()) {
      i.evaluation = parseBool(rec.fields[evalCol]);
      if (!i.evaluation) {
        result.problems.push_back(where + "evaluation must be true/false, got \"" + rec.fields[evalCol] + "\"");
        continue;
      }
    }
    const std::string key = interactionKey(i.userId, i.artworkId, i.timestamp);
    const auto dupFile = inFile.find(key);
    if (dupFile != inFile.end()) {
      if (dupFile->second.second != i.evaluation) {
        result.problems.push_back(where + "duplicate of line " + std::to_string(dupFile->second.first) +
                                  " with a different evaluation flag (" + flagText(i.evaluation) + " vs " +
                                  flagText(dupFile->second.second) + ")");
        continue;
      }
      ++result.mergedInFile;
      if (result.notes.size() < kMaxListedProblems)
        result.notes.push_back(where + "exact duplicate of line " + std::to_string(dupFile->second.first) + ", merged");
      continue;
    }
    inFile.emplace(key, std::make_pair(rec.line, i.evaluation));
    const auto dupStored = stored.find(key);
    if (dupStored != stored.end()) {
      if (dupStored->second != i.evaluation) {
        result.problems.push_back(where + "already in the catalog with a different evaluation flag (" +
                                  flagText(i.evaluation) + " vs " + flagText(dupStored->second) + ")");
        continue;
      }
      ++result.alreadyStored;
      continue;
    }
    switch (ts->form) {
      case TimestampForm::EpochMilliseconds:
        ++result.fromMilliseconds;
        break;
      case TimestampForm::DateTimeOffset:
        ++result.withOffset;
        break;
      case TimestampForm::DateTimeUtc:
        if (!ts->hadZone) ++result.withoutZone;
        break;
      case TimestampForm::Date:
        ++result.datesOnly;
        break;
      case TimestampForm::EpochSeconds:
        break;
    }
    rows.push_back(std::move(i));
  }
  for (const auto& issue : csv.issues())
    result.problems.push_back(csvPath + ":" + std::to_string(issue.line) + ": " + issue.reason);
  if (!result.problems.empty()) throwProblems("import-interactions " + csvPath, result.problems);

  Catalog::Transaction t(catalog);
  for (const auto& i : rows) catalog.addInteraction(i);
  t.commit();
  result.stored = static_cast<int64_t>(rows.size());
  return result;
}

}  // namespace vitrine
