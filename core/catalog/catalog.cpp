#include "common/platform.h"
#include "catalog/catalog.h"

#include "common/dates.h"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <regex>

#include "catalog/change_tracker.h"
#include "catalog/schema.h"
#include "catalog/statement.h"

namespace fs = std::filesystem;

namespace vitrine {

namespace {

constexpr int kBusyTimeoutMs = 5000;  // WAL readers and one writer wait instead of failing

sqlite3* openHandle(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    throw CatalogError("cannot open catalog " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db, 1);
  return db;
}

void execSql(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    const int code = sqlite3_extended_errcode(db) & 0xff;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_READONLY)
      throw CatalogError(sqliteFailure(db, sql == "BEGIN IMMEDIATE" ? "starting a write" : sql));
    const char* file = sqlite3_db_filename(db, "main");
    throw CatalogError(msg + (file && *file ? " (catalog " + std::string(file) + ")" : ""));
  }
  detail::announceCommitted(db);  // a COMMIT or a single write outside a transaction
}

int userVersion(sqlite3* db) {
  Statement s(db, "PRAGMA user_version");
  return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

Artwork readArtwork(const Statement& s) {
  Artwork a;
  a.id = s.int64(0);
  a.externalId = s.text(1);
  a.title = s.text(2);
  a.artist = s.text(3);
  a.dateText = s.text(4);
  if (!s.isNull(5)) a.year = static_cast<int>(s.int64(5));
  a.style = s.text(6);
  a.period = s.text(7);
  a.medium = s.text(8);
  a.sourcePath = s.text(9);
  a.extraJson = s.text(10);
  a.width = static_cast<int>(s.int64(11));
  a.height = static_cast<int>(s.int64(12));
  return a;
}

const char* kArtworkColumns =
    "id, external_id, title, artist, date_text, year, style, period, medium, source_path, "
    "extra_json, width, height";

// WHERE/ORDER clause for a query; binds are appended to `texts` in order.
std::string queryClause(const ArtworkQuery& q, std::vector<std::string>& texts, std::vector<int64_t>& ints) {
  std::string where;
  auto add = [&where](const std::string& cond) { where += (where.empty() ? " WHERE " : " AND ") + cond; };
  if (!q.text.empty()) {
    add("(instr(lower(title), lower(?)) > 0 OR instr(lower(artist), lower(?)) > 0)");
    texts.push_back(q.text);
    texts.push_back(q.text);
  }
  if (!q.artist.empty()) {
    add("artist = ?");
    texts.push_back(q.artist);
  }
  if (!q.period.empty()) {
    add("(period = ? OR style = ?)");
    texts.push_back(q.period);
    texts.push_back(q.period);
  }
  if (q.yearFrom) {
    add("year >= " + std::to_string(*q.yearFrom));
  }
  if (q.yearTo) {
    add("year <= " + std::to_string(*q.yearTo));
  }
  std::string order = " ORDER BY id";
  switch (q.sort) {
    case ArtworkQuery::Sort::Id:
      break;
    case ArtworkQuery::Sort::Title:
      order = " ORDER BY title COLLATE NOCASE, id";
      break;
    case ArtworkQuery::Sort::Artist:
      order = " ORDER BY artist COLLATE NOCASE, id";
      break;
    case ArtworkQuery::Sort::Year:
      order = " ORDER BY year IS NULL, year, id";
      break;
  }
  std::string limit;
  if (q.limit >= 0 || q.offset > 0) {
    limit = " LIMIT ? OFFSET ?";
    ints.push_back(q.limit);
    ints.push_back(q.offset);
  }
  return where + order + limit;
}

void bindQuery(Statement& s, const std::vector<std::string>& texts, const std::vector<int64_t>& ints) {
  int i = 1;
  for (const auto& t : texts) s.bind(i++, t);
  for (auto v : ints) s.bind(i++, v);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Catalog::Catalog(sqlite3* db, std::string path)
    : m_db(db), m_path(std::move(path)), m_changes(detail::attachChangeTracker(m_db, m_path)) {}

Catalog::Catalog(Catalog&& o) noexcept
    : m_db(o.m_db),
      m_path(std::move(o.m_path)),
      m_readOnly(o.m_readOnly),
      m_immutable(o.m_immutable),
      m_changes(std::move(o.m_changes)) {
  o.m_db = nullptr;
}

Catalog& Catalog::operator=(Catalog&& o) noexcept {
  if (this != &o) {
    detail::detachChangeTracker(m_db);
    sqlite3_close_v2(m_db);
    m_db = o.m_db;
    m_path = std::move(o.m_path);
    m_readOnly = o.m_readOnly;
    m_immutable = o.m_immutable;
    m_changes = std::move(o.m_changes);
    o.m_db = nullptr;
  }
  return *this;
}

Catalog::~Catalog() {
  detail::detachChangeTracker(m_db);
  sqlite3_close_v2(m_db);
}

CatalogSubscription Catalog::subscribe(CatalogChangeCallback callback) const {
  return subscribeCatalogChanges(m_path, std::move(callback));
}

Catalog Catalog::create(const std::string& path) {
  if (fs::exists(path)) throw CatalogError("cannot create catalog " + path + ": the file exists");
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
  }
  Catalog c(openHandle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), path);
  execSql(c.m_db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
  c.migrate();
  return c;
}

namespace {

// "SQLite format 3\0": the first 16 bytes of every SQLite database file (an empty file is an
// empty database to SQLite).
enum class FileKind { Sqlite, Empty, Other, Unreadable };

FileKind sniff(const std::string& path, std::string& why) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    why = std::strerror(errno);
    return FileKind::Unreadable;
  }
  char head[16] = {};
  const size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  if (n == 0) return FileKind::Empty;
  return n == sizeof head && std::memcmp(head, "SQLite format 3", 16) == 0 ? FileKind::Sqlite : FileKind::Other;
}

