#include "recommendations/recommendationview.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>

#include "recommendations/recommendationdelegate.h"
#include "recommendations/recommendationmodel.h"
#include "browser/thumbnailmodel.h"
#include "theme/theme.h"

namespace vitrine {

RecommendationView::RecommendationView(bool compact, QWidget* parent)
    : QListView(parent), m_delegate(new RecommendationDelegate(this, compact)) {
  setItemDelegate(m_delegate);
  setMouseTracking(true);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setFrameShape(QFrame::NoFrame);
  setUniformItemSizes(true);
  setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
  if (compact) {
    setViewMode(QListView::IconMode);
    setFlow(QListView::LeftToRight);
    setWrapping(false);
    setMovement(QListView::Static);
    setSpacing(2);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFixedHeight(m_delegate->thumbnailSize() + 8 + 6 + 14);
  } else {
    setSpacing(1);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust);
    setWordWrap(true);
  }
  QPalette pal = palette();
  pal.setColor(QPalette::Base, theme::ground());
  pal.setColor(QPalette::Window, theme::ground());
  pal.setColor(QPalette::Text, theme::text());
  setPalette(pal);
  viewport()->setAutoFillBackground(true);
  connect(this, &QAbstractItemView::clicked, this, [this](const QModelIndex& i) { Q_EMIT showRequested(idAt(i)); });
  connect(this, &QAbstractItemView::doubleClicked, this,
          [this](const QModelIndex& i) { Q_EMIT addRequested(idAt(i)); });
}

qint64 RecommendationView::idAt(const QModelIndex& index) const {
  return index.data(ThumbnailModel::ArtworkIdRole).toLongLong();
}

void RecommendationView::setEmptyText(const QString& text) {
  m_emptyText = text;
  viewport()->update();
}

void RecommendationView::keyPressEvent(QKeyEvent* event) {
  const QModelIndex current = currentIndex();
  if (current.isValid() && event->modifiers() == Qt::NoModifier) {
    switch (event->key()) {
      case Qt::Key_Space:
      case Qt::Key_Insert:
      case Qt::Key_Plus:
        Q_EMIT addRequested(idAt(current));
        event->accept();
        return;
      case Qt::Key_Return:
      case Qt::Key_Enter:
        Q_EMIT showRequested(idAt(current));
        event->accept();
        return;
      default:
        break;
    }
  }
  QListView::keyPressEvent(event);
  // Keyboard browsing shows what the cursor is on, like a click.
  if (currentIndex() != current && currentIndex().isValid()) Q_EMIT showRequested(idAt(currentIndex()));
}

bool RecommendationView::viewportEvent(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QModelIndex index = indexAt(help->pos());
    auto* recs = qobject_cast<RecommendationModel*>(model());
    if (index.isValid() && recs) {
      QStyleOptionViewItem option;
      initViewItemOption(&option);
      option.rect = visualRect(index);
      const int i = m_delegate->becauseAt(option, index, help->pos());
      if (i >= 0) {
        QToolTip::showText(help->globalPos(), recs->becauseToolTip(index.row(), i), viewport(),
                           m_delegate->becauseRect(option, index, i));
        return true;
      }
    }
  }
  return QListView::viewportEvent(event);
}

void RecommendationView::paintEvent(QPaintEvent* event) {
  QListView::paintEvent(event);
  if (m_emptyText.isEmpty() || (model() && model()->rowCount(rootIndex()) > 0)) return;
  QPainter p(viewport());
  p.setPen(theme::textDim());
  p.drawText(viewport()->rect().adjusted(16, 16, -16, -16), Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
             m_emptyText);
}

}  // namespace vitrine
