#include "ingest/csv.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "common/error.h"

namespace vitrine {

namespace {

constexpr size_t kBufferSize = 64 * 1024;

std::string lowerTrimmed(const std::string& s) {
  size_t b = 0;
  size_t e = s.size();
  auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  while (b < e && isSpace(s[b])) ++b;
  while (e > b && isSpace(s[e - 1])) --e;
  std::string out = s.substr(b, e - b);
  // ASCII-only folding: locale-independent, and header names are ASCII in practice.
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string describeByte(int c) {
  if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  if (c == ' ') return "a space";
  if (c == '\t') return "a tab";
  static const char* hex = "0123456789ABCDEF";
  return std::string("byte 0x") + hex[(c >> 4) & 0xF] + hex[c & 0xF];
}

bool isBlankField(const std::string& s) {
  for (char c : s) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

}  // namespace

CsvReader::CsvReader(std::istream& in) : m_in(&in), m_buf(kBufferSize) {
  // Drop a UTF-8 byte order mark (Excel writes one); convert UTF-16/UTF-32 ("Unicode text").
  fill(4096);
  m_encoding = detectTextEncoding(m_buf.data() + m_pos, m_end - m_pos);
  if (m_encoding.unitBytes == 1) {
    m_pos += m_encoding.bomLength;
  } else if (!convertToUtf8()) {
    m_done = true;
    return;
  }

  std::vector<std::string> fields;
  int64_t start = 0;
  bool blank = false;
  std::string reason;
  while (true) {
    const Parsed p = parseRecord(fields, start, blank, reason);
    if (p == Parsed::End) return;
    if (p == Parsed::Bad) {
      m_issues.push_back({start, "header row: " + reason});
      m_done = true;
      return;
    }
    if (blank) continue;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!isValidUtf8(fields[i])) {
        m_issues.push_back({start, "header row: invalid UTF-8 in field " + std::to_string(i + 1)});
        m_done = true;
        return;
      }
    }
    m_header = std::move(fields);
    for (const auto& h : m_header) m_headerKeys.push_back(lowerTrimmed(h));
    return;
  }
}

bool CsvReader::convertToUtf8() {
  std::string bytes(m_buf.data() + m_pos + m_encoding.bomLength, m_end - m_pos - m_encoding.bomLength);
  bytes.append(std::istreambuf_iterator<char>(*m_in), std::istreambuf_iterator<char>());
  std::string error;
  auto text = toUtf8(bytes, m_encoding, &error);
  if (!text) {
    m_issues.push_back({1, error});
    return false;
  }
  m_converted = std::make_shared<std::istringstream>(std::move(*text));
  m_in = m_converted.get();
  m_pos = m_end = 0;
  m_eof = false;
  return true;
}

CsvReader CsvReader::fromFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error("cannot open CSV file '" + path + "': it is a directory");
  }
  auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (!*file) {
    const int err = errno;
    throw Error("cannot open CSV file '" + path + "': " + (err != 0 ? std::strerror(err) : "unreadable"));
  }
  CsvReader reader(*file);
  reader.m_owned = std::move(file);
  return reader;
}

int CsvReader::column(const std::string& name) const {
  const std::string key = lowerTrimmed(name);
  for (size_t i = 0; i < m_headerKeys.size(); ++i) {
    if (m_headerKeys[i] == key) return static_cast<int>(i);
  }
  return -1;
}

bool CsvReader::next(CsvRecord& out) {
  if (m_header.empty()) return false;
  std::string reason;
  bool blank = false;
  while (true) {
    int64_t start = 0;
    const Parsed p = parseRecord(out.fields, start, blank, reason);
    if (p == Parsed::End) return false;
    if (p == Parsed::Bad) {
      m_issues.push_back({start, reason});
      continue;
    }
    if (blank) continue;
    bool utf8 = true;
    for (size_t i = 0; i < out.fields.size() && utf8; ++i) {
      if (!isValidUtf8(out.fields[i])) {
        m_issues.push_back({start, "invalid UTF-8 in field " + std::to_string(i + 1)});
        utf8 = false;
      }
    }
    if (!utf8) continue;
    if (out.fields.size() != m_header.size()) {
      m_issues.push_back({start, "expected " + std::to_string(m_header.size()) + " fields, found " +
                                     std::to_string(out.fields.size())});
      continue;
    }
    out.line = start;
    return true;
  }
}

