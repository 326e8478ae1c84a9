// The browser window over a small generated catalog (no importer involved).
#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QStatusBar>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "catalog/catalog.h"
#include "shell/mainwindow.h"
#include "services/thumbnailloader.h"
#include "browser/thumbnailmodel.h"
#include "browser/thumbnailview.h"
#include "uitest.h"

using vitrine::Artwork;
using vitrine::Catalog;
using vitrine::MainWindow;
using vitrine::ThumbnailModel;

namespace {

struct Sample {
  const char* title;
  const char* artist;
  const char* date;
  QColor color;
};

const Sample kSamples[] = {
    {"Sunflowers", "Vincent van Gogh (Dutch, 1853\u20131890)", "1888", QColor(220, 180, 40)},
    {"Water Lilies", "Claude Monet (French, 1840\u20131926)", "1906", QColor(60, 120, 160)},
    {"A Sunday on La Grande Jatte", "Georges Seurat", "1884\u201386", QColor(90, 150, 80)},
    {"The Bedroom", "Vincent van Gogh", "1889", QColor(160, 90, 60)},
    {"Nighthawks", "Edward Hopper", "1942", QColor(30, 60, 50)},
    {"American Gothic", "Grant Wood", "1930", QColor(140, 130, 110)},
    {"Sunset on the Seine", "Claude Monet", "c. 1880", QColor(230, 110, 60)},
};
constexpr int kSampleCount = static_cast<int>(sizeof(kSamples) / sizeof(kSamples[0]));

// A recognisable JPEG thumbnail: a colour field with a diagonal band, landscape or portrait.
std::vector<unsigned char> makeJpeg(const QColor& color, int w, int h) {
  QImage img(w, h, QImage::Format_RGB32);
  img.fill(color);
  QPainter p(&img);
  p.setPen(QPen(color.lighter(160), h / 6));
  p.drawLine(0, h, w, 0);
  p.end();
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  img.save(&buffer, "JPEG", 85);
  return std::vector<unsigned char>(bytes.begin(), bytes.end());
}

QString makeCatalog(const QTemporaryDir& dir) {
  const QString path = dir.filePath(QStringLiteral("small.vitrine"));
  Catalog c = Catalog::create(path.toStdString());
  for (int i = 0; i < kSampleCount; ++i) {
    Artwork a;
    a.externalId = "t" + std::to_string(i);
    a.title = kSamples[i].title;
    a.artist = kSamples[i].artist;
    a.dateText = kSamples[i].date;
    const int64_t id = c.insertArtwork(a);
    vitrine::Thumbnail t;
    t.width = (i % 2) ? 180 : 256;
    t.height = (i % 2) ? 256 : 170;
    t.bytes = makeJpeg(kSamples[i].color, t.width, t.height);
    c.putThumbnail(id, t);
  }
  c.setSetting("credit", "Images: test fixtures");
  return path;
}

using vitrine::uitest::screenshotDir;

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    // Keep the user's real settings (geometry, lastCatalog) out of the test.
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_mainwindow"));
    QVERIFY(m_dir.isValid());
    m_catalogPath = makeCatalog(m_dir);
  }

  void catalogWithoutCreditShowsNone() {
    const QString path = m_dir.filePath(QStringLiteral("nocredit.vitrine"));
    { Catalog::create(path.toStdString()); }
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(path), qPrintable(w.lastError()));
    QVERIFY(w.creditLine().isEmpty());  // not the demo set's CC0 line
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    QCOMPARE(w.creditLine(), QStringLiteral("Images: test fixtures"));
  }

  void openMissingCatalogFails() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY(!w.openCatalog(m_dir.filePath(QStringLiteral("nope.vitrine"))));
    QVERIFY(!w.lastError().isEmpty());
    QCOMPARE(ui.model()->rowCount(), 0);
  }

  void browseSearchAndSelect() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QAbstractItemModelTester tester(ui.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    QCOMPARE(w.creditLine(), QStringLiteral("Images: test fixtures"));
    QCOMPARE(QSettings().value(QStringLiteral("lastCatalog")).toString(), QFileInfo(m_catalogPath).absoluteFilePath());
    w.resize(1500, 1060);  // room for every row of the grid beside the docks, above the profile strip
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));

    QTRY_COMPARE(ui.gridView()->model()->rowCount(), kSampleCount);
    ThumbnailModel* m = ui.model();
    const QModelIndex first = m->index(0, 0);
    QCOMPARE(first.data(Qt::DisplayRole).toString(), QStringLiteral("Sunflowers"));
    QCOMPARE(first.data(ThumbnailModel::ArtistRole).toString(),
             QStringLiteral("Vincent van Gogh (Dutch, 1853\u20131890)"));
    QCOMPARE(first.data(Qt::ToolTipRole).toString(),
             QStringLiteral("Sunflowers \u2014 Vincent van Gogh (Dutch, 1853\u20131890), 1888"));
    QVERIFY(first.data(ThumbnailModel::ArtworkIdRole).toLongLong() > 0);

    // The first ask gives the placeholder and queues a decode; dataChanged brings the real one.
    QTRY_VERIFY(m->index(0, 0).data(ThumbnailModel::HasThumbnailRole).toBool());
    const QPixmap pm = qvariant_cast<QPixmap>(m->index(0, 0).data(Qt::DecorationRole));
    QVERIFY(!pm.isNull());
    QCOMPARE(pm.size(), QSize(256, 170));
    const QColor centre = pm.toImage().pixelColor(20, 20);
    QVERIFY2(qAbs(centre.red() - 220) < 30 && qAbs(centre.blue() - 40) < 30, qPrintable(centre.name()));
    QTRY_VERIFY(m->loader()->isIdle());
    QTRY_COMPARE(m->loadedThumbnailCount(), kSampleCount);  // all rows are visible at 1500x1060

    // Status bar shows the count and the catalog name.
    QStatusBar* sb = w.statusBar();
    const QList<QLabel*> labels = sb->findChildren<QLabel*>();
    QStringList texts;
    for (QLabel* l : labels) texts << l->text();
    QVERIFY2(texts.contains(QStringLiteral("7 artworks")), qPrintable(texts.join('|')));
    QVERIFY2(texts.contains(QStringLiteral("Catalog: small")), qPrintable(texts.join('|')));

    QDir shots(screenshotDir());
    QVERIFY(w.grab().save(shots.filePath(QStringLiteral("mainwindow.png"))));

    // Search: debounced title/artist substring filter.
    QTest::keyClicks(ui.searchEdit(), QStringLiteral("sun"));
    QTRY_COMPARE(m->rowCount(), 3);  // Sunflowers, A Sunday..., Sunset...
    for (int r = 0; r < m->rowCount(); ++r) {
      QVERIFY(m->index(r, 0).data().toString().contains(QStringLiteral("sun"), Qt::CaseInsensitive));
    }
    ui.searchEdit()->clear();
    QTest::keyClicks(ui.searchEdit(), QStringLiteral("monet"));
    QTRY_COMPARE(m->rowCount(), 2);
    QVERIFY(w.grab().save(shots.filePath(QStringLiteral("mainwindow-search.png"))));
    // Esc clears the search and the whole catalog is back.
    QTest::keyClick(ui.searchEdit(), Qt::Key_Escape);
    QCOMPARE(ui.searchEdit()->text(), QString());
    QTRY_COMPARE(m->rowCount(), kSampleCount);

    // Click a thumbnail: it becomes current and selected.
    QListView* grid = ui.gridView();
    QTRY_VERIFY(grid->visualRect(m->index(3, 0)).isValid());
    const QModelIndex target = m->index(3, 0);
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->visualRect(target).center());
    QCOMPARE(grid->currentIndex(), target);
    QVERIFY(grid->selectionModel()->isSelected(target));
    QCOMPARE(grid->currentIndex().data().toString(), QStringLiteral("The Bedroom"));
  }

  void shortcutsZoomAndFocus() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY(w.openCatalog(m_catalogPath));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    auto* view = ui.gridView();
    const int before = view->thumbnailSize();
    QTest::keyClick(&w, Qt::Key_Equal, Qt::ControlModifier);
    QTRY_VERIFY(view->thumbnailSize() > before);
    QCOMPARE(ui.sizeSlider()->value(), view->thumbnailSize());
    QTest::keyClick(&w, Qt::Key_Minus, Qt::ControlModifier);
    QTRY_COMPARE(view->thumbnailSize(), before);
    ui.sizeSlider()->setValue(ThumbnailViewMin());
    QCOMPARE(view->thumbnailSize(), ThumbnailViewMin());

    ui.gridView()->setFocus();
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(ui.searchEdit()->hasFocus());
  }

  void loaderCoalescesAndPrioritises() {
    vitrine::ThumbnailLoader loader(nullptr, 1);
    // No catalog: requests are ignored.
    loader.request(1);
    QCOMPARE(loader.queuedCount(), 0);
    loader.setCatalogPath(m_catalogPath);
    loader.setMaxQueue(3);
    QSignalSpy spy(&loader, &vitrine::ThumbnailLoader::loaded);
    for (qint64 id : {1, 2, 3, 2, 4, 5, 5}) loader.request(id);
    QVERIFY(loader.queuedCount() <= 3);
    QTRY_VERIFY(loader.isIdle());
    QVERIFY(spy.count() >= 1);
    QSet<qint64> seen;
    for (const QList<QVariant>& args : spy) {
      const qint64 id = args.at(0).toLongLong();
      QVERIFY2(!seen.contains(id), "a coalesced request was decoded twice");
      seen.insert(id);
    }
    // The most recent requests survive the trimmed queue.
    QVERIFY(seen.contains(5));
    QVERIFY(seen.contains(4));
  }

  void loaderDropsStaleResultsAndStopsCleanly() {
    {
      vitrine::ThumbnailLoader loader(nullptr, 2);
      loader.setCatalogPath(m_catalogPath);
      QSignalSpy spy(&loader, &vitrine::ThumbnailLoader::loaded);
      for (int round = 0; round < 50; ++round) {
        for (qint64 id = 1; id <= kSampleCount; ++id) loader.request(id);
      }
      // Switching catalog discards everything queued or in flight for the old one.
      loader.setCatalogPath(QString());
      QCOMPARE(loader.queuedCount(), 0);
      QTest::qWait(100);
      QCOMPARE(spy.count(), 0);
      QVERIFY(loader.isIdle());
      loader.request(1);  // no catalog: ignored
      QCOMPARE(loader.queuedCount(), 0);
    }
    {
      // Destroyed with a full queue and busy workers: joins without crashing.
      vitrine::ThumbnailLoader loader(nullptr, 2);
      loader.setCatalogPath(m_catalogPath);
      for (qint64 id = 1; id <= kSampleCount; ++id) loader.request(id);
    }
    {
      // A missing artwork yields a null image (the view keeps its placeholder).
      vitrine::ThumbnailLoader loader(nullptr, 1);
      loader.setCatalogPath(m_catalogPath);
      QSignalSpy spy(&loader, &vitrine::ThumbnailLoader::loaded);
      loader.request(9999);
      QTRY_COMPARE(spy.count(), 1);
      QCOMPARE(spy.at(0).at(0).toLongLong(), 9999);
      QVERIFY(spy.at(0).at(1).value<QImage>().isNull());
    }
  }

  void windowRemembersGeometry() {
    // Shows a window at `size` and closes it (closing is when the layout is saved, if at all).
    const auto showAndClose = [](const QSize& size, bool remembers) {
      MainWindow w;
      w.setRemembersLayout(remembers);
      w.resize(size);
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      w.close();
    };
    showAndClose(QSize(777, 555), true);
    MainWindow again;
    QCOMPARE(again.size(), QSize(777, 555));
    // A window that does not remember (the headless run of scripts/run.sh) leaves the saved
    // layout as it was.
    showAndClose(QSize(640, 480), false);
    MainWindow third;
    QCOMPARE(third.size(), QSize(777, 555));
  }

 private:
  static int ThumbnailViewMin() { return vitrine::ThumbnailView::kMinThumbnailSize; }

  QTemporaryDir m_dir;
  QTemporaryDir m_settingsDir;
  QString m_catalogPath;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
