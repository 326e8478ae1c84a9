#include "shell/newcatalogflow.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

#include "browser/browserpanel.h"
#include "embeddings/embeddingsdialog.h"
#include "newcatalog/catalogpipeline.h"
#include "newcatalog/newcatalogwizard.h"
#include "newcatalog/reportdialog.h"
#include "recommendations/recommendationspanel.h"
#include "services/tasklist.h"
#include "shell/mainwindow.h"
#include "shell/shellmenus.h"

namespace vitrine {

NewCatalogFlow::NewCatalogFlow(MainWindow* window, BrowserPanel* browser, RecommendationsPanel* recommendations)
    : QObject(window),
      m_window(window),
      m_browser(browser),
      m_recommendations(recommendations),
      m_tasks(new TaskListPanel(window)),
      m_pipeline(new CatalogPipeline(m_tasks, this)),
      m_landTimer(new QTimer(this)) {
  m_tasks->setObjectName(QStringLiteral("taskList"));
  auto* d = new QDockWidget(tr("Tasks"), window);
  d->setObjectName(QStringLiteral("tasksDock"));
  d->setWidget(m_tasks);
  d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
  window->addDockWidget(Qt::BottomDockWidgetArea, d);
  if (auto* profileDock = window->findChild<QDockWidget*>(QStringLiteral("profileDock"))) {
    window->tabifyDockWidget(profileDock, d);
    profileDock->raise();
  }

  m_pipeline->setObjectName(QStringLiteral("catalogPipeline"));
  m_landTimer->setSingleShot(true);
  m_landTimer->setInterval(400);
  connect(m_landTimer, &QTimer::timeout, this, [this] {
    m_browser->applyFilters();
    m_window->reloadCatalogInfo();  // artists and periods for the filters
  });
  connect(m_pipeline, &CatalogPipeline::catalogReady, this, [this](const QString& path) {
    if (path != m_window->catalogPath() && !m_window->openCatalog(path))
      QMessageBox::warning(m_window, tr("New Catalog"), m_window->lastError());
  });
  connect(m_pipeline, &CatalogPipeline::finished, this, [this](bool completed) {
    // Both columns on what the steps made: their embedding, then their CuratorNet model.
    const QString embedding = m_pipeline->resultEmbedding(), model = m_pipeline->resultModel();
    if (!embedding.isEmpty() && m_window->catalogPath() == m_pipeline->request().catalogPath) {
      connect(
          m_window, &MainWindow::catalogInfoLoaded, this,
          [this, embedding, model] {
            auto* combo = m_recommendations->findChild<QComboBox*>(QStringLiteral("embeddingCombo"));
            const int at = combo ? combo->findData(embedding) : -1;
            if (at >= 0) combo->setCurrentIndex(at);
            if (!model.isEmpty()) m_recommendations->selectCuratorModel(model);
          },
          Qt::SingleShotConnection);
      m_window->reloadCatalogInfo();  // one more load, so the switch happens even when the last one is done
    }
    showReport(completed);
  });
}

void NewCatalogFlow::showReport(bool completed) {
  const QStringList issues = m_pipeline->issues();
  QString headline = completed ? tr("The catalog %1 is ready.")
                               : tr("The steps for %1 stopped before the end; "
                                    "Resume in the Tasks panel continues them.");
  headline = headline.arg(QFileInfo(m_pipeline->request().catalogPath).fileName());
  headline += QLatin1Char(' ') + (issues.isEmpty() ? tr("No file or row was skipped.")
                                                   : tr("%n file(s) or row(s) were skipped (listed below).", nullptr,
                                                        static_cast<int>(issues.size())));
  const QFileInfo catalog(m_pipeline->request().catalogPath);
  auto* report = new ReportDialog(m_window, tr("New Catalog"), headline, m_pipeline->reportText(),
                                  catalog.dir().filePath(catalog.completeBaseName() + QStringLiteral("-report.txt")));
  report->setObjectName(QStringLiteral("newCatalogReport"));
  report->show();
  m_window->statusBar()->showMessage(completed ? tr("New catalog ready") : tr("New catalog: stopped"), 6000);
}

void NewCatalogFlow::artworksStored() {
  if (!m_landTimer->isActive()) m_landTimer->start();
}

NewCatalogWizard* NewCatalogFlow::showWizard(const QString& folder) {
  if (!m_wizard) {
    m_wizard = new NewCatalogWizard(m_window);
    connect(m_wizard, &QDialog::accepted, this, [this] { start(m_wizard->request(), nullptr); });
  }
  m_wizard->restart();
  if (!folder.isEmpty()) m_wizard->setFolder(folder);
  presentWindow(m_wizard);
  return m_wizard;
}

bool NewCatalogFlow::start(const NewCatalogRequest& request, QString* error) {
  QString why;
  if (m_pipeline->isRunning()) {
    why = tr("A new catalog is still being made (see the Tasks panel); cancel it or wait.");
  } else {
    if (auto* d = qobject_cast<QDockWidget*>(m_tasks->parentWidget())) {
      d->show();
      d->raise();
    }
    if (m_pipeline->start(request)) return true;
    why = m_pipeline->error();
  }
  if (error) *error = why;
  QMessageBox::warning(m_window, tr("New Catalog"), why);
  return false;
}

EmbeddingsDialog* NewCatalogFlow::showEmbeddingsDialog() {
  if (!m_window->requireCatalog()) return nullptr;
  // What it stores (embeddings, the default) reaches the panels through the catalog watcher.
  if (!m_embeddingsDialog) m_embeddingsDialog = new EmbeddingsDialog(m_window);
  if (!m_embeddingsDialog->isBusy())
    m_embeddingsDialog->setCatalogPath(m_window->catalogPath(), m_window->isReadOnly());
  presentWindow(m_embeddingsDialog);
  return m_embeddingsDialog;
}

void NewCatalogFlow::addCatalogMenu(QMenuBar* menuBar) {
  QMenu* menu = menuBar->addMenu(tr("&Catalog"));
  QAction* embeddings = menu->addAction(tr("&Embeddings\u2026"), this, [this] { showEmbeddingsDialog(); });
  embeddings->setObjectName(QStringLiteral("actionEmbeddings"));
  connect(menu, &QMenu::aboutToShow, this,
          [this, embeddings] { embeddings->setEnabled(m_window->catalog() != nullptr); });
}

}  // namespace vitrine
