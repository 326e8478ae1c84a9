#include "evaluation/evaluationpanel.h"
#include "evaluation/evaluationpanel_internal.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QLocale>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "catalog/catalog.h"
#include "recommend/embedding_choice.h"
#include "theme/charttheme.h"
#include "eval/metrics.h"
#include "eval/protocol.h"
#include "eval/runs.h"
#include "eval/statistics.h"
#include "recommend/curatornet.h"
#include "services/catalogwatcher.h"

namespace vitrine {

namespace evalpanel {

QStringList metricColumns(const std::vector<int>& cutoffs) {
  QStringList out;
  for (const std::string& n : metricNames(cutoffs)) out << QString::fromStdString(n);
  return out;
}

QStandardItem* numberItem(std::optional<double> value, int decimals) {
  auto* item = new QStandardItem(value ? QString::number(*value, 'f', decimals) : QStringLiteral("\u2013"));
  if (value) item->setData(*value, Qt::UserRole);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

QStandardItem* intervalItem(double low, double high) {
  auto* item = new QStandardItem(QStringLiteral("[%1, %2]").arg(low, 0, 'f', 5).arg(high, 0, 'f', 5));
  item->setData(low, Qt::UserRole);
  item->setData(high, Qt::UserRole + 1);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

QString pValueText(double p) { return p >= 1e-3 ? QString::number(p, 'f', 4) : QString::number(p, 'e', 2); }

}  // namespace evalpanel

struct EvaluationPanel::Outcome {
  QString error;
  std::shared_ptr<const EvaluationJobResult> typed;  // set unless `error`
};

namespace {

const QStringList kVisRankSpecs = {QStringLiteral("visrank:maximum"), QStringLiteral("visrank:average"),
                                   QStringLiteral("visrank:average_top_k:3")};

QString csvField(const QString& s) {
  if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))) return s;
  QString q = s;
  q.replace(QLatin1String("\""), QLatin1String("\"\""));
  return QLatin1Char('"') + q + QLatin1Char('"');
}

// Runs stored before issue 17 hold means only (no per-case values, summaries or case info).
bool hasPerCaseValues(const EvaluationJobResult& r) {
  return std::all_of(r.entries.begin(), r.entries.end(),
                     [](const EvaluationJobEntry& e) { return !e.result.perCase.empty() && !e.summaries.empty(); });
}

// A stored run read at the edge (core parses its JSON) into the typed result the panel shows.
std::shared_ptr<const EvaluationJobResult> typedRun(const StoredEvaluationRun& r) {
  EvaluationJobResult typed = evaluationJobResultFromJson(r.configJson, r.resultsJson, r.id);
  typed.createdAt = r.createdAt;
  return std::make_shared<const EvaluationJobResult>(std::move(typed));
}

QString runLabel(const EvaluationJobResult& r) {
  QStringList models;
  for (const EvaluationJobEntry& e : r.entries) {
    const QString m = QString::fromStdString(e.spec.toString());
    if (!models.contains(m)) models << m;
  }
  return QStringLiteral("#%1  %2  %3, %4 protocol, %5 cases  \u2014  %6")
      .arg(r.runId)
      .arg(QDateTime::fromSecsSinceEpoch(r.createdAt).toString(QStringLiteral("yyyy-MM-dd HH:mm")))
      .arg(QString::fromStdString(r.embedding), QString::fromStdString(r.protocol))
      .arg(r.cases)
      .arg(models.join(QStringLiteral(", ")));
}

}  // namespace

