#include "services/pixmapcache.h"

#include <algorithm>

#include "services/thumbnailloader.h"

namespace vitrine {

PixmapCache::PixmapCache(QObject* parent, int loaderThreads)
    : QObject(parent), m_loader(new ThumbnailLoader(this, loaderThreads)) {
  m_cache.setMaxCost(kDefaultCacheKiB);
  connect(m_loader, &ThumbnailLoader::loaded, this, [this](qint64 id, const QImage& image) {
    if (image.isNull()) {
      m_missing.insert(id);
      return;
    }
    auto* pm = new QPixmap(QPixmap::fromImage(image));
    m_cache.insert(id, pm, std::max(1, pm->width() * pm->height() * 4 / 1024));
    Q_EMIT pixmapReady(id);
  });
}

PixmapCache::~PixmapCache() = default;

void PixmapCache::setCatalogPath(const QString& path) {
  m_cache.clear();
  m_missing.clear();
  m_loader->setCatalogPath(path);
}

QPixmap PixmapCache::pixmap(qint64 artworkId) {
  if (QPixmap* pm = m_cache.object(artworkId)) return *pm;
  if (!m_missing.contains(artworkId)) m_loader->request(artworkId);
  return {};
}

QString PixmapCache::catalogPath() const { return m_loader->catalogPath(); }

void PixmapCache::setCacheLimit(int kib) { m_cache.setMaxCost(std::max(1, kib)); }

bool PixmapCache::isIdle() const { return m_loader->isIdle(); }

}  // namespace vitrine
