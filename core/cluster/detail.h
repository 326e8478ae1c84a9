#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "catalog/catalog.h"
#include "common/progress.h"

// Helpers shared by the cluster .cpp files; internal to core/cluster.
namespace vitrine::detail {

// Calls progress (when set) and throws Cancelled when it returns false.
void checkProgress(const ProgressCallback& progress, const Progress& p);
std::vector<double> rowSquaredNorms(const float* data, int64_t rows, int dimension);
// out (aRows x bRows) = A . B^T for row-major A (aRows x dimension) and B (bRows x dimension).
void matMulTransposed(const float* a, int64_t aRows, const float* b, int64_t bRows, int dimension, float* out);
uint64_t splitSeed(uint64_t seed, uint64_t stream);
double uniform01(std::mt19937_64& rng);
// Copy of the embedding, optionally L2-normalised, then PCA-reduced when pcaDimension is
// positive and below the dimension; spaceDim receives the resulting dimension.
std::vector<float> prepareSpace(const EmbeddingMatrix& m, bool l2Normalise, int pcaDimension, int& spaceDim,
                                const ProgressCallback& progress);

}  // namespace vitrine::detail
