#include "ingest/dataset_import.h"

#include <cmath>
#include <ctime>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "ingest/csv.h"
#include "ingest/npy.h"

namespace vitrine {

namespace {

constexpr size_t kMaxListedProblems = 10;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

[[noreturn]] void throwProblems(const std::string& what, const std::vector<std::string>& problems) {
  std::ostringstream msg;
  msg << what << ": " << problems.size() << " problem" << (problems.size() == 1 ? "" : "s")
      << ", nothing was stored";
  for (size_t i = 0; i < problems.size() && i < kMaxListedProblems; ++i) msg << "\n  " << problems[i];
  if (problems.size() > kMaxListedProblems) msg << "\n  ... and " << problems.size() - kMaxListedProblems << " more";
  throw Error(msg.str());
}

// Seconds since the epoch from a number or "YYYY-MM-DD[ T]HH:MM[:SS]" (read as UTC).
std::optional<double> parseTimestamp(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end && *end == '\0' && std::isfinite(v)) return v;
  std::tm tm{};
  int sec = 0;
  char sep = ' ';
  const int n = std::sscanf(t.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                            &sep, &tm.tm_hour, &tm.tm_min, &sec);
  if (n != 3 && n < 6) return std::nullopt;
  if (n == 3) tm.tm_hour = tm.tm_min = 0;
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31) return std::nullopt;
  tm.tm_sec = n == 7 ? sec : 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
#ifdef _WIN32
  return static_cast<double>(_mkgmtime(&tm));
#else
  return static_cast<double>(timegm(&tm));
#endif
}

std::optional<bool> parseBool(const std::string& text) {
  std::string t = trim(text);
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "true" || t == "1" || t == "yes") return true;
  if (t == "false" || t == "0" || t == "no") return false;
  return std::nullopt;
}

}  // namespace

EmbeddingImportResult importEmbeddings(Catalog& catalog, const std::string& name,
                                       const std::string& npyPath, const std::string& idsPath,
                                       bool createItems, const std::string& version) {
  if (name.empty()) throw Error("import-embeddings needs a name for the embedding");
  const NpyMatrix m = readNpy(npyPath);
  const std::vector<std::string> ids = readLines(idsPath);
  if (m.cols <= 0) throw Error(npyPath + ": the array has no columns");
  if (static_cast<int64_t>(ids.size()) != m.rows)
    throw Error(npyPath + " has " + std::to_string(m.rows) + " rows but " + idsPath + " lists " +
                std::to_string(ids.size()) + " ids; they must match one to one");

  std::vector<std::string> problems;
  std::unordered_map<std::string, size_t> seen;
  for (size_t r = 0; r < ids.size(); ++r) {
    auto [it, inserted] = seen.emplace(ids[r], r);
    if (!inserted)
      problems.push_back(idsPath + ":" + std::to_string(r + 1) + ": duplicate id " + ids[r] +
                         " (first on line " + std::to_string(it->second + 1) + ")");
  }
  for (int64_t r = 0; r < m.rows; ++r)
    for (int64_t c = 0; c < m.cols; ++c)
      if (!std::isfinite(m.values[r * m.cols + c])) {
        problems.push_back(npyPath + ": row " + std::to_string(r) + " (id " + ids[r] + ") has a non-finite value");
        break;
      }
  std::vector<std::optional<int64_t>> artworkIds(ids.size());
  for (size_t r = 0; r < ids.size(); ++r) {
    artworkIds[r] = catalog.artworkIdByExternalId(ids[r]);
    if (!artworkIds[r] && !createItems)
      problems.push_back(idsPath + ":" + std::to_string(r + 1) + ": unknown artwork id " + ids[r] +
                         " (use --create-items for an embedding-only catalog)");
  }
  if (!problems.empty()) throwProblems("import-embeddings " + name, problems);

  EmbeddingImportResult result;
  result.dimension = static_cast<int>(m.cols);
  Catalog::Transaction t(catalog);
  catalog.registerExtractor(name, result.dimension, version);
  for (size_t r = 0; r < ids.size(); ++r) {
    if (!artworkIds[r]) {
      Artwork a;
      a.externalId = ids[r];
      artworkIds[r] = catalog.insertArtwork(a);
      result.createdArtworks++;
    }
    catalog.putEmbedding(*artworkIds[r], name, m.values.data() + r * m.cols, result.dimension);
    result.stored++;
  }
  t.commit();
  return result;
}

InteractionImportResult importInteractions(Catalog& catalog, const std::string& csvPath,
                                           const std::string& source) {
  CsvReader csv = CsvReader::fromFile(csvPath);
  const int userCol = csv.column("user_id");
  const int itemCol = csv.column("item_id");
  const int timeCol = csv.column("timestamp");
  const int evalCol = csv.column("evaluation");
  if (userCol < 0 || itemCol < 0 || timeCol < 0)
    throw Error(csvPath + ":1: the header needs user_id,item_id,timestamp[,evaluation]");

  InteractionImportResult result;
  std::vector<Interaction> rows;
  std::unordered_map<std::string, int64_t> idCache;
  CsvRecord rec;
  while (csv.next(rec)) {
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
    auto ts = parseTimestamp(rec.fields[timeCol]);
    if (!ts) {
      result.problems.push_back(where + "cannot read timestamp \"" + rec.fields[timeCol] + "\"");
      continue;
    }
    i.timestamp = *ts;
    if (evalCol >= 0 && !trim(rec.fields[evalCol]).empty()) {
      i.evaluation = parseBool(rec.fields[evalCol]);
      if (!i.evaluation) {
        result.problems.push_back(where + "evaluation must be true/false, got \"" + rec.fields[evalCol] + "\"");
        continue;
      }
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
