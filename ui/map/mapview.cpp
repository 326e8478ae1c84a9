#include "map/mapview.h"

#include <QComboBox>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QRubberBand>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QStyleOptionGraphicsItem>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <map>

#include "catalog/catalog.h"
#include "services/backgroundjob.h"
#include "services/pixmapcache.h"
#include "browser/thumbnaildelegate.h"
#include "theme/theme.h"

namespace vitrine {

namespace {
constexpr int kGrid = 128;           // spatial grid cells per side
constexpr int kMaxThumbnails = 220;  // thumbnails instead of dots when at most this many are in view
constexpr int kColoredPeriods = 11;
constexpr double kMargin = 60.0;  // scene units around the points
constexpr int kPaletteSize = 12;  // theme::categoryCount(): clusterColor() repeats after this many

int thumbSide(double scale) { return std::clamp(int(std::lround(scale * 14.0)), 40, 128); }
}  // namespace

// --- the single item painting every point ------------------------------------------------------

class MapView::PointsItem : public QGraphicsItem {
 public:
  explicit PointsItem(MapView* view) : m_view(view) { setFlag(ItemUsesExtendedStyleOption); }

  void rebuild() {
    prepareGeometryChange();
    m_cells.assign(size_t(kGrid) * kGrid, {});
    m_bounds = QRectF();
    const auto& d = m_view->m_data;
    if (!d || d->pos.empty()) return;
    for (const QPointF& p : d->pos) m_bounds |= QRectF(p, QSizeF(0.001, 0.001));
    for (size_t i = 0; i < d->pos.size(); ++i) m_cells[size_t(cellOf(d->pos[i]))].push_back(int(i));
  }
  QRectF boundingRect() const override { return m_bounds.adjusted(-kMargin, -kMargin, kMargin, kMargin); }
  QRectF pointBounds() const { return m_bounds; }

  int cellX(double x) const {
    const double w = std::max(1e-9, m_bounds.width());
    return std::clamp(int((x - m_bounds.left()) / w * kGrid), 0, kGrid - 1);
  }
  int cellY(double y) const {
    const double h = std::max(1e-9, m_bounds.height());
    return std::clamp(int((y - m_bounds.top()) / h * kGrid), 0, kGrid - 1);
  }
  int cellOf(const QPointF& p) const { return cellY(p.y()) * kGrid + cellX(p.x()); }