EvaluationPanel::EvaluationPanel(QWidget* parent)
    : QDialog(parent),
      m_embedding(new QComboBox(this)),
      m_protocol(new QComboBox(this)),
      m_reference(new QCheckBox(tr("Reference (tutorial)"), this)),
      m_standard(new QCheckBox(tr("Standard (textbook)"), this)),
      m_cutoffs(new QLineEdit(QStringLiteral("10,20,50,100,200"), this)),
      m_models(new QListWidget(this)),
      m_chartMetricSet(new QComboBox(this)),
      m_run(new QPushButton(tr("&Run"), this)),
      m_cancel(new QPushButton(tr("&Cancel Run"), this)),
      m_exportCsv(new QPushButton(tr("&Summary CSV\u2026"), this)),
      m_exportJson(new QPushButton(tr("&JSON\u2026"), this)),
      m_exportPerCase(new QPushButton(tr("&Per-Case CSV\u2026"), this)),
      m_resamples(new QSpinBox(this)),
      m_seed(new QSpinBox(this)),
      m_chartCutoff(new QComboBox(this)),
      m_ciNote(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_status(new QLabel(this)),
      m_tabs(new QTabWidget(this)),
      m_results(new QStandardItemModel(this)),
      m_resultsView(new QTableView(this)),
      m_bars(new QBarSeries(this)),
      m_barX(new QBarCategoryAxis(this)),
      m_barY(new QValueAxis(this)),
      m_runs(new QListWidget(this)),
      m_compare(new QPushButton(tr("Compare Selected Runs"), this)),
      m_comparison(new QStandardItemModel(this)),
      m_comparisonView(new QTableView(this)) {
  setWindowTitle(tr("Evaluate Recommenders"));
  setObjectName(QStringLiteral("evaluationPanel"));
  // The parts' objectNames, by which tests (and tools such as accessibility inspectors) find them.
  m_embedding->setObjectName(QStringLiteral("evalEmbedding"));
  m_protocol->setObjectName(QStringLiteral("evalProtocol"));
  m_reference->setObjectName(QStringLiteral("evalReferenceMetrics"));
  m_standard->setObjectName(QStringLiteral("evalStandardMetrics"));
  m_cutoffs->setObjectName(QStringLiteral("evalCutoffs"));
  m_run->setObjectName(QStringLiteral("evalRun"));
  m_cancel->setObjectName(QStringLiteral("evalCancel"));
  m_progress->setObjectName(QStringLiteral("evalProgress"));
  m_status->setObjectName(QStringLiteral("evalStatus"));
  m_tabs->setObjectName(QStringLiteral("evalTabs"));
  m_results->setObjectName(QStringLiteral("evalResultsModel"));
  m_chartMetricSet->setObjectName(QStringLiteral("evalChartMetricSet"));
  m_bars->setObjectName(QStringLiteral("evalBars"));
  m_compare->setObjectName(QStringLiteral("evalCompareRuns"));
  m_comparison->setObjectName(QStringLiteral("evalRunComparisonModel"));
  m_comparisonView->setObjectName(QStringLiteral("evalRunComparison"));

  // --- configuration ---
  auto* config = new QWidget(this);
  auto* form = new QFormLayout(config);
  form->addRow(tr("Embedding:"), m_embedding);
  m_protocol->addItem(tr("Tutorial: last interaction per user"), QStringLiteral("tutorial"));
  m_protocol->addItem(tr("Basket: last basket per user"), QStringLiteral("basket"));
  form->addRow(tr("Protocol:"), m_protocol);
  m_reference->setToolTip(tr("The metrics as the tutorial's reference code computes them"));
  m_standard->setToolTip(tr("Textbook nDCG and AUC over the ranked candidates"));
  m_reference->setChecked(true);
  m_standard->setChecked(true);
  form->addRow(tr("Metrics:"), m_reference);
  form->addRow(QString(), m_standard);
  m_cutoffs->setToolTip(tr("Cutoffs k for P@k, R@k and nDCG@k, comma separated"));
  form->addRow(tr("k values:"), m_cutoffs);
  m_models->setObjectName(QStringLiteral("evalModels"));
  m_models->setMinimumHeight(120);
  form->addRow(tr("Systems:"), m_models);
  // The CLI's defaults (`evaluate --bootstrap N --seed S`): same settings, same intervals.
  const stats::BootstrapOptions bootstrapDefaults;
  m_resamples->setObjectName(QStringLiteral("evalBootstrapResamples"));
  m_resamples->setRange(100, 10000000);
  m_resamples->setSingleStep(1000);
  m_resamples->setGroupSeparatorShown(true);
  m_resamples->setValue(bootstrapDefaults.resamples);
  m_resamples->setToolTip(
      tr("Bootstrap resamples for the 95 % confidence intervals (vitrine-cli evaluate --bootstrap)"));
  form->addRow(tr("Bootstrap resamples:"), m_resamples);
  m_seed->setObjectName(QStringLiteral("evalBootstrapSeed"));
  m_seed->setRange(0, std::numeric_limits<int>::max());
  m_seed->setValue(static_cast<int>(bootstrapDefaults.seed));
  m_seed->setToolTip(tr("Seed of the bootstrap: the same seed gives the same intervals (vitrine-cli evaluate --seed)"));
  form->addRow(tr("Bootstrap seed:"), m_seed);
  auto* runRow = new QHBoxLayout;
  runRow->addWidget(m_run);
  runRow->addWidget(m_cancel);
  form->addRow(runRow);
  form->addRow(m_progress);
  m_status->setWordWrap(true);
  form->addRow(m_status);

  // --- results tab ---
  auto* resultsTab = new QWidget(this);
  auto* resultsLay = new QVBoxLayout(resultsTab);
  m_resultsView->setModel(m_results);
  m_resultsView->setObjectName(QStringLiteral("evalResults"));
  m_resultsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_resultsView->setSortingEnabled(false);
  m_resultsView->setAlternatingRowColors(true);
  m_resultsView->verticalHeader()->setVisible(false);
  m_resultsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_ciNote->setObjectName(QStringLiteral("evalUncertaintyNote"));
  m_ciNote->setWordWrap(true);
  auto* tablePart = new QWidget(resultsTab);
  auto* tableLay = new QVBoxLayout(tablePart);
  tableLay->setContentsMargins(0, 0, 0, 0);
  tableLay->addWidget(m_resultsView, 1);
  tableLay->addWidget(m_ciNote);
  auto* chart = new QChart;
  chart->setTitle(tr("Mean per system with 95 % CI"));
  chart->addSeries(m_bars);
  chart->addAxis(m_barX, Qt::AlignBottom);
  chart->addAxis(m_barY, Qt::AlignLeft);
  m_bars->attachAxis(m_barX);
  m_bars->attachAxis(m_barY);
  m_barY->setRange(0, 1);
  chart->legend()->setAlignment(Qt::AlignBottom);
  theme::styleChart(chart);
  auto* chartView = new QChartView(chart, resultsTab);
  chartView->setRenderHint(QPainter::Antialiasing);
  chartView->setMinimumHeight(240);
  m_chartMetricSet->addItem(tr("Reference metrics"), QStringLiteral("reference"));
  m_chartMetricSet->addItem(tr("Standard metrics"), QStringLiteral("standard"));
  m_chartCutoff->setObjectName(QStringLiteral("evalChartCutoff"));
  m_chartCutoff->setToolTip(tr("Metrics charted: AUC, RR and the @k metrics of one k, or all"));
  m_chartCutoff->setEnabled(false);  // until a run is shown
  m_exportCsv->setObjectName(QStringLiteral("evalExportCsv"));
  m_exportCsv->setToolTip(tr("One row per system and metric set: the means"));
  m_exportPerCase->setObjectName(QStringLiteral("evalExportPerCase"));
  m_exportPerCase->setToolTip(tr("Every case's value (long format, as vitrine-cli evaluate --per-case)"));
  m_exportJson->setObjectName(QStringLiteral("evalExportJson"));
  m_exportJson->setToolTip(
      tr("Configuration, means, standard errors, CIs and the paired comparisons (as vitrine-cli evaluate --json)"));
  auto* exportRow = new QHBoxLayout;
  exportRow->addWidget(new QLabel(tr("Chart:"), resultsTab));
  exportRow->addWidget(m_chartMetricSet);
  exportRow->addWidget(m_chartCutoff);
  exportRow->addStretch(1);
  exportRow->addWidget(new QLabel(tr("Export:"), resultsTab));
  exportRow->addWidget(m_exportCsv);
  exportRow->addWidget(m_exportPerCase);
  exportRow->addWidget(m_exportJson);
  auto* resultsSplit = new QSplitter(Qt::Vertical, resultsTab);
  resultsSplit->addWidget(tablePart);
  resultsSplit->addWidget(chartView);
  resultsSplit->setSizes({300, 360});  // the chart tall enough to read small metrics beside AUC
  resultsLay->addWidget(resultsSplit, 1);
  resultsLay->addLayout(exportRow);
  m_tabs->addTab(resultsTab, tr("Results"));
  m_tabs->addTab(buildPairsTab(), tr("Paired Comparisons"));

  // --- past runs tab ---
  auto* runsTab = new QWidget(this);
  auto* runsLay = new QVBoxLayout(runsTab);
  m_runs->setObjectName(QStringLiteral("evalRuns"));
  m_runs->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_runs->setToolTip(tr("Double-click a run to show it; select two and compare them"));
  auto* runsButtons = new QHBoxLayout;
  auto* show = new QPushButton(tr("Show Run"), runsTab);
  runsButtons->addWidget(show);
  runsButtons->addWidget(m_compare);
  runsButtons->addStretch(1);
  m_comparisonView->setModel(m_comparison);
  m_comparisonView->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_comparisonView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto* runsSplit = new QSplitter(Qt::Vertical, runsTab);
  runsSplit->addWidget(m_runs);
  runsSplit->addWidget(m_comparisonView);
  runsLay->addWidget(runsSplit, 1);
  runsLay->addLayout(runsButtons);
  m_tabs->addTab(runsTab, tr("Past Runs"));

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(config);
  split->addWidget(m_tabs);
  split->setStretchFactor(1, 1);
  split->setSizes({380, 770});
  auto* close = new QPushButton(tr("Close"), this);
  auto* bottom = new QHBoxLayout;
  bottom->addStretch(1);
  bottom->addWidget(close);
  auto* lay = new QVBoxLayout(this);
  lay->addWidget(split, 1);
  lay->addLayout(bottom);
  resize(1240, 760);  // fits a 1280x800 screen

  connect(m_run, &QPushButton::clicked, this, &EvaluationPanel::run);
  connect(m_cancel, &QPushButton::clicked, this, &EvaluationPanel::cancel);
  connect(close, &QPushButton::clicked, this, &QDialog::close);
  connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportWithDialog(0); });
  connect(m_exportJson, &QPushButton::clicked, this, [this] { exportWithDialog(1); });
  connect(m_exportPerCase, &QPushButton::clicked, this, [this] { exportWithDialog(2); });
  connect(m_compare, &QPushButton::clicked, this, &EvaluationPanel::compareSelected);
  connect(show, &QPushButton::clicked, this, [this] {
    if (QListWidgetItem* it = m_runs->currentItem()) showRun(it->data(Qt::UserRole).toLongLong());
  });
  connect(m_runs, &QListWidget::itemDoubleClicked, this,
          [this](QListWidgetItem* it) { showRun(it->data(Qt::UserRole).toLongLong()); });
  connect(m_embedding, &QComboBox::currentIndexChanged, this, &EvaluationPanel::refreshModels);
  connect(m_chartMetricSet, &QComboBox::currentIndexChanged, this, &EvaluationPanel::updateChart);
  connect(m_chartCutoff, &QComboBox::currentIndexChanged, this, &EvaluationPanel::updateChart);
  m_job = new BackgroundJob(this, BackgroundJob::Thread::Own);
  m_compareJob = new BackgroundJob(this, BackgroundJob::Thread::Own);
  connect(m_job, &BackgroundJob::progress, this,
          [this](qint64 done, qint64 total, const QString& what, const QString&) { onProgress(done, total, what); });
  m_watcher = new CatalogWatcher(this);
  connect(m_watcher, &CatalogWatcher::changed, this, [this](const CatalogChange& change) {
    if (change.has(CatalogFamily::EvaluationRuns)) refreshRuns();  // a run stored here or elsewhere
    // Models may have been trained or deleted: re-read them unless a run is going.
    if (change.any(CatalogFamily::Models | CatalogFamily::Embeddings) && !m_running) setCatalogPath(m_catalogPath);
  });
  setRunning(false);
}

