// The exploration GUI on the demo catalog: build a profile by clicking, both recommendation
// columns with explanations and overlap, saved profiles, undo/redo, filters, detail, import.
#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>
#include <set>

#include "browser/artworkdetail.h"
#include "catalog/catalog.h"
#include "demo/democatalog.h"
#include "shell/mainwindow.h"
#include "profile/profileeditor.h"
#include "recommendations/recommendationengine.h"
#include "recommendations/recommendationmodel.h"
#include "recommendations/recommendationview.h"
#include "services/thumbnailloader.h"
#include "browser/thumbnailmodel.h"
#include "browser/thumbnailview.h"

#include "cluster/cluster_store.h"
#include "recommend/curatornet.h"
#include "uitest.h"

using vitrine::Catalog;
using vitrine::MainWindow;
using vitrine::RecommendationModel;
using vitrine::ThumbnailModel;

namespace {
constexpr int kDemoArtworks = 267;
const char* const kModelName = "random-init";

using vitrine::uitest::screenshotDir;

void shot(QWidget& w, const QString& name) { QVERIFY(w.grab().save(QDir(screenshotDir()).filePath(name))); }

std::vector<int64_t> idsOf(const RecommendationModel* m) {
  std::vector<int64_t> ids;
  for (int r = 0; r < m->rowCount(); ++r) ids.push_back(m->artworkId(r));
  return ids;
}

void clickRow(QListView* view, int row) {
  const QModelIndex index = view->model()->index(row, 0);
  view->scrollTo(index);
  QTest::qWait(30);  // let a pending relayout settle so the rect is where the tile is painted
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

}  // namespace

class TestExploration : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_exploration"));
    QVERIFY(m_dir.isValid());
    m_catalogPath = m_dir.filePath(QStringLiteral("demo/demo.vitrine"));
    const vitrine::ImportReport report =
        vitrine::buildDemoCatalog(m_catalogPath, QStringLiteral(VITRINE_RESOURCES_DIR "/demo"));
    QVERIFY2(!report.cancelled, report.summary().c_str());
    Catalog c = Catalog::open(m_catalogPath.toStdString());
    QCOMPARE(c.artworkCount(), static_cast<int64_t>(kDemoArtworks));
    QVERIFY(c.embeddingInfo("handcrafted").has_value());
    // A randomly initialised CuratorNet stored under a name: enough to light up the column.
    const vitrine::EmbeddingMatrix m = c.loadEmbeddingMatrix("handcrafted");
    vitrine::CuratorNetConfig config;
    config.seed = 7;
    vitrine::CuratorNet net(m, config);
    net.save(c, kModelName, true);
  }

  void buildProfileByClicking() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QAbstractItemModelTester t1(ui.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(ui.profileModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(ui.visRankModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t4(ui.curatorNetModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t5(ui.moreVisRankModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t6(ui.moreCuratorNetModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    w.resize(1500, 940);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(ui.model()->rowCount(), kDemoArtworks);
    QTRY_VERIFY(w.isCatalogInfoLoaded());
    QCOMPARE(ui.embeddingCombo()->currentData().toString(), QStringLiteral("handcrafted"));
    // No clustering is stored in the demo catalog, so the cluster filter stays hidden.
    QVERIFY(!ui.clusterFilterAvailable());
    QTRY_VERIFY(!ui.recommendationsPending());
    QCOMPARE(ui.visRankModel()->rowCount(), 0);  // empty profile, nothing to rank yet
    QTRY_VERIFY(ui.model()->loader()->isIdle());
    shot(w, QStringLiteral("exploration-empty-profile.png"));

    // Click three thumbnails on the grid: each click adds it to the profile.
    QListView* grid = ui.gridView();
    const int rows[] = {0, 4, 9};
    std::vector<int64_t> clicked;
    for (int r : rows) {
      QTRY_VERIFY(grid->visualRect(ui.model()->index(r, 0)).isValid());
      clicked.push_back(ui.model()->artworkId(r));
      clickRow(grid, r);
    }
    QCOMPARE(ui.profile()->ids(), clicked);
    QCOMPARE(ui.profileModel()->rowCount(), 3);
    for (int i = 0; i < 3; ++i) {
      QCOMPARE(ui.profileModel()->artworkId(i), clicked[static_cast<size_t>(i)]);
      QCOMPARE(
          ui.model()->indexOfArtwork(clicked[static_cast<size_t>(i)]).data(ThumbnailModel::ProfilePositionRole).toInt(),
          i + 1);
    }
    QCOMPARE(ui.detail()->artworkId(), clicked.back());

    // Both columns refresh with k items that exclude the profile and explain themselves.
    const int k = ui.kSpin()->value();
    QTRY_VERIFY(!ui.recommendationsPending());
    QTRY_COMPARE(ui.visRankModel()->rowCount(), k);
    const std::set<int64_t> profile(clicked.begin(), clicked.end());
    QStringList profileTitles;
    for (int64_t id : clicked) profileTitles << ui.model()->indexOfArtwork(id).data().toString();
    std::vector<RecommendationModel*> columns{ui.visRankModel()};
    QCOMPARE(ui.curatorModelCombo()->currentData().toString(), QString::fromLatin1(kModelName));
    QTRY_COMPARE(ui.curatorNetModel()->rowCount(), k);
    columns.push_back(ui.curatorNetModel());
    for (RecommendationModel* m : columns) {
      double previous = 1e9;
      for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex i = m->index(r, 0);
        QVERIFY(!profile.count(m->artworkId(r)));
        QCOMPARE(i.data(RecommendationModel::RankRole).toInt(), r + 1);
        const double score = i.data(RecommendationModel::ScoreRole).toDouble();
        QVERIFY(score <= previous + 1e-6);
        previous = score;
        const QVariantList because = i.data(RecommendationModel::BecauseIdsRole).toList();
        QVERIFY(!because.isEmpty());
        QVERIFY(because.size() <= 3);
        const QStringList titles = i.data(RecommendationModel::BecauseTitlesRole).toStringList();
        QCOMPARE(titles.size(), because.size());
        for (int b = 0; b < because.size(); ++b) {
          QVERIFY(profile.count(because[b].toLongLong()));
          QVERIFY(profileTitles.contains(titles[b]));
        }
      }
    }
    // Overlap markers agree with the two lists, in both columns, and the count is shown.
    const std::vector<int64_t> vis = idsOf(ui.visRankModel());
    const std::vector<int64_t> cur = idsOf(ui.curatorNetModel());
    int overlap = 0;
    for (int r = 0; r < ui.visRankModel()->rowCount(); ++r) {
      const bool both = std::count(cur.begin(), cur.end(), vis[static_cast<size_t>(r)]) > 0;
      overlap += both ? 1 : 0;
      QCOMPARE(ui.visRankModel()->index(r, 0).data(RecommendationModel::InBothRole).toBool(), both);
    }
    for (int r = 0; r < ui.curatorNetModel()->rowCount(); ++r) {
      const bool both = std::count(vis.begin(), vis.end(), cur[static_cast<size_t>(r)]) > 0;
      QCOMPARE(ui.curatorNetModel()->index(r, 0).data(RecommendationModel::InBothRole).toBool(), both);
    }
    QCOMPARE(ui.visRankModel()->overlapCount(), overlap);
    QCOMPARE(ui.curatorNetModel()->overlapCount(), overlap);
    QVERIFY2(ui.overlapLabel()->text().contains(QStringLiteral("%1 of").arg(overlap)),
             qPrintable(ui.overlapLabel()->text()));
    // The status bar names catalog, models and embedding.
    QVERIFY(ui.modelsLabel()->text().contains(QStringLiteral("handcrafted")));
    QVERIFY(ui.modelsLabel()->text().contains(QStringLiteral("VisRank")));
    QTRY_VERIFY(ui.model()->loader()->isIdle());
    QTest::qWait(200);  // let the small lists' thumbnails arrive
    shot(w, QStringLiteral("exploration-recommendations.png"));

    // Clicking a recommendation shows it; double-click adds it.
    vitrine::RecommendationView* visView = ui.visRankView();
    const qint64 firstRec = ui.visRankModel()->artworkId(0);
    clickRow(visView, 0);
    QCOMPARE(ui.detail()->artworkId(), firstRec);
    QVERIFY(!ui.profile()->contains(firstRec));
    QTRY_VERIFY(ui.moreVisRankModel()->rowCount() > 0);
    for (int64_t id : idsOf(ui.moreVisRankModel())) QVERIFY(id != firstRec);
    QTest::qWait(200);
    shot(w, QStringLiteral("exploration-detail.png"));
    const QModelIndex recIndex = ui.visRankModel()->index(0, 0);
    QTest::mouseDClick(visView->viewport(), Qt::LeftButton, {}, visView->visualRect(recIndex).center());
    QCOMPARE(ui.profile()->size(), 4);
    QCOMPARE(ui.profile()->ids().back(), firstRec);
    QTRY_VERIFY(!ui.recommendationsPending());
    QTRY_VERIFY(!idsOf(ui.visRankModel()).empty());
    for (int64_t id : idsOf(ui.visRankModel())) QVERIFY(id != firstRec);

    // Undo / redo with the keyboard.
    w.activateWindow();
    grid->setFocus();
    QTest::keyClick(grid, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(ui.profile()->ids(), clicked);
    QTest::keyClick(grid, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(ui.profile()->size(), 4);
    QTest::keyClick(grid, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(ui.profile()->ids(), clicked);

    // Space toggles the current grid artwork; clicking a profile artwork again removes it.
    grid->selectionModel()->setCurrentIndex(ui.model()->index(12, 0), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(grid, Qt::Key_Space);
    QCOMPARE(ui.profile()->size(), 4);
    QCOMPARE(ui.profile()->ids().back(), ui.model()->artworkId(12));
    QTest::keyClick(grid, Qt::Key_Space);
    QCOMPARE(ui.profile()->ids(), clicked);
    QTest::qWait(QApplication::doubleClickInterval() + 50);
    clickRow(grid, 4);
    QCOMPARE(ui.profile()->size(), 2);
    QVERIFY(!ui.profile()->contains(clicked[1]));
    QCOMPARE(ui.model()->indexOfArtwork(clicked[1]).data(ThumbnailModel::ProfilePositionRole).toInt(), 0);
    ui.profile()->undoStack()->undo();
    QCOMPARE(ui.profile()->ids(), clicked);

    // k is selectable.
    ui.kSpin()->setValue(5);
    QTRY_COMPARE(ui.visRankModel()->rowCount(), 5);
    QTRY_COMPARE(ui.curatorNetModel()->rowCount(), 5);
    // Another aggregation re-ranks.
    ui.aggregationCombo()->setCurrentIndex(ui.aggregationCombo()->findData(QStringLiteral("average")));
    QTRY_VERIFY(!ui.recommendationsPending());
    QTRY_VERIFY(ui.visRankView()->parentWidget() != nullptr);
    QVERIFY(ui.modelsLabel()->text().contains(QStringLiteral("Average")));
    QTRY_COMPARE(ui.visRankModel()->rowCount(), 5);
    ui.kSpin()->setValue(10);
    w.close();
  }

  void searchAndFilters() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QAbstractItemModelTester tester(ui.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(w.openCatalog(m_catalogPath));
    const Catalog catalog = Catalog::open(m_catalogPath.toStdString(), true);  // the expected answers
    w.resize(1500, 940);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(ui.model()->rowCount(), kDemoArtworks);
    QTRY_VERIFY(w.isCatalogInfoLoaded());

    QTest::keyClicks(ui.searchEdit(), QStringLiteral("portrait"));
    QTRY_VERIFY(ui.model()->rowCount() > 0 && ui.model()->rowCount() < kDemoArtworks);
    for (int r = 0; r < ui.model()->rowCount(); ++r) {
      const QModelIndex i = ui.model()->index(r, 0);
      QVERIFY((i.data().toString() + i.data(ThumbnailModel::ArtistRole).toString())
                  .contains(QStringLiteral("portrait"), Qt::CaseInsensitive));
    }
    QTRY_VERIFY(ui.model()->loader()->isIdle());
    shot(w, QStringLiteral("exploration-search.png"));
    QTest::keyClick(ui.searchEdit(), Qt::Key_Escape);
    QTRY_COMPARE(ui.model()->rowCount(), kDemoArtworks);

    // Typed in lower case without the accent, the search finds exactly the paintings of Edouard Manet
    // (stored with an accented capital E).
    QTest::keyClicks(ui.searchEdit(), QStringLiteral("edouard manet"));
    vitrine::ArtworkQuery manet;
    manet.text = u8"\u00c9douard Manet";
    const size_t manets = catalog.artworkIds(manet).size();
    QVERIFY(manets > 0);
    QTRY_COMPARE(size_t(ui.model()->rowCount()), manets);
    for (int r = 0; r < ui.model()->rowCount(); ++r)
      QVERIFY(ui.model()
                  ->index(r, 0)
                  .data(ThumbnailModel::ArtistRole)
                  .toString()
                  .contains(QStringLiteral("\u00c9douard Manet")));
    QTest::keyClick(ui.searchEdit(), Qt::Key_Escape);
    QTRY_COMPARE(ui.model()->rowCount(), kDemoArtworks);

    // Period filter: exactly the catalog's answer to the same query.
    QComboBox* period = ui.periodFilter();
    QVERIFY(period->count() > 2);
    period->setCurrentIndex(1);
    vitrine::ArtworkQuery q;
    q.period = period->currentData().toString().toStdString();
    const std::vector<int64_t> expected = catalog.artworkIds(q);
    QTRY_COMPARE(ui.model()->artworkIds(), expected);
    // Year range on top, then sort by year.
    ui.yearFromSpin()->setValue(1850);
    ui.yearToSpin()->setValue(1900);
    q.yearFrom = 1850;
    q.yearTo = 1900;
    QTRY_COMPARE(ui.model()->artworkIds(), catalog.artworkIds(q));
    ui.sortCombo()->setCurrentIndex(ui.sortCombo()->findData(static_cast<int>(vitrine::ArtworkQuery::Sort::Year)));
    q.sort = vitrine::ArtworkQuery::Sort::Year;
    QTRY_COMPARE(ui.model()->artworkIds(), catalog.artworkIds(q));
    // Artist filter.
    w.resetFilters();
    QTRY_COMPARE(ui.model()->rowCount(), kDemoArtworks);
    QComboBox* artist = ui.artistFilter();
    QVERIFY(artist->count() > 2);
    artist->setCurrentIndex(1);
    Q_EMIT artist->activated(1);
    vitrine::ArtworkQuery qa;
    qa.artist = artist->currentData().toString().toStdString();
    QTRY_COMPARE(ui.model()->artworkIds(), catalog.artworkIds(qa));
    QVERIFY(ui.model()->rowCount() >= 1);
    // The status bar counts what is shown out of the whole catalog.
    QStringList texts;
    for (QLabel* l : w.statusBar()->findChildren<QLabel*>()) texts << l->text();
    QVERIFY2(texts.contains(QStringLiteral("%1 of %2 artworks").arg(ui.model()->rowCount()).arg(kDemoArtworks)),
             qPrintable(texts.join('|')));
    QVERIFY2(texts.contains(QStringLiteral("Catalog: demo")), qPrintable(texts.join('|')));
  }

  void savedProfilesRoundTrip() {
    std::vector<int64_t> saved;
    {
      MainWindow w;
      const vitrine::uitest::Parts ui(w);
      QVERIFY(w.openCatalog(m_catalogPath));
      QTRY_COMPARE(ui.model()->rowCount(), kDemoArtworks);
      for (int r : {7, 3, 20, 11}) ui.profile()->add(ui.model()->artworkId(r));
      saved = ui.profile()->ids();
      QVERIFY(ui.profilePanel()->saveProfileAs(QStringLiteral("Dutch light")));
      QVERIFY(!ui.profile()->isModified());
      QVERIFY(ui.profilePanel()->savedProfileNames().contains(QStringLiteral("Dutch light")));
      QVERIFY(ui.profilePanel()->duplicateSavedProfile(QStringLiteral("Dutch light"), QStringLiteral("Copy")));
      QCOMPARE(ui.profile()->profileName(), QStringLiteral("Copy"));
      QVERIFY(ui.profilePanel()->renameSavedProfile(QStringLiteral("Copy"), QStringLiteral("Second look")));
      QCOMPARE(ui.profile()->profileName(), QStringLiteral("Second look"));
      QVERIFY(!ui.profilePanel()->renameSavedProfile(QStringLiteral("Second look"), QStringLiteral("Dutch light")));
      ui.profile()->clear();
      QCOMPARE(ui.profile()->size(), 0);
    }
    // A new window (a later session) reopens it identical, order included.
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY(w.openCatalog(m_catalogPath));
    QTRY_COMPARE(ui.model()->rowCount(), kDemoArtworks);
    QCOMPARE(ui.profilePanel()->savedProfileNames(),
             (QStringList{QStringLiteral("Dutch light"), QStringLiteral("Second look")}));
    QVERIFY(ui.profilePanel()->openSavedProfile(QStringLiteral("Dutch light")));
    QCOMPARE(ui.profile()->ids(), saved);
    QCOMPARE(ui.profile()->profileName(), QStringLiteral("Dutch light"));
    QCOMPARE(ui.profileModel()->artworkIds(), saved);
    QVERIFY(ui.profilePanel()->openSavedProfile(QStringLiteral("Second look")));
    QCOMPARE(ui.profile()->ids(), saved);
    QVERIFY(ui.profilePanel()->deleteSavedProfile(QStringLiteral("Second look")));
    QCOMPARE(ui.profilePanel()->savedProfileNames(), QStringList{QStringLiteral("Dutch light")});
    QVERIFY(ui.profile()->profileName().isEmpty());
    // Opening a saved profile is itself undoable ("Second look" had the same items: no step).
    ui.profile()->undoStack()->undo();
    QCOMPARE(ui.profile()->size(), 0);
    ui.profile()->undoStack()->redo();
    QCOMPARE(ui.profile()->ids(), saved);
  }

  void engineIsLatestWins() {
    vitrine::RecommendationEngine engine;
    QSignalSpy spy(&engine, &vitrine::RecommendationEngine::finished);
    const Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
    const std::vector<int64_t> ids = c.artworkIds();
    quint64 last = 0;
    for (int i = 0; i < 30; ++i) {
      vitrine::RecommendationRequest r;
      r.catalogPath = m_catalogPath;
      r.embedding = QStringLiteral("handcrafted");
      r.visrank = vitrine::RankerSpec::parse("visrank:maximum");
      r.profile = {ids[static_cast<size_t>(i)], ids[static_cast<size_t>(i + 1)]};
      r.k = 7;
      last = engine.submit(r);
    }
    QTRY_VERIFY(!engine.isBusy());
    QTRY_VERIFY(spy.count() >= 1);
    QTest::qWait(50);
    const auto result = spy.last().at(0).value<vitrine::RecommendationResult>();
    QCOMPARE(result.generation, last);
    QCOMPARE(static_cast<int>(result.visrank.items.size()), 7);
    QCOMPARE(result.request.profile.front(), ids[29]);
    // Stale results are never delivered: every delivered generation is the newest at delivery.
    QVERIFY(spy.count() <= 30);
    // An unknown embedding explains itself instead of failing silently.
    vitrine::RecommendationRequest bad;
    bad.catalogPath = m_catalogPath;
    bad.embedding = QStringLiteral("no-such-embedding");
    bad.visrank = vitrine::RankerSpec::parse("visrank:maximum");
    bad.profile = {ids[0]};
    engine.submit(bad);
    QTRY_COMPARE(
        spy.count() >= 2 && spy.last().at(0).value<vitrine::RecommendationResult>().request.embedding == bad.embedding,
        true);
    QVERIFY(!spy.last().at(0).value<vitrine::RecommendationResult>().visrank.error.isEmpty());
  }

  void clusterFilter() {
    std::vector<int64_t> ids;
    std::vector<int> labels;
    {
      Catalog c = Catalog::open(m_catalogPath.toStdString());
      ids = c.artworkIds();
      for (size_t i = 0; i < ids.size(); ++i) labels.push_back(static_cast<int>(i % 3));
      vitrine::saveClustering(c, "handcrafted", 3, 0, "{}", ids, labels);
    }
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY(w.openCatalog(m_catalogPath));
    QTRY_COMPARE(ui.model()->rowCount(), kDemoArtworks);
    QTRY_VERIFY(w.isCatalogInfoLoaded());
    QVERIFY(ui.clusterFilterAvailable());
    QCOMPARE(ui.clusterFilter()->count(), 4);  // all + 3 clusters
    ui.clusterFilter()->setCurrentIndex(2);    // the second cluster (label 1)
    std::vector<int64_t> expected;
    for (size_t i = 0; i < ids.size(); ++i)
      if (labels[i] == 1) expected.push_back(ids[i]);
    QTRY_COMPARE(ui.model()->artworkIds(), expected);
    w.resetFilters();
    QTRY_COMPARE(ui.model()->rowCount(), kDemoArtworks);
  }

 private:
  QTemporaryDir m_dir;
  QTemporaryDir m_settingsDir;
  QString m_catalogPath;
};

QTEST_MAIN(TestExploration)
#include "tst_exploration.moc"
