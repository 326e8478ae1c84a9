#pragma once
#include <string>
#include <vector>

#include "imaging/image.h"

namespace vitrine {

// A named, documented slice of an embedding vector (shown by the explanation UI).
struct FeatureBlock {
  std::string name;  // e.g. "hsv_histogram", "perceptual"
  int offset = 0;
  int dimension = 0;
  std::string description;                  // what the numbers mean
  std::vector<std::string> componentNames;  // optional, one per dimension (e.g. "brightness")
};

// Turns an RGB image into a fixed-length float vector. Implementations must be thread-safe
// for concurrent extract() calls.
class Extractor {
 public:
  virtual ~Extractor() = default;
  virtual std::string name() const = 0;
  virtual std::string version() const = 0;
  virtual int dimension() const = 0;
  virtual std::vector<FeatureBlock> blocks() const { return {}; }
  virtual std::vector<float> extract(const Image& rgb) const = 0;
  // Several images at once; CNN extractors override it with one batched forward pass.
  virtual std::vector<std::vector<float>> extractBatch(const std::vector<Image>& rgb) const {
    std::vector<std::vector<float>> out;
    for (const auto& img : rgb) out.push_back(extract(img));
    return out;
  }
  // Images per extractBatch call; 1 means call extract() from several threads instead.
  virtual int preferredBatch() const { return 1; }
  // True when the vector should be computed from the source image file (decoded once, at full
  // size) rather than from the stored 256-px thumbnail; the embed job falls back to the
  // thumbnail when the file is missing or unreadable. CNN extractors say true (issue 16.10):
  // their reference preprocessing resizes the original image.
  virtual bool prefersSourceImage() const { return false; }
  // Work that may run on a loader thread ahead of extract()/extractBatch(), e.g. resizing to
  // the network's input size. Returns the image the extractor wants; the default is unchanged.
  virtual Image prepare(const Image& rgb) const { return rgb; }
  // The number of threads extract()/extractBatch() may use from the calling thread (the embed
  // job's budget for the network); extractors without their own threads ignore it.
  virtual void setComputeThreads(int /*threads*/) const {}
};

}  // namespace vitrine
