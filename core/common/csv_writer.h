#pragma once
#include <fstream>
#include <string>
#include <vector>

namespace vitrine {

// The one CSV writer of Vitrine's exports (cluster map, study export, evaluation results):
// RFC 4180 with CRLF after every record, UTF-8 without BOM. A field is quoted only when it
// holds a comma, a double quote, CR or LF; quotes inside are doubled. The CSV reader
// (ingest/csv.h) reads this back, as do Python's csv module and pandas.
std::string csvField(const std::string& field);

class CsvWriter {
 public:
  // Creates or truncates `path`; throws vitrine::Error "PATH: cannot be written" when it cannot.
  explicit CsvWriter(const std::string& path);
  void row(const std::vector<std::string>& fields);
  // Flushes and checks; throws vitrine::Error "PATH: write failed (disk full?)". Call it before
  // reporting success: the destructor closes the file but cannot report a failure.
  void finish();

 private:
  std::string m_path;
  std::ofstream m_out;
};

}  // namespace vitrine
