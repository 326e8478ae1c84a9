#include "services/backgroundjob.h"

#include <QThreadPool>
#include <QTimer>

namespace vitrine {

namespace {
constexpr int kProgressIntervalMs = 50;
}

bool JobContext::isCancelled() const { return state->cancelled.load(); }

ProgressCallback JobContext::progressCallback() const {
  std::shared_ptr<State> s = state;
  return [s](const Progress& p) {
    {
      const std::lock_guard<std::mutex> lock(s->mutex);
      s->latest = p;
    }
    return !s->cancelled.load();
  };
}

BackgroundJob::BackgroundJob(QObject* parent, Thread thread)
    : QObject(parent), m_poll(new QTimer(this)), m_receiver(std::make_shared<Receiver>()) {
  m_receiver->job = this;
  if (thread == Thread::Own) {
    m_ownPool = std::make_unique<QThreadPool>();
    m_ownPool->setMaxThreadCount(1);
  }
  m_poll->setInterval(kProgressIntervalMs);
  connect(m_poll, &QTimer::timeout, this, &BackgroundJob::pollProgress);
}

BackgroundJob::~BackgroundJob() {
  {
    // From here on no worker posts a result to this job (one posted before is removed with it).
    const std::lock_guard<std::mutex> lock(m_receiver->mutex);
    m_receiver->job = nullptr;
  }
  cancel();
  if (m_ownPool) m_ownPool->waitForDone();
}

QThreadPool* BackgroundJob::pool() const { return m_ownPool ? m_ownPool.get() : QThreadPool::globalInstance(); }

JobContext BackgroundJob::begin() {
  if (m_state) m_state->cancelled = true;
  ++m_generation;
  m_running = true;
  JobContext context;
  context.state = std::make_shared<JobContext::State>();
  m_state = context.state;
  m_poll->start();
  return context;
}

void BackgroundJob::end() {
  pollProgress();  // the last report before the result
  m_poll->stop();
  m_running = false;
  m_state.reset();
}

void BackgroundJob::cancel() {
  if (m_state) m_state->cancelled = true;
  m_state.reset();
  ++m_generation;
  m_running = false;
  m_poll->stop();
}

void BackgroundJob::stop() {
  if (m_state) m_state->cancelled = true;
}

void BackgroundJob::pollProgress() {
  if (!m_state) return;
  std::optional<Progress> p;
  {
    const std::lock_guard<std::mutex> lock(m_state->mutex);
    p.swap(m_state->latest);
  }
  if (p) Q_EMIT progress(p->done, p->total, QString::fromStdString(p->message), QString::fromStdString(p->stage));
}

}  // namespace vitrine
