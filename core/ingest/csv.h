#pragma once
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace vitrine {

// One problem in a CSV file: the 1-based physical line where the record starts, and why.
// `reason` does not repeat the line (callers format "file:line: reason").
struct CsvIssue {
  int64_t line = 0;
  std::string reason;
};

struct CsvRecord {
  int64_t line = 0;                 // 1-based line where the record starts
  std::vector<std::string> fields;
};

// RFC 4180 CSV with a header row, UTF-8 (a leading BOM is dropped). Quoted fields may hold
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

 private:
  enum class Parsed { Record, Bad, End };

  // Reads one physical record into `fields`; on Bad the input is already resynchronised.
  Parsed parseRecord(std::vector<std::string>& fields, int64_t& startLine, bool& blank,
                     std::string& reason);
  bool fill(size_t want);  // makes at least `want` unread bytes available if input allows
  int peekByte();          // next byte (0..255) or -1 at end of input
  int getByte();
  void consumeLineBreak(int c);  // c is '\r' or '\n' already consumed; eats LF after CR
  void skipRestOfLine();

  std::istream* m_in = nullptr;
  std::shared_ptr<std::istream> m_owned;
  std::vector<char> m_buf;  // own read buffer: cheap byte access and multi-byte peek for the BOM
  size_t m_pos = 0;
  size_t m_end = 0;
  bool m_eof = false;
  bool m_done = false;   // stop reading (end reached or unrecoverable problem)
  int64_t m_line = 1;    // physical line of the next unread byte
  std::vector<std::string> m_header;
  std::vector<std::string> m_headerKeys;  // lower-cased, trimmed header names for column()
  std::vector<CsvIssue> m_issues;
};

// Strict UTF-8: rejects overlong forms, surrogates, code points above U+10FFFF and truncation.
bool isValidUtf8(const std::string& s);

}  // namespace vitrine
