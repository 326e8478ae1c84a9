#include "imaging/image.h"

#include "imaging/metadata.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace vitrine {
namespace {

using Bytes = std::vector<unsigned char>;

uint32_t be16(const Bytes& b, size_t i) { return (uint32_t(b[i]) << 8) | b[i + 1]; }
uint32_t le16(const Bytes& b, size_t i) { return (uint32_t(b[i + 1]) << 8) | b[i]; }
uint32_t be32(const Bytes& b, size_t i) { return (be16(b, i) << 16) | be16(b, i + 2); }
uint32_t le32(const Bytes& b, size_t i) { return (le16(b, i + 2) << 16) | le16(b, i); }

bool startsWith(const Bytes& b, size_t at, const char* magic) {
  const size_t n = std::strlen(magic);
  return b.size() >= at + n && std::memcmp(b.data() + at, magic, n) == 0;
}

std::optional<ImageHeader> makeHeader(const char* format, int64_t w, int64_t h) {
  if (w <= 0 || h <= 0 || w > INT32_MAX || h > INT32_MAX) return std::nullopt;
  return ImageHeader{format, static_cast<int>(w), static_cast<int>(h)};
}

bool isSofMarker(unsigned m) {
  // SOF0-3, 5-7, 9-11, 13-15; C4 (DHT), C8 (JPG) and CC (DAC) are not frame headers.
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

// Walks JPEG marker segments from SOI. Stops at the first SOFn (frame size) or SOS.
struct JpegWalk {
  std::optional<ImageHeader> header;
  size_t sosOffset = 0;  // offset of the first SOS marker, 0 if not reached
};

JpegWalk walkJpeg(const Bytes& b) {
  JpegWalk walk;
  size_t i = 2;
  while (i + 1 < b.size()) {
    if (b[i] != 0xFF) return walk;             // segments must be back to back
    while (i < b.size() && b[i] == 0xFF) ++i;  // fill bytes
    if (i >= b.size()) return walk;
    const unsigned m = b[i++];
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) continue;  // standalone markers
    if (m == 0xD9) return walk;
    if (m == 0xDA) {
      walk.sosOffset = i - 2;
      return walk;
    }
    if (i + 2 > b.size()) return walk;
    const size_t len = be16(b, i);
    if (len < 2) return walk;
    if (isSofMarker(m) && !walk.header) {
      if (i + 7 > b.size()) return walk;
      walk.header = makeHeader("jpeg", be16(b, i + 5), be16(b, i + 3));
      if (!walk.header) return walk;
    }
    i += len;
  }
  return walk;
}

std::optional<ImageHeader> probeTiff(const Bytes& b) {
  const bool little = b[0] == 'I';
  auto u16 = [&](size_t i) { return little ? le16(b, i) : be16(b, i); };
  auto u32 = [&](size_t i) { return little ? le32(b, i) : be32(b, i); };
  const size_t ifd = u32(4);
  if (ifd + 2 > b.size()) return std::nullopt;
  const size_t count = u16(ifd);
  int64_t w = 0, h = 0;
  for (size_t k = 0; k < count; ++k) {
    const size_t e = ifd + 2 + 12 * k;
    if (e + 12 > b.size()) break;
    const unsigned tag = u16(e), type = u16(e + 2);
    // Values of at most 4 bytes sit left-justified in the value field (TIFF 6.0, section 2).
    int64_t v = -1;
    if (type == 3)
      v = u16(e + 8);
    else if (type == 4)
      v = u32(e + 8);
    if (tag == 256)
      w = v;
    else if (tag == 257)
      h = v;
  }
  return makeHeader("tiff", w, h);
}

std::optional<ImageHeader> probeWebp(const Bytes& b) {
  if (b.size() < 30) return std::nullopt;
  if (startsWith(b, 12, "VP8 ")) {
    // Lossy keyframe: 3-byte frame tag, start code 9d 01 2a, then 14-bit width/height (RFC 6386).
    if (b[23] != 0x9d || b[24] != 0x01 || b[25] != 0x2a) return std::nullopt;
    return makeHeader("webp", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
  }
  if (startsWith(b, 12, "VP8L")) {
    if (b[20] != 0x2F) return std::nullopt;
    const uint32_t bits = le32(b, 21);  // 14 bits width-1, 14 bits height-1
    return makeHeader("webp", int64_t(bits & 0x3FFF) + 1, int64_t((bits >> 14) & 0x3FFF) + 1);
  }
  if (startsWith(b, 12, "VP8X")) {
    const int64_t w = int64_t(b[24] | (b[25] << 8) | (b[26] << 16)) + 1;
    const int64_t h = int64_t(b[27] | (b[28] << 8) | (b[29] << 16)) + 1;
    return makeHeader("webp", w, h);
  }
  return std::nullopt;
}

// True when the PNG chunk chain reaches IEND inside the data (a cut file does not).
bool pngComplete(const Bytes& b) {
  size_t i = 8;
  while (i + 8 <= b.size()) {
    const uint64_t len = be32(b, i);
    if (startsWith(b, i + 4, "IEND")) return true;
    i += 12 + len;  // length, type, data, CRC
  }
  return false;
}

// True when an EOI marker follows the first SOS; entropy-coded data stuffs 0xFF with 0x00, so
// FF D9 there can only be a real marker (an EXIF thumbnail's EOI sits before SOS).
bool jpegComplete(const Bytes& b) {
  const size_t sos = walkJpeg(b).sosOffset;
  if (sos == 0) return false;
  for (size_t i = b.size() - 1; i > sos + 1; --i) {
    if (b[i] == 0xD9 && b[i - 1] == 0xFF) return true;
  }
  return false;
}

void quietOpenCv() {
  static std::once_flag once;
  std::call_once(once, [] { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR); });
}

Image fromBgr(const cv::Mat& bgr) {
  Image out;
  out.width = bgr.cols;
  out.height = bgr.rows;
  out.rgb.resize(size_t(out.width) * size_t(out.height) * 3);
  cv::Mat rgb(out.height, out.width, CV_8UC3, out.rgb.data());
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return out;
}

Image fromRgbMat(const cv::Mat& rgbMat) {
  Image out;
  out.width = rgbMat.cols;
  out.height = rgbMat.rows;
  out.rgb.resize(size_t(out.width) * size_t(out.height) * 3);
  cv::Mat dst(out.height, out.width, CV_8UC3, out.rgb.data());
  rgbMat.copyTo(dst);
  return out;
}

// A read-only view of an Image's pixels (OpenCV never writes through it).
cv::Mat view(const Image& img) {
  return cv::Mat(img.height, img.width, CV_8UC3, const_cast<unsigned char*>(img.rgb.data()));
}

bool validImage(const Image& img) {
  return !img.empty() && img.width > 0 && img.height > 0 &&
         img.rgb.size() >= size_t(img.width) * size_t(img.height) * 3;
}

void setError(ImageError* err, const std::string& reason, const std::string& detail) {
  if (err) *err = ImageError{reason, detail};
}

}  // namespace