  // Indices of points inside r (scene coordinates).
  template <typename F>
  void forEachIn(const QRectF& r, F&& f) const {
    const auto& d = m_view->m_data;
    if (!d || m_cells.empty() || !r.intersects(m_bounds.adjusted(-1, -1, 1, 1))) return;
    const int x0 = cellX(r.left()), x1 = cellX(r.right()), y0 = cellY(r.top()), y1 = cellY(r.bottom());
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x)
        for (int i : m_cells[size_t(y * kGrid + x)])
          if (r.contains(d->pos[size_t(i)])) f(i);
  }

  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) override {
    const auto& d = m_view->m_data;
    if (!d) return;
    const QTransform t = painter->worldTransform();
    const double scale = std::max(1e-9, std::abs(t.m11()));
    const QRectF exposed = option->exposedRect;
    // Count first: thumbnails when few are in view, dots otherwise.
    std::vector<int> visible;
    forEachIn(exposed, [&visible](int i) { visible.push_back(i); });
    m_thumbnails = !visible.empty() && int(visible.size()) <= kMaxThumbnails;
    m_side = thumbSide(scale);
    if (m_thumbnails) {
      const double margin = m_side / scale;
      visible.clear();
      forEachIn(exposed.adjusted(-margin, -margin, margin, margin), [&visible](int i) { visible.push_back(i); });
    }
    m_painted = int(visible.size());
    painter->save();
    painter->resetTransform();
    const auto flags = [this, d](int i) { return m_view->highlightOf(d->ids[size_t(i)]); };
    if (m_thumbnails) {
      // Highlighted thumbnails last, so they stay on top.
      std::stable_sort(visible.begin(), visible.end(), [&flags](int a, int b) { return flags(a) < flags(b); });
      painter->setRenderHint(QPainter::SmoothPixmapTransform);
      painter->setRenderHint(QPainter::Antialiasing);
      const int s = m_side;
      for (int i : visible) {
        const QPointF c = t.map(d->pos[size_t(i)]);
        const qint64 id = d->ids[size_t(i)];
        const QColor color = m_view->colorOf(id);
        QPixmap pm = m_view->m_pixmaps ? m_view->m_pixmaps->pixmap(id) : QPixmap();
        QRectF r(c.x() - s / 2.0, c.y() - s / 2.0, s, s);
        if (!pm.isNull()) {
          const QSizeF sz = QSizeF(pm.size()).scaled(r.size(), Qt::KeepAspectRatio);
          r = QRectF(c.x() - sz.width() / 2, c.y() - sz.height() / 2, sz.width(), sz.height());
          painter->drawPixmap(r, pm, QRectF(pm.rect()));
        } else {
          painter->fillRect(r, theme::placeholder());
        }
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(color, 2));
        painter->drawRect(r);
        drawHighlights(painter, c, flags(i), std::max(r.width(), r.height()) / 2 + 3, true);
      }
    } else {
      const int dot = visible.size() > 20000 ? 3 : visible.size() > 3000 ? 4 : 6;
      // One drawPoints call per colour (colour indices are precomputed per point).
      const std::vector<int>& colorIndex = m_view->m_colorIndex;
      std::vector<std::vector<QPointF>> byColor(kPaletteSize + 1);
      for (int i : visible) {
        const int ci = colorIndex.empty() ? -1 : colorIndex[size_t(i)];
        byColor[size_t(ci < 0 ? kPaletteSize : ci % kPaletteSize)].push_back(t.map(d->pos[size_t(i)]));
      }
      for (int ci = 0; ci <= kPaletteSize; ++ci) {
        const auto& points = byColor[size_t(ci)];
        if (points.empty()) continue;
        painter->setPen(QPen(clusterColor(ci == kPaletteSize ? -1 : ci), dot, Qt::SolidLine,
                             visible.size() > 20000 ? Qt::SquareCap : Qt::RoundCap));
        painter->drawPoints(points.data(), int(points.size()));
      }
      // Highlights from the (small) highlighted sets, on top.
      painter->setRenderHint(QPainter::Antialiasing);
      QSet<qint64> marked = m_view->m_profile;
      marked.unite(m_view->m_cur).unite(m_view->m_vis).unite(m_view->m_selected);
      std::vector<std::pair<int, int>> hl;  // (flags, index)
      for (qint64 id : std::as_const(marked)) {
        const int i = d->indexOf.value(id, -1);
        if (i >= 0 && exposed.contains(d->pos[size_t(i)])) hl.emplace_back(flags(i), i);
      }
      std::sort(hl.begin(), hl.end());
      for (const auto& [f, i] : hl) drawHighlights(painter, t.map(d->pos[size_t(i)]), f, 6, false);
    }
    painter->restore();
  }

  // Around a dot: a ring in the profile colour; around a thumbnail: a frame (as in the grid).
  static void drawHighlights(QPainter* p, const QPointF& c, int f, double radius, bool thumbnail) {
    if (f == 0) return;
    p->setBrush(Qt::NoBrush);
    if (f & VisRank) {
      p->setPen(QPen(theme::visRank(), 2));
      const double r = radius + 3;
      p->drawRect(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r));
    }
    if (f & CuratorNet) {
      p->setPen(QPen(theme::curatorNet(), 2));
      const double r = radius + 6;
      const QPointF poly[] = {{c.x(), c.y() - r}, {c.x() + r, c.y()}, {c.x(), c.y() + r}, {c.x() - r, c.y()}};
      p->drawPolygon(poly, 4);
    }
    if (f & InProfile) {
      if (thumbnail) {
        p->setPen(QPen(ThumbnailDelegate::profileColor(), 3));
        p->drawRect(QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius));
      } else {
        // A dark halo and a light rim set the ring off from dots of any cluster colour (the
        // orange ring alone was lost among red and orange clusters); a filled centre inside.
        p->setPen(QPen(QColor(0, 0, 0, 200), 7));
        p->drawEllipse(c, radius + 1, radius + 1);
        p->setPen(QPen(QColor(255, 255, 255, 230), 1.5));
        p->drawEllipse(c, radius + 3, radius + 3);
        p->setPen(QPen(ThumbnailDelegate::profileColor(), 3));
        p->drawEllipse(c, radius + 1, radius + 1);
        p->setBrush(ThumbnailDelegate::profileColor());
        p->setPen(Qt::NoPen);
        p->drawEllipse(c, 3.5, 3.5);
        p->setBrush(Qt::NoBrush);
      }
    }
    if (f & Selected) {
      p->setPen(QPen(theme::textSelected(), 1.5, Qt::DashLine));
      if (thumbnail) {
        p->drawRect(QRectF(c.x() - radius - 2, c.y() - radius - 2, 2 * radius + 4, 2 * radius + 4));
      } else {
        p->drawEllipse(c, radius + 2, radius + 2);
      }
    }
  }

  MapView* m_view;
  QRectF m_bounds;
  std::vector<std::vector<int>> m_cells;
  mutable bool m_thumbnails = false;
  mutable int m_side = 40;
  mutable int m_painted = 0;
};

