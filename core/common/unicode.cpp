#include "common/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <optional>

namespace vitrine {

bool isValidUtf8(const std::string& s) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    uint32_t minCp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1Fu, minCp = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0Fu, minCp = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07u, minCp = 0x10000;
    } else {
      return false;  // continuation byte without a lead, or 0xF8..0xFF
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    // RFC 3629 section 3: no overlongs, no surrogates, nothing above U+10FFFF.
    if (cp < minCp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

namespace {

// Valid UTF-8 text in the normal form whose ICU instance `form` returns (getNFCInstance,
// getNFKDInstance), or nullopt when ICU fails.
std::optional<icu::UnicodeString> normalise(const std::string& utf8, const icu::Normalizer2* (*form)(UErrorCode&)) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normaliser = form(status);
  if (U_FAILURE(status) || !normaliser) return std::nullopt;
  icu::UnicodeString out = normaliser->normalize(icu::UnicodeString::fromUTF8(utf8), status);
  if (U_FAILURE(status)) return std::nullopt;
  return out;
}

}  // namespace

std::string toNfc(const std::string& utf8) {
  if (!isValidUtf8(utf8)) return utf8;
  bool ascii = true;
  for (unsigned char c : utf8) ascii = ascii && c < 0x80;
  if (ascii) return utf8;  // ASCII is always in NFC; skip ICU for the common case
  const std::optional<icu::UnicodeString> normalised = normalise(utf8, icu::Normalizer2::getNFCInstance);
  if (!normalised) return utf8;
  std::string out;
  normalised->toUTF8String(out);
  return out;
}

std::string searchKey(const std::string& utf8) {
  std::string out = utf8;
  bool ascii = true;
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80)
      ascii = false;
    else if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  if (ascii || !isValidUtf8(utf8)) return out;
  const std::optional<icu::UnicodeString> decomposed = normalise(utf8, icu::Normalizer2::getNFKDInstance);
  if (!decomposed) return out;
  icu::UnicodeString bare;
  for (int32_t i = 0; i < decomposed->length();) {
    const UChar32 c = decomposed->char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
    i += U16_LENGTH(c);
  }
  bare.foldCase();
  out.clear();
  bare.toUTF8String(out);
  return out;
}

std::string TextEncoding::describe() const {
  if (unitBytes == 1) return hasBom() ? "UTF-8 with byte order mark" : "UTF-8";
  return name + (hasBom() ? " with byte order mark" : " without byte order mark");
}

TextEncoding detectTextEncoding(const char* data, size_t size) {
  const auto* b = reinterpret_cast<const unsigned char*>(data);
  const auto starts = [&](std::initializer_list<unsigned char> bom) {
    if (size < bom.size()) return false;
    size_t i = 0;
    for (unsigned char c : bom)
      if (b[i++] != c) return false;
    return true;
  };
  // UTF-32LE's BOM begins like UTF-16LE's, so test it first.
  if (starts({0xFF, 0xFE, 0x00, 0x00})) return {"UTF-32LE", 4, 4, false};
  if (starts({0x00, 0x00, 0xFE, 0xFF})) return {"UTF-32BE", 4, 4, true};
  if (starts({0xFF, 0xFE})) return {"UTF-16LE", 2, 2, false};
  if (starts({0xFE, 0xFF})) return {"UTF-16BE", 2, 2, true};
  if (starts({0xEF, 0xBB, 0xBF})) return {"UTF-8", 3, 1, false};
  // Without a BOM: where the zero bytes sit. ASCII in UTF-16LE is "c 0", in UTF-32BE "0 0 0 c".
  const size_t n = std::min<size_t>(size, 4096) & ~size_t(3);
  if (n < 4) return {};
  size_t zeros[4] = {0, 0, 0, 0};
  size_t total = 0;
  for (size_t i = 0; i < n; ++i)
    if (b[i] == 0) {
      zeros[i % 4]++;
      total++;
    }
  if (total == 0) return {};
  const size_t quads = n / 4;
  const auto mostly = [&](size_t z) { return z * 10 >= quads * 9; };  // 90 % of the positions
  const auto rarely = [&](size_t z) { return z * 10 <= quads; };
  if (mostly(zeros[1]) && mostly(zeros[2]) && mostly(zeros[3]) && rarely(zeros[0])) return {"UTF-32LE", 0, 4, false};
  if (mostly(zeros[0]) && mostly(zeros[1]) && mostly(zeros[2]) && rarely(zeros[3])) return {"UTF-32BE", 0, 4, true};
  if (mostly(zeros[1]) && mostly(zeros[3]) && rarely(zeros[0]) && rarely(zeros[2])) return {"UTF-16LE", 0, 2, false};
  if (mostly(zeros[0]) && mostly(zeros[2]) && rarely(zeros[1]) && rarely(zeros[3])) return {"UTF-16BE", 0, 2, true};
  // Mixed scripts lower the share of zero bytes in UTF-16; fall back to the majority position.
  const size_t even = zeros[0] + zeros[2], odd = zeros[1] + zeros[3];
  if (odd * 4 >= n && even * 20 <= odd) return {"UTF-16LE", 0, 2, false};
  if (even * 4 >= n && odd * 20 <= even) return {"UTF-16BE", 0, 2, true};
  return {};
}

namespace {

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::optional<std::string> toUtf8(const std::string& bytes, const TextEncoding& enc, std::string* error) {
  if (enc.unitBytes == 1) return bytes;
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  const size_t unit = static_cast<size_t>(enc.unitBytes);
  const auto fail = [&](size_t at, const std::string& why) -> std::optional<std::string> {
    if (error)
      *error = "the file is " + enc.describe() + " text, but at byte " + std::to_string(at + enc.bomLength) + " " + why;
    return std::nullopt;
  };
  const auto read = [&](size_t i) -> uint32_t {
    uint32_t v = 0;
    for (size_t k = 0; k < unit; ++k) {
      const uint32_t byte = b[i + k];
      v |= enc.bigEndian ? byte << (8 * (unit - 1 - k)) : byte << (8 * k);
    }
    return v;
  };
  if (n % unit != 0) return fail(n - n % unit, "it ends in the middle of a " + std::to_string(unit) + "-byte unit");
  std::string out;
  out.reserve(n / unit + n / 8);
  for (size_t i = 0; i < n; i += unit) {
    uint32_t cp = read(i);
    if (unit == 2 && cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 2 >= n) return fail(i, "a high surrogate has no low surrogate after it");
      const uint32_t lo = read(i + 2);
      if (lo < 0xDC00 || lo > 0xDFFF) return fail(i, "a high surrogate has no low surrogate after it");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      i += 2;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      return fail(i, "there is an unpaired surrogate");
    } else if (cp > 0x10FFFF) {
      return fail(i, "there is a value above U+10FFFF");
    }
    appendUtf8(out, cp);
  }
  return out;
}

}  // namespace vitrine