std::optional<ImageHeader> probeImageHeader(const std::vector<unsigned char>& b) {
  if (b.size() >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return walkJpeg(b).header;
  if (startsWith(b, 0, "\x89PNG\r\n\x1a\n")) {
    if (b.size() < 24 || !startsWith(b, 12, "IHDR")) return std::nullopt;
    return makeHeader("png", be32(b, 16), be32(b, 20));
  }
  if (startsWith(b, 0, "GIF87a") || startsWith(b, 0, "GIF89a")) {
    if (b.size() < 10) return std::nullopt;
    return makeHeader("gif", le16(b, 6), le16(b, 8));
  }
  if (startsWith(b, 0, "BM") && b.size() >= 26) {
    const uint32_t dib = le32(b, 14);
    if (dib == 12) return makeHeader("bmp", le16(b, 18), le16(b, 20));  // BITMAPCOREHEADER
    if (dib < 40) return std::nullopt;
    const int32_t w = static_cast<int32_t>(le32(b, 18));
    const int32_t h = static_cast<int32_t>(le32(b, 22));  // negative = top-down rows
    return makeHeader("bmp", w, std::llabs(int64_t(h)));
  }
  if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WEBP")) return probeWebp(b);
  if ((startsWith(b, 0, "II") && b.size() >= 8 && b[2] == 42 && b[3] == 0) ||
      (startsWith(b, 0, "MM") && b.size() >= 8 && b[2] == 0 && b[3] == 42)) {
    return probeTiff(b);
  }
  return std::nullopt;
}

std::optional<std::vector<unsigned char>> readFileBytes(const std::string& path, ImageError* err) {
  std::error_code ec;
  const std::filesystem::path p(path);
  if (!std::filesystem::exists(p, ec)) {
    setError(err, "missing file", path + ": no such file");
    return std::nullopt;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in || std::filesystem::is_directory(p, ec)) {
    setError(err, "unreadable", path + ": cannot be opened for reading");
    return std::nullopt;
  }
  Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    setError(err, "unreadable", path + ": read error");
    return std::nullopt;
  }
  if (bytes.empty()) {
    setError(err, "empty file", path + ": 0 bytes");
    return std::nullopt;
  }
  return bytes;
}

