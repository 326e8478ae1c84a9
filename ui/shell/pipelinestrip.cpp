#include "shell/pipelinestrip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

#include <exception>

#include "catalog/catalog.h"
#include "clusters/clusterview.h"
#include "map/mapview.h"
#include "pipeline/catalog_pipeline.h"
#include "recommendations/recommendationspanel.h"
#include "services/backgroundjob.h"
#include "shell/mainwindow.h"
#include "theme/theme.h"

namespace vitrine {

namespace {

QString stepText(const QString& stage, const QString& embedding) {
  if (stage == QLatin1String("train"))
    return PipelineStrip::tr("training a CuratorNet on the catalog\u2019s own metadata (cold start)");
  if (stage == QLatin1String("map")) return PipelineStrip::tr("laying out the t-SNE map");
  if (stage == QLatin1String("cluster") || stage == QLatin1String("kmeans"))
    return PipelineStrip::tr("clustering (k chosen by silhouette)");
  return embedding.isEmpty() ? PipelineStrip::tr("computing the embedding")
                             : PipelineStrip::tr("computing the %1 embedding").arg(embedding);
}

int stepNumber(const QString& stage) {
  if (stage == QLatin1String("train")) return 4;
  if (stage == QLatin1String("map")) return 3;
  if (stage == QLatin1String("cluster") || stage == QLatin1String("kmeans")) return 2;
  return 1;
}

// What a run hands back to the GUI thread.
struct Outcome {
  bool complete = false;
  bool cancelled = false;
  QString summary;
  QString error;
  QString cnnUnavailable;
  QString embedding;
};

}  // namespace

PipelineStrip::PipelineStrip(MainWindow* window, RecommendationsPanel* recommendations, ClusterPanel* clusters,
                             MapPanel* map)
    : QToolBar(tr("Background tasks"), window),
      m_window(window),
      m_recommendations(recommendations),
      m_clusters(clusters),
      m_map(map),
      m_job(new BackgroundJob(this, BackgroundJob::Thread::Own)) {
  setObjectName(QStringLiteral("pipelineBar"));
  setMovable(false);
  setFloatable(false);
  auto* strip = new QWidget(this);
  auto* lay = new QHBoxLayout(strip);
  lay->setContentsMargins(8, 2, 8, 2);
  m_label = new QLabel(strip);
  m_label->setObjectName(QStringLiteral("pipelineStatus"));
  m_label->setTextFormat(Qt::PlainText);
  // One line: the strip stays as low as the toolbar above it (details are in the tooltip).
  m_label->setWordWrap(false);
  m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_progress = new QProgressBar(strip);
  m_progress->setObjectName(QStringLiteral("pipelineProgress"));
  m_progress->setFixedWidth(220);
  m_progress->setTextVisible(false);
  m_cancel = new QPushButton(tr("Cancel"), strip);
  m_cancel->setObjectName(QStringLiteral("pipelineCancel"));
  m_cancel->setToolTip(
      tr("Stop after the current step's last committed piece; what is done is kept "
         "and the rest resumes next time"));
  m_dismiss = new QPushButton(tr("Dismiss"), strip);
  m_dismiss->setObjectName(QStringLiteral("pipelineDismiss"));
  lay->addWidget(m_label, 1);
  lay->addWidget(m_progress);
  lay->addWidget(m_cancel);
  lay->addWidget(m_dismiss);
  addWidget(strip);
  hide();
  // Not in View's list of docks and toolbars: it shows itself when there is something to say.
  toggleViewAction()->setVisible(false);

  connect(m_cancel, &QPushButton::clicked, this, [this] {
    m_cancel->setEnabled(false);
    m_label->setText(tr("%1: cancelling after the current piece\u2026").arg(m_title));
    if (m_job) m_job->stop();  // the report still arrives and says what was kept
  });
  connect(m_dismiss, &QPushButton::clicked, this, &QWidget::hide);
  connect(m_job, &BackgroundJob::progress, this,
          [this](qint64 done, qint64 total, const QString& message, const QString& stage) {
            if (!m_cancel->isEnabled()) return;  // cancelling
            QString line =
                tr("%1 \u2014 step %2 of 4: %3").arg(m_title).arg(stepNumber(stage)).arg(stepText(stage, m_embedding));
            if (total > 0) line += QStringLiteral(" (%1 of %2)").arg(done).arg(total);
            m_label->setText(line + QStringLiteral("\u2026"));
            m_label->setToolTip(message);
            m_progress->setRange(0, total > 0 ? 1000 : 0);
            if (total > 0) m_progress->setValue(int(1000 * done / total));
          });
}

PipelineStrip::~PipelineStrip() { shutDown(); }

void PipelineStrip::shutDown() {
  delete m_job;  // waits for a running pipeline's worker
  m_job = nullptr;
}

bool PipelineStrip::isRunning() const { return m_job && m_job->isRunning(); }

bool PipelineStrip::run(const QString& catalogPath, const CatalogPipelineConfig& config, const QString& title,
                        const AfterRun& afterRun, QString* error) {
  if (!m_job || isRunning()) {
    if (error) *error = tr("A pipeline is already running.");
    return false;
  }
  m_title = title;
  m_embedding = QString::fromStdString(config.cnnExtractor.empty() ? config.fallbackEmbedding : config.cnnExtractor);
  const QString cnn = QString::fromStdString(config.cnnExtractor);
  m_label->setText(tr("%1 \u2014 starting\u2026").arg(title));
  m_label->setStyleSheet(theme::css(theme::link()));
  m_progress->setRange(0, 0);
  m_progress->show();
  m_cancel->setEnabled(true);
  m_cancel->show();
  m_dismiss->hide();
  show();
  m_recommendations->setCuratorPendingNote(
      tr("A CuratorNet model is being trained on this catalog\u2019s own metadata (progress at the top of "
         "the window); it appears here when it is ready."));

  const std::string path = catalogPath.toStdString();
  const QPointer<PipelineStrip> self(this);
  m_job->start(
      [path, config, afterRun, self, catalogPath](const JobContext& job) {
        Outcome o;
        try {
          Catalog c = Catalog::open(path);
          const CatalogPipelineReport r = vitrine::runCatalogPipeline(
              c, config, job.progressCallback(), [self, catalogPath](const PipelineStepReport& s) {
                // Queued to the strip; dropped when it is gone or another catalog is open.
                const int step = int(s.step), status = int(s.status);
                const QString embedding = QString::fromStdString(s.embedding);
                const QString detail = QString::fromStdString(s.detail);
                const QString model = QString::fromStdString(s.model);
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, catalogPath, step, status, embedding, detail, model] {
                      if (self && self->m_window->catalogPath() == catalogPath)
                        self->onStep(step, status, embedding, model, detail);
                    },
                    Qt::QueuedConnection);
              });
          if (afterRun) afterRun(c, r);
          o.complete = r.complete();
          o.cancelled = r.cancelled;
          o.summary = QString::fromStdString(r.summary());
          o.cnnUnavailable = QString::fromStdString(r.cnnUnavailable);
          o.embedding = QString::fromStdString(r.embedding);
        } catch (const std::exception& e) {
          o.error = QString::fromStdString(e.what());
        }
        return o;
      },
      [this, cnn](const Outcome& o) {
        m_summary = o.error.isEmpty() ? o.summary : o.error;
        m_recommendations->setCuratorPendingNote(QString());
        m_progress->hide();
        m_cancel->hide();
        m_dismiss->show();
        QString text;
        if (!o.error.isEmpty()) {
          text = tr("%1 failed: %2").arg(m_title, o.error);
        } else if (o.cancelled) {
          text = tr("%1: cancelled. What was finished is kept; the rest resumes next time.").arg(m_title);
        } else if (!o.complete) {
          text = tr("%1: some steps did not finish (hover for details).").arg(m_title);
        } else if (!o.cnnUnavailable.isEmpty()) {
          text = tr("No CNN weights (%1): clusters, map and CuratorNet use %2 features. To add the CNN, run "
                    "scripts/fetch-cnn-weights.sh build/models and restart Vitrine.")
                     .arg(cnn, o.embedding);
        }
        m_label->setToolTip(o.cnnUnavailable.isEmpty()
                                ? m_summary
                                : tr("%1\n\nThe CNN extractor said: %2\nSee docs/cnn-embeddings.md "
                                     "(VITRINE_MODELS_DIR points at converted models elsewhere).\n\n%3")
                                      .arg(text, o.cnnUnavailable, m_summary));
        if (text.isEmpty()) {
          hide();
          m_window->statusBar()->showMessage(
              tr("%1: done (%2 embedding, clusters, map, CuratorNet)").arg(m_title, o.embedding), 8000);
        } else {
          m_label->setStyleSheet(theme::css(theme::text()));
          m_label->setText(text);
        }
        Q_EMIT finished(o.complete, m_summary);
      });
  return true;
}

