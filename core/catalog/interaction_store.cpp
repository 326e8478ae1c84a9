// Storage of the interactions family (table interactions): the Catalog members that record and
// list user-artwork interactions (catalog/catalog.h documents each; ingest/interactions.h reads
// them from files).
#include <sqlite3.h>

#include <vector>

#include "catalog/catalog.h"
#include "catalog/statement.h"

namespace vitrine {

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

}  // namespace vitrine
