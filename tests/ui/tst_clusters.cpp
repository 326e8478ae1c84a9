// The visual-cluster GUI (issue 7): cluster cards filter the browser and add to the profile, the
// map adds clicked points and rubber-band selections to the profile and highlights the profile
// and both models' recommendations, and a clustering + map computed in the background (with
// Cancel). Each case clicks the real widgets on a small catalog built here.
#include <QAction>
#include <QBuffer>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QImage>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <random>
#include <set>

#include "catalog/catalog.h"
#include "cluster/cluster.h"
#include "cluster/cluster_store.h"
#include "clusters/clusterview.h"
#include "shell/mainwindow.h"
#include "map/mapview.h"
#include "profile/profileeditor.h"
#include "recommendations/recommendationmodel.h"
#include "browser/thumbnaildelegate.h"
#include "browser/thumbnailmodel.h"
#include "uitest.h"

using vitrine::Catalog;
using vitrine::MainWindow;
using vitrine::MapView;
using vitrine::uitest::child;

namespace {
constexpr int kGroups = 4;
constexpr int kPerGroup = 12;
constexpr int kDim = 8;
const char* const kEmbedding = "toy";

std::vector<unsigned char> jpeg(const QColor& c) { return vitrine::uitest::solidJpeg(c, 48); }

// kGroups well separated groups in a toy embedding, one period per group, grey-blue thumbnails
// (far from the profile colour, so highlight pixels can be counted).
void buildCatalog(const QString& path, bool withClustering) {
  Catalog c = Catalog::create(path.toStdString());
  c.registerExtractor(kEmbedding, kDim, "1");
  std::mt19937 rng(11);
  std::normal_distribution<float> noise(0.f, 0.05f);
  std::vector<int64_t> ids;
  std::vector<float> xy;
  for (int g = 0; g < kGroups; ++g) {
    for (int i = 0; i < kPerGroup; ++i) {
      vitrine::Artwork a;
      a.externalId = "g" + std::to_string(g) + "_" + std::to_string(i);
      a.title = "Work " + std::to_string(g) + "." + std::to_string(i);
      a.artist = "Artist " + std::to_string(g);
      a.period = "Period " + std::to_string(g);
      a.dateText = std::to_string(1800 + 10 * g + i);
      a.year = 1800 + 10 * g + i;
      const int64_t id = c.insertArtwork(a);
      vitrine::Thumbnail t;
      t.width = t.height = 48;
      t.bytes = jpeg(QColor(0x40 + 8 * i, 0x50 + 20 * g, 0xa0));
      c.putThumbnail(id, t);
      std::vector<float> v(kDim, 0.f);
      v[size_t(g)] = 1.f;
      for (float& x : v) x += noise(rng);
      c.putEmbedding(id, kEmbedding, v);
      ids.push_back(id);
      // The stored map: each group on its own corner, points on a small circle.
      const double angle = 2 * 3.14159265358979323846 * i / kPerGroup;
      xy.push_back(float((g % 2) * 10 + 2 * std::cos(angle)));
      xy.push_back(float((g / 2) * 10 + 2 * std::sin(angle)));
    }
  }
  if (withClustering) {
    const vitrine::EmbeddingMatrix m = c.loadEmbeddingMatrix(kEmbedding);
    vitrine::ClusteringConfig cfg;
    cfg.k = kGroups;
    cfg.pcaDimension = 0;
    vitrine::saveClustering(c, vitrine::runClustering(m, cfg));
    vitrine::saveLayout(c, kEmbedding, "tsne", 0, "{}", ids, xy);
  }
}

QDockWidget* showDock(MainWindow& w, const char* action, const char* dock) {
  auto* a = w.findChild<QAction*>(QLatin1String(action));
  if (!a) return nullptr;
  a->trigger();
  return w.findChild<QDockWidget*>(QLatin1String(dock));
}

void shot(QWidget& w, const QString& name) {
  QString dir = qEnvironmentVariable("VITRINE_SCREENSHOT_DIR");
  if (dir.isEmpty()) dir = QDir::temp().filePath(QStringLiteral("vitrine-screenshots"));
  QDir().mkpath(dir);
  QVERIFY(w.grab().save(QDir(dir).filePath(name)));
}

// Pixels of the rendered widget within `tolerance` of colour c on every channel.
int countColor(QWidget* widget, const QColor& c, int tolerance = 10) {
  const QImage img = widget->grab().toImage().convertToFormat(QImage::Format_RGB32);
  int n = 0;
  for (int y = 0; y < img.height(); ++y) {
    const QRgb* line = reinterpret_cast<const QRgb*>(img.constScanLine(y));
    for (int x = 0; x < img.width(); ++x)
      if (std::abs(qRed(line[x]) - c.red()) <= tolerance && std::abs(qGreen(line[x]) - c.green()) <= tolerance &&
          std::abs(qBlue(line[x]) - c.blue()) <= tolerance)
        ++n;
  }
  return n;
}
}  // namespace

