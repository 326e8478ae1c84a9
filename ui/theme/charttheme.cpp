#include "theme/charttheme.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>

#include "theme/theme.h"

namespace vitrine::theme {

void styleChart(QChart* chart) {
  chart->setBackgroundBrush(window());
  chart->setBackgroundPen(Qt::NoPen);
  chart->setPlotAreaBackgroundBrush(ground());
  chart->setPlotAreaBackgroundVisible(true);
  chart->setTitleBrush(text());
  chart->legend()->setLabelColor(textSecondary());
  for (QAbstractAxis* axis : chart->axes()) {
    axis->setLabelsBrush(textSecondary());
    axis->setTitleBrush(textDim());
    axis->setLinePenColor(frame());
    axis->setGridLineColor(raised());
    axis->setMinorGridLineColor(raised());
  }
}

}  // namespace vitrine::theme
