#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "imaging/image.h"
#include "testutil.h"

using namespace vitrine;
using Bytes = std::vector<unsigned char>;

namespace {

// A BGR test picture with a colour gradient, so decoders have real content to chew on.
cv::Mat testPicture(int w, int h) {
  cv::Mat m(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      m.at<cv::Vec3b>(y, x) =
          cv::Vec3b(uchar(x * 255 / std::max(1, w - 1)), uchar(y * 255 / std::max(1, h - 1)), uchar((x + y) % 256));
    }
  }
  return m;
}

Bytes encode(const cv::Mat& bgr, const std::string& ext) {
  Bytes out;
  EXPECT_TRUE(cv::imencode(ext, bgr, out));
  return out;
}

void writeBytes(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

void putBe32(Bytes& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(uchar(v >> s));
}
void putLe16(Bytes& b, uint32_t v) {
  b.push_back(uchar(v));
  b.push_back(uchar(v >> 8));
}
void putLe32(Bytes& b, uint32_t v) {
  putLe16(b, v & 0xFFFF);
  putLe16(b, v >> 16);
}
void putStr(Bytes& b, const char* s) { b.insert(b.end(), s, s + std::strlen(s)); }

// Signature + IHDR only: enough for the probe, nothing to decode.
Bytes pngHeaderOnly(uint32_t w, uint32_t h) {
  Bytes b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  putBe32(b, 13);
  putStr(b, "IHDR");
  putBe32(b, w);
  putBe32(b, h);
  b.insert(b.end(), {8, 2, 0, 0, 0});  // 8-bit RGB
  putBe32(b, 0);                       // CRC (not checked by the probe)
  return b;
}

Image solid(int w, int h, unsigned char r, unsigned char g, unsigned char b) {
  Image img;
  img.width = w;
  img.height = h;
  for (int i = 0; i < w * h; ++i) img.rgb.insert(img.rgb.end(), {r, g, b});
  return img;
}

}  // namespace

TEST(ImageProbe, JpegAndPngSizes) {
  const cv::Mat pic = testPicture(37, 21);
  auto jpeg = probeImageHeader(encode(pic, ".jpg"));
  ASSERT_TRUE(jpeg);
  EXPECT_EQ(jpeg->format, "jpeg");
  EXPECT_EQ(jpeg->width, 37);
  EXPECT_EQ(jpeg->height, 21);
  auto png = probeImageHeader(encode(pic, ".png"));
  ASSERT_TRUE(png);
  EXPECT_EQ(png->format, "png");
  EXPECT_EQ(png->width, 37);
  EXPECT_EQ(png->height, 21);
}

TEST(ImageProbe, ProgressiveJpegAndExifSegmentsAreWalked) {
  const cv::Mat pic = testPicture(50, 40);
  Bytes progressive;
  ASSERT_TRUE(cv::imencode(".jpg", pic, progressive, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}));
  auto h = probeImageHeader(progressive);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->width, 50);
  EXPECT_EQ(h->height, 40);

  // An APP1 segment holding a fake SOF and EOI before the real frame header must be skipped.
  Bytes withApp = encode(pic, ".jpg");
  const Bytes app1 = {0xFF, 0xE1, 0x00, 0x0C, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x05, 0x00, 0xFF, 0xD9};
  withApp.insert(withApp.begin() + 2, app1.begin(), app1.end());
  h = probeImageHeader(withApp);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->width, 50);
  EXPECT_EQ(h->height, 40);
}

TEST(ImageProbe, BmpWithNegativeHeight) {
  Bytes b;
  putStr(b, "BM");
  putLe32(b, 0);   // file size (unused)
  putLe32(b, 0);   // reserved
  putLe32(b, 54);  // pixel data offset
  putLe32(b, 40);  // BITMAPINFOHEADER
  putLe32(b, 640);
  putLe32(b, uint32_t(-480));  // top-down rows
  putLe16(b, 1);
  putLe16(b, 24);
  b.resize(54, 0);
  auto h = probeImageHeader(b);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->format, "bmp");
  EXPECT_EQ(h->width, 640);
  EXPECT_EQ(h->height, 480);

  auto real = probeImageHeader(encode(testPicture(13, 9), ".bmp"));
  ASSERT_TRUE(real);
  EXPECT_EQ(real->width, 13);
  EXPECT_EQ(real->height, 9);
}

