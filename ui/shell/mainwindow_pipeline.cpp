// MainWindow's post-import pipeline (issue 15): runs core/pipeline's use case in the background
// with a progress strip under the toolbar, and shows each piece (embedding, clusters, map,
// CuratorNet model) in its panel as it lands. Kept apart from mainwindow.cpp like the cluster part.
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>

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
    return MainWindow::tr("training a CuratorNet on the catalog\u2019s own metadata (cold start)");
  if (stage == QLatin1String("map")) return MainWindow::tr("laying out the t-SNE map");
  if (stage == QLatin1String("cluster") || stage == QLatin1String("kmeans"))
    return MainWindow::tr("clustering (k chosen by silhouette)");
  return embedding.isEmpty() ? MainWindow::tr("computing the embedding")
                             : MainWindow::tr("computing the %1 embedding").arg(embedding);
}

int stepNumber(const QString& stage) {
  if (stage == QLatin1String("train")) return 4;
  if (stage == QLatin1String("map")) return 3;
  if (stage == QLatin1String("cluster") || stage == QLatin1String("kmeans")) return 2;
  return 1;
}

}  // namespace

void MainWindow::createPipelineBar() {
  m_pipelineJob = new BackgroundJob(this, BackgroundJob::Thread::Own);
  m_pipelineBar = new QToolBar(tr("Background tasks"), this);
  m_pipelineBar->setObjectName(QStringLiteral("pipelineBar"));
  m_pipelineBar->setMovable(false);
  m_pipelineBar->setFloatable(false);
  auto* strip = new QWidget(m_pipelineBar);
  auto* lay = new QHBoxLayout(strip);
  lay->setContentsMargins(8, 2, 8, 2);
  m_pipelineLabel = new QLabel(strip);
  m_pipelineLabel->setObjectName(QStringLiteral("pipelineStatus"));
  m_pipelineLabel->setTextFormat(Qt::PlainText);
  // One line: the strip stays as low as the toolbar above it (details are in the tooltip).
  m_pipelineLabel->setWordWrap(false);
  m_pipelineLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_pipelineLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_pipelineProgress = new QProgressBar(strip);
  m_pipelineProgress->setObjectName(QStringLiteral("pipelineProgress"));
  m_pipelineProgress->setFixedWidth(220);
  m_pipelineProgress->setTextVisible(false);
  m_pipelineCancel = new QPushButton(tr("Cancel"), strip);
  m_pipelineCancel->setObjectName(QStringLiteral("pipelineCancel"));
  m_pipelineCancel->setToolTip(
      tr("Stop after the current step's last committed piece; what is done is kept "
         "and the rest resumes next time"));
  m_pipelineClose = new QPushButton(tr("Dismiss"), strip);
  m_pipelineClose->setObjectName(QStringLiteral("pipelineDismiss"));
  lay->addWidget(m_pipelineLabel, 1);
  lay->addWidget(m_pipelineProgress);
  lay->addWidget(m_pipelineCancel);
  lay->addWidget(m_pipelineClose);
  m_pipelineBar->addWidget(strip);
  addToolBarBreak(Qt::TopToolBarArea);
  addToolBar(Qt::TopToolBarArea, m_pipelineBar);
  m_pipelineBar->hide();
  // Not in View's list of docks and toolbars: it shows itself when there is something to say.
  m_pipelineBar->toggleViewAction()->setVisible(false);

  connect(m_pipelineCancel, &QPushButton::clicked, this, [this] {
    m_pipelineCancel->setEnabled(false);
    m_pipelineLabel->setText(tr("%1: cancelling after the current piece\u2026").arg(m_pipelineTitle));
    m_pipelineJob->stop();  // the report still arrives and says what was kept
  });
  connect(m_pipelineClose, &QPushButton::clicked, m_pipelineBar, &QWidget::hide);
  connect(m_pipelineJob, &BackgroundJob::progress, this,
          [this](qint64 done, qint64 total, const QString& message, const QString& stage) {
            if (!m_pipelineCancel->isEnabled()) return;  // cancelling
            const int n = stepNumber(stage);
            QString line =
                tr("%1 \u2014 step %2 of 4: %3").arg(m_pipelineTitle).arg(n).arg(stepText(stage, m_pipelineEmbedding));
            if (total > 0) line += QStringLiteral(" (%1 of %2)").arg(done).arg(total);
            m_pipelineLabel->setText(line + QStringLiteral("\u2026"));
            m_pipelineLabel->setToolTip(message);
            m_pipelineProgress->setRange(0, total > 0 ? 1000 : 0);
            if (total > 0) m_pipelineProgress->setValue(int(1000 * done / total));
          });
}

bool MainWindow::isPipelineRunning() const { return m_pipelineJob && m_pipelineJob->isRunning(); }

