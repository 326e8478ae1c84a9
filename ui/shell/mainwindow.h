#pragma once
#include <QMainWindow>
#include <QPalette>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QDragEnterEvent;
class QDropEvent;
class QLabel;
class QMenu;

namespace vitrine {

class ArtworkDetail;
class BackgroundJob;
class BrowserPanel;
class Catalog;
class CatalogWatcher;
class ClusterDocks;
class EmbeddingsDialog;
class EvaluationPanel;
class FilterBar;
class ModelsMenu;
class NewCatalogFlow;
class NewCatalogWizard;
class PipelineStrip;
class PixmapCache;
class ProfileEditor;
class ProfilePanel;
class RecommendationsPanel;
class StudyDesigner;
class StudyMenu;
class StudySessionWindow;
class TrainingPanel;
struct CatalogChange;
struct CatalogContents;
struct CatalogPipelineConfig;
struct CatalogPipelineReport;
struct NewCatalogRequest;

// The exploration window, a shell around the panels: the filter bar (toolbar), the browser grid
// (centre), the artwork detail (left), the profile (bottom), the CuratorNet | VisRank
// recommendations (right), and the Clusters and Map docks. It opens catalogs, reads what a
// catalog holds (embeddings, models, clusterings, filter values) on a worker and hands it to the
// panels, follows the catalog's commits (CatalogWatcher), and owns the File, Edit, Profile and
// View menus and the status bar. The rest is in parts of its own (ui/shell): the pipeline strip
// (PipelineStrip), New Catalog and Embeddings (NewCatalogFlow), the cluster docks (ClusterDocks),
// the Models and Study menus (ModelsMenu, StudyMenu), Help and the artwork menus (shellmenus.h).
// Panels are found by objectName: filterBar, browserPanel, profilePanel, recommendationsPanel,
// clusterPanel, mapPanel, artworkDetail, and the shared profileEditor.
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
  // The open catalog (null before one opened) and whether it is read-only.
  std::shared_ptr<Catalog> catalog() const { return m_catalog; }
  bool isReadOnly() const { return m_readOnly; }
  // Whether closing saves the window's size and dock layout for the next launch (default true).
  // A window nobody saw (headless, offscreen) must not leave its layout to the next real launch.
  void setRemembersLayout(bool remember) { m_remembersLayout = remember; }
  // The data credit shown in About (catalog setting "credit"; empty when the catalog has none).
  QString creditLine() const { return m_credit; }
  // True once the catalog's filter values, embeddings and models are loaded (worker).
  bool isCatalogInfoLoaded() const { return m_infoLoaded; }
  // True when a catalog is open; else says "Open a catalog first." in the status bar.
  bool requireCatalog();
  // Re-reads what the catalog holds on a worker; catalogInfoLoaded() follows.
  void reloadCatalogInfo();

  // The dark theme of the window (main() also applies it to the whole application).
  static QPalette darkPalette();

  // Shows only one cluster of a stored clustering in the browser (via the cluster filter).
  void showClusterInBrowser(const QString& embedding, int k, quint64 seed, int cluster);
  // Models menu (ModelsMenu): the training and evaluation panels, non-modal, on the current catalog.
  TrainingPanel* showTrainingPanel();
  EvaluationPanel* showEvaluationPanel();
  // Study menu (StudyMenu): opens the full-screen participant flow of `study` for `participant`
  // on the current catalog (resuming an existing session); null and lastError() on failure.
  // fullScreen=false shows it as a normal window (tests).
  StudySessionWindow* runStudySession(const QString& study, const QString& participant, bool fullScreen = true);
  // Study → Design Studies…: the study designer of the current catalog (null without one).
  StudyDesigner* openStudyDesigner();
  // File -> New Catalog… (NewCatalogFlow): shows the wizard (non-modal), `folder` filled in when
  // given; Create starts the steps in the Tasks dock, opens the new catalog at once and fills its
  // grid as the import commits; the end shows the report ("newCatalogReport").
  NewCatalogWizard* showNewCatalogWizard(const QString& folder = QString());
  // Starts the steps for `request` without the wizard; false + lastError() (and a message box)
  // when the catalog cannot be created or steps are already running.
  bool startNewCatalog(const NewCatalogRequest& request);
  // What a drop does: a folder opens the wizard on it, a .vitrine file opens (false + a box
  // saying why when it cannot).
  bool openDroppedPath(const QString& path);
  // Catalog -> Embeddings… (non-modal, on the current catalog; null without one).
  EmbeddingsDialog* showEmbeddingsDialog();
  QStringList recentCatalogs() const;

