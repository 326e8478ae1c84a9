#pragma once
#include <QImage>
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <unordered_set>
#include <vector>

class QThread;

namespace vitrine {

// Decodes catalog thumbnails on worker threads, each with its own read-only Catalog connection.
// Only QImage crosses threads; the GUI side turns it into a QPixmap (QPixmap is GUI-thread only).
// Requests are served newest first (what is on screen now), duplicates are coalesced, and the
// oldest requests are dropped once the queue exceeds maxQueue() (they scrolled out of view).
class ThumbnailLoader : public QObject {
  Q_OBJECT

 public:
  explicit ThumbnailLoader(QObject* parent = nullptr, int workerCount = 2);
  ~ThumbnailLoader() override;

  // Switches to another catalog file: pending requests are dropped and results still in flight
  // for the previous catalog are discarded. An empty path just stops loading.
  void setCatalogPath(const QString& path);
  QString catalogPath() const;

  // Queues (or moves to the front) a request; a no-op while that id is being decoded.
  void request(qint64 artworkId);
  // Forgets every queued request (results in flight still arrive).
  void clear();

  void setMaxQueue(int n);
  int maxQueue() const;
  int queuedCount() const;
  int workerCount() const { return static_cast<int>(m_threads.size()); }
  // True when nothing is queued or being decoded.
  bool isIdle() const;

 Q_SIGNALS:
  // Delivered on the loader's thread. image is null when the artwork has no (readable) thumbnail.
  void loaded(qint64 artworkId, const QImage& image);
  // Emitted once the queue has drained and no worker is busy.
  void idle();

 private:
  void workerLoop();
  void deliver(qint64 artworkId, quint64 generation, const QImage& image);

  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<qint64> m_queue;             // front = most recently requested
  std::unordered_set<qint64> m_queued;    // ids in m_queue, for coalescing
  std::unordered_set<qint64> m_inFlight;  // ids a worker is decoding right now
  QString m_path;
  int m_maxQueue = 512;
  bool m_stopping = false;
  std::atomic<quint64> m_generation{0};  // bumped per catalog switch; stale results dropped
  std::vector<QThread*> m_threads;
};

}  // namespace vitrine
