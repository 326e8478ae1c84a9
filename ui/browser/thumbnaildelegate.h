#pragma once
#include "theme/theme.h"
#include <QStyledItemDelegate>

namespace vitrine {

// Paints one grid tile: the thumbnail fitted into a square, then the elided title and a short
// artist line under it, on a dark tile that lights up when hovered or selected.
class ThumbnailDelegate : public QStyledItemDelegate {
  Q_OBJECT

 public:
  explicit ThumbnailDelegate(QObject* parent = nullptr);

  void setThumbnailSize(int size);
  int thumbnailSize() const { return m_thumbSize; }
  // Whether the artist line is drawn under the title.
  void setShowArtist(bool show);
  bool showArtist() const { return m_showArtist; }

  QSize tileSize() const;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

  // "Attributed to Anthony van Dyck (Flemish, 1599–1641)" -> "Attributed to Anthony van Dyck".
  static QString shortArtist(const QString& artist);
  // The accent marking artworks that are in the profile.
  static QColor profileColor() { return theme::profile(); }

 private:
  int m_thumbSize = 160;
  bool m_showArtist = true;
};

}  // namespace vitrine
