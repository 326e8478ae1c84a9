#pragma once
// Helpers for the QtTests that design a study and run a participant through it
// (tst_studydesigner, tst_curatorpath, tst_study): a small copy of the bundled demo set, the
// session window's parts by objectName, and a whole participant session driven by clicks.
#include <QAbstractButton>
#include <QDir>
#include <QFile>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>
#include <QTextStream>

#include "browser/thumbnailmodel.h"
#include "browser/thumbnailview.h"
#include "study/study.h"
#include "study/studysession.h"
#include "uitest.h"

namespace vitrine::uitest {

// Copies the first `count` paintings of resources/demo (metadata.csv rows and their images) into
// `target` (metadata.csv + images/), the layout buildDemoCatalog and the import read. Returns
// false when a file cannot be read or written.
inline bool copyDemoSubset(const QString& demoDir, const QString& target, int count) {
  const QDir src(demoDir), dst(target);
  if (!QDir().mkpath(dst.filePath(QStringLiteral("images")))) return false;
  QFile in(src.filePath(QStringLiteral("metadata.csv")));
  QFile out(dst.filePath(QStringLiteral("metadata.csv")));
  if (!in.open(QIODevice::ReadOnly | QIODevice::Text) || !out.open(QIODevice::WriteOnly | QIODevice::Text))
    return false;
  QTextStream r(&in), w(&out);
  w << r.readLine() << "\n";
  for (int n = 0; n < count && !r.atEnd(); ++n) {
    const QString line = r.readLine();
    w << line << "\n";
    const QString file = line.section(QLatin1Char(','), 0, 0) + QStringLiteral(".jpg");
    if (!QFile::copy(src.filePath(QStringLiteral("images/") + file), dst.filePath(QStringLiteral("images/") + file)))
      return false;
  }
  return true;
}

// The rating button for `value` of the item at `rank` (0-based) of the list at `position` (0 =
// left) of a participant's session window, by objectName; null when there is none.
inline QAbstractButton* ratingButton(QWidget* session, int position, int rank, int value) {
  return session->findChild<QAbstractButton*>(QStringLiteral("rate_%1_%2_%3").arg(position).arg(rank).arg(value));
}

// The edit of the free-text question `index` (0-based, in the study's order) of a session window,
// by objectName; null when there is none.
inline QPlainTextEdit* questionEdit(QWidget* session, int index) {
  return session->findChild<QPlainTextEdit*>(QStringLiteral("studyQuestion_q%1").arg(index + 1));
}

// Clicks the tile at `row` of a thumbnail grid.
inline void clickGridRow(QListView* view, int row) {
  const QModelIndex index = view->model()->index(row, 0);
  view->scrollTo(index);
  QTest::qWait(30);  // let a pending relayout settle so the rect is where the tile is painted
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

// Takes a participant from the instructions to the thanks page by clicks: Start, the first
// minProfile tiles of the grid, every item of both lists rated, the first list preferred, each
// free-text question answered, Finish. `shot` (optional) is called on the lists page.
template <class Shot>
void completeSession(StudySessionWindow* w, Shot shot) {
  const StudyDefinition& def = w->session().definition();
  QCOMPARE(w->currentPage(), StudySessionWindow::InstructionsPage);
  QTest::mouseClick(child<QPushButton>(w, "studyStart"), Qt::LeftButton);
  QCOMPARE(w->currentPage(), StudySessionWindow::ProfilePage);
  ThumbnailView* grid = child<ThumbnailView>(w, "studyGrid");
  ThumbnailModel* gridModel = child<ThumbnailModel>(w, "studyGridModel");
  QTRY_VERIFY(gridModel->rowCount() >= def.minProfile);
  QTRY_VERIFY(grid->visualRect(gridModel->index(def.minProfile - 1, 0)).isValid());
  for (int row = 0; row < def.minProfile; ++row) clickGridRow(grid, row);
  QTRY_VERIFY(child<QPushButton>(w, "studyProfileNext")->isEnabled());
  QTest::mouseClick(child<QPushButton>(w, "studyProfileNext"), Qt::LeftButton);
  QCOMPARE(w->currentPage(), StudySessionWindow::ListsPage);
  const auto& lists = w->session().state().lists;
  QCOMPARE(lists.size(), size_t(2));
  shot();
  for (int position = 0; position < 2; ++position)
    for (int rank = 0; rank < static_cast<int>(lists[static_cast<size_t>(position)].items.size()); ++rank) {
      QAbstractButton* b = ratingButton(w, position, rank, 1 + (position + rank) % def.scale);
      QVERIFY(b != nullptr);
      QTest::mouseClick(b, Qt::LeftButton);
    }
  QVERIFY(w->session().allRated());
  QVERIFY(child<QPushButton>(w, "studyListsNext")->isEnabled());
  QTest::mouseClick(child<QPushButton>(w, "studyListsNext"), Qt::LeftButton);
  QCOMPARE(w->currentPage(), StudySessionWindow::QuestionsPage);
  if (def.askPreference) QTest::mouseClick(child<QRadioButton>(w, "studyPrefer0"), Qt::LeftButton);
  for (int i = 0; i < static_cast<int>(def.questions.size()); ++i) {
    QPlainTextEdit* edit = questionEdit(w, i);
    QVERIFY(edit != nullptr);
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("answer %1").arg(i + 1));
  }
  QVERIFY(child<QPushButton>(w, "studyFinish")->isEnabled());
  QTest::mouseClick(child<QPushButton>(w, "studyFinish"), Qt::LeftButton);
  QCOMPARE(w->currentPage(), StudySessionWindow::FinishedPage);
  QVERIFY(w->session().state().finished);
}

}  // namespace vitrine::uitest
