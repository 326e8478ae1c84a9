#include "training/trainingpanel.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

#include "theme/charttheme.h"
#include "catalog/catalog.h"
#include "recommend/embedding_choice.h"
#include "services/backgroundjob.h"
#include "train/pipeline.h"

namespace vitrine {

struct TrainingPanel::Outcome {
  bool stored = false;
  bool cancelled = false;
  int bestEpoch = 0;
  int epochs = 0;
  double bestAccuracy = 0;
  double seconds = 0;
  qint64 trainTriples = 0, validationTriples = 0;
  QString model, embedding, error;
  QStringList log;
};

namespace {

QString formatRate(double perSecond) {
  if (perSecond >= 1000) return QStringLiteral("%1k").arg(perSecond / 1000, 0, 'f', 1);
  return QString::number(perSecond, 'f', 0);
}

QString formatDuration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds)) return QStringLiteral("\u2013");
  const qint64 s = static_cast<qint64>(std::llround(seconds));
  if (s >= 3600) return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
  if (s >= 60) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
  return QStringLiteral("%1 s").arg(s);
}

// Whole-epoch ticks (at most ~10 labels) on 0..epochs.
void setEpochRange(QValueAxis* x, int epochs) {
  epochs = std::max(1, epochs);
  x->setRange(0, epochs);
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(0);
  x->setTickInterval(std::max(1, (epochs + 9) / 10));
}

