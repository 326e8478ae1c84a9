#include "recommendations/recommendationdelegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <algorithm>

#include "recommendations/recommendationmodel.h"
#include "browser/thumbnaildelegate.h"
#include "theme/theme.h"
#include "theme/tiles.h"

namespace vitrine {

namespace {
constexpr int kPad = 8;
constexpr int kBecauseSize = 28;
constexpr int kBecauseGap = 3;
constexpr qreal kRadius = 6.0;

QFont scaled(const QFont& base, qreal delta, QFont::Weight weight = QFont::Normal) {
  QFont f = base;
  if (f.pointSizeF() > 0) f.setPointSizeF(std::max(7.0, f.pointSizeF() + delta));
  f.setWeight(weight);
  return f;
}

void drawFitted(QPainter* p, const QRect& box, const QPixmap& pm, qreal radius = 3.0) {
  tiles::drawFitted(p, box, pm, radius);
}

void drawTile(QPainter* p, const QStyleOptionViewItem& option, const QRect& tile, bool both) {
  tiles::paintTile(p, option, tile, kRadius, 80);
  if (both) {
    // A gold edge on the left: "the other model recommends this too".
    QPainterPath bar;
    bar.addRoundedRect(QRectF(tile.left(), tile.top() + 4, 4, tile.height() - 8), 2, 2);
    p->fillPath(bar, RecommendationDelegate::bothColor());
  }
}
}  // namespace

RecommendationDelegate::RecommendationDelegate(QObject* parent, bool compact)
    : QStyledItemDelegate(parent), m_compact(compact), m_thumb(compact ? 76 : 72) {}

// One row, laid out for columns from about 200 px wide up:
//   [thumbnail, rank badge]  title (up to two lines, elided)
//                            artist, date
//                            percentile  [◆ both]
//   because you liked  [] [] []
RecommendationDelegate::Layout RecommendationDelegate::layout(const QStyleOptionViewItem& option,
                                                              const QModelIndex& index) const {
  Layout l;
  l.tile = option.rect.adjusted(2, 2, -2, -2);
  // Narrow columns give the text more room: the thumbnail shrinks to 56 px below 260 px.
  const int thumb = l.tile.width() < 260 ? std::min(m_thumb, 56) : m_thumb;
  l.thumb = QRect(l.tile.left() + kPad, l.tile.top() + kPad, thumb, thumb);
  const int x = l.thumb.right() + 1 + 10;
  l.text = QRect(x, l.tile.top() + kPad - 1, std::max(20, l.tile.right() - kPad - x), textHeight(option.font));
  const int n = std::min(3, static_cast<int>(index.data(RecommendationModel::BecauseIdsRole).toList().size()));
  const int y = std::max(l.thumb.bottom(), l.text.bottom()) + 1 + 6;
  const QFontMetrics nfm(scaled(option.font, -1));
  l.becauseLabel = QRect(l.tile.left() + kPad, y, nfm.horizontalAdvance(tr("because you liked")) + 2, kBecauseSize);
  // Narrow columns: the thumbnails keep their room, the label shortens.
  const int thumbsW = n * (kBecauseSize + kBecauseGap);
  if (l.becauseLabel.right() + 6 + thumbsW > l.tile.right() - kPad) {
    l.becauseLabel.setWidth(nfm.horizontalAdvance(tr("because")) + 2);
    l.shortLabel = true;
  }
  int bx = l.becauseLabel.right() + 1 + 6;
  for (int i = 0; i < n; ++i) {
    l.because.push_back(QRect(bx, y, kBecauseSize, kBecauseSize));
    bx += kBecauseSize + kBecauseGap;
  }
  return l;
}

int RecommendationDelegate::becauseAt(const QStyleOptionViewItem& option, const QModelIndex& index,
                                      const QPoint& pos) const {
  if (m_compact) return -1;
  const Layout l = layout(option, index);
  for (int i = 0; i < static_cast<int>(l.because.size()); ++i)
    if (l.because[static_cast<size_t>(i)].contains(pos)) return i;
  return -1;
}

int RecommendationDelegate::textHeight(const QFont& font) {
  // Two title lines, the byline and the score line (with the "both" pill).
  const int title = QFontMetrics(scaled(font, 0, QFont::DemiBold)).height();
  const int small = QFontMetrics(scaled(font, -1)).height();
  return 2 * title + 2 * small + 2;
}

QRect RecommendationDelegate::becauseRect(const QStyleOptionViewItem& option, const QModelIndex& index, int i) const {
  if (m_compact) return {};
  const Layout l = layout(option, index);
  return i >= 0 && i < static_cast<int>(l.because.size()) ? l.because[static_cast<size_t>(i)] : QRect();
}

QSize RecommendationDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
  if (m_compact) return QSize(m_thumb + 2 * 4, m_thumb + 2 * 4);
  // Narrow on purpose: the list gives every row the viewport's width, and a wider hint would
  // bring a horizontal scrollbar to narrow columns.
  return QSize(180, kPad + std::max(m_thumb, textHeight(option.font)) + 6 + kBecauseSize + kPad + 4);
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
  const Layout l = layout(option, index);
  drawTile(painter, option, l.tile, both);

