#include "browser/thumbnailview.h"

#include <QApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>

#include "browser/thumbnaildelegate.h"
#include "theme/theme.h"

namespace vitrine {

namespace {
constexpr int kSpacing = 10;  // between tiles
constexpr int kMargin = 6;    // around the grid
}  // namespace

ThumbnailView::ThumbnailView(QWidget* parent) : QListView(parent), m_delegate(new ThumbnailDelegate(this)) {
  setItemDelegate(m_delegate);
  setViewMode(QListView::IconMode);
  setFlow(QListView::LeftToRight);
  setWrapping(true);
  setMovement(QListView::Static);
  setResizeMode(QListView::Adjust);
  setUniformItemSizes(true);
  // Lay out in batches so a catalog of many thousands of rows never blocks the event loop.
  setLayoutMode(QListView::Batched);
  setBatchSize(256);
  setSelectionMode(QAbstractItemView::ExtendedSelection);
  setSelectionRectVisible(true);
  setMouseTracking(true);  // hover highlight
  setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setFrameShape(QFrame::NoFrame);
  setWordWrap(false);
  setTextElideMode(Qt::ElideRight);

  QPalette pal = palette();
  pal.setColor(QPalette::Base, theme::ground());
  pal.setColor(QPalette::Window, theme::ground());
  pal.setColor(QPalette::Text, theme::text());
  setPalette(pal);
  viewport()->setAutoFillBackground(true);
  setAutoFillBackground(true);  // paints the viewport margins dark too
  setSpacing(kSpacing);
  updateGrid();
}

void ThumbnailView::setThumbnailSize(int size) {
  size = std::clamp(size, kMinThumbnailSize, kMaxThumbnailSize);
  if (size == m_delegate->thumbnailSize()) return;
  m_delegate->setThumbnailSize(size);
  updateGrid();
  Q_EMIT thumbnailSizeChanged(size);
}

int ThumbnailView::thumbnailSize() const { return m_delegate->thumbnailSize(); }

void ThumbnailView::updateGrid() {
  const QSize tile = m_delegate->tileSize();
  const QSize cell(tile.width() + kSpacing, tile.height() + kSpacing);
  // Centre the columns: the spare width goes to the left margin. The scroll bar's width is
  // always reserved so it appearing cannot change the column count; QListView also keeps
  // spacing() free on both sides of a row.
  const int avail = contentsRect().width() - 2 * kMargin - 2 * spacing() - 2 - verticalScrollBar()->sizeHint().width();
  const int columns = std::max(1, avail / cell.width());
  const int left = kMargin + std::max(0, avail - columns * cell.width()) / 2;
  if (viewportMargins().left() != left) setViewportMargins(left, kMargin, 0, 0);
  setIconSize(QSize(thumbnailSize(), thumbnailSize()));
  // A fixed grid cell keeps every tile aligned and makes layout O(1) per item.
  if (gridSize() != cell) setGridSize(cell);
  verticalScrollBar()->setSingleStep(tile.height() / 4);
}

void ThumbnailView::resizeEvent(QResizeEvent* event) {
  QListView::resizeEvent(event);
  updateGrid();
}

void ThumbnailView::setEmptyText(const QString& text) {
  m_emptyText = text;
  viewport()->update();
}

void ThumbnailView::paintEvent(QPaintEvent* event) {
  QListView::paintEvent(event);
  if (m_emptyText.isEmpty() || (model() && model()->rowCount(rootIndex()) > 0)) return;
  QPainter p(viewport());
  p.setPen(theme::textDim());
  QFont f = font();
  if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() * 1.2);
  p.setFont(f);
  p.drawText(viewport()->rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
}

void ThumbnailView::wheelEvent(QWheelEvent* event) {
  if (event->modifiers() & Qt::ControlModifier) {
    // Ctrl+wheel zooms, as in image browsers.
    const int steps = event->angleDelta().y() / 120;
    if (steps != 0) setThumbnailSize(thumbnailSize() + steps * 16);
    event->accept();
    return;
  }
  QListView::wheelEvent(event);
}

void ThumbnailView::mousePressEvent(QMouseEvent* event) {
  m_pressPos = event->position().toPoint();
  m_pressIndex = indexAt(m_pressPos);
  QListView::mousePressEvent(event);
}

void ThumbnailView::mouseDoubleClickEvent(QMouseEvent* event) {
  // The release that ends a double-click must not count as a second click.
  m_afterDoubleClick = true;
  QListView::mouseDoubleClickEvent(event);
}

void ThumbnailView::mouseReleaseEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  // The pressed tile counts even when the press scrolled it fully into view meanwhile (the
  // release then lands on other contents although the mouse did not move).
  const QModelIndex index = m_pressIndex;
  const bool plain = event->button() == Qt::LeftButton && !m_afterDoubleClick &&
                     !(event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier)) && index.isValid() &&
                     (pos - m_pressPos).manhattanLength() < QApplication::startDragDistance();
  m_afterDoubleClick = false;
  QListView::mouseReleaseEvent(event);
  if (plain) Q_EMIT artworkClicked(index);
}

void ThumbnailView::keyPressEvent(QKeyEvent* event) {
  if (event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier) {
    switch (event->key()) {
      case Qt::Key_Space:
      case Qt::Key_Insert:
        if (currentIndex().isValid()) Q_EMIT toggleRequested();
        event->accept();
        return;
      case Qt::Key_Delete:
      case Qt::Key_Backspace:
        Q_EMIT removeRequested();
        event->accept();
        return;
      case Qt::Key_Return:
      case Qt::Key_Enter:
        if (currentIndex().isValid()) Q_EMIT openRequested(currentIndex());
        event->accept();
        return;
      default:
        break;
    }
  }
  QListView::keyPressEvent(event);
}

}  // namespace vitrine
