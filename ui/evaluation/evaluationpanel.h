#pragma once
#include <QDialog>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "eval/runs.h"
#include "services/backgroundjob.h"

class QBarSeries;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QBarCategoryAxis;
class QValueAxis;

namespace vitrine {
class CatalogWatcher;
}

namespace vitrine {

// "Evaluate…" (issue 8): the CLI `evaluate` command as a panel. Protocol, metric sets and k values;
// VisRank variants and stored CuratorNet models ranked on the same held-out cases in the
// background (progress, cancel). Results as a table (mean, standard error and seeded bootstrap
// 95 % CI per system, metric set and metric) and a grouped bar chart with 95 % CI error bars;
// paired comparisons of chosen pairs of systems of the run shown (issue 17: mean difference with
// its CI, paired t and Wilcoxon p-values, computed by core compareJobEntries as `evaluate
// --compare`). Exports: the CLI's JSON document (docs/schemas/evaluation.schema.json, with the
// chosen pairs under "comparisons"), the per-case CSV (writePerCaseCsv) and a one-row-per-result
// summary CSV. Every completed run is stored in the catalog's `evaluation_runs` table; past runs
// are listed and two of them can be compared side by side.
class EvaluationPanel : public QDialog {
  Q_OBJECT

 public:
  explicit EvaluationPanel(QWidget* parent = nullptr);
  ~EvaluationPanel() override;

  // Lists embeddings, models and past runs of the catalog (read on the calling thread).
  void setCatalogPath(const QString& path);
  QString catalogPath() const { return m_catalogPath; }
  bool isRunning() const { return m_running; }

  // The model specs offered (makeRanker syntax) and which are checked.
  QStringList availableModels() const;
  QStringList checkedModels() const;
  void setModelChecked(const QString& spec, bool checked);

  // Export of the current (latest or selected past) run; false + lastError() on failure.
  // exportCsv: one row per result (means); exportJson: the document `vitrine-cli evaluate --json`
  // writes, with the chosen pairs under "comparisons" (waits for a comparison still computing);
  // exportPerCaseCsv: `evaluate --per-case` long format (needs a run stored with per-case values).
  bool exportCsv(const QString& path);
  bool exportJson(const QString& path);
  bool exportPerCaseCsv(const QString& path);

  // Paired comparisons of the run shown: pairs of model specs (makeRanker syntax) of that run.
  // addComparisonPair returns false + lastError() for a spec the run does not hold or A == B;
  // a pair already chosen is not added twice. Computed in the background; comparisonsUpdated()
  // is emitted when the table holds the result.
  bool addComparisonPair(const QString& a, const QString& b);
  void clearComparisonPairs();
  QList<QPair<QString, QString>> comparisonPairs() const;
  bool isComparing() const { return m_comparing; }

  // Test hook: replaces the save-file dialog of the export buttons; gets the dialog title and
  // suggested file name and returns the path ("" = cancelled).
  using SaveFileNameHook = std::function<QString(const QString& title, const QString& suggested)>;
  void setSaveFileNameHook(SaveFileNameHook hook) { m_saveFileName = std::move(hook); }

  // Fills the comparison table with two stored runs (evaluation_runs ids).
  bool compareRuns(qint64 a, qint64 b);
  QList<qint64> pastRunIds() const;
  // Shows a stored run in the results table and chart (and makes it the one exported).
  bool showRun(qint64 id);

  QString lastError() const { return m_lastError; }
  bool lastRunCancelled() const { return m_lastCancelled; }
  qint64 lastRunId() const { return m_lastRunId; }

 public Q_SLOTS:
  void run();
  void cancel();
  void refreshRuns();

 Q_SIGNALS:
  void runFinished();
  void comparisonsUpdated();

 private:
  struct Outcome;
  void onFinished(const Outcome& o);
  void onProgress(qint64 done, qint64 total, const QString& what);
  void refreshModels();
  void setRunning(bool running);
  void showResults(std::shared_ptr<const EvaluationJobResult> run);
  void fillResultsTable();
  void updateChart();        // evaluationpanel_chart.cpp
  QWidget* buildPairsTab();  // evaluationpanel_pairs.cpp
  void refreshPairChoices();
  void recomputeComparisons();
  void fillPairsTable();
  void exportWithDialog(int kind);  // 0 summary CSV, 1 JSON, 2 per-case CSV
  void compareSelected();

  QString m_catalogPath;
  QComboBox* m_embedding;
  QComboBox* m_protocol;
  QCheckBox* m_reference;
  QCheckBox* m_standard;
  QLineEdit* m_cutoffs;
  QListWidget* m_models;
  QComboBox* m_chartMetricSet;
  QPushButton* m_run;
  QPushButton* m_cancel;
  QPushButton* m_exportCsv;
  QPushButton* m_exportJson;
  QPushButton* m_exportPerCase;
  // Bootstrap settings of the next run (defaults: stats::BootstrapOptions, as the CLI's).
  QSpinBox* m_resamples;
  QSpinBox* m_seed;
  QComboBox* m_chartCutoff;
  QLabel* m_ciNote;
  // The chart's error bars: one series per bar (system x metric), each an I-shaped polyline from
  // the CI's low to its high end at the bar's centre.
  QList<QLineSeries*> m_errorBars;
  QComboBox* m_pairA = nullptr;
  QComboBox* m_pairB = nullptr;
  QPushButton* m_addPair = nullptr;
  QPushButton* m_clearPairs = nullptr;
  QListWidget* m_pairList = nullptr;
  QLabel* m_pairNote = nullptr;
  QStandardItemModel* m_paired = nullptr;  // paired comparisons
  QTableView* m_pairedView = nullptr;
  QProgressBar* m_progress;
  QLabel* m_status;
  QTabWidget* m_tabs;
  QStandardItemModel* m_results;
  QTableView* m_resultsView;
  QBarSeries* m_bars;
  QBarCategoryAxis* m_barX;
  QValueAxis* m_barY;
  QListWidget* m_runs;
  QPushButton* m_compare;
  QStandardItemModel* m_comparison;  // two past runs
  QTableView* m_comparisonView;
  QStringList m_curatorModels;  // "name\tembedding"

  bool m_running = false;
  bool m_cancelling = false;
  // Long jobs get their own thread: the global pool (2 threads here) serves the main window's
  // catalog info and image loads, which must not wait behind an evaluation.
  BackgroundJob* m_job;
  // The run shown, typed (entries with per-case values and summaries, case info), and the
  // comparisons of the chosen pairs on it.
  std::shared_ptr<const EvaluationJobResult> m_current;
  std::vector<std::pair<RankerSpec, RankerSpec>> m_pairs;
  std::vector<EvaluationJobComparison> m_comparisons;
  bool m_comparing = false;
  BackgroundJob* m_compareJob;  // own thread: comparisons do not queue behind a running evaluation
  SaveFileNameHook m_saveFileName;
  QString m_lastError;
  bool m_lastCancelled = false;
  qint64 m_lastRunId = 0;
  CatalogWatcher* m_watcher = nullptr;  // stored runs and models follow the catalog's commits
};

}  // namespace vitrine
