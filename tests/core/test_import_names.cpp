// Import policies for messy real-world folders and CSVs (docs/data-policies.md, "File names" and
// "CSV encodings"): clashing file names, Unicode normalization, `\` separators, recursive folders,
// UTF-16/UTF-32 CSVs, and one failing row that must not take its batch down with it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "catalog/catalog.h"
#include "common/error.h"
#include "ingest/csv.h"
#include "ingest/dataset_import.h"
#include "ingest/importer.h"
#include "testutil.h"

namespace fs = std::filesystem;
using namespace vitrine;
using vitrine::test::TempDir;
using vitrine::test::writeText;

namespace {

void writePicture(const std::string& path, int w, int h, int seed) {
  cv::Mat m(h, w, CV_8UC3, cv::Scalar(seed * 37 % 255, 90, 160));
  cv::circle(m, {w / 2, h / 2}, std::min(w, h) / 3, cv::Scalar(20, seed * 53 % 255, 220), -1);
  fs::create_directories(fs::path(path).parent_path());
  ASSERT_TRUE(cv::imwrite(path, m)) << path;
}

ImportOptions folderImport(const std::string& dir) {
  ImportOptions o;
  o.imagesDir = dir;
  o.noMetadata = true;
  o.threads = 2;
  return o;
}

int64_t count(const std::map<std::string, int64_t>& m, const std::string& key) {
  const auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

// "é" composed (NFC, U+00E9) and decomposed (NFD, "e" + U+0301).
const std::string kNfc = "Caf\xC3\xA9 Ren\xC3\xA9";
const std::string kNfd = "Cafe\xCC\x81 Rene\xCC\x81";

}  // namespace

TEST(ImportNames, SameStemDifferentExtensionsAreBothImported) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  writePicture(images + "/x.jpg", 60, 40, 1);
  writePicture(images + "/x.png", 50, 70, 2);
  writePicture(images + "/x.bmp", 30, 30, 3);
  writePicture(images + "/y.jpg", 40, 40, 4);
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportReport r = importImages(c, folderImport(images));
  EXPECT_EQ(r.imported, 4) << r.summary();
  EXPECT_EQ(r.skipped(), 0) << r.summary();
  ASSERT_TRUE(c.artworkByExternalId("x"));
  EXPECT_EQ(c.artworkByExternalId("x")->sourcePath, "imgs/x.bmp");  // first in name order keeps the stem
  ASSERT_TRUE(c.artworkByExternalId("x.jpg"));
  EXPECT_EQ(c.artworkByExternalId("x.jpg")->width, 60);
  ASSERT_TRUE(c.artworkByExternalId("x.png"));
  EXPECT_EQ(c.artworkByExternalId("x.png")->height, 70);
  EXPECT_EQ(count(r.converted, "distinct id for a clashing file name"), 2);
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_NE(r.notes[0].detail.find("x.bmp"), std::string::npos) << r.notes[0].detail;

  // A second run finds every file again and drops none.
  ImportReport again = importImages(c, folderImport(images));
  EXPECT_EQ(again.imported, 0);
  EXPECT_EQ(again.alreadyPresent, 4);
  EXPECT_EQ(c.artworkCount(), 4);

  // A clashing file added later gets its own id too.
  writePicture(images + "/x.tif", 20, 20, 5);
  ImportReport later = importImages(c, folderImport(images));
  EXPECT_EQ(later.imported, 1);
  EXPECT_EQ(later.alreadyPresent, 4);
  EXPECT_TRUE(c.artworkByExternalId("x.tif"));
}

