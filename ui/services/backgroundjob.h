#pragma once
#include <QFuture>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "common/progress.h"

class QThreadPool;
class QTimer;

namespace vitrine {

// What a job's work function sees on its worker thread.
class JobContext {
 public:
  // True once the run was cancelled or replaced by a newer one: stop at the next safe point.
  bool isCancelled() const;
  // A core ProgressCallback for this run: the latest report reaches BackgroundJob::progress on
  // the GUI thread (at most every 50 ms); it answers false once the run is cancelled.
  ProgressCallback progressCallback() const;

  struct State {
    std::atomic<bool> cancelled{false};
    std::mutex mutex;
    std::optional<Progress> latest;  // guarded by mutex; taken by the GUI thread
  };
  std::shared_ptr<State> state;
};

// The one way the ui runs long work off the GUI thread: start() runs `work(const JobContext&)` on
// the shared thread pool and hands its result to `done(result)` on this object's (GUI) thread.
// Latest wins: starting again cancels the run before it and drops its result, so `done` only ever
// sees the newest run. Progress reports arrive as progress(); cancel() stops the current run.
// Destroying the job cancels its run and never calls `done` (the work itself finishes in the pool
// with only its own captured data). `work` must return a copyable value (e.g. a result struct).
class BackgroundJob : public QObject {
  Q_OBJECT

 public:
  // Short jobs share the application's thread pool. A job that may run for minutes (training,
  // evaluation) asks for its own thread so it never starves the short ones; destroying such a job
  // waits for its cancelled work to stop.
  enum class Thread { Shared, Own };
  explicit BackgroundJob(QObject* parent = nullptr, Thread thread = Thread::Shared);
  ~BackgroundJob() override;

  template <class Work, class Done>
  quint64 start(Work work, Done done) {
    using Result = std::invoke_result_t<Work&, const JobContext&>;
    static_assert(!std::is_void_v<Result>, "the work function returns its result");
    const JobContext context = begin();
    const quint64 generation = m_generation;
    // The result is handed over from the worker under the receiver's lock, so it is never posted
    // to a job being destroyed on the GUI thread (QFuture::then(context) in Qt 6.4 can do that:
    // its QPointer check and the post race with the context's destructor).
    (void)QtConcurrent::run(
        pool(), [context, work = std::move(work), receiver = m_receiver, generation, done = std::move(done)]() mutable {
          Result result = work(context);
          const std::lock_guard<std::mutex> lock(receiver->mutex);
          if (!receiver->job) return;  // the job is gone: drop the result
          BackgroundJob* job = receiver->job;
          QMetaObject::invokeMethod(
              job,
              [job, generation, done = std::move(done), result = std::move(result)]() mutable {
                if (generation != job->m_generation) return;  // a newer run replaced this one
                job->end();
                done(std::move(result));
                Q_EMIT job->finished();
              },
              Qt::QueuedConnection);
        });
    return generation;
  }

  // Cancels the current run: its result is dropped and its progress callback answers false.
  void cancel();
 public Q_SLOTS:
  // Asks the current run to stop at its next safe point (its progress callback answers false);
  // unlike cancel() its result is still delivered (e.g. a partial import report).
  void stop();

 public:
  bool isRunning() const { return m_running; }

 Q_SIGNALS:
  // The current run's latest progress (done of total, 0 = unknown, with its message and stage).
  void progress(qint64 done, qint64 total, const QString& message, const QString& stage);
  // After `done` of the current run returned.
  void finished();

 private:
  QThreadPool* pool() const;
  JobContext begin();
  void end();
  void pollProgress();

  quint64 m_generation = 0;
  bool m_running = false;
  std::shared_ptr<JobContext::State> m_state;
  QTimer* m_poll;
  std::unique_ptr<QThreadPool> m_ownPool;  // Thread::Own only
  // Where workers deliver results: this job until its destructor starts (then null).
  struct Receiver {
    std::mutex mutex;
    BackgroundJob* job = nullptr;
  };
  std::shared_ptr<Receiver> m_receiver;
};

}  // namespace vitrine
