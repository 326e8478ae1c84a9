// Embedded metadata on import (issue 17 item 4; docs/data-policies.md, "Embedded metadata"):
// the precedence IPTC Extension artwork > XMP Dublin Core > IPTC IIM > EXIF field by field, the
// CSV over all of them, other containers than JPEG, legacy 8-bit text, and damaged blocks that
// cost the file its metadata (with a warning naming it) but never its import. Every input is
// written here with Exiv2 or assembled byte by byte.
#include <gtest/gtest.h>

#include <exiv2/exiv2.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "catalog/catalog.h"
#include "imaging/image.h"
#include "imaging/metadata.h"
#include "ingest/importer.h"
#include "testutil.h"

namespace fs = std::filesystem;
using namespace vitrine;
using vitrine::test::TempDir;
using vitrine::test::writeText;

namespace {

using Bytes = std::vector<unsigned char>;

Bytes encode(const std::string& ext, int w = 64, int h = 48) {
  cv::Mat m(h, w, CV_8UC3, cv::Scalar(40, 120, 200));
  Bytes out;
  cv::imencode(ext, m, out);
  return out;
}

void writeBytes(const std::string& path, const Bytes& b) { writeText(path, std::string(b.begin(), b.end())); }

Bytes readBytes(const std::string& path) {
  ImageError err;
  auto b = readFileBytes(path, &err);
  return b ? *b : Bytes{};
}

void tag(const std::string& path, const std::function<void(Exiv2::Image&)>& edit) {
  auto image = Exiv2::ImageFactory::open(path);
  ASSERT_TRUE(image.get());
  image->readMetadata();
  edit(*image);
  image->writeMetadata();
}

// A JPEG APP segment (marker FFEn) holding `payload`, inserted right after SOI.
Bytes withSegment(Bytes jpegBytes, unsigned char marker, const std::string& payload) {
  const size_t len = payload.size() + 2;
  Bytes seg = {0xFF, marker, static_cast<unsigned char>(len >> 8), static_cast<unsigned char>(len & 0xFF)};
  seg.insert(seg.end(), payload.begin(), payload.end());
  jpegBytes.insert(jpegBytes.begin() + 2, seg.begin(), seg.end());
  return jpegBytes;
}

const std::string kXmpId = std::string("http://ns.adobe.com/xap/1.0/") + '\0';

}  // namespace

