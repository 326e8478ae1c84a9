#include "browser/browserpanel.h"

#include <QItemSelectionModel>
#include <QVBoxLayout>

#include <algorithm>

#include "browser/filterbar.h"
#include "browser/thumbnailmodel.h"
#include "browser/thumbnailview.h"
#include "catalog/catalog.h"
#include "cluster/cluster_store.h"
#include "profile/profileeditor.h"
#include "services/backgroundjob.h"

namespace vitrine {

BrowserPanel::BrowserPanel(FilterBar* filters, ProfileEditor* profile, PixmapCache* thumbnails, QWidget* parent)
    : QWidget(parent),
      m_filters(filters),
      m_profile(profile),
      m_model(new ThumbnailModel(this, thumbnails)),
      m_view(new ThumbnailView(this)),
      m_clusterJob(new BackgroundJob(this)) {
  m_model->setObjectName(QStringLiteral("browserModel"));
  m_view->setObjectName(QStringLiteral("browserView"));
  m_view->setModel(m_model);
  m_view->setEmptyText(tr("No catalog open.\nUse File \u25b8 Open Catalog\u2026 (Ctrl+O)."));
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 0, 0, 0);
  lay->addWidget(m_view);
  setFocusProxy(m_view);

  connect(m_filters, &FilterBar::filtersChanged, this, &BrowserPanel::applyFilters);
  connect(m_filters, &FilterBar::searchChanged, this, &BrowserPanel::applySearch);
  connect(m_filters, &FilterBar::thumbnailSizeRequested, m_view, &ThumbnailView::setThumbnailSize);
  connect(m_filters, &FilterBar::gridFocusRequested, this, [this](bool selectFirst) {
    m_view->setFocus(selectFirst ? Qt::TabFocusReason : Qt::ShortcutFocusReason);
    if (selectFirst && !m_view->currentIndex().isValid() && m_model->rowCount() > 0)
      m_view->setCurrentIndex(m_model->index(0, 0));
  });
  connect(m_view, &ThumbnailView::thumbnailSizeChanged, this, [this](int size) {
    m_filters->setThumbnailSize(size);
    m_model->setPlaceholderSize(size);
    Q_EMIT thumbnailSizeChanged(size);
  });
  connect(m_model, &ThumbnailModel::artworksReset, this, [this] {
    if (m_catalog && !m_model->isLoading() && m_model->rowCount() == 0 && m_model->totalCount() == 0)
      m_view->setEmptyText(tr("This catalog has no artworks yet."));
    Q_EMIT countChanged();
  });
  connect(m_model, &ThumbnailModel::loadFailed, this,
          [this](const QString& message) { Q_EMIT statusMessage(tr("Query failed: %1").arg(message)); });

  // Click (or Space) adds/removes and shows the artwork; the cursor drives the detail.
  connect(m_view, &ThumbnailView::artworkClicked, this, [this](const QModelIndex& index) {
    const qint64 id = index.data(ThumbnailModel::ArtworkIdRole).toLongLong();
    if (id <= 0) return;
    m_profile->toggle(id);
    Q_EMIT showArtworkRequested(id);
  });
  connect(m_view, &ThumbnailView::toggleRequested, this, &BrowserPanel::toggleSelection);
  connect(m_view, &ThumbnailView::openRequested, this, [this](const QModelIndex& index) {
    Q_EMIT openArtworkRequested(index.data(ThumbnailModel::ArtworkIdRole).toLongLong());
  });
  connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
    if (current.isValid()) Q_EMIT showArtworkRequested(current.data(ThumbnailModel::ArtworkIdRole).toLongLong());
  });
  connect(m_profile, &ProfileEditor::changed, this, [this] { m_model->setProfileIds(m_profile->ids()); });
}

BrowserPanel::~BrowserPanel() = default;

void BrowserPanel::setCatalog(std::shared_ptr<Catalog> catalog) {
  m_catalog = std::move(catalog);
  m_clusterJob->cancel();
  m_model->setAllowedIds(std::nullopt);
  ArtworkQuery q;
  q.sort = m_filters->query().sort;
  m_model->setQuery(q);
  m_model->setCatalog(m_catalog);  // the id list loads on a worker
  m_view->setEmptyText(m_catalog ? tr("Loading\u2026") : tr("No catalog open."));
  Q_EMIT countChanged();
}

