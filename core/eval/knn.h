#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace vitrine {

struct KnnAccuracy {
  int64_t evaluated = 0;        // rows with a non-empty label
  double accuracy = 0;          // leave-one-out cosine 1-NN label accuracy
  double majorityBaseline = 0;  // always guessing the most frequent label
  std::string majorityLabel;
};

// Leave-one-out cosine 1-NN: each labelled row takes the label of its most similar other
// labelled row (ties: lower row). Rows with an empty label are ignored.
KnnAccuracy leaveOneOutAccuracy(const EmbeddingMatrix& m, const std::vector<std::string>& labels);

}  // namespace vitrine
