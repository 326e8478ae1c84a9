// macOS hands a double-clicked .vitrine document to the running app as a QFileOpenEvent (issue 20):
// the app opens that catalog; a file that is not a catalog leaves the open one and says why.
#include <QFileOpenEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "catalog/catalog.h"
#include "shell/fileopenhandler.h"
#include "shell/mainwindow.h"
#include "uitest.h"

using vitrine::Artwork;
using vitrine::Catalog;
using vitrine::FileOpenHandler;
using vitrine::MainWindow;

namespace {

// A catalog of `n` artworks titled "<stem> 0".."<stem> n-1" (no thumbnails needed here).
QString makeCatalog(const QTemporaryDir& dir, const QString& stem, int n) {
  const QString path = dir.filePath(stem + QStringLiteral(".vitrine"));
  Catalog c = Catalog::create(path.toStdString());
  for (int i = 0; i < n; ++i) {
    Artwork a;
    a.externalId = stem.toStdString() + std::to_string(i);
    a.title = stem.toStdString() + " " + std::to_string(i);
    c.insertArtwork(a);
  }
  return path;
}

}  // namespace

class TestFileOpen : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_fileopen"));
    QVERIFY(m_dir.isValid());
  }

  void fileOpenEventOpensTheCatalog() {
    const QString first = makeCatalog(m_dir, QStringLiteral("first"), 2);
    const QString second = makeCatalog(m_dir, QStringLiteral("Zoë's second"), 5);
    MainWindow w;
    QVERIFY2(w.openCatalog(first), qPrintable(w.lastError()));
    w.show();
    auto* handler = new FileOpenHandler(&w, qApp);
    qApp->installEventFilter(handler);
    QSignalSpy opened(handler, &FileOpenHandler::opened);

    QFileOpenEvent event(second);  // what Finder sends for a double-clicked document
    QCoreApplication::sendEvent(qApp, &event);

    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.at(0).at(0).toString(), second);
    QCOMPARE(w.catalogPath(), second);
    QVERIFY2(w.windowTitle().contains(QStringLiteral("Zoë's second")), qPrintable(w.windowTitle()));
    // The browser lists the five artworks of the second catalog (loaded in the background).
    QTRY_COMPARE_WITH_TIMEOUT(vitrine::uitest::Parts(w).model()->rowCount(), 5, 20000);
    qApp->removeEventFilter(handler);
    delete handler;
  }

  void notACatalogKeepsTheOpenOneAndSaysWhy() {
    const QString good = makeCatalog(m_dir, QStringLiteral("good"), 3);
    const QString bad = m_dir.filePath(QStringLiteral("notes.vitrine"));
    {
      QFile f(bad);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("this is not an SQLite file\n");
    }
    MainWindow w;
    QVERIFY2(w.openCatalog(good), qPrintable(w.lastError()));
    FileOpenHandler handler(&w);
    qApp->installEventFilter(&handler);
    QSignalSpy failed(&handler, &FileOpenHandler::openFailed);

    QFileOpenEvent event(QUrl::fromLocalFile(bad));
    QCoreApplication::sendEvent(qApp, &event);
    qApp->removeEventFilter(&handler);

    QCOMPARE(failed.count(), 1);
    const QString error = failed.at(0).at(1).toString();
    QVERIFY2(error.contains(QStringLiteral("notes.vitrine")), qPrintable(error));
    QCOMPARE(w.catalogPath(), good);
  }

 private:
  QTemporaryDir m_settingsDir;
  QTemporaryDir m_dir;
};

QTEST_MAIN(TestFileOpen)
#include "tst_fileopen.moc"