// --- the view ----------------------------------------------------------------------------------

MapView::MapView(PixmapCache* pixmaps, QWidget* parent)
    : QGraphicsView(parent), m_pixmaps(pixmaps), m_scene(new QGraphicsScene(this)) {
  setObjectName(QStringLiteral("mapView"));
  m_item = new PointsItem(this);
  m_scene->addItem(m_item);
  m_scene->setItemIndexMethod(QGraphicsScene::NoIndex);
  setScene(m_scene);
  setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
  setOptimizationFlags(QGraphicsView::DontSavePainterState);
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setResizeAnchor(QGraphicsView::AnchorViewCenter);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setFrameShape(QFrame::NoFrame);
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setBackgroundBrush(theme::ground());
  if (pixmaps) {
    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setInterval(60);
    connect(timer, &QTimer::timeout, viewport(), qOverload<>(&QWidget::update));
    connect(pixmaps, &PixmapCache::pixmapReady, this, [this, timer] {
      if (m_item->m_thumbnails) timer->start();
    });
  }
}

MapView::~MapView() = default;

void MapView::setMapData(std::shared_ptr<const MapData> data) {
  m_data = std::move(data);
  m_selected.clear();
  m_item->rebuild();
  recolor();
  const QRectF b = m_item->pointBounds();
  // Room to pan past the edges when zoomed in.
  m_scene->setSceneRect(b.isNull() ? QRectF(0, 0, kSceneSize, kSceneSize)
                                   : b.adjusted(-kSceneSize, -kSceneSize, kSceneSize, kSceneSize));
  m_fitted = false;
  fitAll();
  Q_EMIT selectionChanged(0);
}

void MapView::setClusterSet(std::shared_ptr<const ClusterSet> set) {
  m_clusters = std::move(set);
  recolor();
  viewport()->update();
}

void MapView::setColorBy(ColorBy c) {
  m_colorBy = c;
  recolor();
  viewport()->update();
}

void MapView::setProfileIds(const std::vector<int64_t>& ids) {
  m_profile = QSet<qint64>(ids.begin(), ids.end());
  viewport()->update();
}

void MapView::setRecommendations(const std::vector<int64_t>& curatorNet, const std::vector<int64_t>& visRank) {
  m_cur = QSet<qint64>(curatorNet.begin(), curatorNet.end());
  m_vis = QSet<qint64>(visRank.begin(), visRank.end());
  viewport()->update();
}

int MapView::highlightOf(qint64 id) const {
  if (!m_data || !m_data->indexOf.contains(id)) return None;
  int f = None;
  if (m_profile.contains(id)) f |= InProfile;
  if (m_cur.contains(id)) f |= CuratorNet;
  if (m_vis.contains(id)) f |= VisRank;
  if (m_selected.contains(id)) f |= Selected;
  return f;
}

void MapView::recolor() {
  m_colorIndex.clear();
  if (!m_data) return;
  m_colorIndex.resize(m_data->ids.size(), -1);
  for (size_t i = 0; i < m_data->ids.size(); ++i)
    m_colorIndex[i] = m_colorBy == ColorBy::Period ? m_data->period[i]
                      : m_clusters                 ? m_clusters->clusterOf.value(m_data->ids[i], -1)
                                                   : -1;
}

QColor MapView::colorOf(qint64 id) const {
  if (m_colorBy == ColorBy::Period) {
    const int i = m_data ? m_data->indexOf.value(id, -1) : -1;
    return clusterColor(i < 0 ? -1 : m_data->period[size_t(i)]);
  }
  return clusterColor(m_clusters ? m_clusters->clusterOf.value(id, -1) : -1);
}

