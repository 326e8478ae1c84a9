#include "ingest/npy.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <utility>

#include "common/error.h"
#include "common/text.h"

namespace vitrine {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw Error(path + ": " + what); }

std::string openError(const std::string& path, const char* what) {
  const int err = errno;
  return std::string("cannot open ") + what + " '" + path + "': " + (err != 0 ? std::strerror(err) : "unreadable");
}

bool hostIsLittleEndian() {
  const uint16_t probe = 1;
  unsigned char first = 0;
  std::memcpy(&first, &probe, 1);
  return first == 1;
}

// A Python literal as written by numpy's header repr: str, True/False/None, int, tuple/list.
struct PyValue {
  enum class Kind { Str, Name, Int, Seq } kind = Kind::Name;
  std::string text;  // Str contents or Name (True/False/None)
  int64_t number = 0;
  std::vector<PyValue> items;
};

class HeaderParser {
 public:
  HeaderParser(const std::string& path, const std::string& text) : m_path(path), m_s(text) {}

  // The header dict as (key, value) pairs, in file order.
  std::vector<std::pair<std::string, PyValue>> parseDict() {
    std::vector<std::pair<std::string, PyValue>> out;
    skipSpace();
    expect('{');
    while (true) {
      skipSpace();
      if (peek() == '}') break;
      PyValue key = parseValue();
      if (key.kind != PyValue::Kind::Str) bad("dictionary key is not a string");
      skipSpace();
      expect(':');
      out.emplace_back(key.text, parseValue());
      skipSpace();
      if (peek() == ',') {
        ++m_i;
        continue;
      }
      if (peek() != '}') bad("expected ',' or '}'");
    }
    ++m_i;
    return out;
  }

 private:
  [[noreturn]] void bad(const std::string& what) {
    // Quote at most 200 bytes of the header: a hostile one can be megabytes long.
    std::string shown = m_s.size() > 200 ? m_s.substr(0, 200) + "..." : m_s;
    for (char& c : shown)
      if (static_cast<unsigned char>(c) < 0x20 && c != ' ') c = '?';
    fail(m_path, "malformed .npy header (" + what + " at offset " + std::to_string(m_i) + "): " + shown);
  }
  char peek() const { return m_i < m_s.size() ? m_s[m_i] : '\0'; }
  void skipSpace() {
    while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r')) {
      ++m_i;
    }
  }
  void expect(char c) {
    if (peek() != c) bad(std::string("expected '") + c + "'");
    ++m_i;
  }

  // numpy writes a flat dict whose shape tuple is the deepest value (depth 2); anything much
  // deeper is hostile (a header nesting 32,000 brackets would otherwise exhaust the stack).
  static constexpr int kMaxDepth = 16;

  PyValue parseValue() {
    skipSpace();
    if (++m_depth > kMaxDepth) bad("values nested more than " + std::to_string(kMaxDepth) + " deep");
    struct Leave {
      int& d;
      ~Leave() { --d; }
    } leave{m_depth};
    PyValue v;
    const char c = peek();
    if (c == '\'' || c == '"') {
      v.kind = PyValue::Kind::Str;
      ++m_i;
      while (m_i < m_s.size() && m_s[m_i] != c) {
        if (m_s[m_i] == '\\' && m_i + 1 < m_s.size()) ++m_i;
        v.text.push_back(m_s[m_i++]);
      }
      expect(c);
    } else if (c == '(' || c == '[') {
      v.kind = PyValue::Kind::Seq;
      const char close = c == '(' ? ')' : ']';
      ++m_i;
      while (true) {
        skipSpace();
        if (peek() == close) break;
        v.items.push_back(parseValue());
        skipSpace();
        if (peek() == ',') {
          ++m_i;
          continue;
        }
        if (peek() != close) bad(std::string("expected ',' or '") + close + "'");
      }
      ++m_i;
    } else if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
      v.kind = PyValue::Kind::Int;
      bool negative = false;
      if (c == '-' || c == '+') {
        negative = c == '-';
        ++m_i;
      }
      if (!(peek() >= '0' && peek() <= '9')) bad("expected a digit");
      uint64_t n = 0;
      while (peek() >= '0' && peek() <= '9') {
        n = n * 10 + static_cast<uint64_t>(peek() - '0');
        if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) bad("number too large");
        ++m_i;
      }
      if (peek() == 'L' || peek() == 'l') ++m_i;  // Python 2 long suffix in old files
      v.number = negative ? -static_cast<int64_t>(n) : static_cast<int64_t>(n);
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') {
      v.kind = PyValue::Kind::Name;
      while ((peek() >= 'A' && peek() <= 'Z') || (peek() >= 'a' && peek() <= 'z') || (peek() >= '0' && peek() <= '9') ||
             peek() == '_') {
        v.text.push_back(m_s[m_i++]);
      }
    } else {
      bad("unexpected character");
    }
    return v;
  }

  const std::string& m_path;
  const std::string& m_s;
  size_t m_i = 0;
  int m_depth = 0;
};

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

