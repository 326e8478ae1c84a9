#pragma once
#include <QList>
#include <QString>
#include <QStringList>
#include <QToolBar>

#include "catalog/catalog.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;
class QTimer;
class QToolButton;

namespace vitrine {

// One stored clustering the browser can filter by: (embedding, k, seed), as the catalog keys it.
struct ClusterFilterChoice {
  QString embedding;
  int k = 0;
  quint64 seed = 0;
};

// The browser's toolbar: search text, artist, period, year range, visual cluster, sort order and
// the thumbnail size. It owns the filter state and says when it changed; the browser applies it.
// Children are named for tests and settings: searchEdit, artistFilter, periodFilter, yearFrom,
// yearTo, clusterFilter, sortCombo, resetFilters, sizeSlider.
class FilterBar : public QToolBar {
  Q_OBJECT

 public:
  explicit FilterBar(QWidget* parent = nullptr);

  // The query the controls describe (artist, period, years, sort; the search text apart).
  ArtworkQuery query() const;
  QString searchText() const;
  // "embedding|k|seed|cluster" of the selected visual cluster; empty for all (or none offered).
  QString clusterSelection() const;
  // Whether the visual-cluster filter is offered (the catalog stores a clustering).
  bool clusterFilterAvailable() const;

  // Fills the artist and period lists (keeping the current choice when still listed).
  void setOptions(const QStringList& artists, const QStringList& periods);
  // Offers the clusters of `clustering` (nullptr hides the cluster filter).
  void setClustering(const ClusterFilterChoice* clustering);
  // Selects one cluster of a clustering (switching the list to it when needed).
  void selectCluster(const ClusterFilterChoice& clustering, int cluster);
  // Forgets the lists of the previous catalog.
  void clearOptions();
  // Clears the search and every filter (filtersChanged follows).
  void reset();
  void focusSearch();
  void setThumbnailSize(int size);

 Q_SIGNALS:
  // A filter (or the search together with the years) changed: re-query.
  void filtersChanged();
  // Only the search text changed (debounced).
  void searchChanged(const QString& text);
  void thumbnailSizeRequested(int size);
  // Down arrow or a second Esc in the search box: the keyboard goes back to the grid.
  void gridFocusRequested(bool selectFirst);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void onSearchTimeout();

  QLineEdit* m_search;
  QComboBox* m_artist;
  QComboBox* m_period;
  QComboBox* m_cluster;
  QComboBox* m_sort;
  QSpinBox* m_yearFrom;
  QSpinBox* m_yearTo;
  QToolButton* m_reset;
  QSlider* m_size;
  QTimer* m_searchTimer;
  QAction* m_clusterLabelAction = nullptr;
  QAction* m_clusterComboAction = nullptr;
  // The years the last filtersChanged() described (a typed year re-queries, not only re-filters).
  int m_appliedYearFrom = 0;
  int m_appliedYearTo = 0;
};

}  // namespace vitrine