// A small line chart with its own axes.
QChartView* lineChart(const QString& title, QLineSeries* series, QValueAxis* x, QValueAxis* y, QWidget* parent) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->legend()->hide();
  chart->addSeries(series);
  x->setTitleText(QObject::tr("epoch"));
  x->setLabelFormat(QStringLiteral("%d"));
  setEpochRange(x, 1);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  series->setPointsVisible(true);
  chart->setMargins(QMargins(2, 2, 2, 2));
  theme::styleChart(chart);
  auto* view = new QChartView(chart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumSize(220, 180);
  return view;
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent)
    : QDialog(parent),
      m_embedding(new QComboBox(this)),
      m_name(new QLineEdit(QStringLiteral("curatornet"), this)),
      m_overwrite(new QCheckBox(tr("Replace a model of that name"), this)),
      m_sampling(new QComboBox(this)),
      m_holdOut(new QComboBox(this)),
      m_select(new QComboBox(this)),
      m_clusters(new QSpinBox(this)),
      m_maxProfile(new QSpinBox(this)),
      m_epochs(new QSpinBox(this)),
      m_triples(new QSpinBox(this)),
      m_validation(new QSpinBox(this)),
      m_seed(new QSpinBox(this)),
      m_lr(new QDoubleSpinBox(this)),
      m_weightDecay(new QDoubleSpinBox(this)),
      m_batch(new QSpinBox(this)),
      m_patience(new QSpinBox(this)),
      m_lrFactor(new QDoubleSpinBox(this)),
      m_threads(new QSpinBox(this)),
      m_includeProfiles(new QCheckBox(tr("Saved profiles count as users"), this)),
      m_start(new QPushButton(tr("&Start"), this)),
      m_cancel(new QPushButton(tr("&Cancel Training"), this)),
      m_progress(new QProgressBar(this)),
      m_status(new QLabel(this)),
      m_throughput(new QLabel(this)),
      m_eta(new QLabel(this)),
      m_log(new QPlainTextEdit(this)),
      m_lossSeries(new QLineSeries(this)),
      m_accSeries(new QLineSeries(this)),
      m_lrSeries(new QLineSeries(this)),
      m_lossX(new QValueAxis(this)),
      m_lossY(new QValueAxis(this)),
      m_accX(new QValueAxis(this)),
      m_accY(new QValueAxis(this)),
      m_lrX(new QValueAxis(this)),
      m_lrY(new QValueAxis(this)) {
  m_job = new BackgroundJob(this, BackgroundJob::Thread::Own);
  setWindowTitle(tr("Train CuratorNet"));
  setObjectName(QStringLiteral("trainingPanel"));
  // The parts' objectNames, by which tests (and tools such as accessibility inspectors) find them;
  // the series are found in their charts (a QChart takes its series as children).
  m_overwrite->setObjectName(QStringLiteral("trainOverwrite"));
  m_triples->setObjectName(QStringLiteral("trainTriples"));
  m_validation->setObjectName(QStringLiteral("trainValidation"));
  m_lr->setObjectName(QStringLiteral("trainLearningRate"));
  m_batch->setObjectName(QStringLiteral("trainBatch"));
  m_progress->setObjectName(QStringLiteral("trainProgress"));
  m_log->setObjectName(QStringLiteral("trainLog"));
  m_lossSeries->setObjectName(QStringLiteral("trainLossSeries"));
  m_accSeries->setObjectName(QStringLiteral("trainAccuracySeries"));
  m_lrSeries->setObjectName(QStringLiteral("trainLearningRateSeries"));
  TrainerConfig defaults;
  const TrainingJobConfig jobDefaults;  // sampling, shares and selection: chosen in bench/RESULTS.md

  // --- options ---
  auto* data = new QGroupBox(tr("Data"), this);
  auto* dataForm = new QFormLayout(data);
  m_embedding->setObjectName(QStringLiteral("trainEmbedding"));
  dataForm->addRow(tr("Embedding:"), m_embedding);
  m_name->setObjectName(QStringLiteral("trainModelName"));
  dataForm->addRow(tr("Model name:"), m_name);
  dataForm->addRow(QString(), m_overwrite);
  m_sampling->addItem(tr("Random (tutorial)"), QStringLiteral("random"));
  m_sampling->addItem(tr("Curatorial guidelines"), QStringLiteral("guidelines"));
  m_sampling->setObjectName(QStringLiteral("trainSampling"));
  m_sampling->setCurrentIndex(std::max(0, m_sampling->findData(QString::fromStdString(jobDefaults.sampling))));
  dataForm->addRow(tr("Sampling:"), m_sampling);
  m_holdOut->addItem(tr("Default for the sampling"), QString());
  m_holdOut->addItem(tr("None"), QStringLiteral("none"));
  m_holdOut->addItem(tr("Last interaction (tutorial)"), QStringLiteral("tutorial"));
  m_holdOut->addItem(tr("Last basket"), QStringLiteral("basket"));
  m_holdOut->addItem(tr("Both"), QStringLiteral("both"));
  m_holdOut->setToolTip(tr("Interactions kept out of training so that evaluation never sees trained cases"));
  dataForm->addRow(tr("Hold-out:"), m_holdOut);
  m_triples->setRange(1, 50'000'000);
  m_triples->setValue(100000);
  m_triples->setSingleStep(10000);
  m_triples->setGroupSeparatorShown(true);
  dataForm->addRow(tr("Training triples:"), m_triples);
  m_validation->setRange(0, 5'000'000);
  m_validation->setValue(10000);
  m_validation->setSingleStep(1000);
  m_validation->setGroupSeparatorShown(true);
  dataForm->addRow(tr("Validation triples:"), m_validation);
  m_maxProfile->setRange(-1, 1000);
  m_maxProfile->setValue(-1);
  m_maxProfile->setSpecialValueText(tr("default"));
  m_maxProfile->setToolTip(tr("Longest profile of a triple (random: 10; guidelines: 0 = the whole history)"));
  dataForm->addRow(tr("Max profile:"), m_maxProfile);
  m_includeProfiles->setChecked(true);
  dataForm->addRow(QString(), m_includeProfiles);

  auto* guide = new QGroupBox(tr("Guideline strategy shares"), this);
  auto* guideGrid = new QGridLayout(guide);
  const QStringList strategyNames = {tr("1 visual, same cluster"), tr("2 single-item visual"),
                                     tr("3 different cluster"),    tr("4 same artist"),
                                     tr("5 profile artist"),       tr("6 fine-grained")};
  for (int i = 0; i < 6; ++i) {
    auto* spin = new QDoubleSpinBox(guide);
    spin->setRange(0, 100);
    spin->setDecimals(2);
    spin->setValue(jobDefaults.shares[static_cast<size_t>(i)]);
    spin->setObjectName(QStringLiteral("share%1").arg(i + 1));
    m_shares[static_cast<size_t>(i)] = spin;
    guideGrid->addWidget(new QLabel(strategyNames[i], guide), i / 2, (i % 2) * 2);
    guideGrid->addWidget(spin, i / 2, (i % 2) * 2 + 1);
  }
  m_clusters->setRange(1, 1000);
  m_clusters->setValue(8);
  guideGrid->addWidget(new QLabel(tr("k-means clusters"), guide), 3, 0);
  guideGrid->addWidget(m_clusters, 3, 1);

  auto* opt = new QGroupBox(tr("Training"), this);
  auto* optForm = new QFormLayout(opt);
  m_epochs->setRange(1, 1000);
  m_epochs->setValue(defaults.maxEpochs);
  m_epochs->setObjectName(QStringLiteral("trainEpochs"));
  optForm->addRow(tr("Epochs:"), m_epochs);
  m_select->addItem(tr("Validation AUC (held-out users)"), QStringLiteral("auc"));
  m_select->addItem(tr("Triple accuracy (tutorial)"), QStringLiteral("triple-accuracy"));
  m_select->setObjectName(QStringLiteral("trainSelect"));
  m_select->setCurrentIndex(std::max(0, m_select->findData(QString::fromStdString(jobDefaults.select))));
  m_select->setToolTip(
      tr("How the best epoch is chosen and the learning rate lowered: by the ranking AUC of the "
         "last basket of a quarter of the users, kept out of training, or by the tutorial's "
         "validation triple accuracy"));
  optForm->addRow(tr("Model selection:"), m_select);
  m_batch->setRange(1, 65536);
  m_batch->setValue(defaults.batchSize);
  optForm->addRow(tr("Batch size:"), m_batch);
  m_lr->setDecimals(6);
  m_lr->setRange(1e-6, 1.0);
  m_lr->setSingleStep(1e-4);
  m_lr->setValue(defaults.learningRate);
  optForm->addRow(tr("Learning rate:"), m_lr);
  m_weightDecay->setDecimals(6);
  m_weightDecay->setRange(0, 1.0);
  m_weightDecay->setSingleStep(1e-4);
  m_weightDecay->setValue(defaults.weightDecay);
  optForm->addRow(tr("Weight decay:"), m_weightDecay);
  m_lrFactor->setDecimals(2);
  m_lrFactor->setRange(0.01, 1.0);
  m_lrFactor->setSingleStep(0.05);
  m_lrFactor->setValue(defaults.lrFactor);
  optForm->addRow(tr("LR factor on plateau:"), m_lrFactor);
  m_patience->setRange(0, 100);
  m_patience->setValue(defaults.patience);
  optForm->addRow(tr("Plateau patience:"), m_patience);
  m_seed->setRange(0, std::numeric_limits<int>::max());
  m_seed->setValue(0);
  m_seed->setObjectName(QStringLiteral("trainSeed"));
  optForm->addRow(tr("Seed:"), m_seed);
  m_threads->setRange(0, 64);
  m_threads->setValue(defaults.threads);
  m_threads->setSpecialValueText(tr("process default"));
  optForm->addRow(tr("Threads:"), m_threads);

  auto* options = new QWidget(this);
  auto* optionsLay = new QVBoxLayout(options);
  optionsLay->setContentsMargins(0, 0, 0, 0);
  optionsLay->addWidget(data);
  optionsLay->addWidget(guide);
  optionsLay->addWidget(opt);
  optionsLay->addStretch(1);

  // --- charts and progress ---
  m_lossSeries->setName(tr("loss"));
  m_accSeries->setName(tr("validation accuracy"));
  m_lrSeries->setName(tr("learning rate"));
  m_accY->setRange(0, 1);
  m_lrY->setLabelFormat(QStringLiteral("%.1e"));
  auto* charts = new QWidget(this);
  auto* chartsLay = new QGridLayout(charts);
  chartsLay->setContentsMargins(0, 0, 0, 0);
  chartsLay->addWidget(lineChart(tr("Training loss"), m_lossSeries, m_lossX, m_lossY, charts), 0, 0);
  chartsLay->addWidget(lineChart(tr("Validation accuracy"), m_accSeries, m_accX, m_accY, charts), 0, 1);
  chartsLay->addWidget(lineChart(tr("Learning rate"), m_lrSeries, m_lrX, m_lrY, charts), 1, 0);
  m_log->setReadOnly(true);
  m_log->setMaximumBlockCount(500);
  m_log->setPlaceholderText(tr("Per-epoch log"));
  chartsLay->addWidget(m_log, 1, 1);

  auto* right = new QWidget(this);
  auto* rightLay = new QVBoxLayout(right);
  rightLay->setContentsMargins(0, 0, 0, 0);
  rightLay->addWidget(charts, 1);
  m_progress->setRange(0, 1000);
  m_progress->setValue(0);
  rightLay->addWidget(m_progress);
  auto* labels = new QHBoxLayout;
  m_throughput->setObjectName(QStringLiteral("throughputLabel"));
  m_eta->setObjectName(QStringLiteral("etaLabel"));
  m_status->setObjectName(QStringLiteral("trainStatus"));
  m_status->setWordWrap(true);
  labels->addWidget(m_status, 1);
  labels->addWidget(m_throughput);
  labels->addWidget(m_eta);
  rightLay->addLayout(labels);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(options);
  split->addWidget(right);
  split->setStretchFactor(1, 1);

  auto* buttons = new QHBoxLayout;
  m_start->setObjectName(QStringLiteral("trainStart"));
  m_cancel->setObjectName(QStringLiteral("trainCancel"));
  auto* close = new QPushButton(tr("Close"), this);
  buttons->addStretch(1);
  buttons->addWidget(m_start);
  buttons->addWidget(m_cancel);
  buttons->addWidget(close);
  m_start->setDefault(true);

  auto* lay = new QVBoxLayout(this);
  lay->addWidget(split, 1);
  lay->addLayout(buttons);
  resize(1100, 720);

  connect(m_start, &QPushButton::clicked, this, &TrainingPanel::start);
  connect(m_cancel, &QPushButton::clicked, this, &TrainingPanel::cancel);
  connect(close, &QPushButton::clicked, this, &QDialog::close);
  connect(m_sampling, &QComboBox::currentIndexChanged, this, &TrainingPanel::updateSamplingWidgets);
  // Worker-thread signals: always queued onto the panel's thread.
  connect(this, &TrainingPanel::batchProgress, this, &TrainingPanel::onBatch, Qt::QueuedConnection);
  connect(this, &TrainingPanel::epochFinished, this, &TrainingPanel::onEpoch, Qt::QueuedConnection);
  connect(this, &TrainingPanel::statusMessage, m_status, &QLabel::setText, Qt::QueuedConnection);
  updateSamplingWidgets();
  setRunning(false);
}

