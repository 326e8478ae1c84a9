// File -> New Catalog… (issue 15.2 and the drag-and-drop part of 15.6): the wizard driven by
// clicks and keys on a generated folder (images, a broken file, a metadata CSV with odd column
// names that need the mapping), the background steps in the Tasks dock, cancel then resume, the
// report of skipped files and rows, and folders or catalogs dropped on the window.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "cluster/cluster_store.h"
#include "recommend/curatornet.h"
#include "newcatalog/catalogpipeline.h"
#include "newcatalog/newcatalogwizard.h"
#include "newcatalog/reportdialog.h"
#include "services/tasklist.h"
#include "shell/mainwindow.h"
#include "uitest.h"

using vitrine::Catalog;
using vitrine::CatalogPipeline;
using vitrine::MainWindow;
using vitrine::NewCatalogWizard;
using vitrine::ReportDialog;
using vitrine::TaskListPanel;

namespace {

using vitrine::uitest::screenshotDir;

void shot(QWidget* w, const QString& name) { w->grab().save(QDir(screenshotDir()).filePath(name)); }

// A small painting: a colour field with a darker diagonal band (so features differ).
void writeImage(const QString& path, const QColor& colour, int seed) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QImage img(96, 72, QImage::Format_RGB32);
  img.fill(colour);
  QPainter p(&img);
  p.setPen(QPen(colour.darker(150 + 20 * seed), 6 + seed));
  p.drawLine(0, 10 * seed, 96, 72 - 5 * seed);
  p.end();
  QVERIFY(img.save(path, "JPEG", 90));
}

void writeText(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(text);
}

// Six images (one in a subfolder), a file that is not an image, and metadata.csv whose columns
// have names the wizard cannot guess (Inv, Bild, Titel, Kuenstler) beside ones it can (Year,
// Technique), an extra column (Museum) and four bad rows.
void makeFixture(const QString& dir) {
  const QColor colours[] = {Qt::red, Qt::darkGreen, Qt::blue, Qt::yellow, Qt::magenta, Qt::cyan};
  const char* names[] = {"red.jpg", "green.jpg", "blue.jpg", "yellow.jpg", "more/purple.jpg", "cyan.jpg"};
  for (int i = 0; i < 6; ++i) writeImage(QDir(dir).filePath(QString::fromLatin1(names[i])), colours[i], i);
  writeText(QDir(dir).filePath(QStringLiteral("broken.jpg")), "this is not a JPEG");
  writeText(QDir(dir).filePath(QStringLiteral("metadata.csv")),
            "Inv,Bild,Titel,Kuenstler,Year,Technique,Museum\n"
            "p1,red.jpg,Red Field,Anna A,c. 1901,oil,Kunsthalle\n"
            "p2,green.jpg,Green Field,Bert B,1902,oil,Kunsthalle\n"
            "p3,blue.jpg,Blue Field,Anna A,1903,tempera,Ateneum\n"
            "p4,yellow.jpg,\"Yellow, Field\",Cleo C,1904,oil,\n"
            "p5,more/purple.jpg,Purple Field,Bert B,1905,oil,Ateneum\n"
            "p6,missing.jpg,Ghost,Nobody,1906,oil,\n"
            "p2,green.jpg,Second Green,Someone,1907,oil,\n"
            ",red.jpg,No Id,Someone,1908,oil,\n"
            "p7,broken.jpg,Broken,Someone,1909,oil,\n");
}

QAction* action(QWidget& w, const char* name) {
  auto* a = w.findChild<QAction*>(QLatin1String(name));
  if (!a) qFatal("no action %s", name);
  return a;
}

using vitrine::uitest::child;

using vitrine::uitest::click;

void replaceText(QLineEdit* edit, const QString& text) {
  edit->setFocus();
  edit->selectAll();
  QTest::keyClick(edit, Qt::Key_Backspace);
  QTest::keyClicks(edit, text);
}

QPushButton* taskButton(QWidget& w, const char* task, const char* button) {
  auto* row = child<QWidget>(&w, task);
  return child<QPushButton>(row, button);
}

// The after-import steps as the wizard runs them, with a short training (the test's catalogs
// have five or six paintings).
vitrine::CatalogPipelineConfig quickConfig() {
  vitrine::CatalogPipelineConfig c = vitrine::CatalogPipelineConfig::coldStartDefaults();
  c.training.trainTriples = 400;
  c.training.validationTriples = 100;
  c.training.trainer.maxEpochs = 1;
  return c;
}

