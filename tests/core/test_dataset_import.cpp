// import-embeddings / import-interactions: all-or-nothing with clear errors.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "catalog/catalog.h"
#include "ingest/dataset_import.h"
#include "ingest/npy.h"
#include "testutil.h"

using namespace vitrine;
using vitrine::test::TempDir;
using vitrine::test::writeText;

namespace {

void writeMatrix(const std::string& path, int64_t rows, int64_t cols) {
  NpyMatrix m;
  m.rows = rows;
  m.cols = cols;
  for (int64_t i = 0; i < rows * cols; ++i) m.values.push_back(static_cast<float>(i) * 0.5f);
  writeNpy(path, m);
}

std::string errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ImportEmbeddings, CreatesEmbeddingOnlyCatalog) {
  TempDir d;
  writeMatrix(d.file("f.npy"), 3, 4);
  writeText(d.file("ids.txt"), "a\nb\r\nc\n\n");
  Catalog c = Catalog::create(d.file("c.vitrine"));
  auto r = importEmbeddings(c, "resnet50", d.file("f.npy"), d.file("ids.txt"), true);
  EXPECT_EQ(r.stored, 3);
  EXPECT_EQ(r.createdArtworks, 3);
  EXPECT_EQ(r.dimension, 4);
  auto m = c.loadEmbeddingMatrix("resnet50");
  ASSERT_EQ(m.rows(), 3);
  EXPECT_EQ(m.externalIds, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_FLOAT_EQ(m.row(2)[3], 11 * 0.5f);
  EXPECT_TRUE(c.artworkByExternalId("b")->sourcePath.empty());  // no image
}

TEST(ImportEmbeddings, ErrorsLeaveCatalogUnchanged) {
  TempDir d;
  writeMatrix(d.file("f.npy"), 3, 4);
  Catalog c = Catalog::create(d.file("c.vitrine"));
  Artwork a;
  a.externalId = "a";
  c.insertArtwork(a);

  writeText(d.file("two.txt"), "a\nb\n");
  std::string e = errorOf([&] { importEmbeddings(c, "x", d.file("f.npy"), d.file("two.txt"), true); });
  EXPECT_NE(e.find("3 rows"), std::string::npos) << e;
  EXPECT_NE(e.find("2 ids"), std::string::npos) << e;

  writeText(d.file("dup.txt"), "a\nb\na\n");
  e = errorOf([&] { importEmbeddings(c, "x", d.file("f.npy"), d.file("dup.txt"), true); });
  EXPECT_NE(e.find("dup.txt:3"), std::string::npos) << e;

  writeText(d.file("unknown.txt"), "a\nzz\nyy\n");
  e = errorOf([&] { importEmbeddings(c, "x", d.file("f.npy"), d.file("unknown.txt"), false); });
  EXPECT_NE(e.find("unknown artwork id zz"), std::string::npos) << e;
  EXPECT_NE(e.find("--create-items"), std::string::npos) << e;

  writeText(d.file("bad.npy"), "\x93NUMPY garbage");
  e = errorOf([&] { importEmbeddings(c, "x", d.file("bad.npy"), d.file("unknown.txt"), true); });
  EXPECT_NE(e.find("bad.npy"), std::string::npos) << e;

  EXPECT_EQ(c.artworkCount(), 1);
  EXPECT_TRUE(c.embeddings().empty());
}

TEST(ImportEmbeddings, RejectsNonFiniteValues) {
  TempDir d;
  NpyMatrix m;
  m.rows = 2;
  m.cols = 2;
  m.values = {1, 2, NAN, 4};
  writeNpy(d.file("nan.npy"), m);
  writeText(d.file("ids.txt"), "a\nb\n");
  Catalog c = Catalog::create(d.file("c.vitrine"));
  std::string e = errorOf([&] { importEmbeddings(c, "x", d.file("nan.npy"), d.file("ids.txt"), true); });
  EXPECT_NE(e.find("non-finite"), std::string::npos) << e;
  EXPECT_EQ(c.artworkCount(), 0);
}

TEST(ImportInteractions, TutorialFormatWithOptionalEvaluation) {
  TempDir d;
  writeMatrix(d.file("f.npy"), 2, 2);
  writeText(d.file("ids.txt"), "10\n20\n");
  Catalog c = Catalog::create(d.file("c.vitrine"));
  importEmbeddings(c, "e", d.file("f.npy"), d.file("ids.txt"), true);
  writeText(d.file("i.csv"),
            "user_id,item_id,timestamp,evaluation\n"
            "u1,10,1500000000,False\n"
            "u1,20,2017-07-14 02:40:01,True\n"
            "u2,20,1500000000.5,\n");
  auto r = importInteractions(c, d.file("i.csv"));
  EXPECT_EQ(r.stored, 3);
  auto all = c.interactions();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_FALSE(all[0].evaluation.value());
  EXPECT_DOUBLE_EQ(all[1].timestamp, 1500000001.0);
  EXPECT_TRUE(all[1].evaluation.value());
  EXPECT_FALSE(all[2].evaluation.has_value());
  EXPECT_DOUBLE_EQ(all[2].timestamp, 1500000000.5);
}

TEST(ImportInteractions, BadRowsNameTheirLineAndStoreNothing) {
  TempDir d;
  writeMatrix(d.file("f.npy"), 1, 2);
  writeText(d.file("ids.txt"), "10\n");
  Catalog c = Catalog::create(d.file("c.vitrine"));
  importEmbeddings(c, "e", d.file("f.npy"), d.file("ids.txt"), true);
  writeText(d.file("i.csv"),
            "user_id,item_id,timestamp\n"
            "u1,10,100\n"
            "u1,99,101\n"
            "u1,10,yesterday\n"
            "u1,10\n");
  std::string e = errorOf([&] { importInteractions(c, d.file("i.csv")); });
  EXPECT_NE(e.find("i.csv:3: unknown item_id 99"), std::string::npos) << e;
  EXPECT_NE(e.find("i.csv:4: cannot read timestamp"), std::string::npos) << e;
  EXPECT_NE(e.find("i.csv:5"), std::string::npos) << e;
  EXPECT_EQ(c.interactionCount(), 0);

  writeText(d.file("h.csv"), "user,item\nu1,10\n");
  e = errorOf([&] { importInteractions(c, d.file("h.csv")); });
  EXPECT_NE(e.find("user_id,item_id,timestamp"), std::string::npos) << e;
}
