// Image conventions on import (docs/data-policies.md, "Image conventions" and "Embedded
// metadata"): EXIF orientation, transparency on the matte, reduced-resolution JPEG decoding, and
// title/artist/date/rights from XMP, IPTC and EXIF that the test writes with Exiv2 itself.
#include <gtest/gtest.h>

#include <exiv2/exiv2.hpp>

#include <cmath>
#include <functional>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "catalog/catalog.h"
#include "embeddings/handcrafted.h"
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

// A picture whose top-left quadrant is red and the rest blue, so orientation is visible.
cv::Mat marked(int w, int h) {
  cv::Mat m(h, w, CV_8UC3, cv::Scalar(200, 60, 20));
  m(cv::Rect(0, 0, w / 2, h / 2)).setTo(cv::Scalar(20, 20, 230));
  return m;
}

Bytes jpeg(const cv::Mat& m, int quality = 92) {
  Bytes out;
  cv::imencode(".jpg", m, out, {cv::IMWRITE_JPEG_QUALITY, quality});
  return out;
}

void writeBytes(const std::string& path, const Bytes& b) { writeText(path, std::string(b.begin(), b.end())); }

// Writes metadata into the file with Exiv2, as a museum's asset system would.
void tag(const std::string& path, const std::function<void(Exiv2::Image&)>& edit) {
  auto image = Exiv2::ImageFactory::open(path);
  ASSERT_TRUE(image.get());
  image->readMetadata();
  edit(*image);
  image->writeMetadata();
}

std::optional<Image> thumbnailOf(const Catalog& c, const std::string& id) {
  auto a = c.artworkByExternalId(id);
  if (!a) return std::nullopt;
  auto t = c.thumbnail(a->id);
  if (!t) return std::nullopt;
  return decodeJpegOrPng(t->bytes);
}

// RGB of pixel (x, y).
std::array<int, 3> at(const Image& img, int x, int y) {
  const size_t i = (size_t(y) * img.width + x) * 3;
  return {img.rgb[i], img.rgb[i + 1], img.rgb[i + 2]};
}

ImportOptions folder(const std::string& dir) {
  ImportOptions o;
  o.imagesDir = dir;
  o.noMetadata = true;
  o.threads = 2;
  return o;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ab += double(a[i]) * b[i];
    aa += double(a[i]) * a[i];
    bb += double(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb);
}

}  // namespace

TEST(ImportImages, StoredSizeIsTheDisplayedSizeAfterExifOrientation) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  fs::create_directories(images);
  // Orientation 6 = "rotate 90 degrees clockwise to display"; 8 = counter-clockwise; 3 = 180.
  for (int o : {1, 3, 6, 8}) {
    for (int w : {120, 1600}) {  // small (full decode) and large (reduced decode)
      const std::string path = images + "/o" + std::to_string(o) + "_" + std::to_string(w) + ".jpg";
      writeBytes(path, jpeg(marked(w, w * 2 / 3)));
      tag(path, [o](Exiv2::Image& img) { img.exifData()["Exif.Image.Orientation"] = uint16_t(o); });
    }
  }
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportReport r = importImages(c, folder(images));
  ASSERT_EQ(r.imported, 8) << r.summary();
  EXPECT_EQ(r.converted["EXIF orientation applied"], 6);
  for (int o : {1, 3, 6, 8}) {
    for (int w : {120, 1600}) {
      const std::string id = "o" + std::to_string(o) + "_" + std::to_string(w);
      const int h = w * 2 / 3;
      const bool turned = o == 6 || o == 8;
      auto a = c.artworkByExternalId(id);
      ASSERT_TRUE(a) << id;
      EXPECT_EQ(a->width, turned ? h : w) << id;
      EXPECT_EQ(a->height, turned ? w : h) << id;
      auto t = thumbnailOf(c, id);
      ASSERT_TRUE(t) << id;
      EXPECT_EQ(t->width > t->height, !turned) << id;
      // Where the red quadrant lands: 1 top-left, 3 bottom-right, 6 top-right, 8 bottom-left.
      const int x = (o == 3 || o == 6) ? t->width * 3 / 4 : t->width / 4;
      const int y = (o == 3 || o == 8) ? t->height * 3 / 4 : t->height / 4;
      const auto px = at(*t, x, y);
      EXPECT_GT(px[0], 180) << id << " red quadrant not where orientation " << o << " puts it";
      EXPECT_LT(px[2], 80) << id;
    }
  }
}

