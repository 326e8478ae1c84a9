#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace vitrine {

// Strict UTF-8: rejects overlong forms, surrogates, code points above U+10FFFF and truncation.
bool isValidUtf8(const std::string& s);

// Unicode Normalization Form C (canonical composition, UAX #15) of UTF-8 text, via ICU. macOS
// writes file names decomposed (NFD: "e" + U+0301), spreadsheets write them composed (NFC:
// U+00E9); comparing both forms after toNfc makes them equal. Invalid UTF-8 is returned as is.
std::string toNfc(const std::string& utf8);

// Text folded for search (ICU): compatibility decomposition (NFKD), combining marks (category Mn)
// removed, then Unicode case folding. "Édouard" and "EDOUARD" both give "edouard", "Straße"
// "strasse", "ﬁ" "fi", a decomposed "e" + U+0301 "e"; letters that are not a base letter plus a
// mark stay themselves ("ø", "ł"). ASCII text is only lower-cased. Invalid UTF-8 is lower-cased
// in its ASCII bytes and otherwise kept as is.
std::string searchKey(const std::string& utf8);

// The encoding of a text file, found from its first bytes: a byte order mark (UTF-8, UTF-16 or
// UTF-32, either byte order), or without one the pattern of zero bytes that UTF-16/UTF-32 text
// of mostly ASCII characters shows (as Excel's "Unicode text" and PowerShell write it).
struct TextEncoding {
  std::string name = "UTF-8";  // "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"
  size_t bomLength = 0;        // bytes of byte order mark to skip (0 when none)
  int unitBytes = 1;           // 1, 2 or 4
  bool bigEndian = false;
  bool hasBom() const { return bomLength > 0; }
  std::string describe() const;  // e.g. "UTF-16LE with byte order mark", "UTF-32BE without ..."
};

// Looks at the first bytes (a few KB are plenty). Text with NUL bytes in no UTF-16/32 pattern is
// reported as UTF-8 here and rejected later by the UTF-8 check.
TextEncoding detectTextEncoding(const char* data, size_t size);

// Converts UTF-16/UTF-32 bytes (after the BOM) to UTF-8. On malformed input (an odd trailing
// byte, an unpaired surrogate, a code point above U+10FFFF) returns nullopt and sets `error` to a
// sentence naming the encoding and the byte offset.
std::optional<std::string> toUtf8(const std::string& bytes, const TextEncoding& enc, std::string* error);

}  // namespace vitrine
