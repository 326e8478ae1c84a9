#include "catalog/changes.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "catalog/change_tracker.h"

namespace vitrine {

namespace detail {

struct ChangeSubscriber {
  CatalogChangeCallback callback;
  std::recursive_mutex calling;  // held while the callback runs; reset() waits for it
  bool active = true;
};

// The notifier of one catalog file.
struct ChangeHub {
  std::mutex mutex;
  std::vector<std::shared_ptr<ChangeSubscriber>> subscribers;

  void announce(const CatalogChange& change) {
    std::vector<std::shared_ptr<ChangeSubscriber>> calls;
    {
      std::lock_guard<std::mutex> lock(mutex);
      calls = subscribers;
    }
    for (const auto& s : calls) {
      std::lock_guard<std::recursive_mutex> lock(s->calling);
      if (!s->active) continue;
      try {
        s->callback(change);
      } catch (...) {
        // A subscriber's failure must not undo or interrupt the write that was committed.
      }
    }
  }
};

namespace {

std::string fileKey(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return ec ? path : p.string();
}

struct HubRegistry {
  std::mutex mutex;
  std::unordered_map<std::string, std::weak_ptr<ChangeHub>> hubs;
};

HubRegistry& hubRegistry() {
  static HubRegistry* r = new HubRegistry;  // never destroyed: connections may close at exit
  return *r;
}

// What a connection collected; touched only on the connection's own thread (a Catalog is used by
// one thread at a time), except through the registry below.
struct Collected {
  CatalogChange change;
  void add(CatalogFamily f, std::optional<int64_t> id) {
    change.families |= f;
    if (!id || change.idsIncomplete.contains(f)) return;
    auto& ids = change.ids[f];
    if (ids.size() >= CatalogChange::kMaxIds) {
      change.idsIncomplete |= f;
      change.ids.erase(f);
      return;
    }
    ids.push_back(*id);
  }
  void merge(Collected&& o) {
    change.families |= o.change.families;
    for (uint32_t bit = 1; bit <= CatalogFamilies::all().bits(); bit <<= 1) {
      const auto f = static_cast<CatalogFamily>(bit);
      if (!o.change.idsIncomplete.contains(f)) continue;
      change.idsIncomplete |= f;
      change.ids.erase(f);
    }
    for (auto& [f, ids] : o.change.ids)
      for (int64_t id : ids) add(f, id);
    o.clear();
  }
  bool empty() const { return change.families.empty(); }
  void clear() { change = CatalogChange{}; }
};

std::atomic<int> g_unannounced{0};  // trackers holding a committed, untold change

}  // namespace

struct ChangeTracker {
  sqlite3* db = nullptr;
  std::shared_ptr<ChangeHub> hub;
  Collected pending;    // written since the transaction began
  Collected committed;  // committed, not yet told

