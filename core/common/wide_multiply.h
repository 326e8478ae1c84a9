#pragma once
// The full 128-bit product of two 64-bit numbers in ISO C++ (MSVC has no unsigned __int128): the
// high half drives Lemire's multiply-shift uniform draws, so results are bit-identical on every
// compiler. Four 32 x 32 -> 64 bit partial products.
#include <cstdint>

namespace vitrine {

inline void multiply64(uint64_t a, uint64_t b, uint64_t& high, uint64_t& low) {
  const uint64_t aLo = a & 0xFFFFFFFFu, aHi = a >> 32, bLo = b & 0xFFFFFFFFu, bHi = b >> 32;
  const uint64_t ll = aLo * bLo, lh = aLo * bHi, hl = aHi * bLo, hh = aHi * bHi;
  const uint64_t middle = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);  // < 3 * 2^32
  low = (middle << 32) | (ll & 0xFFFFFFFFu);
  high = hh + (lh >> 32) + (hl >> 32) + (middle >> 32);
}

// The high 64 bits of a * b.
inline uint64_t multiplyHigh64(uint64_t a, uint64_t b) {
  uint64_t high = 0, low = 0;
  multiply64(a, b, high, low);
  return high;
}

}  // namespace vitrine
