#include "newcatalog/catalogpipeline.h"

#include <QFileInfo>
#include <QPushButton>
#include <QTimer>

#include <mutex>
#include <tuple>

#include "catalog/catalog.h"
#include "ingest/importer.h"
#include "services/backgroundjob.h"
#include "services/tasklist.h"

namespace vitrine {

namespace {

// `file:line: reason — detail`, as vitrine-cli import prints each skipped file or row.
QString issueLine(const ImportIssue& issue) {
  QString line = QString::fromStdString(issue.file);
  if (issue.line > 0) line += QStringLiteral(":%1").arg(issue.line);
  line += QStringLiteral(": ") + QString::fromStdString(issue.reason);
  if (!issue.detail.empty()) line += QStringLiteral(" \u2014 ") + QString::fromStdString(issue.detail);
  return line;
}

CatalogPipeline::StepOutcome importStep(const NewCatalogRequest& r, int batchSize, const JobContext& job) {
  CatalogPipeline::StepOutcome out;
  try {
    Catalog catalog = Catalog::open(r.catalogPath.toStdString());
    ImportOptions o;
    o.imagesDir = r.folder.toStdString();
    o.noMetadata = r.csv.isEmpty();
    o.metadataCsv = r.csv.toStdString();
    o.batchSize = batchSize;
    for (auto it = r.columns.begin(); it != r.columns.end(); ++it)
      o.columns[it.key().toStdString()] = it.value().toStdString();
    const ImportReport report = importImages(catalog, o, job.progressCallback());
    out.summary = QString::fromStdString(report.summary());
    for (const ImportIssue& issue : report.issues) out.issues << issueLine(issue);
    out.cancelled = report.cancelled;
    if (report.imported == 0 && report.alreadyPresent == 0 && !report.cancelled)
      out.error = QObject::tr("nothing could be imported: %1").arg(out.summary);
  } catch (const std::exception& e) {
    out.error = QString::fromStdString(e.what());
  }
  return out;
}

TaskListPanel::State rowState(StepStatus status) {
  switch (status) {
    case StepStatus::Done:
    case StepStatus::AlreadyDone:
      return TaskListPanel::State::Done;
    case StepStatus::Failed:
      return TaskListPanel::State::Failed;
    case StepStatus::Cancelled:
      return TaskListPanel::State::Cancelled;
    case StepStatus::Unavailable:
    case StepStatus::NotRun:
      return TaskListPanel::State::NotRun;
  }
  return TaskListPanel::State::NotRun;
}

QString rowText(const PipelineStepReport& r) {
  QString text = QString::fromStdString(r.detail);
  switch (r.status) {
    case StepStatus::Done:
      return QObject::tr("%1 (%2 s)").arg(text).arg(r.seconds, 0, 'f', 1);
    case StepStatus::AlreadyDone:
      return QObject::tr("Already in the catalog: %1").arg(text);
    case StepStatus::Unavailable:
      return QObject::tr("Unavailable: %1").arg(text);
    case StepStatus::Failed:
      return QObject::tr("Failed: %1").arg(text);
    case StepStatus::Cancelled:
      return QObject::tr("Cancelled: %1").arg(text);
    case StepStatus::NotRun:
      return QObject::tr("Not run");
  }
  return text;
}

}  // namespace

struct CatalogPipeline::RowEvents {
  std::mutex mutex;
  std::vector<std::tuple<QString, int, QString>> events;  // row, TaskListPanel::State, text
};

CatalogPipeline::CatalogPipeline(TaskListPanel* tasks, QObject* parent)
    : QObject(parent),
      m_tasks(tasks),
      m_job(new BackgroundJob(this, BackgroundJob::Thread::Own)),
      m_rowEvents(std::make_shared<RowEvents>()) {
  connect(m_job, &BackgroundJob::progress, this,
          [this](qint64 done, qint64 total, const QString& message, const QString& stage) {
            if (!m_running || m_current >= m_steps.size()) return;
            drainRowEvents();
            QString row = rowForStage(stage);
            if (row.isEmpty() || !m_steps[m_current].rowsOf().contains(row)) row = m_steps[m_current].rowsOf().first();
            if (m_tasks->state(row) == TaskListPanel::State::Waiting)
              m_tasks->setState(row, TaskListPanel::State::Running);
            m_tasks->setProgress(row, done, total, message);
            if (stage == QLatin1String("import")) Q_EMIT artworksLanded();
          });
  // Steps that report no progress for a while still show their end promptly.
  auto* drain = new QTimer(this);
  drain->setInterval(250);
  connect(drain, &QTimer::timeout, this, [this] {
    if (m_running) drainRowEvents();
  });
  drain->start();
  connect(m_tasks, &TaskListPanel::cancelRequested, this, [this](const QString& key) {
    if (m_running && m_current < m_steps.size() && m_steps[m_current].rowsOf().contains(key)) m_job->stop();
  });
}

CatalogPipeline::~CatalogPipeline() = default;

void CatalogPipeline::buildSteps() {
  m_steps.clear();
  const NewCatalogRequest r = m_request;
  const int batch = m_batchSize;
  m_steps.push_back({QStringLiteral("import"),
                     tr("Import images"),
                     [r, batch](const JobContext& job) { return importStep(r, batch, job); },
                     {}});
  // After the import: core's one use case (shared with the first-launch demo).
  const CatalogPipelineConfig config = m_afterImport;
  const std::shared_ptr<RowEvents> events = m_rowEvents;
  m_rowTitles = {{QStringLiteral("embedding"), tr("Default CNN embedding")},
                 {QStringLiteral("clustering"), tr("Visual clusters")},
                 {QStringLiteral("map"), tr("Map")},
                 {QStringLiteral("curatornet"), tr("Cold-start CuratorNet")}};
  auto afterImport = [r, config, events](const JobContext& job) {
    StepOutcome out;
    try {
      Catalog catalog = Catalog::open(r.catalogPath.toStdString());
      const auto stepDone = [events](const PipelineStepReport& step) {
        const std::lock_guard<std::mutex> lock(events->mutex);
        events->events.emplace_back(QString::fromStdString(toString(step.step)),
                                    static_cast<int>(rowState(step.status)), rowText(step));
      };
      const CatalogPipelineReport report = runCatalogPipeline(catalog, config, job.progressCallback(), stepDone);
      out.summary =
          QStringLiteral("\n  ") +
          QString::fromStdString(report.summary()).trimmed().replace(QLatin1Char('\n'), QStringLiteral("\n  "));
      out.embedding = QString::fromStdString(report.embedding);
      out.model = QString::fromStdString(report.modelName);
      out.cancelled = report.cancelled;
      if (!report.cancelled && !report.complete()) {
        for (const PipelineStepReport& s : report.steps)
          if (s.status == StepStatus::Failed && out.error.isEmpty())
            out.error = QString::fromStdString(toString(s.step) + ": " + s.detail);
        if (out.error.isEmpty()) out.error = QObject::tr("not every step could run (%1)").arg(out.summary);
      }
    } catch (const std::exception& e) {
      out.error = QString::fromStdString(e.what());
    }
    return out;
  };
  m_steps.push_back({QStringLiteral("embedding"),
                     tr("After the import"),
                     afterImport,
                     {QStringLiteral("embedding"), QStringLiteral("clustering"), QStringLiteral("map"),
                      QStringLiteral("curatornet")}});
}

bool CatalogPipeline::start(const NewCatalogRequest& request) {
  if (m_running) {
    m_error = tr("The steps of %1 are still running.").arg(m_request.catalogPath);
    return false;
  }
  m_request = request;
  m_error.clear();
  m_summaries.clear();
  m_issues.clear();
  m_resultEmbedding.clear();
  m_resultModel.clear();
  m_completed = false;
  try {
    Catalog::openOrCreate(request.catalogPath.toStdString());  // schema in place before the window opens it
  } catch (const std::exception& e) {
    m_error = tr("Cannot create %1: %2").arg(request.catalogPath, QString::fromStdString(e.what()));
    return false;
  }
  buildSteps();
  m_tasks->reset(tr("New catalog %1").arg(QFileInfo(request.catalogPath).completeBaseName()));
  for (const Step& s : m_steps)
    for (const QString& row : s.rowsOf()) m_tasks->addTask(row, m_rowTitles.value(row, s.title));
  QPushButton* resume = m_tasks->addButton(QStringLiteral("resumeButton"), tr("&Resume"));
  resume->setToolTip(tr("Run the steps again: what is stored is kept and skipped."));
  connect(resume, &QPushButton::clicked, this, [this] { start(m_request); });
  m_running = true;
  Q_EMIT catalogReady(request.catalogPath);
  runStep(0);
  return true;
}

QString CatalogPipeline::rowForStage(const QString& stage) const {
  static const QHash<QString, QString> rows = {{QStringLiteral("import"), QStringLiteral("import")},
                                               {QStringLiteral("embed"), QStringLiteral("embedding")},
                                               {QStringLiteral("cluster"), QStringLiteral("clustering")},
                                               {QStringLiteral("map"), QStringLiteral("map")},
                                               {QStringLiteral("train"), QStringLiteral("curatornet")}};
  return rows.value(stage);
}

void CatalogPipeline::drainRowEvents() {
  std::vector<std::tuple<QString, int, QString>> events;
  {
    const std::lock_guard<std::mutex> lock(m_rowEvents->mutex);
    events.swap(m_rowEvents->events);
  }
  for (const auto& [row, state, text] : events) rowEnded(row, state, text);
}

void CatalogPipeline::rowEnded(const QString& row, int state, const QString& text) {
  if (!m_tasks->hasTask(row)) return;
  m_tasks->setState(row, static_cast<TaskListPanel::State>(state), text);
  Q_EMIT stepEnded(row);
}

void CatalogPipeline::runStep(size_t index) {
  m_current = index;
  const Step& step = m_steps[index];
  m_tasks->setState(step.rowsOf().first(), TaskListPanel::State::Running);
  m_job->start(step.work, [this, index](StepOutcome outcome) { stepDone(index, outcome); });
}

void CatalogPipeline::stepDone(size_t index, const StepOutcome& outcome) {
  drainRowEvents();  // the rows this step settled itself, before the rest take its outcome
  const Step& step = m_steps[index];
  if (!outcome.summary.isEmpty()) m_summaries << QStringLiteral("%1: %2").arg(step.title, outcome.summary);
  m_issues << outcome.issues;
  if (!outcome.embedding.isEmpty()) m_resultEmbedding = outcome.embedding;
  if (!outcome.model.isEmpty()) m_resultModel = outcome.model;
  bool stop = true;
  // Rows the step did not settle itself (rowEnded) take the step's outcome.
  const auto settle = [this, &step](TaskListPanel::State state, const QString& text) {
    for (const QString& row : step.rowsOf()) {
      const TaskListPanel::State now = m_tasks->state(row);
      if (now == TaskListPanel::State::Running)
        m_tasks->setState(row, state, text);
      else if (now == TaskListPanel::State::Waiting)
        m_tasks->setState(row, TaskListPanel::State::NotRun, tr("Not run"));
    }
  };
  if (!outcome.error.isEmpty()) {
    settle(TaskListPanel::State::Failed, tr("Failed: %1").arg(outcome.error));
    m_summaries << QStringLiteral("%1: failed: %2").arg(step.title, outcome.error);
  } else if (outcome.cancelled) {
    settle(TaskListPanel::State::Cancelled, outcome.summary.isEmpty()
                                                ? tr("Cancelled; what was stored is kept (Resume continues).")
                                                : tr("Cancelled: %1").arg(outcome.summary));
  } else {
    settle(TaskListPanel::State::Done, outcome.summary);
    stop = false;
  }
  Q_EMIT stepEnded(step.key);
  if (!stop && index + 1 < m_steps.size()) {
    runStep(index + 1);
    return;
  }
  for (size_t i = index + 1; i < m_steps.size(); ++i)
    for (const QString& row : m_steps[i].rowsOf()) m_tasks->setState(row, TaskListPanel::State::NotRun, tr("Not run"));
  m_running = false;
  m_completed = !stop;
  if (auto* resume = m_tasks->findChild<QPushButton*>(QStringLiteral("resumeButton"))) resume->setVisible(stop);
  Q_EMIT finished(m_completed);
}

QString CatalogPipeline::reportText() const {
  QString text =
      tr("New catalog %1\nImages: %2%3\n")
          .arg(m_request.catalogPath, m_request.folder, m_request.recursive ? tr(" (with subfolders)") : QString());
  if (!m_request.csv.isEmpty()) text += tr("Metadata: %1\n").arg(m_request.csv);
  text += QStringLiteral("\n") + m_summaries.join(QLatin1Char('\n')) + QStringLiteral("\n");
  if (m_issues.isEmpty()) {
    text += tr("\nNo file or row was skipped.\n");
  } else {
    text += tr("\nSkipped files and rows (%1):\n").arg(m_issues.size());
    text += m_issues.join(QLatin1Char('\n')) + QStringLiteral("\n");
  }
  return text;
}

}  // namespace vitrine
