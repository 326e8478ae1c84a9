#pragma once
#include <QWidget>

#include <memory>

namespace vitrine {

class BackgroundJob;
class Catalog;
class FilterBar;
class PixmapCache;
class ProfileEditor;
class ThumbnailModel;
class ThumbnailView;

// The browser: the catalog's artworks as a thumbnail grid, filtered by a FilterBar. A click (or
// Space) adds/removes artworks in the shared ProfileEditor; the current artwork is announced for
// the detail panel. Children: "browserView" (ThumbnailView) showing "browserModel" (ThumbnailModel).
class BrowserPanel : public QWidget {
  Q_OBJECT

 public:
  BrowserPanel(FilterBar* filters, ProfileEditor* profile, PixmapCache* thumbnails, QWidget* parent = nullptr);
  ~BrowserPanel() override;

  // Shows `catalog` (null: none) with the filters as they are; the id list loads on a worker.
  void setCatalog(std::shared_ptr<Catalog> catalog);
  ThumbnailView* view() const { return m_view; }
  // "n artworks", "n of m artworks", "Loading…" or "No catalog".
  QString countText() const;
  // True when no id list or cluster restriction is loading.
  bool isIdle() const;

 public Q_SLOTS:
  // Re-queries with every filter of the bar (the visual-cluster restriction loads on a worker).
  void applyFilters();
  void applySearch(const QString& text);
  void zoomBy(int step);

 Q_SIGNALS:
  // The shown list or its count changed.
  void countChanged();
  // The current artwork changed, or one was clicked: show it in detail.
  void showArtworkRequested(qint64 artworkId);
  // Return on an artwork: show it and bring the detail forward.
  void openArtworkRequested(qint64 artworkId);
  void thumbnailSizeChanged(int size);
  void statusMessage(const QString& message);

 private:
  void toggleSelection();

  FilterBar* m_filters;
  ProfileEditor* m_profile;
  ThumbnailModel* m_model;
  ThumbnailView* m_view;
  BackgroundJob* m_clusterJob;
  std::shared_ptr<Catalog> m_catalog;
};

}  // namespace vitrine