TEST(ImportNames, RecursiveFolderImport) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  writePicture(images + "/top.jpg", 40, 30, 1);
  writePicture(images + "/a/x.jpg", 40, 30, 2);
  writePicture(images + "/b/x.jpg", 40, 30, 3);
  writePicture(images + "/b/deeper/z.png", 40, 30, 4);
  writePicture(images + "/.cache/hidden.jpg", 40, 30, 5);
  {
    Catalog c = Catalog::create(dir.file("flat.vitrine"));
    ImportReport r = importImages(c, folderImport(images));
    EXPECT_EQ(r.imported, 1) << "without --recursive only the top folder is read";
  }
  {
    // A catalog saved inside the folder it imports (open, so its -wal and -shm files exist too):
    // its files are neither imported nor reported as skipped.
    Catalog inside = Catalog::create(images + "/inside.vitrine");
    inside.setSetting("probe", "1");
    writeText(images + "/old.vitrine-journal", "x");
    ImportReport r = importImages(inside, folderImport(images));
    EXPECT_EQ(r.imported, 1) << r.summary();
    EXPECT_EQ(r.skipped(), 0) << r.summary();
    for (const auto& n : r.notes) EXPECT_EQ((n.file + n.detail).find(".vitrine"), std::string::npos) << n.detail;
    std::filesystem::remove(images + "/old.vitrine-journal");
  }
  Catalog c = Catalog::create(dir.file("deep.vitrine"));
  ImportOptions o = folderImport(images);
  o.recursive = true;
  ImportReport r = importImages(c, o);
  EXPECT_EQ(r.imported, 4) << r.summary();
  EXPECT_FALSE(c.artworkByExternalId("hidden")) << "hidden folders are skipped";
  ASSERT_TRUE(c.artworkByExternalId("x"));
  EXPECT_EQ(c.artworkByExternalId("x")->sourcePath, "imgs/a/x.jpg");
  ASSERT_TRUE(c.artworkByExternalId("x.jpg"));
  EXPECT_EQ(c.artworkByExternalId("x.jpg")->sourcePath, "imgs/b/x.jpg");
  EXPECT_TRUE(c.artworkByExternalId("z"));
  EXPECT_EQ(importImages(c, o).alreadyPresent, 4);

  // With a CSV, --recursive also finds a file name that sits in a subfolder.
  writeText(dir.file("m.csv"), "id,file\nq,z.png\n");
  ImportOptions withCsv;
  withCsv.imagesDir = images;
  withCsv.metadataCsv = dir.file("m.csv");
  withCsv.recursive = true;
  Catalog c2 = Catalog::create(dir.file("csv.vitrine"));
  ImportReport r2 = importImages(c2, withCsv);
  EXPECT_EQ(r2.imported, 1) << r2.summary();
  EXPECT_EQ(count(r2.converted, "file found in a subfolder"), 1);
}

TEST(ImportNames, UnicodeNormalizationAndBackslashesResolve) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  writePicture(images + "/" + kNfd + ".jpg", 40, 30, 1);    // as macOS writes it
  writePicture(images + "/" + kNfc + " 2.jpg", 40, 30, 2);  // composed on disk
  writePicture(images + "/sub dir/" + kNfd + "/deep.jpg", 40, 30, 3);
  writePicture(images + "/sub dir/plain.jpg", 40, 30, 4);
  writePicture(images + "/Mixed.JPG", 40, 30, 5);
  writeText(dir.file("m.csv"),
            "id,file\n"
            "1," +
                kNfc +
                ".jpg\n"  // NFC in the CSV, NFD on disk
                "2," +
                kNfd +
                " 2.jpg\n"  // and the other way round
                "3,sub dir\\" +
                kNfc +
                "\\deep.jpg\n"  // Windows separators and NFC
                "4,sub dir\\plain.jpg\n"
                "5,C:\\Users\\curator\\Pictures\\Mixed.JPG\n"
                "6,mixed.jpg\n"
                "7,nowhere\\missing.jpg\n");
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = images;
  o.metadataCsv = dir.file("m.csv");
  ImportReport r = importImages(c, o);
  EXPECT_EQ(r.imported, 6) << r.summary();
  EXPECT_EQ(r.skippedByReason["missing file"], 1);
  for (const char* id : {"1", "2", "3", "4", "5", "6"}) EXPECT_TRUE(c.artworkByExternalId(id)) << id;
  EXPECT_EQ(c.artworkByExternalId("4")->sourcePath, "imgs/sub dir/plain.jpg");
  EXPECT_EQ(c.artworkByExternalId("1")->sourcePath, "imgs/" + kNfd + ".jpg");  // the file as it is
  EXPECT_EQ(count(r.converted, "file name matched after Unicode normalization"), 3);
  EXPECT_EQ(count(r.converted, "backslash separators read as folders"), 3);
  EXPECT_EQ(count(r.converted, "folder part of the path ignored"), 1);
  EXPECT_EQ(count(r.converted, "file name matched ignoring letter case"), 1);
  EXPECT_NE(r.summary().find("Unicode normalization"), std::string::npos);
}

// Ids from file names are NFC whatever the file system wrote, so an NFD name from macOS and the
// NFC id a CSV or interactions file uses are the same id; both forms in one folder still both import.
TEST(ImportNames, FolderIdsAreNfcAndBothFormsImport) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  writePicture(images + "/" + kNfd + ".jpg", 40, 30, 1);
  {
    Catalog c = Catalog::create(dir.file("one.vitrine"));
    ImportReport r = importImages(c, folderImport(images));
    ASSERT_EQ(r.imported, 1) << r.summary();
    ASSERT_TRUE(c.artworkByExternalId(kNfc)) << "the id of an NFD file name is its NFC form";
    EXPECT_EQ(c.artworkByExternalId(kNfc)->title, kNfc);
    EXPECT_EQ(count(r.converted, "id and title from a file name in Unicode NFC"), 1);
    EXPECT_EQ(importImages(c, folderImport(images)).alreadyPresent, 1);
  }
  writePicture(images + "/" + kNfc + ".png", 40, 30, 2);  // the same name composed, another file
  Catalog c = Catalog::create(dir.file("two.vitrine"));
  ImportReport r = importImages(c, folderImport(images));
  EXPECT_EQ(r.imported, 2) << r.summary();
  EXPECT_EQ(r.skipped(), 0);
  EXPECT_TRUE(c.artworkByExternalId(kNfc));
  EXPECT_TRUE(c.artworkByExternalId(kNfc + ".jpg") || c.artworkByExternalId(kNfc + ".png"));
  EXPECT_EQ(count(r.converted, "distinct id for a clashing file name"), 1);
  EXPECT_EQ(importImages(c, folderImport(images)).alreadyPresent, 2);
}

