#include "shell/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QUndoStack>

#include <algorithm>

#include "browser/artworkdetail.h"
#include "browser/browserpanel.h"
#include "browser/filterbar.h"
#include "browser/thumbnailview.h"
#include "catalog/catalog.h"
#include "profile/profileeditor.h"
#include "profile/profilepanel.h"
#include "recommendations/recommendationengine.h"
#include "recommendations/recommendationspanel.h"
#include "services/backgroundjob.h"
#include "services/catalogcontents.h"
#include "services/catalogwatcher.h"
#include "services/pixmapcache.h"
#include "shell/clusterdocks.h"
#include "shell/modelsmenu.h"
#include "shell/newcatalogflow.h"
#include "shell/pipelinestrip.h"
#include "shell/shellmenus.h"
#include "shell/studymenu.h"
#include "theme/theme.h"

namespace vitrine {

namespace {
constexpr int kZoomStep = 16;
const char* const kGeometryKey = "MainWindow/geometry";
const char* const kStateKey = "MainWindow/state";
const char* const kThumbSizeKey = "MainWindow/thumbnailSize";

QDockWidget* dock(QMainWindow* window, const QString& title, const QString& name, QWidget* content) {
  auto* d = new QDockWidget(title, window);
  d->setObjectName(name);
  d->setWidget(content);
  d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
  return d;
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_profile(new ProfileEditor(this)),
      m_pixmaps(new PixmapCache(this)),  // the one thumbnail service of every view
      m_filters(new FilterBar(this)),
      m_browser(new BrowserPanel(m_filters, m_profile, m_pixmaps, this)),
      m_detail(new ArtworkDetail(m_pixmaps, this)),
      m_profilePanel(new ProfilePanel(m_profile, m_pixmaps, this)),
      m_recommendations(new RecommendationsPanel(m_profile, m_pixmaps, this)),
      m_infoJob(new BackgroundJob(this)),
      m_watcher(new CatalogWatcher(this)),
      m_countLabel(new QLabel(this)),
      m_catalogLabel(new QLabel(this)),
      m_modelsLabel(new QLabel(this)),
      m_busyLabel(new QLabel(this)) {
  setWindowTitle(QStringLiteral("Vitrine"));
  setDockNestingEnabled(true);
  setPalette(darkPalette());
  m_profile->setObjectName(QStringLiteral("profileEditor"));
  m_filters->setObjectName(QStringLiteral("filterBar"));
  m_browser->setObjectName(QStringLiteral("browserPanel"));
  m_detail->setObjectName(QStringLiteral("artworkDetail"));
  m_profilePanel->setObjectName(QStringLiteral("profilePanel"));
  m_recommendations->setObjectName(QStringLiteral("recommendationsPanel"));
  addToolBar(m_filters);
  setCentralWidget(m_browser);

  statusBar()->addWidget(m_countLabel, 1);
  m_busyLabel->setContentsMargins(6, 0, 6, 0);
  m_busyLabel->setStyleSheet(theme::css(theme::link()));
  statusBar()->addPermanentWidget(m_busyLabel);
  m_modelsLabel->setContentsMargins(6, 0, 6, 0);
  m_modelsLabel->setObjectName(QStringLiteral("modelsLabel"));
  statusBar()->addPermanentWidget(m_modelsLabel);
  m_catalogLabel->setContentsMargins(6, 0, 6, 0);
  statusBar()->addPermanentWidget(m_catalogLabel);

  const auto message = [this](const QString& text, int ms) { statusBar()->showMessage(text, ms); };
  connect(m_browser, &BrowserPanel::countChanged, this, &MainWindow::updateStatus);
  connect(m_browser, &BrowserPanel::statusMessage, this, [message](const QString& t) { message(t, 5000); });
  connect(m_browser, &BrowserPanel::showArtworkRequested, this, &MainWindow::showArtwork);
  connect(m_browser, &BrowserPanel::openArtworkRequested, this, &MainWindow::openArtwork);
  connect(m_profilePanel, &ProfilePanel::showArtworkRequested, this, &MainWindow::showArtwork);
  connect(m_profilePanel, &ProfilePanel::statusMessage, this, message);
  connect(m_recommendations, &RecommendationsPanel::showArtworkRequested, this, &MainWindow::showArtwork);
  connect(m_recommendations, &RecommendationsPanel::addArtworkRequested, this, &MainWindow::addToProfile);
  connect(m_recommendations, &RecommendationsPanel::statusMessage, this, message);
  connect(m_recommendations, &RecommendationsPanel::busyText, m_busyLabel, &QLabel::setText);
  connect(m_recommendations, &RecommendationsPanel::selectionChanged, this, &MainWindow::updateModelsLabel);
  connect(m_recommendations, &RecommendationsPanel::updated, this, &MainWindow::recommendationsUpdated);
  connect(m_recommendations, &RecommendationsPanel::embeddingChanged, this, [this] {
    // The CuratorNet models and the cluster filter depend on the embedding.
    if (m_contents) onCatalogInfo(*m_contents);
  });
  connect(m_recommendations, &RecommendationsPanel::moreLikeThisReady, this,
          [this](qint64 id, const RecommendationColumn& vis, const RecommendationColumn& cur) {
            if (id == m_detail->artworkId()) m_detail->setMoreLikeThis(vis, cur);
          });
  connect(m_profile, &ProfileEditor::changed, this,
          [this] { m_detail->setInProfile(m_profile->contains(m_detail->artworkId())); });
  connect(m_detail, &ArtworkDetail::toggleProfileRequested, this, &MainWindow::toggleInProfile);
  connect(m_detail, &ArtworkDetail::showRequested, this, &MainWindow::showArtwork);
  connect(m_detail, &ArtworkDetail::addRequested, this, &MainWindow::addToProfile);

  createDocks();
  // The panels follow what is stored in the open catalog (onCatalogChanged).
  m_watcher->setObjectName(QStringLiteral("catalogWatcher"));
  connect(m_watcher, &CatalogWatcher::changed, this, &MainWindow::onCatalogChanged);
  createActions();
  attachArtworkMenus(this, m_profile);
  setAcceptDrops(true);  // a folder dropped starts the New Catalog wizard, a .vitrine file opens

  const QSettings settings;
  m_browser->view()->setThumbnailSize(settings.value(kThumbSizeKey, ThumbnailView::kDefaultThumbnailSize).toInt());
  m_filters->setThumbnailSize(m_browser->view()->thumbnailSize());
  if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
    // A first layout that fits the screen (the docks need about 1500 x 940 to breathe).
    const QSize fit = screen() ? screen()->availableGeometry().size() : QSize(1500, 940);
    resize(std::min(1500, fit.width()), std::min(940, fit.height()));
  }
  m_firstLayout = !restoreState(settings.value(kStateKey).toByteArray());
  m_pipeline->hide();  // shown by a running pipeline only, whatever the saved state says
  updateStatus();
  updateModelsLabel();
}

MainWindow::~MainWindow() {
  // Stop a running pipeline while the window is whole (its step reports are queued to it).
  m_pipeline->shutDown();
}

QPalette MainWindow::darkPalette() { return theme::palette(); }

// --- construction ----------------------------------------------------------------------------

void MainWindow::createDocks() {
  QDockWidget* detailDock = dock(this, tr("Artwork"), QStringLiteral("detailDock"), m_detail);
  addDockWidget(Qt::LeftDockWidgetArea, detailDock);
  QDockWidget* recDock = dock(this, tr("Recommendations"), QStringLiteral("recommendationsDock"), m_recommendations);
  addDockWidget(Qt::RightDockWidgetArea, recDock);
  QDockWidget* profileDock = dock(this, tr("Profile"), QStringLiteral("profileDock"), m_profilePanel);
  addDockWidget(Qt::BottomDockWidgetArea, profileDock);
  // A sensible first layout: detail narrow on the left, both columns on the right.
  resizeDocks({detailDock, recDock}, {330, 640}, Qt::Horizontal);
  resizeDocks({profileDock}, {178}, Qt::Vertical);

  // The parts with docks or windows of their own.
  m_clusters = new ClusterDocks(this, m_pixmaps, m_profile, m_filters, m_recommendations);
  m_pipeline = new PipelineStrip(this, m_recommendations, m_clusters->clusterPanel(), m_clusters->mapPanel());
  addToolBarBreak(Qt::TopToolBarArea);
  addToolBar(Qt::TopToolBarArea, m_pipeline);  // under the filter bar
  connect(m_pipeline, &PipelineStrip::stepLanded, this, &MainWindow::pipelineStepLanded);
  connect(m_pipeline, &PipelineStrip::finished, this, &MainWindow::pipelineFinished);
  connect(m_clusters, &ClusterDocks::toggleInProfileRequested, this, &MainWindow::toggleInProfile);
  connect(m_clusters, &ClusterDocks::openArtworkRequested, this, &MainWindow::openArtwork);
  m_newCatalog = new NewCatalogFlow(this, m_browser, m_recommendations);
  m_models = new ModelsMenu(this, m_recommendations);
  m_study = new StudyMenu(this);
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* newCatalog = file->addAction(tr("&New Catalog\u2026"), this, &MainWindow::showNewCatalogDialog);
  newCatalog->setObjectName(QStringLiteral("actionNewCatalog"));
  newCatalog->setShortcut(QKeySequence::New);
  QAction* open = file->addAction(tr("&Open Catalog\u2026"), this, &MainWindow::showOpenCatalogDialog);
  open->setShortcut(QKeySequence::Open);
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  connect(m_recentMenu, &QMenu::aboutToShow, this,
          [this] { fillRecentMenu(m_recentMenu, [this](const QString& path) { openCatalogOrWarn(path); }); });
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  quit->setMenuRole(QAction::QuitRole);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = m_profile->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcuts(uniqueKeys(QKeySequence(Qt::CTRL | Qt::Key_Z), QKeySequence::Undo));
  QAction* redo = m_profile->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcuts(uniqueKeys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo));
  edit->addAction(undo);
  edit->addAction(redo);
  edit->addSeparator();
  QAction* toggle = edit->addAction(tr("Add/Remove Current Artwork"), this, [this] {
    if (m_detail->artworkId() > 0) toggleInProfile(m_detail->artworkId());
  });
  toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
  edit->addAction(tr("Clear Profile"), m_profile, &ProfileEditor::clear);