TEST(ImportImages, TransparencyIsCompositedOnWhite) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  fs::create_directories(images);
  // Left half opaque green, right half fully transparent with black colour values (the usual
  // encoder output), and a half-transparent black band at the bottom.
  cv::Mat bgra(60, 80, CV_8UC4, cv::Scalar(0, 0, 0, 0));
  bgra(cv::Rect(0, 0, 40, 60)).setTo(cv::Scalar(0, 200, 0, 255));
  bgra(cv::Rect(0, 50, 80, 10)).setTo(cv::Scalar(0, 0, 0, 128));
  ASSERT_TRUE(cv::imwrite(images + "/rgba.png", bgra));
  cv::Mat wide;
  bgra.convertTo(wide, CV_16UC4, 257.0);
  ASSERT_TRUE(cv::imwrite(images + "/rgba16.png", wide));
  ASSERT_TRUE(cv::imwrite(images + "/rgba.webp", bgra, {cv::IMWRITE_WEBP_QUALITY, 101}));
  // Grey + alpha and palette + tRNS PNGs (made with ImageMagick, kept in tests/data/ingest).
  for (const char* name : {"grey-alpha.png", "palette-trns.png"})
    fs::copy_file(test::dataDir() + "/ingest/" + name, images + "/" + name);
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportReport r = importImages(c, folder(images));
  ASSERT_EQ(r.imported, 5) << r.summary();
  EXPECT_EQ(r.converted["transparency composited on white"], 5);
  for (const char* id : {"rgba", "rgba16", "rgba.webp"}) {
    auto t = thumbnailOf(c, id);
    ASSERT_TRUE(t) << id;
    const auto opaque = at(*t, 10, 20), clear = at(*t, 70, 20), half = at(*t, 70, 56);
    EXPECT_GT(opaque[1], 170) << id;
    EXPECT_LT(opaque[0], 40) << id;
    for (int k = 0; k < 3; ++k) {
      EXPECT_GT(clear[k], 240) << id << " transparent pixels must be white, not black";
      EXPECT_NEAR(half[k], 127, 12) << id << " half-transparent black over white is mid grey";
    }
  }
  // The fixtures: left half opaque black, right half transparent.
  for (const char* id : {"grey-alpha", "palette-trns"}) {
    auto t = thumbnailOf(c, id);
    ASSERT_TRUE(t) << id;
    EXPECT_LT(at(*t, 1, t->height / 2)[0], 60) << id;
    EXPECT_GT(at(*t, t->width - 2, t->height / 2)[0], 230) << id;
  }
  // Features see the same white: a transparent-background image equals its white-matted copy.
  cv::Mat matted(60, 80, CV_8UC3, cv::Scalar(255, 255, 255));
  matted(cv::Rect(0, 0, 40, 60)).setTo(cv::Scalar(0, 200, 0));
  matted(cv::Rect(0, 50, 80, 10)).setTo(cv::Scalar(127, 127, 127));
  ASSERT_TRUE(cv::imwrite(dir.file("matted.png"), matted));
  ImageError err;
  auto rgba = decodeImage(*readFileBytes(images + "/rgba.png", &err), 0, &err);
  auto ref = decodeImage(*readFileBytes(dir.file("matted.png"), &err), 0, &err);
  ASSERT_TRUE(rgba && ref);
  int maxDiff = 0;
  for (size_t i = 0; i < rgba->rgb.size(); ++i) maxDiff = std::max(maxDiff, std::abs(rgba->rgb[i] - ref->rgb[i]));
  EXPECT_LE(maxDiff, 1);
}

