// How the panels follow what is stored in the open catalog: one CatalogWatcher (ui/services) tells
// every commit, whether made here, by a background job (import, embedding, clustering, training,
// evaluation) or by a dialog's own connection, and the panels re-read what it touched. Writers do
// not ask for reloads (docs/architecture.md, "Change notification").
#include <QTimer>

#include "browser/browserpanel.h"
#include "clusters/clusterview.h"
#include "map/mapview.h"
#include "recommendations/recommendationspanel.h"
#include "services/catalogwatcher.h"
#include "shell/mainwindow.h"

namespace vitrine {

void MainWindow::createCatalogWatcher() {
  m_watcher = new CatalogWatcher(this);
  m_watcher->setObjectName(QStringLiteral("catalogWatcher"));
  connect(m_watcher, &CatalogWatcher::changed, this, &MainWindow::onCatalogChanged);
}

void MainWindow::onCatalogChanged(const CatalogChange& change) {
  if (!m_catalog) return;
  // Stored embeddings, models and the default embedding decide the rankers: drop cached ones (a
  // replaced model keeps its name) and re-read the choices the panels offer.
  if (change.any(CatalogFamily::Embeddings | CatalogFamily::Models | CatalogFamily::Settings))
    m_recommendations->invalidate();
  if (change.any(CatalogFamily::Embeddings | CatalogFamily::Models | CatalogFamily::Settings |
                 CatalogFamily::Clusterings))
    loadCatalogInfo();  // the browser's cluster filter, the embedding and CuratorNet choices
  // Artworks land in batches while an import runs: the grid and the filter values follow at most
  // once per 400 ms (m_landTimer).
  if (change.has(CatalogFamily::Artworks) && m_landTimer && !m_landTimer->isActive()) m_landTimer->start();
  if (change.has(CatalogFamily::Clusterings) && m_mapPanel) m_mapPanel->reload();
  // The cluster cards list every stored clustering (one made by a pipeline or the command line
  // appears); a computation of the panel's own shows its result when it ends.
  if (change.has(CatalogFamily::Clusterings) && m_clusterPanel && !m_clusterPanel->isComputing())
    m_clusterPanel->reload();
  // The evaluation panel, the profile panel and the embeddings dialog watch the catalog themselves.
}

}  // namespace vitrine
