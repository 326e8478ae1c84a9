#include "common/platform.h"
#include "catalog/catalog.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "catalog/change_tracker.h"
#include "catalog/schema.h"
#include "catalog/statement.h"
#include "common/unicode.h"

namespace fs = std::filesystem;

namespace vitrine {

namespace {

constexpr int kBusyTimeoutMs = 5000;  // WAL readers and one writer wait instead of failing

// SQL vitrine_search(key, title, artist): 1 when `key` (already a searchKey) is a substring of
// searchKey(title) or searchKey(artist). SQLite's lower() folds ASCII only, so "edouard" did not
// find "Édouard Manet"; this folds case and accents in every script ICU knows.
void searchFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  const auto text = [&](int i) {
    const unsigned char* t = sqlite3_value_text(argv[i]);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_value_bytes(argv[i])))
             : std::string();
  };
  const std::string key = text(0);
  bool found = key.empty();
  for (int i = 1; i < argc && !found; ++i) found = searchKey(text(i)).find(key) != std::string::npos;
  sqlite3_result_int(ctx, found ? 1 : 0);
}

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
  sqlite3_create_function_v2(db, "vitrine_search", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                             searchFunction, nullptr, nullptr, nullptr);
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

// --- change stamp and settings ---

std::pair<int64_t, int64_t> Catalog::changeStamp() const {
  Statement s(m_db, "PRAGMA data_version");
  const int64_t others = s.step() ? s.int64(0) : 0;
  return {others, static_cast<int64_t>(sqlite3_total_changes(m_db))};
}

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

}  // namespace vitrine
