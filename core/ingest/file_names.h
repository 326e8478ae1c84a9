#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vitrine {

// Finds the file a metadata CSV means. Policy: docs/data-policies.md, "File names".
class FileResolver {
 public:
  // Relative names are looked up under imagesDir, then next to the CSV (csvDir); with recursive,
  // a file name found exactly once anywhere under imagesDir is used as a last resort.
  FileResolver(std::filesystem::path imagesDir, std::filesystem::path csvDir, bool recursive);

  struct Match {
    std::filesystem::path path;
    std::vector<std::string> conversions;  // empty for an exact match, else what was converted
                                           // (report kinds, e.g. "backslash separators read as folders")
  };

  // In order: the name as written; `\` read as a folder separator; each path component compared
  // after Unicode NFC normalisation, then (when exactly one entry matches) ignoring letter case;
  // the bare file name in imagesDir; the bare file name anywhere below imagesDir (recursive).
  // nullopt when nothing matches (the caller reports "missing file").
  std::optional<Match> resolve(const std::string& written);

 private:
  std::optional<std::filesystem::path> loose(const std::filesystem::path& base, const std::filesystem::path& rel,
                                             bool& nfc, bool& caseFolded);
  const std::vector<std::string>& listing(const std::filesystem::path& dir);

  std::filesystem::path m_imagesDir, m_csvDir;
  bool m_recursive = false;
  std::map<std::filesystem::path, std::vector<std::string>> m_listings;
  std::optional<std::multimap<std::string, std::filesystem::path>> m_byName;  // NFC name -> paths
};

// The files an image folder import considers: regular files, hidden ones (leading '.'), hidden
// folders and Vitrine catalogs with their SQLite side files (.vitrine, .vitrine-wal, -shm,
// -journal) left out, recursing into subfolders when asked; sorted by their path relative to dir.
// Folders that cannot be read are listed in `problems` ("path: reason").
std::vector<std::filesystem::path> listFolder(const std::filesystem::path& dir, bool recursive,
                                              std::vector<std::string>* problems);

// The id a file gets in an import without metadata: its stem ("x" for x.jpg) unless `taken`
// holds it, then its file name ("x.png"), then its path relative to the folder ("b/x.png"),
// then that path with " (2)", " (3)", ... Each in Unicode NFC (macOS writes names as NFD), so the
// id is the same whichever form the file system holds. Deterministic for a given folder and set
// of taken ids.
std::string distinctId(const std::filesystem::path& file, const std::filesystem::path& dir,
                       const std::set<std::string>& taken);

}  // namespace vitrine
