#include "recommendations/recommendationmodel.h"

#include <QPixmap>

#include <algorithm>

#include "services/pixmapcache.h"

namespace vitrine {

RecommendationModel::RecommendationModel(PixmapCache* cache, QObject* parent)
    : QAbstractListModel(parent), m_cache(cache) {
  if (m_cache) connect(m_cache, &PixmapCache::pixmapReady, this, &RecommendationModel::onPixmapReady);
}

void RecommendationModel::setColumn(const RecommendationColumn& column) {
  beginResetModel();
  m_column = column;
  endResetModel();
}

void RecommendationModel::clear() { setColumn({}); }

std::vector<int64_t> RecommendationModel::artworkIds() const {
  std::vector<int64_t> ids;
  ids.reserve(m_column.items.size());
  for (const RecommendedArtwork& a : m_column.items) ids.push_back(a.artworkId);
  return ids;
}

void RecommendationModel::setOtherIds(const QSet<qint64>& ids) {
  m_other = ids;
  if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), {InBothRole});
}

int RecommendationModel::overlapCount() const {
  int n = 0;
  for (const RecommendedArtwork& a : m_column.items) n += m_other.contains(a.artworkId) ? 1 : 0;
  return n;
}

int RecommendationModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_column.items.size());
}

qint64 RecommendationModel::artworkId(int row) const {
  if (row < 0 || row >= rowCount()) return 0;
  return m_column.items[static_cast<size_t>(row)].artworkId;
}

QVariant RecommendationModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.parent().isValid() || index.row() >= rowCount()) return {};
  const RecommendedArtwork& a = m_column.items[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
      return a.title;
    case ArtistRole:
      return a.artist;
    case DateRole:
      return a.date;
    case ArtworkIdRole:
      return static_cast<qint64>(a.artworkId);
    case RankRole:
      return index.row() + 1;
    case ScoreRole:
      return static_cast<double>(a.score);
    case PercentileRole:
      return static_cast<double>(a.percentile);
    case BecauseSimilarityRole: {
      QVariantList sims;
      for (float v : a.becauseSimilarity) sims << static_cast<double>(v);
      return sims;
    }
    case InBothRole:
      return m_other.contains(a.artworkId);
    case Qt::DecorationRole:
      return m_cache ? m_cache->pixmap(a.artworkId) : QPixmap();
    case HasThumbnailRole:
      return m_cache && !m_cache->pixmap(a.artworkId).isNull();
    case BecauseIdsRole: {
      QVariantList ids;
      for (int64_t id : a.because) ids << static_cast<qint64>(id);
      return ids;
    }
    case BecauseTitlesRole:
      return a.becauseTitles;
    case BecausePixmapsRole: {
      QVariantList pms;
      for (int64_t id : a.because) pms << (m_cache ? m_cache->pixmap(id) : QPixmap());
      return pms;
    }
    case Qt::ToolTipRole: {
      QString tip = QStringLiteral("<b>%1</b>").arg(a.title.toHtmlEscaped());
      if (!a.artist.isEmpty()) tip += QStringLiteral("<br>") + a.artist.toHtmlEscaped();
      if (!a.date.isEmpty()) tip += QStringLiteral(", ") + a.date.toHtmlEscaped();
      if (a.percentile >= 0) {
        tip += tr("<br>Rank %1 \u00b7 percentile %2: scores higher than %2% of the catalog's other "
                  "artworks for this profile")
                   .arg(index.row() + 1)
                   .arg(a.percentile, 0, 'f', 1);
      } else {
        tip += tr("<br>Rank %1").arg(index.row() + 1);
      }
      tip += m_column.curatorNet
                 ? tr("<br>Raw score %1 (CuratorNet's learned preference score)").arg(a.score, 0, 'f', 4)
                 : tr("<br>Raw score %1 (VisRank: similarity to the profile)").arg(a.score, 0, 'f', 4);
      if (m_other.contains(a.artworkId)) tip += tr("<br>\u25c6 Recommended by both models");
      if (!a.becauseTitles.isEmpty()) {
        tip += tr("<br>Because you liked: ") + a.becauseTitles.join(QStringLiteral(" \u00b7 ")).toHtmlEscaped();
      }
      return tip;
    }
    default:
      return {};
  }
}

QString RecommendationModel::becauseToolTip(int row, int i) const {
  if (row < 0 || row >= rowCount()) return {};
  const RecommendedArtwork& a = m_column.items[static_cast<size_t>(row)];
  if (i < 0 || i >= static_cast<int>(a.because.size())) return {};
  const auto k = static_cast<size_t>(i);
  const QString title = k < static_cast<size_t>(a.becauseTitles.size()) ? a.becauseTitles[i] : QString();
  QString tip = tr("Because you liked <b>%1</b>").arg(title.toHtmlEscaped());
  if (k < a.becauseSimilarity.size()) {
    const double sim = a.becauseSimilarity[k];
    tip += m_column.curatorNet ? tr("<br>Similarity %1: dot product of the two artworks' vectors in CuratorNet's "
                                    "learned space (its nearest profile items)")
                                     .arg(sim, 0, 'f', 3)
                               : tr("<br>Similarity %1: cosine of the two artworks' embedding vectors (1 = identical)")
                                     .arg(sim, 0, 'f', 3);
  }
  return tip;
}

QHash<int, QByteArray> RecommendationModel::roleNames() const {
  QHash<int, QByteArray> names = QAbstractListModel::roleNames();
  names.insert(ArtworkIdRole, "artworkId");
  names.insert(ArtistRole, "artist");
  names.insert(DateRole, "date");
  names.insert(TitleRole, "title");
  names.insert(HasThumbnailRole, "hasThumbnail");
  names.insert(RankRole, "rank");
  names.insert(ScoreRole, "score");
  names.insert(InBothRole, "inBoth");
  names.insert(BecauseIdsRole, "becauseIds");
  names.insert(BecauseTitlesRole, "becauseTitles");
  names.insert(BecausePixmapsRole, "becausePixmaps");
  names.insert(PercentileRole, "percentile");
  names.insert(BecauseSimilarityRole, "becauseSimilarity");
  return names;
}

void RecommendationModel::onPixmapReady(qint64 id) {
  for (int r = 0; r < rowCount(); ++r) {
    const RecommendedArtwork& a = m_column.items[static_cast<size_t>(r)];
    if (a.artworkId == id) {
      Q_EMIT dataChanged(index(r, 0), index(r, 0), {Qt::DecorationRole, HasThumbnailRole});
    } else if (std::find(a.because.begin(), a.because.end(), id) != a.because.end()) {
      Q_EMIT dataChanged(index(r, 0), index(r, 0), {BecausePixmapsRole});
    }
  }
}

}  // namespace vitrine