namespace {

// Turns the decoder's output upright as EXIF orientation 1..8 asks (the same flips and transposes
// as OpenCV's own ApplyExifOrientation, done here so every format and every decode scale agree).
void applyOrientation(cv::Mat& m, int orientation) {
  switch (orientation) {
    case 2:
      cv::flip(m, m, 1);
      break;
    case 3:
      cv::flip(m, m, -1);
      break;
    case 4:
      cv::flip(m, m, 0);
      break;
    case 5:
      cv::transpose(m, m);
      break;
    case 6:
      cv::transpose(m, m);
      cv::flip(m, m, 1);
      break;
    case 7:
      cv::transpose(m, m);
      cv::flip(m, m, -1);
      break;
    case 8:
      cv::transpose(m, m);
      cv::flip(m, m, 0);
      break;
    default:
      break;
  }
}

// BGRA (or grey + alpha) on the matte: straight alpha, rounded to nearest.
cv::Mat compositeOnMatte(const cv::Mat& colour, const cv::Mat& alpha) {
  cv::Mat out(colour.size(), CV_8UC3);
  const int matte[3] = {kMatteBlue, kMatteGreen, kMatteRed};  // BGR order
  for (int y = 0; y < colour.rows; ++y) {
    const auto* c = colour.ptr<cv::Vec3b>(y);
    const auto* a = alpha.ptr<uchar>(y);
    auto* o = out.ptr<cv::Vec3b>(y);
    for (int x = 0; x < colour.cols; ++x)
      for (int k = 0; k < 3; ++k) o[x][k] = uchar((c[x][k] * a[x] + matte[k] * (255 - a[x]) + 127) / 255);
  }
  return out;
}

// Any OpenCV IMREAD_UNCHANGED result -> 8-bit BGR; alpha composited. Empty Mat when the sample
// type is not one we know how to scale (the caller then lets OpenCV's IMREAD_COLOR convert).
cv::Mat toBgr8(const cv::Mat& raw, bool& composited) {
  cv::Mat m;
  if (raw.depth() == CV_8U)
    m = raw;
  else if (raw.depth() == CV_16U)
    raw.convertTo(m, CV_8U, 1.0 / 257.0);
  else if (raw.depth() == CV_32F)
    raw.convertTo(m, CV_8U, 255.0);
  else
    return {};
  cv::Mat bgr;
  if (m.channels() == 1) {
    cv::cvtColor(m, bgr, cv::COLOR_GRAY2BGR);
  } else if (m.channels() == 3) {
    bgr = m;
  } else if (m.channels() == 2 || m.channels() == 4) {
    std::vector<cv::Mat> planes;
    cv::split(m, planes);
    cv::Mat alpha = planes.back();
    planes.pop_back();
    cv::Mat colour;
    if (planes.size() == 1)
      cv::cvtColor(planes[0], colour, cv::COLOR_GRAY2BGR);
    else
      cv::merge(planes, colour);
    double maxAlpha = 0, minAlpha = 0;
    cv::minMaxLoc(alpha, &minAlpha, &maxAlpha);
    // An alpha plane that is 0 everywhere is an exporter's unused channel, not a blank picture.
    if (maxAlpha == 0 || minAlpha == 255) {
      bgr = colour;
    } else {
      bgr = compositeOnMatte(colour, alpha);
      composited = true;
    }
  } else {
    return {};
  }
  return bgr;
}

}  // namespace

