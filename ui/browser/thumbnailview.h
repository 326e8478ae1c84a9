#pragma once
#include <QListView>
#include <QPersistentModelIndex>

namespace vitrine {

class ThumbnailDelegate;

// A QListView set up as a thumbnail grid: icon mode, uniform tiles, batched layout, a dark
// background and a ThumbnailDelegate. Works with any model that has ThumbnailModel's roles.
class ThumbnailView : public QListView {
  Q_OBJECT

 public:
  static constexpr int kMinThumbnailSize = 64;
  static constexpr int kMaxThumbnailSize = 320;
  static constexpr int kDefaultThumbnailSize = 160;

  explicit ThumbnailView(QWidget* parent = nullptr);

  void setThumbnailSize(int size);  // clamped to [kMinThumbnailSize, kMaxThumbnailSize]
  int thumbnailSize() const;
  ThumbnailDelegate* thumbnailDelegate() const { return m_delegate; }
  // Drawn centred in the viewport while the model has no rows.
  void setEmptyText(const QString& text);
  QString emptyText() const { return m_emptyText; }

 Q_SIGNALS:
  void thumbnailSizeChanged(int size);
  // A plain left click (no modifier, no drag, not the second click of a double-click).
  void artworkClicked(const QModelIndex& index);
  // Space (or Insert) on the keyboard: toggle the selected artworks in the profile.
  void toggleRequested();
  // Delete/Backspace: remove the selected artworks (from wherever the view lists them).
  void removeRequested();
  // Return/Enter: show the current artwork in detail.
  void openRequested(const QModelIndex& index);

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void updateGrid();

  ThumbnailDelegate* m_delegate;
  QString m_emptyText;
  QPersistentModelIndex m_pressIndex;
  QPoint m_pressPos;
  bool m_afterDoubleClick = false;
};

}  // namespace vitrine