TEST(ImageProbe, GifHeader) {
  Bytes b;
  putStr(b, "GIF89a");
  putLe16(b, 320);
  putLe16(b, 200);
  b.insert(b.end(), {0, 0, 0});
  auto h = probeImageHeader(b);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->format, "gif");
  EXPECT_EQ(h->width, 320);
  EXPECT_EQ(h->height, 200);
}

TEST(ImageProbe, WebpVariants) {
  auto riff = [](const char* chunk) {
    Bytes b;
    putStr(b, "RIFF");
    putLe32(b, 100);
    putStr(b, "WEBP");
    putStr(b, chunk);
    putLe32(b, 80);
    return b;
  };
  Bytes lossy = riff("VP8 ");
  lossy.insert(lossy.end(), {0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a});
  putLe16(lossy, 400);
  putLe16(lossy, 300);
  lossy.resize(40, 0);
  auto h = probeImageHeader(lossy);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->format, "webp");
  EXPECT_EQ(h->width, 400);
  EXPECT_EQ(h->height, 300);

  Bytes lossless = riff("VP8L");
  lossless.push_back(0x2f);
  putLe32(lossless, uint32_t(1023 - 1) | (uint32_t(77 - 1) << 14));
  lossless.resize(40, 0);
  h = probeImageHeader(lossless);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->width, 1023);
  EXPECT_EQ(h->height, 77);

  Bytes extended = riff("VP8X");
  putLe32(extended, 0);  // flags
  const uint32_t w = 70000 - 1, ht = 5 - 1;
  extended.insert(extended.end(), {uchar(w), uchar(w >> 8), uchar(w >> 16)});
  extended.insert(extended.end(), {uchar(ht), uchar(ht >> 8), uchar(ht >> 16)});
  extended.resize(40, 0);
  h = probeImageHeader(extended);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->width, 70000);
  EXPECT_EQ(h->height, 5);
}

TEST(ImageProbe, TiffBothByteOrdersShortAndLong) {
  // Little-endian, width SHORT, length LONG.
  Bytes le = {'I', 'I', 42, 0};
  putLe32(le, 8);
  putLe16(le, 2);
  putLe16(le, 256);
  putLe16(le, 3);
  putLe32(le, 1);
  putLe16(le, 1200);
  putLe16(le, 0);
  putLe16(le, 257);
  putLe16(le, 4);
  putLe32(le, 1);
  putLe32(le, 90000);
  auto h = probeImageHeader(le);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->format, "tiff");
  EXPECT_EQ(h->width, 1200);
  EXPECT_EQ(h->height, 90000);

  // Big-endian, both SHORT (value left-justified in the 4-byte field).
  Bytes be = {'M', 'M', 0, 42};
  putBe32(be, 8);
  be.insert(be.end(), {0x00, 0x02});
  be.insert(be.end(), {0x01, 0x00, 0x00, 0x03, 0, 0, 0, 1, 0x02, 0x58, 0, 0});  // 600
  be.insert(be.end(), {0x01, 0x01, 0x00, 0x03, 0, 0, 0, 1, 0x01, 0x90, 0, 0});  // 400
  h = probeImageHeader(be);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->width, 600);
  EXPECT_EQ(h->height, 400);
}

TEST(ImageProbe, RejectsNonImages) {
  EXPECT_FALSE(probeImageHeader({}));
  const std::string text = "id,file\n1,a.jpg\n";
  EXPECT_FALSE(probeImageHeader(Bytes(text.begin(), text.end())));
  EXPECT_FALSE(probeImageHeader(Bytes{0xFF, 0xD8}));     // SOI only
  EXPECT_FALSE(probeImageHeader(pngHeaderOnly(0, 10)));  // zero width
  Bytes cutPng = pngHeaderOnly(10, 10);
  cutPng.resize(20);
  EXPECT_FALSE(probeImageHeader(cutPng));
}

