#pragma once

class QChart;

namespace vitrine::theme {

// Dresses a Qt Charts chart in the window's dark colours (ground behind the plot, text colours
// for the title, axis labels and legend, dim grid lines); call after its axes are added. Series
// keep the colours they were given.
void styleChart(QChart* chart);

}  // namespace vitrine::theme
