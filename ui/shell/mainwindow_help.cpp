// MainWindow's Help menu (User Guide, About Qt), the "detach recommendations" view action and the
// artwork context menu shared by every thumbnail view.
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QUrl>

#include "browser/artworkdetail.h"
#include "browser/artworkmenu.h"
#include "browser/browserpanel.h"
#include "browser/thumbnailview.h"
#include "catalog/catalog.h"
#include "clusters/clusterview.h"
#include "map/mapview.h"
#include "profile/profilepanel.h"
#include "recommendations/recommendationspanel.h"
#include "shell/mainwindow.h"
#include "shell/userguide.h"

namespace vitrine {

void MainWindow::addHelpActions(QMenu* help) {
  QAction* guide = help->addAction(tr("&User Guide"), this, &MainWindow::showUserGuide);
  guide->setObjectName(QStringLiteral("userGuideAction"));
  guide->setShortcut(QKeySequence::HelpContents);  // F1
  guide->setShortcutContext(Qt::ApplicationShortcut);
  help->addSeparator();
  QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
  aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
  aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::showUserGuide() {
  const QString path = locateUserGuide();
  if (path.isEmpty()) {
    QMessageBox::warning(this, tr("User Guide"),
                         tr("The user guide (docs/user-guide.html) is not installed next to Vitrine."));
    return;
  }
  if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
    statusBar()->showMessage(tr("No application could open %1").arg(path), 8000);
}

void MainWindow::attachArtworkMenus() {
  m_artworkMenu = new ArtworkMenu(m_profile, this);
  m_artworkMenu->setObjectName(QStringLiteral("artworkContextMenus"));
  m_artworkMenu->setLookup([this](qint64 id) -> std::optional<ArtworkMenu::Info> {
    if (!m_catalog) return std::nullopt;
    try {
      const std::optional<Artwork> a = m_catalog->artwork(id);
      if (!a) return std::nullopt;
      ArtworkMenu::Info info;
      info.externalId = QString::fromStdString(a->externalId);
      info.sourcePath = ArtworkDetail::absoluteSourcePath(QString::fromStdString(a->sourcePath),
                                                          QString::fromStdString(m_catalog->directory()));
      return info;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  });
  connect(m_artworkMenu, &ArtworkMenu::toggleProfileRequested, this, &MainWindow::toggleInProfile);
  connect(m_artworkMenu, &ArtworkMenu::moreLikeThisRequested, this, [this](qint64 id) {
    showArtwork(id);
    raiseDetail();
  });
  connect(m_artworkMenu, &ArtworkMenu::statusMessage, this,
          [this](const QString& text, int ms) { statusBar()->showMessage(text, ms); });
  m_artworkMenu->attach(m_browser->view());
  m_artworkMenu->attach(m_profilePanel->view());
  for (const char* name : {"curatorNetView", "visRankView"})
    if (auto* v = m_recommendations->findChild<QAbstractItemView*>(QLatin1String(name))) m_artworkMenu->attach(v);
  for (const char* name : {"moreVisRank", "moreCuratorNet"})
    if (auto* v = m_detail->findChild<QAbstractItemView*>(QLatin1String(name))) m_artworkMenu->attach(v);
  if (m_clusterPanel) {
    ClusterGridView* grid = m_clusterPanel->grid();
    m_artworkMenu->attach(grid, [grid](const QPoint& pos) { return grid->artworkAt(pos); });
  }
  if (m_mapPanel) {
    MapView* map = m_mapPanel->view();
    m_artworkMenu->attach(map, [map](const QPoint& pos) { return map->artworkAt(pos); });
  }
}

}  // namespace vitrine