TEST(ImageRead, MissingEmptyAndText) {
  test::TempDir dir;
  ImageError err;
  EXPECT_FALSE(readFileBytes(dir.file("nope.jpg"), &err));
  EXPECT_EQ(err.reason, "missing file");

  test::writeText(dir.file("zero.jpg"), "");
  EXPECT_FALSE(readFileBytes(dir.file("zero.jpg"), &err));
  EXPECT_EQ(err.reason, "empty file");

  EXPECT_FALSE(readFileBytes(dir.path(), &err));  // a directory cannot be read as a file
  EXPECT_EQ(err.reason, "unreadable");

  test::writeText(dir.file("notes.jpg"), "this is not a picture\n");
  auto bytes = readFileBytes(dir.file("notes.jpg"), &err);
  ASSERT_TRUE(bytes);
  EXPECT_FALSE(decodeImage(*bytes, 100'000'000, &err));
  EXPECT_EQ(err.reason, "not an image");
}

TEST(ImageDecode, ValidJpegAndPngFromFiles) {
  test::TempDir dir;
  cv::Mat pic(30, 40, CV_8UC3, cv::Scalar(0, 0, 255));  // pure red in BGR
  writeBytes(dir.file("a.png"), encode(pic, ".png"));
  writeBytes(dir.file("a.jpg"), encode(pic, ".jpg"));
  ImageError err;
  for (const char* name : {"a.png", "a.jpg"}) {
    auto bytes = readFileBytes(dir.file(name), &err);
    ASSERT_TRUE(bytes) << name;
    auto img = decodeImage(*bytes, 100'000'000, &err);
    ASSERT_TRUE(img) << name << ": " << err.detail;
    EXPECT_EQ(img->width, 40);
    EXPECT_EQ(img->height, 30);
    ASSERT_EQ(img->rgb.size(), size_t(40 * 30 * 3));
    EXPECT_GT(img->rgb[0], 240) << "output must be RGB";
    EXPECT_LT(img->rgb[2], 15);
  }
}

TEST(ImageDecode, TruncatedFilesAreCorrupt) {
  const cv::Mat pic = testPicture(120, 90);
  ImageError err;
  Bytes jpeg = encode(pic, ".jpg");
  jpeg.resize(jpeg.size() / 2);
  EXPECT_FALSE(decodeImage(jpeg, 100'000'000, &err));
  EXPECT_EQ(err.reason, "corrupt");

  // An EOI inside an EXIF-like segment before the image data must not hide the truncation.
  Bytes withThumb = encode(pic, ".jpg");
  const Bytes app1 = {0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD8, 0xFF, 0xD9};
  withThumb.insert(withThumb.begin() + 2, app1.begin(), app1.end());
  ASSERT_TRUE(decodeImage(withThumb, 100'000'000, &err)) << err.detail;
  withThumb.resize(withThumb.size() * 2 / 3);
  EXPECT_FALSE(decodeImage(withThumb, 100'000'000, &err));
  EXPECT_EQ(err.reason, "corrupt");

  Bytes png = encode(pic, ".png");
  png.resize(png.size() / 2);
  EXPECT_FALSE(decodeImage(png, 100'000'000, &err));
  EXPECT_EQ(err.reason, "corrupt");

  // Header intact, pixel data garbage.
  Bytes garbage = encode(pic, ".png");
  for (size_t i = 40; i + 20 < garbage.size(); ++i) garbage[i] = uchar(i * 7);
  EXPECT_FALSE(decodeImage(garbage, 100'000'000, &err));
  EXPECT_EQ(err.reason, "corrupt");
}

TEST(ImageDecode, TrailingBytesAfterJpegEndAreAccepted) {
  Bytes jpeg = encode(testPicture(20, 20), ".jpg");
  jpeg.insert(jpeg.end(), 100, 0x00);
  ImageError err;
  auto img = decodeImage(jpeg, 100'000'000, &err);
  ASSERT_TRUE(img) << err.detail;
  EXPECT_EQ(img->width, 20);
}

TEST(ImageDecode, OversizedRefusedBeforeDecoding) {
  // The header claims 2.5 gigapixels; decoding would need ~7.5 GB, so it must never be tried.
  ImageError err;
  EXPECT_FALSE(decodeImage(pngHeaderOnly(50000, 50000), 100'000'000, &err));
  EXPECT_EQ(err.reason, "oversized");
  EXPECT_NE(err.detail.find("50000x50000"), std::string::npos) << err.detail;
  EXPECT_NE(err.detail.find("100000000"), std::string::npos) << err.detail;

  // The budget is inclusive and applies to real files too.
  const Bytes small = encode(testPicture(10, 10), ".png");
  EXPECT_TRUE(decodeImage(small, 100, &err));
  EXPECT_FALSE(decodeImage(small, 99, &err));
  EXPECT_EQ(err.reason, "oversized");
}

