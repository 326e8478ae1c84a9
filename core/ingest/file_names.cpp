#include "ingest/file_names.h"

#include <algorithm>
#include <system_error>

#include "common/unicode.h"

namespace fs = std::filesystem;

namespace vitrine {
namespace {

std::string asciiLower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool present(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// A Vitrine catalog and SQLite's files beside it (a catalog saved inside the folder it imports,
// as the New Catalog wizard suggests): never images, so not listed rather than reported.
bool catalogFile(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".vitrine" || ext == ".vitrine-wal" || ext == ".vitrine-shm" || ext == ".vitrine-journal";
}

}  // namespace

FileResolver::FileResolver(fs::path imagesDir, fs::path csvDir, bool recursive)
    : m_imagesDir(std::move(imagesDir)), m_csvDir(std::move(csvDir)), m_recursive(recursive) {}

const std::vector<std::string>& FileResolver::listing(const fs::path& dir) {
  auto it = m_listings.find(dir);
  if (it != m_listings.end()) return it->second;
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator d(dir, ec), end; !ec && d != end; d.increment(ec))
    names.push_back(d->path().filename().string());
  return m_listings.emplace(dir, std::move(names)).first->second;
}

std::optional<fs::path> FileResolver::loose(const fs::path& base, const fs::path& rel, bool& nfc, bool& caseFolded) {
  fs::path cur = base;
  for (const fs::path& part : rel) {
    const std::string want = part.string();
    if (want.empty() || want == ".") continue;
    if (want == ".." || present(cur / part)) {
      cur /= part;
      continue;
    }
    const std::string wantNfc = toNfc(want);
    std::vector<std::string> same, folded;
    for (const std::string& name : listing(cur)) {
      const std::string n = toNfc(name);
      if (n == wantNfc)
        same.push_back(name);
      else if (asciiLower(n) == asciiLower(wantNfc))
        folded.push_back(name);
    }
    if (same.size() == 1) {
      cur /= same[0];
      nfc = true;
    } else if (same.empty() && folded.size() == 1) {
      cur /= folded[0];
      caseFolded = true;
    } else {
      return std::nullopt;  // absent, or ambiguous: never guess between two files
    }
  }
  return cur;
}

std::optional<FileResolver::Match> FileResolver::resolve(const std::string& written) {
  using Kinds = std::vector<std::string>;
  std::vector<std::pair<std::string, Kinds>> variants = {{written, {}}};
  if (written.find('\\') != std::string::npos) {
    std::string slashed = written;
    std::replace(slashed.begin(), slashed.end(), '\\', '/');
    variants.emplace_back(slashed, Kinds{"backslash separators read as folders"});
  }
  const auto with = [](Kinds k, bool nfc, bool folded) {
    if (nfc) k.push_back("file name matched after Unicode normalization");
    if (folded) k.push_back("file name matched ignoring letter case");
    return k;
  };
  // Exact names first (cheap), then the loose comparisons that list folders.
  for (const auto& [name, how] : variants) {
    const fs::path p(name);
    if (p.is_absolute()) {
      if (present(p)) return Match{p, how};
      continue;
    }
    for (const fs::path& base : {m_imagesDir, m_csvDir})
      if (present(base / p)) return Match{base / p, how};
  }
  for (const auto& [name, how] : variants) {
    const fs::path p(name);
    bool nfc = false, folded = false;
    std::vector<std::pair<fs::path, fs::path>> tries;  // (base, relative)
    if (p.is_absolute())
      tries.emplace_back(p.root_path(), p.relative_path());
    else
      tries = {{m_imagesDir, p}, {m_csvDir, p}};
    for (const auto& [base, rel] : tries)
      if (auto found = loose(base, rel, nfc, folded)) return Match{*found, with(how, nfc, folded)};
  }
  // The bare file name: CSVs often carry paths from another machine ("C:\scans\x.jpg").
  for (const auto& [name, how] : variants) {
    const fs::path file = fs::path(name).filename();
    if (file.empty() || file == fs::path(name)) continue;
    bool nfc = false, folded = false;
    if (auto found = loose(m_imagesDir, file, nfc, folded)) {
      Kinds k = with(how, nfc, folded);
      k.push_back("folder part of the path ignored");
      return Match{*found, k};
    }
  }
  if (m_recursive) {
    if (!m_byName) {
      m_byName.emplace();
      for (const fs::path& f : listFolder(m_imagesDir, true, nullptr))
        m_byName->emplace(toNfc(f.filename().string()), f);
    }
    const std::string file = toNfc(fs::path(variants.back().first).filename().string());
    if (m_byName->count(file) == 1) {
      Kinds k = variants.back().second;
      k.push_back("file found in a subfolder");
      return Match{m_byName->find(file)->second, k};
    }
  }
  return std::nullopt;
}

namespace {

// One folder's regular files (and, when recursing, its subfolders' after it). A folder that cannot
// be listed, or stops listing part-way, is reported and the walk goes on with the others.
void walkFolder(const fs::path& dir, bool recursive, std::vector<fs::path>& files, std::vector<std::string>* problems) {
  const auto note = [&](const fs::path& p, const std::error_code& e) {
    if (problems) problems->push_back(p.string() + ": " + e.message());
  };
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    note(dir, ec);
    return;
  }
  std::vector<fs::path> subfolders;
  for (const fs::directory_iterator end; it != end;) {
    std::error_code fe;
    if (!hidden(it->path())) {
      if (it->is_regular_file(fe)) {
        if (!catalogFile(it->path())) files.push_back(it->path());
      } else if (recursive && !it->is_symlink(fe) && it->is_directory(fe)) {
        subfolders.push_back(it->path());  // symbolic links to folders are not followed (no cycles)
      }
    }
    it.increment(ec);
    if (ec) {
      note(dir, ec);
      break;
    }
  }
  for (const fs::path& sub : subfolders) walkFolder(sub, recursive, files, problems);
}

}  // namespace

std::vector<fs::path> listFolder(const fs::path& dir, bool recursive, std::vector<std::string>* problems) {
  std::vector<fs::path> files;
  walkFolder(dir, recursive, files, problems);
  std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) {
    return a.lexically_relative(dir).generic_string() < b.lexically_relative(dir).generic_string();
  });
  return files;
}

std::string distinctId(const fs::path& file, const fs::path& dir, const std::set<std::string>& taken) {
  const std::string rel = file.lexically_relative(dir).generic_string();
  const std::string relNfc = toNfc(rel);
  for (const std::string& id : {toNfc(file.stem().string()), toNfc(file.filename().string()), relNfc})
    if (!id.empty() && !taken.count(id)) return id;
  for (int k = 2;; ++k) {
    const std::string id = relNfc + " (" + std::to_string(k) + ")";
    if (!taken.count(id)) return id;
  }
}

}  // namespace vitrine