TEST(ImportNames, AmbiguousNamesAreNeverGuessed) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  writePicture(images + "/Pic.jpg", 40, 30, 1);
  writePicture(images + "/PIC.jpg", 40, 30, 2);
  writeText(dir.file("m.csv"), "id,file\n1,pic.jpg\n");
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = images;
  o.metadataCsv = dir.file("m.csv");
  ImportReport r = importImages(c, o);
  EXPECT_EQ(r.imported, 0);
  EXPECT_EQ(r.skippedByReason["missing file"], 1);
}

TEST(ImportNames, AFailingRowNeverRollsBackItsBatch) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  for (int i = 1; i <= 5; ++i) writePicture(images + "/p" + std::to_string(i) + ".jpg", 40, 30, i);
  const std::string path = dir.file("c.vitrine");
  { Catalog::create(path); }
  // A trigger stands in for any storage error on one row (a clash, a constraint, a full disk).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TRIGGER refuse_p3 BEFORE INSERT ON artworks WHEN NEW.external_id = 'p3' "
                         "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Catalog c = Catalog::open(path);
  ImportOptions o = folderImport(images);
  o.batchSize = 5;  // all five rows in one batch
  ImportReport r = importImages(c, o);
  EXPECT_EQ(r.imported, 4) << r.summary();
  EXPECT_EQ(c.artworkCount(), 4);
  ASSERT_EQ(r.skippedByReason["not stored"], 1);
  EXPECT_NE(r.issues.at(0).file.find("p3.jpg"), std::string::npos);
  EXPECT_NE(r.issues.at(0).detail.find("refused by the test"), std::string::npos) << r.issues.at(0).detail;
  for (const char* id : {"p1", "p2", "p4", "p5"}) EXPECT_TRUE(c.artworkByExternalId(id)) << id;
  EXPECT_EQ(c.embeddingInfo("handcrafted")->count, 4);
}

namespace {

// UTF-8 -> UTF-16/UTF-32 code units in either byte order (the test's own encoder).
std::string encode(const std::string& utf8, int unit, bool bigEndian, bool bom) {
  std::u32string cps;
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    cps.push_back(cp);
    i += static_cast<size_t>(len);
  }
  if (bom) cps.insert(cps.begin(), 0xFEFF);
  std::string out;
  const auto put = [&](uint32_t v) {
    for (int k = 0; k < unit; ++k) {
      const int shift = bigEndian ? 8 * (unit - 1 - k) : 8 * k;
      out += static_cast<char>((v >> shift) & 0xFF);
    }
  };
  for (char32_t cp : cps) {
    if (unit == 2 && cp >= 0x10000) {
      put(0xD800 + ((cp - 0x10000) >> 10));
      put(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      put(cp);
    }
  }
  return out;
}

}  // namespace

TEST(ImportCsvEncoding, Utf16AndUtf32AreReadWithOrWithoutBom) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  writePicture(images + "/a.jpg", 40, 30, 1);
  writePicture(images + "/" + kNfc + ".jpg", 40, 30, 2);
  // Non-ASCII in every field kind, and a character outside the BMP (a surrogate pair in UTF-16).
  const std::string text =
      "id,file,title,artist\r\n"
      "1,a.jpg,\"Nighthawks, \xE5\xA4\x9C\",Edward Hopper\r\n"
      "2," +
      kNfc + ".jpg,\xF0\x9F\x8E\xA8 Palette,Ren\xC3\xA9\r\n";
  int n = 0;
  for (int unit : {2, 4})
    for (bool big : {false, true})
      for (bool bom : {true, false}) {
        const std::string name = "m" + std::to_string(n++) + ".csv";
        writeText(dir.file(name), encode(text, unit, big, bom));
        Catalog c = Catalog::create(dir.file(name + ".vitrine"));
        ImportOptions o;
        o.imagesDir = images;
        o.metadataCsv = dir.file(name);
        const std::string what = "UTF-" + std::to_string(unit * 8) + (big ? "BE" : "LE") + (bom ? " with BOM" : "");
        ImportReport r = importImages(c, o);
        ASSERT_EQ(r.imported, 2) << what << ": " << r.summary();
        EXPECT_EQ(c.artworkByExternalId("1")->title, "Nighthawks, \xE5\xA4\x9C") << what;
        EXPECT_EQ(c.artworkByExternalId("2")->title, "\xF0\x9F\x8E\xA8 Palette") << what;
        EXPECT_EQ(c.artworkByExternalId("2")->artist, "Ren\xC3\xA9") << what;
        const std::string kind = "CSV read as UTF-" + std::to_string(unit * 8) + (big ? "BE" : "LE") +
                                 (bom ? " with byte order mark" : " without byte order mark");
        EXPECT_EQ(count(r.converted, kind), 1) << what << ": " << r.summary();
      }
}

