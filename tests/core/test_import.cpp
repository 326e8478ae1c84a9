// Import of an image folder + metadata CSV with every kind of bad input the brief lists.
#include <gtest/gtest.h>

#include <filesystem>
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

std::vector<unsigned char> encoded(const std::string& ext, int w, int h, int seed) {
  cv::Mat m(h, w, CV_8UC3);
  cv::randu(m, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::circle(m, {w / 2, h / 2}, std::min(w, h) / 3, cv::Scalar(seed * 40 % 255, 80, 200), -1);
  std::vector<unsigned char> out;
  cv::imencode(ext, m, out);
  return out;
}

void writeBytes(const std::string& path, const std::vector<unsigned char>& b) {
  writeText(path, std::string(b.begin(), b.end()));
}

// A PNG whose header claims 50000 x 50000 pixels; only the header is real.
std::vector<unsigned char> hugePngHeader() {
  std::vector<unsigned char> b = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  const uint32_t side = 50000;
  for (int rep = 0; rep < 2; ++rep)
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<unsigned char>(side >> s));
  b.insert(b.end(), {8, 2, 0, 0, 0, 0, 0, 0, 0});
  return b;
}

struct Fixture {
  TempDir dir;
  std::string images = dir.file("images");
  std::string csv = dir.file("metadata.csv");
  std::string catalog = dir.file("c.vitrine");

  Fixture() {
    fs::create_directories(images);
    writeBytes(images + "/good1.jpg", encoded(".jpg", 600, 400, 1));
    writeBytes(images + "/good2.png", encoded(".png", 300, 500, 2));
    writeBytes(images + "/good3.jpg", encoded(".jpg", 256, 256, 3));
    auto jpg = encoded(".jpg", 640, 480, 4);
    writeBytes(images + "/truncated.jpg", std::vector<unsigned char>(jpg.begin(), jpg.begin() + jpg.size() / 2));
    writeBytes(images + "/zero.jpg", {});
    writeText(images + "/notimage.jpg", "just some text pretending to be a JPEG\n");
    auto png = encoded(".png", 64, 64, 5);
    for (size_t i = 60; i < png.size() - 20; ++i) png[i] ^= 0x5A;  // wreck the IDAT data and CRC
    writeBytes(images + "/corrupt.png", png);
    writeBytes(images + "/huge.png", hugePngHeader());
    writeText(csv,
              "id,file,title,artist,date,period,source_url\n"  // line 1
              "1,good1.jpg,First,Ann,c. 1631,Baroque,https://a/1\n"
              "2,good2.png,\"Second, with comma\",Bob,1868–70,Realism,\n"
              "3,images/good3.jpg,\"Third \"\"quoted\"\"\nover two lines\",Cy,1890s,Modern,\n"  // lines 4-5
              "4,truncated.jpg,T,A,,,\n"
              "5,zero.jpg,Z,A,,,\n"
              "6,notimage.jpg,N,A,,,\n"
              "7,corrupt.png,C,A,,,\n"
              "8,huge.png,H,A,,,\n"
              "9,missing.jpg,M,A,,,\n"  // line 11
              "1,good3.jpg,Duplicate,A,,,\n"
              "10,good1.jpg,too,many,columns,here,x,y\n"
              "11,good1.jpg,bro\"ken,A,,,\n"
              "12,good1.jpg,\xff\xfe bad utf8,A,,,\n");  // line 15
  }
};

ImportOptions options(const Fixture& f) {
  ImportOptions o;
  o.imagesDir = f.images;
  o.metadataCsv = f.csv;
  o.batchSize = 2;
  o.threads = 2;
  o.maxPixels = 10'000'000;
  return o;
}

const ImportIssue* findIssue(const ImportReport& r, int64_t line) {
  for (const auto& i : r.issues)
    if (i.line == line) return &i;
  return nullptr;
}

}  // namespace