QPoint MapView::viewportPointOf(qint64 id) const {
  if (!m_data || !m_data->indexOf.contains(id)) return {};
  return mapFromScene(m_data->pos[size_t(m_data->indexOf.value(id))]);
}

double MapView::scale() const { return std::max(1e-9, std::abs(transform().m11())); }

qint64 MapView::artworkAt(const QPoint& viewportPos) const {
  if (!m_data) return 0;
  const double s = scale();
  const double radiusPx = m_item->m_thumbnails ? thumbSide(s) / 2.0 : 6.0;
  const double r = radiusPx / s;
  const QPointF c = mapToScene(viewportPos);
  qint64 best = 0;
  double bestD = r * r;
  m_item->forEachIn(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), [&](int i) {
    const QPointF d = m_data->pos[size_t(i)] - c;
    const double dd = d.x() * d.x() + d.y() * d.y();
    if (dd <= bestD) {
      bestD = dd;
      best = m_data->ids[size_t(i)];
    }
  });
  return best;
}

bool MapView::drewThumbnails() const { return m_item->m_thumbnails; }
int MapView::lastPaintedCount() const { return m_item->m_painted; }

QList<qint64> MapView::selection() const {
  QList<qint64> ids;
  if (!m_data) return ids;
  for (qint64 id : m_data->ids)
    if (m_selected.contains(id)) ids << id;
  return ids;
}

void MapView::clearSelection() {
  m_selected.clear();
  viewport()->update();
  Q_EMIT selectionChanged(0);
}

void MapView::selectInViewportRect(const QRect& rect, bool add) {
  if (!add) m_selected.clear();
  if (m_data) {
    const QRectF r = mapToScene(rect.normalized()).boundingRect();
    m_item->forEachIn(r, [this](int i) { m_selected.insert(m_data->ids[size_t(i)]); });
  }
  viewport()->update();
  Q_EMIT selectionChanged(int(m_selected.size()));
}

void MapView::fitAll() {
  const QRectF b = m_item->pointBounds();
  if (b.isNull() || viewport()->width() < 10) return;
  // Room for half a thumbnail (and its highlight frames) around the outermost points.
  constexpr double marginPx = 40;
  const double w = std::max(1e-6, b.width()), h = std::max(1e-6, b.height());
  double s = std::min((viewport()->width() - 2 * marginPx) / w, (viewport()->height() - 2 * marginPx) / h);
  s = std::clamp(s, 0.02, 400.0);
  setTransform(QTransform::fromScale(s, s));
  centerOn(b.center());
  m_fitted = true;
}

void MapView::zoomBy(double factor) {
  const double s = scale();
  const double target = std::clamp(s * factor, 0.02, 400.0);
  QGraphicsView::scale(target / s, target / s);
  m_fitted = false;
}

void MapView::zoomIn() {
  const auto anchor = transformationAnchor();
  setTransformationAnchor(QGraphicsView::AnchorViewCenter);
  zoomBy(1.25);
  setTransformationAnchor(anchor);
}

void MapView::zoomOut() {
  const auto anchor = transformationAnchor();
  setTransformationAnchor(QGraphicsView::AnchorViewCenter);
  zoomBy(0.8);
  setTransformationAnchor(anchor);
}

void MapView::zoomToArtwork(qint64 id) {
  if (!m_data || !m_data->indexOf.contains(id)) return;
  centerOn(m_data->pos[size_t(m_data->indexOf.value(id))]);
}

void MapView::wheelEvent(QWheelEvent* event) {
  const int delta = event->angleDelta().y();
  if (delta == 0) return;
  zoomBy(std::pow(1.0015, delta));
  event->accept();
}

void MapView::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
      zoomIn();
      return;
    case Qt::Key_Minus:
      zoomOut();
      return;
    case Qt::Key_0:
    case Qt::Key_Home:
      fitAll();
      return;
    case Qt::Key_Left:
      horizontalScrollBar()->setValue(horizontalScrollBar()->value() - 40);
      return;
    case Qt::Key_Right:
      horizontalScrollBar()->setValue(horizontalScrollBar()->value() + 40);
      return;
    case Qt::Key_Up:
      verticalScrollBar()->setValue(verticalScrollBar()->value() - 40);
      return;
    case Qt::Key_Down:
      verticalScrollBar()->setValue(verticalScrollBar()->value() + 40);
      return;
    case Qt::Key_Escape:
      clearSelection();
      return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
      if (!m_selected.isEmpty()) Q_EMIT addSelectionRequested();
      return;
    default:
      break;
  }
  QGraphicsView::keyPressEvent(event);
}

