#include "shell/clusterdocks.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>

#include <algorithm>

#include "browser/filterbar.h"
#include "clusters/clusterview.h"
#include "map/mapview.h"
#include "profile/profileeditor.h"
#include "recommendations/recommendationspanel.h"
#include "shell/mainwindow.h"

namespace vitrine {

ClusterDocks::ClusterDocks(MainWindow* window, PixmapCache* pixmaps, ProfileEditor* profile, FilterBar* filters,
                           RecommendationsPanel* recommendations)
    : QObject(window),
      m_window(window),
      m_profile(profile),
      m_filters(filters),
      m_clusters(new ClusterPanel(pixmaps, window)),
      m_map(new MapPanel(pixmaps, window)),
      m_clusterDock(new QDockWidget(tr("Clusters"), window)),
      m_mapDock(new QDockWidget(tr("Map"), window)) {
  m_clusters->setObjectName(QStringLiteral("clusterPanel"));
  m_map->setObjectName(QStringLiteral("mapPanel"));
  m_clusterDock->setObjectName(QStringLiteral("clustersDock"));
  m_clusterDock->setWidget(m_clusters);
  m_mapDock->setObjectName(QStringLiteral("mapDock"));
  m_mapDock->setWidget(m_map);
  for (QDockWidget* d : {m_clusterDock, m_mapDock})
    d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
  // Tabbed behind the detail (left) and the recommendations (right) at first.
  window->addDockWidget(Qt::LeftDockWidgetArea, m_clusterDock);
  window->addDockWidget(Qt::RightDockWidgetArea, m_mapDock);
  if (auto* detailDock = window->findChild<QDockWidget*>(QStringLiteral("detailDock"))) {
    window->tabifyDockWidget(detailDock, m_clusterDock);
    detailDock->raise();
  }
  if (auto* recDock = window->findChild<QDockWidget*>(QStringLiteral("recommendationsDock"))) {
    window->tabifyDockWidget(recDock, m_mapDock);
    recDock->raise();
  }

  connect(window, &MainWindow::catalogOpened, this, [this](const QString& path) {
    const QString embedding = QSettings().value(QStringLiteral("embedding/") + path).toString();
    m_clusters->setCatalogPath(path, embedding);
    m_map->setCatalogPath(path, embedding);
    m_map->view()->setRecommendations({}, {});
  });
  connect(profile, &ProfileEditor::changed, this, [this] {
    m_clusters->setProfileIds(m_profile->ids());
    m_map->view()->setProfileIds(m_profile->ids());
  });
  connect(recommendations, &RecommendationsPanel::updated, this, [this, recommendations] {
    m_map->view()->setRecommendations(recommendations->curatorNetIds(), recommendations->visRankIds());
  });
  connect(m_clusters, &ClusterPanel::clusterSetChanged, m_map, &MapPanel::setClusterSet);
  connect(m_clusters, &ClusterPanel::showClusterRequested, this, [this](const ClusteringKey& key, int cluster) {
    showClusterInBrowser(QString::fromStdString(key.embedding), key.k, key.seed, cluster);
  });
  connect(m_clusters, &ClusterPanel::addToProfileRequested, this, &ClusterDocks::addToProfile);
  connect(m_map, &MapPanel::addToProfileRequested, this, &ClusterDocks::addToProfile);
  connect(m_clusters, &ClusterPanel::artworkClicked, this, &ClusterDocks::toggleInProfileRequested);
  connect(m_map->view(), &MapView::artworkClicked, this, &ClusterDocks::toggleInProfileRequested);
  connect(m_map->view(), &MapView::artworkOpened, this, &ClusterDocks::openArtworkRequested);
  connect(m_clusters, &ClusterPanel::computationFinished, this,
          [this](bool, const QString& message) { m_window->statusBar()->showMessage(message, 5000); });
  connect(m_map, &MapPanel::computeRequested, this, [this] {
    m_clusterDock->show();
    m_clusterDock->raise();
    m_clusters->showComputeDialog(QStringLiteral("tsne"));
  });
}

void ClusterDocks::addToProfile(const QList<qint64>& add, const QString& what) {
  std::vector<int64_t> ids = m_profile->ids();
  int added = 0;
  for (qint64 id : add) {
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
    ids.push_back(id);
    ++added;
  }
  if (added > 0) m_profile->setIds(ids, what);
  m_window->statusBar()->showMessage(tr("Added %n artwork(s) to the profile", nullptr, added), 3000);
}

void ClusterDocks::showDock(QDockWidget* dock, QWidget* focus) {
  dock->show();
  dock->raise();
  focus->setFocus(Qt::ShortcutFocusReason);
}

void ClusterDocks::addViewActions(QMenu* view) {
  QAction* clusters =
      view->addAction(tr("Show C&lusters"), this, [this] { showDock(m_clusterDock, m_clusters->grid()); });
  clusters->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_5));
  clusters->setObjectName(QStringLiteral("showClustersAction"));
  QAction* map = view->addAction(tr("Show &Map"), this, [this] { showDock(m_mapDock, m_map->view()); });
  map->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_6));
  map->setObjectName(QStringLiteral("showMapAction"));
  QAction* compute = view->addAction(tr("Compute Clusters and Map\u2026"), this,
                                     [this] { m_clusters->showComputeDialog(QStringLiteral("tsne")); });
  compute->setObjectName(QStringLiteral("computeClustersAction"));
  connect(view, &QMenu::aboutToShow, this,
          [this, compute] { compute->setEnabled(m_window->catalog() != nullptr && !m_window->isReadOnly()); });
}

void ClusterDocks::showClusterInBrowser(const QString& embedding, int k, quint64 seed, int cluster) {
  m_filters->selectCluster(ClusterFilterChoice{embedding, k, seed}, cluster);
  m_window->statusBar()->showMessage(tr("Showing cluster %1 in the browser (Reset clears it)").arg(cluster + 1), 4000);
}

void ClusterDocks::clusteringsChanged() {
  m_map->reload();
  if (!m_clusters->isComputing()) m_clusters->reload();
}

}  // namespace vitrine
