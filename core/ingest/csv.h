#pragma once
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "common/unicode.h"

namespace vitrine {

// One problem in a CSV file: the 1-based physical line where the record starts, and why.
// `reason` does not repeat the line (callers format "file:line: reason").
struct CsvIssue {
  int64_t line = 0;
  std::string reason;
};

struct CsvRecord {
  int64_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// RFC 4180 CSV with a header row, UTF-8 (a leading BOM is dropped). UTF-16 and UTF-32 files
// (either byte order, with or without a BOM; see detectTextEncoding) are converted to UTF-8 first
// and encoding() names what was found; malformed UTF-16/32 leaves header() empty with an issue on
// line 1 naming the encoding and the byte offset. Quoted fields may hold
// commas, doubled quotes and line breaks; CRLF, LF (and a lone CR) end records. Lines that are
// empty or hold only spaces/tabs are skipped. Fields are returned verbatim (not trimmed).
// A bad record becomes an issue and reading goes on; it never throws for bad content:
//  - wrong field count: "expected H fields, found F", record skipped;
//  - quote inside an unquoted field, or characters after a closing quote: issue, then the rest
//    of that physical line is skipped and reading resumes on the next line;
//  - quoted field still open at end of input: issue, reading stops;
//  - invalid UTF-8: "invalid UTF-8 in field N", record skipped.
// The header is the first non-blank record. An empty (or blank-only) input leaves header()
// empty with no issue; a broken header row leaves header() empty with an issue. With an empty
// header next() returns false at once, so importers must check header().empty() and report it.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in);
  static CsvReader fromFile(const std::string& path);  // throws vitrine::Error if unreadable

  const std::vector<std::string>& header() const { return m_header; }
  int column(const std::string& name) const;  // -1 when absent (case-insensitive, trimmed)

  // Next good record; false at end of input. Issues met on the way go to issues().
  bool next(CsvRecord& out);
  const std::vector<CsvIssue>& issues() const { return m_issues; }
  const TextEncoding& encoding() const { return m_encoding; }  // as found in the input

 private:
  enum class Parsed { Record, Bad, End };

  // Reads one physical record into `fields`; on Bad the input is already resynchronised.
  Parsed parseRecord(std::vector<std::string>& fields, int64_t& startLine, bool& blank, std::string& reason);
  bool fill(size_t want);  // makes at least `want` unread bytes available if input allows
  int peekByte();          // next byte (0..255) or -1 at end of input
  int getByte();
  void consumeLineBreak(int c);  // c is '\r' or '\n' already consumed; eats LF after CR
  void skipRestOfLine();
  bool convertToUtf8();  // UTF-16/32 input: replaces the input by its UTF-8 text; false if malformed

  std::istream* m_in = nullptr;
  std::shared_ptr<std::istream> m_owned;
  std::shared_ptr<std::istream> m_converted;  // UTF-8 text of a UTF-16/32 input (m_in points here)
  TextEncoding m_encoding;
  std::vector<char> m_buf;  // own read buffer: cheap byte access and multi-byte peek for the BOM
  size_t m_pos = 0;
  size_t m_end = 0;
  bool m_eof = false;
  bool m_done = false;  // stop reading (end reached or unrecoverable problem)
  int64_t m_line = 1;   // physical line of the next unread byte
  std::vector<std::string> m_header;
  std::vector<std::string> m_headerKeys;  // lower-cased, trimmed header names for column()
  std::vector<CsvIssue> m_issues;
};

}  // namespace vitrine
