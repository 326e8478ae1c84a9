#include "browser/thumbnailmodel.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

#include "services/backgroundjob.h"
#include "services/pixmapcache.h"
#include "services/thumbnailloader.h"
#include "theme/theme.h"

namespace vitrine {

namespace {
constexpr int kMetaCacheEntries = 4096;

QString toQString(const std::string& s) { return QString::fromStdString(s); }

struct IdsResult {
  std::vector<int64_t> ids;
  int64_t total = 0;
  QString error;
};

// Runs on a pool thread with its own read-only connection (Catalog is not thread-safe).
IdsResult queryIds(const std::string& path, const ArtworkQuery& q,
                   const std::shared_ptr<const std::vector<int64_t>>& allowed) {
  IdsResult r;
  try {
    const Catalog c = Catalog::open(path, true);
    r.ids = c.artworkIds(q);
    r.total = c.artworkCount();
    if (allowed) {
      r.ids.erase(
          std::remove_if(r.ids.begin(), r.ids.end(),
                         [&allowed](int64_t id) { return !std::binary_search(allowed->begin(), allowed->end(), id); }),
          r.ids.end());
    }
  } catch (const std::exception& e) {
    r.error = QString::fromStdString(e.what());
  }
  return r;
}
}  // namespace

ThumbnailModel::ThumbnailModel(QObject* parent, PixmapCache* thumbnails)
    : QAbstractListModel(parent), m_pixmaps(thumbnails), m_ownsPixmaps(thumbnails == nullptr) {
  if (m_ownsPixmaps) m_pixmaps = new PixmapCache(this);
  m_idsJob = new BackgroundJob(this);
  m_meta.setMaxCost(kMetaCacheEntries);
  connect(m_pixmaps, &PixmapCache::pixmapReady, this, &ThumbnailModel::onThumbnailLoaded);
}

ThumbnailLoader* ThumbnailModel::loader() const { return m_pixmaps->loader(); }

int ThumbnailModel::cachedThumbnailCount() const { return m_pixmaps->cachedCount(); }

ThumbnailModel::~ThumbnailModel() = default;

void ThumbnailModel::setCatalog(std::shared_ptr<Catalog> catalog) {
  beginResetModel();
  m_catalog = std::move(catalog);
  m_meta.clear();
  m_loadedCount = 0;
  if (m_ownsPixmaps) m_pixmaps->setCatalogPath(m_catalog ? toQString(m_catalog->path()) : QString());
  m_ids.clear();
  m_total = 0;
  rebuildRowIndex();
  endResetModel();
  if (m_fixedIds || !m_catalog) {
    m_idsJob->cancel();
    m_loading = false;
    Q_EMIT artworksReset(rowCount());
    return;
  }
  reload();
}

void ThumbnailModel::setQuery(const ArtworkQuery& query) {
  m_query = query;
  m_fixedIds = false;
  reload();
}

void ThumbnailModel::setFilterText(const QString& text) {
  if (text == m_filterText && !m_fixedIds) return;
  m_filterText = text;
  m_fixedIds = false;
  reload();
}

void ThumbnailModel::setAllowedIds(std::optional<std::vector<int64_t>> sortedIds) {
  if (sortedIds) {
    std::sort(sortedIds->begin(), sortedIds->end());
    m_allowed = std::make_shared<const std::vector<int64_t>>(std::move(*sortedIds));
  } else {
    if (!m_allowed) return;
    m_allowed.reset();
  }
  reload();
}

void ThumbnailModel::reload() {
  if (m_fixedIds) return;
  if (!m_catalog) {
    m_idsJob->cancel();
    m_loading = false;
    applyIds({});
    return;
  }
  ArtworkQuery q = m_query;
  q.text = m_filterText.trimmed().toStdString();
  m_loading = true;
  // Latest wins: a newer query replaces this one and its result is never applied.
  m_idsJob->start(
      [path = m_catalog->path(), q, allowed = m_allowed](const JobContext&) { return queryIds(path, q, allowed); },
      [this](IdsResult r) {
        m_loading = false;
        if (!r.error.isEmpty()) {
          Q_EMIT loadFailed(r.error);
          Q_EMIT artworksReset(rowCount());
          return;
        }
        m_total = r.total;
        applyIds(std::move(r.ids));
      });
}

void ThumbnailModel::applyIds(std::vector<int64_t> ids) {
  beginResetModel();
  m_ids = std::move(ids);
  rebuildRowIndex();
  endResetModel();
  // Rows no longer listed must not keep the workers busy (a shared service keeps the other
  // views' requests: its queue serves the newest first).
  if (m_ownsPixmaps) loader()->clear();
  Q_EMIT artworksReset(rowCount());
}

void ThumbnailModel::setProfileIds(const std::vector<int64_t>& ids) {
  QHash<qint64, int> pos;
  pos.reserve(static_cast<qsizetype>(ids.size()));
  for (size_t i = 0; i < ids.size(); ++i) pos.insert(ids[i], static_cast<int>(i) + 1);
  QSet<qint64> touched;
  for (auto it = m_profilePos.cbegin(); it != m_profilePos.cend(); ++it) {
    if (pos.value(it.key()) != it.value()) touched.insert(it.key());
  }
  for (auto it = pos.cbegin(); it != pos.cend(); ++it) {
    if (m_profilePos.value(it.key()) != it.value()) touched.insert(it.key());
  }
  m_profilePos = std::move(pos);
  for (qint64 id : touched) {
    const QModelIndex idx = indexOfArtwork(id);
    if (idx.isValid()) Q_EMIT dataChanged(idx, idx, {ProfilePositionRole});
  }
}

void ThumbnailModel::setArtworkIds(const std::vector<int64_t>& ids) {
  m_idsJob->cancel();  // a query still running must not overwrite the fixed list
  m_loading = false;
  beginResetModel();
  m_fixedIds = true;
  m_ids = ids;
  rebuildRowIndex();
  endResetModel();
  if (m_ownsPixmaps) loader()->clear();  // a shared service keeps the other views' requests
  Q_EMIT artworksReset(rowCount());
}

void ThumbnailModel::rebuildRowIndex() {
  m_rowOf.clear();
  m_rowOf.reserve(static_cast<qsizetype>(m_ids.size()));
  for (size_t i = 0; i < m_ids.size(); ++i) m_rowOf.insert(m_ids[i], static_cast<int>(i));
}

int ThumbnailModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_ids.size());
}