CsvReader::Parsed CsvReader::parseRecord(std::vector<std::string>& fields, int64_t& startLine, bool& blank,
                                         std::string& reason) {
  fields.clear();
  blank = false;
  startLine = m_line;
  if (m_done || peekByte() < 0) {
    m_done = true;
    return Parsed::End;
  }
  bool anyQuoted = false;
  std::string field;
  while (true) {  // one iteration per field
    field.clear();
    int c = getByte();
    if (c == '"') {
      anyQuoted = true;
      const int64_t openLine = m_line;
      while (true) {
        c = getByte();
        if (c < 0) {
          reason = "unterminated quoted field " + std::to_string(fields.size() + 1) + " (quote opened on line " +
                   std::to_string(openLine) + " is never closed before the end of the file)";
          m_done = true;
          return Parsed::Bad;
        }
        if (c == '"') {
          if (peekByte() == '"') {  // RFC 4180 rule 7: "" is a literal quote
            getByte();
            field.push_back('"');
            continue;
          }
          break;
        }
        field.push_back(static_cast<char>(c));
        if (c == '\r' || c == '\n') {
          if (c == '\r' && peekByte() == '\n') field.push_back(static_cast<char>(getByte()));
          ++m_line;
        }
      }
      c = getByte();
      if (c == ',') {
        fields.push_back(std::move(field));
        continue;
      }
      if (c < 0 || c == '\r' || c == '\n') {
        if (c >= 0) consumeLineBreak(c);
        fields.push_back(std::move(field));
        return Parsed::Record;
      }
      reason = "unexpected " + describeByte(c) + " after the closing quote of field " +
               std::to_string(fields.size() + 1) + " (inside a quoted field a quote must be doubled: \"\")";
      skipRestOfLine();
      return Parsed::Bad;
    }
    while (true) {  // unquoted field; c is its current byte
      if (c < 0 || c == '\r' || c == '\n') {
        if (c >= 0) consumeLineBreak(c);
        fields.push_back(std::move(field));
        blank = !anyQuoted && fields.size() == 1 && isBlankField(fields[0]);
        return Parsed::Record;
      }
      if (c == ',') {
        fields.push_back(std::move(field));
        break;
      }
      if (c == '"') {
        reason = "quote character inside unquoted field " + std::to_string(fields.size() + 1) +
                 " (quote the whole field and double inner quotes: \"\")";
        skipRestOfLine();
        return Parsed::Bad;
      }
      field.push_back(static_cast<char>(c));
      c = getByte();
    }
  }
}

bool CsvReader::fill(size_t want) {
  if (m_end - m_pos >= want) return true;
  if (m_eof) return false;
  if (m_pos > 0) {
    std::memmove(m_buf.data(), m_buf.data() + m_pos, m_end - m_pos);
    m_end -= m_pos;
    m_pos = 0;
  }
  while (m_end - m_pos < want && !m_eof) {
    m_in->read(m_buf.data() + m_end, static_cast<std::streamsize>(m_buf.size() - m_end));
    const auto got = m_in->gcount();
    m_end += static_cast<size_t>(got);
    if (!*m_in) {
      if (m_in->bad()) m_issues.push_back({m_line, "read error; the rest of the file is ignored"});
      m_eof = true;
    }
  }
  return m_end - m_pos >= want;
}

int CsvReader::peekByte() {
  if (m_pos == m_end && !fill(1)) return -1;
  return static_cast<unsigned char>(m_buf[m_pos]);
}

int CsvReader::getByte() {
  if (m_pos == m_end && !fill(1)) return -1;
  return static_cast<unsigned char>(m_buf[m_pos++]);
}

void CsvReader::consumeLineBreak(int c) {
  if (c == '\r' && peekByte() == '\n') getByte();
  ++m_line;
}

void CsvReader::skipRestOfLine() {
  while (true) {
    const int c = getByte();
    if (c < 0) return;
    if (c == '\r' || c == '\n') {
      consumeLineBreak(c);
      return;
    }
  }
}

}  // namespace vitrine
