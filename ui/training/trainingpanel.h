#pragma once
#include <QDialog>
#include <QString>

#include <array>
#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QValueAxis;

namespace vitrine {

class BackgroundJob;

// "Train CuratorNet…" (issue 8): the options of core runTrainingJob (sampling, shares, epochs,
// triples, seed, optimiser), a background run with live loss / validation accuracy / learning-rate
// charts, throughput and ETA, and Cancel (stops at the next batch; the best epoch so far is
// stored when one epoch completed, as the core documents). The model lands in the catalog with
// its configuration; modelStored() tells the main window to refresh its model selector.
class TrainingPanel : public QDialog {
  Q_OBJECT

 public:
  explicit TrainingPanel(QWidget* parent = nullptr);
  ~TrainingPanel() override;

  // Lists the catalog's embeddings (read on the calling thread). Training opens its own connection.
  void setCatalogPath(const QString& path);
  QString catalogPath() const { return m_catalogPath; }
  bool isRunning() const { return m_running; }

  // Outcome of the last finished run.
  bool lastRunStored() const { return m_lastStored; }
  bool lastRunCancelled() const { return m_lastCancelled; }
  int lastBestEpoch() const { return m_lastBestEpoch; }
  int lastEpochsRun() const { return m_lastEpochs; }
  QString lastError() const { return m_lastError; }
  QString lastModelName() const { return m_lastModel; }

 public Q_SLOTS:
  void start();
  void cancel();

 Q_SIGNALS:
  void modelStored(const QString& name, const QString& embedding);
  void runFinished();
  // Emitted on the worker thread, delivered queued to the panel.
  void batchProgress(int epoch, int maxEpochs, qint64 done, qint64 total, double loss, double triplesPerSecond,
                     double elapsedSeconds);
  void epochFinished(int epoch, double loss, double validationAccuracy, double learningRate, double triplesPerSecond,
                     bool best);
  void statusMessage(const QString& text);

 private:
  struct Outcome;
  void onBatch(int epoch, int maxEpochs, qint64 done, qint64 total, double loss, double tps, double elapsed);
  void onEpoch(int epoch, double loss, double accuracy, double lr, double tps, bool best);
  void onFinished(const Outcome& o);
  void updateSamplingWidgets();
  void setRunning(bool running);
  void resetCharts();

  QString m_catalogPath;
  QComboBox* m_embedding;
  QLineEdit* m_name;
  QCheckBox* m_overwrite;
  QComboBox* m_sampling;
  QComboBox* m_holdOut;
  QComboBox* m_select;
  std::array<QDoubleSpinBox*, 6> m_shares{};
  QSpinBox* m_clusters;
  QSpinBox* m_maxProfile;
  QSpinBox* m_epochs;
  QSpinBox* m_triples;
  QSpinBox* m_validation;
  QSpinBox* m_seed;
  QDoubleSpinBox* m_lr;
  QDoubleSpinBox* m_weightDecay;
  QSpinBox* m_batch;
  QSpinBox* m_patience;
  QDoubleSpinBox* m_lrFactor;
  QSpinBox* m_threads;
  QCheckBox* m_includeProfiles;
  QPushButton* m_start;
  QPushButton* m_cancel;
  QProgressBar* m_progress;
  QLabel* m_status;
  QLabel* m_throughput;
  QLabel* m_eta;
  QPlainTextEdit* m_log;
  QLineSeries* m_lossSeries;
  QLineSeries* m_accSeries;
  QLineSeries* m_lrSeries;
  QValueAxis* m_lossX;
  QValueAxis* m_lossY;
  QValueAxis* m_accX;
  QValueAxis* m_accY;
  QValueAxis* m_lrX;
  QValueAxis* m_lrY;

  bool m_running = false;
  bool m_cancelRequested = false;
  // The training run, on the job's own thread: the shared pool (2 threads here) serves the main
  // window's catalog reads, which must not wait behind a training run.
  BackgroundJob* m_job = nullptr;
  int m_maxEpochs = 0;
  bool m_lastStored = false;
  bool m_lastCancelled = false;
  int m_lastBestEpoch = 0;
  int m_lastEpochs = 0;
  QString m_lastError;
  QString m_lastModel;
};

}  // namespace vitrine