// The jobs are children: their destructors cancel and wait for their runs, which hold only their
// own data.
EvaluationPanel::~EvaluationPanel() = default;

void EvaluationPanel::setCatalogPath(const QString& path) {
  m_catalogPath = path;
  if (m_watcher->catalogPath() != path) m_watcher->setCatalogPath(path);
  QString previous = m_embedding->currentData().toString();
  m_curatorModels.clear();
  {
    const QSignalBlocker block(m_embedding);
    m_embedding->clear();
    try {
      const Catalog c = Catalog::open(path.toStdString(), true);
      for (const EmbeddingInfo& e : c.embeddings())
        m_embedding->addItem(tr("%1 (%2-d)").arg(QString::fromStdString(e.name)).arg(e.dimension),
                             QString::fromStdString(e.name));
      if (previous.isEmpty()) {
        // First shown on the embedding the main window opens on: one with a CuratorNet model.
        EmbeddingRequest request;
        request.preferModel = true;
        previous = QString::fromStdString(chooseEmbedding(c, request).name);
      }
      try {
        for (const StoredModelInfo& m : storedModels(c))
          if (m.kind.empty() || m.kind == "curatornet")
            m_curatorModels << QString::fromStdString(m.name) + QLatin1Char('\t') + QString::fromStdString(m.embedding);
      } catch (const std::exception&) {
      }
      m_status->setText(c.interactionCount() > 0
                            ? tr("%1 interactions in the catalog.").arg(c.interactionCount())
                            : tr("No interactions in this catalog: an evaluation holds out users' interactions. "
                                 "Import a CSV with Catalog \u2192 Embeddings\u2026 \u2192 Import Interactions."));
    } catch (const std::exception& e) {
      m_status->setText(tr("Cannot read the catalog: %1").arg(QString::fromStdString(e.what())));
    }
    const int i = m_embedding->findData(previous);
    if (i >= 0) m_embedding->setCurrentIndex(i);
  }
  refreshModels();
  refreshRuns();
  setRunning(m_running);
}

