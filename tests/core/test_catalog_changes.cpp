// Change notification of a catalog (core/catalog/changes.h, issue 14): each write family tells
// exactly its family after the commit, a rollback tells nothing, unsubscribing stops the calls,
// and a commit on another thread's connection to the same file reaches a subscriber.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/change_tracker.h"
#include "catalog/clustering_store.h"
#include "catalog/embedding_store.h"
#include "catalog/evaluation_store.h"
#include "catalog/model_store.h"
#include "catalog/statement.h"
#include "catalog/internal.h"
#include "catalog/study_store.h"
#include "testutil.h"

using namespace vitrine;

namespace {

// Records every change told to it (thread-safe).
class Recorder {
 public:
  CatalogSubscription subscribeTo(const Catalog& c) {
    return c.subscribe([this](const CatalogChange& ch) {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_changes.push_back(ch);
      m_threads.push_back(std::this_thread::get_id());
      m_cv.notify_all();
    });
  }
  std::vector<CatalogChange> take() {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto out = std::move(m_changes);
    m_changes.clear();
    m_threads.clear();
    return out;
  }
  std::vector<std::thread::id> threads() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_threads;
  }
  size_t count() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_changes.size();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<CatalogChange> m_changes;
  std::vector<std::thread::id> m_threads;
};

class CatalogChanges : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog = std::make_unique<Catalog>(Catalog::create(dir.file("c.vitrine")));
    for (int i = 1; i <= 3; ++i) {
      Artwork a;
      a.externalId = "a" + std::to_string(i);
      a.title = "T" + std::to_string(i);
      ids.push_back(catalog->insertArtwork(a));
    }
    catalog->registerExtractor("e", 2, "1");
    for (int64_t id : ids) catalog->putEmbedding(id, "e", std::vector<float>{1.0f, float(id)});
    sub = rec.subscribeTo(*catalog);
  }

  // The single change told for `write`, which must be exactly `expected`.
  template <typename F>
  CatalogChange expectOne(CatalogFamilies expected, F write) {
    rec.take();
    write();
    auto changes = rec.take();
    EXPECT_EQ(changes.size(), 1u) << "expected one change of " << expected.toString();
    if (changes.empty()) return {};
    EXPECT_EQ(changes[0].families, expected)
        << "told " << changes[0].families.toString() << ", expected " << expected.toString();
    return changes[0];
  }

  test::TempDir dir;
  std::unique_ptr<Catalog> catalog;
  std::vector<int64_t> ids;
  Recorder rec;
  CatalogSubscription sub;
};

}  // namespace

TEST_F(CatalogChanges, EveryTableBelongsToAFamily) {
  Statement s(catalogDb(*catalog), "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'");
  int tables = 0;
  while (s.step()) {
    ++tables;
    EXPECT_TRUE(detail::familyOfTable(s.text(0)).has_value()) << "table " << s.text(0) << " has no CatalogFamily";
  }
  EXPECT_GT(tables, 10);
}

TEST_F(CatalogChanges, ArtworksAndThumbnails) {
  Artwork a;
  a.externalId = "new";
  int64_t id = 0;
  auto ch = expectOne(CatalogFamily::Artworks, [&] { id = catalog->insertArtwork(a); });
  EXPECT_EQ(ch.idsOf(CatalogFamily::Artworks), std::vector<int64_t>{id});
  Thumbnail t;
  t.bytes = {1, 2, 3};
  ch = expectOne(CatalogFamily::Artworks, [&] { catalog->putThumbnail(ids[1], t); });
  EXPECT_EQ(ch.idsOf(CatalogFamily::Artworks), std::vector<int64_t>{ids[1]});
}

TEST_F(CatalogChanges, Embeddings) {
  expectOne(CatalogFamily::Embeddings, [&] { catalog->registerExtractor("f", 3, "1"); });
  auto ch = expectOne(CatalogFamily::Embeddings, [&] { catalog->putEmbedding(ids[0], "f", {1.f, 2.f, 3.f}); });
  EXPECT_TRUE(ch.idsOf(CatalogFamily::Embeddings).empty());
  expectOne(CatalogFamily::Embeddings, [&] { catalog->deleteEmbedding("f"); });
}

TEST_F(CatalogChanges, Interactions) {
  Interaction i;
  i.userId = "u";
  i.artworkId = ids[0];
  int64_t id = 0;
  auto ch = expectOne(CatalogFamily::Interactions, [&] { id = catalog->addInteraction(i); });
  EXPECT_EQ(ch.idsOf(CatalogFamily::Interactions), std::vector<int64_t>{id});
}

TEST_F(CatalogChanges, Profiles) {
  int64_t id = 0;
  auto ch = expectOne(CatalogFamily::Profiles, [&] { id = catalog->saveProfile("p", {ids[0], ids[2]}); });
  EXPECT_EQ(ch.idsOf(CatalogFamily::Profiles), std::vector<int64_t>{id});
  expectOne(CatalogFamily::Profiles, [&] { catalog->saveProfile("p", {ids[1]}); });
  expectOne(CatalogFamily::Profiles, [&] { catalog->renameProfile(id, "q"); });
  expectOne(CatalogFamily::Profiles, [&] { catalog->deleteProfile(id); });
}

