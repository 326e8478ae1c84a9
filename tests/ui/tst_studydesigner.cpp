// Study → Design Studies… (issue 15 item 4), driven by clicking the real widgets found by
// objectName: create a study with every option (validation messages first), edit it, duplicate
// it, start a participant session from the designer and run it to the end, see the design locked
// and the session listed, export, and delete (with the confirmation naming the lost sessions).
// The catalog: 30 paintings of the bundled demo, handcrafted features and a small cold-start
// CuratorNet, so system A can be chosen from the catalog's models.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "catalog/catalog.h"
#include "demo/democatalog.h"
#include "pipeline/catalog_pipeline.h"
#include "shell/mainwindow.h"
#include "study/study.h"
#include "study/studydesigner.h"
#include "study/studysession.h"
#include "studytest.h"
#include "uitest.h"

using vitrine::Catalog;
using vitrine::StudyDesigner;
using vitrine::uitest::child;
using vitrine::uitest::screenshotDir;

namespace {

constexpr int kPaintings = 30;

void shoot(QWidget* w, const char* name) {
  QVERIFY(w->grab().save(QDir(screenshotDir()).filePath(QLatin1String(name))));
}

// Replaces the text of a line edit or spin box by typing, as a user would.
void typeInto(QWidget* field, const QString& text) {
  field->setFocus();
  QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClick(field, Qt::Key_Delete);
  const QStringList lines = text.split(QLatin1Char('\n'));
  for (int i = 0; i < lines.size(); ++i) {
    if (i > 0) QTest::keyClick(field, Qt::Key_Return);
    QTest::keyClicks(field, lines[i]);
  }
}

void choose(QComboBox* combo, const QString& data) {
  const int i = combo->findData(data);
  QVERIFY2(i >= 0, qPrintable(data));
  combo->setCurrentIndex(i);
}

// A click on a check box's indicator (its middle may be empty space right of the text).
void clickCheck(QCheckBox* box) {
  QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(box->iconSize().width() / 2 + 2, box->height() / 2));
}

void clickTab(QTabWidget* tabs, int index) {
  QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(index).center());
  QCOMPARE(tabs->currentIndex(), index);
}

// Answers the next modal message box by clicking its button named `button` (or Cancel), and
// keeps its text in *text.
void answerNextMessageBox(const char* button, QString* text) {
  QTimer::singleShot(0, [button, text] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box) return;
    *text = box->text();
    QAbstractButton* b =
        button ? box->findChild<QPushButton*>(QLatin1String(button)) : box->button(QMessageBox::Cancel);
    if (b) QTest::mouseClick(b, Qt::LeftButton);
  });
}

}  // namespace

