// Storage of the artworks family (tables artworks and thumbnails): the Catalog members that add,
// find and list artworks, and their stored thumbnails (catalog/catalog.h documents each).
#include <sqlite3.h>

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/statement.h"
#include "common/dates.h"
#include "common/unicode.h"

namespace vitrine {

namespace {

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
    add("vitrine_search(?, title, artist)");  // accent- and case-insensitive (catalog.cpp)
    texts.push_back(searchKey(q.text));
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

// --- dates ---

std::optional<int> parseYear(const std::string& dateText) { return readDate(dateText).year; }

}  // namespace vitrine