std::optional<DecodedImage> decodeImage(const std::vector<unsigned char>& bytes, const DecodeOptions& o,
                                        ImageError* err) {
  quietOpenCv();
  if (bytes.empty()) {
    setError(err, "empty file", "0 bytes");
    return std::nullopt;
  }
  const auto header = probeImageHeader(bytes);
  if (!header) {
    setError(err, "not an image", "the bytes are not a recognised JPEG, PNG, BMP, GIF, WebP or TIFF");
    return std::nullopt;
  }
  const int64_t pixels = int64_t(header->width) * int64_t(header->height);
  if (o.maxPixels > 0 && pixels > o.maxPixels) {
    setError(err, "oversized",
             std::to_string(header->width) + "x" + std::to_string(header->height) + " pixels exceeds the budget of " +
                 std::to_string(o.maxPixels));
    return std::nullopt;
  }
  if (bytes.size() > size_t(INT32_MAX)) {  // cv::imdecode takes an int length
    setError(err, "oversized", std::to_string(bytes.size()) + " bytes exceeds the 2 GiB decoder limit");
    return std::nullopt;
  }
  if (header->format == "gif") {
    setError(err, "unsupported", "GIF images cannot be decoded (OpenCV 4.6 has no GIF reader)");
    return std::nullopt;
  }
  // libjpeg/libpng hand back a partly grey image for cut files; refuse them up front.
  if ((header->format == "jpeg" && !jpegComplete(bytes)) || (header->format == "png" && !pngComplete(bytes))) {
    setError(err, "corrupt", header->format + " data is truncated (no end marker)");
    return std::nullopt;
  }
  DecodedImage out;
  out.format = header->format;
  out.orientation = o.orientation >= 1 && o.orientation <= 8 ? o.orientation : readEmbeddedMetadata(bytes).orientation;
  const bool jpeg = header->format == "jpeg";
  if (jpeg && o.minLongSide > 0) {
    const int longest = std::max(header->width, header->height);
    for (int d : {8, 4, 2})
      if ((longest + d - 1) / d >= o.minLongSide) {
        out.scaleDenominator = d;
        break;
      }
  }
  const cv::Mat encoded(1, int(bytes.size()), CV_8UC1, const_cast<unsigned char*>(bytes.data()));
  // Orientation is applied below, never by OpenCV (IMREAD_IGNORE_ORIENTATION), so that reduced
  // and full decodes and every format follow the same EXIF reading.
  const int colourFlags = cv::IMREAD_IGNORE_ORIENTATION | (out.scaleDenominator == 8   ? cv::IMREAD_REDUCED_COLOR_8
                                                           : out.scaleDenominator == 4 ? cv::IMREAD_REDUCED_COLOR_4
                                                           : out.scaleDenominator == 2 ? cv::IMREAD_REDUCED_COLOR_2
                                                                                       : cv::IMREAD_COLOR);
  cv::Mat bgr;
  try {
    // JPEG has no alpha and BMP's fourth channel is usually padding: decode those as colour.
    // The rest keep their alpha (IMREAD_UNCHANGED) so it can be composited on the matte.
    if (!jpeg && header->format != "bmp") {
      const cv::Mat raw = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
      if (!raw.empty()) bgr = toBgr8(raw, out.composited);
    }
    if (bgr.empty()) bgr = cv::imdecode(encoded, colourFlags);
  } catch (const cv::Exception& e) {
    setError(err, "corrupt", std::string("decoder error: ") + e.what());
    return std::nullopt;
  }
  if (bgr.empty() || bgr.type() != CV_8UC3) {
    setError(err, "corrupt", header->format + " data could not be decoded");
    return std::nullopt;
  }
  applyOrientation(bgr, out.orientation);
  const bool swapped = out.orientation >= 5;
  out.width = swapped ? header->height : header->width;
  out.height = swapped ? header->width : header->height;
  out.image = fromBgr(bgr);
  return out;
}

