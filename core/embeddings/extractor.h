#pragma once
#include <string>
#include <vector>

#include "imaging/image.h"

namespace vitrine {

// A named, documented slice of an embedding vector (shown by the explanation UI).
struct FeatureBlock {
  std::string name;         // e.g. "hsv_histogram", "perceptual"
  int offset = 0;
  int dimension = 0;
  std::string description;  // what the numbers mean
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
};

}  // namespace vitrine
