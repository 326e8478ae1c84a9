#include "shell/shellmenus.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QUrl>

#include <algorithm>

#include "browser/artworkdetail.h"
#include "browser/artworkmenu.h"
#include "catalog/catalog.h"
#include "clusters/clusterview.h"
#include "map/mapview.h"
#include "shell/mainwindow.h"
#include "shell/userguide.h"

namespace vitrine {

namespace {
constexpr int kMaxRecent = 8;
const char* const kRecentKey = "recentCatalogs";
}  // namespace

void presentWindow(QWidget* window) {
  window->show();
  window->raise();
  window->activateWindow();
}

void addHelpMenu(MainWindow* window) {
  QMenu* help = window->menuBar()->addMenu(MainWindow::tr("&Help"));
  QAction* guide = help->addAction(MainWindow::tr("&User Guide"), window, [window] { showUserGuide(window); });
  guide->setObjectName(QStringLiteral("userGuideAction"));
  guide->setShortcut(QKeySequence::HelpContents);  // F1
  guide->setShortcutContext(Qt::ApplicationShortcut);
  help->addSeparator();
  QAction* aboutQt = help->addAction(MainWindow::tr("About &Qt"), qApp, &QApplication::aboutQt);
  aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
  aboutQt->setMenuRole(QAction::AboutQtRole);
  QAction* about = help->addAction(MainWindow::tr("&About Vitrine"), window, [window] { showAboutVitrine(window); });
  about->setMenuRole(QAction::AboutRole);
}

void showUserGuide(MainWindow* window) {
  const QString path = locateUserGuide();
  if (path.isEmpty()) {
    QMessageBox::warning(window, MainWindow::tr("User Guide"),
                         MainWindow::tr("The user guide (docs/user-guide.html) is not installed next to Vitrine."));
    return;
  }
  if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
    window->statusBar()->showMessage(MainWindow::tr("No application could open %1").arg(path), 8000);
}

void showAboutVitrine(MainWindow* window) {
  const QString credit = window->creditLine();
  QMessageBox::about(window, MainWindow::tr("About Vitrine"),
                     MainWindow::tr("<h3>Vitrine %1</h3>"
                                    "<p>Browse an art collection, build a profile by clicking what you like, and "
                                    "compare CuratorNet and VisRank recommendations side by side.</p>")
                             .arg(QStringLiteral(VITRINE_VERSION)) +
                         (credit.isEmpty() ? QString() : QStringLiteral("<p>%1</p>").arg(credit.toHtmlEscaped())));
}

ArtworkMenu* attachArtworkMenus(MainWindow* window, ProfileEditor* profile) {
  auto* menu = new ArtworkMenu(profile, window);
  menu->setObjectName(QStringLiteral("artworkContextMenus"));
  menu->setLookup([window](qint64 id) -> std::optional<ArtworkMenu::Info> {
    const std::shared_ptr<Catalog> catalog = window->catalog();
    if (!catalog) return std::nullopt;
    try {
      const std::optional<Artwork> a = catalog->artwork(id);
      if (!a) return std::nullopt;
      ArtworkMenu::Info info;
      info.externalId = QString::fromStdString(a->externalId);
      info.sourcePath = ArtworkDetail::absoluteSourcePath(QString::fromStdString(a->sourcePath),
                                                          QString::fromStdString(catalog->directory()));
      return info;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  });
  QObject::connect(menu, &ArtworkMenu::toggleProfileRequested, window, &MainWindow::toggleInProfile);
  QObject::connect(menu, &ArtworkMenu::moreLikeThisRequested, window, &MainWindow::openArtwork);
  QObject::connect(menu, &ArtworkMenu::statusMessage, window,
                   [window](const QString& text, int ms) { window->statusBar()->showMessage(text, ms); });
  for (const char* name :
       {"browserView", "profileView", "curatorNetView", "visRankView", "moreVisRank", "moreCuratorNet"})
    if (auto* v = window->findChild<QAbstractItemView*>(QLatin1String(name))) menu->attach(v);
  if (auto* grid = window->findChild<ClusterGridView*>())
    menu->attach(grid, [grid](const QPoint& pos) { return grid->artworkAt(pos); });
  if (auto* map = window->findChild<MapView*>())
    menu->attach(map, [map](const QPoint& pos) { return map->artworkAt(pos); });
  return menu;
}

void addGoToActions(QMenu* view, QWidget* window) {
  const auto go = [view, window](const QString& text, int key, const char* name) {
    auto* target = window->findChild<QAbstractItemView*>(QLatin1String(name));
    if (!target) return;
    QAction* a = view->addAction(text, window, [target] {
      target->setFocus(Qt::ShortcutFocusReason);
      if (!target->currentIndex().isValid() && target->model() && target->model()->rowCount() > 0)
        target->setCurrentIndex(target->model()->index(0, 0));
    });
    a->setShortcut(QKeySequence(Qt::CTRL | key));
  };
  go(MainWindow::tr("Go to &Grid"), Qt::Key_1, "browserView");
  go(MainWindow::tr("Go to &Profile"), Qt::Key_2, "profileView");
  go(MainWindow::tr("Go to &CuratorNet Column"), Qt::Key_3, "curatorNetView");
  go(MainWindow::tr("Go to &VisRank Column"), Qt::Key_4, "visRankView");
}

void addDetachAction(QMenu* view, QDockWidget* dock) {
  if (!dock) return;
  QAction* detach = view->addAction(MainWindow::tr("&Detach Recommendations"));
  detach->setObjectName(QStringLiteral("detachRecommendationsAction"));
  detach->setCheckable(true);
  detach->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
  QObject::connect(detach, &QAction::toggled, dock, [dock](bool on) {
    if (dock->isFloating() == on) return;
    dock->show();
    dock->setFloating(on);
    if (on) dock->resize(std::max(dock->width(), 900), std::max(dock->height(), 700));
  });
  QObject::connect(dock, &QDockWidget::topLevelChanged, detach, &QAction::setChecked);
}

QList<QKeySequence> uniqueKeys(const QKeySequence& explicitKey, QKeySequence::StandardKey standard) {
  QList<QKeySequence> keys{explicitKey};
  for (const QKeySequence& k : QKeySequence::keyBindings(standard))
    if (!keys.contains(k)) keys << k;
  return keys;
}

QString droppedCatalogPath(const QMimeData* mime) {
  if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
  const QUrl url = mime->urls().constFirst();
  if (!url.isLocalFile()) return {};
  const QFileInfo f(url.toLocalFile());
  if (f.isDir()) return f.absoluteFilePath();
  if (f.isFile() && f.fileName().endsWith(QLatin1String(Catalog::kExtension), Qt::CaseInsensitive))
    return f.absoluteFilePath();
  return {};
}

QStringList recentCatalogs() {
  QStringList list = QSettings().value(kRecentKey).toStringList();
  list.erase(std::remove_if(list.begin(), list.end(), [](const QString& p) { return !QFileInfo(p).isFile(); }),
             list.end());
  return list;
}

void addRecentCatalog(const QString& path) {
  QStringList list = QSettings().value(kRecentKey).toStringList();
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecent) list.removeLast();
  QSettings().setValue(kRecentKey, list);
}

void fillRecentMenu(QMenu* menu, const std::function<void(const QString&)>& open) {
  menu->clear();
  const QStringList list = recentCatalogs();
  int n = 0;
  for (const QString& path : list) {
    QAction* a = menu->addAction(QStringLiteral("&%1  %2").arg(++n).arg(QFileInfo(path).completeBaseName()), menu,
                                 [open, path] { open(path); });
    a->setToolTip(path);
    a->setStatusTip(path);
  }
  if (list.isEmpty()) menu->addAction(MainWindow::tr("No recent catalogs"))->setEnabled(false);
}

}  // namespace vitrine