TEST(ImportImages, ReducedDecodingKeepsThumbnailsAndFeatures) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  fs::create_directories(images);
  // A painting-like picture: smooth gradients, strokes and texture, 3000 x 2000 pixels.
  cv::Mat m(2000, 3000, CV_8UC3);
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x)
      m.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 255 / m.cols), uchar(y * 255 / m.rows), uchar((x + y) % 256));
  cv::RNG rng(7);
  for (int k = 0; k < 300; ++k)
    cv::line(m, {rng.uniform(0, 3000), rng.uniform(0, 2000)}, {rng.uniform(0, 3000), rng.uniform(0, 2000)},
             cv::Scalar(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)), rng.uniform(2, 12));
  writeBytes(images + "/big.jpg", jpeg(m));
  ImageError err;
  const Bytes bytes = *readFileBytes(images + "/big.jpg", &err);
  DecodeOptions reduced;
  reduced.minLongSide = 512;
  auto d = decodeImage(bytes, reduced, &err);
  ASSERT_TRUE(d) << err.detail;
  EXPECT_EQ(d->scaleDenominator, 4);  // 3000 / 4 = 750 >= 512; / 8 = 375 would be too small
  EXPECT_EQ(d->image.width, 750);
  EXPECT_EQ(d->width, 3000);
  EXPECT_EQ(d->height, 2000);

  Catalog fast = Catalog::create(dir.file("fast.vitrine"));
  Catalog full = Catalog::create(dir.file("full.vitrine"));
  ImportOptions o = folder(images);
  ASSERT_EQ(importImages(fast, o).imported, 1);
  o.reducedDecode = false;
  ASSERT_EQ(importImages(full, o).imported, 1);
  auto a = thumbnailOf(fast, "big"), b = thumbnailOf(full, "big");
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->width, b->width);
  ASSERT_EQ(a->height, b->height);
  double se = 0;
  for (size_t i = 0; i < a->rgb.size(); ++i) se += std::pow(double(a->rgb[i]) - b->rgb[i], 2);
  const double psnr = 10 * std::log10(255.0 * 255.0 / (se / a->rgb.size()));
  EXPECT_GT(psnr, 30.0) << "thumbnail from the reduced decode differs too much";
  const auto fa = fast.loadEmbeddingMatrix("handcrafted"), fb = full.loadEmbeddingMatrix("handcrafted");
  ASSERT_EQ(fa.values.size(), fb.values.size());
  EXPECT_GT(cosine(fa.values, fb.values), 0.99);
  EXPECT_EQ(fast.artworkByExternalId("big")->width, 3000);
}

