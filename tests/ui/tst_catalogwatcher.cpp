// The catalog change notification in the GUI (issue 14): CatalogWatcher re-emits commits made on
// worker threads as a signal on the GUI thread (merged), tells a GUI-thread commit at once, and the
// main window's panels follow writes made by background jobs (a saved profile, a clustering and its
// map, an import of artworks) without anyone asking them to reload.
#include <QBuffer>
#include <QComboBox>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <random>

#include "catalog/catalog.h"
#include "catalog/evaluation_store.h"
#include "cluster/cluster.h"
#include "cluster/cluster_store.h"
#include "services/backgroundjob.h"
#include "services/catalogwatcher.h"
#include "shell/mainwindow.h"
#include "uitest.h"

using vitrine::BackgroundJob;
using vitrine::Catalog;
using vitrine::CatalogChange;
using vitrine::CatalogFamily;
using vitrine::CatalogWatcher;
using vitrine::JobContext;
using vitrine::MainWindow;

namespace {
constexpr int kGroups = 3;
constexpr int kPerGroup = 8;
constexpr int kDim = 6;
const char* const kEmbedding = "toy";

std::vector<unsigned char> jpeg(const QColor& c) { return vitrine::uitest::solidJpeg(c, 32); }

void addArtworks(Catalog& c, const std::string& prefix, const std::string& artist, int n) {
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.f, 0.05f);
  for (int i = 0; i < n; ++i) {
    vitrine::Artwork a;
    a.externalId = prefix + std::to_string(i);
    a.title = "Work " + prefix + std::to_string(i);
    a.artist = artist;
    const int64_t id = c.insertArtwork(a);
    vitrine::Thumbnail t;
    t.width = t.height = 32;
    t.bytes = jpeg(QColor(0x40 + 8 * i, 0x60, 0xa0));
    c.putThumbnail(id, t);
    std::vector<float> v(kDim, 0.f);
    v[size_t(i % kGroups)] = 1.f;
    for (float& x : v) x += noise(rng);
    c.putEmbedding(id, kEmbedding, v);
  }
}

// Runs `write` (given its own connection to `path`) in a BackgroundJob, as the GUI's jobs do,
// and waits for the job to end.
template <class Write>
bool writeInJob(const QString& path, Write write) {
  BackgroundJob job;
  std::atomic<bool> done{false};
  bool ok = false;
  job.start(
      [p = path.toStdString(), write](const JobContext&) {
        Catalog c = Catalog::open(p);
        write(c);
        return true;
      },
      [&](bool result) {
        ok = result;
        done = true;
      });
  if (!QTest::qWaitFor([&] { return done.load(); }, 30000)) return false;
  return ok;
}
}  // namespace

class TestCatalogWatcher : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_catalogwatcher"));
  }

  void init() {
    m_path = m_dir.filePath(QStringLiteral("c%1.vitrine").arg(++m_count));
    Catalog c = Catalog::create(m_path.toStdString());
    c.registerExtractor(kEmbedding, kDim, "1");
    Catalog::Transaction t(c);
    addArtworks(c, "a", "First Artist", kGroups * kPerGroup);
    t.commit();
  }

  void backgroundCommitsArriveOnTheGuiThread() {
    CatalogWatcher watcher;
    watcher.setCatalogPath(m_path);
    QList<CatalogChange> told;
    QList<QThread*> threads;
    connect(&watcher, &CatalogWatcher::changed, this, [&](const CatalogChange& ch) {
      told << ch;
      threads << QThread::currentThread();
    });

    // Two commits of one job (a transaction, then a single write): told on the GUI thread, once
    // or merged, with both families.
    QVERIFY(writeInJob(m_path, [](Catalog& c) {
      Catalog::Transaction t(c);
      vitrine::storeEvaluationRun(c, "{}", "[]");
      t.commit();
      c.setSetting("note", "from a job");
    }));
    QTRY_VERIFY(!told.isEmpty());
    vitrine::CatalogFamilies all;
    for (const auto& ch : told) all |= ch.families;
    QCOMPARE(all, CatalogFamily::EvaluationRuns | CatalogFamily::Settings);
    for (QThread* t : threads) QCOMPARE(t, QThread::currentThread());

    // A commit on the GUI thread is told before the write call returns.
    told.clear();
    {
      Catalog gui = Catalog::open(m_path.toStdString());
      gui.setSetting("note", "from the GUI");
      QCOMPARE(told.size(), 1);
      QCOMPARE(told.first().families, vitrine::CatalogFamilies(CatalogFamily::Settings));

      // A rollback tells nothing.
      {
        Catalog::Transaction t(gui);
        gui.setSetting("note", "rolled back");
      }
      QCOMPARE(told.size(), 1);
    }

    // Watching nothing: no more signals.
    watcher.setCatalogPath(QString());
    QVERIFY(writeInJob(m_path, [](Catalog& c) { c.setSetting("note", "unwatched"); }));
    QTest::qWait(50);
    QCOMPARE(told.size(), 1);
  }

  void panelsFollowWritesOfBackgroundJobs() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(m_path), qPrintable(w.lastError()));
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY(w.isCatalogInfoLoaded());
    QTRY_COMPARE(ui.model()->rowCount(), kGroups * kPerGroup);
    QComboBox* saved = ui.find<QComboBox>("savedProfiles");
    QCOMPARE(saved->findData(QStringLiteral("From a job")), -1);
    QVERIFY(!ui.clusterFilterAvailable());
    QVERIFY(!ui.mapPanel()->hasMap());

    // A saved profile stored by a job appears in the profile panel's list.
    QVERIFY(writeInJob(m_path, [](Catalog& c) { c.saveProfile("From a job", {1, 2, 3}); }));
    QTRY_VERIFY(saved->findData(QStringLiteral("From a job")) >= 0);

    // A clustering and its map stored by a job: the browser's cluster filter and the map follow.
    QVERIFY(writeInJob(m_path, [](Catalog& c) {
      const vitrine::EmbeddingMatrix m = c.loadEmbeddingMatrix(kEmbedding);
      vitrine::ClusteringConfig cfg;
      cfg.k = kGroups;
      cfg.pcaDimension = 0;
      vitrine::saveClustering(c, vitrine::runClustering(m, cfg));
      std::vector<float> xy;
      for (int64_t i = 0; i < m.rows(); ++i) {
        xy.push_back(float(i % 5));
        xy.push_back(float(i / 5));
      }
      vitrine::saveLayout(c, kEmbedding, "tsne", 0, "{}", m.artworkIds, xy);  // each commits itself
    }));
    QTRY_VERIFY(ui.clusterFilterAvailable());
    QTRY_VERIFY(ui.mapPanel()->hasMap());

    // An import by a job: the grid and the artist filter list the new artworks.
    QVERIFY(writeInJob(m_path, [](Catalog& c) {
      Catalog::Transaction t(c);
      addArtworks(c, "b", "Second Artist", 5);
      t.commit();
    }));
    QTRY_COMPARE(ui.model()->rowCount(), kGroups * kPerGroup + 5);
    QTRY_VERIFY(ui.artistFilter()->findText(QStringLiteral("Second Artist")) >= 0);
  }

 private:
  QTemporaryDir m_dir;
  QTemporaryDir m_settingsDir;
  QString m_path;
  int m_count = 0;
};

QTEST_MAIN(TestCatalogWatcher)
#include "tst_catalogwatcher.moc"
