// Study → Report and Merge (issue 17 item 3): the dialog shows both systems' mean ratings with
// intervals over participants, the rank table, the paired comparison and the preferences, and
// merging a station's copy of the catalog adds its sessions once.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

#include "catalog/catalog.h"
#include "study/report.h"
#include "study/study.h"
#include "study/studyreportdialog.h"

using namespace vitrine;

namespace {

void fill(Catalog& c) {
  std::mt19937 rng(4);
  std::normal_distribution<float> nd;
  c.registerExtractor("handcrafted", 8, "test");
  for (int i = 0; i < 25; ++i) {
    Artwork a;
    a.externalId = "a" + std::to_string(i);
    const int64_t id = c.insertArtwork(a);
    std::vector<float> v(8);
    for (auto& x : v) x = nd(rng);
    c.putEmbedding(id, "handcrafted", v);
  }
  StudyDefinition d;
  d.name = "pilot";
  d.systemA = "visrank:maximum";
  d.systemB = "random";
  d.listLength = 3;
  d.questions = {};
  createStudy(c, d);
}

void session(Catalog& c, const std::string& participant, int a, int b, const std::string& preferred) {
  StudySession s = StudySession::startOrResume(c, "pilot", participant);
  for (int64_t id : {2, 4, 6}) s.addToProfile(id);
  for (const auto& l : s.showLists())
    for (const auto& item : l.items) s.rate(l.label, item.artworkId, l.system == "A" ? a : b);
  for (const auto& l : s.state().lists)
    if (l.system == preferred) s.answer("preferred", l.label);
  s.finish();
}

}  // namespace

class TestStudyReport : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void showsTheReportAndMergesAStation() {
    QTemporaryDir dir;
    const QString master = dir.filePath(QStringLiteral("master.vitrine"));
    const QString station = dir.filePath(QStringLiteral("station.vitrine"));
    {
      Catalog c = Catalog::create(master.toStdString());
      fill(c);
    }
    QVERIFY(QFile::copy(master, station));
    {
      Catalog c = Catalog::open(master.toStdString());
      session(c, "p1", 5, 2, "A");
      session(c, "p2", 4, 2, "A");
    }
    {
      Catalog c = Catalog::open(station.toStdString());
      session(c, "p3", 3, 1, "B");
    }

    StudyReportDialog dialog(master, /*readOnly=*/false);
    dialog.resize(1000, 600);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("studyCombo"));
    auto* systems = dialog.findChild<QTableWidget*>(QStringLiteral("systemsTable"));
    auto* byRank = dialog.findChild<QTableWidget*>(QStringLiteral("byRankTable"));
    auto* summary = dialog.findChild<QLabel*>(QStringLiteral("reportSummary"));
    auto* merge = dialog.findChild<QPushButton*>(QStringLiteral("mergeButton"));
    QVERIFY(combo && systems && byRank && summary && merge);
    QCOMPARE(combo->currentText(), QStringLiteral("pilot"));
    QCOMPARE(systems->rowCount(), 2);
    QCOMPARE(systems->item(0, 0)->text(), QStringLiteral("A"));
    QCOMPARE(systems->item(0, 2)->text(), QStringLiteral("2"));     // participants
    QCOMPARE(systems->item(0, 4)->text(), QStringLiteral("4.50"));  // (5 + 4) / 2
    QCOMPARE(systems->item(1, 4)->text(), QStringLiteral("2.00"));
    QCOMPARE(byRank->rowCount(), 3);
    QVERIFY(summary->text().contains(QStringLiteral("A 2, B 0")));
    QVERIFY(merge->isEnabled());
    QString shots = qEnvironmentVariable("VITRINE_SCREENSHOT_DIR");
    if (shots.isEmpty()) shots = QDir::temp().filePath(QStringLiteral("vitrine-screenshots"));
    QDir().mkpath(shots);
    QVERIFY(dialog.grab().save(QDir(shots).filePath(QStringLiteral("study-report.png"))));

    const QString first = dialog.mergeFrom(station);
    QVERIFY2(first.contains(QStringLiteral("1 sessions")), qPrintable(first));
    QCOMPARE(systems->item(0, 2)->text(), QStringLiteral("3"));
    QCOMPARE(systems->item(0, 4)->text(), QStringLiteral("4.00"));  // (5 + 4 + 3) / 3
    QVERIFY(summary->text().contains(QStringLiteral("A 2, B 1")));
    const QString again = dialog.mergeFrom(station);
    QVERIFY2(again.contains(QStringLiteral("0 sessions")) && again.contains(QStringLiteral("1 already present")),
             qPrintable(again));

    StudyReportDialog readOnly(master, /*readOnly=*/true);
    QVERIFY(!readOnly.findChild<QPushButton*>(QStringLiteral("mergeButton"))->isEnabled());
  }
};

QTEST_MAIN(TestStudyReport)
#include "tst_studyreport.moc"
