// Catalog -> Embeddings… (issue 15.3) driven by clicks and keys: the list with dimension,
// coverage, version and default; import of an embedding .npy + ids and of an interactions CSV
// with the command line's report lines (and its file:line errors); set default; delete with a
// confirmation; compute with a measured time estimate.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "catalog/catalog.h"
#include "embeddings/embed.h"
#include "recommend/embedding_choice.h"
#include "embeddings/embeddingsdialog.h"
#include "ingest/importer.h"
#include "ingest/npy.h"
#include "shell/mainwindow.h"
#include "uitest.h"

using vitrine::Catalog;
using vitrine::EmbeddingsDialog;
using vitrine::MainWindow;

namespace {

using vitrine::uitest::screenshotDir;

using vitrine::uitest::child;

using vitrine::uitest::click;

void type(QLineEdit* edit, const QString& text) {
  edit->setFocus();
  edit->selectAll();
  QTest::keyClick(edit, Qt::Key_Backspace);
  QTest::keyClicks(edit, text);
}

void writeText(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(text);
}

// The row of `name` in the table, -1 when absent.
int rowOf(QTableWidget* table, const QString& name) {
  for (int r = 0; r < table->rowCount(); ++r)
    if (table->item(r, 0) && table->item(r, 0)->text() == name) return r;
  return -1;
}

void clickRow(QTableWidget* table, const QString& name) {
  const int row = rowOf(table, name);
  QVERIFY2(row >= 0, qPrintable(name));
  const QRect cell = table->visualItemRect(table->item(row, 0));
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
}

// Presses `button` of the next message box.
void answerMessageBox(QMessageBox::StandardButton button) {
  QTimer::singleShot(50, [button] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box) {
      answerMessageBox(button);
      return;
    }
    click(box->button(button));
  });
}

}  // namespace

