#pragma once
#include <QKeySequence>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QDockWidget;
class QMenu;
class QMenuBar;
class QMimeData;
class QWidget;

namespace vitrine {

class ArtworkMenu;
class MainWindow;
class ProfileEditor;

// Small pieces of the main window's menus, kept out of mainwindow.cpp.

// Shows a tool window, raises it and gives it the keyboard (what every menu command that opens
// one does).
void presentWindow(QWidget* window);

// Help menu: User Guide (F1, "userGuideAction"), About Qt ("aboutQtAction"), About Vitrine (with
// the catalog's data credit when it has one).
void addHelpMenu(MainWindow* window);
// Opens the bundled docs/user-guide.html with the desktop's browser (a message box when it is not
// installed, a status message when nothing can open it).
void showUserGuide(MainWindow* window);
void showAboutVitrine(MainWindow* window);

// The context menu every artwork thumbnail shares ("artworkContextMenus": add/remove from the
// profile, more like this, copy the id, show the file), attached to the browser, profile,
// recommendation, "more like this", cluster and map views of `window`. Artwork facts come from
// the window's open catalog.
ArtworkMenu* attachArtworkMenus(MainWindow* window, ProfileEditor* profile);

// View -> Go to Grid / Profile / CuratorNet Column / VisRank Column (Ctrl+1…4): keyboard focus to
// the views named browserView, profileView, curatorNetView and visRankView in `window` (the first
// row becomes current when none is).
void addGoToActions(QMenu* view, QWidget* window);
// View -> Detach Recommendations (Ctrl+Shift+D, "detachRecommendationsAction"): the
// recommendations dock in a window of its own (and back), for a wide or second screen.
void addDetachAction(QMenu* view, QDockWidget* recommendationsDock);
// `explicitKey` plus the platform's standard keys for `standard`, without duplicates (a duplicate,
// e.g. Ctrl+- on Linux, makes the shortcut ambiguous and dead).
QList<QKeySequence> uniqueKeys(const QKeySequence& explicitKey, QKeySequence::StandardKey standard);
// The one local folder or .vitrine file a drag carries, else an empty string.
QString droppedCatalogPath(const QMimeData* mime);

// File -> Open Recent: the last 8 catalogs opened (QSettings "recentCatalogs"), existing files
// only, newest first.
QStringList recentCatalogs();
void addRecentCatalog(const QString& path);
// Fills `menu` with the recent catalogs (Alt+1…8), each calling `open` with its path.
void fillRecentMenu(QMenu* menu, const std::function<void(const QString&)>& open);

}  // namespace vitrine
