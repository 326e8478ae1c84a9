#pragma once
#include <QListView>

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

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void updateGrid();

  ThumbnailDelegate* m_delegate;
  QString m_emptyText;
};

}  // namespace vitrine
