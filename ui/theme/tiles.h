#pragma once
#include <QPainterPath>
#include <QPixmap>
#include <QRect>
#include <QStyleOptionViewItem>

class QPainter;

namespace vitrine::tiles {

// What the thumbnail delegates (browser grid, recommendation rows and strips) paint alike.

// The rounded tile behind an artwork: theme::tile(), theme::hover() when hovered, the palette's
// highlight at `selectedAlpha` (0-255) with a 2 px outline when selected, a thin frame when it
// has the focus. Returns the tile's path (for further outlines).
QPainterPath paintTile(QPainter* painter, const QStyleOptionViewItem& option, const QRect& tile, qreal radius,
                       int selectedAlpha);

// `pm` fitted into `box` keeping its aspect ratio, centred, never enlarged more than
// `maxUpscale` times, corners rounded by `radius` (0: square); a placeholder while pm is null
// when `placeholder` is set.
void drawFitted(QPainter* painter, const QRect& box, const QPixmap& pm, qreal radius, qreal maxUpscale = 1e9,
                bool placeholder = true);

}  // namespace vitrine::tiles
