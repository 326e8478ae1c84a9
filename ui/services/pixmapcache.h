#pragma once
#include <QCache>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QString>

namespace vitrine {

class ThumbnailLoader;

// The thumbnail service: catalog thumbnails as QPixmaps for every view of a window (browser grid,
// profile strip, recommendations, detail, clusters, map), decoded by one ThumbnailLoader pool and
// kept in one memory-bounded cache; the QImage -> QPixmap conversion happens on the GUI thread.
class PixmapCache : public QObject {
  Q_OBJECT

 public:
  static constexpr int kDefaultCacheKiB = 192 * 1024;
  explicit PixmapCache(QObject* parent = nullptr, int loaderThreads = 2);
  ~PixmapCache() override;

  void setCatalogPath(const QString& path);
  QString catalogPath() const;
  // The cached thumbnail, or a null pixmap after queueing its decode (pixmapReady follows).
  QPixmap pixmap(qint64 artworkId);
  bool contains(qint64 artworkId) const { return m_cache.contains(artworkId); }
  int cachedCount() const { return m_cache.count(); }
  // Memory bound of the cache, in KiB.
  void setCacheLimit(int kib);
  bool isIdle() const;
  ThumbnailLoader* loader() const { return m_loader; }

 Q_SIGNALS:
  void pixmapReady(qint64 artworkId);

 private:
  ThumbnailLoader* m_loader;
  QCache<qint64, QPixmap> m_cache;
  QSet<qint64> m_missing;
};

}  // namespace vitrine