int artworkCount(const QString& path) {
  return static_cast<int>(Catalog::open(path.toStdString(), true).artworkCount());
}

// Answers the next file dialog with `path`.
void answerFileDialog(const QString& path, int tries = 0) {
  QTimer::singleShot(50, [path, tries] {
    auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
    if (!dialog) {
      answerFileDialog(path, tries);
      return;
    }
    dialog->selectFile(path);
    // The dialog may still be reading the folder it opened in (where it offers its own name):
    // accept only once the selection is ours.
    if (dialog->selectedFiles().value(0) != path && tries < 40) {  // then accept: the test fails, not hangs
      answerFileDialog(path, tries + 1);
      return;
    }
    QMetaObject::invokeMethod(dialog, "accept", Qt::QueuedConnection);
  });
}

}  // namespace

class TestNewCatalog : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_newcatalog"));
    QVERIFY(m_dir.isValid());
  }

  void guessesColumnsByNameAndSynonym() {
    const QStringList header = {"Object No.", "Image File", "TITLE", "Creator", "date_created", "Movement", "misc"};
    QCOMPARE(NewCatalogWizard::guessColumn("id", header), 0);
    QCOMPARE(NewCatalogWizard::guessColumn("file", header), 1);
    QCOMPARE(NewCatalogWizard::guessColumn("title", header), 2);
    QCOMPARE(NewCatalogWizard::guessColumn("artist", header), 3);
    QCOMPARE(NewCatalogWizard::guessColumn("date", header), 4);
    QCOMPARE(NewCatalogWizard::guessColumn("style", header), 5);
    QCOMPARE(NewCatalogWizard::guessColumn("medium", header), -1);
  }

  void wizardWithMappedCsvImportsAndReports() {
    const QString folder = m_dir.filePath(QStringLiteral("paintings"));
    makeFixture(folder);
    const QString catalogPath = m_dir.filePath(QStringLiteral("wizard.vitrine"));
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    const vitrine::uitest::Parts ui(w);
    child<CatalogPipeline>(&w, "catalogPipeline")->setAfterImportConfig(quickConfig());
    action(w, "actionNewCatalog")->trigger();
    auto* wizard = child<NewCatalogWizard>(&w, "newCatalogWizard");
    QVERIFY(wizard->isVisible());
    QWidget* next = wizard->button(QWizard::NextButton);

    // Page 1: the folder; Next waits for an existing one.
    auto* folderEdit = child<QLineEdit>(wizard, "folderEdit");
    QVERIFY(!next->isEnabled());
    QTest::keyClicks(folderEdit, folder);
    QVERIFY(next->isEnabled());
    QVERIFY2(child<QLabel>(wizard, "folderInfo")->text().contains(QStringLiteral("6 images")),
             qPrintable(child<QLabel>(wizard, "folderInfo")->text()));  // broken.jpg counts; purple is in more/
    QTest::mouseClick(child<QCheckBox>(wizard, "recursiveCheck"), Qt::LeftButton, {}, QPoint(8, 8));  // the box
    QVERIFY2(child<QLabel>(wizard, "folderInfo")->text().contains(QStringLiteral("7 images")),
             qPrintable(child<QLabel>(wizard, "folderInfo")->text()));
    shot(wizard, QStringLiteral("newcatalog-1-folder.png"));
    click(next);

    // Page 2: metadata.csv beside the images is offered, previewed, partly guessed.
    QCOMPARE(wizard->currentPage()->objectName(), QStringLiteral("metadataPage"));
    QVERIFY(child<QCheckBox>(wizard, "useCsvCheck")->isChecked());
    auto* preview = child<QTableWidget>(wizard, "previewTable");
    QCOMPARE(preview->columnCount(), 7);
    QCOMPARE(preview->rowCount(), 5);
    QCOMPARE(preview->item(3, 2)->text(), QStringLiteral("Yellow, Field"));
    QCOMPARE(child<QComboBox>(wizard, "map_date")->currentText(), QStringLiteral("Year"));
    QCOMPARE(child<QComboBox>(wizard, "map_medium")->currentText(), QStringLiteral("Technique"));
    QCOMPARE(child<QComboBox>(wizard, "map_id")->currentIndex(), 0);  // "Inv" is not guessed
    QVERIFY(!next->isEnabled());
    QVERIFY2(child<QLabel>(wizard, "csvInfo")->text().contains(QStringLiteral("id")),
             qPrintable(child<QLabel>(wizard, "csvInfo")->text()));
    // Map the four odd columns by typing their names into the combos.
    const std::pair<const char*, const char*> picks[] = {
        {"map_id", "Inv"}, {"map_file", "Bild"}, {"map_title", "Titel"}, {"map_artist", "Kuenstler"}};
    for (const auto& [combo, column] : picks) {
      auto* box = child<QComboBox>(wizard, combo);
      box->setFocus();
      QTest::keyClicks(box, QString::fromLatin1(column));
      QCOMPARE(box->currentText(), QString::fromLatin1(column));
    }
    QVERIFY(next->isEnabled());
    QVERIFY2(child<QLabel>(wizard, "csvInfo")->text().contains(QStringLiteral("Museum")),
             qPrintable(child<QLabel>(wizard, "csvInfo")->text()));
    shot(wizard, QStringLiteral("newcatalog-2-metadata.png"));
    click(next);

    // Page 3: where the catalog goes (suggested beside the images; typed here).
    QCOMPARE(wizard->currentPage()->objectName(), QStringLiteral("catalogPage"));
    auto* catalogEdit = child<QLineEdit>(wizard, "catalogEdit");
    QCOMPARE(QDir::fromNativeSeparators(catalogEdit->text()), folder + QStringLiteral("/paintings.vitrine"));
    replaceText(catalogEdit, catalogPath);
    shot(wizard, QStringLiteral("newcatalog-3-catalog.png"));
    click(wizard->button(QWizard::FinishButton));

    // The steps run in the Tasks dock; the window shows the new catalog at once.
    auto* pipeline = child<CatalogPipeline>(&w, "catalogPipeline");
    QCOMPARE(w.catalogPath(), catalogPath);
    QTRY_VERIFY_WITH_TIMEOUT(!pipeline->isRunning(), 120000);
    QVERIFY2(pipeline->completed(), qPrintable(pipeline->reportText()));
    QTRY_COMPARE_WITH_TIMEOUT(ui.model()->rowCount(), 5, 20000);
    auto* tasks = child<TaskListPanel>(&w, "taskList");
    for (const char* row : {"import", "clustering", "map", "curatornet"})
      QVERIFY2(
          tasks->state(QString::fromLatin1(row)) == TaskListPanel::State::Done,
          qPrintable(QString::fromLatin1(row) + QStringLiteral(": ") + tasks->statusText(QString::fromLatin1(row))));
    // The recommendations panel switches to what the steps made.
    QVERIFY(!pipeline->resultModel().isEmpty());
    QTRY_COMPARE(ui.recommendations()->embedding(), pipeline->resultEmbedding());
    QTRY_COMPARE(ui.recommendations()->curatorModel(), pipeline->resultModel());
    // The cluster cards and the map show the clustering and layout the steps stored, without a reopen.
    QTRY_VERIFY(ui.clusterPanel()->clusterSet() != nullptr);
    QCOMPARE(QString::fromStdString(ui.clusterPanel()->clusterSet()->key.embedding), pipeline->resultEmbedding());
    QTRY_VERIFY(ui.mapPanel()->hasMap());
    shot(&w, QStringLiteral("newcatalog-4-window.png"));
    // Both recommenders have what they need: an embedding, clusters, a map and a CuratorNet model.
    {
      const Catalog c = Catalog::open(catalogPath.toStdString(), true);
      QVERIFY(!c.embeddings().empty());
      QCOMPARE(vitrine::listClusterings(c).size(), size_t(1));
      QCOMPARE(vitrine::listLayouts(c).size(), size_t(1));
      QCOMPARE(vitrine::storedModels(c).size(), size_t(1));
    }

    // The catalog holds the five good rows with the mapped fields; unmapped columns are kept.
    {
      const Catalog c = Catalog::open(catalogPath.toStdString(), true);
      QCOMPARE(c.artworkCount(), 5);
      const auto p4 = c.artworkByExternalId("p4");
      QVERIFY(p4);
      QCOMPARE(QString::fromStdString(p4->title), QStringLiteral("Yellow, Field"));
      QCOMPARE(QString::fromStdString(p4->artist), QStringLiteral("Cleo C"));
      QCOMPARE(QString::fromStdString(p4->medium), QStringLiteral("oil"));
      QCOMPARE(p4->year.value_or(0), 1904);
      const auto p1 = c.artworkByExternalId("p1");
      QCOMPARE(QString::fromStdString(p1->dateText), QStringLiteral("c. 1901"));
      const auto extra = nlohmann::json::parse(p1->extraJson);
      QCOMPARE(QString::fromStdString(extra.value("Museum", std::string())), QStringLiteral("Kunsthalle"));
      QVERIFY(!extra.contains("Titel"));     // mapped columns are fields, not extras
      QVERIFY(c.artworkByExternalId("p5"));  // more/purple.jpg
      QVERIFY(!c.artworkByExternalId("p6"));
      QVERIFY(!c.artworkByExternalId("p7"));
    }

    // The report lists every skipped row as file:line: reason, and can be saved.
    auto* report = child<ReportDialog>(&w, "newCatalogReport");
    QTRY_VERIFY(report->isVisible());
    shot(report, QStringLiteral("newcatalog-5-report.png"));
    const QString text = report->text();
    for (const char* expected : {"missing.jpg:7: missing file", "metadata.csv:8: duplicate id",
                                 "metadata.csv:9: missing id", "broken.jpg:10: "})
      QVERIFY2(text.contains(QLatin1String(expected)), qPrintable(expected + QStringLiteral(" not in:\n") + text));
    QVERIFY2(text.contains(QStringLiteral("imported 5")), qPrintable(text));
    // Offered beside the new catalog, named after it.
    const QString saved = m_dir.filePath(QStringLiteral("wizard-report.txt"));
    answerFileDialog(saved);
    click(child<QPushButton>(report, "saveReportButton"));
    QTRY_VERIFY(QFileInfo(saved).isFile());
    QFile f(saved);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()), text);
    report->close();
  }

  // The metadata.csv offered for one folder is dropped when the user goes back and picks a
  // folder without one (it described the other folder's images); a CSV the user chose stays.
  void offeredCsvFollowsTheFolder() {
    const QString withCsv = m_dir.filePath(QStringLiteral("offered-with"));
    makeFixture(withCsv);
    const QString without = m_dir.filePath(QStringLiteral("offered-without"));
    QDir().mkpath(without);
    writeImage(QDir(without).filePath(QStringLiteral("one.png")), Qt::red, 1);
    MainWindow w;
    NewCatalogWizard* wizard = w.showNewCatalogWizard(withCsv);
    QVERIFY(wizard);
    click(wizard->button(QWizard::NextButton));
    QCOMPARE(wizard->currentPage()->objectName(), QStringLiteral("metadataPage"));
    QVERIFY(child<QCheckBox>(wizard, "useCsvCheck")->isChecked());
    QVERIFY(!child<QLineEdit>(wizard, "csvEdit")->text().isEmpty());
    click(wizard->button(QWizard::BackButton));
    replaceText(child<QLineEdit>(wizard, "folderEdit"), without);
    click(wizard->button(QWizard::NextButton));
    QCOMPARE(wizard->currentPage()->objectName(), QStringLiteral("metadataPage"));
    QVERIFY(!child<QCheckBox>(wizard, "useCsvCheck")->isChecked());
    QVERIFY2(child<QLineEdit>(wizard, "csvEdit")->text().isEmpty(),
             qPrintable(child<QLineEdit>(wizard, "csvEdit")->text()));
    QVERIFY(wizard->request().csv.isEmpty());
    // A CSV chosen by hand is kept when the folder changes.
    const QString chosen = QDir(withCsv).filePath(QStringLiteral("metadata.csv"));
    child<QCheckBox>(wizard, "useCsvCheck")->setChecked(true);
    replaceText(child<QLineEdit>(wizard, "csvEdit"), chosen);
    click(wizard->button(QWizard::BackButton));
    replaceText(child<QLineEdit>(wizard, "folderEdit"), withCsv);
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(wizard, "csvEdit")->text()), chosen);
    wizard->close();
  }

  void cancelKeepsWhatIsCommittedAndResumeFinishes() {
    const QString folder = m_dir.filePath(QStringLiteral("plain"));
    const QColor colours[] = {Qt::red, Qt::darkGreen, Qt::blue, Qt::yellow, Qt::magenta, Qt::cyan};
    for (int i = 0; i < 6; ++i) writeImage(QDir(folder).filePath(QStringLiteral("img%1.jpg").arg(i)), colours[i], i);
    const QString catalogPath = m_dir.filePath(QStringLiteral("resumed.vitrine"));
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    auto* pipeline = child<CatalogPipeline>(&w, "catalogPipeline");
    pipeline->setImportBatchSize(1);  // one committed transaction per image
    pipeline->setAfterImportConfig(quickConfig());
    NewCatalogWizard* wizard = w.showNewCatalogWizard();
    QTest::keyClicks(child<QLineEdit>(wizard, "folderEdit"), folder);
    click(wizard->button(QWizard::NextButton));
    QVERIFY(!child<QCheckBox>(wizard, "useCsvCheck")->isChecked());  // no metadata.csv there
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    click(wizard->button(QWizard::NextButton));
    replaceText(child<QLineEdit>(wizard, "catalogEdit"), catalogPath);
    click(wizard->button(QWizard::FinishButton));
    QVERIFY(pipeline->isRunning());

    // Cancel the import at once: the committed images stay, the later steps do not run.
    QPushButton* cancel = taskButton(w, "task_import", "cancelButton");
    QVERIFY(cancel->isVisible());
    click(cancel);
    QTRY_VERIFY_WITH_TIMEOUT(!pipeline->isRunning(), 60000);
    auto* tasks = child<TaskListPanel>(&w, "taskList");
    QCOMPARE(tasks->state(QStringLiteral("import")), TaskListPanel::State::Cancelled);
    QVERIFY(!pipeline->completed());
    const int kept = artworkCount(catalogPath);
    QVERIFY2(kept >= 1 && kept < 6, qPrintable(QString::number(kept)));
    auto* resume = child<QPushButton>(tasks, "resumeButton");
    QVERIFY(resume->isVisible());
    auto* report = child<ReportDialog>(&w, "newCatalogReport");
    QTRY_VERIFY(report->isVisible());
    QVERIFY2(report->text().contains(QStringLiteral("cancelled")), qPrintable(report->text()));
    report->close();
    shot(&w, QStringLiteral("newcatalog-6-cancelled.png"));

    // Resume: the import counts what is there and adds the rest; every step then runs.
    click(resume);
    QTRY_VERIFY_WITH_TIMEOUT(!pipeline->isRunning(), 120000);
    QVERIFY2(pipeline->completed(), qPrintable(pipeline->reportText()));
    QCOMPARE(artworkCount(catalogPath), 6);
    const QString text = pipeline->reportText();
    QVERIFY2(text.contains(QStringLiteral("imported %1, already present %2").arg(6 - kept).arg(kept)),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("No file or row was skipped")), qPrintable(text));
    QTRY_COMPARE_WITH_TIMEOUT(vitrine::uitest::Parts(w).model()->rowCount(), 6, 20000);
    QCOMPARE(tasks->state(QStringLiteral("curatornet")), TaskListPanel::State::Done);
  }

  void droppingAFolderStartsTheWizardAndACatalogOpensIt() {
    const QString folder = m_dir.filePath(QStringLiteral("dropped"));
    writeImage(QDir(folder).filePath(QStringLiteral("one.jpg")), Qt::red, 1);
    const QString catalogPath = m_dir.filePath(QStringLiteral("dropped.vitrine"));
    {
      Catalog c = Catalog::create(catalogPath.toStdString());
      vitrine::Artwork a;
      a.externalId = "x";
      c.insertArtwork(a);
    }
    MainWindow w;
    w.show();
    const auto drop = [&w](const QString& path) {
      QMimeData mime;
      mime.setUrls({QUrl::fromLocalFile(path)});
      const QPoint at = w.rect().center();
      QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
      QCoreApplication::sendEvent(&w, &enter);
      if (!enter.isAccepted()) return false;
      QDropEvent dropped(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
      QCoreApplication::sendEvent(&w, &dropped);
      return dropped.isAccepted();
    };
    // A plain file that is not a catalog is refused at the door.
    QVERIFY(!drop(QDir(folder).filePath(QStringLiteral("one.jpg"))));
    QVERIFY(drop(folder));
    auto* wizard = child<NewCatalogWizard>(&w, "newCatalogWizard");
    QVERIFY(wizard->isVisible());
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(wizard, "folderEdit")->text()), folder);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->reject();
    QVERIFY(drop(catalogPath));
    QCOMPARE(w.catalogPath(), catalogPath);
  }

 private:
  QTemporaryDir m_settingsDir;
  QTemporaryDir m_dir;
};

QTEST_MAIN(TestNewCatalog)
#include "tst_newcatalog.moc"
