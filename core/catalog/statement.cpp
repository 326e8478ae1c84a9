#include "catalog/statement.h"

#include "catalog/change_tracker.h"

namespace vitrine {

std::string sqliteFailure(sqlite3* db, const std::string& doing) {
  const int code = sqlite3_extended_errcode(db);
  const char* f = sqlite3_db_filename(db, "main");
  const std::string file = f && *f ? std::string(f) : std::string("(in memory)");
  std::string what = doing;
  if (what.size() > 80) what = what.substr(0, 77) + "...";
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    return "catalog " + file + " is locked by another program (while " + what +
           "); waited 5 s. Close the other program (or its write) and try again";
  if ((code & 0xff) == SQLITE_READONLY)
    return "catalog " + file + " is read-only (opened read-only, or its file or folder cannot be written): cannot " +
           "change it (while " + what + ")";
  return std::string(sqlite3_errmsg(db)) + " (in \"" + doing + "\")";
}

void throwSqlite(sqlite3* db, const std::string& what) {
  if (db) {
    const int code = sqlite3_extended_errcode(db) & 0xff;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) throw CatalogError(sqliteFailure(db, what));
  }
  std::string msg = what + ": " + (db ? sqlite3_errmsg(db) : "no database");
  const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
  if (file && *file) msg += " (catalog " + std::string(file) + ")";
  throw CatalogError(msg);
}

Statement::Statement(sqlite3* db, const std::string& sql) : m_db(db), m_sql(sql) {
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
    throwSqlite(db, "cannot prepare \"" + sql + "\"");
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int i, int64_t v) {
  sqlite3_bind_int64(m_stmt, i, v);
  return *this;
}
Statement& Statement::bind(int i, double v) {
  sqlite3_bind_double(m_stmt, i, v);
  return *this;
}
Statement& Statement::bind(int i, const std::string& v) {
  sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bindBlob(int i, const void* data, size_t bytes) {
  sqlite3_bind_blob64(m_stmt, i, data, bytes, SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bindNull(int i) {
  sqlite3_bind_null(m_stmt, i);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    detail::announceCommitted(m_db);  // a single write outside a transaction just committed
    return false;
  }
  // Keep the message before reset clears it.
  std::string msg = sqliteFailure(m_db, m_sql);
  sqlite3_reset(m_stmt);
  throw CatalogError(msg);
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
int64_t Statement::int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
double Statement::real(int col) const { return sqlite3_column_double(m_stmt, col); }
std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
}
std::vector<unsigned char> Statement::blob(int col) const {
  const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(m_stmt, col));
  return p ? std::vector<unsigned char>(p, p + sqlite3_column_bytes(m_stmt, col)) : std::vector<unsigned char>();
}
const void* Statement::blobData(int col) const { return sqlite3_column_blob(m_stmt, col); }
int Statement::blobBytes(int col) const { return sqlite3_column_bytes(m_stmt, col); }

}  // namespace vitrine
