#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "catalog/catalog.h"
#include "common/unicode.h"
#include "catalog/internal.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::TempDir;

namespace {

Artwork sample(const std::string& id, const std::string& title = "Untitled") {
  Artwork a;
  a.externalId = id;
  a.title = title;
  a.artist = u8"Claude Monet (French, 1840\u20131926)";
  a.dateText = "c. 1890";
  a.period = "Impressionism";
  a.medium = "Oil on canvas";
  a.sourcePath = "images/" + id + ".jpg";
  a.extraJson = R"({"source_url":"https://example.org/)" + id + R"("})";
  return a;
}

int pragmaInt(const std::string& path, const std::string& pragma) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, ("PRAGMA " + pragma).c_str(), -1, &s, nullptr);
  int v = -1;
  if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

}  // namespace

TEST(Catalog, CreateOpenRoundTrip) {
  TempDir dir;
  const std::string path = dir.file("c.vitrine");
  int64_t id = 0;
  {
    Catalog c = Catalog::create(path);
    EXPECT_EQ(c.schemaVersion(), Catalog::latestSchemaVersion());
    id = c.insertArtwork(sample("866", "Helena"));
    Thumbnail t;
    t.width = 2;
    t.height = 1;
    t.bytes = {1, 2, 3};
    c.putThumbnail(id, t);
    c.setSetting("credit", "Images: CC0");
  }
  Catalog c = Catalog::open(path);
  auto a = c.artwork(id);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->externalId, "866");
  EXPECT_EQ(a->title, "Helena");
  EXPECT_EQ(a->artist, u8"Claude Monet (French, 1840\u20131926)");
  ASSERT_TRUE(a->year);
  EXPECT_EQ(*a->year, 1890);
  EXPECT_EQ(a->sourcePath, "images/866.jpg");
  EXPECT_NE(a->extraJson.find("source_url"), std::string::npos);
  auto t = c.thumbnail(id);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->bytes, (std::vector<unsigned char>{1, 2, 3}));
  EXPECT_EQ(c.setting("credit").value_or(""), "Images: CC0");
  EXPECT_FALSE(c.setting("nope"));
  EXPECT_EQ(pragmaInt(path, "user_version"), Catalog::latestSchemaVersion());
}

TEST(Catalog, UsesWalAndForeignKeys) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(catalogDb(c), "PRAGMA journal_mode", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))), "wal");
  sqlite3_finalize(s);
  // A thumbnail for an artwork that does not exist violates the foreign key.
  Thumbnail t;
  t.bytes = {1};
  EXPECT_THROW(c.putThumbnail(12345, t), CatalogError);
}

TEST(Catalog, CreateRefusesExistingFileAndOpenRefusesMissing) {
  TempDir dir;
  const std::string path = dir.file("c.vitrine");
  Catalog::create(path);
  EXPECT_THROW(Catalog::create(path), CatalogError);
  EXPECT_THROW(Catalog::open(dir.file("missing.vitrine")), CatalogError);
}

TEST(Catalog, OpenRejectsForeignFiles) {
  TempDir dir;
  vitrine::test::writeText(dir.file("text.vitrine"), "this is not a database at all, just text\n");
  try {
    Catalog::open(dir.file("text.vitrine"));
    FAIL() << "opened a text file";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("text.vitrine"), std::string::npos) << e.what();
  }
  // Another application's SQLite database is not silently turned into a catalog.
  sqlite3* db = nullptr;
  sqlite3_open(dir.file("other.db").c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE foo(x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_THROW(Catalog::open(dir.file("other.db")), CatalogError);
}

TEST(Catalog, MigratesOlderFileAndRefusesNewer) {
  TempDir dir;
  const std::string path = dir.file("c.vitrine");
  // An empty SQLite file (version 0) is migrated to the latest schema on open.
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version=0", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  {
    Catalog c = Catalog::open(path);
    EXPECT_EQ(c.schemaVersion(), Catalog::latestSchemaVersion());
    c.insertArtwork(sample("1"));
  }
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, ("PRAGMA user_version=" + std::to_string(Catalog::latestSchemaVersion() + 1)).c_str(), nullptr,
               nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_THROW(Catalog::open(path), CatalogError);
  EXPECT_THROW(Catalog::open(path, true), CatalogError);
}

