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

// Decodes with OpenCV after checking the header against maxPixels. Truncated or corrupt data is
// an error, never a crash. Output is RGB.
std::optional<Image> decodeImage(const std::vector<unsigned char>& bytes, int64_t maxPixels,
                                 ImageError* err);

// Area-averaging downscale so that the long side is at most longSide (never upscales).
Image resizeLongSide(const Image& img, int longSide);

// Bilinear resize to exactly w x h (no crop), as the CNN reference preprocessing does.
Image resizeExact(const Image& img, int w, int h);

std::vector<unsigned char> encodeJpeg(const Image& img, int quality = 85);
std::optional<Image> decodeJpegOrPng(const std::vector<unsigned char>& bytes);  // for thumbnails

}  // namespace vitrine
