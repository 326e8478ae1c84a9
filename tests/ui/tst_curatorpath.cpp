// The curator's whole path (issue 15, "Tests and benchmarks"), by clicks on a folder of 30
// paintings (the first 30 of the bundled demo set, copied with their metadata.csv): File → New
// Catalog… wizard → the background steps finish (the CNN embedding when its weights are
// installed, else handcrafted features) → three clicks in the grid → both recommendation columns
// list k artworks with "because you liked" explanations → a study designed in Study → Design
// Studies… → one participant session through to the end → export. A screenshot of each state
// goes to the build folder (ctest: <build>/screenshots).
#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QWizard>
#include <QtTest>

#include "catalog/catalog.h"
#include "catalog/model_store.h"
#include "newcatalog/catalogpipeline.h"
#include "newcatalog/newcatalogwizard.h"
#include "newcatalog/reportdialog.h"
#include "services/tasklist.h"
#include "shell/mainwindow.h"
#include "study/study.h"
#include "study/studydesigner.h"
#include "study/studysession.h"
#include "studytest.h"
#include "uitest.h"

using vitrine::Catalog;
using vitrine::RecommendationModel;
using vitrine::uitest::child;
using vitrine::uitest::click;

namespace {

constexpr int kPaintings = 30;
constexpr int kPipelineTimeoutMs = 300000;  // a loaded 2-core machine; typically well under a minute

void shoot(QWidget* w, const char* name) {
  QVERIFY(w->grab().save(QDir(vitrine::uitest::screenshotDir()).filePath(QLatin1String(name))));
}

void replaceText(QWidget* edit, const QString& text) {
  edit->setFocus();
  QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClick(edit, Qt::Key_Delete);
  QTest::keyClicks(edit, text);
}

void clickTab(QTabWidget* tabs, int index) {
  QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(index).center());
  QCOMPARE(tabs->currentIndex(), index);
}

}  // namespace