TEST(Catalog, DuplicateExternalIdIsAnError) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  c.insertArtwork(sample("a"));
  EXPECT_THROW(c.insertArtwork(sample("a")), CatalogError);
  EXPECT_THROW(c.insertArtwork(sample("")), CatalogError);
  EXPECT_EQ(c.artworkCount(), 1);
}

TEST(Catalog, TransactionRollsBackUnlessCommitted) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  {
    Catalog::Transaction t(c);
    c.insertArtwork(sample("a"));
  }
  EXPECT_EQ(c.artworkCount(), 0);
  {
    Catalog::Transaction t(c);
    c.insertArtwork(sample("b"));
    t.commit();
  }
  EXPECT_EQ(c.artworkCount(), 1);
}

TEST(Catalog, QueriesSearchFilterAndSort) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  Artwork a = sample("1", "Water Lilies");
  Artwork b = sample("2", "Haystacks");
  b.artist = "Paul Cezanne";
  b.dateText = "1870";
  b.period = "Post-Impressionism";
  Artwork d = sample("3", "Arrival of the Normandy Train");
  d.dateText = "1877";
  c.insertArtwork(a);
  c.insertArtwork(b);
  c.insertArtwork(d);
  ArtworkQuery q;
  q.text = "water";
  EXPECT_EQ(c.artworks(q).size(), 1u);
  q.text = "MONET";  // artist, case-insensitive
  EXPECT_EQ(c.artworks(q).size(), 2u);
  q.text = u8"C\u00e9zanne";  // accents ignored both ways
  EXPECT_EQ(c.artworks(q).size(), 1u);
  ArtworkQuery byPeriod;
  byPeriod.period = "Post-Impressionism";
  ASSERT_EQ(c.artworks(byPeriod).size(), 1u);
  EXPECT_EQ(c.artworks(byPeriod)[0].externalId, "2");
  ArtworkQuery byYear;
  byYear.yearFrom = 1871;
  byYear.yearTo = 1880;
  ASSERT_EQ(c.artworks(byYear).size(), 1u);
  EXPECT_EQ(c.artworks(byYear)[0].externalId, "3");
  ArtworkQuery sorted;
  sorted.sort = ArtworkQuery::Sort::Title;
  auto all = c.artworks(sorted);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].title, "Arrival of the Normandy Train");
  EXPECT_EQ(all[2].title, "Water Lilies");
  ArtworkQuery page;
  page.limit = 1;
  page.offset = 1;
  EXPECT_EQ(c.artworkIds(page).size(), 1u);
  EXPECT_EQ(c.distinctArtists().size(), 2u);
  EXPECT_EQ(c.distinctPeriods().size(), 2u);
}

// SQLite's lower() folds ASCII only: a lower-case accented "edouard" did not find Edouard Manet
// stored with an accented capital E. The search now folds case and accents (searchKey) on both
// sides, whichever way the text was typed or stored.
TEST(Catalog, SearchIgnoresAccentsAndCaseInEveryScript) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  Artwork manet = sample("1", u8"Le D\u00e9jeuner sur l\u2019herbe");
  manet.artist = u8"\u00c9douard Manet";  // composed É
  Artwork durer = sample("2", "Selbstbildnis im Pelzrock");
  durer.artist = u8"Albrecht Du\u0308rer";  // decomposed: u + combining diaeresis
  Artwork strasse = sample("3", u8"Stra\u00dfe in Moskau");
  strasse.artist =
      u8"\u0412\u0430\u0441\u0438\u043b\u0438\u0439 \u041a\u0430\u043d\u0434\u0438\u043d\u0441\u043a\u0438\u0439";  // Василий Кандинский
  c.insertArtwork(manet);
  c.insertArtwork(durer);
  c.insertArtwork(strasse);
  const auto found = [&](const std::string& text) {
    ArtworkQuery q;
    q.text = text;
    std::string ids;
    for (const auto& a : c.artworks(q)) ids += a.externalId;
    return ids;
  };
  EXPECT_EQ(found("edouard"), "1");
  EXPECT_EQ(found(u8"\u00c9DOUARD"), "1");
  EXPECT_EQ(found(u8"d\u00e9jeuner"), "1");
  EXPECT_EQ(found("DEJEUNER"), "1");
  EXPECT_EQ(found(u8"d\u00fcrer"), "2");  // composed ü finds the decomposed one
  EXPECT_EQ(found("durer"), "2");
  EXPECT_EQ(found("strasse"), "3");                                                         // ß folds to ss
  EXPECT_EQ(found(u8"\u043a\u0430\u043d\u0434\u0438\u043d\u0441\u043a\u0438\u0439"), "3");  // кандинский
  EXPECT_EQ(found("manet dejeuner"), "");                                                   // one field at a time
  EXPECT_EQ(found("e"), "123");
  EXPECT_EQ(searchKey(u8"\u00c9douard"), "edouard");
  EXPECT_EQ(searchKey("Plain ASCII"), "plain ascii");
  EXPECT_EQ(searchKey("bad \xff byte"), "bad \xff byte");
}