struct Dtype {
  char kind = 'f';  // f, i, u, b
  size_t size = 4;
  bool swap = false;  // stored byte order differs from the host's
};

Dtype parseDescr(const std::string& path, const std::string& descr) {
  const std::string supported = "supported: <f4, <f8, <i1..<i8, <u1..<u8, |b1";
  if (descr.find('O') != std::string::npos) {
    fail(path, "dtype '" + descr + "': object/pickled arrays are not supported; save a numeric float32 array");
  }
  if (descr.size() < 3) fail(path, "unsupported dtype '" + descr + "' (" + supported + ")");
  const char order = descr[0];
  Dtype d;
  d.kind = descr[1];
  const std::string sizeText = descr.substr(2);
  if (sizeText.find_first_not_of("0123456789") != std::string::npos || sizeText.size() > 2 ||
      (order != '<' && order != '>' && order != '|' && order != '=')) {
    fail(path,
         "unsupported dtype '" + (descr.size() > 40 ? descr.substr(0, 40) + "..." : descr) + "' (" + supported + ")");
  }
  d.size = static_cast<size_t>(std::stoul(sizeText));  // one or two digits: cannot overflow
  const bool ok = (d.kind == 'f' && (d.size == 4 || d.size == 8)) ||
                  ((d.kind == 'i' || d.kind == 'u') && (d.size == 1 || d.size == 2 || d.size == 4 || d.size == 8)) ||
                  (d.kind == 'b' && d.size == 1);
  if (!ok) fail(path, "unsupported dtype '" + descr + "' (" + supported + ")");
  if (order == '>' && d.size > 1) {
    fail(path, "dtype '" + descr +
                   "' is big-endian, which is not supported; save with a little-endian dtype "
                   "such as '<f4' (arr.astype('<f4'))");
  }
  const bool little = order != '>' && (order != '=' || hostIsLittleEndian());
  d.swap = d.size > 1 && little != hostIsLittleEndian();
  return d;
}

template <typename T>
T load(const unsigned char* p, bool swap) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, p, sizeof(T));
  if (swap) {
    for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
  }
  T v;
  std::memcpy(&v, bytes, sizeof(T));
  return v;
}

float toFloat(const unsigned char* p, const Dtype& d) {
  switch (d.kind) {
    case 'f':
      return d.size == 4 ? load<float>(p, d.swap) : static_cast<float>(load<double>(p, d.swap));
    case 'i':
      switch (d.size) {
        case 1:
          return static_cast<float>(load<int8_t>(p, false));
        case 2:
          return static_cast<float>(load<int16_t>(p, d.swap));
        case 4:
          return static_cast<float>(load<int32_t>(p, d.swap));
        default:
          return static_cast<float>(load<int64_t>(p, d.swap));
      }
    case 'u':
      switch (d.size) {
        case 1:
          return static_cast<float>(load<uint8_t>(p, false));
        case 2:
          return static_cast<float>(load<uint16_t>(p, d.swap));
        case 4:
          return static_cast<float>(load<uint32_t>(p, d.swap));
        default:
          return static_cast<float>(load<uint64_t>(p, d.swap));
      }
    default:  // 'b': numpy bools are one byte, 0 or 1
      return p[0] != 0 ? 1.0f : 0.0f;
  }
}