// Every CSV Vitrine reads goes through the same reader: an interactions file saved by Excel as
// "Unicode text" (UTF-16LE with BOM, tab-free here) imports and the summary says how it was read.
TEST(ImportCsvEncoding, InteractionsCsvInUtf16IsReadToo) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  writePicture(images + "/a.jpg", 40, 30, 1);
  writePicture(images + "/b.jpg", 40, 30, 2);
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ASSERT_EQ(importImages(c, folderImport(images)).imported, 2);
  const std::string csv = "user_id,item_id,timestamp\r\nu1,a,2019-05-01T10:00:00Z\r\nu1,b,1556704800\r\n";
  writeText(dir.file("i16.csv"), encode(csv, 2, false, true));
  const InteractionImportResult r = importInteractions(c, dir.file("i16.csv"));
  EXPECT_EQ(r.stored, 2) << r.summary();
  EXPECT_EQ(c.interactionCount(), 2);
  EXPECT_EQ(r.encoding, "UTF-16LE with byte order mark");
  EXPECT_NE(r.summary().find("CSV read as UTF-16LE"), std::string::npos) << r.summary();
  // Malformed UTF-16 (an unpaired high surrogate) is refused naming the file and the encoding.
  std::string bad = encode(csv, 2, false, true);
  bad += std::string("\x00\xD8", 2);
  writeText(dir.file("bad16.csv"), bad);
  try {
    importInteractions(c, dir.file("bad16.csv"));
    ADD_FAILURE() << "malformed UTF-16 was accepted";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("bad16.csv"), std::string::npos) << m;
    EXPECT_NE(m.find("UTF-16"), std::string::npos) << m;
  }
  EXPECT_EQ(c.interactionCount(), 2);
}

TEST(ImportCsvEncoding, MalformedUtf16IsRefusedNamingTheEncoding) {
  TempDir dir;
  fs::create_directories(dir.file("imgs"));
  std::string bytes = encode("id,file\n1,a.jpg\n", 2, false, true);
  bytes += std::string("\x00\xD8", 2);  // a high surrogate with nothing after it
  writeText(dir.file("m.csv"), bytes);
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = dir.file("imgs");
  o.metadataCsv = dir.file("m.csv");
  try {
    importImages(c, o);
    FAIL() << "a malformed UTF-16 file was accepted";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("m.csv"), std::string::npos) << msg;
    EXPECT_NE(msg.find("UTF-16LE"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("empty file"), std::string::npos) << msg;
  }
  // An odd number of bytes in UTF-16 without a BOM.
  writeText(dir.file("odd.csv"), encode("id,file\n1,a.jpg\n", 2, true, false) + "x");
  CsvReader reader = CsvReader::fromFile(dir.file("odd.csv"));
  EXPECT_TRUE(reader.header().empty());
  ASSERT_FALSE(reader.issues().empty());
  EXPECT_NE(reader.issues()[0].reason.find("UTF-16BE"), std::string::npos) << reader.issues()[0].reason;
}

TEST(ImportCsvEncoding, DetectionKeepsUtf8AndLatinText) {
  // Plain UTF-8 (no NUL bytes) must never be mistaken for UTF-16.
  const std::string utf8 = "id,file\n1,caf\xC3\xA9.jpg\n";
  EXPECT_EQ(detectTextEncoding(utf8.data(), utf8.size()).name, "UTF-8");
  const std::string withBom = "\xEF\xBB\xBFid,file\n";
  EXPECT_EQ(detectTextEncoding(withBom.data(), withBom.size()).bomLength, 3u);
  const std::string jp =
      encode("id,file,title\n1,a.jpg,\xE5\xA4\x9C\xE5\xA4\x9C\xE5\xA4\x9C\xE5\xA4\x9C\n", 2, false, false);
  EXPECT_EQ(detectTextEncoding(jp.data(), jp.size()).name, "UTF-16LE");
}
