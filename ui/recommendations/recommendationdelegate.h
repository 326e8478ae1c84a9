#pragma once
#include "theme/theme.h"
#include <QFontMetrics>
#include <QStringList>
#include <QStyledItemDelegate>

#include <vector>

namespace vitrine {

// Paints one recommendation: rank, thumbnail, title (two lines)/artist/date, the score as a
// percentile within the catalog, the "in both" marker and the "because you liked" strip of up to
// three profile thumbnails; fits columns from about 200 px wide without a horizontal scrollbar. Compact mode paints a
// small tile (thumbnail, rank badge, marker) for horizontal "more like this" strips.
class RecommendationDelegate : public QStyledItemDelegate {
  Q_OBJECT

 public:
  explicit RecommendationDelegate(QObject* parent = nullptr, bool compact = false);

  void setThumbnailSize(int size) { m_thumb = size; }
  int thumbnailSize() const { return m_thumb; }
  bool isCompact() const { return m_compact; }

  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

  static QColor bothColor() { return theme::bothModels(); }
  // Which "because you liked" thumbnail (0..2) of the row at `index` is under pos, -1 for none.
  int becauseAt(const QStyleOptionViewItem& option, const QModelIndex& index, const QPoint& pos) const;
  // The i-th "because you liked" thumbnail's rectangle (empty when there is none).
  QRect becauseRect(const QStyleOptionViewItem& option, const QModelIndex& index, int i) const;
  // "percentile 99.6" (the raw score when the percentile is unknown).
  static QString scoreText(const QModelIndex& index);
  // `text` in at most two lines of `width`, broken at a space, the second elided.
  static QStringList twoLines(const QString& text, const QFontMetrics& fm, int width);

 private:
  struct Layout {
    QRect tile, thumb, text, becauseLabel;
    std::vector<QRect> because;
    bool shortLabel = false;
  };
  static int textHeight(const QFont& font);
  Layout layout(const QStyleOptionViewItem& option, const QModelIndex& index) const;
  void paintCompact(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;

  bool m_compact;
  int m_thumb;
};

}  // namespace vitrine