// The shared parser; `matrixOnly` keeps readNpy's 2-D requirement (checked before any data is read).
NpyArray readNpyImpl(const std::string& path, bool matrixOnly) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    fail(path, "cannot open .npy file: it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(openError(path, ".npy file"));
  in.seekg(0, std::ios::end);
  const auto fileSize = static_cast<uint64_t>(in.tellg());
  in.seekg(0, std::ios::beg);

  // Format: NEP 1 / numpy.lib.format — magic, version, little-endian header length, header.
  char pre[kMagicLen + 2] = {};
  in.read(pre, sizeof(pre));
  if (in.gcount() != static_cast<std::streamsize>(sizeof(pre)) || std::memcmp(pre, kMagic, kMagicLen) != 0) {
    fail(path, "not an .npy file (bad magic; expected \\x93NUMPY at the start)");
  }
  const int major = static_cast<unsigned char>(pre[6]);
  const int minor = static_cast<unsigned char>(pre[7]);
  size_t lenBytes = 0;
  if (major == 1) {
    lenBytes = 2;
  } else if (major == 2 || major == 3) {
    lenBytes = 4;
  } else {
    fail(path, "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                   " (supported: 1.0, 2.0, 3.0)");
  }
  unsigned char lenRaw[4] = {};
  in.read(reinterpret_cast<char*>(lenRaw), static_cast<std::streamsize>(lenBytes));
  if (in.gcount() != static_cast<std::streamsize>(lenBytes)) {
    fail(path, "truncated .npy header (file ends inside the header length)");
  }
  uint64_t headerLen = 0;
  for (size_t i = lenBytes; i-- > 0;) headerLen = (headerLen << 8) | lenRaw[i];
  // numpy itself refuses headers over 10,000 bytes unless told otherwise; 1 MiB is generous.
  constexpr uint64_t kMaxHeader = 1 << 20;
  if (headerLen > kMaxHeader) {
    fail(path, "the .npy header claims " + std::to_string(headerLen) + " bytes (more than " +
                   std::to_string(kMaxHeader) + "); not a plain numeric array");
  }
  const uint64_t dataOffset = kMagicLen + 2 + lenBytes + headerLen;
  if (dataOffset > fileSize) {
    fail(path, "truncated .npy header (header says " + std::to_string(headerLen) + " bytes, file has " +
                   std::to_string(fileSize) + " bytes in total)");
  }
  std::string header(static_cast<size_t>(headerLen), '\0');
  in.read(header.data(), static_cast<std::streamsize>(headerLen));
  if (in.gcount() != static_cast<std::streamsize>(headerLen)) {
    fail(path, "truncated .npy header");
  }

  HeaderParser parser(path, header);
  bool haveDescr = false;
  bool haveFortran = false;
  bool haveShape = false;
  std::string descr;
  bool fortran = false;
  std::vector<int64_t> shape;
  for (const auto& [key, value] : parser.parseDict()) {
    if (key == "descr") {
      if (value.kind == PyValue::Kind::Seq) {
        fail(path, "structured (record) dtypes are not supported; save a plain 2-D float32 array");
      }
      if (value.kind != PyValue::Kind::Str) {
        fail(path, "'descr' in the .npy header is not a string");
      }
      descr = value.text;
      haveDescr = true;
    } else if (key == "fortran_order") {
      if (value.kind != PyValue::Kind::Name || (value.text != "True" && value.text != "False")) {
        fail(path, "'fortran_order' in the .npy header is not True or False");
      }
      fortran = value.text == "True";
      haveFortran = true;
    } else if (key == "shape") {
      if (value.kind != PyValue::Kind::Seq) fail(path, "'shape' in the .npy header is not a tuple");
      for (const auto& item : value.items) {
        if (item.kind != PyValue::Kind::Int || item.number < 0) {
          fail(path, "'shape' in the .npy header holds a value that is not a size");
        }
        shape.push_back(item.number);
      }
      haveShape = true;
    }
  }
  if (!haveDescr || !haveFortran || !haveShape) {
    fail(path, std::string("the .npy header lacks '") +
                   (!haveDescr     ? "descr"
                    : !haveFortran ? "fortran_order"
                                   : "shape") +
                   "': " + trim(header));
  }

  const Dtype dtype = parseDescr(path, descr);
  if (fortran) {
    fail(path,
         "Fortran-order (fortran_order: True) arrays are not supported; save a C-order "
         "array (np.ascontiguousarray)");
  }
  if (matrixOnly && shape.size() != 2) {
    fail(path, "expected a 2-D array (rows x dimensions), found a " + std::to_string(shape.size()) +
                   "-D array of shape " + shapeText(shape));
  }

  NpyArray m;
  m.shape = shape;
  const uint64_t limit = std::numeric_limits<uint64_t>::max() / 8;
  uint64_t count = 1;
  for (int64_t extent : shape) {
    if (extent > 0 && count > limit / static_cast<uint64_t>(extent)) {
      fail(path, "array shape " + shapeText(shape) + " is too large");
    }
    count *= static_cast<uint64_t>(extent);
  }
  const uint64_t expected = count * dtype.size;
  const uint64_t actual = fileSize - dataOffset;
  if (actual < expected) {
    fail(path, "truncated data: shape " + shapeText(shape) + " of '" + descr + "' needs " + std::to_string(expected) +
                   " bytes but the file holds only " + std::to_string(actual) + " bytes after the header");
  }

  m.values.resize(static_cast<size_t>(count));
  if (dtype.kind == 'f' && dtype.size == 4 && !dtype.swap) {
    in.read(reinterpret_cast<char*>(m.values.data()), static_cast<std::streamsize>(expected));
    if (static_cast<uint64_t>(in.gcount()) != expected) fail(path, "read error in the data");
    return m;
  }
  // Convert in chunks so a large f8 or integer file needs no second full-size buffer.
  const size_t chunkItems = 1 << 16;
  std::vector<unsigned char> raw(chunkItems * dtype.size);
  for (uint64_t done = 0; done < count;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(chunkItems, count - done));
    in.read(reinterpret_cast<char*>(raw.data()), static_cast<std::streamsize>(n * dtype.size));
    if (static_cast<size_t>(in.gcount()) != n * dtype.size) fail(path, "read error in the data");
    for (size_t k = 0; k < n; ++k) {
      m.values[static_cast<size_t>(done + k)] = toFloat(raw.data() + k * dtype.size, dtype);
    }
    done += n;
  }
  return m;
}

