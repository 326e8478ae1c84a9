#pragma once
#include <QPixmap>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;

namespace vitrine {

class Catalog;
class BackgroundJob;
class PixmapCache;
class RecommendationModel;
class RecommendationView;
struct RecommendationColumn;

// Shows one artwork: a larger image (the source file when it exists, decoded off the GUI
// thread, else the thumbnail), every metadata field including the extra JSON, a profile
// add/remove button, and "More like this" strips for VisRank and CuratorNet (one-item profile).
class ArtworkDetail : public QWidget {
  Q_OBJECT

 public:
  ArtworkDetail(PixmapCache* pixmaps, QWidget* parent = nullptr);
  ~ArtworkDetail() override;

  void setCatalog(std::shared_ptr<Catalog> catalog);
  void showArtwork(qint64 artworkId);
  qint64 artworkId() const { return m_id; }
  void setInProfile(bool inProfile);
  // Results of the one-item profile; an error (or empty) column shows why it is empty.
  void setMoreLikeThis(const RecommendationColumn& visrank, const RecommendationColumn& curatornet);
  void setCuratorNetNote(const QString& note);

  QString titleText() const;
  QString metadataText() const;
  // The source path as stored (absolute, or relative to catalogDir) made readable: the path
  // relative to catalogDir when the file lies under it, else the absolute, cleaned path.
  static QString displaySourcePath(const QString& stored, const QString& catalogDir);
  // The absolute, cleaned path of a stored source path.
  static QString absoluteSourcePath(const QString& stored, const QString& catalogDir);
  // True once the larger image (from the source file) replaced the thumbnail.
  bool showsSourceImage() const { return m_fromSource; }

 Q_SIGNALS:
  void toggleProfileRequested(qint64 artworkId);
  void showRequested(qint64 artworkId);
  void addRequested(qint64 artworkId);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void updateImage();

  PixmapCache* m_pixmaps;
  std::shared_ptr<Catalog> m_catalog;
  qint64 m_id = 0;
  BackgroundJob* m_imageJob;  // decodes the source image (latest wins)
  QPixmap m_image;
  bool m_fromSource = false;
  QLabel* m_imageLabel;
  QLabel* m_title;
  QLabel* m_byline;
  QLabel* m_meta;
  QPushButton* m_profileButton;
  QLabel* m_visLabel;
  QLabel* m_curLabel;
  RecommendationModel* m_visModel;
  RecommendationModel* m_curModel;
  RecommendationView* m_visView;
  RecommendationView* m_curView;
  QWidget* m_content;
};

}  // namespace vitrine
