#pragma once
#include <QAbstractListModel>
#include <QHash>
#include <QSet>

#include <vector>

#include "recommendations/recommendationengine.h"
#include "browser/thumbnailmodel.h"

namespace vitrine {

class PixmapCache;

// One recommendation column: ranked artworks with score, "because you liked" ids and whether
// the other recommender lists the same artwork (the SetFusion-style overlap marker).
class RecommendationModel : public QAbstractListModel {
  Q_OBJECT

 public:
  enum Roles {
    ArtworkIdRole = ThumbnailModel::ArtworkIdRole,
    ArtistRole = ThumbnailModel::ArtistRole,
    DateRole = ThumbnailModel::DateRole,
    TitleRole = ThumbnailModel::TitleRole,
    HasThumbnailRole = ThumbnailModel::HasThumbnailRole,
    ProfilePositionRole = ThumbnailModel::ProfilePositionRole,
    RankRole = Qt::UserRole + 32,  // int, 1-based
    ScoreRole,                     // double
    InBothRole,                    // bool: the other column lists it too
    BecauseIdsRole,                // QVariantList of qint64 (up to 3 profile artworks)
    BecauseTitlesRole,             // QStringList
    BecausePixmapsRole,            // QVariantList of QPixmap (null while loading)
    PercentileRole,                // double 0..100 within the catalog, -1 unknown
    BecauseSimilarityRole,         // QVariantList of double, parallel to BecauseIdsRole
  };

  explicit RecommendationModel(PixmapCache* cache, QObject* parent = nullptr);

  void setColumn(const RecommendationColumn& column);
  void clear();
  const RecommendationColumn& column() const { return m_column; }
  std::vector<int64_t> artworkIds() const;
  // Artwork ids the other column recommends; rows listed there get InBothRole.
  void setOtherIds(const QSet<qint64>& ids);
  int overlapCount() const;

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QHash<int, QByteArray> roleNames() const override;
  qint64 artworkId(int row) const;
  // The tooltip of the i-th "because you liked" thumbnail of `row`: its title and similarity
  // (cosine for VisRank; for CuratorNet the learned item vectors' dot product, said so).
  QString becauseToolTip(int row, int i) const;

 private:
  void onPixmapReady(qint64 id);

  PixmapCache* m_cache;
  RecommendationColumn m_column;
  QSet<qint64> m_other;
};

}  // namespace vitrine