TEST(ImportImages, EmbeddedMetadataFillsWhatTheCsvLacks) {
  TempDir dir;
  const std::string images = dir.file("imgs");
  fs::create_directories(images);
  const auto make = [&](const std::string& name, const std::function<void(Exiv2::Image&)>& edit) {
    writeBytes(images + "/" + name, jpeg(marked(90, 60)));
    tag(images + "/" + name, edit);
  };
  make("xmp.jpg", [](Exiv2::Image& img) {
    img.xmpData()["Xmp.dc.title"] = "lang=x-default Nachtwache";
    auto creator = Exiv2::Value::create(Exiv2::xmpSeq);
    creator->read("Rembrandt van Rijn");
    img.xmpData().add(Exiv2::XmpKey("Xmp.dc.creator"), creator.get());
    auto date = Exiv2::Value::create(Exiv2::xmpSeq);
    date->read("1642");
    img.xmpData().add(Exiv2::XmpKey("Xmp.dc.date"), date.get());
    img.xmpData()["Xmp.dc.rights"] = "lang=x-default Public domain (Rijksmuseum)";
    img.exifData()["Exif.Image.Artist"] = "A photographer";  // lower precedence than XMP
  });
  make("iptc.jpg", [](Exiv2::Image& img) {
    img.iptcData()["Iptc.Application2.ObjectName"] = "Saskia";
    img.iptcData()["Iptc.Application2.Byline"] = "Rembrandt";
    img.iptcData()["Iptc.Application2.DateCreated"] = "1633-01-01";
    img.iptcData()["Iptc.Application2.Copyright"] = "CC0";
  });
  make("exif.jpg", [](Exiv2::Image& img) {
    img.exifData()["Exif.Image.ImageDescription"] = "View of Delft";
    img.exifData()["Exif.Image.Artist"] = "Johannes Vermeer";
    img.exifData()["Exif.Image.Copyright"] = "Mauritshuis";
    img.exifData()["Exif.Photo.DateTimeOriginal"] = "2019:05:01 10:00:00";  // the photo, not the work
  });
  make("camera.jpg",
       [](Exiv2::Image& img) { img.exifData()["Exif.Image.ImageDescription"] = "OLYMPUS DIGITAL CAMERA"; });
  make("artwork.jpg", [](Exiv2::Image& img) {
    img.xmpData()["Xmp.dc.title"] = "lang=x-default Photo of the gallery wall";
    // The IPTC Extension's "artwork or object in the image": a bag of structures.
    Exiv2::XmpTextValue bag;
    bag.setXmpArrayType(Exiv2::XmpValue::xaBag);
    img.xmpData().add(Exiv2::XmpKey("Xmp.iptcExt.ArtworkOrObject"), &bag);
    const Exiv2::LangAltValue title("lang=x-default The Milkmaid");
    img.xmpData().add(Exiv2::XmpKey("Xmp.iptcExt.ArtworkOrObject[1]/iptcExt:AOTitle"), &title);
    img.xmpData()["Xmp.iptcExt.ArtworkOrObject[1]/iptcExt:AODateCreated"] = "c. 1658";
  });
  writeText(dir.file("m.csv"),
            "id,file,title,artist,date,rights\n"
            "x,xmp.jpg,,,,\n"
            "i,iptc.jpg,,,,\n"
            "e,exif.jpg,,,,\n"
            "c,camera.jpg,,,,\n"
            "a,artwork.jpg,,,,\n"
            "w,xmp.jpg,The Night Watch,,1642 AD,CC BY\n");  // the CSV wins where it has a value
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  ImportOptions o;
  o.imagesDir = images;
  o.metadataCsv = dir.file("m.csv");
  ImportReport r = importImages(c, o);
  ASSERT_EQ(r.imported, 6) << r.summary();
  const auto rights = [&](const std::string& id) {
    const auto j = nlohmann::json::parse(c.artworkByExternalId(id)->extraJson);
    return j.contains("rights") ? j["rights"].get<std::string>() : std::string();
  };
  auto x = *c.artworkByExternalId("x");
  EXPECT_EQ(x.title, "Nachtwache");
  EXPECT_EQ(x.artist, "Rembrandt van Rijn");
  EXPECT_EQ(x.dateText, "1642");
  EXPECT_EQ(x.year.value_or(0), 1642);
  EXPECT_EQ(rights("x"), "Public domain (Rijksmuseum)");
  auto i = *c.artworkByExternalId("i");
  EXPECT_EQ(i.title, "Saskia");
  EXPECT_EQ(i.artist, "Rembrandt");
  EXPECT_EQ(i.year.value_or(0), 1633);
  EXPECT_EQ(rights("i"), "CC0");
  auto e = *c.artworkByExternalId("e");
  EXPECT_EQ(e.title, "View of Delft");
  EXPECT_EQ(e.artist, "Johannes Vermeer");
  EXPECT_FALSE(e.year) << "EXIF capture dates are not artwork dates";
  EXPECT_EQ(rights("e"), "Mauritshuis");
  EXPECT_EQ(c.artworkByExternalId("c")->title, "");
  auto a = *c.artworkByExternalId("a");
  EXPECT_EQ(a.title, "The Milkmaid");
  EXPECT_EQ(a.year.value_or(0), 1658);
  auto w = *c.artworkByExternalId("w");
  EXPECT_EQ(w.title, "The Night Watch");
  EXPECT_EQ(w.artist, "Rembrandt van Rijn");
  EXPECT_EQ(w.dateText, "1642 AD");
  EXPECT_EQ(rights("w"), "CC BY");
  EXPECT_EQ(r.converted["title from embedded metadata"], 4);
  EXPECT_EQ(r.converted["artist from embedded metadata"], 4);

  // Without a CSV the embedded title replaces the file-name title.
  Catalog f = Catalog::create(dir.file("f.vitrine"));
  ASSERT_GT(importImages(f, folder(images)).imported, 0);
  EXPECT_EQ(f.artworkByExternalId("iptc")->title, "Saskia");
  EXPECT_EQ(f.artworkByExternalId("camera")->title, "camera");
}

TEST(ImportImages, DamagedMetadataNeverBlocksTheImage) {
  Bytes b = jpeg(marked(40, 30));
  // An APP1 "Exif" segment whose TIFF header is garbage.
  const Bytes app1 = {0xFF, 0xE1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 0x2A, 0x00, 0xFF, 0xFF, 0xFF, 0x7F};
  b.insert(b.begin() + 2, app1.begin(), app1.end());
  const EmbeddedMetadata m = readEmbeddedMetadata(b);
  EXPECT_EQ(m.orientation, 1);
  ImageError err;
  auto img = decodeImage(b, 0, &err);
  ASSERT_TRUE(img) << err.detail;
  EXPECT_EQ(img->width, 40);
  EXPECT_TRUE(readEmbeddedMetadata({}).title.empty());
  const std::string text = "not an image";
  const EmbeddedMetadata none = readEmbeddedMetadata(Bytes(text.begin(), text.end()));
  EXPECT_EQ(none.orientation, 1);  // no crash, no throw; decodeImage refuses such bytes anyway
  EXPECT_TRUE(none.title.empty());
}
