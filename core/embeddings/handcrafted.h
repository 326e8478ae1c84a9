#pragma once
#include "embeddings/extractor.h"

namespace vitrine {

// Always-available OpenCV features: colour, texture, edges/composition and named perceptual
// measures used in art recommendation research. Computed on the stored thumbnail's pixels
// (long side 256) so that import and a later `embed` give the same vector.
class HandcraftedExtractor : public Extractor {
 public:
  static constexpr const char* kName = "handcrafted";
  std::string name() const override { return kName; }
  std::string version() const override;
  int dimension() const override;
  std::vector<FeatureBlock> blocks() const override;
  std::vector<float> extract(const Image& rgb) const override;
};

}  // namespace vitrine