bool MainWindow::runCatalogPipeline(const CatalogPipelineConfig& config, const QString& title,
                                    const PipelineAfterRun& afterRun) {
  if (!m_catalog || m_readOnly) {
    m_lastError = m_catalog ? tr("The catalog is read-only; nothing can be computed.") : tr("No catalog open.");
    return false;
  }
  if (isPipelineRunning()) {
    m_lastError = tr("A pipeline is already running.");
    return false;
  }
  m_pipelineTitle = title;
  m_pipelineEmbedding =
      QString::fromStdString(config.cnnExtractor.empty() ? config.fallbackEmbedding : config.cnnExtractor);
  const QString cnn = QString::fromStdString(config.cnnExtractor);
  m_pipelineLabel->setText(tr("%1 \u2014 starting\u2026").arg(title));
  m_pipelineLabel->setStyleSheet(theme::css(theme::link()));
  m_pipelineProgress->setRange(0, 0);
  m_pipelineProgress->show();
  m_pipelineCancel->setEnabled(true);
  m_pipelineCancel->show();
  m_pipelineClose->hide();
  m_pipelineBar->show();
  m_recommendations->setCuratorPendingNote(
      tr("A CuratorNet model is being trained on this catalog\u2019s own metadata (progress at the top of "
         "the window); it appears here when it is ready."));

  struct Outcome {
    bool complete = false;
    bool cancelled = false;
    QString summary;
    QString error;
    QString cnnUnavailable;
    QString embedding;
  };
  const std::string path = m_catalogPath.toStdString();
  const QPointer<MainWindow> self(this);
  const QString catalogPath = m_catalogPath;
  m_pipelineJob->start(
      [path, config, afterRun, self, catalogPath](const JobContext& job) {
        Outcome o;
        try {
          Catalog c = Catalog::open(path);
          const CatalogPipelineReport r = vitrine::runCatalogPipeline(
              c, config, job.progressCallback(), [self, catalogPath](const PipelineStepReport& s) {
                // Queued to the window; dropped when it is gone.
                const int step = int(s.step), status = int(s.status);
                const QString embedding = QString::fromStdString(s.embedding);
                const QString detail = QString::fromStdString(s.detail);
                const QString model = QString::fromStdString(s.model);
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, catalogPath, step, status, embedding, detail, model] {
                      if (self && self->catalogPath() == catalogPath)
                        self->onPipelineStep(step, status, embedding, model, detail);
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
        m_pipelineSummary = o.error.isEmpty() ? o.summary : o.error;
        m_recommendations->setCuratorPendingNote(QString());
        m_pipelineProgress->hide();
        m_pipelineCancel->hide();
        m_pipelineClose->show();
        QString text;
        if (!o.error.isEmpty()) {
          text = tr("%1 failed: %2").arg(m_pipelineTitle, o.error);
        } else if (o.cancelled) {
          text = tr("%1: cancelled. What was finished is kept; the rest resumes next time.").arg(m_pipelineTitle);
        } else if (!o.complete) {
          text = tr("%1: some steps did not finish (hover for details).").arg(m_pipelineTitle);
        } else if (!o.cnnUnavailable.isEmpty()) {
          text = tr("No CNN weights (%1): clusters, map and CuratorNet use %2 features. To add the CNN, run "
                    "scripts/fetch-cnn-weights.sh build/models and restart Vitrine.")
                     .arg(cnn, o.embedding);
        }
        m_pipelineLabel->setToolTip(
            tr("%1\n\nThe CNN extractor said: %2\nSee docs/cnn-embeddings.md (VITRINE_MODELS_DIR "
               "points at converted models elsewhere).\n\n%3")
                .arg(text, o.cnnUnavailable, m_pipelineSummary));
        if (o.cnnUnavailable.isEmpty()) m_pipelineLabel->setToolTip(m_pipelineSummary);
        if (text.isEmpty()) {
          m_pipelineBar->hide();
          statusBar()->showMessage(
              tr("%1: done (%2 embedding, clusters, map, CuratorNet)").arg(m_pipelineTitle, o.embedding), 8000);
        } else {
          m_pipelineLabel->setStyleSheet(theme::css(theme::text()));
          m_pipelineLabel->setText(text);
        }
        Q_EMIT pipelineFinished(o.complete, m_pipelineSummary);
      });
  return true;
}

void MainWindow::onPipelineStep(int step, int status, const QString& embedding, const QString& model,
                                const QString& detail) {
  const auto s = static_cast<PipelineStep>(step);
  const auto st = static_cast<StepStatus>(status);
  const bool landed = st == StepStatus::Done || st == StepStatus::AlreadyDone;
  if (landed && !embedding.isEmpty()) m_pipelineEmbedding = embedding;
  if (landed) {
    switch (s) {
      case PipelineStep::Embedding:
        // Views follow the pipeline's embedding once the list holds it (the catalog watcher told
        // the new embedding before this step's end arrived, and the catalog info is reloading).
        connect(
            this, &MainWindow::catalogInfoLoaded, this,
            [this, embedding] { m_recommendations->selectEmbedding(embedding); }, Qt::SingleShotConnection);
        break;
      case PipelineStep::Clustering:
        m_clusterPanel->setCatalogPath(m_catalogPath, embedding);
        break;
      case PipelineStep::Map:
        m_mapPanel->setCatalogPath(m_catalogPath, embedding);
        break;
      case PipelineStep::CuratorNet: {
        m_recommendations->setCuratorPendingNote(QString());
        connect(
            this, &MainWindow::catalogInfoLoaded, this, [this, model] { m_recommendations->selectCuratorModel(model); },
            Qt::SingleShotConnection);
        break;
      }
    }
  }
  Q_EMIT pipelineStepLanded(step, status, detail);
}

}  // namespace vitrine