TEST(Import, ImportsGoodRowsAndReportsEveryBadOne) {
  Fixture f;
  Catalog c = Catalog::create(f.catalog);
  ImportReport r = importImages(c, options(f));
  EXPECT_EQ(r.imported, 3);
  EXPECT_EQ(r.alreadyPresent, 0);
  EXPECT_FALSE(r.cancelled);

  const std::map<int64_t, std::string> expected = {
      {6, "corrupt"},       {7, "empty file"},    {8, "not an image"}, {9, "corrupt"},      {10, "oversized"},
      {11, "missing file"}, {12, "duplicate id"}, {13, "bad CSV row"}, {14, "bad CSV row"}, {15, "bad CSV row"}};
  for (const auto& [line, reason] : expected) {
    const ImportIssue* issue = findIssue(r, line);
    ASSERT_NE(issue, nullptr) << "no issue reported for line " << line;
    EXPECT_EQ(issue->reason, reason) << "line " << line << ": " << issue->detail;
    EXPECT_FALSE(issue->file.empty());
  }
  EXPECT_EQ(r.skipped(), static_cast<int64_t>(expected.size()));
  EXPECT_EQ(r.skippedByReason.at("bad CSV row"), 3);
  EXPECT_NE(findIssue(r, 12)->detail.find("line 2"), std::string::npos) << findIssue(r, 12)->detail;
  EXPECT_NE(findIssue(r, 10)->detail.find("50000"), std::string::npos);
  EXPECT_NE(r.summary().find("imported 3"), std::string::npos);

  // What was stored: three artworks with metadata, thumbnails and handcrafted features.
  EXPECT_EQ(c.artworkCount(), 3);
  auto first = c.artworkByExternalId("1");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->title, "First");
  EXPECT_EQ(first->year.value_or(0), 1631);
  EXPECT_EQ(first->period, "Baroque");
  EXPECT_EQ(first->sourcePath, "images/good1.jpg");
  EXPECT_EQ(first->width, 600);
  EXPECT_NE(first->extraJson.find("https://a/1"), std::string::npos);
  EXPECT_EQ(c.artworkByExternalId("2")->title, "Second, with comma");
  EXPECT_EQ(c.artworkByExternalId("3")->title, "Third \"quoted\"\nover two lines");
  EXPECT_FALSE(c.artworkByExternalId("4"));  // unreadable images are not stored
  auto thumb = c.thumbnail(first->id);
  ASSERT_TRUE(thumb);
  EXPECT_EQ(thumb->width, 256);
  EXPECT_EQ(thumb->height, 171);
  auto info = c.embeddingInfo("handcrafted");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->count, 3);
}

TEST(Import, SecondRunChangesNothing) {
  Fixture f;
  Catalog c = Catalog::create(f.catalog);
  ImportReport first = importImages(c, options(f));
  ImportReport second = importImages(c, options(f));
  EXPECT_EQ(second.imported, 0);
  EXPECT_EQ(second.alreadyPresent, first.imported);
  EXPECT_EQ(second.skipped(), first.skipped());
  EXPECT_EQ(c.artworkCount(), 3);
  EXPECT_EQ(c.embeddingInfo("handcrafted")->count, 3);
}

TEST(Import, FixedFileCanBeImportedLater) {
  Fixture f;
  Catalog c = Catalog::create(f.catalog);
  importImages(c, options(f));
  writeBytes(f.images + "/missing.jpg", encoded(".jpg", 100, 100, 9));
  ImportReport r = importImages(c, options(f));
  EXPECT_EQ(r.imported, 1);
  EXPECT_TRUE(c.artworkByExternalId("9"));
}

TEST(Import, CancelledImportResumes) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  fs::create_directories(images);
  for (int i = 0; i < 10; ++i) writeBytes(images + "/p" + std::to_string(i) + ".jpg", encoded(".jpg", 120, 90, i));
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = images;
  o.noMetadata = true;
  o.batchSize = 3;
  int calls = 0;
  ImportReport r = importImages(c, o, [&calls](const Progress&) { return ++calls < 1; });
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.imported, 3);  // the first batch was committed before stopping
  EXPECT_EQ(c.artworkCount(), 3);
  ImportReport rest = importImages(c, o);
  EXPECT_EQ(rest.imported, 7);
  EXPECT_EQ(rest.alreadyPresent, 3);
  EXPECT_EQ(c.artworkCount(), 10);
  EXPECT_TRUE(c.artworkByExternalId("p7"));  // file stem is the id
}

TEST(Import, NoMetadataReportsNonImages) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  fs::create_directories(images);
  writeBytes(images + "/a.png", encoded(".png", 50, 40, 1));
  writeText(images + "/notes.txt", "hello");
  writeText(images + "/.hidden", "x");
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = images;
  o.noMetadata = true;
  ImportReport r = importImages(c, o);
  EXPECT_EQ(r.imported, 1);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].reason, "not an image");
  EXPECT_NE(r.issues[0].file.find("notes.txt"), std::string::npos);
}

TEST(Import, MissingRequiredColumnsIsAClearError) {
  TempDir dir;
  fs::create_directories(dir.file("imgs"));
  writeText(dir.file("m.csv"), "name,path\na,b.jpg\n");
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = dir.file("imgs");
  o.metadataCsv = dir.file("m.csv");
  try {
    importImages(c, o);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("m.csv"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("id"), std::string::npos) << e.what();
  }
  o.imagesDir = dir.file("nope");
  EXPECT_THROW(importImages(c, o), Error);
  EXPECT_EQ(c.artworkCount(), 0);
}
