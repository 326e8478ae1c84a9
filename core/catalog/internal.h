#pragma once
// Internal to core/catalog (not for ui, app or other core folders): the SQLite connection of a
// Catalog, for the storage files of each table family (catalog/*_store.cpp) and core's tests.
#include <sqlite3.h>

#include "catalog/catalog.h"

namespace vitrine {

struct CatalogAccess {
  static sqlite3* db(const Catalog& c) { return c.m_db; }
};

// The connection of `c` (valid while `c` lives).
inline sqlite3* catalogDb(const Catalog& c) { return CatalogAccess::db(c); }

}  // namespace vitrine