// Every failure is a vitrine::Error naming the file (never a bare std::exception text).
NpyArray readNpyChecked(const std::string& path, bool matrixOnly) {
  try {
    return readNpyImpl(path, matrixOnly);
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    fail(path, "not enough memory for the array the .npy header describes");
  } catch (const std::exception& e) {
    fail(path, std::string("cannot read the .npy file (") + e.what() + ")");
  }
}

}  // namespace

NpyMatrix readNpy(const std::string& path) {
  NpyArray a = readNpyChecked(path, /*matrixOnly=*/true);
  NpyMatrix m;
  m.rows = a.shape[0];
  m.cols = a.shape[1];
  m.values = std::move(a.values);
  return m;
}

NpyArray readNpyArray(const std::string& path) { return readNpyChecked(path, /*matrixOnly=*/false); }

void writeNpy(const std::string& path, const NpyMatrix& m) {
  if (m.rows < 0 || m.cols < 0 ||
      static_cast<uint64_t>(m.values.size()) != static_cast<uint64_t>(m.rows) * static_cast<uint64_t>(m.cols)) {
    fail(path, "cannot write .npy: " + std::to_string(m.values.size()) + " values do not fill shape " +
                   shapeText({m.rows, m.cols}));
  }
  writeNpyArray(path, NpyArray{{m.rows, m.cols}, m.values});
}

void writeNpyArray(const std::string& path, const NpyArray& a) {
  uint64_t count = 1;
  for (int64_t d : a.shape) {
    if (d < 0) fail(path, "cannot write .npy: negative dimension in shape " + shapeText(a.shape));
    count *= static_cast<uint64_t>(d);
  }
  if (count != static_cast<uint64_t>(a.values.size()))
    fail(path,
         "cannot write .npy: " + std::to_string(a.values.size()) + " values do not fill shape " + shapeText(a.shape));
  // Same bytes as numpy.lib.format (_write_array_header/_wrap_header): sorted-key dict repr
  // ("(n,)" for one axis), spare spaces so axis 0 can grow in place, then space padding to a
  // 64-byte boundary + '\n'.
  std::string shape;
  for (size_t i = 0; i < a.shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(a.shape[i]);
  if (a.shape.size() == 1) shape += ",";
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
  const size_t growthDigits = 21;
  const size_t rowDigits = a.shape.empty() ? growthDigits : std::to_string(a.shape[0]).size();
  if (rowDigits < growthDigits) dict.append(growthDigits - rowDigits, ' ');
  const size_t hlen = dict.size() + 1;
  const size_t padLen = 64 - ((kMagicLen + 2 + 2 + hlen) % 64);
  dict.append(padLen, ' ');
  dict.push_back('\n');

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(openError(path, ".npy file for writing"));
  const auto len = static_cast<uint16_t>(dict.size());
  const char prefix[] = {kMagic[0],
                         kMagic[1],
                         kMagic[2],
                         kMagic[3],
                         kMagic[4],
                         kMagic[5],
                         1,
                         0,
                         static_cast<char>(len & 0xFF),
                         static_cast<char>(len >> 8)};
  out.write(prefix, sizeof(prefix));
  out.write(dict.data(), static_cast<std::streamsize>(dict.size()));
  if (hostIsLittleEndian()) {
    out.write(reinterpret_cast<const char*>(a.values.data()),
              static_cast<std::streamsize>(a.values.size() * sizeof(float)));
  } else {
    for (float v : a.values) {
      unsigned char b[4];
      std::memcpy(b, &v, 4);
      const char le[4] = {static_cast<char>(b[3]), static_cast<char>(b[2]), static_cast<char>(b[1]),
                          static_cast<char>(b[0])};
      out.write(le, 4);
    }
  }
  out.close();
  if (!out) fail(path, "write error while saving the .npy file");
}

std::vector<std::string> readLines(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error("cannot open '" + path + "': it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(openError(path, "file"));
  std::vector<std::string> lines;
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (first && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    first = false;
    std::string t = trim(line);
    if (!t.empty()) lines.push_back(std::move(t));
  }
  if (in.bad()) fail(path, "read error");
  return lines;
}

}  // namespace vitrine
