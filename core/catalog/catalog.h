#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/changes.h"
#include "common/error.h"

struct sqlite3;

namespace vitrine {

namespace detail {
struct ChangeTracker;
}

class CatalogError : public Error {
 public:
  using Error::Error;
};

struct Artwork {
  int64_t id = 0;          // row id inside this catalog (0 = not stored yet)
  std::string externalId;  // stable id from the source (museum id, dataset id)
  std::string title;
  std::string artist;
  std::string dateText;     // as the source writes it ("c. 1631", "1868–70")
  std::optional<int> year;  // parsed from dateText when possible
  std::string style;
  std::string period;
  std::string medium;
  std::string sourcePath;        // image path relative to the catalog's folder; empty = no image
  std::string extraJson = "{}";  // any other metadata columns, as a JSON object
  int width = 0;                 // of the source image, 0 when unknown
  int height = 0;
};

struct Thumbnail {
  std::string format = "jpeg";
  int width = 0;
  int height = 0;
  std::vector<unsigned char> bytes;
};

struct EmbeddingInfo {
  std::string name;  // extractor name, e.g. "handcrafted", "mobilenet_v2", "resnet50"
  int dimension = 0;
  std::string version;
  int64_t count = 0;  // artworks that have this embedding
};

// All embeddings of one extractor, rows in artwork-id order.
struct EmbeddingMatrix {
  std::string name;
  int dimension = 0;
  std::vector<int64_t> artworkIds;       // row -> artwork id
  std::vector<std::string> externalIds;  // row -> external id
  std::vector<float> values;             // rows() x dimension, row-major
  int64_t rows() const { return static_cast<int64_t>(artworkIds.size()); }
  const float* row(int64_t r) const { return values.data() + r * dimension; }
};

struct Interaction {
  int64_t id = 0;
  std::string userId;
  int64_t artworkId = 0;
  double timestamp = 0;            // seconds (any monotone unit works; only order matters)
  std::optional<bool> evaluation;  // the tutorial's optional hold-out flag
  std::string source = "csv";      // "csv", "profile", "study"
};

struct ArtworkQuery {
  std::string text;    // substring of title or artist, ignoring case and accents (searchKey)
  std::string artist;  // exact match when non-empty
  std::string period;  // exact match on period or style when non-empty
  std::optional<int> yearFrom, yearTo;
  enum class Sort { Id, Title, Artist, Year } sort = Sort::Id;
  int64_t limit = -1;
  int64_t offset = 0;
};

struct SavedProfile {
  int64_t id = 0;
  std::string name;
  std::vector<int64_t> artworkIds;  // in the order they were added
};

// One SQLite file holds a whole catalog (see ARCHITECTURE.md, "The catalog file").
// Not thread-safe: use one Catalog per thread (WAL lets readers run beside one writer).
class Catalog {
 public:
  static constexpr const char* kExtension = ".vitrine";

  // Creates the file (and runs every migration) or fails if it exists.
  static Catalog create(const std::string& path);
  // Opens an existing catalog and migrates it to the latest schema. readOnly skips migration.
  // Errors (CatalogError, docs/data-policies.md "Catalog files"):
  //  - a file that does not start with the SQLite header: "not a Vitrine catalog (not an SQLite
  //    file)" (said of nothing else);
  //  - writable open of a catalog whose file or folder cannot be written: "... is read-only ...";
  //  - a catalog locked by another program: "... is locked by another program (while ...)"
  //    after waiting the busy timeout (5 s).
  // A read-only open works on read-only media and in read-only folders: when SQLite cannot create
  // the WAL index there, the file is opened immutable (read as it is, without locking).
  static Catalog open(const std::string& path, bool readOnly = false);
  // Writable when possible, else read-only (isReadOnly() tells); other errors are thrown.
  static Catalog openWritableOrReadOnly(const std::string& path);
  // Opens when present, creates otherwise.
  static Catalog openOrCreate(const std::string& path);

  Catalog(Catalog&&) noexcept;
  Catalog& operator=(Catalog&&) noexcept;
  ~Catalog();

  const std::string& path() const { return m_path; }
  bool isReadOnly() const;        // opened read-only, or SQLite refuses writes to the file
  std::string directory() const;  // the folder that sourcePath values are relative to
  int schemaVersion() const;
  static int latestSchemaVersion();

