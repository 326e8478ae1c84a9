#pragma once
#include <QGraphicsView>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

#include "clusters/clusterview.h"

class QComboBox;
class QLabel;
class QPushButton;
class QRubberBand;
class QToolButton;

namespace vitrine {

class BackgroundJob;
class PixmapCache;

// One stored 2-D layout loaded for display, with what the tooltips and colours need.
struct MapData {
  QString embedding;
  QString method;
  quint64 seed = 0;
  std::vector<qint64> ids;
  std::vector<QPointF> pos;  // scene coordinates (the layout scaled into kSceneSize)
  std::vector<int> period;   // index into periods, -1 = other/none
  QStringList periods;       // the most frequent periods (coloured), most frequent first
  QStringList titles, artists, dates;
  QHash<qint64, int> indexOf;
};

// The map: every artwork at its stored 2-D position in one QGraphicsItem that paints only the
// exposed part (a spatial grid culls the rest) -- coloured dots when many are in view, thumbnails
// once few are. Wheel or +/- zoom (0 fits), drag pans, Shift/Ctrl+drag selects a rectangle,
// click = artworkClicked, double-click = artworkOpened, hover shows a tooltip, Return adds the
// selection, Esc clears it, arrows pan.
class MapView : public QGraphicsView {
  Q_OBJECT

 public:
  static constexpr double kSceneSize = 1000.0;
  enum class ColorBy { Cluster, Period };
  enum Highlight { None = 0, InProfile = 1, CuratorNet = 2, VisRank = 4, Selected = 8 };

  explicit MapView(PixmapCache* pixmaps, QWidget* parent = nullptr);
  ~MapView() override;

  void setMapData(std::shared_ptr<const MapData> data);
  std::shared_ptr<const MapData> mapData() const { return m_data; }
  void setClusterSet(std::shared_ptr<const ClusterSet> set);
  void setColorBy(ColorBy c);
  ColorBy colorBy() const { return m_colorBy; }
  void setProfileIds(const std::vector<int64_t>& ids);
  void setRecommendations(const std::vector<int64_t>& curatorNet, const std::vector<int64_t>& visRank);
  // Highlight flags of an artwork (0 when not on the map or not highlighted).
  int highlightOf(qint64 id) const;
  QColor colorOf(qint64 id) const;
  // Where an artwork is drawn, in viewport coordinates (invalid when not on the map).
  QPoint viewportPointOf(qint64 id) const;
  // The artwork drawn under a viewport position (0 when none).
  qint64 artworkAt(const QPoint& viewportPos) const;
  // Whether the last paint drew thumbnails (zoomed in) rather than dots.
  bool drewThumbnails() const;
  int lastPaintedCount() const;
  QList<qint64> selection() const;
  void clearSelection();
  void selectInViewportRect(const QRect& rect, bool add);

 public Q_SLOTS:
  void fitAll();
  void zoomIn();
  void zoomOut();
  void zoomBy(double factor);
  void zoomToArtwork(qint64 id);

 Q_SIGNALS:
  void artworkClicked(qint64 artworkId);
  void artworkOpened(qint64 artworkId);
  void selectionChanged(int count);
  // Return/Enter with a selection: add it to the profile.
  void addSelectionRequested();

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  bool viewportEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void drawBackground(QPainter* painter, const QRectF& rect) override;

 private:
  class PointsItem;
  friend class PointsItem;
  double scale() const;
  void recolor();

  PixmapCache* m_pixmaps;
  QGraphicsScene* m_scene;
  PointsItem* m_item;
  std::shared_ptr<const MapData> m_data;
  std::shared_ptr<const ClusterSet> m_clusters;
  ColorBy m_colorBy = ColorBy::Cluster;
  QSet<qint64> m_profile, m_cur, m_vis, m_selected;
  std::vector<int> m_colorIndex;  // per point: cluster or period index, -1 = none
  QRubberBand* m_band = nullptr;
  QPoint m_pressPos, m_lastPos;
  bool m_pressed = false, m_dragging = false, m_banding = false, m_afterDoubleClick = false;
  bool m_fitted = false;
};

// The "Map" panel: which stored layout, colour by cluster or period, zoom buttons, "Add
// selection to profile", a legend, and the map (or a hint to compute one).
class MapPanel : public QWidget {
  Q_OBJECT

 public:
  explicit MapPanel(PixmapCache* pixmaps, QWidget* parent = nullptr);
  void setCatalogPath(const QString& path, const QString& preferredEmbedding = QString());
  void reload();
  void setClusterSet(std::shared_ptr<const ClusterSet> set);
  MapView* view() const { return m_view; }
  bool isLoading() const { return m_loading; }
  bool hasMap() const { return m_view->mapData() != nullptr; }

 Q_SIGNALS:
  void addToProfileRequested(const QList<qint64>& ids, const QString& what);
  void computeRequested();

 private:
  void load(const QString& wanted);
  void updateLegend();

  MapView* m_view;
  QComboBox* m_layoutCombo;
  QComboBox* m_colorCombo;
  QPushButton* m_addSelection;
  QLabel* m_legend;
  QLabel* m_empty;
  QToolButton* m_compute;
  QWidget* m_emptyBox;
  QString m_path, m_preferred;
  BackgroundJob* m_loadJob;  // reads a stored map (latest wins)
  bool m_loading = false;
};

}  // namespace vitrine
