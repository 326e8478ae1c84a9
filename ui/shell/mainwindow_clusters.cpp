// MainWindow's visual-cluster part (issue 7): the Clusters and Map docks and their wiring. Kept
// apart from mainwindow.cpp so the browser code stays readable.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QMenu>
#include <QSettings>
#include <QSignalBlocker>
#include <QStatusBar>

#include <algorithm>

#include "browser/filterbar.h"
#include "clusters/clusterview.h"
#include "map/mapview.h"
#include "profile/profileeditor.h"
#include "recommendations/recommendationspanel.h"
#include "services/pixmapcache.h"
#include "shell/mainwindow.h"

namespace vitrine {

void MainWindow::createClusterDocks() {
  m_clusterPanel = new ClusterPanel(m_pixmaps, this);
  m_clusterPanel->setObjectName(QStringLiteral("clusterPanel"));
  m_mapPanel = new MapPanel(m_pixmaps, this);
  m_mapPanel->setObjectName(QStringLiteral("mapPanel"));

  auto* clusterDock = new QDockWidget(tr("Clusters"), this);
  clusterDock->setObjectName(QStringLiteral("clustersDock"));
  clusterDock->setWidget(m_clusterPanel);
  auto* mapDock = new QDockWidget(tr("Map"), this);
  mapDock->setObjectName(QStringLiteral("mapDock"));
  mapDock->setWidget(m_mapPanel);
  for (QDockWidget* d : {clusterDock, mapDock})
    d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
  // Tabbed behind the detail (left) and the recommendations (right) at first.
  QDockWidget* detailDock = findChild<QDockWidget*>(QStringLiteral("detailDock"));
  QDockWidget* recDock = findChild<QDockWidget*>(QStringLiteral("recommendationsDock"));
  addDockWidget(Qt::LeftDockWidgetArea, clusterDock);
  addDockWidget(Qt::RightDockWidgetArea, mapDock);
  if (detailDock) {
    tabifyDockWidget(detailDock, clusterDock);
    detailDock->raise();
  }
  if (recDock) {
    tabifyDockWidget(recDock, mapDock);
    recDock->raise();
  }

  connect(this, &MainWindow::catalogOpened, this, [this](const QString& path) {
    const QString embedding = QSettings().value(QStringLiteral("embedding/") + path).toString();
    m_clusterPanel->setCatalogPath(path, embedding);
    m_mapPanel->setCatalogPath(path, embedding);
    m_mapPanel->view()->setRecommendations({}, {});
  });
  connect(m_profile, &ProfileEditor::changed, this, [this] {
    m_clusterPanel->setProfileIds(m_profile->ids());
    m_mapPanel->view()->setProfileIds(m_profile->ids());
  });
  connect(m_recommendations, &RecommendationsPanel::updated, this, [this] {
    m_mapPanel->view()->setRecommendations(m_recommendations->curatorNetIds(), m_recommendations->visRankIds());
  });
  connect(m_clusterPanel, &ClusterPanel::clusterSetChanged, m_mapPanel, &MapPanel::setClusterSet);
  connect(m_clusterPanel, &ClusterPanel::showClusterRequested, this, [this](const ClusteringKey& key, int cluster) {
    showClusterInBrowser(QString::fromStdString(key.embedding), key.k, key.seed, cluster);
  });
  const auto addIds = [this](const QList<qint64>& add, const QString& what) {
    std::vector<int64_t> ids = m_profile->ids();
    int added = 0;
    for (qint64 id : add) {
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
      ids.push_back(id);
      ++added;
    }
    if (added > 0) m_profile->setIds(ids, what);
    statusBar()->showMessage(tr("Added %n artwork(s) to the profile", nullptr, added), 3000);
  };
  connect(m_clusterPanel, &ClusterPanel::addToProfileRequested, this, addIds);
  connect(m_mapPanel, &MapPanel::addToProfileRequested, this, addIds);
  connect(m_clusterPanel, &ClusterPanel::artworkClicked, this, &MainWindow::toggleInProfile);
  connect(m_mapPanel->view(), &MapView::artworkClicked, this, &MainWindow::toggleInProfile);
  connect(m_mapPanel->view(), &MapView::artworkOpened, this, [this](qint64 id) {
    showArtwork(id);
    raiseDetail();
  });
  // The browser's cluster filter and the map follow a stored clustering through the catalog
  // watcher (mainwindow_changes.cpp).
  connect(m_clusterPanel, &ClusterPanel::computationFinished, this,
          [this](bool, const QString& message) { statusBar()->showMessage(message, 5000); });
  connect(m_mapPanel, &MapPanel::computeRequested, this, [this, clusterDock] {
    clusterDock->show();
    clusterDock->raise();
    m_clusterPanel->showComputeDialog(QStringLiteral("tsne"));
  });
}

void MainWindow::addClusterActions(QMenu* view) {
  const auto show = [this](const QString& name, QWidget* focus) {
    if (auto* d = findChild<QDockWidget*>(name)) {
      d->show();
      d->raise();
    }
    focus->setFocus(Qt::ShortcutFocusReason);
  };
  QAction* clusters = view->addAction(tr("Show C&lusters"), this,
                                      [this, show] { show(QStringLiteral("clustersDock"), m_clusterPanel->grid()); });
  clusters->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_5));
  clusters->setObjectName(QStringLiteral("showClustersAction"));
  QAction* map =
      view->addAction(tr("Show &Map"), this, [this, show] { show(QStringLiteral("mapDock"), m_mapPanel->view()); });
  map->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_6));
  map->setObjectName(QStringLiteral("showMapAction"));
  QAction* compute = view->addAction(tr("Compute Clusters and Map\u2026"), this,
                                     [this] { m_clusterPanel->showComputeDialog(QStringLiteral("tsne")); });
  compute->setObjectName(QStringLiteral("computeClustersAction"));
  connect(view, &QMenu::aboutToShow, this,
          [this, compute] { compute->setEnabled(m_catalog != nullptr && !m_readOnly); });
}

void MainWindow::showClusterInBrowser(const QString& embedding, int k, quint64 seed, int cluster) {
  m_filters->selectCluster(ClusterFilterChoice{embedding, k, seed}, cluster);
  statusBar()->showMessage(tr("Showing cluster %1 in the browser (Reset clears it)").arg(cluster + 1), 4000);
}

}  // namespace vitrine