  // RAII transaction; rolls back unless commit() was called. Nesting is not supported.
  class Transaction {
   public:
    explicit Transaction(Catalog& c);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

   private:
    Catalog* m_catalog;
    bool m_done = false;
  };

  // --- artworks ---
  int64_t insertArtwork(const Artwork& a);  // throws CatalogError on a duplicate externalId
  std::optional<Artwork> artwork(int64_t id) const;
  std::optional<Artwork> artworkByExternalId(const std::string& externalId) const;
  std::optional<int64_t> artworkIdByExternalId(const std::string& externalId) const;
  std::vector<Artwork> artworks(const ArtworkQuery& q = {}) const;
  std::vector<int64_t> artworkIds(const ArtworkQuery& q = {}) const;
  int64_t artworkCount() const;
  std::vector<std::string> distinctArtists() const;
  std::vector<std::string> distinctPeriods() const;

  // --- thumbnails ---
  void putThumbnail(int64_t artworkId, const Thumbnail& t);
  std::optional<Thumbnail> thumbnail(int64_t artworkId) const;

  // --- embeddings (float32 BLOB per artwork per extractor) ---
  void registerExtractor(const std::string& name, int dimension, const std::string& version,
                         const std::string& configJson = "{}");
  void putEmbedding(int64_t artworkId, const std::string& name, const std::vector<float>& v);
  void putEmbedding(int64_t artworkId, const std::string& name, const float* v, int dimension);
  std::optional<std::vector<float>> embedding(int64_t artworkId, const std::string& name) const;
  std::vector<EmbeddingInfo> embeddings() const;
  std::optional<EmbeddingInfo> embeddingInfo(const std::string& name) const;
  // Artworks that already hold a vector of this embedding, ascending (resumable embedding runs).
  std::vector<int64_t> artworkIdsWithEmbedding(const std::string& name) const;
  EmbeddingMatrix loadEmbeddingMatrix(const std::string& name) const;  // throws if unknown
  void deleteEmbedding(const std::string& name);

  // --- interactions ---
  int64_t addInteraction(const Interaction& i);
  std::vector<Interaction> interactions() const;  // in insertion (file) order
  int64_t interactionCount() const;
  int64_t interactionCount(const std::string& userId, const std::string& source) const;  // of one user and source

  // --- saved profiles ---
  int64_t saveProfile(const std::string& name, const std::vector<int64_t>& artworkIds);
  std::vector<SavedProfile> profiles() const;
  std::optional<SavedProfile> profile(const std::string& name) const;
  void renameProfile(int64_t id, const std::string& newName);
  void deleteProfile(int64_t id);

  // --- key/value settings (e.g. the credit line of the data) ---
  void setSetting(const std::string& key, const std::string& value);
  std::optional<std::string> setting(const std::string& key) const;

  // Changes whenever anything committed to the file since the last call could differ: commits of
  // other connections (SQLite's PRAGMA data_version) and this connection's own writes
  // (sqlite3_total_changes). Caches compare stamps to know when to re-check what they hold.
  std::pair<int64_t, int64_t> changeStamp() const;

  // Calls `callback` after every commit that changes this catalog file, made through this or any
  // other Catalog of this process on the same file (any thread); see catalog/changes.h. Not for
  // commits of other processes. Unsubscribes when the returned object is destroyed.
  CatalogSubscription subscribe(CatalogChangeCallback callback) const;

  // Runs SQL that returns no rows (maintenance, tests).
  void exec(const std::string& sql);

 private:
  friend struct CatalogAccess;  // catalog/internal.h: the connection, for the family stores only
  Catalog(sqlite3* db, std::string path);
  void migrate();

  sqlite3* m_db = nullptr;
  std::string m_path;
  bool m_readOnly = false;
  bool m_immutable = false;                          // opened with ?immutable=1 (read-only folder or media)
  std::shared_ptr<detail::ChangeTracker> m_changes;  // catalog/change_tracker.h
};

// True for the message of a CatalogError about a lock held by another program.
bool isCatalogLockedError(const std::string& message);

// The year of a free-text date, readDate(dateText).year (common/dates.h): "c. 1631" -> 1631,
// "1868–70" -> 1868, "490 BC" -> -490, "A.H. 1083/A.D. 1672" -> 1672, "19th century" -> nullopt.
std::optional<int> parseYear(const std::string& dateText);

}  // namespace vitrine
