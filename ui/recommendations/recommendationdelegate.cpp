#include "recommendations/recommendationdelegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <algorithm>

#include "recommendations/recommendationmodel.h"
#include "browser/thumbnaildelegate.h"
#include "theme/theme.h"

namespace vitrine {

namespace {
constexpr int kPad = 8;
constexpr int kBecauseSize = 28;
constexpr int kRankWidth = 30;
constexpr qreal kRadius = 6.0;

QFont scaled(const QFont& base, qreal delta, QFont::Weight weight = QFont::Normal) {
  QFont f = base;
  if (f.pointSizeF() > 0) f.setPointSizeF(std::max(7.0, f.pointSizeF() + delta));
  f.setWeight(weight);
  return f;
}

// Draws pm fitted and centred in box (rounded corners), or a dim placeholder while it loads.
void drawFitted(QPainter* p, const QRect& box, const QPixmap& pm, qreal radius = 3.0) {
  if (pm.isNull()) {
    QPainterPath path;
    path.addRoundedRect(QRectF(box), radius, radius);
    p->fillPath(path, theme::placeholder());
    return;
  }
  const QSize s = pm.size().scaled(box.size(), Qt::KeepAspectRatio);
  const QRect target(QPoint(box.left() + (box.width() - s.width()) / 2,
                            box.top() + (box.height() - s.height()) / 2),
                     s);
  p->save();
  QPainterPath clip;
  clip.addRoundedRect(QRectF(target), radius, radius);
  p->setClipPath(clip);
  p->drawPixmap(target, pm);
  p->restore();
}

void drawTile(QPainter* p, const QStyleOptionViewItem& option, const QRect& tile, bool both) {
  const bool selected = option.state & QStyle::State_Selected;
  const bool hovered = option.state & QStyle::State_MouseOver;
  const QColor highlight = option.palette.color(QPalette::Highlight);
  QColor bg = theme::tile();
  if (hovered) bg = theme::hover();
  if (selected) {
    bg = highlight;
    bg.setAlpha(80);
  }
  QPainterPath path;
  path.addRoundedRect(QRectF(tile), kRadius, kRadius);
  p->fillPath(path, bg);
  if (both) {
    // A gold edge on the left: "the other model recommends this too".
    QPainterPath bar;
    bar.addRoundedRect(QRectF(tile.left(), tile.top() + 4, 4, tile.height() - 8), 2, 2);
    p->fillPath(bar, RecommendationDelegate::bothColor());
  }
  if (selected) {
    p->setPen(QPen(highlight, 2));
    p->drawPath(path);
  } else if (option.state & QStyle::State_HasFocus) {
    p->setPen(QPen(theme::frame(), 1));
    p->drawPath(path);
  }
}
}  // namespace

RecommendationDelegate::RecommendationDelegate(QObject* parent, bool compact)
    : QStyledItemDelegate(parent), m_compact(compact), m_thumb(compact ? 76 : 84) {}

QSize RecommendationDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
  if (m_compact) return QSize(m_thumb + 2 * 4, m_thumb + 2 * 4);
  const QFontMetrics fm(option.font);
  const int textH = fm.height() * 3 + kBecauseSize + 10;
  return QSize(240, std::max(m_thumb, textH) + 2 * kPad + 2);
}

void RecommendationDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                   const QModelIndex& index) const {
  if (m_compact) {
    paintCompact(painter, option, index);
    return;
  }
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  const bool both = index.data(RecommendationModel::InBothRole).toBool();
  const bool selected = option.state & QStyle::State_Selected;
  const QRect tile = option.rect.adjusted(2, 2, -2, -2);
  drawTile(painter, option, tile, both);

  // Rank.
  const QRect rankBox(tile.left() + 6, tile.top() + kPad, kRankWidth - 4, 24);
  painter->setFont(scaled(option.font, 3, QFont::Bold));
  painter->setPen(theme::textDim());
  painter->drawText(rankBox, Qt::AlignHCenter | Qt::AlignTop,
                    QString::number(index.data(RecommendationModel::RankRole).toInt()));

  // Thumbnail.
  const QRect thumb(tile.left() + kRankWidth + 4, tile.top() + kPad, m_thumb, m_thumb);
  drawFitted(painter, thumb, qvariant_cast<QPixmap>(index.data(Qt::DecorationRole)), 4);

  // Text block.
  const int x = thumb.right() + 1 + 10;
  const int w = std::max(20, tile.right() - 8 - x);
  int y = tile.top() + kPad - 1;
  const QFont titleF = scaled(option.font, 0, QFont::DemiBold);
  const QFontMetrics tfm(titleF);
  painter->setFont(titleF);
  painter->setPen(selected ? theme::textSelected() : theme::text());
  painter->drawText(QRect(x, y, w, tfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    tfm.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, w));
  y += tfm.height();
  const QFont smallF = scaled(option.font, -1);
  const QFontMetrics sfm(smallF);
  painter->setFont(smallF);
  painter->setPen(theme::textSecondary());
  QString byline = ThumbnailDelegate::shortArtist(index.data(RecommendationModel::ArtistRole).toString());
  const QString date = index.data(RecommendationModel::DateRole).toString();
  if (!date.isEmpty()) byline += (byline.isEmpty() ? QString() : QStringLiteral(", ")) + date;
  painter->drawText(QRect(x, y, w, sfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    sfm.elidedText(byline, Qt::ElideRight, w));
  y += sfm.height() + 2;

  // Score and the "both" pill.
  const QString score =
      tr("score %1").arg(index.data(RecommendationModel::ScoreRole).toDouble(), 0, 'f', 3);
  painter->setPen(theme::textSecondary());
  const int scoreW = sfm.horizontalAdvance(score);
  painter->drawText(QRect(x, y, scoreW + 2, sfm.height()), Qt::AlignLeft | Qt::AlignVCenter, score);
  if (both) {
    const QString label = tr("\u25c6 both");
    const QRect pill(x + scoreW + 10, y, sfm.horizontalAdvance(label) + 12, sfm.height());
    QPainterPath pp;
    pp.addRoundedRect(QRectF(pill), pill.height() / 2.0, pill.height() / 2.0);
    painter->fillPath(pp, bothColor());
    painter->setPen(theme::onBothModels());
    painter->drawText(pill, Qt::AlignCenter, label);
  }
  y += sfm.height() + 4;

  // "Because you liked" strip.
  const QVariantList pms = index.data(RecommendationModel::BecausePixmapsRole).toList();
  if (!pms.isEmpty()) {
    const QFont tinyF = scaled(option.font, -2);
    const QFontMetrics nfm(tinyF);
    painter->setFont(tinyF);
    painter->setPen(theme::textDim());
    const QString because = tr("because you liked");
    const int bw = nfm.horizontalAdvance(because);
    painter->drawText(QRect(x, y, bw + 2, kBecauseSize), Qt::AlignLeft | Qt::AlignVCenter, because);
    int bx = x + bw + 8;
    for (const QVariant& v : pms) {
      if (bx + kBecauseSize > tile.right() - 4) break;
      const QRect box(bx, y, kBecauseSize, kBecauseSize);
      drawFitted(painter, box, qvariant_cast<QPixmap>(v), 3);
      bx += kBecauseSize + 4;
    }
  }
  painter->restore();
}

void RecommendationDelegate::paintCompact(QPainter* painter, const QStyleOptionViewItem& option,
                                          const QModelIndex& index) const {
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  const bool both = index.data(RecommendationModel::InBothRole).toBool();
  const QRect tile = option.rect.adjusted(1, 1, -1, -1);
  drawTile(painter, option, tile, false);
  const QRect thumb = tile.adjusted(3, 3, -3, -3);
  drawFitted(painter, thumb, qvariant_cast<QPixmap>(index.data(Qt::DecorationRole)), 3);
  // Rank badge, bottom left; gold when both models agree.
  const QString rank = QString::number(index.data(RecommendationModel::RankRole).toInt());
  const QFont f = scaled(option.font, -2, QFont::Bold);
  const QFontMetrics fm(f);
  const QRect badge(thumb.left() + 2, thumb.bottom() - fm.height() - 1,
                    std::max(fm.height(), fm.horizontalAdvance(rank) + 8), fm.height());
  QPainterPath bp;
  bp.addRoundedRect(QRectF(badge), badge.height() / 2.0, badge.height() / 2.0);
  painter->fillPath(bp, both ? bothColor() : theme::scrim());
  painter->setFont(f);
  painter->setPen(both ? theme::onBothModels() : theme::textSelected());
  painter->drawText(badge, Qt::AlignCenter, rank);
  painter->restore();
}

}  // namespace vitrine
