#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace vitrine {

// The message for a failed SQLite call on `db`: a lock held by another program or a read-only
// catalog in plain words (naming the catalog and what was being done), else SQLite's own text.
std::string sqliteFailure(sqlite3* db, const std::string& doing);

// A prepared SQLite statement with 1-based binds and 0-based column reads. Internal to core.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int i, int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, const std::string& v);
  Statement& bind(int i, const char* v) { return bind(i, std::string(v)); }
  Statement& bindBlob(int i, const void* data, size_t bytes);
  Statement& bindNull(int i);
  template <typename T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bindNull(i);
  }

  bool step();  // true while a row is available
  void run();   // step to completion (for writes)
  void reset();

  bool isNull(int col) const;
  int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::vector<unsigned char> blob(int col) const;
  const void* blobData(int col) const;
  int blobBytes(int col) const;

 private:
  sqlite3* m_db;
  sqlite3_stmt* m_stmt = nullptr;
  std::string m_sql;
};

[[noreturn]] void throwSqlite(sqlite3* db, const std::string& what);

}  // namespace vitrine
