#pragma once
#include <QListView>
#include <QModelIndex>

namespace vitrine {

class RecommendationDelegate;

// A list of recommendations (RecommendationModel): rows for a column, or a horizontal strip of
// compact tiles. Click = show the artwork; double-click, Space, Insert or "+" = add it to the
// profile; Return = show it. Paints an explanatory text while empty. Rows take the viewport's
// width: the list never scrolls horizontally.
class RecommendationView : public QListView {
  Q_OBJECT

 public:
  explicit RecommendationView(bool compact, QWidget* parent = nullptr);

  void setEmptyText(const QString& text);
  QString emptyText() const { return m_emptyText; }

 Q_SIGNALS:
  void showRequested(qint64 artworkId);
  void addRequested(qint64 artworkId);

 protected:
  void keyPressEvent(QKeyEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  // Tooltips: over a "because you liked" thumbnail, that explanation's similarity.
  bool viewportEvent(QEvent* event) override;

 private:
  qint64 idAt(const QModelIndex& index) const;

  RecommendationDelegate* m_delegate;
  QString m_emptyText;
};

}  // namespace vitrine
