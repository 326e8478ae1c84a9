#pragma once
#include <QElapsedTimer>
#include <QMainWindow>
#include <QPalette>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

#include "recommend/ranker_spec.h"

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QSlider;
class QSpinBox;
class QTimer;
class QToolBar;
class QToolButton;

namespace vitrine {

class ArtworkDetail;
class ClusterPanel;
class MapPanel;
class Catalog;
class PixmapCache;
class ProfileEditor;
class RecommendationEngine;
class RecommendationModel;
class RecommendationView;
class ThumbnailModel;
class ThumbnailView;
class TrainingPanel;
class EvaluationPanel;
class StudySessionWindow;
struct RecommendationResult;

// The exploration window: a filterable thumbnail grid (centre), the artwork detail (left), the
// profile being built (bottom) and CuratorNet | VisRank recommendations side by side (right).
// Clicking a grid thumbnail (or Space) adds/removes it from the profile and shows it in detail.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a catalog file and shows its artworks. On failure keeps the current catalog, stores
  // the reason in lastError() and returns false (no message box: the caller decides).
  bool openCatalog(const QString& path);
  QString lastError() const { return m_lastError; }
  QString catalogPath() const { return m_catalogPath; }
  // The data credit shown in About (catalog setting "credit"; empty when the catalog has none).
  QString creditLine() const { return m_credit; }

  // The dark theme of the window (main() also applies it to the whole application).
  static QPalette darkPalette();

  // For tests and benchmarks.
  QListView* gridView() const;
  ThumbnailView* thumbnailView() const { return m_view; }
  QLineEdit* searchEdit() const { return m_search; }
  ThumbnailModel* model() const { return m_model; }
  QSlider* sizeSlider() const { return m_sizeSlider; }
  std::shared_ptr<Catalog> catalog() const { return m_catalog; }
  ProfileEditor* profile() const { return m_profile; }
  ThumbnailModel* profileModel() const { return m_profileModel; }
  ThumbnailView* profileView() const { return m_profileView; }
  RecommendationModel* visRankModel() const { return m_visModel; }
  RecommendationModel* curatorNetModel() const { return m_curModel; }
  RecommendationView* visRankView() const { return m_visView; }
  RecommendationView* curatorNetView() const { return m_curView; }
  ArtworkDetail* detail() const { return m_detail; }
  // Visual clusters and the 2-D map (issue 7; mainwindow_clusters.cpp).
  ClusterPanel* clusterPanel() const { return m_clusterPanel; }
  MapPanel* mapPanel() const { return m_mapPanel; }
  // Shows only one cluster of a stored clustering in the browser (via the cluster filter).
  void showClusterInBrowser(const QString& embedding, int k, quint64 seed, int cluster);
  // Models menu (issue 8; mainwindow_models.cpp): the training and evaluation panels, opened as
  // non-modal dialogs on the current catalog (created on first use).
  TrainingPanel* showTrainingPanel();
  EvaluationPanel* showEvaluationPanel();
  // Study menu (issue 8; mainwindow_study.cpp): opens the full-screen participant flow of
  // `study` for `participant` on the current catalog (resuming an existing session); null and
  // lastError() on failure. fullScreen=false shows it as a normal window (tests).
  StudySessionWindow* runStudySession(const QString& study, const QString& participant, bool fullScreen = true);
  QComboBox* artistFilter() const { return m_artistCombo; }
  QComboBox* periodFilter() const { return m_periodCombo; }
  QComboBox* clusterFilter() const { return m_clusterCombo; }
  // Whether the visual-cluster filter is offered (the catalog stores a clustering).
  bool clusterFilterAvailable() const;
  QComboBox* sortCombo() const { return m_sortCombo; }
  QSpinBox* yearFromSpin() const { return m_yearFrom; }
  QSpinBox* yearToSpin() const { return m_yearTo; }
  QComboBox* aggregationCombo() const { return m_aggCombo; }
  QComboBox* curatorModelCombo() const { return m_curatorCombo; }
  QComboBox* embeddingCombo() const { return m_embeddingCombo; }
  QComboBox* savedProfileCombo() const { return m_profileCombo; }
  QSpinBox* kSpin() const { return m_kSpin; }
  QLabel* overlapLabel() const { return m_overlapLabel; }
  QLabel* modelsLabel() const { return m_modelsLabel; }
  // True once the catalog's filter options, embeddings and models are loaded (worker).
  bool isCatalogInfoLoaded() const { return m_infoLoaded; }
  // True while recommendations for the latest profile are being computed.
  bool recommendationsPending() const { return m_recsPending; }
  // Milliseconds from the last request to its results being shown.
  double lastRecommendationLatencyMs() const { return m_lastLatencyMs; }
  // Saves the current profile under `name` (replacing one of that name); false + lastError().
  bool saveProfileAs(const QString& name);
  bool openSavedProfile(const QString& name);
  QStringList savedProfileNames() const;
  bool renameSavedProfile(const QString& from, const QString& to);
  bool deleteSavedProfile(const QString& name);
  bool duplicateSavedProfile(const QString& from, const QString& to);
  // Runs an import of `folder` into a new catalog at `catalogPath` behind a progress dialog;
  // returns the report text (empty + lastError() on failure).
  QString importFolder(const QString& folder, const QString& catalogPath);
  QStringList recentCatalogs() const;