void EvaluationPanel::refreshModels() {
  const QStringList wasChecked = checkedModels();
  const bool first = m_models->count() == 0;
  m_models->clear();
  const QString embedding = m_embedding->currentData().toString();
  QStringList specs = kVisRankSpecs;
  for (const QString& m : m_curatorModels) {
    const QStringList parts = m.split(QLatin1Char('\t'));
    if (parts.value(1) == embedding || parts.value(1).isEmpty()) specs << QStringLiteral("curatornet:") + parts[0];
  }
  for (const QString& spec : specs) {
    auto* it = new QListWidgetItem(spec, m_models);
    it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
    const bool byDefault =
        spec.startsWith(QLatin1String("curatornet:")) || spec == kVisRankSpecs[0] || spec == kVisRankSpecs[1];
    it->setCheckState(
        (first ? byDefault
               : (wasChecked.contains(spec) || (byDefault && spec.startsWith(QLatin1String("curatornet:")))))
            ? Qt::Checked
            : Qt::Unchecked);
  }
}

QStringList EvaluationPanel::availableModels() const {
  QStringList out;
  for (int i = 0; i < m_models->count(); ++i) out << m_models->item(i)->text();
  return out;
}

QStringList EvaluationPanel::checkedModels() const {
  QStringList out;
  for (int i = 0; i < m_models->count(); ++i)
    if (m_models->item(i)->checkState() == Qt::Checked) out << m_models->item(i)->text();
  return out;
}

