#pragma once
// Change notification of a catalog file (issue 14): what a commit changed, told to subscribers.
//
// Every connection to a catalog file in this process (the GUI's Catalog, a worker thread's own
// Catalog on the same file) reports its commits to one process-wide notifier per file, keyed by
// the file's canonical path. A subscription made on any of those connections (Catalog::subscribe)
// or by path (subscribeCatalogChanges) hears every commit of every one of them.
//
// - Told once per commit (a Catalog::Transaction, or a single write outside one), after the
//   commit succeeded, on the thread that committed. A rollback tells nothing.
// - What changed is read from SQLite itself (its update hook names each table a write touched), so
//   every write through core/catalog is covered, including cascaded deletes; a statement that fails
//   inside a transaction that still commits may over-report, never under-report.
// - Commits made by another process (a `vitrine-cli` run while the GUI is open) are not told:
//   SQLite gives no cross-process signal. Caches still notice them with Catalog::changeStamp().
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace vitrine {

// The table families of a catalog (docs/architecture.md, "Storage").
enum class CatalogFamily : uint32_t {
  Artworks = 1u << 0,        // artworks and their thumbnails
  Embeddings = 1u << 1,      // extractors and embedding vectors
  Clusterings = 1u << 2,     // clusterings, assignments, 2-D layouts
  Models = 1u << 3,          // trained CuratorNet models
  EvaluationRuns = 1u << 4,  // stored evaluation runs
  Studies = 1u << 5,         // studies, sessions, events
  Profiles = 1u << 6,        // saved profiles and their items
  Interactions = 1u << 7,    // user-artwork interactions
  Settings = 1u << 8,        // key/value settings (embedding default, credit line, ...)
};

// A set of families (bitset).
class CatalogFamilies {
 public:
  constexpr CatalogFamilies() = default;
  constexpr CatalogFamilies(CatalogFamily f) : m_bits(static_cast<uint32_t>(f)) {}  // NOLINT: implicit on purpose
  static constexpr CatalogFamilies all() { return fromBits((1u << 9) - 1); }
  static constexpr CatalogFamilies fromBits(uint32_t bits) {
    CatalogFamilies s;
    s.m_bits = bits;
    return s;
  }

  constexpr bool contains(CatalogFamily f) const { return (m_bits & static_cast<uint32_t>(f)) != 0; }
  constexpr bool intersects(CatalogFamilies o) const { return (m_bits & o.m_bits) != 0; }
  constexpr bool empty() const { return m_bits == 0; }
  constexpr uint32_t bits() const { return m_bits; }
  CatalogFamilies& operator|=(CatalogFamilies o) {
    m_bits |= o.m_bits;
    return *this;
  }
  friend constexpr CatalogFamilies operator|(CatalogFamilies a, CatalogFamilies b) {
    return fromBits(a.m_bits | b.m_bits);
  }
  friend constexpr bool operator==(CatalogFamilies a, CatalogFamilies b) { return a.m_bits == b.m_bits; }
  friend constexpr bool operator!=(CatalogFamilies a, CatalogFamilies b) { return a.m_bits != b.m_bits; }
  // "artworks, models" (in enum order); "nothing" when empty.
  std::string toString() const;

 private:
  uint32_t m_bits = 0;
};

constexpr CatalogFamilies operator|(CatalogFamily a, CatalogFamily b) {
  return CatalogFamilies(a) | CatalogFamilies(b);
}

// The name of one family ("evaluation runs").
const char* catalogFamilyName(CatalogFamily f);

// What one commit changed.
struct CatalogChange {
  CatalogFamilies families;
  // Per family, the ids of its main rows that were inserted, updated or deleted (ascending, each
  // once): artwork ids (an artwork or its thumbnail), interaction, profile, clustering, model,
  // evaluation run and study ids. Absent for families without integer ids (embeddings, settings),
  // when only dependent rows changed (a study event, a profile's items) and for a family in
  // `idsIncomplete`.
  std::map<CatalogFamily, std::vector<int64_t>> ids;
  // Families whose commit touched more than kMaxIds main rows: their ids are left out.
  CatalogFamilies idsIncomplete;
  static constexpr size_t kMaxIds = 4096;

  bool has(CatalogFamily f) const { return families.contains(f); }
  bool any(CatalogFamilies f) const { return families.intersects(f); }
  // The ids of family `f` (empty when none are known).
  const std::vector<int64_t>& idsOf(CatalogFamily f) const;
};

// Called after each commit that changed something, on the committing thread. Keep it short and do
// not block on another thread that may be committing to the same file (post the change to your own
// thread instead: ui/services/catalogwatcher.h does). An exception it throws is swallowed.
using CatalogChangeCallback = std::function<void(const CatalogChange&)>;

namespace detail {
struct ChangeHub;
struct ChangeSubscriber;
}  // namespace detail

// A registered callback; unsubscribes when destroyed or reset(). Move-only. Thread-safe: reset()
// from any thread; after it returns the callback is not running on another thread and is not called
// again (reset() from inside the callback itself is allowed).
class CatalogSubscription {
 public:
  CatalogSubscription() = default;
  CatalogSubscription(CatalogSubscription&&) noexcept = default;
  CatalogSubscription& operator=(CatalogSubscription&& o) noexcept;
  CatalogSubscription(const CatalogSubscription&) = delete;
  CatalogSubscription& operator=(const CatalogSubscription&) = delete;
  ~CatalogSubscription() { reset(); }

  void reset();
  bool active() const { return m_subscriber != nullptr; }

 private:
  friend CatalogSubscription subscribeCatalogChanges(const std::string& path, CatalogChangeCallback callback);
  std::shared_ptr<detail::ChangeHub> m_hub;
  std::shared_ptr<detail::ChangeSubscriber> m_subscriber;
};

// Subscribes to the commits of every connection of this process to the catalog file at `path`
// (the file need not be open yet). Catalog::subscribe is the same for an open catalog.
CatalogSubscription subscribeCatalogChanges(const std::string& path, CatalogChangeCallback callback);

}  // namespace vitrine
