#pragma once
#include <QHash>
#include <QList>
#include <QListView>
#include <QSet>
#include <QString>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

#include "cluster/cluster_store.h"
#include "cluster/job.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QToolButton;

namespace vitrine {

class BackgroundJob;
class PixmapCache;

// Which stored clustering: core's ClusteringKey (cluster/job.h), (embedding, k, seed).

// One stored clustering loaded for display: members by artwork id and a summary per cluster.
struct ClusterSet {
  ClusteringKey key;
  std::vector<int64_t> artworkIds;  // sorted
  std::vector<int> labels;          // parallel to artworkIds
  std::vector<ClusterSummary> summaries;
  QHash<qint64, int> clusterOf;
  // Sorted artwork ids of one cluster.
  std::vector<int64_t> members(int cluster) const;
};

// What to compute from the GUI when the catalog stores no clustering or map yet.
struct ClusterComputeRequest {
  QString embedding;
  int k = 0;    // 0 = chosen by silhouette
  QString map;  // "", "tsne" or "pca"
  quint64 seed = 0;
};

// The cluster cards: one row per cluster with its medoid thumbnails and summary. A click on a
// medoid thumbnail emits artworkClicked; on the "+ Add all" button addClusterClicked; anywhere
// else on the card clusterClicked. Keyboard: Return = clusterClicked, Insert or + = addClusterClicked.
class ClusterGridView : public QListView {
  Q_OBJECT

 public:
  explicit ClusterGridView(PixmapCache* pixmaps, QWidget* parent = nullptr);
  void setClusterSet(std::shared_ptr<const ClusterSet> set);
  void setProfileIds(const QSet<qint64>& ids);
  // Geometry of a card's parts in viewport coordinates (for painting, hit tests and tests).
  QRect cardRect(int cluster) const;
  QRect medoidRect(int cluster, int medoid) const;
  QRect addButtonRect(int cluster) const;
  // The artwork whose medoid thumbnail is at `pos` (viewport coordinates), 0 when none.
  qint64 artworkAt(const QPoint& pos) const;

 Q_SIGNALS:
  void clusterClicked(int cluster);
  void addClusterClicked(int cluster);
  void artworkClicked(qint64 artworkId);

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

 private:
  class Model;
  class Delegate;
  Model* m_model;
  QPoint m_pressPos;
};

// The "Clusters" panel: which stored clustering, the cluster cards, and a background computation
// (k-means and optionally a t-SNE/PCA map) with a progress bar and Cancel.
class ClusterPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ClusterPanel(PixmapCache* pixmaps, QWidget* parent = nullptr);
  ~ClusterPanel() override;

  // Loads the catalog's clusterings on a worker; preferredEmbedding picks the default one.
  void setCatalogPath(const QString& path, const QString& preferredEmbedding = QString());
  void reload();
  void setProfileIds(const std::vector<int64_t>& ids);
  std::shared_ptr<const ClusterSet> clusterSet() const { return m_set; }
  QList<ClusteringKey> clusterings() const { return m_keys; }
  bool isLoading() const { return m_loading; }
  bool isComputing() const { return m_computing; }
  ClusterGridView* grid() const { return m_grid; }
  QString lastError() const { return m_lastError; }

  // Runs the clustering (and map) on a worker, stores it in the catalog, then reloads.
  void startComputation(const ClusterComputeRequest& request);
  void cancelComputation();
  // Asks for embedding, k, map and seed, then starts the computation.
  void showComputeDialog(const QString& defaultMap = QStringLiteral("tsne"));

 Q_SIGNALS:
  // A clustering was loaded (or none exists: set is null).
  void clusterSetChanged(std::shared_ptr<const vitrine::ClusterSet> set);
  // Show only this cluster in the browser.
  void showClusterRequested(const vitrine::ClusteringKey& key, int cluster);
  // Add these artworks to the profile (one undo step); what names the edit.
  void addToProfileRequested(const QList<qint64>& ids, const QString& what);
  void artworkClicked(qint64 artworkId);
  // A computation stored a new clustering and/or layout in the catalog.
  void computationFinished(bool ok, const QString& message);

 private:
  void load(const ClusteringKey& wanted);
  void updateEmptyText();

  PixmapCache* m_pixmaps;
  ClusterGridView* m_grid;
  QComboBox* m_combo;
  QToolButton* m_computeButton;
  QLabel* m_summary;
  QLabel* m_status;
  QProgressBar* m_progress;
  QToolButton* m_cancel;
  QString m_path;
  QString m_preferredEmbedding;
  QString m_lastError;
  QList<ClusteringKey> m_keys;
  std::shared_ptr<const ClusterSet> m_set;
  QSet<qint64> m_profile;
  bool m_loading = false;
  bool m_computing = false;
  BackgroundJob* m_loadJob;     // reads a stored clustering (latest wins)
  BackgroundJob* m_computeJob;  // clusters and lays out (own thread; Cancel stops it)
};

// Qualitative colours for clusters (and periods) on dark ground; index wraps.
QColor clusterColor(int index);

}  // namespace vitrine

Q_DECLARE_METATYPE(vitrine::ClusteringKey)
Q_DECLARE_METATYPE(std::shared_ptr<const vitrine::ClusterSet>)