  // Thumbnail with the rank as a badge on its top-left corner.
  drawFitted(painter, l.thumb, qvariant_cast<QPixmap>(index.data(Qt::DecorationRole)), 4);
  const QString rank = QString::number(index.data(RecommendationModel::RankRole).toInt());
  const QFont rankF = scaled(option.font, 0, QFont::Bold);
  const QFontMetrics rfm(rankF);
  const QRect badge(l.thumb.left() - 3, l.thumb.top() - 3, std::max(rfm.height() + 2, rfm.horizontalAdvance(rank) + 10),
                    rfm.height() + 2);
  QPainterPath bp;
  bp.addRoundedRect(QRectF(badge), badge.height() / 2.0, badge.height() / 2.0);
  painter->fillPath(bp, theme::scrim());
  painter->setFont(rankF);
  painter->setPen(theme::textSelected());
  painter->drawText(badge, Qt::AlignCenter, rank);

  // Title: up to two lines, the second elided.
  const int x = l.text.left();
  const int w = l.text.width();
  int y = l.text.top();
  const QFont titleF = scaled(option.font, 0, QFont::DemiBold);
  const QFontMetrics tfm(titleF);
  painter->setFont(titleF);
  painter->setPen(selected ? theme::textSelected() : theme::text());
  const QStringList lines = twoLines(index.data(Qt::DisplayRole).toString(), tfm, w);
  for (const QString& line : lines) {
    painter->drawText(QRect(x, y, w, tfm.height()), Qt::AlignLeft | Qt::AlignVCenter, line);
    y += tfm.height();
  }
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

  // Score on the comparable scale (percentile within the catalog) and the "both" pill.
  // The pill keeps its room on the score line; a narrow column shortens the score text, on every
  // row alike (decided by the widest score beside a pill, so rows with and without it agree).
  QString score = scoreText(index);
  const double pct = index.data(RecommendationModel::PercentileRole).toDouble();
  if (pct >= 0 && sfm.horizontalAdvance(tr("percentile %1").arg(100.0, 0, 'f', 1)) >
                      w - sfm.horizontalAdvance(tr("\u25c6 both")) - 18)
    score = tr("pct %1").arg(pct, 0, 'f', 1);  // the full word does not fit
  const QString label = tr("\u25c6 both");
  const int pillW = both ? sfm.horizontalAdvance(label) + 12 : 0;
  const int scoreW = std::max(0, std::min(w - (both ? pillW + 6 : 0), sfm.horizontalAdvance(score) + 2));
  painter->drawText(QRect(x, y, scoreW, sfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    sfm.elidedText(score, Qt::ElideRight, scoreW));
  if (both) {
    const QRect pill(x + scoreW + 6, y, pillW, sfm.height());
    QPainterPath pp;
    pp.addRoundedRect(QRectF(pill), pill.height() / 2.0, pill.height() / 2.0);
    painter->fillPath(pp, bothColor());
    painter->setPen(theme::onBothModels());
    painter->drawText(pill, Qt::AlignCenter, label);
  }

  // "Because you liked" strip under the thumbnail, across the row.
  const QVariantList pms = index.data(RecommendationModel::BecausePixmapsRole).toList();
  if (!l.because.empty()) {
    painter->setFont(smallF);
    painter->setPen(theme::textDim());
    painter->drawText(l.becauseLabel, Qt::AlignLeft | Qt::AlignVCenter,
                      l.shortLabel ? tr("because") : tr("because you liked"));
    for (size_t i = 0; i < l.because.size() && i < static_cast<size_t>(pms.size()); ++i)
      drawFitted(painter, l.because[i], qvariant_cast<QPixmap>(pms[static_cast<int>(i)]), 3);
  }
  painter->restore();
}

QString RecommendationDelegate::scoreText(const QModelIndex& index) {
  const double pct = index.data(RecommendationModel::PercentileRole).toDouble();
  if (pct < 0) return tr("score %1").arg(index.data(RecommendationModel::ScoreRole).toDouble(), 0, 'f', 3);
  return tr("percentile %1").arg(pct, 0, 'f', 1);
}

QStringList RecommendationDelegate::twoLines(const QString& text, const QFontMetrics& fm, int width) {
  if (fm.horizontalAdvance(text) <= width) return {text};
  // Break at the last space that keeps the first line within the width.
  int cut = -1;
  for (int i = 0; i < text.size(); ++i) {
    if (text[i] != QLatin1Char(' ')) continue;
    if (fm.horizontalAdvance(text.left(i)) > width) break;
    cut = i;
  }
  if (cut <= 0) {
    // One long word: fill the first line by characters.
    cut = 1;
    while (cut < text.size() && fm.horizontalAdvance(text.left(cut + 1)) <= width) ++cut;
    return {text.left(cut), fm.elidedText(text.mid(cut), Qt::ElideRight, width)};
  }
  return {text.left(cut), fm.elidedText(text.mid(cut + 1), Qt::ElideRight, width)};
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