TEST(Catalog, EmbeddingsStoreFloat32AndCheckDimension) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  const int64_t a = c.insertArtwork(sample("a"));
  const int64_t b = c.insertArtwork(sample("b"));
  EXPECT_THROW(c.putEmbedding(a, "x", std::vector<float>{1, 2, 3}), CatalogError);  // not registered
  c.registerExtractor("x", 3, "1");
  c.putEmbedding(b, "x", std::vector<float>{4, 5, 6});
  c.putEmbedding(a, "x", std::vector<float>{1, 2, 3});
  EXPECT_THROW(c.putEmbedding(a, "x", std::vector<float>{1, 2}), CatalogError);
  auto m = c.loadEmbeddingMatrix("x");
  ASSERT_EQ(m.rows(), 2);
  EXPECT_EQ(m.externalIds[0], "a");  // artwork-id order, not insertion order of vectors
  EXPECT_FLOAT_EQ(m.row(1)[2], 6.f);
  EXPECT_EQ(c.embeddingInfo("x")->count, 2);
  EXPECT_THROW(c.loadEmbeddingMatrix("nope"), CatalogError);
  // A new version of the recipe drops the stale vectors.
  c.registerExtractor("x", 3, "2");
  EXPECT_EQ(c.embeddingInfo("x")->count, 0);
  c.deleteEmbedding("x");
  EXPECT_TRUE(c.embeddings().empty());
}

TEST(Catalog, InteractionsKeepFileOrder) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  const int64_t a = c.insertArtwork(sample("a"));
  const int64_t b = c.insertArtwork(sample("b"));
  c.addInteraction({0, "u2", b, 20, std::nullopt, "csv"});
  c.addInteraction({0, "u1", a, 10, true, "csv"});
  auto all = c.interactions();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].userId, "u2");
  EXPECT_FALSE(all[0].evaluation.has_value());
  EXPECT_TRUE(all[1].evaluation.value());
  EXPECT_EQ(c.interactionCount(), 2);
}

TEST(Catalog, ProfilesSaveRenameDelete) {
  TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  const int64_t a = c.insertArtwork(sample("a"));
  const int64_t b = c.insertArtwork(sample("b"));
  const int64_t id = c.saveProfile("mine", {b, a});
  auto p = c.profile("mine");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->artworkIds, (std::vector<int64_t>{b, a}));
  EXPECT_EQ(c.saveProfile("mine", {a}), id);  // saving again replaces the items
  EXPECT_EQ(c.profile("mine")->artworkIds, (std::vector<int64_t>{a}));
  c.renameProfile(id, "theirs");
  EXPECT_FALSE(c.profile("mine"));
  EXPECT_TRUE(c.profile("theirs"));
  c.deleteProfile(id);
  EXPECT_TRUE(c.profiles().empty());
}

TEST(Catalog, ReadOnlyConnectionSeesCommittedRows) {
  TempDir dir;
  const std::string path = dir.file("c.vitrine");
  Catalog writer = Catalog::create(path);
  writer.insertArtwork(sample("a"));
  Catalog reader = Catalog::open(path, true);
  EXPECT_EQ(reader.artworkCount(), 1);
  EXPECT_THROW(reader.insertArtwork(sample("b")), CatalogError);
}

TEST(ParseYear, CommonMuseumDates) {
  EXPECT_EQ(parseYear("c. 1631").value_or(0), 1631);
  EXPECT_EQ(parseYear(u8"1868\u201370").value_or(0), 1868);
  EXPECT_EQ(parseYear("1890s").value_or(0), 1890);
  EXPECT_EQ(parseYear(u8"c. 1470/75\u2013by 1533").value_or(0), 1470);
  EXPECT_EQ(parseYear("500 BCE").value_or(0), -500);
  EXPECT_FALSE(parseYear("19th century"));
  EXPECT_FALSE(parseYear(""));
  EXPECT_FALSE(parseYear("12345"));
}