// Each field independently takes the highest source that has it.
TEST(ImportMetadata, PrecedenceIsPerFieldAcrossXmpIptcAndExif) {
  TempDir dir;
  const std::string path = dir.file("all.jpg");
  writeBytes(path, encode(".jpg"));
  tag(path, [](Exiv2::Image& img) {
    img.xmpData()["Xmp.dc.title"] = "lang=x-default Title from XMP";
    img.iptcData()["Iptc.Application2.ObjectName"] = "Title from IPTC";
    img.exifData()["Exif.Image.ImageDescription"] = "Title from EXIF";
    img.iptcData()["Iptc.Application2.Byline"] = "Artist from IPTC";  // no XMP creator
    img.exifData()["Exif.Image.Artist"] = "Artist from EXIF";
    img.iptcData()["Iptc.Application2.DateCreated"] = "1633-01-01";
    auto date = Exiv2::Value::create(Exiv2::xmpSeq);
    date->read("1642");
    img.xmpData().add(Exiv2::XmpKey("Xmp.dc.date"), date.get());
    img.exifData()["Exif.Image.Copyright"] = "Rights from EXIF";  // the only rights
  });
  const EmbeddedMetadata m = readEmbeddedMetadata(readBytes(path));
  EXPECT_TRUE(m.error.empty()) << m.error;
  EXPECT_EQ(m.title, "Title from XMP");
  EXPECT_EQ(m.titleSource, "Xmp.dc.title");
  EXPECT_EQ(m.artist, "Artist from IPTC");
  EXPECT_EQ(m.artistSource, "Iptc.Application2.Byline");
  EXPECT_EQ(m.date, "1642");
  EXPECT_EQ(m.dateSource, "Xmp.dc.date");
  EXPECT_EQ(m.rights, "Rights from EXIF");
  EXPECT_EQ(m.rightsSource, "Exif.Image.Copyright");

  // IPTC over EXIF when XMP is silent.
  const std::string second = dir.file("iptc-exif.jpg");
  writeBytes(second, encode(".jpg"));
  tag(second, [](Exiv2::Image& img) {
    img.iptcData()["Iptc.Application2.ObjectName"] = "Title from IPTC";
    img.exifData()["Exif.Image.ImageDescription"] = "Title from EXIF";
    img.iptcData()["Iptc.Application2.Copyright"] = "Rights from IPTC";
    img.exifData()["Exif.Image.Copyright"] = "Rights from EXIF";
  });
  const EmbeddedMetadata n = readEmbeddedMetadata(readBytes(second));
  EXPECT_EQ(n.title, "Title from IPTC");
  EXPECT_EQ(n.rights, "Rights from IPTC");

  // Through the importer: the CSV's own values win, the rest come from the file, and the report
  // names the key of each filled field.
  writeText(dir.file("m.csv"), "id,file,title,artist,date\nw,all.jpg,The Night Watch,,\n");
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = dir.path();
  o.metadataCsv = dir.file("m.csv");
  const ImportReport r = importImages(c, o);
  ASSERT_EQ(r.imported, 1) << r.summary();
  const Artwork w = *c.artworkByExternalId("w");
  EXPECT_EQ(w.title, "The Night Watch");
  EXPECT_EQ(w.artist, "Artist from IPTC");
  EXPECT_EQ(w.year.value_or(0), 1642);
  EXPECT_EQ(nlohmann::json::parse(w.extraJson).value("rights", ""), "Rights from EXIF");
  EXPECT_EQ(r.converted.count("title from embedded metadata"), 0u);
  EXPECT_EQ(r.converted.at("artist from embedded metadata"), 1);
  const auto noted = [&r](const std::string& kind, const std::string& key) {
    return std::any_of(r.notes.begin(), r.notes.end(), [&](const ImportIssue& n) {
      return n.reason == kind && n.line == 2 && n.detail.find(key) != std::string::npos;
    });
  };
  EXPECT_TRUE(noted("artist from embedded metadata", "Iptc.Application2.Byline"));
  EXPECT_TRUE(noted("date from embedded metadata", "Xmp.dc.date"));
  EXPECT_TRUE(noted("rights from embedded metadata", "Exif.Image.Copyright"));
  EXPECT_NE(r.summary().find("artist from embedded metadata: 1"), std::string::npos) << r.summary();
}

// The kind is "image files that carry metadata", not only JPEG: PNG and TIFF hold XMP and EXIF too.
TEST(ImportMetadata, PngAndTiffCarryMetadataToo) {
  TempDir dir;
  for (const std::string ext : {"png", "tiff"}) {
    const std::string path = dir.file("work." + ext);
    writeBytes(path, encode("." + ext));
    tag(path, [&ext](Exiv2::Image& img) {
      img.xmpData()["Xmp.dc.title"] = "lang=x-default Title in " + ext;
      img.exifData()["Exif.Image.Artist"] = "Artist in " + ext;
    });
    const EmbeddedMetadata m = readEmbeddedMetadata(readBytes(path));
    EXPECT_TRUE(m.error.empty()) << ext << ": " << m.error;
    EXPECT_EQ(m.title, "Title in " + ext);
    EXPECT_EQ(m.artist, "Artist in " + ext);
  }
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = dir.path();
  o.noMetadata = true;
  const ImportReport r = importImages(c, o);
  ASSERT_EQ(r.imported, 2) << r.summary();
  // Without a CSV the embedded title replaces the file-name title; ids still come from the names.
  const auto titles = [&c] {
    std::vector<std::string> t;
    for (const Artwork& a : c.artworks()) t.push_back(a.title + " / " + a.artist);
    std::sort(t.begin(), t.end());
    return t;
  }();
  EXPECT_EQ(titles, (std::vector<std::string>{"Title in png / Artist in png", "Title in tiff / Artist in tiff"}));
}