void MapView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) {
    QGraphicsView::mousePressEvent(event);
    return;
  }
  setFocus(Qt::MouseFocusReason);
  m_pressed = true;
  m_dragging = false;
  m_pressPos = m_lastPos = event->position().toPoint();
  m_banding = event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier);
  event->accept();
}

void MapView::mouseMoveEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  if (!m_pressed) {
    QGraphicsView::mouseMoveEvent(event);
    return;
  }
  if (!m_dragging && (pos - m_pressPos).manhattanLength() >= 5) m_dragging = true;
  if (!m_dragging) return;
  if (m_banding) {
    if (!m_band) m_band = new QRubberBand(QRubberBand::Rectangle, viewport());
    m_band->setGeometry(QRect(m_pressPos, pos).normalized());
    m_band->show();
  } else {
    const QPoint d = pos - m_lastPos;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
    viewport()->setCursor(Qt::ClosedHandCursor);
  }
  m_lastPos = pos;
}

void MapView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !m_pressed) {
    QGraphicsView::mouseReleaseEvent(event);
    return;
  }
  m_pressed = false;
  viewport()->unsetCursor();
  const QPoint pos = event->position().toPoint();
  if (m_dragging) {
    if (m_banding) {
      if (m_band) m_band->hide();
      selectInViewportRect(QRect(m_pressPos, pos), event->modifiers() & Qt::ControlModifier);
    }
    m_dragging = false;
    return;
  }
  if (m_afterDoubleClick) {
    m_afterDoubleClick = false;
    return;
  }
  if (const qint64 id = artworkAt(pos)) Q_EMIT artworkClicked(id);
}

void MapView::mouseDoubleClickEvent(QMouseEvent* event) {
  m_afterDoubleClick = true;
  m_pressed = false;
  if (const qint64 id = artworkAt(event->position().toPoint())) Q_EMIT artworkOpened(id);
}

bool MapView::viewportEvent(QEvent* event) {
  if (event->type() == QEvent::ToolTip && m_data) {
    auto* help = static_cast<QHelpEvent*>(event);
    const qint64 id = artworkAt(help->pos());
    if (id == 0) {
      QToolTip::hideText();
      return true;
    }
    const int i = m_data->indexOf.value(id);
    QString text = QStringLiteral("<b>%1</b>").arg(m_data->titles.value(i).toHtmlEscaped());
    const QString artist = m_data->artists.value(i), date = m_data->dates.value(i);
    if (!artist.isEmpty() || !date.isEmpty())
      text += QStringLiteral("<br>%1").arg(QStringList{artist, date}.join(QStringLiteral(", ")).toHtmlEscaped());
    if (m_clusters && m_clusters->clusterOf.contains(id))
      text += tr("<br>Cluster %1").arg(m_clusters->clusterOf.value(id) + 1);
    const int p = m_data->period[size_t(i)];
    if (p >= 0) text += QStringLiteral(" \u00b7 %1").arg(m_data->periods.value(p).toHtmlEscaped());
    const int f = highlightOf(id);
    QStringList marks;
    if (f & InProfile) marks << tr("in your profile");
    if (f & CuratorNet) marks << tr("recommended by CuratorNet");
    if (f & VisRank) marks << tr("recommended by VisRank");
    if (!marks.isEmpty()) text += QStringLiteral("<br><i>%1</i>").arg(marks.join(QStringLiteral(", ")));
    text += tr("<br><span style='color:%1'>Click: add/remove \u00b7 double-click: show</span>")
                .arg(theme::textDim().name());
    QToolTip::showText(help->globalPos(), text, viewport());
    return true;
  }
  return QGraphicsView::viewportEvent(event);
}

void MapView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  if (m_fitted || (m_data && transform().isIdentity())) fitAll();
}

void MapView::drawBackground(QPainter* painter, const QRectF& rect) {
  painter->fillRect(rect, backgroundBrush());
  if (!m_data) return;
  painter->save();
  painter->resetTransform();
  painter->setPen(theme::textDim());
  const QString hint = m_item->m_thumbnails
                           ? tr("Drag to pan \u00b7 wheel or +/- to zoom \u00b7 0 fits \u00b7 Shift+drag selects")
                           : tr("Zoom in (wheel or +) to see thumbnails \u00b7 Shift+drag selects");
  painter->drawText(viewport()->rect().adjusted(8, 4, -8, -4), Qt::AlignLeft | Qt::AlignBottom, hint);
  painter->restore();
}