void EvaluationPanel::setModelChecked(const QString& spec, bool checked) {
  for (int i = 0; i < m_models->count(); ++i)
    if (m_models->item(i)->text() == spec) m_models->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void EvaluationPanel::setRunning(bool running) {
  m_running = running;
  m_run->setEnabled(!running && !m_catalogPath.isEmpty() && m_embedding->count() > 0);
  m_cancel->setEnabled(running);
  for (QWidget* w : std::initializer_list<QWidget*>{m_embedding, m_protocol, m_reference, m_standard, m_cutoffs,
                                                    m_models, m_compare, m_resamples, m_seed})
    w->setEnabled(!running);
  for (QPushButton* b : {m_exportCsv, m_exportJson, m_exportPerCase})
    b->setEnabled(!running && m_current && !m_current->entries.empty());
}

void EvaluationPanel::run() {
  if (m_running || m_catalogPath.isEmpty()) return;
  EvaluationJobConfig config;
  config.embedding = m_embedding->currentData().toString().toStdString();
  config.protocol =
      m_protocol->currentData().toString() == QLatin1String("basket") ? Protocol::Basket : Protocol::Tutorial;
  config.metricSets.clear();
  if (m_reference->isChecked()) config.metricSets.push_back(MetricSet::Reference);
  if (m_standard->isChecked()) config.metricSets.push_back(MetricSet::Standard);
  config.models.clear();
  config.source = "gui";
  config.bootstrap.resamples = m_resamples->value();
  config.bootstrap.seed = static_cast<uint64_t>(m_seed->value());
  try {
    for (const QString& s : checkedModels()) config.models.push_back(RankerSpec::parse(s.toStdString()));
    config.cutoffs = parseCutoffList(m_cutoffs->text().toStdString());
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    m_status->setText(m_lastError);
    return;
  }
  if (config.metricSets.empty() || config.models.empty()) {
    m_lastError = tr("Choose at least one metric set and one system.");
    m_status->setText(m_lastError);
    return;
  }
  m_lastError.clear();
  m_lastCancelled = false;
  m_cancelling = false;
  m_progress->setRange(0, 1000);
  m_progress->setValue(0);
  m_status->setText(tr("Evaluating\u2026"));
  setRunning(true);

  const std::string path = m_catalogPath.toStdString();
  m_job->start(
      [path, config](const JobContext& context) {
        Outcome o;
        try {
          bool writable = true;
          std::unique_ptr<Catalog> catalog;
          try {
            catalog = std::make_unique<Catalog>(Catalog::open(path));
          } catch (const std::exception&) {
            catalog = std::make_unique<Catalog>(Catalog::open(path, true));  // read-only media: run, don't store
            writable = false;
          }
          o.typed = std::make_shared<const EvaluationJobResult>(
              runEvaluationJob(*catalog, config, context.progressCallback(), writable));
        } catch (const std::exception& e) {
          o.error = QString::fromStdString(e.what());
        }
        return o;
      },
      [this](const Outcome& o) { onFinished(o); });
}

void EvaluationPanel::cancel() {
  if (!m_running) return;
  m_cancelling = true;
  m_job->stop();  // the run returns its complete results so far
  m_cancel->setEnabled(false);
  m_status->setText(tr("Cancelling\u2026"));
}

void EvaluationPanel::onProgress(qint64 done, qint64 total, const QString& what) {
  if (!m_running) return;
  m_progress->setValue(total > 0 ? static_cast<int>(1000 * done / total) : 0);
  if (!m_cancelling) m_status->setText(tr("Evaluating %1\u2026").arg(what));
}

void EvaluationPanel::onFinished(const Outcome& o) {
  m_lastError = o.error;
  m_lastCancelled = o.typed && o.typed->cancelled;
  m_lastRunId = o.typed ? o.typed->runId : 0;
  m_running = false;
  if (!o.error.isEmpty()) {
    m_status->setText(tr("Evaluation failed: %1").arg(o.error));
  } else {
    const EvaluationJobResult& r = *o.typed;
    showResults(o.typed);
    m_progress->setValue(r.cancelled ? m_progress->value() : 1000);
    if (r.cancelled)
      m_status->setText(tr("Cancelled: %1 complete result(s) shown, run not stored.").arg(r.entries.size()));
    else
      m_status->setText(r.runId > 0 ? tr("Done: %1 cases; stored as run #%2.").arg(r.cases).arg(r.runId)
                                    : tr("Done: %1 cases (read-only catalog: not stored).").arg(r.cases));
    // The stored run is listed by m_watcher (it told the commit before this result arrived).
  }
  setRunning(false);
  Q_EMIT runFinished();
}

void EvaluationPanel::showResults(std::shared_ptr<const EvaluationJobResult> run) {
  m_current = std::move(run);
  // The chart's k choice: AUC and RR with the @k metrics of one cutoff (legible), or all.
  {
    const QString previous = m_chartCutoff->currentData().toString();
    const QSignalBlocker block(m_chartCutoff);
    m_chartCutoff->clear();
    for (int k : m_current->cutoffs) m_chartCutoff->addItem(tr("k = %1").arg(k), QString::number(k));
    m_chartCutoff->addItem(tr("All k"), QStringLiteral("all"));
    const int i = m_chartCutoff->findData(previous);
    m_chartCutoff->setCurrentIndex(i >= 0 ? i : 0);
    m_chartCutoff->setEnabled(!m_current->cutoffs.empty());
  }
  fillResultsTable();
  updateChart();
  for (QPushButton* b : {m_exportCsv, m_exportJson, m_exportPerCase})
    b->setEnabled(!m_running && !m_current->entries.empty());
  refreshPairChoices();
  recomputeComparisons();
}

// Long format, grouped so that systems sit next to each other on every metric: one row per
// (metric set, metric, system) with the mean, its standard error and the bootstrap 95 % CI.
void EvaluationPanel::fillResultsTable() {
  m_results->clear();
  m_results->setHorizontalHeaderLabels(
      {tr("Metric set"), tr("Metric"), tr("System"), tr("Cases"), tr("Mean"), tr("SE"), tr("95 % CI")});
  if (!m_current) return;
  const std::vector<std::string> metrics = metricNames(m_current->cutoffs);
  std::vector<MetricSet> sets;
  for (const EvaluationJobEntry& e : m_current->entries)
    if (std::find(sets.begin(), sets.end(), e.result.metricSet) == sets.end()) sets.push_back(e.result.metricSet);
  bool anySummary = false;
  for (MetricSet set : sets)
    for (const std::string& name : metrics)
      for (const EvaluationJobEntry& e : m_current->entries) {
        const auto mean = e.result.metrics.find(name);
        if (e.result.metricSet != set || mean == e.result.metrics.end()) continue;
        const auto summary = std::find_if(e.summaries.begin(), e.summaries.end(),
                                          [&](const MetricSummary& m) { return m.metric == name; });
        QList<QStandardItem*> row;
        auto* system = new QStandardItem(QString::fromStdString(e.spec.toString()));
        system->setToolTip(QString::fromStdString(e.result.model));
        row << new QStandardItem(QString::fromStdString(toString(set)))
            << new QStandardItem(QString::fromStdString(name)) << system
            << evalpanel::numberItem(static_cast<double>(e.result.cases), 0) << evalpanel::numberItem(mean->second, 5);
        if (summary == e.summaries.end()) {
          row << evalpanel::numberItem(std::nullopt, 5) << evalpanel::numberItem(std::nullopt, 5);
        } else {
          anySummary = true;
          row << evalpanel::numberItem(summary->standardError, 5)
              << evalpanel::intervalItem(summary->ci95.low, summary->ci95.high);
        }
        m_results->appendRow(row);
      }
  m_ciNote->setText(
      anySummary ? tr("Mean over %1 cases; SE: standard error of the mean; 95 % CI: percentile bootstrap of the mean, "
                      "%2 resamples, seed %3.")
                       .arg(m_current->cases)
                       .arg(QLocale().toString(m_current->bootstrap.resamples))
                       .arg(m_current->bootstrap.seed)
      : m_current->entries.empty()
          ? QString()
          : tr("This run was stored before per-case values were kept: means only, no SE or CI."));
}

bool EvaluationPanel::exportCsv(const QString& path) {
  if (!m_current || m_current->entries.empty()) {
    m_lastError = tr("No results to export.");
    return false;
  }
  const EvaluationJobResult& run = *m_current;
  const std::vector<std::string> metrics = metricNames(run.cutoffs);
  QStringList cutoffs;
  for (int k : run.cutoffs) cutoffs << QString::number(k);
  QString out;
  QStringList header = {QStringLiteral("run_id"),     QStringLiteral("catalog"),     QStringLiteral("embedding"),
                        QStringLiteral("protocol"),   QStringLiteral("max_profile"), QStringLiteral("items"),
                        QStringLiteral("cutoffs"),    QStringLiteral("model"),       QStringLiteral("name"),
                        QStringLiteral("metric_set"), QStringLiteral("cases")};
  for (const std::string& m : metrics) header << QString::fromStdString(m);
  out += header.join(QLatin1Char(',')) + QLatin1Char('\n');
  for (const EvaluationJobEntry& e : run.entries) {
    QStringList row = {run.runId > 0 ? QString::number(run.runId) : QString(),
                       csvField(QString::fromStdString(run.catalogPath)),
                       csvField(QString::fromStdString(run.embedding)),
                       QString::fromStdString(run.protocol),
                       QString::number(run.maxProfile),
                       QString::number(run.items),
                       cutoffs.join(QLatin1Char(';')),
                       csvField(QString::fromStdString(e.spec.toString())),
                       csvField(QString::fromStdString(e.result.model)),
                       QString::fromStdString(toString(e.result.metricSet)),
                       QString::number(e.result.cases)};
    for (const std::string& name : metrics) {
      const auto v = e.result.metrics.find(name);
      row << (v == e.result.metrics.end() ? QString() : QString::number(v->second, 'g', 10));
    }
    out += row.join(QLatin1Char(',')) + QLatin1Char('\n');
  }
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(out.toUtf8()) < 0 || !f.commit()) {
    m_lastError = tr("Cannot write %1").arg(path);
    return false;
  }
  return true;
}