// Old IPTC and EXIF text is often Latin-1: it is converted, never stored as invalid UTF-8.
TEST(ImportMetadata, LegacyEightBitTextIsReadAsLatin1) {
  TempDir dir;
  const std::string path = dir.file("latin1.jpg");
  writeBytes(path, encode(".jpg"));
  tag(path, [](Exiv2::Image& img) {
    img.iptcData()["Iptc.Application2.ObjectName"] = std::string("Caf\xe9 de la Paix");
    img.exifData()["Exif.Image.Artist"] = std::string("Andr\xe9 Derain");
  });
  const EmbeddedMetadata m = readEmbeddedMetadata(readBytes(path));
  EXPECT_EQ(m.title, "Caf\xc3\xa9 de la Paix");
  EXPECT_EQ(m.artist, "Andr\xc3\xa9 Derain");
}

// A damaged EXIF, XMP or IPTC block is a per-file warning: the image imports, the intact blocks
// are still used, and the note names the image file and what was wrong.
TEST(ImportMetadata, DamagedBlocksAreWarningsNotAborts) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  fs::create_directories(images);
  // Valid EXIF (artist) plus an XMP packet that is not XML.
  writeBytes(images + "/bad-xmp.jpg", encode(".jpg"));
  tag(images + "/bad-xmp.jpg", [](Exiv2::Image& img) { img.exifData()["Exif.Image.Artist"] = "Still read"; });
  writeBytes(images + "/bad-xmp.jpg",
             withSegment(readBytes(images + "/bad-xmp.jpg"), 0xE1,
                         kXmpId + "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF><<broken & unclosed"));
  // An EXIF block whose TIFF header points its first directory far outside the block.
  writeBytes(images + "/bad-exif.jpg",
             withSegment(encode(".jpg"), 0xE1, std::string("Exif\0\0II\x2a\0\xff\xff\xff\x7f", 14)));
  // An IPTC record (Photoshop APP13, resource 0x0404) whose dataset claims more bytes than exist.
  const std::string iptc = std::string("\x1c\x02\x05\x7f\xf0", 5) + "Title";
  std::string app13 = std::string("Photoshop 3.0\0", 14) + "8BIM" + std::string("\x04\x04\0\0", 4);
  app13 += std::string("\0\0\0", 3) + char(iptc.size()) + iptc + std::string(iptc.size() % 2, '\0');
  writeBytes(images + "/bad-iptc.jpg", withSegment(encode(".jpg"), 0xED, app13));
  writeBytes(images + "/clean.jpg", encode(".jpg"));

  const EmbeddedMetadata x = readEmbeddedMetadata(readBytes(images + "/bad-xmp.jpg"));
  EXPECT_FALSE(x.error.empty());
  EXPECT_EQ(x.artist, "Still read");
  EXPECT_FALSE(readEmbeddedMetadata(readBytes(images + "/bad-exif.jpg")).error.empty());
  EXPECT_FALSE(readEmbeddedMetadata(readBytes(images + "/bad-iptc.jpg")).error.empty());
  EXPECT_TRUE(readEmbeddedMetadata(readBytes(images + "/clean.jpg")).error.empty());

  writeText(dir.file("m.csv"), "id,file,title\nx,bad-xmp.jpg,X\ne,bad-exif.jpg,E\ni,bad-iptc.jpg,I\nc,clean.jpg,C\n");
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = images;
  o.metadataCsv = dir.file("m.csv");
  const ImportReport r = importImages(c, o);
  EXPECT_EQ(r.imported, 4) << r.summary();
  EXPECT_EQ(r.skipped(), 0) << r.summary();
  EXPECT_EQ(c.artworkByExternalId("x")->artist, "Still read");
  EXPECT_EQ(c.artworkByExternalId("e")->width, 64);
  for (const auto& expected :
       {std::pair<std::string, int64_t>{"bad-xmp.jpg", 2}, {"bad-exif.jpg", 3}, {"bad-iptc.jpg", 4}}) {
    // Named copies: C++17 lambdas cannot capture structured bindings (clang rejects it).
    const std::string& name = expected.first;
    const int64_t line = expected.second;
    const bool warned = std::any_of(r.notes.begin(), r.notes.end(), [&](const ImportIssue& n) {
      return n.reason == "embedded metadata unreadable" && n.line == line && n.detail.find(name) != std::string::npos;
    });
    EXPECT_TRUE(warned) << name << " has no warning naming it";
  }
  for (const ImportIssue& n : r.notes) EXPECT_EQ(n.detail.find("clean.jpg"), std::string::npos) << n.detail;
  EXPECT_EQ(r.converted.at("damaged embedded metadata ignored"), 3);
}
