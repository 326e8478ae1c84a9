#include "browser/thumbnaildelegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <algorithm>

#include "browser/thumbnailmodel.h"
#include "theme/theme.h"
#include "theme/tiles.h"

namespace vitrine {

namespace {
constexpr int kPad = 8;      // inside the tile, around the thumbnail and the text
constexpr int kTextGap = 6;  // between the thumbnail and the title
constexpr qreal kRadius = 6.0;

QFont titleFont(const QFont& base) {
  QFont f = base;
  f.setWeight(QFont::DemiBold);
  return f;
}

QFont artistFont(const QFont& base) {
  QFont f = base;
  if (f.pointSizeF() > 0) f.setPointSizeF(std::max(7.0, f.pointSizeF() - 1.0));
  return f;
}
}  // namespace

ThumbnailDelegate::ThumbnailDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void ThumbnailDelegate::setThumbnailSize(int size) { m_thumbSize = std::max(32, size); }

void ThumbnailDelegate::setShowArtist(bool show) { m_showArtist = show; }

QSize ThumbnailDelegate::tileSize() const {
  const QFont base = QApplication::font();
  int textH = QFontMetrics(titleFont(base)).height();
  if (m_showArtist) textH += QFontMetrics(artistFont(base)).height();
  return QSize(m_thumbSize + 2 * kPad, m_thumbSize + 2 * kPad + kTextGap + textH);
}

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const { return tileSize(); }

QString ThumbnailDelegate::shortArtist(const QString& artist) {
  const int paren = artist.indexOf(QLatin1String(" ("));
  return (paren > 0 ? artist.left(paren) : artist).trimmed();
}

void ThumbnailDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setRenderHint(QPainter::SmoothPixmapTransform);

  const QRect tile = option.rect.adjusted(1, 1, -1, -1);
  const bool selected = option.state & QStyle::State_Selected;
  const QPainterPath tilePath = tiles::paintTile(painter, option, tile, kRadius, 90);

  // Thumbnail: fitted (never enlarged past 2x) and centred in the square above the text.
  const QRect imageArea(tile.left() + kPad - 1, tile.top() + kPad - 1, m_thumbSize, m_thumbSize);
  tiles::drawFitted(painter, imageArea, qvariant_cast<QPixmap>(index.data(Qt::DecorationRole)), 0, 2.0, false);

  // In the profile: a warm outline and its position in the profile as a badge.
  const int profilePos = index.data(ThumbnailModel::ProfilePositionRole).toInt();
  if (profilePos > 0) {
    const QColor accent = profileColor();
    painter->setPen(QPen(accent, 2.5));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(tilePath);
    QFont bf = option.font;
    bf.setWeight(QFont::Bold);
    const QFontMetrics bfm(bf);
    const QString label = QString::number(profilePos);
    const int d = std::max(bfm.height() + 4, bfm.horizontalAdvance(label) + 10);
    const QRect badge(tile.right() - kPad - d + 3, tile.top() + kPad - 3, d, bfm.height() + 4);
    QPainterPath bp;
    bp.addRoundedRect(QRectF(badge), badge.height() / 2.0, badge.height() / 2.0);
    painter->fillPath(bp, accent);
    painter->setFont(bf);
    painter->setPen(theme::textSelected());
    painter->drawText(badge, Qt::AlignCenter, label);
  }

  // Title and artist, elided to the tile width.
  const int textLeft = tile.left() + kPad - 1;
  const int textWidth = m_thumbSize;
  int y = imageArea.bottom() + 1 + kTextGap;
  const QFont tf = titleFont(option.font);
  const QFontMetrics tfm(tf);
  painter->setFont(tf);
  painter->setPen(selected ? theme::textSelected() : theme::text());
  const QString title = index.data(Qt::DisplayRole).toString();
  painter->drawText(QRect(textLeft, y, textWidth, tfm.height()), Qt::AlignHCenter | Qt::AlignVCenter,
                    tfm.elidedText(title, Qt::ElideRight, textWidth));
  y += tfm.height();
  if (m_showArtist) {
    const QFont af = artistFont(option.font);
    const QFontMetrics afm(af);
    painter->setFont(af);
    painter->setPen(selected ? theme::textSecondary() : theme::textDim());
    const QString artist = shortArtist(index.data(ThumbnailModel::ArtistRole).toString());
    painter->drawText(QRect(textLeft, y, textWidth, afm.height()), Qt::AlignHCenter | Qt::AlignVCenter,
                      afm.elidedText(artist, Qt::ElideRight, textWidth));
  }
  painter->restore();
}

}  // namespace vitrine