class TestCuratorPath : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_curatorpath"));
    QVERIFY(m_dir.isValid());
    m_folder = m_dir.filePath(QStringLiteral("paintings"));
    QVERIFY(vitrine::uitest::copyDemoSubset(QStringLiteral(VITRINE_RESOURCES_DIR "/demo"), m_folder, kPaintings));
  }

  void wholePathByClicks() {
    vitrine::MainWindow w;
    const vitrine::uitest::Parts ui(w);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // The steps as the wizard runs them, with a shorter training (30 paintings).
    auto* pipeline = child<vitrine::CatalogPipeline>(&w, "catalogPipeline");
    vitrine::CatalogPipelineConfig config = vitrine::CatalogPipelineConfig::coldStartDefaults();
    config.training.trainTriples = 2000;
    config.training.validationTriples = 300;
    config.training.trainer.maxEpochs = 1;
    pipeline->setAfterImportConfig(config);

    // 1. File → New Catalog…: the folder (its images are in images/), metadata.csv found beside
    // them with every column guessed, the catalog file.
    auto* newCatalog = w.findChild<QAction*>(QStringLiteral("actionNewCatalog"));
    QVERIFY(newCatalog != nullptr);
    newCatalog->trigger();
    auto* wizard = child<vitrine::NewCatalogWizard>(&w, "newCatalogWizard");
    QTest::keyClicks(child<QLineEdit>(wizard, "folderEdit"), m_folder);
    QTest::mouseClick(child<QCheckBox>(wizard, "recursiveCheck"), Qt::LeftButton, {}, QPoint(8, 8));
    QVERIFY2(child<QLabel>(wizard, "folderInfo")->text().contains(QStringLiteral("30 images")),
             qPrintable(child<QLabel>(wizard, "folderInfo")->text()));
    shoot(wizard, "curatorpath-1-wizard-folder.png");
    click(wizard->button(QWizard::NextButton));
    QCOMPARE(wizard->currentPage()->objectName(), QStringLiteral("metadataPage"));
    QVERIFY(child<QCheckBox>(wizard, "useCsvCheck")->isChecked());
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    shoot(wizard, "curatorpath-2-wizard-metadata.png");
    click(wizard->button(QWizard::NextButton));
    const QString catalogPath = m_dir.filePath(QStringLiteral("curator.vitrine"));
    replaceText(child<QLineEdit>(wizard, "catalogEdit"), catalogPath);
    click(wizard->button(QWizard::FinishButton));

    // 2. The pipeline finishes: every step done; the CNN when its weights are installed.
    QCOMPARE(w.catalogPath(), catalogPath);
    QTRY_VERIFY_WITH_TIMEOUT(!pipeline->isRunning(), kPipelineTimeoutMs);
    QVERIFY2(pipeline->completed(), qPrintable(pipeline->reportText()));
    auto* tasks = child<vitrine::TaskListPanel>(&w, "taskList");
    for (const char* row : {"import", "clustering", "map", "curatornet"})
      QVERIFY2(
          tasks->state(QString::fromLatin1(row)) == vitrine::TaskListPanel::State::Done,
          qPrintable(QString::fromLatin1(row) + QStringLiteral(": ") + tasks->statusText(QString::fromLatin1(row))));
    const QString model = pipeline->resultModel();
    QVERIFY(!model.isEmpty());
    {
      const Catalog c = Catalog::open(catalogPath.toStdString(), true);
      QCOMPARE(c.artworkCount(), kPaintings);
      const std::string embedding = pipeline->resultEmbedding().toStdString();
      QVERIFY2(embedding == "mobilenet_v2" || embedding == "handcrafted", embedding.c_str());
      QCOMPARE(static_cast<int>(c.artworkIdsWithEmbedding(embedding).size()), kPaintings);
    }
    auto* report = child<vitrine::ReportDialog>(&w, "newCatalogReport");
    QTRY_VERIFY(report->isVisible());
    QVERIFY2(report->text().contains(QStringLiteral("imported 30")), qPrintable(report->text()));
    report->close();
    QTRY_COMPARE(ui.model()->rowCount(), kPaintings);
    QTRY_COMPARE(ui.curatorModelCombo()->currentData().toString(), model);
    shoot(&w, "curatorpath-3-pipeline-done.png");

    // 3. Three clicks in the grid → both columns list k artworks, each explained.
    for (int row : {0, 5, 11}) {
      QTRY_VERIFY(ui.gridView()->visualRect(ui.model()->index(row, 0)).isValid());
      vitrine::uitest::clickGridRow(ui.gridView(), row);
    }
    QCOMPARE(ui.profile()->size(), 3);
    const int k = ui.kSpin()->value();
    QTRY_VERIFY(!ui.recommendationsPending());
    QTRY_COMPARE_WITH_TIMEOUT(ui.curatorNetModel()->rowCount(), k, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(ui.visRankModel()->rowCount(), k, 30000);
    for (RecommendationModel* m : {ui.curatorNetModel(), ui.visRankModel()})
      for (int r = 0; r < k; ++r) {
        const int because = m->index(r, 0).data(RecommendationModel::BecauseIdsRole).toList().size();
        QVERIFY2(because >= 1 && because <= 3, qPrintable(m->objectName() + QString::number(r)));
      }
    QTest::qWait(300);  // thumbnails
    shoot(&w, "curatorpath-4-recommendations.png");

    // 4. A study designed in the designer: a new study defaults to the catalog's CuratorNet
    // model against VisRank; lists of 5 after a profile of 3.
    w.findChild<QAction*>(QStringLiteral("actionDesignStudies"))->trigger();
    QPointer<vitrine::StudyDesigner> d = w.findChild<vitrine::StudyDesigner*>();
    QVERIFY(d);
    click(child<QPushButton>(d, "newStudyButton"));
    replaceText(child<QLineEdit>(d, "studyNameEdit"), QStringLiteral("curator path"));
    QCOMPARE(child<QComboBox>(d, "studySystemACombo")->currentData().toString(), QStringLiteral("curatornet:") + model);
    QCOMPARE(child<QComboBox>(d, "studySystemBCombo")->currentData().toString(), QStringLiteral("visrank:maximum"));
    replaceText(child<QSpinBox>(d, "studyListLengthSpin"), QStringLiteral("5"));
    replaceText(child<QSpinBox>(d, "studyMinProfileSpin"), QStringLiteral("3"));
    shoot(d, "curatorpath-5-study-design.png");
    click(child<QPushButton>(d, "saveStudyButton"));
    QVERIFY2(!child<QPushButton>(d, "saveStudyButton")->isVisible(), qPrintable(d->lastMessage()));
    QCOMPARE(d->currentStudy(), QStringLiteral("curator path"));

    // 5. One participant session, started from the designer, through to the end.
    auto* tabs = child<QTabWidget>(d, "studyTabs");
    clickTab(tabs, 1);
    replaceText(child<QLineEdit>(d, "participantEdit"), QStringLiteral("P001"));
    click(child<QPushButton>(d, "startSessionButton"));
    QPointer<vitrine::StudySessionWindow> session = w.findChild<vitrine::StudySessionWindow*>();
    QVERIFY2(session, qPrintable(d->lastMessage()));
    QVERIFY(QTest::qWaitForWindowExposed(session));
    vitrine::uitest::completeSession(session.data(), [&session] { shoot(session, "curatorpath-6-session-lists.png"); });
    if (QTest::currentTestFailed()) return;
    QCOMPARE(session->session().state().lists[0].items.size(), size_t(5));
    shoot(session, "curatorpath-7-session-finished.png");
    click(child<QPushButton>(session, "studyClose"));
    QTRY_VERIFY(session.isNull());

    // 6. The overview shows the finished session; export writes the command line's files.
    auto* table = child<QTableWidget>(d, "sessionsTable");
    QTRY_COMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("finished"));
    const QString out = m_dir.filePath(QStringLiteral("study-export"));
    replaceText(child<QLineEdit>(d, "exportFolderEdit"), out);
    click(child<QPushButton>(d, "exportStudyButton"));
    QTRY_VERIFY(child<QLabel>(d, "exportStatus")->text().startsWith(QStringLiteral("Wrote")));
    QVERIFY2(child<QLabel>(d, "exportStatus")->text().contains(QStringLiteral("1 session,")),
             qPrintable(child<QLabel>(d, "exportStatus")->text()));
    for (const char* f : {"sessions.csv", "ratings.csv", "answers.csv", "study.json", "report.json"})
      QVERIFY2(QFileInfo(QDir(out).filePath(QLatin1String(f))).size() > 0, f);
    {
      const Catalog c = Catalog::open(catalogPath.toStdString(), true);
      const auto study = vitrine::findStudy(c, "curator path");
      QVERIFY(study.has_value());
      QCOMPARE(study->finished, int64_t(1));
    }
    shoot(d, "curatorpath-8-exported.png");
  }

 private:
  QTemporaryDir m_settingsDir;
  QTemporaryDir m_dir;
  QString m_folder;
};

QTEST_MAIN(TestCuratorPath)
#include "tst_curatorpath.moc"