  QMenu* profile = menuBar()->addMenu(tr("&Profile"));
  QAction* save = profile->addAction(tr("&Save Profile"), m_profilePanel, &ProfilePanel::save);
  save->setShortcut(QKeySequence::Save);
  QAction* saveAs = profile->addAction(tr("Save Profile &As\u2026"), m_profilePanel, &ProfilePanel::saveAs);
  saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  connect(profile, &QMenu::aboutToShow, this, [this, save, saveAs] {  // read-only catalogs: no saving
    save->setEnabled(!m_readOnly);
    saveAs->setEnabled(!m_readOnly);
  });

  m_newCatalog->addCatalogMenu(menuBar());  // Catalog: Embeddings…

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(tr("&Search"), this, &MainWindow::focusSearch)->setShortcut(QKeySequence::Find);
  view->addAction(tr("&Reset Filters"), this, &MainWindow::resetFilters);
  view->addSeparator();
  QAction* larger = view->addAction(tr("&Larger Thumbnails"), this, &MainWindow::zoomIn);
  larger->setShortcuts(uniqueKeys(QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence::ZoomIn));
  QAction* smaller = view->addAction(tr("S&maller Thumbnails"), this, &MainWindow::zoomOut);
  smaller->setShortcuts(uniqueKeys(QKeySequence(Qt::CTRL | Qt::Key_Minus), QKeySequence::ZoomOut));
  view->addSeparator();
  addGoToActions(view, this);  // Ctrl+1…4: keyboard focus to the grid, profile and both columns
  m_clusters->addViewActions(view);
  view->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
  addDetachAction(view, findChild<QDockWidget*>(QStringLiteral("recommendationsDock")));
  m_models->addTo(menuBar());  // Train CuratorNet…, Evaluate…
  m_study->addTo(menuBar());   // Design Studies…, Run participant session…, Report and Merge…
  addHelpMenu(this);           // User Guide (F1), About Qt, About Vitrine
}

// --- catalogs --------------------------------------------------------------------------------

bool MainWindow::openCatalog(const QString& path) {
  const QFileInfo info(path);
  if (!info.isFile()) {
    m_lastError = tr("No catalog file at %1").arg(path);
    return false;
  }
  std::shared_ptr<Catalog> catalog;
  bool readOnly = false;
  try {
    // A catalog on read-only media or in a read-only folder is opened read-only (browse,
    // recommend, evaluate without storing); a lock or a foreign file is an error that says so.
    catalog = std::make_shared<Catalog>(Catalog::openWritableOrReadOnly(info.absoluteFilePath().toStdString()));
    readOnly = catalog->isReadOnly();
  } catch (const std::exception& e) {
    m_lastError = tr("Cannot open %1: %2").arg(path, QString::fromStdString(e.what()));
    return false;
  }
  try {
    // Only a catalog that carries a data credit shows one (the demo catalog stores the CC0 line).
    m_credit = QString::fromStdString(catalog->setting("credit").value_or(std::string()));
  } catch (const std::exception& e) {
    m_lastError = tr("Cannot read %1: %2").arg(path, QString::fromStdString(e.what()));
    return false;
  }
  m_catalog = std::move(catalog);
  m_readOnly = readOnly;
  m_catalogPath = info.absoluteFilePath();
  m_lastError.clear();
  m_contents.reset();
  m_pixmaps->setCatalogPath(m_catalogPath);
  m_watcher->setCatalogPath(m_catalogPath);
  m_detail->setCatalog(m_catalog);
  m_filters->clearOptions();  // the lists belong to the previous catalog
  m_browser->setCatalog(m_catalog);
  m_profilePanel->setCatalog(m_catalog);
  m_recommendations->setCatalogPath(m_catalogPath);
  m_profile->reset();
  m_catalogLabel->setText(m_readOnly ? tr("Catalog: %1 (read-only)").arg(info.completeBaseName())
                                     : tr("Catalog: %1").arg(info.completeBaseName()));
  m_catalogLabel->setToolTip(m_readOnly ? tr("%1\nRead-only: the file or its folder cannot be written; "
                                             "profiles, clusters and models cannot be saved.")
                                              .arg(m_catalogPath)
                                        : m_catalogPath);
  setWindowTitle(m_readOnly ? tr("%1 (read-only) \u2014 Vitrine").arg(info.completeBaseName())
                            : tr("%1 \u2014 Vitrine").arg(info.completeBaseName()));
  QSettings().setValue(QStringLiteral("lastCatalog"), m_catalogPath);
  addRecentCatalog(m_catalogPath);
  reloadCatalogInfo();
  updateStatus();
  Q_EMIT catalogOpened(m_catalogPath);
  return true;
}

bool MainWindow::requireCatalog() {
  if (m_catalog) return true;
  statusBar()->showMessage(tr("Open a catalog first."), 4000);
  return false;
}

void MainWindow::reloadCatalogInfo() {
  if (!m_catalog) return;
  m_infoLoaded = false;
  const std::string path = m_catalog->path();
  m_infoJob->start([path](const JobContext&) { return readCatalogContents(path); },
                   [this](CatalogContents info) {
                     m_contents = std::make_shared<const CatalogContents>(std::move(info));
                     onCatalogInfo(*m_contents);
                   });
}

void MainWindow::onCatalogInfo(const CatalogContents& info) {
  m_filters->setOptions(info.artists, info.periods);
  m_recommendations->setCatalogContents(info.embeddings, info.curatorModels, info.openOn);
  applyClusterings();
  m_infoLoaded = true;
  if (!info.error.isEmpty()) statusBar()->showMessage(tr("Catalog: %1").arg(info.error), 5000);
  updateModelsLabel();
  Q_EMIT catalogInfoLoaded();
}

void MainWindow::applyClusterings() {
  // Visual clusters: only when the catalog stores a clustering (made by `vitrine-cli cluster`
  // or the Clusters panel), preferably one of the embedding in use.
  const QString embedding = m_recommendations->embedding();
  const CatalogContents::Clustering* use = nullptr;
  for (const auto& c : m_contents->clusterings)
    if (!use && c.embedding == embedding) use = &c;
  if (!use && !m_contents->clusterings.isEmpty()) use = &m_contents->clusterings.first();
  if (use) {
    const ClusterFilterChoice choice{use->embedding, use->k, use->seed};
    m_filters->setClustering(&choice);
  } else {
    m_filters->setClustering(nullptr);
  }
}

void MainWindow::showOpenCatalogDialog() {
  const QString dir = m_catalogPath.isEmpty() ? QString() : QFileInfo(m_catalogPath).absolutePath();
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open Catalog"), dir, tr("Vitrine catalogs (*.vitrine);;All files (*)"));
  if (path.isEmpty()) return;
  openCatalogOrWarn(path);
}

QStringList MainWindow::recentCatalogs() const { return vitrine::recentCatalogs(); }

void MainWindow::showAbout() { showAboutVitrine(this); }
void MainWindow::showUserGuide() { vitrine::showUserGuide(this); }

// --- browsing --------------------------------------------------------------------------------

void MainWindow::zoomIn() { m_browser->zoomBy(kZoomStep); }
void MainWindow::zoomOut() { m_browser->zoomBy(-kZoomStep); }
void MainWindow::focusSearch() { m_filters->focusSearch(); }
void MainWindow::resetFilters() { m_filters->reset(); }

void MainWindow::updateStatus() { m_countLabel->setText(m_browser->countText()); }

void MainWindow::updateModelsLabel() {
  if (!m_catalog) {
    m_modelsLabel->clear();
    return;
  }
  const QString embedding = m_recommendations->embedding();
  const QString cur = m_recommendations->curatorModel();
  m_modelsLabel->setText(tr("CuratorNet: %1  \u00b7  VisRank: %2  \u00b7  Embedding: %3")
                             .arg(cur.isEmpty() ? tr("none") : cur, m_recommendations->aggregationText(),
                                  embedding.isEmpty() ? tr("none") : embedding));
}

void MainWindow::showArtwork(qint64 artworkId) {
  if (artworkId <= 0 || !m_catalog) return;
  if (m_detail->artworkId() != artworkId) {
    m_detail->showArtwork(artworkId);
    m_recommendations->requestMoreLikeThis(artworkId);
  }
  m_detail->setInProfile(m_profile->contains(artworkId));
}

void MainWindow::openArtwork(qint64 artworkId) {
  showArtwork(artworkId);
  if (auto* d = qobject_cast<QDockWidget*>(m_detail->parentWidget())) {
    d->show();
    d->raise();
  }
}

void MainWindow::toggleInProfile(qint64 artworkId) {
  if (artworkId <= 0) return;
  m_profile->toggle(artworkId);
  showArtwork(artworkId);
}

void MainWindow::addToProfile(qint64 artworkId) {
  if (artworkId <= 0) return;
  m_profile->add(artworkId);
  showArtwork(artworkId);
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (!m_firstLayout) return;
  m_firstLayout = false;
  // First layout (no saved state), at the size the window is shown with: the two recommendation
  // columns get about 42% of the width, so that at 1280 px each column still shows two-line
  // titles and three "because you liked" thumbnails, and the grid keeps two columns.
  auto* detailDock = findChild<QDockWidget*>(QStringLiteral("detailDock"));
  auto* recDock = findChild<QDockWidget*>(QStringLiteral("recommendationsDock"));
  if (detailDock && recDock)
    resizeDocks({detailDock, recDock}, {std::min(330, width() * 19 / 100), width() * 42 / 100}, Qt::Horizontal);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  if (m_remembersLayout) {
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
  }
  settings.setValue(kThumbSizeKey, m_browser->view()->thumbnailSize());
  QMainWindow::closeEvent(event);
}

// --- the parts ---------------------------------------------------------------------------------

bool MainWindow::runCatalogPipeline(const CatalogPipelineConfig& config, const QString& title,
                                    const PipelineAfterRun& afterRun) {
  if (!m_catalog || m_readOnly) {
    m_lastError = m_catalog ? tr("The catalog is read-only; nothing can be computed.") : tr("No catalog open.");
    return false;
  }
  return m_pipeline->run(m_catalogPath, config, title, afterRun, &m_lastError);
}
bool MainWindow::isPipelineRunning() const { return m_pipeline->isRunning(); }
QString MainWindow::lastPipelineSummary() const { return m_pipeline->lastSummary(); }
void MainWindow::showClusterInBrowser(const QString& embedding, int k, quint64 seed, int cluster) {
  m_clusters->showClusterInBrowser(embedding, k, seed, cluster);
}
TrainingPanel* MainWindow::showTrainingPanel() { return m_models->showTrainingPanel(); }
EvaluationPanel* MainWindow::showEvaluationPanel() { return m_models->showEvaluationPanel(); }
StudyDesigner* MainWindow::openStudyDesigner() { return m_study->openDesigner(); }
StudySessionWindow* MainWindow::runStudySession(const QString& study, const QString& participant, bool fullScreen) {
  return m_study->runSession(study, participant, fullScreen, &m_lastError);
}
void MainWindow::showNewCatalogDialog() { showNewCatalogWizard(); }
NewCatalogWizard* MainWindow::showNewCatalogWizard(const QString& folder) { return m_newCatalog->showWizard(folder); }
bool MainWindow::startNewCatalog(const NewCatalogRequest& request) {
  return m_newCatalog->start(request, &m_lastError);
}
EmbeddingsDialog* MainWindow::showEmbeddingsDialog() { return m_newCatalog->showEmbeddingsDialog(); }

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!droppedCatalogPath(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = droppedCatalogPath(event->mimeData());
  if (path.isEmpty()) return;
  event->acceptProposedAction();
  openDroppedPath(path);
}

bool MainWindow::openDroppedPath(const QString& path) {
  const QFileInfo f(path);
  if (f.isDir()) {
    showNewCatalogWizard(f.absoluteFilePath());
    return true;
  }
  return openCatalogOrWarn(path);
}

bool MainWindow::openCatalogOrWarn(const QString& path) {
  if (openCatalog(path)) return true;
  QMessageBox::warning(this, tr("Open Catalog"), m_lastError);
  return false;
}

// How the panels follow what is stored in the open catalog: the CatalogWatcher (ui/services) tells
// every commit, whether made here, by a background job (import, embedding, clustering, training,
// evaluation) or by a dialog's own connection, and the panels re-read what it touched. Writers do
// not ask for reloads (docs/architecture.md, "Change notification"). The evaluation panel, the
// profile panel and the embeddings dialog watch the catalog themselves.
void MainWindow::onCatalogChanged(const CatalogChange& change) {
  if (!m_catalog) return;
  // Stored embeddings, models and the default embedding decide the rankers: drop cached ones (a
  // replaced model keeps its name) and re-read the choices the panels offer.
  const CatalogFamilies rankers = CatalogFamily::Embeddings | CatalogFamily::Models | CatalogFamily::Settings;
  if (change.any(rankers)) m_recommendations->invalidate();
  if (change.any(rankers | CatalogFamily::Clusterings))
    reloadCatalogInfo();  // the browser's cluster filter, the embedding and CuratorNet choices
  // Artworks land in batches while an import runs: the grid and the filter values follow.
  if (change.has(CatalogFamily::Artworks)) m_newCatalog->artworksStored();
  if (change.has(CatalogFamily::Clusterings)) m_clusters->clusteringsChanged();
}

}  // namespace vitrine