class TestStudyDesigner : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_studydesigner"));
    QVERIFY(m_dir.isValid());
    const QString subset = m_dir.filePath(QStringLiteral("paintings"));
    QVERIFY(vitrine::uitest::copyDemoSubset(QStringLiteral(VITRINE_RESOURCES_DIR "/demo"), subset, kPaintings));
    m_catalogPath = m_dir.filePath(QStringLiteral("studies.vitrine"));
    const vitrine::ImportReport report = vitrine::buildDemoCatalog(m_catalogPath, subset);
    QVERIFY2(!report.cancelled, report.summary().c_str());
    Catalog c = Catalog::open(m_catalogPath.toStdString());
    vitrine::CatalogPipelineConfig config = vitrine::CatalogPipelineConfig::coldStartDefaults();
    config.cnnExtractor.clear();  // handcrafted features: no CNN weights needed
    config.layout.method.clear();
    config.training.trainTriples = 1000;
    config.training.validationTriples = 200;
    config.training.trainer.maxEpochs = 1;
    const vitrine::CatalogPipelineReport p = vitrine::runCatalogPipeline(c, config);
    QVERIFY2(!p.modelName.empty(), p.summary().c_str());
    m_model = QString::fromStdString(p.modelName);
  }

  void designRunExportDelete() {
    vitrine::MainWindow main;
    QVERIFY2(main.openCatalog(m_catalogPath), qPrintable(main.lastError()));
    main.resize(1280, 800);
    main.show();
    QVERIFY(QTest::qWaitForWindowExposed(&main));
    auto* action = main.findChild<QAction*>(QStringLiteral("actionDesignStudies"));
    QVERIFY(action != nullptr);
    action->trigger();
    QPointer<StudyDesigner> d = main.findChild<StudyDesigner*>();
    QVERIFY(d);
    QVERIFY(QTest::qWaitForWindowExposed(d));
    QVERIFY(child<QLabel>(d, "studyTitle")->text().contains(QStringLiteral("no study yet")));
    QVERIFY(!child<QPushButton>(d, "editStudyButton")->isEnabled());
    QVERIFY(!child<QPushButton>(d, "deleteStudyButton")->isEnabled());
    shoot(d, "designer-empty.png");

    // The system combos hold the catalog's model, the VisRank variants and the random control.
    auto* systemA = child<QComboBox>(d, "studySystemACombo");
    auto* systemB = child<QComboBox>(d, "studySystemBCombo");
    for (const QString& spec :
         {QStringLiteral("curatornet:") + m_model, QStringLiteral("visrank:maximum"), QStringLiteral("visrank:average"),
          QStringLiteral("visrank:average_top_k:3"), QStringLiteral("random")}) {
      QVERIFY2(systemA->findData(spec) >= 0, qPrintable(spec));
      QVERIFY2(systemB->findData(spec) >= 0, qPrintable(spec));
    }
    QVERIFY(child<QComboBox>(d, "studyEmbeddingCombo")->findData(QStringLiteral("handcrafted")) > 0);

    // New: Save with no name and a bad seed shows both messages next to their fields.
    QTest::mouseClick(child<QPushButton>(d, "newStudyButton"), Qt::LeftButton);
    auto* save = child<QPushButton>(d, "saveStudyButton");
    QVERIFY(save->isVisible());
    typeInto(child<QLineEdit>(d, "studySeedEdit"), QStringLiteral("12x"));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(child<QLabel>(d, "studyNameError")->isVisible());
    QVERIFY(child<QLabel>(d, "studySeedError")->isVisible());
    QVERIFY(countStudies() == 0);
    // The same system twice is refused before anything is stored.
    choose(systemA, QStringLiteral("random"));
    choose(systemB, QStringLiteral("random"));
    QVERIFY(child<QLabel>(d, "studySystemsError")->isVisible());
    shoot(d, "designer-validation.png");

    // Every option, then Create.
    typeInto(child<QLineEdit>(d, "studyNameEdit"), QStringLiteral("pilot"));
    typeInto(child<QLineEdit>(d, "studySeedEdit"), QStringLiteral("12345678901234567890"));
    choose(systemA, QStringLiteral("curatornet:") + m_model);
    choose(systemB, QStringLiteral("visrank:average_top_k:3"));
    QVERIFY(!child<QLabel>(d, "studySystemsError")->isVisible());
    choose(child<QComboBox>(d, "studyEmbeddingCombo"), QStringLiteral("handcrafted"));
    typeInto(child<QSpinBox>(d, "studyListLengthSpin"), QStringLiteral("4"));
    clickCheck(child<QCheckBox>(d, "studyBlindedCheck"));  // on by default: off
    typeInto(child<QSpinBox>(d, "studyMinProfileSpin"), QStringLiteral("3"));
    typeInto(child<QSpinBox>(d, "studyScaleSpin"), QStringLiteral("7"));
    typeInto(child<QPlainTextEdit>(d, "studyQuestionsEdit"), QStringLiteral("Why?\n\nWhat surprised you?"));
    typeInto(child<QPlainTextEdit>(d, "studyInstructionsEdit"), QStringLiteral("Pick three you like."));
    clickCheck(child<QCheckBox>(d, "studyShuffleGridCheck"));  // off
    clickCheck(child<QCheckBox>(d, "studyAddProfilesCheck"));  // on
    shoot(d, "designer-new.png");
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(!save->isVisible(), qPrintable(d->lastMessage()));
    {
      Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
      const auto s = vitrine::findStudy(c, "pilot");
      QVERIFY(s.has_value());
      const vitrine::StudyDefinition& def = s->definition;
      QCOMPARE(QString::fromStdString(def.systemA), QStringLiteral("curatornet:") + m_model);
      QCOMPARE(def.systemB, std::string("visrank:average_top_k:3"));
      QCOMPARE(def.embedding, std::string("handcrafted"));
      QCOMPARE(def.listLength, 4);
      QVERIFY(!def.blinded);
      QCOMPARE(def.seed, uint64_t(12345678901234567890ULL));
      QCOMPARE(def.minProfile, 3);
      QCOMPARE(def.scale, 7);
      QVERIFY(def.askPreference);
      QCOMPARE(def.questions, (std::vector<std::string>{"Why?", "What surprised you?"}));
      QCOMPARE(def.instructions, std::string("Pick three you like."));
      QVERIFY(!def.shuffleGrid);
      QVERIFY(def.addProfilesToInteractions);
    }
    QCOMPARE(child<QListWidget>(d, "studyList")->count(), 1);
    QCOMPARE(d->currentStudy(), QStringLiteral("pilot"));

    // Edit (no session yet): rename and a shorter list.
    auto* edit = child<QPushButton>(d, "editStudyButton");
    QVERIFY(edit->isEnabled());
    QVERIFY(!child<QLabel>(d, "studyLockLabel")->isVisible());
    QTest::mouseClick(edit, Qt::LeftButton);
    typeInto(child<QLineEdit>(d, "studyNameEdit"), QStringLiteral("pilot v2"));
    typeInto(child<QSpinBox>(d, "studyListLengthSpin"), QStringLiteral("3"));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(!save->isVisible(), qPrintable(d->lastMessage()));
    {
      Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
      QVERIFY(!vitrine::findStudy(c, "pilot"));
      QCOMPARE(vitrine::findStudy(c, "pilot v2")->definition.listLength, 3);
    }

    // Duplicate: an editable copy without sessions; Cancel keeps it as copied.
    QTest::mouseClick(child<QPushButton>(d, "duplicateStudyButton"), Qt::LeftButton);
    QCOMPARE(d->currentStudy(), QStringLiteral("pilot v2 (copy)"));
    QVERIFY(save->isVisible());
    QCOMPARE(child<QLineEdit>(d, "studyNameEdit")->text(), QStringLiteral("pilot v2 (copy)"));
    QTest::mouseClick(child<QPushButton>(d, "cancelStudyButton"), Qt::LeftButton);
    QCOMPARE(countStudies(), 2);

    // Start a participant session from the Sessions tab and run it to the end.
    QVERIFY(d->selectStudy(QStringLiteral("pilot v2")));
    auto* tabs = child<QTabWidget>(d, "studyTabs");
    clickTab(tabs, 1);
    QTest::mouseClick(child<QPushButton>(d, "startSessionButton"), Qt::LeftButton);
    QVERIFY(child<QLabel>(d, "sessionStatus")->text().contains(QStringLiteral("participant")));  // no id yet
    typeInto(child<QLineEdit>(d, "participantEdit"), QStringLiteral("P1"));
    QTest::mouseClick(child<QPushButton>(d, "startSessionButton"), Qt::LeftButton);
    QPointer<vitrine::StudySessionWindow> w = main.findChild<vitrine::StudySessionWindow*>();
    QVERIFY2(w, qPrintable(d->lastMessage()));
    QVERIFY(QTest::qWaitForWindowExposed(w));
    QCOMPARE(w->session().participant(), std::string("P1"));
    vitrine::uitest::completeSession(w.data(), [&w] { shoot(w, "designer-session-lists.png"); });
    if (QTest::currentTestFailed()) return;
    QTest::mouseClick(child<QPushButton>(w, "studyClose"), Qt::LeftButton);
    QTRY_VERIFY(w.isNull());

    // The overview lists the finished session; the design is now fixed, with the reason shown.
    auto* table = child<QTableWidget>(d, "sessionsTable");
    QTRY_COMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("P1"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("finished"));
    QVERIFY(table->item(0, 3)->text().contains(QLatin1Char(':')));
    shoot(d, "designer-sessions.png");
    clickTab(tabs, 0);
    QVERIFY(!edit->isEnabled());
    auto* lock = child<QLabel>(d, "studyLockLabel");
    QVERIFY(lock->isVisible());
    QVERIFY2(lock->text().contains(QStringLiteral("1 participant session")), qPrintable(lock->text()));
    QVERIFY(child<QLineEdit>(d, "studyNameEdit")->isReadOnly());
    auto* blinded = child<QCheckBox>(d, "studyBlindedCheck");
    const bool wasBlinded = blinded->isChecked();
    clickCheck(blinded);
    QCOMPARE(blinded->isChecked(), wasBlinded);
    shoot(d, "designer-locked.png");

    // Export: the command line's files, and the opted-in profiles added to the interactions.
    clickTab(tabs, 1);
    const QString out = m_dir.filePath(QStringLiteral("export"));
    typeInto(child<QLineEdit>(d, "exportFolderEdit"), out);
    auto* addProfiles = child<QCheckBox>(d, "exportAddProfilesCheck");
    QVERIFY(addProfiles->isEnabled());
    clickCheck(addProfiles);
    QTest::mouseClick(child<QPushButton>(d, "exportStudyButton"), Qt::LeftButton);
    // The files are written off the GUI thread; the button waits meanwhile.
    QTRY_VERIFY(child<QLabel>(d, "exportStatus")->text().startsWith(QStringLiteral("Wrote")));
    QVERIFY(child<QPushButton>(d, "exportStudyButton")->isEnabled());
    const QString status = child<QLabel>(d, "exportStatus")->text();
    QVERIFY2(status.contains(QStringLiteral("1 session,")) && status.contains(QStringLiteral("Added 3 interactions")),
             qPrintable(status));
    for (const char* f :
         {"sessions.csv", "events.csv", "ratings.csv", "answers.csv", "study.json", "report.json", "report.txt"})
      QVERIFY2(QFileInfo::exists(QDir(out).filePath(QLatin1String(f))), f);
    QFile report(QDir(out).filePath(QStringLiteral("report.json")));
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QJsonObject r = QJsonDocument::fromJson(report.readAll()).object();
    QCOMPARE(r.value(QStringLiteral("finished")).toInt(), 1);
    {
      Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
      QCOMPARE(c.interactionCount("study:pilot v2:P1", "study"), int64_t(3));
    }

    // Delete: the copy (no sessions), then the study with its session after a first Cancel.
    QString question;
    QVERIFY(d->selectStudy(QStringLiteral("pilot v2 (copy)")));
    answerNextMessageBox("confirmDeleteButton", &question);
    QTest::mouseClick(child<QPushButton>(d, "deleteStudyButton"), Qt::LeftButton);
    QVERIFY2(question.contains(QStringLiteral("no participant session")), qPrintable(question));
    QCOMPARE(countStudies(), 1);
    QVERIFY(d->selectStudy(QStringLiteral("pilot v2")));
    answerNextMessageBox(nullptr, &question);
    QTest::mouseClick(child<QPushButton>(d, "deleteStudyButton"), Qt::LeftButton);
    QVERIFY2(question.contains(QStringLiteral("1 participant session")), qPrintable(question));
    QCOMPARE(countStudies(), 1);
    answerNextMessageBox("confirmDeleteButton", &question);
    QTest::mouseClick(child<QPushButton>(d, "deleteStudyButton"), Qt::LeftButton);
    QCOMPARE(countStudies(), 0);
    QVERIFY(child<QLabel>(d, "studyTitle")->text().contains(QStringLiteral("no study yet")));

    // Opening another catalog closes this catalog's designer.
    const QString other = m_dir.filePath(QStringLiteral("other.vitrine"));
    QFile::copy(m_catalogPath, other);
    QVERIFY2(main.openCatalog(other), qPrintable(main.lastError()));
    QTRY_VERIFY(d.isNull());
  }

 private:
  int countStudies() const {
    Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
    return static_cast<int>(vitrine::listStudies(c).size());
  }

  QTemporaryDir m_settingsDir;
  QTemporaryDir m_dir;
  QString m_catalogPath;
  QString m_model;
};

QTEST_MAIN(TestStudyDesigner)
#include "tst_studydesigner.moc"