TEST_F(CatalogChanges, Settings) {
  expectOne(CatalogFamily::Settings, [&] { catalog->setSetting("embedding.default", "e"); });
}

TEST_F(CatalogChanges, ClusteringsAndLayouts) {
  int64_t id = 0;
  auto ch = expectOne(CatalogFamily::Clusterings, [&] {
    id = storeClustering(*catalog, "e", 2, 7, "{}", ids, {0, 1, 0});
  });
  EXPECT_EQ(ch.idsOf(CatalogFamily::Clusterings), std::vector<int64_t>{id});
  int64_t layout = 0;
  expectOne(CatalogFamily::Clusterings, [&] {
    layout = storeLayout(*catalog, "e", "pca", 7, "{}", ids, {0, 0, 1, 1, 2, 2});
  });
  expectOne(CatalogFamily::Clusterings, [&] { deleteLayout(*catalog, layout); });
  expectOne(CatalogFamily::Clusterings, [&] { deleteClustering(*catalog, id); });
}

TEST_F(CatalogChanges, Models) {
  ModelRecord r;
  r.name = "m";
  r.kind = "curatornet";
  r.embedding = "e";
  r.configJson = r.historyJson = r.metricsJson = "{}";
  r.weights = "w";
  auto ch = expectOne(CatalogFamily::Models, [&] { storeModelRecord(*catalog, r, false); });
  EXPECT_EQ(ch.idsOf(CatalogFamily::Models).size(), 1u);
  expectOne(CatalogFamily::Models, [&] { storeModelRecord(*catalog, r, true); });
  expectOne(CatalogFamily::Models, [&] { EXPECT_TRUE(deleteModel(*catalog, "m")); });
}

TEST_F(CatalogChanges, EvaluationRuns) {
  int64_t id = 0;
  auto ch = expectOne(CatalogFamily::EvaluationRuns, [&] { id = storeEvaluationRun(*catalog, "{}", "{}"); });
  EXPECT_EQ(ch.idsOf(CatalogFamily::EvaluationRuns), std::vector<int64_t>{id});
  expectOne(CatalogFamily::EvaluationRuns, [&] { EXPECT_TRUE(deleteEvaluationRun(*catalog, id)); });
}

TEST_F(CatalogChanges, Studies) {
  int64_t study = 0;
  auto ch = expectOne(CatalogFamily::Studies, [&] { study = insertStudy(*catalog, "s", "{\"name\":\"s\"}"); });
  EXPECT_EQ(ch.idsOf(CatalogFamily::Studies), std::vector<int64_t>{study});
  StoredStudySession session;
  session.participant = "p1";
  session.state = "start";
  session.startedMs = 1;
  int64_t sessionId = 0;
  expectOne(CatalogFamily::Studies, [&] { sessionId = insertStudySession(*catalog, study, session, {}); });
  ch = expectOne(CatalogFamily::Studies, [&] { appendStudyEvent(*catalog, sessionId, 2, "rate", "{}"); });
  EXPECT_TRUE(ch.idsOf(CatalogFamily::Studies).empty()) << "an event names no study row";
}

TEST_F(CatalogChanges, DeletingAnEmbeddingTellsWhatWentWithIt) {
  storeClustering(*catalog, "e", 2, 7, "{}", ids, {0, 1, 0});
  expectOne(CatalogFamily::Clusterings | CatalogFamily::Embeddings | CatalogFamily::Settings, [&] {
    Catalog::Transaction t(*catalog);
    deleteEmbeddingUsers(*catalog, "e", {"embedding.default"});
    catalog->setSetting("embedding.default", "");
    catalog->deleteEmbedding("e");
    t.commit();
  });
}

TEST_F(CatalogChanges, OneChangePerTransaction) {
  auto ch = expectOne(CatalogFamily::Artworks | CatalogFamily::Interactions, [&] {
    Catalog::Transaction t(*catalog);
    for (int i = 0; i < 5; ++i) {
      Artwork a;
      a.externalId = "x" + std::to_string(i);
      catalog->insertArtwork(a);
    }
    Interaction in;
    in.userId = "u";
    in.artworkId = ids[0];
    catalog->addInteraction(in);
    EXPECT_EQ(rec.count(), 0u) << "told before the commit";
    t.commit();
  });
  EXPECT_EQ(ch.idsOf(CatalogFamily::Artworks).size(), 5u);
}

TEST_F(CatalogChanges, RollbackTellsNothing) {
  rec.take();
  {
    Catalog::Transaction t(*catalog);
    Artwork a;
    a.externalId = "rolled back";
    catalog->insertArtwork(a);
    catalog->setSetting("k", "v");
  }  // no commit
  EXPECT_EQ(rec.count(), 0u);
  // A failing single write (duplicate id) tells nothing either, and the next commit only itself.
  Artwork dup;
  dup.externalId = "a1";
  EXPECT_THROW(catalog->insertArtwork(dup), CatalogError);
  EXPECT_EQ(rec.count(), 0u);
  expectOne(CatalogFamily::Settings, [&] { catalog->setSetting("k", "w"); });
}

