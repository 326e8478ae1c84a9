#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vitrine {

// A 2-D numeric .npy array converted to float32, row-major.
struct NpyMatrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> values;
};

// Reads NumPy .npy format 1.0/2.0/3.0: dtype <f4, <f8 (and integer types <i4, <i8, |u1),
// 2-D, C order. Object arrays (pickles), Fortran order, other ranks, big-endian data and
// truncated files throw vitrine::Error naming the file and the problem.
NpyMatrix readNpy(const std::string& path);

// An .npy array of any rank converted to float32, row-major (C order). shape {} = a scalar.
struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> values;
};

// As readNpy, but accepts any rank (e.g. the 1-D bias vectors of a PyTorch state dict).
NpyArray readNpyArray(const std::string& path);

// Writes a float32 2-D C-order .npy (used by tests and exports).
void writeNpy(const std::string& path, const NpyMatrix& m);
// Writes a float32 C-order .npy of any rank (e.g. the 1-D biases of model-export --npy).
// Throws vitrine::Error naming the file when the values do not fill the shape or it cannot be written.
void writeNpyArray(const std::string& path, const NpyArray& a);

// One non-empty trimmed line per entry (ids files). Throws vitrine::Error if unreadable.
std::vector<std::string> readLines(const std::string& path);

}  // namespace vitrine