// --- the panel ---------------------------------------------------------------------------------

namespace {
struct MapLoad {
  QStringList layouts;  // "embedding|method|seed"
  std::shared_ptr<MapData> data;
  QString error;
};

MapLoad loadMap(const std::string& path, const QString& wanted, const QString& preferred) {
  MapLoad r;
  try {
    const Catalog c = Catalog::open(path, true);
    const std::vector<StoredLayout> all = listLayouts(c);
    for (const StoredLayout& l : all)
      r.layouts << QStringLiteral("%1|%2|%3")
                       .arg(QString::fromStdString(l.embedding), QString::fromStdString(l.method))
                       .arg(l.seed);
    if (r.layouts.isEmpty()) return r;
    QString key = r.layouts.contains(wanted) ? wanted : QString();
    if (key.isEmpty())
      for (const QString& k : r.layouts)
        if (k.section(QLatin1Char('|'), 0, 0) == preferred) {
          key = k;
          break;
        }
    if (key.isEmpty()) key = r.layouts.first();
    const QStringList parts = key.split(QLatin1Char('|'));
    const auto stored =
        loadLayout(c, parts.value(0).toStdString(), parts.value(1).toStdString(), parts.value(2).toULongLong());
    if (!stored) return r;
    auto d = std::make_shared<MapData>();
    d->embedding = parts.value(0);
    d->method = parts.value(1);
    d->seed = parts.value(2).toULongLong();
    const size_t n = stored->artworkIds.size();
    // Scale into a kSceneSize square (aspect kept), y down as on screen.
    float minX = 0, maxX = 1, minY = 0, maxY = 1;
    if (n > 0) {
      minX = maxX = stored->xy[0];
      minY = maxY = stored->xy[1];
      for (size_t i = 0; i < n; ++i) {
        minX = std::min(minX, stored->xy[2 * i]);
        maxX = std::max(maxX, stored->xy[2 * i]);
        minY = std::min(minY, stored->xy[2 * i + 1]);
        maxY = std::max(maxY, stored->xy[2 * i + 1]);
      }
    }
    const double span = std::max({double(maxX - minX), double(maxY - minY), 1e-9});
    const double f = MapView::kSceneSize / span;
    std::unordered_map<int64_t, size_t> rowOf;
    d->ids.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      d->ids.push_back(stored->artworkIds[i]);
      d->pos.emplace_back((stored->xy[2 * i] - minX) * f, (maxY - stored->xy[2 * i + 1]) * f);
      d->indexOf.insert(stored->artworkIds[i], int(i));
      rowOf[stored->artworkIds[i]] = i;
    }
    d->titles.resize(qsizetype(n));
    d->artists.resize(qsizetype(n));
    d->dates.resize(qsizetype(n));
    std::vector<std::string> period(n);
    std::map<std::string, int64_t> counts;
    for (const Artwork& a : c.artworks()) {
      auto it = rowOf.find(a.id);
      if (it == rowOf.end()) continue;
      const qsizetype i = qsizetype(it->second);
      d->titles[i] = QString::fromStdString(a.title);
      d->artists[i] = QString::fromStdString(a.artist);
      d->dates[i] = QString::fromStdString(a.dateText);
      period[size_t(i)] = a.period.empty() ? a.style : a.period;
      if (!period[size_t(i)].empty()) ++counts[period[size_t(i)]];
    }
    std::vector<std::pair<int64_t, std::string>> byCount;
    for (const auto& [name, count] : counts) byCount.emplace_back(-count, name);
    std::sort(byCount.begin(), byCount.end());
    std::unordered_map<std::string, int> periodIndex;
    for (size_t i = 0; i < byCount.size() && int(i) < kColoredPeriods; ++i) {
      periodIndex[byCount[i].second] = int(i);
      d->periods << QString::fromStdString(byCount[i].second);
    }
    d->period.resize(n, -1);
    for (size_t i = 0; i < n; ++i) {
      auto it = periodIndex.find(period[i]);
      if (it != periodIndex.end()) d->period[i] = it->second;
    }
    r.data = std::move(d);
  } catch (const std::exception& e) {
    r.error = QString::fromStdString(e.what());
  }
  return r;
}
}  // namespace

