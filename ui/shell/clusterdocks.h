#pragma once
#include <QList>
#include <QObject>
#include <QString>

class QDockWidget;
class QMenu;

namespace vitrine {

class ClusterPanel;
class FilterBar;
class MainWindow;
class MapPanel;
class PixmapCache;
class ProfileEditor;
class RecommendationsPanel;

// The visual-cluster part of the main window (issue 7): the Clusters and Map docks ("clustersDock"
// with "clusterPanel", "mapDock" with "mapPanel"), tabbed behind the artwork detail and the
// recommendations at first, and their View actions (Show Clusters Ctrl+5, Show Map Ctrl+6, Compute
// Clusters and Map…). Both follow the open catalog and the profile; the map marks both columns'
// recommendations; a cluster can be shown in the browser through the filter bar's cluster filter.
class ClusterDocks : public QObject {
  Q_OBJECT

 public:
  ClusterDocks(MainWindow* window, PixmapCache* pixmaps, ProfileEditor* profile, FilterBar* filters,
               RecommendationsPanel* recommendations);

  ClusterPanel* clusterPanel() const { return m_clusters; }
  MapPanel* mapPanel() const { return m_map; }
  void addViewActions(QMenu* view);
  // Shows only one cluster of a stored clustering in the browser (via the cluster filter).
  void showClusterInBrowser(const QString& embedding, int k, quint64 seed, int cluster);
  // The catalog's stored clusterings changed: the map and the cluster cards re-read them (a
  // computation of the panel's own shows its result when it ends).
  void clusteringsChanged();

 Q_SIGNALS:
  void toggleInProfileRequested(qint64 artworkId);
  void openArtworkRequested(qint64 artworkId);

 private:
  void addToProfile(const QList<qint64>& ids, const QString& what);
  void showDock(QDockWidget* dock, QWidget* focus);

  MainWindow* m_window;
  ProfileEditor* m_profile;
  FilterBar* m_filters;
  ClusterPanel* m_clusters;
  MapPanel* m_map;
  QDockWidget* m_clusterDock;
  QDockWidget* m_mapDock;
};

}  // namespace vitrine
