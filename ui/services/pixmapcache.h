#pragma once
#include <QCache>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QString>

namespace vitrine {

class ThumbnailLoader;

// Catalog thumbnails as QPixmaps for the small lists (recommendations, "because" strips, "more
// like this"): decoded by one ThumbnailLoader worker, converted and cached on the GUI thread.
class PixmapCache : public QObject {
  Q_OBJECT

 public:
  explicit PixmapCache(QObject* parent = nullptr, int loaderThreads = 1);
  ~PixmapCache() override;

  void setCatalogPath(const QString& path);
  // The cached thumbnail, or a null pixmap after queueing its decode (pixmapReady follows).
  QPixmap pixmap(qint64 artworkId);
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
