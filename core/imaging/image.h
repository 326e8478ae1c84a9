#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vitrine {

// 8-bit interleaved RGB pixels; the only image type core's public headers use.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;  // width * height * 3
  bool empty() const { return width == 0 || height == 0; }
};

struct ImageHeader {
  std::string format;  // "jpeg", "png", "bmp", "webp", "tiff", "gif"
  int width = 0;
  int height = 0;
};

// Why an image could not be used; `reason` is a short category used in import summaries.
struct ImageError {
  std::string reason;  // "missing file", "empty file", "unreadable", "not an image", "oversized",
                       // "corrupt", "unsupported"
  std::string detail;  // human-readable, e.g. "12000x11000 pixels exceeds the budget of 100000000"
};

// Reads only the header bytes to learn format and size, without decoding pixels.
std::optional<ImageHeader> probeImageHeader(const std::vector<unsigned char>& bytes);

// Reads a whole file. Returns nullopt and fills err when missing/unreadable/empty.
std::optional<std::vector<unsigned char>> readFileBytes(const std::string& path, ImageError* err);

// The colour transparent pixels are composited on (thumbnails, features, CNN input): white.
// docs/data-policies.md, "Transparent images".
inline constexpr unsigned char kMatteRed = 255, kMatteGreen = 255, kMatteBlue = 255;

struct DecodeOptions {
  int64_t maxPixels = 0;  // refuse images with more pixels (from the header) before decoding; 0 = no limit
  // > 0 allows a reduced-resolution JPEG decode (libjpeg DCT scaling to 1/2, 1/4 or 1/8) as long
  // as the decoded long side stays >= this many pixels. Other formats always decode in full.
  int minLongSide = 0;
  int orientation = 0;  // EXIF orientation 1..8 when the caller already read it; 0 = read it here
};

struct DecodedImage {
  Image image;         // RGB, upright (EXIF orientation applied), alpha composited on the matte
  std::string format;  // as probeImageHeader names it
  int width = 0;       // displayed size of the full-resolution image, after EXIF orientation
  int height = 0;
  int orientation = 1;       // the EXIF orientation that was applied (1 = none)
  int scaleDenominator = 1;  // 1, 2, 4 or 8: image is about (width/d) x (height/d)
  bool composited = false;   // the image had an alpha channel, now composited on the matte
};

// Decodes with OpenCV after checking the header against maxPixels. Truncated or corrupt data is
// an error, never a crash. EXIF orientation (from readEmbeddedMetadata, any format Exiv2 reads)
// is applied, 16-bit samples are reduced to 8 bits, and transparent pixels are composited on the
// matte colour above (straight alpha, per channel: (c*a + matte*(255-a)) / 255).
std::optional<DecodedImage> decodeImage(const std::vector<unsigned char>& bytes, const DecodeOptions& options,
                                        ImageError* err);

// The same at full resolution; only the RGB pixels.
std::optional<Image> decodeImage(const std::vector<unsigned char>& bytes, int64_t maxPixels, ImageError* err);

// Area-averaging downscale so that the long side is at most longSide (never upscales).
Image resizeLongSide(const Image& img, int longSide);

// Area-averaging resize to exactly w x h (a copy when the size is already w x h).
Image resizeArea(const Image& img, int w, int h);

// Bilinear resize to exactly w x h (no crop), as the CNN reference preprocessing does.
Image resizeExact(const Image& img, int w, int h);

std::vector<unsigned char> encodeJpeg(const Image& img, int quality = 85);
std::optional<Image> decodeJpegOrPng(const std::vector<unsigned char>& bytes);  // for thumbnails

}  // namespace vitrine