  // Runs the post-import pipeline (core/pipeline/catalog_pipeline.h: CNN embedding -> clusters +
  // map -> cold-start CuratorNet) on the current catalog in the background, with the strip under
  // the toolbar (PipelineStrip, "pipelineBar"); each piece appears in its panel as it lands.
  // `afterRun` (optional) runs on the worker thread with the catalog once the pipeline returned
  // (e.g. to store a completion marker). `title` names the job in the strip ("Completing the
  // demo"). Returns false (lastError()) when no writable catalog is open or a pipeline runs.
  using PipelineAfterRun = std::function<void(Catalog&, const CatalogPipelineReport&)>;
  bool runCatalogPipeline(const CatalogPipelineConfig& config, const QString& title,
                          const PipelineAfterRun& afterRun = {});
  bool isPipelineRunning() const;
  // The summary of the last finished pipeline run (one line per step), empty before.
  QString lastPipelineSummary() const;

 public Q_SLOTS:
  void showOpenCatalogDialog();
  void showNewCatalogDialog();
  void showAbout();
  // Help -> User Guide (F1): opens the bundled docs/user-guide.html with the desktop's browser.
  void showUserGuide();
  void zoomIn();
  void zoomOut();
  void focusSearch();
  void resetFilters();
  void showArtwork(qint64 artworkId);
  // Shows the artwork in the detail dock and raises it (double click, "more like this").
  void openArtwork(qint64 artworkId);
  void toggleInProfile(qint64 artworkId);
  void addToProfile(qint64 artworkId);

 Q_SIGNALS:
  void catalogOpened(const QString& path);
  // Both recommendation columns show the results for the current profile.
  void recommendationsUpdated();
  void catalogInfoLoaded();
  // A pipeline step ended (step and status as the core enums' integer values); the catalog info
  // is being reloaded (by the catalog watcher) when it stored something.
  void pipelineStepLanded(int step, int status, const QString& detail);
  // The pipeline finished, was cancelled or failed; complete as CatalogPipelineReport::complete().
  void pipelineFinished(bool complete, const QString& summary);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createDocks();
  void createActions();
  void addViewMenu();
  void updateStatus();
  void updateModelsLabel();
  void onCatalogInfo(const CatalogContents& info);
  void applyClusterings();
  void onCatalogChanged(const CatalogChange& change);
  // openCatalog, and a message box saying why when it fails (the menu and drop paths).
  bool openCatalogOrWarn(const QString& path);

  ProfileEditor* m_profile;
  PixmapCache* m_pixmaps;
  FilterBar* m_filters;
  BrowserPanel* m_browser;
  ArtworkDetail* m_detail;
  ProfilePanel* m_profilePanel;
  RecommendationsPanel* m_recommendations;
  BackgroundJob* m_infoJob;
  CatalogWatcher* m_watcher;  // commits to the open catalog, from any thread of this process
  PipelineStrip* m_pipeline = nullptr;
  ClusterDocks* m_clusters = nullptr;
  NewCatalogFlow* m_newCatalog = nullptr;
  ModelsMenu* m_models = nullptr;
  StudyMenu* m_study = nullptr;

  QLabel* m_countLabel;
  QLabel* m_catalogLabel;
  QLabel* m_modelsLabel;
  QLabel* m_busyLabel;
  QMenu* m_recentMenu = nullptr;

  std::shared_ptr<Catalog> m_catalog;
  std::shared_ptr<const CatalogContents> m_contents;
  QString m_catalogPath;
  QString m_lastError;
  QString m_credit;
  bool m_infoLoaded = false;
  bool m_readOnly = false;
  bool m_firstLayout = false;  // no saved dock layout: size the docks when first shown
  bool m_remembersLayout = true;
};

}  // namespace vitrine
