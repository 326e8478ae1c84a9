#include "services/thumbnailloader.h"

#include <QThread>

#include <memory>
#include <optional>

#include "catalog/catalog.h"

namespace vitrine {

ThumbnailLoader::ThumbnailLoader(QObject* parent, int workerCount) : QObject(parent) {
  if (workerCount < 1) workerCount = 1;
  for (int i = 0; i < workerCount; ++i) {
    QThread* t = QThread::create([this] { workerLoop(); });
    t->setObjectName(QStringLiteral("vitrine-thumbs-%1").arg(i));
    m_threads.push_back(t);
    t->start(QThread::LowPriority);
  }
}

ThumbnailLoader::~ThumbnailLoader() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stopping = true;
    m_queue.clear();
    m_queued.clear();
  }
  m_wake.notify_all();
  // A worker finishes at most the one decode it is in, so this wait is short.
  for (QThread* t : m_threads) {
    t->wait();
    delete t;
  }
  m_threads.clear();
}

void ThumbnailLoader::setCatalogPath(const QString& path) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_path = path;
    m_queue.clear();
    m_queued.clear();
    m_inFlight.clear();
    ++m_generation;
  }
  m_wake.notify_all();
}

QString ThumbnailLoader::catalogPath() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_path;
}

void ThumbnailLoader::request(qint64 artworkId) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_path.isEmpty() || m_stopping || m_inFlight.count(artworkId)) return;
    if (m_queued.count(artworkId)) {
      // Already queued: move it to the front, it is wanted again right now.
      if (!m_queue.empty() && m_queue.front() == artworkId) return;
      for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (*it == artworkId) {
          m_queue.erase(it);
          break;
        }
      }
    } else {
      m_queued.insert(artworkId);
    }
    m_queue.push_front(artworkId);
    while (static_cast<int>(m_queue.size()) > m_maxQueue) {
      // The oldest requests belong to items that have long scrolled away.
      m_queued.erase(m_queue.back());
      m_queue.pop_back();
    }
  }
  m_wake.notify_one();
}

void ThumbnailLoader::clear() {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_queue.clear();
  m_queued.clear();
}

void ThumbnailLoader::setMaxQueue(int n) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_maxQueue = n < 1 ? 1 : n;
  while (static_cast<int>(m_queue.size()) > m_maxQueue) {
    m_queued.erase(m_queue.back());
    m_queue.pop_back();
  }
}

int ThumbnailLoader::maxQueue() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_maxQueue;
}

int ThumbnailLoader::queuedCount() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return static_cast<int>(m_queue.size());
}

bool ThumbnailLoader::isIdle() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_queue.empty() && m_inFlight.empty();
}

void ThumbnailLoader::workerLoop() {
  std::unique_ptr<Catalog> catalog;
  QString catalogPath;
  for (;;) {
    qint64 id = 0;
    quint64 generation = 0;
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty() || (catalog && m_path != catalogPath); });
      if (m_stopping) break;
      if (m_path != catalogPath) {
        // Let go of the old file as soon as the GUI moved on to another catalog.
        catalog.reset();
        catalogPath = m_path;
      }
      if (m_queue.empty()) continue;
      id = m_queue.front();
      m_queue.pop_front();
      m_queued.erase(id);
      m_inFlight.insert(id);
      generation = m_generation.load();
    }

    QImage image;
    try {
      if (!catalog) catalog = std::make_unique<Catalog>(Catalog::open(catalogPath.toStdString(), true));
      std::optional<Thumbnail> thumb = catalog->thumbnail(id);
      if (thumb && !thumb->bytes.empty()) {
        image.loadFromData(thumb->bytes.data(), static_cast<int>(thumb->bytes.size()));
      }
    } catch (const std::exception&) {
      // An unreadable catalog or row shows the placeholder; reopen on the next request.
      catalog.reset();
    }
    QMetaObject::invokeMethod(
        this, [this, id, generation, image] { deliver(id, generation, image); }, Qt::QueuedConnection);
  }
}

void ThumbnailLoader::deliver(qint64 artworkId, quint64 generation, const QImage& image) {
  bool nowIdle = false;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (generation != m_generation.load()) return;  // result for a catalog no longer shown
    m_inFlight.erase(artworkId);
    nowIdle = m_queue.empty() && m_inFlight.empty();
  }
  Q_EMIT loaded(artworkId, image);
  if (nowIdle) Q_EMIT idle();
}

}  // namespace vitrine
