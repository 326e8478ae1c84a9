#include "study/studyreportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "catalog/catalog.h"
#include "services/catalogwatcher.h"
#include "study/merge.h"
#include "study/report.h"
#include "study/study.h"

namespace vitrine {

namespace {

QString num(double v, int digits = 2) { return QString::number(v, 'f', digits); }  // always '.'

QTableWidgetItem* cell(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  return item;
}

}  // namespace

StudyReportDialog::StudyReportDialog(const QString& catalogPath, bool readOnly, QWidget* parent)
    : QDialog(parent), m_catalogPath(catalogPath), m_readOnly(readOnly) {
  setWindowTitle(tr("Study report"));
  setObjectName(QStringLiteral("studyReportDialog"));
  resize(900, 560);
  auto* layout = new QVBoxLayout(this);

  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Study:"), this));
  m_study = new QComboBox(this);
  m_study->setObjectName(QStringLiteral("studyCombo"));
  top->addWidget(m_study, 1);
  layout->addLayout(top);

  m_systems = new QTableWidget(0, 9, this);
  m_systems->setObjectName(QStringLiteral("systemsTable"));
  m_systems->setHorizontalHeaderLabels({tr("System"), tr("Ranker"), tr("Participants"), tr("Ratings"),
                                        tr("Mean rating"), tr("SE"), tr("95% CI"), tr("Left"), tr("Right")});
  m_systems->verticalHeader()->hide();
  m_systems->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  m_systems->setMaximumHeight(110);
  layout->addWidget(m_systems);

  m_summary = new QLabel(this);
  m_summary->setObjectName(QStringLiteral("reportSummary"));
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_summary);

  layout->addWidget(new QLabel(tr("Mean rating by rank in the list:"), this));
  m_byRank = new QTableWidget(0, 3, this);
  m_byRank->setObjectName(QStringLiteral("byRankTable"));
  m_byRank->setHorizontalHeaderLabels({tr("Rank"), tr("System A"), tr("System B")});
  m_byRank->verticalHeader()->hide();
  m_byRank->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  layout->addWidget(m_byRank, 1);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  m_merge = buttons->addButton(tr("&Merge station catalog\u2026"), QDialogButtonBox::ActionRole);
  m_merge->setObjectName(QStringLiteral("mergeButton"));
  m_merge->setEnabled(!readOnly);
  m_merge->setToolTip(readOnly ? tr("The catalog is read-only")
                               : tr("Add the sessions of a copy of this catalog that ran the study on "
                                    "another workstation (never share one catalog file over a network drive)"));
  m_save = buttons->addButton(tr("&Save JSON\u2026"), QDialogButtonBox::ActionRole);
  m_save->setObjectName(QStringLiteral("saveStudyReportButton"));
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_study, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
  connect(m_merge, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Merge sessions from a station's catalog"), QString(),
                                                      tr("Vitrine catalogs (*.vitrine)"));
    if (file.isEmpty()) return;
    QMessageBox::information(this, tr("Merge"), mergeFrom(file));
  });
  connect(m_save, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save study report"),
        QFileInfo(m_catalogPath).dir().filePath(m_study->currentText() + QStringLiteral("-report.json")),
        tr("JSON (*.json)"));
    if (file.isEmpty()) return;
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(m_json.toUtf8()) < 0)
      QMessageBox::warning(this, tr("Save report"), tr("Cannot write %1: %2").arg(file, f.errorString()));
  });
  reloadStudies();
  // Sessions merged here, finished in a study window or run by a background job show up at once.
  auto* watcher = new CatalogWatcher(this);
  connect(watcher, &CatalogWatcher::changed, this, [this](const CatalogChange& change) {
    if (change.has(CatalogFamily::Studies)) reloadStudies();
  });
  watcher->setCatalogPath(m_catalogPath);
}

void StudyReportDialog::reloadStudies() {
  const QString current = m_study->currentText();
  QSignalBlocker block(m_study);
  m_study->clear();
  try {
    Catalog c = Catalog::open(m_catalogPath.toStdString(), /*readOnly=*/true);
    for (const auto& s : listStudies(c)) m_study->addItem(QString::fromStdString(s.definition.name));
  } catch (const std::exception& e) {
    m_summary->setText(tr("Cannot read %1: %2").arg(m_catalogPath, QString::fromUtf8(e.what())));
  }
  const int i = m_study->findText(current);
  if (i >= 0) m_study->setCurrentIndex(i);
  refresh();
}

