#include "common/csv_writer.h"

#include "common/error.h"

namespace vitrine {

std::string csvField(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char ch : field) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

CsvWriter::CsvWriter(const std::string& path) : m_path(path), m_out(path, std::ios::binary | std::ios::trunc) {
  if (!m_out) throw Error(path + ": cannot be written");
}

void CsvWriter::row(const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) m_out << ',';
    m_out << csvField(fields[i]);
  }
  m_out << "\r\n";
}

void CsvWriter::finish() {
  m_out.flush();
  if (!m_out) throw Error(m_path + ": write failed (disk full?)");
}

}  // namespace vitrine