bool EvaluationPanel::exportJson(const QString& path) {
  if (!m_current || m_current->entries.empty()) {
    m_lastError = tr("No results to export.");
    return false;
  }
  if (!hasPerCaseValues(*m_current)) {
    m_lastError =
        tr("This run was stored before per-case values were kept, so it has no SE, CI or "
           "comparisons for the JSON document; run the evaluation again.");
    return false;
  }
  EvaluationJobResult doc = *m_current;
  try {
    if (m_compareJob->isRunning()) {
      // The chosen pairs' comparisons belong in the document: compute them now rather than wait.
      m_compareJob->cancel();
      m_comparisons = compareJobEntries(m_current->entries, m_pairs, m_current->bootstrap);
      m_comparing = false;
      fillPairsTable();
      Q_EMIT comparisonsUpdated();
    }
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  doc.comparisons = m_comparisons;
  QByteArray text;
  try {
    text = QByteArray::fromStdString(evaluationDocumentJson(doc, {}, {}, 2) + "\n");
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(text) < 0 || !f.commit()) {
    m_lastError = tr("Cannot write %1: %2").arg(path, f.errorString());
    return false;
  }
  return true;
}

bool EvaluationPanel::exportPerCaseCsv(const QString& path) {
  if (!m_current || m_current->entries.empty()) {
    m_lastError = tr("No results to export.");
    return false;
  }
  if (!hasPerCaseValues(*m_current)) {
    m_lastError = tr("This run was stored before per-case values were kept; run the evaluation again.");
    return false;
  }
  try {
    writePerCaseCsv(path.toStdString(), *m_current);
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  return true;
}

void EvaluationPanel::exportWithDialog(int kind) {
  const QString title = kind == 1   ? tr("Export Evaluation as JSON")
                        : kind == 2 ? tr("Export Per-Case Values as CSV")
                                    : tr("Export Evaluation Summary as CSV");
  const QString suggested = kind == 1   ? QStringLiteral("evaluation.json")
                            : kind == 2 ? QStringLiteral("evaluation-per-case.csv")
                                        : QStringLiteral("evaluation.csv");
  const QString path =
      m_saveFileName
          ? m_saveFileName(title, suggested)
          : QFileDialog::getSaveFileName(this, title, suggested, kind == 1 ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
  if (path.isEmpty()) return;
  const bool ok = kind == 1 ? exportJson(path) : kind == 2 ? exportPerCaseCsv(path) : exportCsv(path);
  if (ok) m_lastError.clear();
  m_status->setText(ok ? tr("Wrote %1").arg(path) : m_lastError);
}

void EvaluationPanel::refreshRuns() {
  m_runs->clear();
  if (m_catalogPath.isEmpty()) return;
  try {
    const Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
    for (const StoredEvaluationRun& r : evaluationRuns(c)) {
      QString label;
      try {
        label = runLabel(*typedRun(r));
      } catch (const std::exception& e) {  // one damaged row does not hide the others
        label = tr("#%1  (cannot be read: %2)").arg(r.id).arg(QString::fromStdString(e.what()));
      }
      auto* it = new QListWidgetItem(label, m_runs);
      it->setData(Qt::UserRole, static_cast<qint64>(r.id));
    }
  } catch (const std::exception& e) {
    m_status->setText(tr("Cannot list past runs: %1").arg(QString::fromStdString(e.what())));
  }
}

QList<qint64> EvaluationPanel::pastRunIds() const {
  QList<qint64> ids;
  for (int i = 0; i < m_runs->count(); ++i) ids << m_runs->item(i)->data(Qt::UserRole).toLongLong();
  return ids;
}

bool EvaluationPanel::showRun(qint64 id) {
  try {
    const Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
    for (const StoredEvaluationRun& r : evaluationRuns(c)) {
      if (r.id != id) continue;
      showResults(typedRun(r));
      m_tabs->setCurrentIndex(0);
      return true;
    }
    m_lastError = tr("No evaluation run #%1").arg(id);
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
  }
  return false;
}

void EvaluationPanel::compareSelected() {
  const QList<QListWidgetItem*> selected = m_runs->selectedItems();
  if (selected.size() != 2) {
    m_status->setText(tr("Select exactly two past runs to compare."));
    return;
  }
  qint64 a = selected[0]->data(Qt::UserRole).toLongLong(), b = selected[1]->data(Qt::UserRole).toLongLong();
  if (a > b) std::swap(a, b);  // older run first
  if (!compareRuns(a, b)) m_status->setText(m_lastError);
}

bool EvaluationPanel::compareRuns(qint64 a, qint64 b) {
  std::map<qint64, std::shared_ptr<const EvaluationJobResult>> runs;
  try {
    const Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
    for (const StoredEvaluationRun& r : evaluationRuns(c))
      if (r.id == a || r.id == b) runs[r.id] = typedRun(r);
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  if (!runs.count(a) || !runs.count(b)) {
    m_lastError = tr("Evaluation run #%1 not found").arg(runs.count(a) ? b : a);
    return false;
  }
  // Long format: one row per (system, metric set, metric), the two runs side by side.
  using Key = std::tuple<QString, QString, QString>;
  std::vector<Key> order;
  std::map<Key, std::pair<std::optional<double>, std::optional<double>>> values;
  for (int side = 0; side < 2; ++side) {
    const EvaluationJobResult& r = *runs[side == 0 ? a : b];
    for (const EvaluationJobEntry& e : r.entries)
      for (const std::string& name : metricNames(r.cutoffs)) {
        const auto m = e.result.metrics.find(name);
        if (m == e.result.metrics.end()) continue;
        const Key key{QString::fromStdString(e.spec.toString()), QString::fromStdString(toString(e.result.metricSet)),
                      QString::fromStdString(name)};
        if (!values.count(key)) order.push_back(key);
        (side == 0 ? values[key].first : values[key].second) = m->second;
      }
  }
  m_comparison->clear();
  m_comparison->setHorizontalHeaderLabels({tr("System"), tr("Metric set"), tr("Metric"), tr("Run #%1").arg(a),
                                           tr("Run #%1").arg(b), tr("\u0394 (#%1 \u2212 #%2)").arg(b).arg(a)});
  const auto number = [](const std::optional<double>& v) {
    auto* item = new QStandardItem(v ? QString::number(*v, 'f', 5) : QStringLiteral("\u2013"));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
  };
  for (const Key& key : order) {
    const auto& [va, vb] = values[key];
    std::optional<double> delta;
    if (va && vb) delta = *vb - *va;
    m_comparison->appendRow({new QStandardItem(std::get<0>(key)), new QStandardItem(std::get<1>(key)),
                             new QStandardItem(std::get<2>(key)), number(va), number(vb), number(delta)});
  }
  m_tabs->setCurrentIndex(1);
  return true;
}

}  // namespace vitrine