qint64 ThumbnailModel::artworkId(int row) const {
  if (row < 0 || row >= static_cast<int>(m_ids.size())) return 0;
  return m_ids[static_cast<size_t>(row)];
}

QModelIndex ThumbnailModel::indexOfArtwork(qint64 id) const {
  auto it = m_rowOf.constFind(id);
  return it == m_rowOf.constEnd() ? QModelIndex() : index(it.value(), 0);
}

const ThumbnailModel::Meta* ThumbnailModel::meta(qint64 id) const {
  if (Meta* m = m_meta.object(id)) return m;
  if (!m_catalog) return nullptr;
  auto* m = new Meta;
  try {
    // One indexed row per miss: only rows that are painted or hovered get here.
    if (std::optional<Artwork> a = m_catalog->artwork(id)) {
      m->title = toQString(a->title);
      m->artist = toQString(a->artist);
      m->date = toQString(a->dateText);
    }
  } catch (const std::exception&) {
    // Leave the fields empty; the row still shows its thumbnail.
  }
  m_meta.insert(id, m, 1);
  return m_meta.object(id);
}

QVariant ThumbnailModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.parent().isValid() || index.row() >= rowCount()) return {};
  const qint64 id = m_ids[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case TitleRole: {
      const Meta* m = meta(id);
      return m ? m->title : QString();
    }
    case ArtistRole: {
      const Meta* m = meta(id);
      return m ? m->artist : QString();
    }
    case DateRole: {
      const Meta* m = meta(id);
      return m ? m->date : QString();
    }
    case Qt::ToolTipRole: {
      const Meta* m = meta(id);
      if (!m) return {};
      QString tip = m->title;
      if (!m->artist.isEmpty() || !m->date.isEmpty()) tip += QStringLiteral(" \u2014 ");
      tip += m->artist;
      if (!m->date.isEmpty()) tip += (m->artist.isEmpty() ? QString() : QStringLiteral(", ")) + m->date;
      return tip;
    }
    case Qt::DecorationRole: {
      const QPixmap p = m_pixmaps->pixmap(id);  // queues the decode when not cached
      return p.isNull() ? placeholder() : p;
    }
    case HasThumbnailRole:
      return m_pixmaps->contains(id);
    case ProfilePositionRole:
      return m_profilePos.value(id, 0);
    case ArtworkIdRole:
      return id;
    default:
      return {};
  }
}

QHash<int, QByteArray> ThumbnailModel::roleNames() const {
  QHash<int, QByteArray> names = QAbstractListModel::roleNames();
  names.insert(ArtworkIdRole, "artworkId");
  names.insert(ArtistRole, "artist");
  names.insert(DateRole, "date");
  names.insert(TitleRole, "title");
  names.insert(HasThumbnailRole, "hasThumbnail");
  names.insert(ProfilePositionRole, "profilePosition");
  return names;
}

void ThumbnailModel::onThumbnailLoaded(qint64 id) {
  const QModelIndex idx = indexOfArtwork(id);
  if (!idx.isValid()) return;  // another view's thumbnail
  ++m_loadedCount;
  Q_EMIT dataChanged(idx, idx, {Qt::DecorationRole, HasThumbnailRole});
  Q_EMIT thumbnailLoaded(id);
}

void ThumbnailModel::setPlaceholderSize(int size) {
  if (size == m_placeholderSize) return;
  m_placeholderSize = size;
  m_placeholder = QPixmap();
}

void ThumbnailModel::setPixmapCacheLimit(int kib) { m_pixmaps->setCacheLimit(kib); }

QPixmap ThumbnailModel::placeholder() const {
  if (!m_placeholder.isNull()) return m_placeholder;
  const int s = std::max(16, m_placeholderSize);
  QPixmap pm(s, s * 3 / 4);
  pm.fill(theme::placeholder());
  QPainter p(&pm);
  p.setRenderHint(QPainter::Antialiasing);
  // A small "picture" glyph (sun and hills) so an empty tile reads as an image still loading.
  const QRectF r = pm.rect();
  const QColor glyph = theme::placeholder().lighter(145);
  p.setPen(Qt::NoPen);
  p.setBrush(glyph);
  const qreal u = std::min(r.width(), r.height()) / 8.0;
  p.drawEllipse(QPointF(r.center().x() + 1.2 * u, r.center().y() - 1.0 * u), 0.6 * u, 0.6 * u);
  QPainterPath hills;
  hills.moveTo(r.center().x() - 2.2 * u, r.center().y() + 1.6 * u);
  hills.lineTo(r.center().x() - 0.6 * u, r.center().y() - 0.4 * u);
  hills.lineTo(r.center().x() + 0.4 * u, r.center().y() + 0.8 * u);
  hills.lineTo(r.center().x() + 1.1 * u, r.center().y() + 0.2 * u);
  hills.lineTo(r.center().x() + 2.2 * u, r.center().y() + 1.6 * u);
  hills.closeSubpath();
  p.drawPath(hills);
  p.end();
  m_placeholder = pm;
  return m_placeholder;
}

}  // namespace vitrine