TEST(ImageDecode, GifIsUnsupported) {
  Bytes gif;
  putStr(gif, "GIF89a");
  putLe16(gif, 4);
  putLe16(gif, 4);
  gif.insert(gif.end(), {0, 0, 0, 0x3B});
  ImageError err;
  EXPECT_FALSE(decodeImage(gif, 100'000'000, &err));
  EXPECT_EQ(err.reason, "unsupported");
}

TEST(ImageDecode, BmpDecodes) {
  ImageError err;
  auto img = decodeImage(encode(testPicture(13, 9), ".bmp"), 100'000'000, &err);
  ASSERT_TRUE(img) << err.detail;
  EXPECT_EQ(img->width, 13);
  EXPECT_EQ(img->height, 9);
}

TEST(ImageResize, LongSideDownscalesOnly) {
  const Image wide = solid(400, 200, 10, 200, 30);
  Image r = resizeLongSide(wide, 256);
  EXPECT_EQ(r.width, 256);
  EXPECT_EQ(r.height, 128);
  ASSERT_EQ(r.rgb.size(), size_t(256 * 128 * 3));
  EXPECT_EQ(r.rgb[0], 10);  // area averaging keeps a flat colour exact
  EXPECT_EQ(r.rgb[1], 200);

  const Image tall = solid(100, 300, 0, 0, 0);
  r = resizeLongSide(tall, 150);
  EXPECT_EQ(r.width, 50);
  EXPECT_EQ(r.height, 150);

  const Image small = solid(120, 80, 1, 2, 3);
  r = resizeLongSide(small, 256);
  EXPECT_EQ(r.width, 120);
  EXPECT_EQ(r.height, 80);
  EXPECT_EQ(r.rgb, small.rgb);

  const Image sliver = solid(1000, 1, 5, 5, 5);
  r = resizeLongSide(sliver, 256);
  EXPECT_EQ(r.width, 256);
  EXPECT_EQ(r.height, 1);
  EXPECT_TRUE(resizeLongSide(Image{}, 256).empty());
}

TEST(ImageResize, ExactIsBilinearWithHalfPixelCentres) {
  Image img;
  img.width = 2;
  img.height = 1;
  img.rgb = {0, 0, 0, 200, 100, 40};
  const Image r = resizeExact(img, 4, 1);
  ASSERT_EQ(r.width, 4);
  ASSERT_EQ(r.height, 1);
  // Destination x samples source (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 (edges clamp).
  const int expected[4] = {0, 50, 150, 200};
  for (int x = 0; x < 4; ++x) EXPECT_NEAR(r.rgb[size_t(x * 3)], expected[x], 1) << x;

  const Image any = resizeExact(solid(300, 200, 9, 9, 9), 224, 224);
  EXPECT_EQ(any.width, 224);
  EXPECT_EQ(any.height, 224);
  EXPECT_EQ(any.rgb.size(), size_t(224 * 224 * 3));
}

TEST(ImageThumbnail, JpegRoundTrip) {
  const Image img = solid(64, 48, 200, 40, 20);
  const Bytes jpeg = encodeJpeg(img, 90);
  ASSERT_FALSE(jpeg.empty());
  auto h = probeImageHeader(jpeg);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->format, "jpeg");
  auto back = decodeJpegOrPng(jpeg);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->width, 64);
  EXPECT_EQ(back->height, 48);
  EXPECT_NEAR(back->rgb[0], 200, 8);
  EXPECT_NEAR(back->rgb[1], 40, 8);
  EXPECT_NEAR(back->rgb[2], 20, 8);

  auto png = decodeJpegOrPng(encode(cv::Mat(5, 6, CV_8UC3, cv::Scalar(1, 2, 3)), ".png"));
  ASSERT_TRUE(png);
  EXPECT_EQ(png->rgb[0], 3);
  EXPECT_EQ(png->rgb[2], 1);

  const std::string junk = "junk";
  EXPECT_FALSE(decodeJpegOrPng(Bytes(junk.begin(), junk.end())));
  EXPECT_FALSE(decodeJpegOrPng({}));
  EXPECT_TRUE(encodeJpeg(Image{}).empty());
}