class TestClusters : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_clusters"));
    QVERIFY(m_dir.isValid());
    m_clustered = m_dir.filePath(QStringLiteral("clustered.vitrine"));
    m_plain = m_dir.filePath(QStringLiteral("plain.vitrine"));
    buildCatalog(m_clustered, true);
    buildCatalog(m_plain, false);
  }

  void clusterCardsFilterTheBrowser() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(m_clustered), qPrintable(w.lastError()));
    w.resize(1500, 940);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(ui.model()->rowCount(), kGroups * kPerGroup);
    QTRY_VERIFY(w.isCatalogInfoLoaded());
    QDockWidget* dock = showDock(w, "showClustersAction", "clustersDock");
    QVERIFY(dock && dock->isVisible());
    vitrine::ClusterPanel* panel = ui.clusterPanel();
    QTRY_VERIFY(panel->clusterSet() != nullptr);
    const auto set = panel->clusterSet();
    QCOMPARE(set->key.k, kGroups);
    QCOMPARE(panel->grid()->model()->rowCount(), kGroups);

    const auto stored = vitrine::loadClustering(Catalog::open(m_clustered.toStdString(), true), kEmbedding, kGroups, 0);
    QVERIFY(stored.has_value());
    // Summaries: each card's size and its top period agree with the stored members.
    for (int c = 0; c < kGroups; ++c) {
      std::set<int64_t> members;
      for (size_t i = 0; i < stored->artworkIds.size(); ++i)
        if (stored->clusters[i] == c) members.insert(stored->artworkIds[i]);
      QCOMPARE(set->summaries[size_t(c)].size, int64_t(members.size()));
      QVERIFY(!set->summaries[size_t(c)].medoids.empty());
      for (int64_t m : set->summaries[size_t(c)].medoids) QVERIFY(members.count(m));
      QVERIFY(!set->summaries[size_t(c)].topPeriods.empty());
    }

    // Click the second card (away from its thumbnails and button): the browser shows that cluster.
    vitrine::ClusterGridView* grid = panel->grid();
    const int target = 1;
    grid->scrollTo(grid->model()->index(target, 0));
    QTest::qWait(30);
    const QRect card = grid->cardRect(target);
    QVERIFY(card.isValid());
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, QPoint(card.left() + 12, card.bottom() - 6));
    const std::vector<int64_t> members = set->members(target);
    QVERIFY(!members.empty());
    QTRY_COMPARE(ui.model()->rowCount(), int(members.size()));
    QVERIFY(ui.clusterFilterAvailable());
    QVERIFY(ui.clusterFilter()->currentData().toString().endsWith(QStringLiteral("|%1").arg(target)));
    for (int r = 0; r < ui.model()->rowCount(); ++r)
      QVERIFY(std::binary_search(members.begin(), members.end(), ui.model()->artworkId(r)));
    QCOMPARE(ui.profile()->size(), 0);  // filtering adds nothing
    QTest::qWait(100);
    shot(w, QStringLiteral("clusters-filtered.png"));

    // "+ Add all" on another card adds that whole cluster as one undoable step.
    const int other = 2;
    grid->scrollTo(grid->model()->index(other, 0));
    QTest::qWait(30);
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->addButtonRect(other).center());
    const std::vector<int64_t> otherMembers = set->members(other);
    QCOMPARE(ui.profile()->ids(), otherMembers);
    ui.profile()->undoStack()->undo();
    QCOMPARE(ui.profile()->size(), 0);

    // A medoid thumbnail adds that single artwork.
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->medoidRect(other, 0).center());
    const int64_t medoid = set->summaries[size_t(other)].medoids.front();
    QCOMPARE(ui.profile()->ids(), std::vector<int64_t>{medoid});
    // The card's tooltip says in full what a narrow dock elides, the profile count included.
    const QString tip = grid->model()->index(other, 0).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("Cluster %1").arg(other + 1)) &&
                 tip.contains(QStringLiteral("1 in profile")) && tip.contains(QStringLiteral("Artists:")) &&
                 tip.contains(QStringLiteral("Periods:")),
             qPrintable(tip));
    QVERIFY(!grid->model()->index(target, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("in profile")));

    // Right-click on that medoid: the artwork menu, which now offers to remove it again.
    QCOMPARE(grid->artworkAt(grid->medoidRect(other, 0).center()), qint64(medoid));
    QMenu* menu = vitrine::uitest::contextMenuAt(grid->viewport(), grid->medoidRect(other, 0).center());
    QVERIFY(menu);
    QCOMPARE(menu->objectName(), QStringLiteral("artworkMenu"));
    QAction* remove = vitrine::uitest::actionIn(menu, "profileAction");
    QVERIFY(remove && remove->text().contains(QStringLiteral("Remove")));
    remove->trigger();
    menu->close();
    QCOMPARE(ui.profile()->size(), 0);
    // Elsewhere on a card (no thumbnail) there is no artwork menu.
    QCOMPARE(grid->artworkAt(QPoint(grid->cardRect(other).left() + 12, grid->cardRect(other).bottom() - 6)), qint64(0));
    QVERIFY(!vitrine::uitest::contextMenuAt(
        grid->viewport(), QPoint(grid->cardRect(other).left() + 12, grid->cardRect(other).bottom() - 6)));
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->medoidRect(other, 0).center());
    QCOMPARE(ui.profile()->ids(), std::vector<int64_t>{medoid});

    // Keyboard: Return on the current card filters to it as well.
    grid->setFocus();
    grid->setCurrentIndex(grid->model()->index(kGroups - 1, 0));
    QTest::keyClick(grid, Qt::Key_Return);
    QTRY_COMPARE(ui.model()->rowCount(), int(set->members(kGroups - 1).size()));
    QVERIFY(ui.clusterFilter()->currentData().toString().endsWith(QStringLiteral("|%1").arg(kGroups - 1)));

    // Reset clears the cluster filter again.
    w.resetFilters();
    QTRY_COMPARE(ui.model()->rowCount(), kGroups * kPerGroup);
  }

  void mapAddsToProfileAndHighlights() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(m_clustered), qPrintable(w.lastError()));
    w.resize(1500, 940);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY(w.isCatalogInfoLoaded());
    QDockWidget* dock = showDock(w, "showMapAction", "mapDock");
    QVERIFY(dock && dock->isVisible());
    vitrine::MapPanel* panel = ui.mapPanel();
    QTRY_VERIFY(panel->hasMap());
    QTRY_VERIFY(ui.clusterPanel()->clusterSet() != nullptr);
    MapView* view = panel->view();
    QTRY_VERIFY(view->isVisible());
    view->fitAll();
    const auto data = view->mapData();
    QCOMPARE(int(data->ids.size()), kGroups * kPerGroup);
    // Points take their cluster's colour.
    const auto set = ui.clusterPanel()->clusterSet();
    QCOMPARE(view->colorOf(data->ids[0]), vitrine::clusterColor(set->clusterOf.value(data->ids[0])));

    const QColor profileColor = vitrine::ThumbnailDelegate::profileColor();
    QTRY_VERIFY(view->lastPaintedCount() > 0);
    QCOMPARE(countColor(view->viewport(), profileColor), 0);

    // Click a point: it joins the profile and is drawn with the profile ring.
    const qint64 target = data->ids[5];
    const QPoint at = view->viewportPointOf(target);
    QVERIFY(view->viewport()->rect().contains(at));
    QCOMPARE(view->artworkAt(at), target);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(ui.profile()->ids(), std::vector<int64_t>{target});
    // Right-click on a point: that artwork's menu; "More Like This" shows it in the Artwork panel.
    const qint64 neighbour = data->ids[6];
    QMenu* menu = vitrine::uitest::contextMenuAt(view->viewport(), view->viewportPointOf(neighbour));
    QVERIFY(menu);
    QAction* add = vitrine::uitest::actionIn(menu, "profileAction");
    QVERIFY(add && add->text().contains(QStringLiteral("Add")));
    QVERIFY(vitrine::uitest::actionIn(menu, "moreLikeThisAction"));
    QVERIFY(vitrine::uitest::actionIn(menu, "copyIdAction"));
    menu->close();
    QCOMPARE(ui.profile()->ids(), std::vector<int64_t>{target});  // a menu alone changes nothing
    QVERIFY(view->highlightOf(target) & MapView::InProfile);
    QTest::qWait(50);
    QTRY_VERIFY(countColor(view->viewport(), profileColor) > 20);

    // Both models' recommendations are marked on the map.
    QTRY_VERIFY(!ui.recommendationsPending());
    QTRY_VERIFY(ui.visRankModel()->rowCount() > 0);
    for (int r = 0; r < ui.visRankModel()->rowCount(); ++r)
      QVERIFY(view->highlightOf(ui.visRankModel()->artworkId(r)) & MapView::VisRank);
    for (int r = 0; r < ui.curatorNetModel()->rowCount(); ++r)
      QVERIFY(view->highlightOf(ui.curatorNetModel()->artworkId(r)) & MapView::CuratorNet);

    // Shift+drag a rectangle around one group, then add the selection to the profile.
    const qint64 last = data->ids[size_t(kGroups * kPerGroup - 1)];
    QRect band;
    for (size_t i = size_t((kGroups - 1) * kPerGroup); i < data->ids.size(); ++i)
      band |= QRect(view->viewportPointOf(data->ids[i]), QSize(1, 1));
    band.adjust(-8, -8, 8, 8);
    QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, band.topLeft());
    QTest::mouseMove(view->viewport(), band.center());
    QTest::mouseMove(view->viewport(), band.bottomRight());
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, band.bottomRight());
    QCOMPARE(view->selection().size(), kPerGroup);
    QVERIFY(view->selection().contains(last));
    QVERIFY(child<QPushButton>(panel, "addMapSelection")->isEnabled());
    QTest::mouseClick(child<QPushButton>(panel, "addMapSelection"), Qt::LeftButton);
    QCOMPARE(ui.profile()->size(), 1 + kPerGroup);
    QVERIFY(ui.profile()->contains(last));
    QVERIFY(view->selection().isEmpty());
    QTest::qWait(100);
    shot(w, QStringLiteral("map-overview.png"));

    // Zoomed out far, dots; zoomed in on one point, thumbnails.
    view->zoomToArtwork(target);
    for (int i = 0; i < 12; ++i) view->zoomIn();
    view->viewport()->repaint();
    QVERIFY(view->drewThumbnails());
    QVERIFY(view->lastPaintedCount() < kGroups * kPerGroup);
    QTest::qWait(200);
    shot(w, QStringLiteral("map-zoomed.png"));
  }

  // 100,000 points stay one item: dots for the whole map, culled thumbnails when zoomed in.
  void levelOfDetailWithManyPoints() {
    auto data = std::make_shared<vitrine::MapData>();
    constexpr int n = 100000;
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(0, MapView::kSceneSize);
    for (int i = 0; i < n; ++i) {
      data->ids.push_back(i + 1);
      data->pos.emplace_back(u(rng), u(rng));
      data->period.push_back(i % 5);
      data->indexOf.insert(i + 1, i);
    }
    data->titles.resize(n);
    data->artists.resize(n);
    data->dates.resize(n);
    MapView view(nullptr);
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setMapData(data);
    QCOMPARE(view.scene()->items().size(), 1);
    QElapsedTimer clock;
    clock.start();
    view.viewport()->repaint();
    const qint64 fullMs = clock.elapsed();
    QVERIFY(!view.drewThumbnails());
    QCOMPARE(view.lastPaintedCount(), n);
    // + zooms in, 0 fits again.
    const double fitted = view.transform().m11();
    view.setFocus();
    QTest::keyClick(&view, Qt::Key_Plus);
    QVERIFY(view.transform().m11() > fitted * 1.2);
    QTest::keyClick(&view, Qt::Key_0);
    QCOMPARE(view.transform().m11(), fitted);
    view.zoomToArtwork(1);
    view.zoomBy(60);
    clock.restart();
    view.viewport()->repaint();
    const qint64 zoomedMs = clock.elapsed();
    QVERIFY(view.drewThumbnails());
    QVERIFY(view.lastPaintedCount() > 0);
    QVERIFY(view.lastPaintedCount() < 300);
    // Hit testing goes through the spatial grid too.
    QCOMPARE(view.artworkAt(view.viewportPointOf(1)), qint64(1));
    qInfo("100k points: whole map painted in %lld ms, zoomed in %lld ms", fullMs, zoomedMs);
  }

  void computeInTheBackground() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(m_plain), qPrintable(w.lastError()));
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY(w.isCatalogInfoLoaded());
    vitrine::ClusterPanel* panel = ui.clusterPanel();
    showDock(w, "showClustersAction", "clustersDock");
    QTRY_VERIFY(!panel->isLoading());
    QVERIFY(panel->clusterings().isEmpty());
    QTRY_VERIFY(!ui.mapPanel()->isLoading());
    QVERIFY(!ui.mapPanel()->hasMap());

    // Cancel a run (k chosen by silhouette, then t-SNE: far longer than the click): nothing is stored.
    panel->startComputation({QString::fromLatin1(kEmbedding), 0, QStringLiteral("tsne"), 1});
    QVERIFY(panel->isComputing());
    QVERIFY(child<QProgressBar>(panel, "clusterProgress")->isVisible());
    QVERIFY(child<QToolButton>(panel, "cancelClusters")->isVisible());
    QTest::mouseClick(child<QToolButton>(panel, "cancelClusters"), Qt::LeftButton);
    QTRY_VERIFY(!panel->isComputing());
    QVERIFY(!child<QProgressBar>(panel, "clusterProgress")->isVisible());
    QVERIFY(vitrine::listClusterings(Catalog::open(m_plain.toStdString(), true)).empty());

    // A full run stores the clustering and the map; both panels and the filter pick them up.
    QSignalSpy finished(panel, &vitrine::ClusterPanel::computationFinished);
    panel->startComputation({QString::fromLatin1(kEmbedding), 3, QStringLiteral("pca"), 2});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QTRY_VERIFY(panel->clusterSet() != nullptr);
    QCOMPARE(panel->clusterSet()->key.k, 3);
    QCOMPARE(int(panel->clusterSet()->artworkIds.size()), kGroups * kPerGroup);
    QTRY_VERIFY(ui.mapPanel()->hasMap());
    QCOMPARE(int(ui.mapPanel()->view()->mapData()->ids.size()), kGroups * kPerGroup);
    QTRY_VERIFY(ui.clusterFilterAvailable());
    const Catalog c = Catalog::open(m_plain.toStdString(), true);
    QVERIFY(vitrine::loadClustering(c, kEmbedding, 3, 2).has_value());
    QVERIFY(vitrine::loadLayout(c, kEmbedding, "pca", 2).has_value());
  }

 private:
  QTemporaryDir m_dir;
  QTemporaryDir m_settingsDir;
  QString m_clustered, m_plain;
};

QTEST_MAIN(TestClusters)
#include "tst_clusters.moc"