 public Q_SLOTS:
  void showOpenCatalogDialog();
  void showNewCatalogDialog();
  void showAbout();
  void zoomIn();
  void zoomOut();
  void focusSearch();
  void resetFilters();
  void showArtwork(qint64 artworkId);
  void toggleInProfile(qint64 artworkId);
  void addToProfile(qint64 artworkId);
  void requestRecommendations();

 Q_SIGNALS:
  void catalogOpened(const QString& path);
  // Both recommendation columns show the results for the current profile.
  void recommendationsUpdated();
  void catalogInfoLoaded();

 protected:
  void closeEvent(QCloseEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  struct CatalogInfo;
  QWidget* createBrowser();
  void createFilters(QToolBar* bar);
  QWidget* createProfilePanel();
  QWidget* createRecommendationsPanel();
  void createActions();
  void createDocks();
  void updateStatus();
  void updateModelsLabel();
  void applySearch();
  void applyFilters();
  void loadCatalogInfo();
  void onCatalogInfo(const CatalogInfo& info);
  void onRecommendations(const RecommendationResult& result);
  void onProfileChanged();
  void refreshSavedProfiles();
  void requestMoreLikeThis();
  void updateProfileTitle();
  void addRecentCatalog(const QString& path);
  void rebuildRecentMenu();
  void createClusterDocks();
  void addClusterActions(QMenu* view);
  void addModelActions();
  void addStudyActions();
  std::optional<RankerSpec> curatorSpec() const;
  QString curatorEmptyText() const;

  // Browser.
  ThumbnailModel* m_model;
  ThumbnailView* m_view;
  QLineEdit* m_search;
  QSlider* m_sizeSlider;
  QLabel* m_countLabel;
  QLabel* m_catalogLabel;
  QLabel* m_modelsLabel;
  QLabel* m_busyLabel;
  QTimer* m_searchTimer;
  QComboBox* m_artistCombo = nullptr;
  QComboBox* m_periodCombo = nullptr;
  QComboBox* m_clusterCombo = nullptr;
  QLabel* m_clusterLabel = nullptr;
  QAction* m_clusterLabelAction = nullptr;
  QAction* m_clusterComboAction = nullptr;
  QComboBox* m_sortCombo = nullptr;
  QSpinBox* m_yearFrom = nullptr;
  QSpinBox* m_yearTo = nullptr;
  QToolButton* m_resetFilters = nullptr;
  quint64 m_clusterGeneration = 0;

  // Shared thumbnails for the small lists, and the detail panel.
  PixmapCache* m_pixmaps;
  ArtworkDetail* m_detail;

  // Profile.
  ProfileEditor* m_profile;
  ThumbnailModel* m_profileModel;
  ThumbnailView* m_profileView = nullptr;
  QComboBox* m_profileCombo = nullptr;
  QLabel* m_profileTitle = nullptr;
  QDockWidget* m_profileDock = nullptr;

  // Recommendations.
  RecommendationEngine* m_engine;
  RecommendationModel* m_visModel;
  RecommendationModel* m_curModel;
  RecommendationView* m_visView = nullptr;
  RecommendationView* m_curView = nullptr;
  QComboBox* m_aggCombo = nullptr;
  QComboBox* m_curatorCombo = nullptr;
  QComboBox* m_embeddingCombo = nullptr;
  QSpinBox* m_kSpin = nullptr;
  QLabel* m_overlapLabel = nullptr;
  QLabel* m_visTitle = nullptr;
  QLabel* m_curTitle = nullptr;
  QElapsedTimer m_recClock;
  bool m_recsPending = false;
  double m_lastLatencyMs = 0;
  bool m_haveCuratorNet = false;
  QStringList m_curatorModelsOtherEmbeddings;

  QMenu* m_recentMenu = nullptr;
  QAction* m_undoAction = nullptr;
  QAction* m_redoAction = nullptr;

  std::shared_ptr<Catalog> m_catalog;
  QString m_catalogPath;
  QString m_lastError;
  QString m_credit;
  quint64 m_infoGeneration = 0;
  bool m_infoLoaded = false;
  bool m_readOnly = false;
  ClusterPanel* m_clusterPanel = nullptr;
  MapPanel* m_mapPanel = nullptr;
  PixmapCache* m_mapPixmaps = nullptr;
  TrainingPanel* m_trainingPanel = nullptr;
  EvaluationPanel* m_evaluationPanel = nullptr;
};

}  // namespace vitrine