// A path as the path part of an SQLite file: URI ('%', '?' and '#' percent-encoded).
std::string uriPath(const std::string& p) {
  std::string out;
  for (char ch : p) {
    if (ch == '%' || ch == '?' || ch == '#') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

bool isLockCode(int rc) { return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; }
bool isReadOnlyCode(int rc) {
  return (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_PERM ||
         rc == SQLITE_IOERR_SHMOPEN || rc == SQLITE_IOERR_SHMSIZE;
}

// The file or its folder cannot be written (read-only media, mount, permissions).
bool cannotWrite(const std::string& path) {
  const fs::path dir = fs::absolute(path).parent_path();
  return !platform::canWrite(path) || !platform::canWrite(dir);
}

// First read of the schema; returns the SQLite result code (SQLITE_OK when readable).
int probe(sqlite3* db, std::string& msg) {
  const int rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) msg = sqlite3_errmsg(db);
  return rc == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode(db);
}

std::string lockedMessage(const std::string& path, const std::string& operation) {
  return "catalog " + path + " is locked by another program (while " + operation + "); waited " +
         std::to_string(kBusyTimeoutMs / 1000) + " s. Close the other program (or its write) and try again";
}

}  // namespace

bool isCatalogLockedError(const std::string& message) {
  return message.find("is locked by another program") != std::string::npos;
}

Catalog Catalog::open(const std::string& path, bool readOnly) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw CatalogError("cannot open catalog " + path + ": no such file");
  if (fs::is_directory(path, ec)) throw CatalogError("cannot open catalog " + path + ": it is a folder");
  std::string why;
  switch (sniff(path, why)) {
    case FileKind::Unreadable:
      throw CatalogError("cannot open catalog " + path + ": " + why);
    case FileKind::Other:
      throw CatalogError("cannot open catalog " + path + ": not a Vitrine catalog (not an SQLite file)");
    case FileKind::Sqlite:
    case FileKind::Empty:
      break;
  }

  if (readOnly) {
    Catalog c(openHandle(path, SQLITE_OPEN_READONLY), path);
    std::string msg;
    int rc = probe(c.m_db, msg);
    if (rc != SQLITE_OK && isReadOnlyCode(rc)) {
      // Read-only folder or media: WAL cannot create its -shm file. An immutable open reads the
      // file as it is, without locks (nothing else can write to it there).
      const std::string uri = "file:" + uriPath(fs::absolute(path).string()) + "?immutable=1";
      c = Catalog(openHandle(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI), path);
      c.m_immutable = true;
      rc = probe(c.m_db, msg);
    }
    if (isLockCode(rc)) throw CatalogError(lockedMessage(path, "opening it to read"));
    if ((rc & 0xff) == SQLITE_NOTADB)
      throw CatalogError("cannot open catalog " + path + ": not a Vitrine catalog (not an SQLite file)");
    if (rc != SQLITE_OK) throw CatalogError("cannot open catalog " + path + ": " + msg);
    c.m_readOnly = true;
    execSql(c.m_db, "PRAGMA foreign_keys=ON;");
    if (userVersion(c.m_db) > latestSchemaVersion())
      throw CatalogError("catalog " + path + " was written by a newer Vitrine (schema " +
                         std::to_string(userVersion(c.m_db)) + ")");
    return c;
  }

  const std::string readOnlyHint =
      "catalog " + path +
      " is read-only (its file or folder cannot be written); it can be opened "
      "read-only (info, recommend, evaluate without --store and exports work) but not changed";
  if (cannotWrite(path)) throw CatalogError(readOnlyHint);
  Catalog c(openHandle(path, SQLITE_OPEN_READWRITE), path);
  std::string msg;
  const int rc = probe(c.m_db, msg);
  if (isLockCode(rc)) throw CatalogError(lockedMessage(path, "opening it"));
  if ((rc & 0xff) == SQLITE_NOTADB)
    throw CatalogError("cannot open catalog " + path + ": not a Vitrine catalog (not an SQLite file)");
  if (rc != SQLITE_OK && isReadOnlyCode(rc)) throw CatalogError(readOnlyHint);
  if (rc != SQLITE_OK) throw CatalogError("cannot open catalog " + path + ": " + msg);
  if (sqlite3_db_readonly(c.m_db, "main") == 1) throw CatalogError(readOnlyHint);
  try {
    execSql(c.m_db, "PRAGMA foreign_keys=ON;");
    execSql(c.m_db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    c.migrate();
  } catch (const CatalogError&) {
    const int code = sqlite3_extended_errcode(c.m_db);
    if (isLockCode(code)) throw CatalogError(lockedMessage(path, "opening it for writing"));
    if (isReadOnlyCode(code)) throw CatalogError(readOnlyHint);
    throw;
  }
  return c;
}

Catalog Catalog::openWritableOrReadOnly(const std::string& path) {
  try {
    return open(path, false);
  } catch (const CatalogError& e) {
    if (std::string(e.what()).find("is read-only") == std::string::npos) throw;
  }
  return open(path, true);
}

bool Catalog::isReadOnly() const { return m_readOnly || sqlite3_db_readonly(m_db, "main") == 1; }

Catalog Catalog::openOrCreate(const std::string& path) { return fs::exists(path) ? open(path) : create(path); }

std::string Catalog::directory() const {
  fs::path p = fs::absolute(m_path).parent_path();
  return p.string();
}

int Catalog::schemaVersion() const { return userVersion(m_db); }

int Catalog::latestSchemaVersion() { return static_cast<int>(catalogMigrations().size()); }

void Catalog::migrate() {
  const int current = userVersion(m_db);
  const int latest = latestSchemaVersion();
  if (current > latest)
    throw CatalogError("catalog " + m_path + " was written by a newer Vitrine (schema " + std::to_string(current) +
                       ", this build knows " + std::to_string(latest) + ")");
  if (current == latest) return;
  // A user table without a version means the file is some other SQLite database.
  if (current == 0) {
    Statement s(m_db, "SELECT count(*) FROM sqlite_master WHERE type='table'");
    if (s.step() && s.int64(0) > 0)
      throw CatalogError("cannot open catalog " + m_path + ": an SQLite file, but not a Vitrine catalog");
  }
  // Each migration and its version bump commit together, so a crash leaves a known version.
  for (int v = current; v < latest; ++v) {
    execSql(m_db, "BEGIN IMMEDIATE");
    try {
      execSql(m_db, catalogMigrations()[v]);
      execSql(m_db, "PRAGMA user_version=" + std::to_string(v + 1));
      execSql(m_db, "COMMIT");
    } catch (...) {
      sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

void Catalog::exec(const std::string& sql) { execSql(m_db, sql); }

// --- transactions ---

Catalog::Transaction::Transaction(Catalog& c) : m_catalog(&c) { execSql(c.m_db, "BEGIN IMMEDIATE"); }

Catalog::Transaction::~Transaction() {
  if (!m_done) sqlite3_exec(m_catalog->m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Catalog::Transaction::commit() {
  execSql(m_catalog->m_db, "COMMIT");
  m_done = true;
}

// --- artworks ---

int64_t Catalog::insertArtwork(const Artwork& a) {
  if (a.externalId.empty()) throw CatalogError("an artwork needs a non-empty id");
  if (artworkIdByExternalId(a.externalId)) throw CatalogError("duplicate artwork id \"" + a.externalId + "\"");
  Statement s(m_db,
              "INSERT INTO artworks(external_id, title, artist, date_text, year, style, period, "
              "medium, source_path, extra_json, width, height) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  std::optional<int> year = a.year ? a.year : parseYear(a.dateText);
  s.bind(1, a.externalId).bind(2, a.title).bind(3, a.artist).bind(4, a.dateText).bind(5, year);
  s.bind(6, a.style).bind(7, a.period).bind(8, a.medium).bind(9, a.sourcePath);
  s.bind(10, a.extraJson.empty() ? std::string("{}") : a.extraJson).bind(11, a.width).bind(12, a.height);
  s.run();
  return sqlite3_last_insert_rowid(m_db);
}

std::optional<Artwork> Catalog::artwork(int64_t id) const {
  Statement s(m_db, std::string("SELECT ") + kArtworkColumns + " FROM artworks WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return readArtwork(s);
}

std::optional<Artwork> Catalog::artworkByExternalId(const std::string& externalId) const {
  Statement s(m_db, std::string("SELECT ") + kArtworkColumns + " FROM artworks WHERE external_id = ?");
  s.bind(1, externalId);
  if (!s.step()) return std::nullopt;
  return readArtwork(s);
}

std::optional<int64_t> Catalog::artworkIdByExternalId(const std::string& externalId) const {
  Statement s(m_db, "SELECT id FROM artworks WHERE external_id = ?");
  s.bind(1, externalId);
  if (!s.step()) return std::nullopt;
  return s.int64(0);
}

std::vector<Artwork> Catalog::artworks(const ArtworkQuery& q) const {
  std::vector<std::string> texts;
  std::vector<int64_t> ints;
  const std::string clause = queryClause(q, texts, ints);
  Statement s(m_db, std::string("SELECT ") + kArtworkColumns + " FROM artworks" + clause);
  bindQuery(s, texts, ints);
  std::vector<Artwork> out;
  while (s.step()) out.push_back(readArtwork(s));
  return out;
}

std::vector<int64_t> Catalog::artworkIds(const ArtworkQuery& q) const {
  std::vector<std::string> texts;
  std::vector<int64_t> ints;
  const std::string clause = queryClause(q, texts, ints);
  Statement s(m_db, "SELECT id FROM artworks" + clause);
  bindQuery(s, texts, ints);
  std::vector<int64_t> out;
  while (s.step()) out.push_back(s.int64(0));
  return out;
}

int64_t Catalog::artworkCount() const {
  Statement s(m_db, "SELECT count(*) FROM artworks");
  return s.step() ? s.int64(0) : 0;
}

namespace {
std::vector<std::string> distinctColumn(sqlite3* db, const char* column) {
  Statement s(db, std::string("SELECT DISTINCT ") + column + " FROM artworks WHERE " + column + " <> '' ORDER BY " +
                      column + " COLLATE NOCASE");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}
}  // namespace

std::vector<std::string> Catalog::distinctArtists() const { return distinctColumn(m_db, "artist"); }
std::vector<std::string> Catalog::distinctPeriods() const { return distinctColumn(m_db, "period"); }

// --- thumbnails ---

void Catalog::putThumbnail(int64_t artworkId, const Thumbnail& t) {
  Statement s(m_db,
              "INSERT OR REPLACE INTO thumbnails(artwork_id, format, width, height, data) "
              "VALUES(?,?,?,?,?)");
  s.bind(1, artworkId).bind(2, t.format).bind(3, t.width).bind(4, t.height);
  s.bindBlob(5, t.bytes.data(), t.bytes.size());
  s.run();
}

std::optional<Thumbnail> Catalog::thumbnail(int64_t artworkId) const {
  Statement s(m_db, "SELECT format, width, height, data FROM thumbnails WHERE artwork_id = ?");
  s.bind(1, artworkId);
  if (!s.step()) return std::nullopt;
  Thumbnail t;
  t.format = s.text(0);
  t.width = static_cast<int>(s.int64(1));
  t.height = static_cast<int>(s.int64(2));
  t.bytes = s.blob(3);
  return t;
}

// --- embeddings ---

void Catalog::registerExtractor(const std::string& name, int dimension, const std::string& version,
                                const std::string& configJson) {
  if (name.empty()) throw CatalogError("an embedding needs a name");
  if (dimension <= 0) throw CatalogError("embedding " + name + ": dimension must be positive");
  Statement q(m_db, "SELECT dimension, version FROM extractors WHERE name = ?");
  q.bind(1, name);
  if (q.step()) {
    const int oldDim = static_cast<int>(q.int64(0));
    const std::string oldVersion = q.text(1);
    if (oldDim == dimension && oldVersion == version) return;
    // A new recipe invalidates every stored vector of that name.
    Statement del(m_db, "DELETE FROM embeddings WHERE extractor = ?");
    del.bind(1, name).run();
    Statement up(m_db, "UPDATE extractors SET dimension = ?, version = ?, config_json = ? WHERE name = ?");
    up.bind(1, dimension).bind(2, version).bind(3, configJson).bind(4, name).run();
    return;
  }
  Statement s(m_db, "INSERT INTO extractors(name, dimension, version, config_json) VALUES(?,?,?,?)");
  s.bind(1, name).bind(2, dimension).bind(3, version).bind(4, configJson).run();
}

std::vector<int64_t> Catalog::artworkIdsWithEmbedding(const std::string& name) const {
  Statement s(m_db, "SELECT artwork_id FROM embeddings WHERE extractor = ? ORDER BY artwork_id");
  s.bind(1, name);
  std::vector<int64_t> out;
  while (s.step()) out.push_back(s.int64(0));
  return out;
}

void Catalog::putEmbedding(int64_t artworkId, const std::string& name, const std::vector<float>& v) {
  putEmbedding(artworkId, name, v.data(), static_cast<int>(v.size()));
}

void Catalog::putEmbedding(int64_t artworkId, const std::string& name, const float* v, int dimension) {
  Statement q(m_db, "SELECT dimension, version FROM extractors WHERE name = ?");
  q.bind(1, name);
  if (!q.step()) throw CatalogError("unknown embedding \"" + name + "\" (register the extractor first)");
  if (q.int64(0) != dimension)
    throw CatalogError("embedding " + name + " has dimension " + std::to_string(q.int64(0)) + ", got a vector of " +
                       std::to_string(dimension) + " for artwork " + std::to_string(artworkId));
  const std::string version = q.text(1);
  Statement s(m_db,
              "INSERT OR REPLACE INTO embeddings(artwork_id, extractor, dimension, version, vector) "
              "VALUES(?,?,?,?,?)");
  s.bind(1, artworkId).bind(2, name).bind(3, dimension).bind(4, version);
  s.bindBlob(5, v, sizeof(float) * static_cast<size_t>(dimension));
  s.run();
}

std::optional<std::vector<float>> Catalog::embedding(int64_t artworkId, const std::string& name) const {
  Statement s(m_db, "SELECT vector, dimension FROM embeddings WHERE artwork_id = ? AND extractor = ?");
  s.bind(1, artworkId).bind(2, name);
  if (!s.step()) return std::nullopt;
  std::vector<float> v(static_cast<size_t>(s.int64(1)));
  std::memcpy(v.data(), s.blobData(0), std::min<size_t>(v.size() * sizeof(float), s.blobBytes(0)));
  return v;
}

std::pair<int64_t, int64_t> Catalog::changeStamp() const {
  Statement s(m_db, "PRAGMA data_version");
  const int64_t others = s.step() ? s.int64(0) : 0;
  return {others, static_cast<int64_t>(sqlite3_total_changes(m_db))};
}

std::vector<EmbeddingInfo> Catalog::embeddings() const {
  Statement s(m_db,
              "SELECT x.name, x.dimension, x.version, "
              "(SELECT count(*) FROM embeddings e WHERE e.extractor = x.name) "
              "FROM extractors x ORDER BY x.name");
  std::vector<EmbeddingInfo> out;
  while (s.step()) out.push_back({s.text(0), static_cast<int>(s.int64(1)), s.text(2), s.int64(3)});
  return out;
}

std::optional<EmbeddingInfo> Catalog::embeddingInfo(const std::string& name) const {
  for (auto& e : embeddings())
    if (e.name == name) return e;
  return std::nullopt;
}

EmbeddingMatrix Catalog::loadEmbeddingMatrix(const std::string& name) const {
  auto info = embeddingInfo(name);
  if (!info) {
    std::string known;
    for (auto& e : embeddings()) known += (known.empty() ? "" : ", ") + e.name;
    throw CatalogError(
        "catalog " + m_path + " has no embedding \"" + name + "\"" +
        (known.empty() ? " (it has none; run `vitrine-cli embed` or import-embeddings)" : " (it has: " + known + ")"));
  }
  EmbeddingMatrix m;
  m.name = name;
  m.dimension = info->dimension;
  m.artworkIds.reserve(info->count);
  m.externalIds.reserve(info->count);
  m.values.reserve(static_cast<size_t>(info->count) * info->dimension);
  Statement s(m_db,
              "SELECT e.artwork_id, a.external_id, e.vector FROM embeddings e "
              "JOIN artworks a ON a.id = e.artwork_id WHERE e.extractor = ? ORDER BY e.artwork_id");
  s.bind(1, name);
  const size_t bytes = sizeof(float) * static_cast<size_t>(info->dimension);
  while (s.step()) {
    if (static_cast<size_t>(s.blobBytes(2)) != bytes)
      throw CatalogError("embedding " + name + " of artwork " + s.text(1) + " has " + std::to_string(s.blobBytes(2)) +
                         " bytes, expected " + std::to_string(bytes));
    m.artworkIds.push_back(s.int64(0));
    m.externalIds.push_back(s.text(1));
    const auto* p = static_cast<const float*>(s.blobData(2));
    m.values.insert(m.values.end(), p, p + info->dimension);
  }
  return m;
}

void Catalog::deleteEmbedding(const std::string& name) {
  Statement s(m_db, "DELETE FROM extractors WHERE name = ?");
  s.bind(1, name).run();
}

// --- interactions ---

int64_t Catalog::addInteraction(const Interaction& i) {
  Statement s(m_db,
              "INSERT INTO interactions(user_id, artwork_id, timestamp, evaluation, source) "
              "VALUES(?,?,?,?,?)");
  s.bind(1, i.userId).bind(2, i.artworkId).bind(3, i.timestamp);
  if (i.evaluation)
    s.bind(4, static_cast<int64_t>(*i.evaluation ? 1 : 0));
  else
    s.bindNull(4);
  s.bind(5, i.source).run();
  return sqlite3_last_insert_rowid(m_db);
}

std::vector<Interaction> Catalog::interactions() const {
  Statement s(m_db, "SELECT id, user_id, artwork_id, timestamp, evaluation, source FROM interactions ORDER BY id");
  std::vector<Interaction> out;
  while (s.step()) {
    Interaction i;
    i.id = s.int64(0);
    i.userId = s.text(1);
    i.artworkId = s.int64(2);
    i.timestamp = s.real(3);
    if (!s.isNull(4)) i.evaluation = s.int64(4) != 0;
    i.source = s.text(5);
    out.push_back(std::move(i));
  }
  return out;
}

int64_t Catalog::interactionCount() const {
  Statement s(m_db, "SELECT count(*) FROM interactions");
  return s.step() ? s.int64(0) : 0;
}

int64_t Catalog::interactionCount(const std::string& userId, const std::string& source) const {
  Statement s(m_db, "SELECT COUNT(*) FROM interactions WHERE user_id = ? AND source = ?");
  s.bind(1, userId).bind(2, source);
  s.step();
  return s.int64(0);
}

// --- saved profiles ---

int64_t Catalog::saveProfile(const std::string& name, const std::vector<int64_t>& artworkIds) {
  if (name.empty()) throw CatalogError("a profile needs a name");
  Transaction t(*this);
  int64_t id = 0;
  {
    Statement q(m_db, "SELECT id FROM profiles WHERE name = ?");
    q.bind(1, name);
    if (q.step()) {
      id = q.int64(0);
      Statement up(m_db, "UPDATE profiles SET updated_at = strftime('%s','now') WHERE id = ?");
      up.bind(1, id).run();
      Statement del(m_db, "DELETE FROM profile_items WHERE profile_id = ?");
      del.bind(1, id).run();
    } else {
      Statement ins(m_db, "INSERT INTO profiles(name) VALUES(?)");
      ins.bind(1, name).run();
      id = sqlite3_last_insert_rowid(m_db);
    }
  }
  Statement item(m_db, "INSERT INTO profile_items(profile_id, position, artwork_id) VALUES(?,?,?)");
  for (size_t pos = 0; pos < artworkIds.size(); ++pos) {
    item.bind(1, id).bind(2, static_cast<int64_t>(pos)).bind(3, artworkIds[pos]).run();
    item.reset();
  }
  t.commit();
  return id;
}

std::vector<SavedProfile> Catalog::profiles() const {
  std::vector<SavedProfile> out;
  {
    Statement s(m_db, "SELECT id, name FROM profiles ORDER BY name COLLATE NOCASE");
    while (s.step()) out.push_back({s.int64(0), s.text(1), {}});
  }
  Statement items(m_db, "SELECT artwork_id FROM profile_items WHERE profile_id = ? ORDER BY position");
  for (auto& p : out) {
    items.bind(1, p.id);
    while (items.step()) p.artworkIds.push_back(items.int64(0));
    items.reset();
  }
  return out;
}

std::optional<SavedProfile> Catalog::profile(const std::string& name) const {
  for (auto& p : profiles())
    if (p.name == name) return p;
  return std::nullopt;
}

void Catalog::renameProfile(int64_t id, const std::string& newName) {
  if (newName.empty()) throw CatalogError("a profile needs a name");
  Statement s(m_db, "UPDATE profiles SET name = ?, updated_at = strftime('%s','now') WHERE id = ?");
  s.bind(1, newName).bind(2, id).run();
}

void Catalog::deleteProfile(int64_t id) {
  Statement s(m_db, "DELETE FROM profiles WHERE id = ?");
  s.bind(1, id).run();
}

// --- settings ---

void Catalog::setSetting(const std::string& key, const std::string& value) {
  Statement s(m_db, "INSERT OR REPLACE INTO settings(key, value) VALUES(?,?)");
  s.bind(1, key).bind(2, value).run();
}

std::optional<std::string> Catalog::setting(const std::string& key) const {
  Statement s(m_db, "SELECT value FROM settings WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

// --- dates ---

std::optional<int> parseYear(const std::string& dateText) { return readDate(dateText).year; }

}  // namespace vitrine