TrainingPanel::~TrainingPanel() {
  // The worker emits this object's signals: stop it and wait (the job's own thread) before the
  // members go.
  delete m_job;
}

void TrainingPanel::setCatalogPath(const QString& path) {
  m_catalogPath = path;
  QString previous = m_embedding->currentData().toString();
  m_embedding->clear();
  try {
    const Catalog c = Catalog::open(path.toStdString(), true);
    for (const EmbeddingInfo& e : c.embeddings())
      m_embedding->addItem(
          tr("%1 (%2-d, %3 artworks)").arg(QString::fromStdString(e.name)).arg(e.dimension).arg(e.count),
          QString::fromStdString(e.name));
    // First shown on the catalog's default embedding (the one rule, core/recommend/embedding_choice.h).
    if (previous.isEmpty()) previous = QString::fromStdString(defaultEmbeddingName(c));
    m_status->setText(m_embedding->count() > 0 ? tr("Ready.")
                                               : tr("The catalog has no embeddings: compute one first."));
    // The default sampling follows the data (issue 15): random sampling needs interactions (or
    // saved profiles, which count as users), so a catalog without any starts on guidelines.
    const bool noUsers = c.interactionCount() == 0 && c.profiles().empty();
    const QString sampling =
        noUsers ? QStringLiteral("guidelines") : QString::fromStdString(TrainingJobConfig().sampling);
    m_sampling->setCurrentIndex(std::max(0, m_sampling->findData(sampling)));
    if (noUsers)
      m_sampling->setToolTip(
          tr("This catalog has no interactions or saved profiles: curatorial guidelines "
             "train a cold-start model from its metadata and visual clusters."));
    else
      m_sampling->setToolTip(QString());
  } catch (const std::exception& e) {
    m_status->setText(tr("Cannot read the catalog: %1").arg(QString::fromStdString(e.what())));
  }
  const int i = m_embedding->findData(previous);
  if (i >= 0) m_embedding->setCurrentIndex(i);
  setRunning(m_running);
}

