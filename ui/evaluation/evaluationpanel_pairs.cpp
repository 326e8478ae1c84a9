// The Evaluation panel's paired comparisons (issue 17): the user picks pairs (A, B) of systems of
// the run shown; per metric set and metric the table shows the mean difference A - B with its
// bootstrap 95 % CI and the paired t-test and Wilcoxon signed-rank p-values. Computed by core
// compareJobEntries (the function behind `vitrine-cli evaluate --compare`) with the run's bootstrap
// settings, in the background; exported under "comparisons" by Export JSON.
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "evaluation/evaluationpanel.h"
#include "evaluation/evaluationpanel_internal.h"

namespace vitrine {

QWidget* EvaluationPanel::buildPairsTab() {
  auto* tab = new QWidget(this);
  m_pairA = new QComboBox(tab);
  m_pairB = new QComboBox(tab);
  m_addPair = new QPushButton(tr("&Add Pair"), tab);
  m_clearPairs = new QPushButton(tr("Clear Pairs"), tab);
  m_pairList = new QListWidget(tab);
  m_pairNote = new QLabel(tab);
  m_paired = new QStandardItemModel(this);
  m_pairedView = new QTableView(tab);
  m_pairA->setObjectName(QStringLiteral("evalPairA"));
  m_pairB->setObjectName(QStringLiteral("evalPairB"));
  m_addPair->setObjectName(QStringLiteral("evalAddPair"));
  m_clearPairs->setObjectName(QStringLiteral("evalClearPairs"));
  m_pairList->setObjectName(QStringLiteral("evalPairs"));
  m_pairedView->setObjectName(QStringLiteral("evalPairedComparisons"));
  m_paired->setObjectName(QStringLiteral("evalPairedModel"));
  m_pairA->setToolTip(tr("System A of the pair (differences are A \u2212 B)"));
  m_pairB->setToolTip(tr("System B of the pair"));
  m_pairList->setMaximumHeight(m_pairList->fontMetrics().height() * 4 + 8);
  m_pairNote->setWordWrap(true);
  m_pairedView->setModel(m_paired);
  m_pairedView->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_pairedView->setAlternatingRowColors(true);
  m_pairedView->verticalHeader()->setVisible(false);
  m_pairedView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  m_pairedView->setTextElideMode(Qt::ElideMiddle);

  auto* pick = new QHBoxLayout;
  pick->addWidget(new QLabel(tr("A:"), tab));
  pick->addWidget(m_pairA, 1);
  pick->addWidget(new QLabel(tr("\u2212 B:"), tab));
  pick->addWidget(m_pairB, 1);
  pick->addWidget(m_addPair);
  pick->addWidget(m_clearPairs);
  auto* lay = new QVBoxLayout(tab);
  lay->addLayout(pick);
  lay->addWidget(m_pairList);
  lay->addWidget(m_pairedView, 1);
  lay->addWidget(m_pairNote);

  connect(m_addPair, &QPushButton::clicked, this, [this] {
    if (!addComparisonPair(m_pairA->currentText(), m_pairB->currentText())) m_pairNote->setText(m_lastError);
  });
  connect(m_clearPairs, &QPushButton::clicked, this, &EvaluationPanel::clearComparisonPairs);
  fillPairsTable();
  return tab;
}

// The pair choosers offer the systems of the run shown; pairs of systems it lacks are dropped.
void EvaluationPanel::refreshPairChoices() {
  QStringList specs;
  if (m_current)
    for (const EvaluationJobEntry& e : m_current->entries) {
      const QString spec = QString::fromStdString(e.spec.toString());
      if (!specs.contains(spec)) specs << spec;
    }
  for (QComboBox* c : {m_pairA, m_pairB}) {
    const QString previous = c->currentText();
    c->clear();
    c->addItems(specs);
    if (specs.contains(previous)) c->setCurrentText(previous);
  }
  if (m_pairB->currentIndex() == m_pairA->currentIndex() && specs.size() > 1)
    m_pairB->setCurrentIndex(m_pairA->currentIndex() == 0 ? 1 : 0);
  m_addPair->setEnabled(specs.size() > 1);
  m_pairs.erase(std::remove_if(m_pairs.begin(), m_pairs.end(),
                               [&](const auto& p) {
                                 return !specs.contains(QString::fromStdString(p.first.toString())) ||
                                        !specs.contains(QString::fromStdString(p.second.toString()));
                               }),
                m_pairs.end());
  m_pairList->clear();
  for (const auto& [a, b] : m_pairs)
    m_pairList->addItem(QStringLiteral("%1  \u2212  %2")
                            .arg(QString::fromStdString(a.toString()), QString::fromStdString(b.toString())));
}

bool EvaluationPanel::addComparisonPair(const QString& a, const QString& b) {
  if (!m_current) {
    m_lastError = tr("Run an evaluation or show a past run first.");
    return false;
  }
  if (a == b) {
    m_lastError = tr("Choose two different systems to compare.");
    return false;
  }
  RankerSpec sa, sb;
  try {
    sa = RankerSpec::parse(a.toStdString());
    sb = RankerSpec::parse(b.toStdString());
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  for (const RankerSpec* s : {&sa, &sb}) {
    const bool held = std::any_of(m_current->entries.begin(), m_current->entries.end(),
                                  [&](const EvaluationJobEntry& e) { return e.spec == *s; });
    if (!held) {
      m_lastError = tr("%1 is not a system of the run shown.").arg(QString::fromStdString(s->toString()));
      return false;
    }
  }
  if (std::find(m_pairs.begin(), m_pairs.end(), std::make_pair(sa, sb)) == m_pairs.end()) m_pairs.emplace_back(sa, sb);
  m_lastError.clear();
  refreshPairChoices();
  recomputeComparisons();
  return true;
}

void EvaluationPanel::clearComparisonPairs() {
  m_pairs.clear();
  refreshPairChoices();
  recomputeComparisons();
}

QList<QPair<QString, QString>> EvaluationPanel::comparisonPairs() const {
  QList<QPair<QString, QString>> out;
  for (const auto& [a, b] : m_pairs)
    out.append({QString::fromStdString(a.toString()), QString::fromStdString(b.toString())});
  return out;
}

// Bootstrapping every metric of every pair can take seconds on a large catalog: a worker thread
// computes, and only the newest request's result is shown.
void EvaluationPanel::recomputeComparisons() {
  if (!m_current || m_pairs.empty()) {
    m_compareJob->cancel();
    m_comparisons.clear();
    m_comparing = false;
    fillPairsTable();
    Q_EMIT comparisonsUpdated();
    return;
  }
  m_comparing = true;  // the table keeps the previous result until the new one is there
  fillPairsTable();
  const std::shared_ptr<const EvaluationJobResult> run = m_current;
  const auto pairs = m_pairs;
  struct Computed {
    std::vector<EvaluationJobComparison> comparisons;
    QString error;
  };
  m_compareJob->start(
      [run, pairs](const JobContext&) {
        Computed c;
        try {
          c.comparisons = compareJobEntries(run->entries, pairs, run->bootstrap);
        } catch (const std::exception& e) {
          c.error = QString::fromStdString(e.what());
        }
        return c;
      },
      [this](const Computed& c) {  // only the newest request's result arrives (latest wins)
        m_comparing = false;
        m_comparisons = c.comparisons;
        if (!c.error.isEmpty()) m_lastError = c.error;
        fillPairsTable();
        if (!c.error.isEmpty()) m_pairNote->setText(tr("Cannot compare: %1").arg(c.error));
        Q_EMIT comparisonsUpdated();
      });
}

void EvaluationPanel::fillPairsTable() {
  m_paired->clear();
  m_paired->setHorizontalHeaderLabels({tr("A"), tr("B"), tr("Metric set"), tr("Metric"), tr("Mean A \u2212 B"),
                                       tr("95 % CI"), tr("p (paired t)"), tr("p (Wilcoxon)")});
  const QStringList order =
      evalpanel::metricColumns(m_current ? m_current->cutoffs : std::vector<int>{});  // AUC, RR, then by k
  for (const EvaluationJobComparison& c : m_comparisons) {
    std::vector<const MetricComparison*> rows;
    for (const MetricComparison& m : c.metrics) rows.push_back(&m);
    std::stable_sort(rows.begin(), rows.end(), [&](const MetricComparison* x, const MetricComparison* y) {
      return order.indexOf(QString::fromStdString(x->metric)) < order.indexOf(QString::fromStdString(y->metric));
    });
    for (const MetricComparison* row : rows) {
      const MetricComparison& m = *row;
      const stats::PairedComparison& p = m.comparison;
      auto* tp = new QStandardItem(evalpanel::pValueText(p.tPValue));
      tp->setData(p.tPValue, Qt::UserRole);
      tp->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      auto* wp = new QStandardItem(evalpanel::pValueText(p.wilcoxonPValue));
      wp->setData(p.wilcoxonPValue, Qt::UserRole);
      wp->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      wp->setToolTip(tr("W = %1, z = %2 over %3 non-zero differences")
                         .arg(p.wilcoxonStatistic)
                         .arg(p.wilcoxonZ, 0, 'f', 3)
                         .arg(p.nonZeroPairs));
      tp->setToolTip(tr("t = %1 with %2 degrees of freedom").arg(p.tStatistic, 0, 'f', 3).arg(p.n > 0 ? p.n - 1 : 0));
      QStandardItem* difference = evalpanel::numberItem(p.meanDifference, 5);
      difference->setToolTip(tr("mean A = %1, mean B = %2").arg(p.meanA, 0, 'f', 5).arg(p.meanB, 0, 'f', 5));
      auto* a = new QStandardItem(QString::fromStdString(c.a.toString()));
      auto* b = new QStandardItem(QString::fromStdString(c.b.toString()));
      a->setToolTip(a->text());
      b->setToolTip(b->text());
      m_paired->appendRow({a, b, new QStandardItem(QString::fromStdString(toString(c.metricSet))),
                           new QStandardItem(QString::fromStdString(m.metric)), difference,
                           evalpanel::intervalItem(p.differenceCi.low, p.differenceCi.high), tp, wp});
    }
  }
  // Columns fit their contents; long system names are elided (full name in the tooltip) so that
  // the p-values stay in view at 1280x800.
  m_pairedView->resizeColumnsToContents();
  for (int column : {0, 1}) m_pairedView->setColumnWidth(column, std::min(m_pairedView->columnWidth(column), 150));
  if (!m_current) {
    m_pairNote->setText(tr("Run an evaluation or show a past run, then choose pairs of its systems."));
  } else if (m_pairs.empty()) {
    m_pairNote->setText(tr("Choose systems A and B and add the pair; several pairs are possible."));
  } else if (m_comparing) {
    m_pairNote->setText(tr("Comparing\u2026"));
  } else {
    const stats::BootstrapOptions b = m_current->bootstrap;
    m_pairNote->setText(tr("Paired over the same %1 cases, differences A \u2212 B. 95 % CI: percentile bootstrap "
                           "of the mean difference, %2 resamples, seed %3. p-values two-sided; Wilcoxon "
                           "signed-rank with the normal approximation (indicative below about 10 non-zero pairs).")
                            .arg(m_current->cases)
                            .arg(QLocale().toString(b.resamples))
                            .arg(b.seed));
  }
}

}  // namespace vitrine