bool StudyReportDialog::refresh() {
  m_systems->setRowCount(0);
  m_byRank->setRowCount(0);
  m_json.clear();
  m_save->setEnabled(false);
  if (m_study->count() == 0) {
    m_summary->setText(tr("This catalog has no study yet (Study menu, or vitrine-cli study create)."));
    return false;
  }
  StudyReport r;
  try {
    Catalog c = Catalog::open(m_catalogPath.toStdString(), /*readOnly=*/true);
    r = studyReport(c, m_study->currentText().toStdString());
  } catch (const std::exception& e) {
    m_summary->setText(tr("Cannot compute the report: %1").arg(QString::fromUtf8(e.what())));
    return false;
  }
  m_json = QString::fromStdString(r.toJson());
  m_save->setEnabled(true);
  const StudySystemReport* systems[2] = {&r.systemA, &r.systemB};
  m_systems->setRowCount(2);
  for (int row = 0; row < 2; ++row) {
    const StudySystemReport& s = *systems[row];
    const QStringList values = {QString::fromStdString(s.system),
                                QString::fromStdString(s.spec),
                                QString::number(s.participants),
                                QString::number(s.ratings),
                                num(s.meanRating),
                                num(s.standardError),
                                QStringLiteral("[%1, %2]").arg(num(s.ci95.low), num(s.ci95.high)),
                                s.shownLeft ? QStringLiteral("%1 (n=%2)").arg(num(s.meanRatingLeft)).arg(s.shownLeft)
                                            : QStringLiteral("\u2013"),
                                s.shownRight ? QStringLiteral("%1 (n=%2)").arg(num(s.meanRatingRight)).arg(s.shownRight)
                                             : QStringLiteral("\u2013")};
    for (int col = 0; col < values.size(); ++col) m_systems->setItem(row, col, cell(values[col]));
  }
  m_systems->resizeColumnsToContents();
  int ranks = 0;
  for (const auto* s : systems)
    for (const auto& p : s->byPosition) ranks = std::max(ranks, p.rank);
  m_byRank->setRowCount(ranks);
  for (int rank = 1; rank <= ranks; ++rank) {
    m_byRank->setItem(rank - 1, 0, cell(QString::number(rank)));
    for (int k = 0; k < 2; ++k) {
      QString text = QStringLiteral("\u2013");
      for (const auto& p : systems[k]->byPosition)
        if (p.rank == rank) text = QStringLiteral("%1 (n=%2)").arg(num(p.mean)).arg(p.ratings);
      m_byRank->setItem(rank - 1, k + 1, cell(text));
    }
  }
  QString summary = tr("%1 sessions, %2 finished. Means are over participants (each participant's mean rating is one "
                       "observation, scale 1\u2013%3); intervals: percentile bootstrap, %4 resamples.")
                        .arg(r.sessions)
                        .arg(r.finished)
                        .arg(r.scale)
                        .arg(r.resamples);
  if (r.paired.n > 0)
    summary += QStringLiteral("<br>") +
               tr("<b>A \u2212 B</b> (paired, %1 participants): %2 [%3, %4]; paired t-test p = %5, Wilcoxon p = %6")
                   .arg(r.paired.n)
                   .arg(num(r.paired.meanDifference, 3))
                   .arg(num(r.paired.differenceCi.low, 3), num(r.paired.differenceCi.high, 3))
                   .arg(r.pairedTestsDefined() ? num(r.paired.tPValue, 4) : tr("n/a"),
                        r.pairedTestsDefined() ? num(r.paired.wilcoxonPValue, 4) : tr("n/a"));
  summary += QStringLiteral("<br>") + tr("<b>Preferred</b>: A %1, B %2, no answer %3; sign test p = %4")
                                          .arg(r.preference.preferA)
                                          .arg(r.preference.preferB)
                                          .arg(r.preference.noAnswer)
                                          .arg(r.signTestDefined() ? num(r.preference.signTestPValue, 4) : tr("n/a"));
  if (r.time.finished > 0)
    summary += QStringLiteral("<br>") + tr("<b>Completion</b>: median %1 s, mean %2 s, range %3\u2013%4 s")
                                            .arg(num(r.time.medianSeconds, 1), num(r.time.meanSeconds, 1),
                                                 num(r.time.minSeconds, 1), num(r.time.maxSeconds, 1));
  m_summary->setText(summary);
  return true;
}

QString StudyReportDialog::mergeFrom(const QString& stationCatalog) {
  if (m_readOnly) return tr("The catalog is read-only.");
  const QString study = m_study->currentText();
  if (study.isEmpty()) return tr("Choose a study first.");
  QString message;
  try {
    Catalog c = Catalog::open(m_catalogPath.toStdString());
    const StudyMergeReport m = mergeStudy(c, stationCatalog.toStdString(), study.toStdString());
    message = tr("Merged from %1: %2 sessions (%3 events) added, %4 already present.")
                  .arg(stationCatalog)
                  .arg(m.sessionsAdded)
                  .arg(m.eventsAdded)
                  .arg(m.duplicatesSkipped);
    for (const auto& conflict : m.conflicts) message += QStringLiteral("\n") + QString::fromStdString(conflict);
  } catch (const std::exception& e) {
    return tr("Cannot merge: %1").arg(QString::fromUtf8(e.what()));
  }
  return message;  // the report followed the merge's commit (the watcher made in the constructor)
}

}  // namespace vitrine