QString BrowserPanel::countText() const {
  if (!m_catalog) return tr("No catalog");
  const int shown = m_model->rowCount();
  const qint64 total = std::max<qint64>(m_model->totalCount(), shown);
  if (m_model->isLoading() && shown == 0) return tr("Loading\u2026");
  if (total == shown) return shown == 1 ? tr("1 artwork") : tr("%1 artworks").arg(shown);
  return tr("%1 of %2 artworks").arg(shown).arg(total);
}

bool BrowserPanel::isIdle() const { return !m_model->isLoading() && !m_clusterJob->isRunning(); }

void BrowserPanel::applySearch(const QString& text) {
  if (text == m_model->filterText()) return;
  m_model->setFilterText(text);
  m_view->setEmptyText(m_catalog ? tr("No artworks match \u201c%1\u201d.").arg(text) : tr("No catalog open."));
}

void BrowserPanel::applyFilters() {
  // Each call re-queries on the worker; the newest query wins.
  m_model->setQuery(m_filters->query());
  const QString text = m_filters->searchText();
  if (text != m_model->filterText()) m_model->setFilterText(text);

  // The cluster restriction is loaded on a worker too (one row per artwork of the clustering).
  const QString cluster = m_filters->clusterSelection();
  if (cluster.isEmpty() || !m_catalog) {
    m_clusterJob->cancel();
    m_model->setAllowedIds(std::nullopt);
  } else {
    const QStringList parts = cluster.split(QLatin1Char('|'));
    const std::string path = m_catalog->path();
    m_clusterJob->start(
        [path, parts](const JobContext&) {
          std::vector<int64_t> ids;
          try {
            const Catalog c = Catalog::open(path, true);
            const auto stored =
                loadClustering(c, parts.value(0).toStdString(), parts.value(1).toInt(), parts.value(2).toULongLong());
            const int want = parts.value(3).toInt();
            if (stored) {
              for (size_t i = 0; i < stored->artworkIds.size(); ++i)
                if (stored->clusters[i] == want) ids.push_back(stored->artworkIds[i]);
            }
          } catch (const std::exception&) {
          }
          return ids;
        },
        [this](std::vector<int64_t> ids) { m_model->setAllowedIds(std::move(ids)); });
  }
  m_view->setEmptyText(tr("No artworks match these filters."));
}

void BrowserPanel::zoomBy(int step) { m_view->setThumbnailSize(m_view->thumbnailSize() + step); }

void BrowserPanel::toggleSelection() {
  QModelIndexList rows = m_view->selectionModel()->selectedIndexes();
  if (rows.isEmpty() && m_view->currentIndex().isValid()) rows << m_view->currentIndex();
  std::sort(rows.begin(), rows.end());
  if (rows.size() == 1) {
    const qint64 id = rows.first().data(ThumbnailModel::ArtworkIdRole).toLongLong();
    if (id <= 0) return;
    m_profile->toggle(id);
    Q_EMIT showArtworkRequested(id);
    return;
  }
  // Several selected: one undo step that adds them all (or removes them when all are in).
  std::vector<int64_t> ids = m_profile->ids();
  bool allIn = true;
  for (const QModelIndex& i : rows) allIn &= m_profile->contains(i.data(ThumbnailModel::ArtworkIdRole).toLongLong());
  for (const QModelIndex& i : rows) {
    const int64_t id = i.data(ThumbnailModel::ArtworkIdRole).toLongLong();
    auto it = std::find(ids.begin(), ids.end(), id);
    if (allIn && it != ids.end()) ids.erase(it);
    if (!allIn && it == ids.end()) ids.push_back(id);
  }
  m_profile->setIds(ids, allIn ? tr("Remove %n artworks", nullptr, static_cast<int>(rows.size()))
                               : tr("Add %n artworks", nullptr, static_cast<int>(rows.size())));
}

}  // namespace vitrine