  void setCommitted(Collected&& c) {
    const bool was = !committed.empty();
    committed.merge(std::move(c));
    if (!was && !committed.empty()) g_unannounced.fetch_add(1);
  }
  void dropCommitted() {
    if (!committed.empty()) g_unannounced.fetch_sub(1);
    committed.clear();
  }
};

namespace {

struct TrackerRegistry {
  std::mutex mutex;
  std::unordered_map<sqlite3*, ChangeTracker*> trackers;
};

TrackerRegistry& trackerRegistry() {
  static TrackerRegistry* r = new TrackerRegistry;
  return *r;
}

// The main table of a family gives ids; its dependent tables only the family.
struct TableFamily {
  const char* table;
  CatalogFamily family;
  bool rowIdIsId;
};

constexpr TableFamily kTables[] = {
    {"artworks", CatalogFamily::Artworks, true},
    {"thumbnails", CatalogFamily::Artworks, true},  // rowid = artwork_id
    {"extractors", CatalogFamily::Embeddings, false},
    {"embeddings", CatalogFamily::Embeddings, false},
    {"interactions", CatalogFamily::Interactions, true},
    {"profiles", CatalogFamily::Profiles, true},
    {"profile_items", CatalogFamily::Profiles, false},
    {"clusterings", CatalogFamily::Clusterings, true},
    {"cluster_assignments", CatalogFamily::Clusterings, false},
    {"layouts", CatalogFamily::Clusterings, false},
    {"layout_points", CatalogFamily::Clusterings, false},
    {"models", CatalogFamily::Models, true},
    {"evaluation_runs", CatalogFamily::EvaluationRuns, true},
    {"studies", CatalogFamily::Studies, true},
    {"study_sessions", CatalogFamily::Studies, false},
    {"study_events", CatalogFamily::Studies, false},
    {"settings", CatalogFamily::Settings, false},
};

const TableFamily* findTable(const char* table) {
  for (const auto& t : kTables)
    if (std::strcmp(t.table, table) == 0) return &t;
  return nullptr;
}

void onUpdate(void* arg, int /*op*/, const char* /*dbName*/, const char* table, sqlite3_int64 rowid) {
  auto* tracker = static_cast<ChangeTracker*>(arg);
  const TableFamily* t = findTable(table);
  if (!t) return;  // sqlite_* internals
  tracker->pending.add(t->family, t->rowIdIsId ? std::optional<int64_t>(rowid) : std::nullopt);
}

int onCommit(void* arg) {
  auto* tracker = static_cast<ChangeTracker*>(arg);
  if (!tracker->pending.empty()) tracker->setCommitted(std::move(tracker->pending));
  return 0;  // let the commit proceed
}

void onRollback(void* arg) {
  auto* tracker = static_cast<ChangeTracker*>(arg);
  tracker->pending.clear();
  // A commit that failed after the commit hook (then rolled back): nothing was stored. A change
  // committed earlier was already told: every new transaction starts at an announcing point.
  tracker->dropCommitted();
}

}  // namespace

std::shared_ptr<ChangeHub> changeHubFor(const std::string& path) {
  const std::string key = fileKey(path);
  auto& r = hubRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto& weak = r.hubs[key];
  auto hub = weak.lock();
  if (!hub) {
    hub = std::make_shared<ChangeHub>();
    weak = hub;
  }
  for (auto it = r.hubs.begin(); it != r.hubs.end();)  // forget files nobody watches or writes
    it = it->second.expired() ? r.hubs.erase(it) : std::next(it);
  return hub;
}

std::shared_ptr<ChangeTracker> attachChangeTracker(sqlite3* db, const std::string& path) {
  auto tracker = std::make_shared<ChangeTracker>();
  tracker->db = db;
  tracker->hub = changeHubFor(path);
  sqlite3_update_hook(db, onUpdate, tracker.get());
  sqlite3_commit_hook(db, onCommit, tracker.get());
  sqlite3_rollback_hook(db, onRollback, tracker.get());
  auto& r = trackerRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.trackers[db] = tracker.get();
  return tracker;
}

void detachChangeTracker(sqlite3* db) {
  if (!db) return;
  announceCommitted(db);
  ChangeTracker* tracker = nullptr;
  {
    auto& r = trackerRegistry();
    std::lock_guard<std::mutex> lock(r.mutex);
    auto it = r.trackers.find(db);
    if (it == r.trackers.end()) return;
    tracker = it->second;
    r.trackers.erase(it);
  }
  sqlite3_update_hook(db, nullptr, nullptr);
  sqlite3_commit_hook(db, nullptr, nullptr);
  sqlite3_rollback_hook(db, nullptr, nullptr);
  tracker->dropCommitted();
}

void announceCommitted(sqlite3* db) {
  if (g_unannounced.load(std::memory_order_relaxed) <= 0 || !db || !sqlite3_get_autocommit(db)) return;
  ChangeTracker* tracker = nullptr;
  {
    auto& r = trackerRegistry();
    std::lock_guard<std::mutex> lock(r.mutex);
    auto it = r.trackers.find(db);
    if (it != r.trackers.end()) tracker = it->second;
  }
  // The tracker belongs to this thread's connection: no other thread touches its fields.
  if (!tracker || tracker->committed.empty()) return;
  CatalogChange change = std::move(tracker->committed.change);
  tracker->dropCommitted();
  for (auto& [family, ids] : change.ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  tracker->hub->announce(change);
}

std::optional<CatalogFamily> familyOfTable(const std::string& table) {
  const TableFamily* t = findTable(table.c_str());
  return t ? std::optional<CatalogFamily>(t->family) : std::nullopt;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------

const char* catalogFamilyName(CatalogFamily f) {
  switch (f) {
    case CatalogFamily::Artworks:
      return "artworks";
    case CatalogFamily::Embeddings:
      return "embeddings";
    case CatalogFamily::Clusterings:
      return "clusterings";
    case CatalogFamily::Models:
      return "models";
    case CatalogFamily::EvaluationRuns:
      return "evaluation runs";
    case CatalogFamily::Studies:
      return "studies";
    case CatalogFamily::Profiles:
      return "profiles";
    case CatalogFamily::Interactions:
      return "interactions";
    case CatalogFamily::Settings:
      return "settings";
  }
  return "?";
}

std::string CatalogFamilies::toString() const {
  std::string out;
  for (uint32_t bit = 1; bit <= all().bits(); bit <<= 1)
    if (m_bits & bit)
      out += (out.empty() ? "" : ", ") + std::string(catalogFamilyName(static_cast<CatalogFamily>(bit)));
  return out.empty() ? "nothing" : out;
}

const std::vector<int64_t>& CatalogChange::idsOf(CatalogFamily f) const {
  static const std::vector<int64_t> none;
  auto it = ids.find(f);
  return it == ids.end() ? none : it->second;
}

CatalogSubscription& CatalogSubscription::operator=(CatalogSubscription&& o) noexcept {
  if (this != &o) {
    reset();
    m_hub = std::move(o.m_hub);
    m_subscriber = std::move(o.m_subscriber);
  }
  return *this;
}

void CatalogSubscription::reset() {
  if (!m_subscriber) return;
  {
    std::lock_guard<std::mutex> lock(m_hub->mutex);
    auto& subs = m_hub->subscribers;
    subs.erase(std::remove(subs.begin(), subs.end(), m_subscriber), subs.end());
  }
  {
    std::lock_guard<std::recursive_mutex> lock(m_subscriber->calling);  // wait for a call in flight
    m_subscriber->active = false;
  }
  m_subscriber.reset();
  m_hub.reset();
}

CatalogSubscription subscribeCatalogChanges(const std::string& path, CatalogChangeCallback callback) {
  CatalogSubscription s;
  s.m_hub = detail::changeHubFor(path);
  s.m_subscriber = std::make_shared<detail::ChangeSubscriber>();
  s.m_subscriber->callback = std::move(callback);
  std::lock_guard<std::mutex> lock(s.m_hub->mutex);
  s.m_hub->subscribers.push_back(s.m_subscriber);
  return s;
}

}  // namespace vitrine