void TrainingPanel::updateSamplingWidgets() {
  const bool guidelines = m_sampling->currentData().toString() == QLatin1String("guidelines");
  for (QDoubleSpinBox* s : m_shares) s->setEnabled(guidelines && !m_running);
  m_clusters->setEnabled(guidelines && !m_running);
}

void TrainingPanel::setRunning(bool running) {
  m_running = running;
  m_start->setEnabled(!running && !m_catalogPath.isEmpty() && m_embedding->count() > 0);
  m_cancel->setEnabled(running);
  for (QWidget* w : std::initializer_list<QWidget*>{
           m_embedding, m_name, m_overwrite, m_sampling, m_holdOut, m_select, m_maxProfile, m_epochs, m_triples,
           m_validation, m_seed, m_lr, m_weightDecay, m_batch, m_patience, m_lrFactor, m_threads, m_includeProfiles})
    w->setEnabled(!running);
  updateSamplingWidgets();
}

void TrainingPanel::resetCharts() {
  m_lossSeries->clear();
  m_accSeries->clear();
  m_lrSeries->clear();
  for (QValueAxis* x : {m_lossX, m_accX, m_lrX}) setEpochRange(x, m_maxEpochs);
  m_lossY->setRange(0, 1);
  m_lrY->setRange(0, m_lr->value() * 1.1);
  m_log->clear();
  m_throughput->clear();
  m_eta->clear();
  m_progress->setValue(0);
}

