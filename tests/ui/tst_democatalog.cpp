// First-launch bootstrap: the bundled demo set becomes a catalog the window shows.
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QApplication>
#include <QFile>
#include <QListView>
#include <QProgressDialog>
#include <QTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>

#include "catalog/catalog.h"
#include "demo/democatalog.h"
#include "shell/mainwindow.h"
#include "services/thumbnailloader.h"
#include "browser/thumbnailmodel.h"
#include "uitest.h"

using vitrine::Catalog;

namespace {
constexpr int64_t kDemoArtworks = 267;

using vitrine::uitest::screenshotDir;
}  // namespace

class TestDemoCatalog : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_democatalog"));
    QVERIFY(m_dir.isValid());
  }

  void locatesResources() {
    // The environment variable wins over every other place.
    qputenv("VITRINE_RESOURCES_DIR", QByteArray(VITRINE_RESOURCES_DIR));
    const QStringList path = vitrine::resourcesSearchPath();
    QVERIFY(path.size() >= 2);
    QCOMPARE(path.first(), QStringLiteral(VITRINE_RESOURCES_DIR));
    const QString exeDir = QCoreApplication::applicationDirPath();
    QVERIFY(path.contains(QDir::cleanPath(exeDir + QStringLiteral("/../share/vitrine/resources"))));
    QCOMPARE(QDir(vitrine::locateResourcesDir()).canonicalPath(),
             QDir(QStringLiteral(VITRINE_RESOURCES_DIR)).canonicalPath());

    // A folder without the demo set is skipped; the source tree is the last resort.
    qputenv("VITRINE_RESOURCES_DIR", m_dir.path().toUtf8());
    QCOMPARE(QDir(vitrine::locateDemoDir()).canonicalPath(),
             QDir(QStringLiteral(VITRINE_RESOURCES_DIR "/demo")).canonicalPath());
    qunsetenv("VITRINE_RESOURCES_DIR");
  }

  void cancelledBuildIsNotComplete() {
    const QString path = m_dir.filePath(QStringLiteral("cancelled/demo.vitrine"));
    int calls = 0;
    const vitrine::ImportReport report =
        vitrine::buildDemoCatalog(path, vitrine::locateDemoDir(), [&calls](const vitrine::Progress&) {
          ++calls;
          return false;  // what the dialog's Cancel button answers
        });
    QVERIFY(calls >= 1);
    QVERIFY(report.cancelled);
    QVERIFY(QFileInfo(path).isFile());
    QVERIFY(!vitrine::isDemoImportComplete(path));
  }

  void buildsDemoCatalogAndShowsIt() {
    const QString path = m_dir.filePath(QStringLiteral("app/demo.vitrine"));  // folder made on demand
    QVERIFY(!vitrine::isDemoImportComplete(path));
    std::atomic<int> calls{0};
    std::atomic<int64_t> lastTotal{0};
    const vitrine::ImportReport report =
        vitrine::buildDemoCatalog(path, vitrine::locateDemoDir(), [&](const vitrine::Progress& p) {
          ++calls;
          lastTotal = p.total;
          return true;
        });
    QVERIFY2(!report.cancelled, report.summary().c_str());
    QCOMPARE(report.imported + report.alreadyPresent, kDemoArtworks);
    QVERIFY(calls > 0);
    QVERIFY(vitrine::isDemoImportComplete(path));
    {
      const Catalog c = Catalog::open(path.toStdString(), true);
      QCOMPARE(c.artworkCount(), kDemoArtworks);
      QCOMPARE(QString::fromStdString(c.setting("credit").value_or("")), QString::fromLatin1(vitrine::kDemoCreditLine));
    }

    vitrine::MainWindow w;

    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(path), qPrintable(w.lastError()));
    QCOMPARE(w.creditLine(), QString::fromLatin1(vitrine::kDemoCreditLine));
    w.resize(1120, 780);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(ui.gridView()->model()->rowCount(), static_cast<int>(kDemoArtworks));
    vitrine::ThumbnailModel* m = ui.model();
    QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("Helena Tromper Du Bois"));
    QTRY_VERIFY(m->index(0, 0).data(vitrine::ThumbnailModel::HasThumbnailRole).toBool());
    QTRY_VERIFY(m->loader()->isIdle());
    // Only what was asked for (the visible rows) is decoded, not the whole catalog.
    QVERIFY(m->loadedThumbnailCount() > 0);
    QVERIFY(m->loadedThumbnailCount() < kDemoArtworks);
    QVERIFY(w.grab().save(QDir(screenshotDir()).filePath(QStringLiteral("democatalog.png"))));

    // The next launch picks the last catalog without rebuilding anything.
    QCOMPARE(vitrine::startupCatalogPath(nullptr, QString()), QFileInfo(path).absoluteFilePath());
  }

  void firstLaunchWithProgressDialog() {
    // Test mode points AppDataLocation at a scratch folder, never the user's.
    const QString path = vitrine::defaultDemoCatalogPath();
    const auto removeCatalog = [&path] {
      for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile::remove(path + suffix);
      }
    };
    removeCatalog();
    QVERIFY(!vitrine::isDemoImportComplete(path));

    // Photograph the dialog while the import runs on its worker thread.
    bool sawDialog = false;
    QTimer peek;
    connect(&peek, &QTimer::timeout, this, [&sawDialog] {
      for (QWidget* w : QApplication::topLevelWidgets()) {
        auto* dialog = qobject_cast<QProgressDialog*>(w);
        if (!dialog || !dialog->isVisible() || sawDialog) continue;
        sawDialog = true;
        dialog->grab().save(QDir(screenshotDir()).filePath(QStringLiteral("demo-progress.png")));
      }
    });
    peek.start(20);
    QString error;
    const QString built = vitrine::ensureDemoCatalog(nullptr, &error);
    peek.stop();
    QVERIFY2(!built.isEmpty(), qPrintable(error));
    QCOMPARE(built, path);
    QVERIFY(sawDialog);
    QVERIFY(vitrine::isDemoImportComplete(path));
    QCOMPARE(Catalog::open(path.toStdString(), true).artworkCount(), kDemoArtworks);

    // Second launch: no dialog, same file.
    sawDialog = false;
    peek.start(1);
    QCOMPARE(vitrine::ensureDemoCatalog(nullptr, &error), path);
    peek.stop();
    QVERIFY(!sawDialog);
    removeCatalog();
  }

 private:
  QTemporaryDir m_dir;
  QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestDemoCatalog)
#include "tst_democatalog.moc"