TEST_F(CatalogChanges, ReadsTellNothing) {
  rec.take();
  catalog->artworks();
  catalog->loadEmbeddingMatrix("e");
  listClusterings(*catalog);
  storedModels(*catalog);
  EXPECT_EQ(rec.count(), 0u);
}

TEST_F(CatalogChanges, ManyIdsAreLeftOut) {
  auto ch = expectOne(CatalogFamily::Artworks, [&] {
    Catalog::Transaction t(*catalog);
    for (size_t i = 0; i < CatalogChange::kMaxIds + 1; ++i) {
      Artwork a;
      a.externalId = "many" + std::to_string(i);
      catalog->insertArtwork(a);
    }
    t.commit();
  });
  EXPECT_TRUE(ch.idsIncomplete.contains(CatalogFamily::Artworks));
  EXPECT_TRUE(ch.idsOf(CatalogFamily::Artworks).empty());
}

TEST_F(CatalogChanges, UnsubscribeStopsCalls) {
  rec.take();
  catalog->setSetting("k", "1");
  EXPECT_EQ(rec.count(), 1u);
  sub.reset();
  EXPECT_FALSE(sub.active());
  catalog->setSetting("k", "2");
  EXPECT_EQ(rec.count(), 1u);

  // A subscription may end itself from inside its callback.
  int calls = 0;
  CatalogSubscription self;
  self = catalog->subscribe([&](const CatalogChange&) {
    ++calls;
    self.reset();
  });
  catalog->setSetting("k", "3");
  catalog->setSetting("k", "4");
  EXPECT_EQ(calls, 1);
}

TEST_F(CatalogChanges, ThrowingSubscriberDoesNotUndoTheWrite) {
  auto bad = catalog->subscribe([](const CatalogChange&) { throw std::runtime_error("subscriber failed"); });
  expectOne(CatalogFamily::Settings, [&] { catalog->setSetting("k", "kept"); });
  EXPECT_EQ(catalog->setting("k").value_or(""), "kept");
}

TEST_F(CatalogChanges, AnotherConnectionOnAnotherThreadIsHeard) {
  rec.take();
  const auto main = std::this_thread::get_id();
  std::thread::id worker;
  std::thread t([&] {
    worker = std::this_thread::get_id();
    Catalog own = Catalog::open(catalog->path());  // a worker's own connection, as ui jobs do
    Catalog::Transaction tx(own);
    storeEvaluationRun(own, "{}", "{}");
    tx.commit();
  });
  t.join();
  const auto threads = rec.threads();
  auto changes = rec.take();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].families, CatalogFamilies(CatalogFamily::EvaluationRuns));
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_EQ(threads[0], worker) << "told on the committing thread";
  EXPECT_NE(threads[0], main);

  // Subscribing by path (before a connection exists) hears the same; a different file is not heard.
  std::atomic<int> heard{0};
  auto byPath = subscribeCatalogChanges(dir.path() + "/./c.vitrine", [&](const CatalogChange&) { ++heard; });
  Catalog other = Catalog::create(dir.file("other.vitrine"));
  other.setSetting("k", "v");
  EXPECT_EQ(heard.load(), 0);
  std::thread t2([&] { Catalog::open(catalog->path()).setSetting("k", "v"); });
  t2.join();
  EXPECT_EQ(heard.load(), 1);
}

TEST_F(CatalogChanges, ConcurrentWritersAndUnsubscribe) {
  // Four threads commit while the main thread subscribes and unsubscribes; every change that
  // reaches a live subscriber is one of the written families, and no call runs after reset().
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w)
    writers.emplace_back([&, w] {
      Catalog own = Catalog::open(catalog->path());
      for (int i = 0; i < 25; ++i) own.setSetting("w" + std::to_string(w), std::to_string(i));
    });
  for (int round = 0; round < 50; ++round) {
    std::atomic<int> inside{0};
    std::atomic<bool> ended{false};
    std::atomic<int> lateCalls{0};
    auto s = catalog->subscribe([&](const CatalogChange& ch) {
      ++inside;
      if (ended) ++lateCalls;
      if (ch.families != CatalogFamilies(CatalogFamily::Settings)) ++lateCalls;
      std::this_thread::yield();
      --inside;
    });
    std::this_thread::yield();
    s.reset();
    EXPECT_EQ(inside.load(), 0) << "a call still running after reset()";
    ended = true;
    EXPECT_EQ(lateCalls.load(), 0);
  }
  for (auto& t : writers) t.join();
  auto changes = rec.take();
  EXPECT_EQ(changes.size(), 100u) << "every single write is one commit";
  for (const auto& ch : changes) EXPECT_EQ(ch.families, CatalogFamilies(CatalogFamily::Settings));
}