void TrainingPanel::start() {
  if (m_running || m_catalogPath.isEmpty()) return;
  TrainingJobConfig config;
  config.embedding = m_embedding->currentData().toString().toStdString();
  config.modelName = m_name->text().trimmed().toStdString();
  config.overwrite = m_overwrite->isChecked();
  config.sampling = m_sampling->currentData().toString().toStdString();
  config.holdOut = m_holdOut->currentData().toString().toStdString();
  config.select = m_select->currentData().toString().toStdString();
  config.trainTriples = m_triples->value();
  config.validationTriples = m_validation->value();
  config.seed = static_cast<uint64_t>(m_seed->value());
  config.maxProfile = m_maxProfile->value();
  for (size_t i = 0; i < 6; ++i) config.shares[i] = m_shares[i]->value();
  config.clusters = m_clusters->value();
  config.includeProfiles = m_includeProfiles->isChecked();
  config.trainer.maxEpochs = m_epochs->value();
  config.trainer.batchSize = m_batch->value();
  config.trainer.learningRate = m_lr->value();
  config.trainer.weightDecay = m_weightDecay->value();
  config.trainer.lrFactor = m_lrFactor->value();
  config.trainer.patience = m_patience->value();
  config.trainer.threads = m_threads->value();
  if (config.modelName.empty()) {
    m_status->setText(tr("Give the model a name."));
    return;
  }
  if (config.sampling == "guidelines") {
    double sum = 0;
    for (double s : config.shares) sum += s;
    if (sum <= 0) {
      m_status->setText(tr("At least one strategy share must be positive."));
      return;
    }
  }

  m_maxEpochs = config.trainer.maxEpochs;
  resetCharts();
  m_lastError.clear();
  m_lastStored = m_lastCancelled = false;
  m_lastBestEpoch = m_lastEpochs = 0;
  m_lastModel = QString::fromStdString(config.modelName);
  m_cancelRequested = false;
  setRunning(true);
  m_status->setText(tr("Starting\u2026"));

  const std::string path = m_catalogPath.toStdString();
  m_job->start(
      [this, path, config](const JobContext& job) {
        Outcome o;
        o.model = QString::fromStdString(config.modelName);
        o.embedding = QString::fromStdString(config.embedding);
        try {
          Catalog catalog = Catalog::open(path);  // this thread's own connection
          const TrainingJobResult r = runTrainingJob(
              catalog, config,
              [this, job, previousBest = -1.0,
               noValidation = config.validationTriples == 0](const TrainingProgress& p) mutable {
                if (p.kind == TrainingProgress::Kind::Epoch) {
                  // The trainer keeps an epoch when its accuracy strictly beats the best so far (start 0).
                  const bool best = noValidation || p.bestValidationAccuracy > std::max(previousBest, 0.0);
                  previousBest = p.bestValidationAccuracy;
                  Q_EMIT epochFinished(p.epoch, p.loss, p.validationAccuracy, p.learningRate, p.triplesPerSecond, best);
                } else {
                  Q_EMIT batchProgress(p.epoch, p.maxEpochs, p.triplesDone, p.triplesTotal, p.loss, p.triplesPerSecond,
                                       p.elapsedSeconds);
                }
                return !job.isCancelled();
              },
              [this](const std::string& s, TrainingStatusKind kind) {
                Q_EMIT statusMessage(QString::fromStdString(s) +
                                     (kind == TrainingStatusKind::Stage ? QStringLiteral("\u2026") : QString()));
              });
          o.stored = r.stored;
          o.cancelled = r.training.cancelled;
          o.bestEpoch = r.training.bestEpoch;
          o.epochs = static_cast<int>(r.training.history.size());
          o.bestAccuracy = r.training.bestValidationAccuracy;
          o.seconds = r.training.seconds;
          o.trainTriples = r.trainTriples;
          o.validationTriples = r.validationTriples;
          for (const std::string& line : r.log) o.log << QString::fromStdString(line);
        } catch (const std::exception& e) {
          o.error = QString::fromStdString(e.what());
        }
        return o;
      },
      [this](const Outcome& o) { onFinished(o); });
}

