#pragma once
#include <vector>

namespace vitrine {

// Every schema change of the catalog file, in order: migration i (1-based) brings
// PRAGMA user_version from i-1 to i. Append only; never edit a released migration.
const std::vector<const char*>& catalogMigrations();

}  // namespace vitrine
