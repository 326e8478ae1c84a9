#pragma once
#include <QStandardItem>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// Helpers shared by the Evaluation panel's source files (evaluationpanel*.cpp); not a public API.

namespace vitrine::evalpanel {

// Metric names in print order (AUC, RR, then R/P/nDCG at each cutoff) for a run's "cutoffs".
QStringList metricColumns(const std::vector<int>& cutoffs);
// A right-aligned number cell (value in Qt::UserRole); "–" for no value.
QStandardItem* numberItem(std::optional<double> value, int decimals);
// "[low, high]" (5 decimals); low in Qt::UserRole, high in Qt::UserRole + 1.
QStandardItem* intervalItem(double low, double high);
// A p-value: 4 decimals, or scientific notation below 0.001.
QString pValueText(double p);

}  // namespace vitrine::evalpanel
