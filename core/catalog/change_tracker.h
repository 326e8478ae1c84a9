#pragma once
// Internal to core/catalog: how a connection's commits reach the notifier of catalog/changes.h.
//
// SQLite hooks on each connection collect what changed: the update hook names each table a write
// touches (-> its CatalogFamily and, for main tables, the row id), the commit hook moves that into
// "committed", the rollback hook drops it. The collected change is announced at the next point
// where the connection is outside a transaction and no hook is running: when a Statement steps or
// is destroyed, and around every execSql (catalog.cpp), so a Transaction::commit() or a single
// write is told right after its commit, on the committing thread.
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>

#include "catalog/changes.h"

namespace vitrine::detail {

struct ChangeTracker;

// Installs the hooks on `db` (a connection to the catalog file at `path`); the tracker lives as
// long as the returned pointer. Call detachChangeTracker before closing `db`.
std::shared_ptr<ChangeTracker> attachChangeTracker(sqlite3* db, const std::string& path);
void detachChangeTracker(sqlite3* db);

// Announces what `db` has committed and not yet told, when `db` is outside a transaction.
void announceCommitted(sqlite3* db);

// The notifier of the catalog file at `path` (shared by every connection to it in this process).
std::shared_ptr<ChangeHub> changeHubFor(const std::string& path);

// The family a catalog table belongs to (nullopt for a table no family owns: a schema change
// then fails test_catalog_changes until the table is given one).
std::optional<CatalogFamily> familyOfTable(const std::string& table);

}  // namespace vitrine::detail