MapPanel::MapPanel(PixmapCache* pixmaps, QWidget* parent)
    : QWidget(parent),
      m_view(new MapView(pixmaps, this)),
      m_layoutCombo(new QComboBox(this)),
      m_colorCombo(new QComboBox(this)),
      m_addSelection(new QPushButton(this)),
      m_legend(new QLabel(this)),
      m_empty(new QLabel(this)),
      m_compute(new QToolButton(this)),
      m_emptyBox(new QWidget(this)) {
  m_loadJob = new BackgroundJob(this);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(8, 6, 8, 6);
  lay->setSpacing(6);
  auto* top = new QHBoxLayout;
  top->setSpacing(6);
  const auto dim = [this](const QString& text) {
    auto* l = new QLabel(text, this);
    l->setStyleSheet(theme::css(theme::textDim()));
    return l;
  };
  top->addWidget(dim(tr("Map")));
  m_layoutCombo->setObjectName(QStringLiteral("layoutCombo"));
  m_layoutCombo->setToolTip(tr("Which stored map (embedding, method, seed)"));
  m_layoutCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_layoutCombo->setMinimumContentsLength(8);
  top->addWidget(m_layoutCombo, 1);  // the free width goes to the map's name, not to a gap
  // A narrow dock still elides the name: the tooltip tells it in full.
  connect(m_layoutCombo, &QComboBox::currentTextChanged, m_layoutCombo, [this](const QString& text) {
    m_layoutCombo->setToolTip(tr("Which stored map (embedding, method, seed)") +
                              (text.isEmpty() ? QString() : QStringLiteral("\n") + text));
  });
  top->addWidget(dim(tr("Colour")));
  m_colorCombo->setObjectName(QStringLiteral("mapColorCombo"));
  m_colorCombo->addItem(tr("by cluster"));
  m_colorCombo->addItem(tr("by period"));
  top->addWidget(m_colorCombo);
  const auto tool = [this, top](const QString& text, const QString& tip) {
    auto* b = new QToolButton(this);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    top->addWidget(b);
    return b;
  };
  connect(tool(QStringLiteral("\u2212"), tr("Zoom out (-)")), &QToolButton::clicked, m_view, &MapView::zoomOut);
  connect(tool(QStringLiteral("+"), tr("Zoom in (+)")), &QToolButton::clicked, m_view, &MapView::zoomIn);
  connect(tool(tr("Fit"), tr("Show the whole map (0)")), &QToolButton::clicked, m_view, &MapView::fitAll);
  lay->addLayout(top);
  // Second row: the legend, and the selection button (narrow docks stay usable).
  auto* second = new QHBoxLayout;
  second->setSpacing(6);
  m_addSelection->setObjectName(QStringLiteral("addMapSelection"));
  m_addSelection->setText(tr("Add selection to profile"));
  m_addSelection->setToolTip(tr("Shift+drag on the map selects a rectangle (Ctrl+drag adds to it)"));
  m_addSelection->setEnabled(false);
  m_legend->setTextFormat(Qt::RichText);
  m_legend->setWordWrap(true);
  m_legend->setMinimumWidth(60);
  second->addWidget(m_legend, 1);
  second->addWidget(m_addSelection);
  lay->addLayout(second);
  lay->addWidget(m_view, 1);
  auto* emptyLay = new QVBoxLayout(m_emptyBox);
  m_empty->setAlignment(Qt::AlignCenter);
  m_empty->setWordWrap(true);
  m_empty->setStyleSheet(theme::css(theme::textDim()));
  emptyLay->addStretch(1);
  emptyLay->addWidget(m_empty);
  m_compute->setObjectName(QStringLiteral("computeMap"));
  m_compute->setText(tr("Compute a map\u2026"));
  emptyLay->addWidget(m_compute, 0, Qt::AlignHCenter);
  emptyLay->addStretch(1);
  lay->addWidget(m_emptyBox, 1);
  m_view->hide();
  m_empty->setText(tr("No catalog open."));
  m_compute->hide();
  updateLegend();

  connect(m_layoutCombo, &QComboBox::activated, this, [this](int i) { load(m_layoutCombo->itemData(i).toString()); });
  connect(m_colorCombo, &QComboBox::currentIndexChanged, this, [this](int i) {
    m_view->setColorBy(i == 1 ? MapView::ColorBy::Period : MapView::ColorBy::Cluster);
    updateLegend();
  });
  connect(m_view, &MapView::selectionChanged, this, [this](int n) {
    m_addSelection->setEnabled(n > 0);
    m_addSelection->setText(n > 0 ? tr("Add %n selected to profile", nullptr, n) : tr("Add selection to profile"));
  });
  connect(m_view, &MapView::addSelectionRequested, m_addSelection, &QPushButton::click);
  connect(m_addSelection, &QPushButton::clicked, this, [this] {
    const QList<qint64> ids = m_view->selection();
    if (ids.isEmpty()) return;
    Q_EMIT addToProfileRequested(ids, tr("Add %n artworks from the map", nullptr, int(ids.size())));
    m_view->clearSelection();
  });
  connect(m_compute, &QToolButton::clicked, this, &MapPanel::computeRequested);
}

