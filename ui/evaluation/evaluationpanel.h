#pragma once
#include <QDialog>
#include <QFuture>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QThreadPool>
#include <QStringList>

#include <atomic>
#include <memory>

class QBarSeries;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QBarCategoryAxis;
class QValueAxis;

namespace vitrine {

// "Evaluate…" (issue 8): the CLI `evaluate` command as a panel. Protocol, metric sets and k values;
// VisRank variants and stored CuratorNet models ranked on the same held-out cases in the
// background (progress, cancel). Results as a table and a grouped bar chart, exportable as CSV
// or JSON with the full configuration. Every completed run is stored in the catalog's
// `evaluation_runs` table; past runs are listed and two of them can be compared side by side.
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
  bool exportCsv(const QString& path);
  bool exportJson(const QString& path);

  // Fills the comparison table with two stored runs (evaluation_runs ids).
  bool compareRuns(qint64 a, qint64 b);
  QList<qint64> pastRunIds() const;
  // Shows a stored run in the results table and chart (and makes it the one exported).
  bool showRun(qint64 id);

  // For tests.
  QComboBox* embeddingCombo() const { return m_embedding; }
  QComboBox* protocolCombo() const { return m_protocol; }
  QCheckBox* referenceCheck() const { return m_reference; }
  QCheckBox* standardCheck() const { return m_standard; }
  QLineEdit* cutoffsEdit() const { return m_cutoffs; }
  QListWidget* modelList() const { return m_models; }
  QPushButton* runButton() const { return m_run; }
  QPushButton* cancelButton() const { return m_cancel; }
  QStandardItemModel* resultsModel() const { return m_results; }
  QStandardItemModel* comparisonModel() const { return m_comparison; }
  QTableView* resultsView() const { return m_resultsView; }
  QBarSeries* barSeries() const { return m_bars; }
  QListWidget* runList() const { return m_runs; }
  QLabel* statusLabel() const { return m_status; }
  QString lastError() const { return m_lastError; }
  bool lastRunCancelled() const { return m_lastCancelled; }
  qint64 lastRunId() const { return m_lastRunId; }

 public Q_SLOTS:
  void run();
  void cancel();
  void refreshRuns();

 Q_SIGNALS:
  void runFinished();
  // Emitted on the worker thread, delivered queued.
  void progressed(qint64 done, qint64 total, const QString& what);

 private:
  struct Outcome;
  void onFinished(const Outcome& o);
  void onProgress(qint64 done, qint64 total, const QString& what);
  void refreshModels();
  void setRunning(bool running);
  void showResults(const QJsonObject& config, const QJsonArray& results);
  void exportWithDialog(bool json);
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
  QStandardItemModel* m_comparison;
  QTableView* m_comparisonView;
  QStringList m_curatorModels;  // "name\tembedding"

  bool m_running = false;
  std::shared_ptr<std::atomic<bool>> m_cancelFlag;
  // Long jobs get their own thread: the global pool (2 threads here) serves the main window's
  // catalog info and image loads, which must not wait behind a training run.
  QThreadPool m_pool;
  QFuture<void> m_future;
  QJsonObject m_currentConfig;  // of the run shown
  QJsonArray m_currentResults;
  QString m_lastError;
  bool m_lastCancelled = false;
  qint64 m_lastRunId = 0;
};

}  // namespace vitrine
