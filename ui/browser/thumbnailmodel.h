#pragma once
#include <QAbstractListModel>
#include <QCache>
#include <QHash>
#include <QPixmap>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "catalog/catalog.h"

namespace vitrine {

class BackgroundJob;
class PixmapCache;
class ThumbnailLoader;

// The artworks of one catalog query as a flat list, for a grid or a strip of thumbnails.
// Only ids are loaded up front; titles come from the catalog row by row on demand (LRU cached)
// and thumbnails come from the window's thumbnail service (PixmapCache) when first asked for
// (digiKam style): data() returns what is cached or a placeholder, queues the decode, and
// dataChanged follows.
class ThumbnailModel : public QAbstractListModel {
  Q_OBJECT

 public:
  enum Roles {
    ArtworkIdRole = Qt::UserRole + 1,  // qint64
    ArtistRole,                        // QString
    DateRole,                          // QString, as the source writes it
    TitleRole,                         // QString, same as DisplayRole
    HasThumbnailRole,                  // bool: the real thumbnail is cached (not the placeholder)
    ProfilePositionRole,               // int: 1-based position in the active profile, 0 = not in it
  };

  // thumbnails: the shared thumbnail service (its catalog path is set by its owner); null = the
  // model makes its own and points it at the catalog it shows.
  explicit ThumbnailModel(QObject* parent = nullptr, PixmapCache* thumbnails = nullptr);
  ~ThumbnailModel() override;

  // The GUI-thread catalog (shared so several models/views can use one connection); null closes.
  void setCatalog(std::shared_ptr<Catalog> catalog);
  std::shared_ptr<Catalog> catalog() const { return m_catalog; }

  // The query whose ids are listed; the filter text (title/artist substring) is applied on top.
  void setQuery(const ArtworkQuery& query);
  ArtworkQuery query() const { return m_query; }
  void setFilterText(const QString& text);
  QString filterText() const { return m_filterText; }
  // Only ids in this sorted list are shown (e.g. one visual cluster); nullopt = no restriction.
  void setAllowedIds(std::optional<std::vector<int64_t>> sortedIds);
  bool hasAllowedIds() const { return m_allowed != nullptr; }
  // Re-runs the query (after the catalog changed underneath). The id list is loaded on a worker
  // thread with its own read-only connection (a 100,000-row query never blocks the GUI);
  // artworksReset follows, and a newer reload supersedes one still running (latest wins).
  void reload();
  // True while a query runs on the worker.
  bool isLoading() const { return m_loading; }
  // Artworks the unrestricted catalog holds (counted on the worker with each reload).
  qint64 totalCount() const { return m_total; }

  // Marks the artworks of the active profile (ProfilePositionRole), in profile order.
  void setProfileIds(const std::vector<int64_t>& ids);

  // Shows a fixed list of ids instead of a query (e.g. recommendations), in the given order.
  void setArtworkIds(const std::vector<int64_t>& ids);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QHash<int, QByteArray> roleNames() const override;

  qint64 artworkId(int row) const;
  QModelIndex indexOfArtwork(qint64 artworkId) const;
  const std::vector<int64_t>& artworkIds() const { return m_ids; }

  // Placeholder drawn while a thumbnail loads (or when an artwork has none).
  void setPlaceholderSize(int size);
  // Memory bound of the decoded thumbnail cache, in KiB.
  void setPixmapCacheLimit(int kib);
  int cachedThumbnailCount() const;
  // Thumbnails of this model's rows decoded since its catalog was set.
  int loadedThumbnailCount() const { return m_loadedCount; }

  ThumbnailLoader* loader() const;

 Q_SIGNALS:
  // After the id list changed (query, filter, catalog).
  void artworksReset(int count);
  // The worker's query failed; the previous list stays.
  void loadFailed(const QString& message);
  // A decoded thumbnail arrived and is cached.
  void thumbnailLoaded(qint64 artworkId);

 private:
  struct Meta {
    QString title;
    QString artist;
    QString date;
  };
  const Meta* meta(qint64 id) const;
  void onThumbnailLoaded(qint64 id);
  void rebuildRowIndex();
  void applyIds(std::vector<int64_t> ids);
  QPixmap placeholder() const;

  std::shared_ptr<Catalog> m_catalog;
  ArtworkQuery m_query;
  QString m_filterText;
  bool m_fixedIds = false;
  std::vector<int64_t> m_ids;
  QHash<qint64, int> m_rowOf;
  PixmapCache* m_pixmaps = nullptr;
  bool m_ownsPixmaps = false;
  mutable QCache<qint64, Meta> m_meta;
  mutable QPixmap m_placeholder;
  int m_placeholderSize = 160;
  int m_loadedCount = 0;
  std::shared_ptr<const std::vector<int64_t>> m_allowed;
  QHash<qint64, int> m_profilePos;
  BackgroundJob* m_idsJob = nullptr;
  bool m_loading = false;
  qint64 m_total = 0;
};

}  // namespace vitrine
