#include "theme/tiles.h"

#include <QPainter>

#include "theme/theme.h"

namespace vitrine::tiles {

QPainterPath paintTile(QPainter* painter, const QStyleOptionViewItem& option, const QRect& tile, qreal radius,
                       int selectedAlpha) {
  const bool selected = option.state & QStyle::State_Selected;
  const QColor highlight = option.palette.color(QPalette::Highlight);
  QColor bg = theme::tile();
  if (option.state & QStyle::State_MouseOver) bg = theme::hover();
  if (selected) {
    bg = highlight;
    bg.setAlpha(selectedAlpha);
  }
  QPainterPath path;
  path.addRoundedRect(QRectF(tile), radius, radius);
  painter->fillPath(path, bg);
  if (selected) {
    painter->setPen(QPen(highlight, 2));
    painter->drawPath(path);
  } else if (option.state & QStyle::State_HasFocus) {
    painter->setPen(QPen(theme::frame(), 1));
    painter->drawPath(path);
  }
  return path;
}

void drawFitted(QPainter* painter, const QRect& box, const QPixmap& pm, qreal radius, qreal maxUpscale,
                bool placeholder) {
  if (pm.isNull()) {
    if (!placeholder) return;
    QPainterPath path;
    path.addRoundedRect(QRectF(box), radius, radius);
    painter->fillPath(path, theme::placeholder());
    return;
  }
  QSize s = pm.size().scaled(box.size(), Qt::KeepAspectRatio);
  if (s.width() > maxUpscale * pm.width()) s = (QSizeF(pm.size()) * maxUpscale).toSize();
  const QRect target(QPoint(box.left() + (box.width() - s.width()) / 2, box.top() + (box.height() - s.height()) / 2),
                     s);
  if (radius <= 0) {
    painter->drawPixmap(target, pm);
    return;
  }
  painter->save();
  QPainterPath clip;
  clip.addRoundedRect(QRectF(target), radius, radius);
  painter->setClipPath(clip);
  painter->drawPixmap(target, pm);
  painter->restore();
}

}  // namespace vitrine::tiles
