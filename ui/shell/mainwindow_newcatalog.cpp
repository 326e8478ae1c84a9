// MainWindow's New Catalog wizard, its background steps in the Tasks dock, drag and drop
// (a folder starts the wizard, a .vitrine file opens), and the Embeddings dialog (issue 15).
// Kept apart from mainwindow.cpp like the cluster and model parts.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTimer>

#include "browser/browserpanel.h"
#include "catalog/catalog.h"
#include "embeddings/embeddingsdialog.h"
#include "newcatalog/catalogpipeline.h"
#include "newcatalog/newcatalogwizard.h"
#include "newcatalog/reportdialog.h"
#include "recommendations/recommendationspanel.h"
#include "services/tasklist.h"
#include "shell/mainwindow.h"

namespace vitrine {

namespace {

// The one local folder or .vitrine file a drag carries, else an empty string.
QString droppedPath(const QMimeData* mime) {
  if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
  const QUrl url = mime->urls().constFirst();
  if (!url.isLocalFile()) return {};
  const QFileInfo f(url.toLocalFile());
  if (f.isDir()) return f.absoluteFilePath();
  if (f.isFile() && f.fileName().endsWith(QLatin1String(Catalog::kExtension), Qt::CaseInsensitive))
    return f.absoluteFilePath();
  return {};
}

}  // namespace

void MainWindow::createTaskDock() {
  m_tasks = new TaskListPanel(this);
  m_tasks->setObjectName(QStringLiteral("taskList"));
  auto* d = new QDockWidget(tr("Tasks"), this);
  d->setObjectName(QStringLiteral("tasksDock"));
  d->setWidget(m_tasks);
  d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
  addDockWidget(Qt::BottomDockWidgetArea, d);
  if (auto* profileDock = findChild<QDockWidget*>(QStringLiteral("profileDock"))) tabifyDockWidget(profileDock, d);
  if (auto* profileDock = findChild<QDockWidget*>(QStringLiteral("profileDock"))) profileDock->raise();

  m_pipeline = new CatalogPipeline(m_tasks, this);
  m_pipeline->setObjectName(QStringLiteral("catalogPipeline"));
  m_landTimer = new QTimer(this);
  m_landTimer->setSingleShot(true);
  m_landTimer->setInterval(400);  // a reload of the grid per 400 ms at most while artworks land
  connect(m_landTimer, &QTimer::timeout, this, [this] {
    m_browser->applyFilters();
    loadCatalogInfo();  // artists and periods for the filters
  });
  connect(m_pipeline, &CatalogPipeline::catalogReady, this, [this](const QString& path) {
    if (path != m_catalogPath && !openCatalog(path)) QMessageBox::warning(this, tr("New Catalog"), m_lastError);
  });
  // Artworks, embeddings, clusterings and models the steps store reach the panels through the
  // catalog watcher (mainwindow_changes.cpp).
  connect(m_pipeline, &CatalogPipeline::finished, this, [this](bool completed) {
    // Both columns on what the steps made: their embedding, then their CuratorNet model.
    const QString embedding = m_pipeline->resultEmbedding(), model = m_pipeline->resultModel();
    if (!embedding.isEmpty() && m_catalogPath == m_pipeline->request().catalogPath) {
      connect(
          this, &MainWindow::catalogInfoLoaded, this,
          [this, embedding, model] {
            auto* combo = m_recommendations->findChild<QComboBox*>(QStringLiteral("embeddingCombo"));
            const int at = combo ? combo->findData(embedding) : -1;
            if (at >= 0) combo->setCurrentIndex(at);
            if (!model.isEmpty()) m_recommendations->selectCuratorModel(model);
          },
          Qt::SingleShotConnection);
      loadCatalogInfo();  // one more load, so the switch happens even when the last one is already done
    }
    const QStringList issues = m_pipeline->issues();
    QString headline = completed ? tr("The catalog %1 is ready.")
                                 : tr("The steps for %1 stopped before the end; "
                                      "Resume in the Tasks panel continues them.");
    headline = headline.arg(QFileInfo(m_pipeline->request().catalogPath).fileName());
    headline += QLatin1Char(' ') + (issues.isEmpty() ? tr("No file or row was skipped.")
                                                     : tr("%n file(s) or row(s) were skipped (listed below).", nullptr,
                                                          static_cast<int>(issues.size())));
    auto* report = new ReportDialog(this, tr("New Catalog"), headline, m_pipeline->reportText());
    report->setObjectName(QStringLiteral("newCatalogReport"));
    report->show();
    statusBar()->showMessage(completed ? tr("New catalog ready") : tr("New catalog: stopped"), 6000);
  });
}

void MainWindow::showNewCatalogDialog() { showNewCatalogWizard(); }

NewCatalogWizard* MainWindow::showNewCatalogWizard(const QString& folder) {
  if (!m_wizard) {
    m_wizard = new NewCatalogWizard(this);
    connect(m_wizard, &QDialog::accepted, this, [this] { startNewCatalog(m_wizard->request()); });
  }
  m_wizard->restart();
  if (!folder.isEmpty()) m_wizard->setFolder(folder);
  m_wizard->show();
  m_wizard->raise();
  m_wizard->activateWindow();
  return m_wizard;
}

bool MainWindow::startNewCatalog(const NewCatalogRequest& request) {
  if (m_pipeline->isRunning()) {
    m_lastError = tr("A new catalog is still being made (see the Tasks panel); cancel it or wait.");
    QMessageBox::warning(this, tr("New Catalog"), m_lastError);
    return false;
  }
  if (auto* d = qobject_cast<QDockWidget*>(m_tasks->parentWidget())) {
    d->show();
    d->raise();
  }
  if (!m_pipeline->start(request)) {
    m_lastError = m_pipeline->error();
    QMessageBox::warning(this, tr("New Catalog"), m_lastError);
    return false;
  }
  return true;
}

EmbeddingsDialog* MainWindow::showEmbeddingsDialog() {
  if (!m_catalog) {
    statusBar()->showMessage(tr("Open a catalog first."), 4000);
    return nullptr;
  }
  if (!m_embeddingsDialog) {
    m_embeddingsDialog = new EmbeddingsDialog(this);
    // What it stores (embeddings, the default) reaches the panels through the catalog watcher.
  }
  if (!m_embeddingsDialog->isBusy()) m_embeddingsDialog->setCatalogPath(m_catalogPath, m_readOnly);
  m_embeddingsDialog->show();
  m_embeddingsDialog->raise();
  m_embeddingsDialog->activateWindow();
  return m_embeddingsDialog;
}

void MainWindow::addCatalogActions() {
  QMenu* menu = menuBar()->addMenu(tr("&Catalog"));
  QAction* embeddings = menu->addAction(tr("&Embeddings\u2026"), this, [this] { showEmbeddingsDialog(); });
  embeddings->setObjectName(QStringLiteral("actionEmbeddings"));
  connect(menu, &QMenu::aboutToShow, this, [this, embeddings] { embeddings->setEnabled(m_catalog != nullptr); });
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!droppedPath(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = droppedPath(event->mimeData());
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
  if (!openCatalog(path)) {
    QMessageBox::warning(this, tr("Open Catalog"), m_lastError);
    return false;
  }
  return true;
}

}  // namespace vitrine
