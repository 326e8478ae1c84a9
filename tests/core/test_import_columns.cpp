// ImportOptions::columns (issue 15.2, the New Catalog wizard's column mapping): a metadata CSV
// whose columns have other names is imported by naming the column of each catalog field.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "catalog/catalog.h"
#include "ingest/importer.h"
#include "testutil.h"

namespace fs = std::filesystem;
using namespace vitrine;
using vitrine::test::TempDir;
using vitrine::test::writeText;

namespace {

void writeJpeg(const std::string& path, int seed) {
  cv::Mat m(60, 80, CV_8UC3, cv::Scalar(seed * 50 % 255, 90, 200 - seed * 30));
  cv::line(m, {0, seed * 5}, {79, 59}, cv::Scalar(20, 20, 20), 4);
  std::vector<unsigned char> out;
  cv::imencode(".jpg", m, out);
  writeText(path, std::string(out.begin(), out.end()));
}

struct Fixture {
  TempDir dir;
  std::string images = dir.file("images");
  std::string csv = dir.file("images/meta.csv");
  Fixture() {
    fs::create_directories(images);
    for (int i = 0; i < 3; ++i) writeJpeg(images + "/p" + std::to_string(i) + ".jpg", i);
    writeText(csv,
              "Inv,Bild,Titel,Kuenstler,Jahr,Museum,file\n"
              "a0,p0.jpg,Erstes,Anna,c. 1901,Kunsthalle,nothing.jpg\n"
              "a1,p1.jpg,Zweites,Bert,1902,,nothing.jpg\n"
              "a1,p2.jpg,Doppelt,Cleo,1903,Ateneum,nothing.jpg\n"
              ",p2.jpg,Ohne Id,Dora,1904,,nothing.jpg\n");
  }
  ImportOptions options() const {
    ImportOptions o;
    o.imagesDir = images;
    o.metadataCsv = csv;
    o.threads = 1;
    o.columns = {{"id", "inv"}, {"file", "Bild"}, {"title", "Titel"}, {"artist", " Kuenstler "}, {"date", "Jahr"}};
    return o;
  }
};

}  // namespace

TEST(ImportColumns, MappedColumnsFillTheFieldsAndTheOthersAreKept) {
  Fixture f;
  Catalog c = Catalog::create(f.dir.file("c.vitrine"));
  const ImportReport r = importImages(c, f.options());
  EXPECT_EQ(r.imported, 2) << r.summary();
  const auto a0 = c.artworkByExternalId("a0");
  ASSERT_TRUE(a0);
  EXPECT_EQ(a0->title, "Erstes");
  EXPECT_EQ(a0->artist, "Anna");
  EXPECT_EQ(a0->dateText, "c. 1901");
  EXPECT_EQ(a0->year.value_or(0), 1901);
  // The mapped file column wins over a column literally named "file", which is kept as extra.
  const auto extra = nlohmann::json::parse(a0->extraJson);
  EXPECT_EQ(extra.value("Museum", ""), "Kunsthalle");
  EXPECT_EQ(extra.value("file", ""), "nothing.jpg");
  EXPECT_FALSE(extra.contains("Titel"));
  EXPECT_FALSE(extra.contains("Inv"));
  // Bad rows are reported against the mapped columns, with the CSV's line numbers.
  ASSERT_EQ(r.issues.size(), 2u);
  EXPECT_EQ(r.issues[0].line, 4);
  EXPECT_EQ(r.issues[0].reason, "duplicate id");
  EXPECT_EQ(r.issues[1].line, 5);
  EXPECT_EQ(r.issues[1].reason, "missing id");
}

TEST(ImportColumns, AMappedColumnMissingFromTheHeaderIsAnErrorNamingIt) {
  Fixture f;
  Catalog c = Catalog::create(f.dir.file("c.vitrine"));
  ImportOptions o = f.options();
  o.columns["medium"] = "Technik";
  try {
    importImages(c, o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("meta.csv:1:"), std::string::npos) << what;
    EXPECT_NE(what.find("Technik"), std::string::npos) << what;
    EXPECT_NE(what.find("medium"), std::string::npos) << what;
  }
  EXPECT_EQ(c.artworkCount(), 0);
}

TEST(ImportColumns, AnUnknownFieldIsRefused) {
  Fixture f;
  Catalog c = Catalog::create(f.dir.file("c.vitrine"));
  ImportOptions o = f.options();
  o.columns["colour"] = "Museum";
  EXPECT_THROW(importImages(c, o), Error);
}