void TrainingPanel::cancel() {
  if (!m_running) return;
  m_cancelRequested = true;
  m_job->stop();
  m_cancel->setEnabled(false);
  m_status->setText(tr("Cancelling at the next batch\u2026"));
}

void TrainingPanel::onBatch(int epoch, int maxEpochs, qint64 done, qint64 total, double loss, double tps,
                            double elapsed) {
  if (!m_running) return;
  const double perEpoch = static_cast<double>(std::max<qint64>(total, 1));
  const double fraction = ((epoch - 1) * perEpoch + static_cast<double>(done)) / (std::max(1, maxEpochs) * perEpoch);
  m_progress->setValue(static_cast<int>(std::lround(1000 * std::clamp(fraction, 0.0, 1.0))));
  m_progress->setFormat(tr("epoch %1/%2  %p%").arg(epoch).arg(maxEpochs));
  m_throughput->setText(tr("%1 triples/s").arg(formatRate(tps)));
  // Remaining epochs may stop early (LR budget), so this is an upper bound.
  m_eta->setText(
      tr("ETA %1").arg(fraction > 0 ? formatDuration(elapsed * (1 - fraction) / fraction) : QStringLiteral("\u2013")));
  if (!m_cancelRequested) m_status->setText(tr("Training: epoch %1, batch loss %2").arg(epoch).arg(loss, 0, 'f', 4));
}

void TrainingPanel::onEpoch(int epoch, double loss, double accuracy, double lr, double tps, bool best) {
  m_lossSeries->append(epoch, loss);
  m_accSeries->append(epoch, accuracy);
  m_lrSeries->append(epoch, lr);
  for (QValueAxis* x : {m_lossX, m_accX, m_lrX}) setEpochRange(x, std::max(epoch, m_maxEpochs));
  double maxLoss = 0, maxLr = 0;
  for (const QPointF& p : m_lossSeries->points()) maxLoss = std::max(maxLoss, p.y());
  for (const QPointF& p : m_lrSeries->points()) maxLr = std::max(maxLr, p.y());
  m_lossY->setRange(0, maxLoss > 0 ? maxLoss * 1.1 : 1);
  m_lrY->setRange(0, maxLr > 0 ? maxLr * 1.1 : 1);
  m_throughput->setText(tr("%1 triples/s").arg(formatRate(tps)));
  m_log->appendPlainText(tr("epoch %1  loss %2  val acc %3  lr %4%5")
                             .arg(epoch)
                             .arg(loss, 0, 'f', 4)
                             .arg(accuracy, 0, 'f', 4)
                             .arg(lr, 0, 'g', 3)
                             .arg(best ? tr("  (best)") : QString()));
}

void TrainingPanel::onFinished(const Outcome& o) {
  m_lastStored = o.stored;
  m_lastCancelled = o.cancelled;
  m_lastBestEpoch = o.bestEpoch;
  m_lastEpochs = o.epochs;
  m_lastError = o.error;
  for (const QString& line : o.log) m_log->appendPlainText(tr("sampling: %1").arg(line));
  setRunning(false);
  m_eta->clear();
  if (!o.error.isEmpty()) {
    m_status->setText(tr("Training failed: %1").arg(o.error));
  } else if (!o.stored) {
    m_status->setText(tr("Cancelled before the first epoch ended; nothing was stored."));
  } else {
    m_progress->setValue(o.cancelled ? m_progress->value() : 1000);
    m_status->setText(tr("%1 model \u201c%2\u201d: best epoch %3 of %4, validation accuracy %5, %6 "
                         "(%7 training / %8 validation triples).")
                          .arg(o.cancelled ? tr("Cancelled; stored the best checkpoint as") : tr("Stored"))
                          .arg(o.model)
                          .arg(o.bestEpoch)
                          .arg(o.epochs)
                          .arg(o.validationTriples > 0 ? QString::number(o.bestAccuracy, 'f', 4) : tr("n/a"))
                          .arg(formatDuration(o.seconds))
                          .arg(o.trainTriples)
                          .arg(o.validationTriples));
    Q_EMIT modelStored(o.model, o.embedding);
  }
  Q_EMIT runFinished();
}

}  // namespace vitrine