void MapPanel::setCatalogPath(const QString& path, const QString& preferredEmbedding) {
  m_path = path;
  m_preferred = preferredEmbedding;
  m_layoutCombo->clear();
  m_view->setMapData(nullptr);
  load(QString());
}

void MapPanel::reload() {
  const auto d = m_view->mapData();
  load(d ? QStringLiteral("%1|%2|%3").arg(d->embedding, d->method).arg(d->seed) : QString());
}

void MapPanel::setClusterSet(std::shared_ptr<const ClusterSet> set) {
  m_view->setClusterSet(std::move(set));
  updateLegend();
}

void MapPanel::load(const QString& wanted) {
  if (m_path.isEmpty()) {
    m_loadJob->cancel();
    return;
  }
  m_loading = true;
  const std::string path = m_path.toStdString();
  const QString preferred = m_preferred;
  // Latest wins: a newer load (another catalog or map) replaces this one.
  m_loadJob->start(
      [path, wanted, preferred](const JobContext&) { return loadMap(path, wanted, preferred); },
      [this](const MapLoad& r) {
        m_loading = false;
        {
          const QSignalBlocker block(m_layoutCombo);
          m_layoutCombo->clear();
          for (const QString& k : r.layouts) {
            const QStringList p = k.split(QLatin1Char('|'));
            m_layoutCombo->addItem(
                tr("%1, %2, seed %3")
                    .arg(p.value(0), p.value(1) == QLatin1String("tsne") ? tr("t-SNE") : tr("PCA"), p.value(2)),
                k);
          }
          if (r.data)
            m_layoutCombo->setCurrentIndex(
                std::max(0, m_layoutCombo->findData(
                                QStringLiteral("%1|%2|%3").arg(r.data->embedding, r.data->method).arg(r.data->seed))));
        }
        m_view->setVisible(r.data != nullptr);
        m_emptyBox->setVisible(r.data == nullptr);
        m_compute->setVisible(r.data == nullptr && r.error.isEmpty());
        m_empty->setText(!r.error.isEmpty() ? tr("Cannot read the maps: %1").arg(r.error)
                                            : tr("This catalog stores no 2-D map yet. Compute one here (in the "
                                                 "background), or run\n`vitrine-cli cluster --catalog FILE "
                                                 "--embedding NAME --map tsne`."));
        m_view->setMapData(r.data);
        updateLegend();
      });
}

void MapPanel::updateLegend() {
  const auto swatch = [](const QColor& c, const QString& text) {
    return QStringLiteral("<span style='color:%1'>\u25cf</span>&nbsp;%2").arg(c.name(), text.toHtmlEscaped());
  };
  QStringList parts;
  parts << QStringLiteral("<span style='color:%1'>\u25ef</span>&nbsp;%2")
               .arg(ThumbnailDelegate::profileColor().name(), tr("profile"))
        << QStringLiteral("<span style='color:%1'>\u25c7</span>&nbsp;%2")
               .arg(theme::curatorNet().name(), tr("CuratorNet"))
        << QStringLiteral("<span style='color:%1'>\u25a1</span>&nbsp;%2").arg(theme::visRank().name(), tr("VisRank"));
  const auto d = m_view->mapData();
  if (m_view->colorBy() == MapView::ColorBy::Period && d) {
    for (int i = 0; i < d->periods.size(); ++i) parts << swatch(clusterColor(i), d->periods[i]);
    parts << swatch(clusterColor(-1), tr("other"));
  }
  m_legend->setText(parts.join(QStringLiteral(" &nbsp; ")));
}

}  // namespace vitrine
