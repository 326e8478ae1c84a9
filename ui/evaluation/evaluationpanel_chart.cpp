// The Evaluation panel's chart: grouped bars of the means (one bar set per system, one group per
// metric) with the bootstrap 95 % CI of each mean as an error bar. Qt Charts has no error-bar
// series, so each error bar is a QLineSeries tracing an "I" (cap, stem, cap) at its bar's centre.
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "evaluation/evaluationpanel.h"
#include "evaluation/evaluationpanel_internal.h"
#include "theme/theme.h"

namespace vitrine {

namespace {

// Whether `metric` is charted for the k choice ("all" or one cutoff): AUC and RR always.
bool charted(const QString& metric, const QString& k) {
  if (k == QLatin1String("all") || k.isEmpty()) return true;
  const qsizetype at = metric.indexOf(QLatin1Char('@'));
  return at < 0 || metric.mid(at + 1) == k;
}

}  // namespace

void EvaluationPanel::updateChart() {
  QChart* chart = m_bars->chart();
  for (QLineSeries* s : m_errorBars) {
    if (chart) chart->removeSeries(s);
    delete s;
  }
  m_errorBars.clear();
  m_bars->clear();
  m_barX->clear();
  const QString set = m_chartMetricSet->currentData().toString();
  const QString k = m_chartCutoff->currentData().toString();
  QStringList metrics;
  for (const QString& m : evalpanel::metricColumns(m_current ? m_current->cutoffs : std::vector<int>{}))
    if (charted(m, k)) metrics << m;
  m_barX->append(metrics);

  struct Bar {
    int category = 0, set = 0;
    double low = 0, high = 0;
  };
  std::vector<Bar> bars;
  double top = 0;
  int sets = 0;
  for (const EvaluationJobEntry& e : m_current ? m_current->entries : std::vector<EvaluationJobEntry>{}) {
    if (QString::fromStdString(toString(e.result.metricSet)) != set) continue;
    auto* barSet = new QBarSet(QString::fromStdString(e.spec.toString()));
    for (int i = 0; i < metrics.size(); ++i) {
      const std::string name = metrics[i].toStdString();
      const auto m = e.result.metrics.find(name);
      const double mean = m == e.result.metrics.end() ? 0.0 : m->second;
      *barSet << mean;
      top = std::max(top, mean);
      const auto summary = std::find_if(e.summaries.begin(), e.summaries.end(),
                                        [&](const MetricSummary& s) { return s.metric == name; });
      if (summary != e.summaries.end()) {
        bars.push_back({i, sets, summary->ci95.low, summary->ci95.high});
        top = std::max(top, bars.back().high);
      }
    }
    m_bars->append(barSet);
    ++sets;
  }
  // Bar j of n in category i spans i - w/2 + [j, j + 1] * w/n (QBarSeries' grouped layout,
  // w = barWidth); its error bar stands at the centre with caps of half the bar's width.
  const double w = m_bars->barWidth();
  QPen pen(theme::text());  // light whiskers: they show on the dark plot ground above each bar
  pen.setWidthF(1.6);
  pen.setCapStyle(Qt::FlatCap);
  for (const Bar& b : bars) {
    const double slot = w / std::max(1, sets);
    const double x = b.category - w / 2 + (b.set + 0.5) * slot;
    const double cap = slot * 0.25;
    auto* line = new QLineSeries;
    line->setName(QStringLiteral("95 % CI"));
    line->setObjectName(QStringLiteral("evalErrorBar"));
    *line << QPointF(x - cap, b.high) << QPointF(x + cap, b.high) << QPointF(x, b.high) << QPointF(x, b.low)
          << QPointF(x - cap, b.low) << QPointF(x + cap, b.low);
    line->setPen(pen);
    if (chart) {
      chart->addSeries(line);
      line->attachAxis(m_barX);
      line->attachAxis(m_barY);
      for (QLegendMarker* marker : chart->legend()->markers(line)) marker->setVisible(false);
    }
    m_errorBars << line;
  }
  m_barY->setRange(0, top > 0 ? std::min(1.0, top * 1.08) : 1);
  m_barY->applyNiceNumbers();
  if (chart)
    chart->setTitle(bars.empty() ? tr("Mean per system (%1 metrics)").arg(set)
                                 : tr("Mean per system with 95 % bootstrap CI (%1 metrics)").arg(set));
}

}  // namespace vitrine
