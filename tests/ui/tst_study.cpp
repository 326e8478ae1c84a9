// A whole user-study participant session on the demo catalog, driven by clicking the real
// widgets: instructions, profile picked in the grid, blinded lists rated, final questions.
// Checks that no model name leaks into a blinded window, that every step lands in the catalog,
// that reopening resumes, and that the export parses.
#include <QAbstractButton>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <set>
#include <sstream>

#include "catalog/catalog.h"
#include "demo/democatalog.h"
#include "ingest/csv.h"
#include "shell/mainwindow.h"
#include "study/study.h"
#include "study/studysession.h"
#include "browser/thumbnailmodel.h"
#include "browser/thumbnailview.h"
#include "studytest.h"
#include "uitest.h"

using vitrine::Catalog;
using vitrine::StudySessionWindow;
using vitrine::uitest::child;
using vitrine::uitest::ratingButton;

namespace {

void clickRow(QListView* view, int row) {
  const QModelIndex index = view->model()->index(row, 0);
  view->scrollTo(index);
  QTest::qWait(30);
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

// Every text a participant can see in the window.
QStringList visibleTexts(QWidget* w) {
  QStringList out;
  for (auto* l : w->findChildren<QLabel*>()) out << l->text();
  for (auto* b : w->findChildren<QAbstractButton*>()) out << b->text();
  out << w->windowTitle();
  return out;
}

int csvRows(const QString& path, std::vector<std::string>* header = nullptr) {
  vitrine::CsvReader r = vitrine::CsvReader::fromFile(path.toStdString());
  if (header) *header = r.header();
  int n = 0;
  vitrine::CsvRecord rec;
  while (r.next(rec)) ++n;
  return r.issues().empty() ? n : -1;
}

}  // namespace

class TestStudy : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_study"));
    QVERIFY(m_dir.isValid());
    m_catalogPath = m_dir.filePath(QStringLiteral("demo/demo.vitrine"));
    const vitrine::ImportReport report =
        vitrine::buildDemoCatalog(m_catalogPath, QStringLiteral(VITRINE_RESOURCES_DIR "/demo"));
    QVERIFY2(!report.cancelled, report.summary().c_str());
    Catalog c = Catalog::open(m_catalogPath.toStdString());
    vitrine::StudyDefinition d;
    d.name = "gui";
    d.systemA = "visrank:maximum";
    d.systemB = "random";
    d.listLength = 4;
    d.seed = 11;
    d.minProfile = 3;
    d.scale = 5;
    d.addProfilesToInteractions = true;
    d.questions = {"Anything else?"};
    vitrine::createStudy(c, d);
  }

  void participantSessionByClicking() {
    vitrine::MainWindow main;
    QVERIFY2(main.openCatalog(m_catalogPath), qPrintable(main.lastError()));
    QVERIFY(main.findChild<QAction*>(QStringLiteral("actionRunStudySession")) != nullptr);
    QVERIFY(main.runStudySession(QStringLiteral("nope"), QStringLiteral("P1"), false) == nullptr);
    QVERIFY(main.lastError().contains(QStringLiteral("nope")));

    QPointer<StudySessionWindow> w = main.runStudySession(QStringLiteral("gui"), QStringLiteral("P1"), false);
    QVERIFY2(w, qPrintable(main.lastError()));
    w->resize(1400, 900);
    QVERIFY(QTest::qWaitForWindowExposed(w));
    QVERIFY(!w->resumed());
    QCOMPARE(w->currentPage(), StudySessionWindow::InstructionsPage);

    QTest::mouseClick(child<QPushButton>(w, "studyStart"), Qt::LeftButton);
    QCOMPARE(w->currentPage(), StudySessionWindow::ProfilePage);

    // Profile: click four tiles, click one of them again (removed), then three remain.
    vitrine::ThumbnailView* grid = child<vitrine::ThumbnailView>(w, "studyGrid");
    vitrine::ThumbnailModel* gridModel = child<vitrine::ThumbnailModel>(w, "studyGridModel");
    QTRY_VERIFY(gridModel->rowCount() > 10);
    QTRY_VERIFY(grid->visualRect(gridModel->index(3, 0)).isValid());
    QVERIFY(!child<QPushButton>(w, "studyProfileNext")->isEnabled());
    for (int row : {0, 2, 5}) clickRow(grid, row);
    QCOMPARE(w->session().state().profile.size(), size_t(3));
    clickRow(grid, 7);
    clickRow(grid, 2);
    QTRY_VERIFY(child<QPushButton>(w, "studyProfileNext")->isEnabled());
    const std::vector<int64_t> expectedProfile = {gridModel->artworkId(0), gridModel->artworkId(5),
                                                  gridModel->artworkId(7)};
    QCOMPARE(w->session().state().profile, expectedProfile);
    QCOMPARE(gridModel->index(5, 0).data(vitrine::ThumbnailModel::ProfilePositionRole).toInt(), 2);

    // The grid is in this participant's own seeded order, not by id.
    {
      Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
      const vitrine::StudyDefinition def = vitrine::findStudy(c, "gui")->definition;
      const std::vector<int64_t> order = vitrine::studyArtworks(c, def, "P1");
      QCOMPARE(static_cast<int>(order.size()), gridModel->rowCount());
      for (int row = 0; row < gridModel->rowCount(); ++row)
        QCOMPARE(gridModel->artworkId(row), order[static_cast<size_t>(row)]);
      QVERIFY(order != vitrine::studyArtworks(c, def));
    }
    // What is on screen is logged once as "shown" with its grid position; scrolling adds more.
    auto shownRows = [&w] {
      std::multiset<int> rows;
      for (const auto& e : w->session().events()) {
        if (e.kind != "shown") continue;
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(e.payloadJson)).object();
        if (o.value(QStringLiteral("where")).toString() == QStringLiteral("profile_grid"))
          rows.insert(o.value(QStringLiteral("position")).toInt(-1));
      }
      return rows;
    };
    QTRY_COMPARE(shownRows().count(0), size_t(1));
    const int lastRow = gridModel->rowCount() - 1;
    QVERIFY2(shownRows().count(lastRow) == 0, "the whole demo grid should not fit on one screen");
    grid->verticalScrollBar()->setValue(grid->verticalScrollBar()->maximum());
    QTRY_COMPARE(shownRows().count(lastRow), size_t(1));
    const auto shown = shownRows();
    QCOMPARE(std::set<int>(shown.begin(), shown.end()).size(), shown.size());  // each item once

    QTest::mouseClick(child<QPushButton>(w, "studyProfileNext"), Qt::LeftButton);
    QCOMPARE(w->currentPage(), StudySessionWindow::ListsPage);

    // Blinded: "List A" left, "List B" right, and no model name anywhere on screen.
    QCOMPARE(child<QLabel>(w, "studyListLabel0")->text(), QStringLiteral("List A"));
    QCOMPARE(child<QLabel>(w, "studyListLabel1")->text(), QStringLiteral("List B"));
    const auto& lists = w->session().state().lists;
    QCOMPARE(lists.size(), size_t(2));
    QCOMPARE(QString::fromStdString(lists[0].system),
             vitrine::studySystemAOnLeft(11, "P1") ? QStringLiteral("A") : QStringLiteral("B"));
    for (const QString& text : visibleTexts(w)) {
      for (const char* leak : {"visrank", "VisRank", "random", "Random", "curatornet", "CuratorNet", "maximum"})
        QVERIFY2(!text.contains(QLatin1String(leak)), qPrintable(text));
    }

    {
      QString dir = qEnvironmentVariable("VITRINE_SCREENSHOT_DIR");
      if (dir.isEmpty()) dir = QDir::temp().filePath(QStringLiteral("vitrine-screenshots"));
      QDir().mkpath(dir);
      QVERIFY(w->grab().save(QDir(dir).filePath(QStringLiteral("study-lists.png"))));
    }
    // Rate every item by clicking its buttons; the continue button waits for the last one.
    QVERIFY(!child<QPushButton>(w, "studyListsNext")->isEnabled());
    std::map<std::pair<int, int>, int> given;
    for (int position = 0; position < 2; ++position) {
      for (int rank = 0; rank < 4; ++rank) {
        QAbstractButton* b = ratingButton(w, position, rank, 1 + (position * 4 + rank) % 5);
        QVERIFY(b != nullptr);
        QVERIFY(ratingButton(w, position, rank, 6) == nullptr);
        b->ensurePolished();
        QTest::mouseClick(b, Qt::LeftButton);
        QVERIFY(b->isChecked());
        given[{position, rank}] = 1 + (position * 4 + rank) % 5;
      }
    }
    QVERIFY(child<QPushButton>(w, "studyListsNext")->isEnabled());
    // Changing a rating replaces it.
    QTest::mouseClick(ratingButton(w, 0, 0, 5), Qt::LeftButton);
    given[{0, 0}] = 5;
    for (const auto& [key, value] : given) {
      const auto& l = lists[key.first];
      QCOMPARE(w->session().state().ratings.at(l.label).at(l.items[key.second].artworkId), value);
    }

    QTest::mouseClick(child<QPushButton>(w, "studyListsNext"), Qt::LeftButton);
    QCOMPARE(w->currentPage(), StudySessionWindow::QuestionsPage);
    QCOMPARE(child<QRadioButton>(w, "studyPrefer1")->text(), QStringLiteral("List B"));
    QVERIFY(!child<QPushButton>(w, "studyFinish")->isEnabled());
    QTest::mouseClick(child<QRadioButton>(w, "studyPrefer1"), Qt::LeftButton);
    QVERIFY(child<QPushButton>(w, "studyFinish")->isEnabled());
    QVERIFY(child<QPlainTextEdit>(w, "studyQuestion_q1") != nullptr);
    child<QPlainTextEdit>(w, "studyQuestion_q1")->setFocus();
    QTest::keyClicks(child<QPlainTextEdit>(w, "studyQuestion_q1"), QStringLiteral("Both fine, B nicer"));
    QTest::mouseClick(child<QPushButton>(w, "studyFinish"), Qt::LeftButton);
    QCOMPARE(w->currentPage(), StudySessionWindow::FinishedPage);

    // Everything is in the catalog, read through a separate connection.
    {
      Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
      auto info = vitrine::findStudy(c, "gui");
      QVERIFY(info.has_value());
      QCOMPARE(info->sessions, int64_t(1));
      QCOMPARE(info->finished, int64_t(1));
    }
    const std::string rightSystem = lists[1].system;
    QTest::mouseClick(child<QPushButton>(w, "studyClose"), Qt::LeftButton);
    QTRY_VERIFY(w.isNull());  // deleted on close

    // Reopening the finished participant resumes on the thanks page with the same state.
    QPointer<StudySessionWindow> again = main.runStudySession(QStringLiteral("gui"), QStringLiteral("P1"), false);
    QVERIFY(again);
    QVERIFY(again->resumed());
    QCOMPARE(again->currentPage(), StudySessionWindow::FinishedPage);
    QCOMPARE(again->session().state().profile, expectedProfile);
    QCOMPARE(again->session().state().answers.at("preferred"), std::string("List B"));
    QCOMPARE(again->session().state().answers.at("q1"), std::string("Both fine, B nicer"));
    again->close();

    // A second participant stops after the profile and resumes on the lists page.
    {
      QPointer<StudySessionWindow> p2 = main.runStudySession(QStringLiteral("gui"), QStringLiteral("P2"), false);
      QVERIFY(p2);
      QTest::mouseClick(child<QPushButton>(p2, "studyStart"), Qt::LeftButton);
      vitrine::ThumbnailView* grid2 = child<vitrine::ThumbnailView>(p2, "studyGrid");
      vitrine::ThumbnailModel* gridModel2 = child<vitrine::ThumbnailModel>(p2, "studyGridModel");
      QTRY_VERIFY(gridModel2->rowCount() > 10);
      QTRY_VERIFY(grid2->visualRect(gridModel2->index(4, 0)).isValid());
      for (int row : {1, 3, 4}) clickRow(grid2, row);
      QTest::mouseClick(child<QPushButton>(p2, "studyProfileNext"), Qt::LeftButton);
      QCOMPARE(p2->currentPage(), StudySessionWindow::ListsPage);
      QTest::mouseClick(ratingButton(p2, 1, 2, 3), Qt::LeftButton);
      p2->close();
      QTRY_VERIFY(p2.isNull());
      QPointer<StudySessionWindow> back = main.runStudySession(QStringLiteral("gui"), QStringLiteral("P2"), false);
      QVERIFY(back);
      QCOMPARE(back->currentPage(), StudySessionWindow::ListsPage);
      QVERIFY(ratingButton(back, 1, 2, 3)->isChecked());
      QVERIFY(!child<QPushButton>(back, "studyListsNext")->isEnabled());
      back->close();
    }

    // Export: four CSVs and a JSON that parse, with the rows this session produced.
    const QString out = m_dir.filePath(QStringLiteral("export"));
    {
      Catalog c = Catalog::open(m_catalogPath.toStdString());
      vitrine::StudyExportOptions o;
      o.addProfilesToInteractions = true;
      auto r = vitrine::exportStudy(c, "gui", out.toStdString(), o);
      QCOMPARE(r.interactionsAdded, int64_t(3));  // P1 finished; P2 did not
    }
    std::vector<std::string> header;
    QCOMPARE(csvRows(out + "/sessions.csv"), 2);
    QCOMPARE(csvRows(out + "/ratings.csv", &header), 8 + 1);
    QCOMPARE(header.at(8), std::string("rating"));
    QCOMPARE(csvRows(out + "/answers.csv"), 2);
    QVERIFY(csvRows(out + "/events.csv") > 20);
    QFile jf(out + "/study.json");
    QVERIFY(jf.open(QIODevice::ReadOnly));
    const QJsonObject j = QJsonDocument::fromJson(jf.readAll()).object();
    QCOMPARE(j.value("sessions").toArray().size(), 2);
    const QJsonArray answers = j.value("sessions").toArray().at(0).toObject().value("answers").toArray();
    QCOMPARE(answers.size(), 2);
    QCOMPARE(answers.at(0).toObject().value("system").toString(), QString::fromStdString(rightSystem));
  }

 private:
  QTemporaryDir m_dir;
  QTemporaryDir m_settingsDir;
  QString m_catalogPath;
};

QTEST_MAIN(TestStudy)
#include "tst_study.moc"
