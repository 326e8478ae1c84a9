// Storage of the saved-profiles family (tables profiles and profile_items): the Catalog members
// that save, list, rename and delete named profiles (catalog/catalog.h documents each).
#include <sqlite3.h>

#include <optional>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/statement.h"

namespace vitrine {

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

}  // namespace vitrine