std::optional<Image> decodeImage(const std::vector<unsigned char>& bytes, int64_t maxPixels, ImageError* err) {
  DecodeOptions o;
  o.maxPixels = maxPixels;
  auto d = decodeImage(bytes, o, err);
  if (!d) return std::nullopt;
  return std::move(d->image);
}

Image resizeLongSide(const Image& img, int longSide) {
  if (!validImage(img)) return Image{};
  const int longest = std::max(img.width, img.height);
  if (longSide <= 0 || longest <= longSide) return img;
  const double scale = double(longSide) / double(longest);
  const int w = std::max(1, int(std::lround(img.width * scale)));
  const int h = std::max(1, int(std::lround(img.height * scale)));
  cv::Mat out;
  cv::resize(view(img), out, cv::Size(w, h), 0, 0, cv::INTER_AREA);
  return fromRgbMat(out);
}

Image resizeArea(const Image& img, int w, int h) {
  if (!validImage(img) || w <= 0 || h <= 0) return Image{};
  if (img.width == w && img.height == h) return img;
  cv::Mat out;
  cv::resize(view(img), out, cv::Size(w, h), 0, 0, cv::INTER_AREA);
  return fromRgbMat(out);
}

Image resizeExact(const Image& img, int w, int h) {
  if (!validImage(img) || w <= 0 || h <= 0) return Image{};
  cv::Mat out;
  // INTER_LINEAR samples at half-pixel centres without antialiasing, like tf.image.resize
  // bilinear with half_pixel_centers=True (the CNN reference preprocessing).
  cv::resize(view(img), out, cv::Size(w, h), 0, 0, cv::INTER_LINEAR);
  return fromRgbMat(out);
}

std::vector<unsigned char> encodeJpeg(const Image& img, int quality) {
  if (!validImage(img)) return {};
  cv::Mat bgr;
  cv::cvtColor(view(img), bgr, cv::COLOR_RGB2BGR);
  std::vector<unsigned char> out;
  cv::imencode(".jpg", bgr, out, {cv::IMWRITE_JPEG_QUALITY, std::clamp(quality, 1, 100)});
  return out;
}

std::optional<Image> decodeJpegOrPng(const std::vector<unsigned char>& bytes) {
  quietOpenCv();
  if (bytes.empty() || bytes.size() > size_t(INT32_MAX)) return std::nullopt;
  cv::Mat bgr;
  try {
    bgr = cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8UC1, const_cast<unsigned char*>(bytes.data())),
                       cv::IMREAD_COLOR);
  } catch (const cv::Exception&) {
    return std::nullopt;
  }
  if (bgr.empty() || bgr.type() != CV_8UC3) return std::nullopt;
  return fromBgr(bgr);
}

}  // namespace vitrine