void PipelineStrip::onStep(int step, int status, const QString& embedding, const QString& model,
                           const QString& detail) {
  const auto st = static_cast<StepStatus>(status);
  if (st == StepStatus::Done || st == StepStatus::AlreadyDone) {
    if (!embedding.isEmpty()) m_embedding = embedding;
    const QString path = m_window->catalogPath();
    switch (static_cast<PipelineStep>(step)) {
      case PipelineStep::Embedding:
        // Views follow the pipeline's embedding once the list holds it (the catalog watcher told
        // the new embedding before this step's end arrived, and the catalog info is reloading).
        connect(
            m_window, &MainWindow::catalogInfoLoaded, this,
            [this, embedding] { m_recommendations->selectEmbedding(embedding); }, Qt::SingleShotConnection);
        break;
      case PipelineStep::Clustering:
        m_clusters->setCatalogPath(path, embedding);
        break;
      case PipelineStep::Map:
        m_map->setCatalogPath(path, embedding);
        break;
      case PipelineStep::CuratorNet:
        m_recommendations->setCuratorPendingNote(QString());
        connect(
            m_window, &MainWindow::catalogInfoLoaded, this,
            [this, model] { m_recommendations->selectCuratorModel(model); }, Qt::SingleShotConnection);
        break;
    }
  }
  Q_EMIT stepLanded(step, status, detail);
}

}  // namespace vitrine