class TestEmbeddingsDialog : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_embeddingsdialog"));
    QVERIFY(m_dir.isValid());
    // Four images imported without metadata: ids img0..img3, handcrafted features stored.
    const QString images = m_dir.filePath(QStringLiteral("images"));
    QDir().mkpath(images);
    const QColor colours[] = {Qt::red, Qt::darkGreen, Qt::blue, Qt::yellow};
    for (int i = 0; i < 4; ++i) {
      QImage img(80, 60, QImage::Format_RGB32);
      img.fill(colours[i]);
      QPainter p(&img);
      p.fillRect(10 * i, 5, 20, 30, colours[i].darker(200));
      p.end();
      QVERIFY(img.save(QDir(images).filePath(QStringLiteral("img%1.jpg").arg(i)), "JPEG", 90));
    }
    m_catalogPath = m_dir.filePath(QStringLiteral("e.vitrine"));
    Catalog c = Catalog::create(m_catalogPath.toStdString());
    vitrine::ImportOptions o;
    o.imagesDir = images.toStdString();
    o.noMetadata = true;
    QCOMPARE(vitrine::importImages(c, o).imported, 4);
  }

  void listImportDefaultDeleteCompute() {
    MainWindow w;
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    w.show();
    auto* open = w.findChild<QAction*>(QStringLiteral("actionEmbeddings"));
    QVERIFY(open);
    open->trigger();
    auto* dialog = child<EmbeddingsDialog>(&w, "embeddingsDialog");
    QVERIFY(dialog->isVisible());
    QTRY_VERIFY(dialog->isListLoaded());
    auto* table = child<QTableWidget>(dialog, "embeddingsTable");
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("handcrafted"));
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("4 / 4 (100 %)"));
    QVERIFY(table->item(0, 4)->text().contains(QStringLiteral("default")));
    auto* report = child<QPlainTextEdit>(dialog, "reportView");
    auto* status = child<QLabel>(dialog, "embeddingStatus");

    // Import a 3 x 5 embedding for img0..img2: the command line's report line.
    vitrine::NpyMatrix m;
    m.rows = 3;
    m.cols = 5;
    for (int i = 0; i < 15; ++i) m.values.push_back(static_cast<float>(i % 7) + 0.5f);
    const QString npy = m_dir.filePath(QStringLiteral("ext.npy"));
    vitrine::writeNpy(npy.toStdString(), m);
    const QString ids = m_dir.filePath(QStringLiteral("ext.txt"));
    writeText(ids, "img0\nimg1\nimg2\n");
    type(child<QLineEdit>(dialog, "npyEdit"), npy);
    type(child<QLineEdit>(dialog, "idsEdit"), ids);
    type(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("ext"));
    click(child<QPushButton>(dialog, "importEmbeddingButton"));
    QTRY_VERIFY(!dialog->isBusy());
    QCOMPARE(report->toPlainText(), QStringLiteral("stored 3 5-d vectors as \"ext\" (0 artworks created)"));
    QTRY_COMPARE(table->rowCount(), 2);
    QTRY_VERIFY(dialog->isListLoaded());
    QCOMPARE(table->item(rowOf(table, "ext"), 1)->text(), QStringLiteral("5"));
    QCOMPARE(table->item(rowOf(table, "ext"), 2)->text(), QStringLiteral("3 / 4 (75 %)"));
    QCOMPARE(table->item(rowOf(table, "ext"), 3)->text(), QStringLiteral("imported"));

    // An ids file naming an unknown artwork: nothing stored, the reason names the id.
    const QString badIds = m_dir.filePath(QStringLiteral("bad.txt"));
    writeText(badIds, "img0\nnope\nimg2\n");
    type(child<QLineEdit>(dialog, "idsEdit"), badIds);
    type(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("ext2"));
    click(child<QPushButton>(dialog, "importEmbeddingButton"));
    QTRY_VERIFY(!dialog->isBusy());
    QVERIFY2(report->toPlainText().contains(QStringLiteral("nope")), qPrintable(report->toPlainText()));
    QCOMPARE(status->text(), QStringLiteral("Nothing was imported."));
    QCOMPARE(rowOf(table, "ext2"), -1);

    // Interactions: the summary line of import-interactions (a duplicate row merged) ...
    const QString csv = m_dir.filePath(QStringLiteral("interactions.csv"));
    writeText(csv, "user_id,item_id,timestamp\nu1,img0,1000\nu1,img1,1001\nu1,img1,1001\nu2,img2,2000\n");
    type(child<QLineEdit>(dialog, "interactionsEdit"), csv);
    click(child<QPushButton>(dialog, "importInteractionsButton"));
    QTRY_VERIFY(!dialog->isBusy());
    QVERIFY2(report->toPlainText().startsWith(
                 QStringLiteral("stored 3 interactions of 4 rows; merged 1 exact duplicate row")),
             qPrintable(report->toPlainText()));
    QCOMPARE(Catalog::open(m_catalogPath.toStdString(), true).interactionCount(), 3);
    // ... and a bad row refused with file:line.
    const QString bad = m_dir.filePath(QStringLiteral("bad.csv"));
    writeText(bad, "user_id,item_id,timestamp\nu1,img0,1000\nu1,ghost,1001\n");
    type(child<QLineEdit>(dialog, "interactionsEdit"), bad);
    click(child<QPushButton>(dialog, "importInteractionsButton"));
    QTRY_VERIFY(!dialog->isBusy());
    QVERIFY2(report->toPlainText().contains(bad + QStringLiteral(":3: unknown item_id ghost")),
             qPrintable(report->toPlainText()));
    QCOMPARE(Catalog::open(m_catalogPath.toStdString(), true).interactionCount(), 3);

    // Set the imported one as the default.
    clickRow(table, QStringLiteral("ext"));
    click(child<QPushButton>(dialog, "setDefaultButton"));
    QTRY_VERIFY(dialog->isListLoaded());
    QTRY_VERIFY(table->item(rowOf(table, "ext"), 4)->text().contains(QStringLiteral("default")));
    QVERIFY(table->item(rowOf(table, "handcrafted"), 4)->text().isEmpty());
    QCOMPARE(vitrine::defaultEmbeddingName(Catalog::open(m_catalogPath.toStdString(), true)), std::string("ext"));
    dialog->grab().save(QDir(screenshotDir()).filePath(QStringLiteral("embeddings-dialog.png")));

    // Delete it (confirmed): the default falls back to handcrafted.
    clickRow(table, QStringLiteral("ext"));
    answerMessageBox(QMessageBox::Yes);
    click(child<QPushButton>(dialog, "deleteButton"));
    QTRY_VERIFY(!dialog->isBusy());
    QTRY_COMPARE(table->rowCount(), 1);
    QVERIFY(!Catalog::open(m_catalogPath.toStdString(), true).embeddingInfo("ext"));
    QTRY_VERIFY(table->item(0, 4)->text().contains(QStringLiteral("default")));
    // A declined confirmation deletes nothing.
    clickRow(table, QStringLiteral("handcrafted"));
    answerMessageBox(QMessageBox::Cancel);
    click(child<QPushButton>(dialog, "deleteButton"));
    QTest::qWait(100);
    QCOMPARE(table->rowCount(), 1);

    // Delete handcrafted, estimate, then compute it again through the dialog.
    clickRow(table, QStringLiteral("handcrafted"));
    answerMessageBox(QMessageBox::Yes);
    click(child<QPushButton>(dialog, "deleteButton"));
    QTRY_VERIFY(!dialog->isBusy());
    QTRY_COMPARE(table->rowCount(), 0);
    auto* extractor = child<QComboBox>(dialog, "extractorCombo");
    QCOMPARE(extractor->currentText(), QStringLiteral("handcrafted"));
    click(child<QPushButton>(dialog, "estimateButton"));
    QTRY_VERIFY(!dialog->isBusy());
    const QString estimate = child<QLabel>(dialog, "estimateLabel")->text();
    QVERIFY2(estimate.startsWith(QStringLiteral("About ")) && estimate.contains(QStringLiteral("for 4 artworks")),
             qPrintable(estimate));
    click(child<QPushButton>(dialog, "computeButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 60000);
    QVERIFY2(report->toPlainText().startsWith(QStringLiteral("computed handcrafted for 4 artworks")),
             qPrintable(report->toPlainText()));
    QTRY_COMPARE(table->rowCount(), 1);
    QTRY_COMPARE(table->item(0, 2)->text(), QStringLiteral("4 / 4 (100 %)"));
  }

 private:
  QTemporaryDir m_settingsDir;
  QTemporaryDir m_dir;
  QString m_catalogPath;
};

QTEST_MAIN(TestEmbeddingsDialog)
#include "tst_embeddingsdialog.moc"
