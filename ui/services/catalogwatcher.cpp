#include "services/catalogwatcher.h"

#include <QMetaObject>
#include <QThread>

#include <algorithm>
#include <mutex>

namespace vitrine {

struct CatalogWatcher::Queue {
  std::mutex mutex;
  CatalogChange pending;  // merged commits of worker threads, not yet told
  bool posted = false;    // a deliver() is queued on the GUI thread
};

void mergeCatalogChange(CatalogChange& into, const CatalogChange& more) {
  into.families |= more.families;
  into.idsIncomplete |= more.idsIncomplete;
  for (const auto& [family, ids] : more.ids) {
    if (into.idsIncomplete.contains(family)) continue;
    auto& mine = into.ids[family];
    mine.insert(mine.end(), ids.begin(), ids.end());
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
    if (mine.size() > CatalogChange::kMaxIds) into.idsIncomplete |= family;
  }
  for (uint32_t bit = 1; bit <= CatalogFamilies::all().bits(); bit <<= 1)
    if (into.idsIncomplete.contains(static_cast<CatalogFamily>(bit))) into.ids.erase(static_cast<CatalogFamily>(bit));
}

CatalogWatcher::CatalogWatcher(QObject* parent) : QObject(parent) {
  static const int registered = qRegisterMetaType<vitrine::CatalogChange>();
  (void)registered;
}

CatalogWatcher::~CatalogWatcher() {
  m_subscription.reset();  // waits for a callback running on a worker; none starts after
}

void CatalogWatcher::setCatalogPath(const QString& path) {
  m_subscription.reset();
  m_path = path;
  m_queue.reset();
  if (path.isEmpty()) return;
  auto queue = std::make_shared<Queue>();
  m_queue = queue;
  QThread* const own = thread();
  m_subscription = subscribeCatalogChanges(path.toStdString(), [this, queue, own](const CatalogChange& change) {
    if (QThread::currentThread() == own) {
      // Written on this thread: tell it now, after the commit and before the write call returns.
      Q_EMIT changed(change);
      return;
    }
    bool post = false;
    {
      std::lock_guard<std::mutex> lock(queue->mutex);
      mergeCatalogChange(queue->pending, change);
      post = !queue->posted;
      queue->posted = true;
    }
    // Runs on the GUI thread; dropped if the watcher is gone by then.
    if (post)
      QMetaObject::invokeMethod(
          this, [this, queue] { deliver(queue); }, Qt::QueuedConnection);
  });
}

void CatalogWatcher::deliver(const std::shared_ptr<Queue>& queue) {
  CatalogChange change;
  {
    std::lock_guard<std::mutex> lock(queue->mutex);
    change = std::move(queue->pending);
    queue->pending = CatalogChange{};
    queue->posted = false;
  }
  if (queue != m_queue || change.families.empty()) return;  // a file no longer watched
  Q_EMIT changed(change);
}

}  // namespace vitrine
