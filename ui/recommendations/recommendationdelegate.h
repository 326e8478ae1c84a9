#pragma once
#include "theme/theme.h"
#include <QStyledItemDelegate>

namespace vitrine {

// Paints one recommendation: rank, thumbnail, title/artist/date, score, the "in both" marker
// and the "because you liked" strip of up to three profile thumbnails. Compact mode paints a
// small tile (thumbnail, rank badge, marker) for horizontal "more like this" strips.
class RecommendationDelegate : public QStyledItemDelegate {
  Q_OBJECT

 public:
  explicit RecommendationDelegate(QObject* parent = nullptr, bool compact = false);

  void setThumbnailSize(int size) { m_thumb = size; }
  int thumbnailSize() const { return m_thumb; }
  bool isCompact() const { return m_compact; }

  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;

  static QColor bothColor() { return theme::bothModels(); }

 private:
  void paintCompact(QPainter* painter, const QStyleOptionViewItem& option,
                    const QModelIndex& index) const;

  bool m_compact;
  int m_thumb;
};

}  // namespace vitrine
