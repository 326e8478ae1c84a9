#pragma once
#include <QObject>
#include <QString>

class QMenuBar;
class QTimer;

namespace vitrine {

class BrowserPanel;
class CatalogPipeline;
class EmbeddingsDialog;
class MainWindow;
class NewCatalogWizard;
class RecommendationsPanel;
class TaskListPanel;
struct NewCatalogRequest;

// File -> New Catalog… and Catalog -> Embeddings… of the main window (issue 15): the wizard, its
// steps in the Tasks dock ("tasksDock" holding "taskList", run by the "catalogPipeline"), the new
// catalog opened at once with its grid filling as the import commits, the final report
// ("newCatalogReport"), and the Embeddings dialog. What the steps store reaches the panels through
// the window's catalog watcher; only the artworks' arrival is paced here (artworksStored()).
class NewCatalogFlow : public QObject {
  Q_OBJECT

 public:
  NewCatalogFlow(MainWindow* window, BrowserPanel* browser, RecommendationsPanel* recommendations);

  // Shows the wizard (non-modal), `folder` filled in when given; Create starts the steps.
  NewCatalogWizard* showWizard(const QString& folder = QString());
  // Starts the steps for `request` without the wizard; false, *error and a message box when the
  // catalog cannot be created or steps are already running.
  bool start(const NewCatalogRequest& request, QString* error);
  // The Embeddings dialog on the open catalog (null and a status message without one).
  EmbeddingsDialog* showEmbeddingsDialog();
  // Adds the Catalog menu (Embeddings…).
  void addCatalogMenu(QMenuBar* menuBar);
  // Artworks were committed to the open catalog: the grid and filter values follow, at most once
  // per 400 ms while an import runs.
  void artworksStored();

 private:
  void showReport(bool completed);

  MainWindow* m_window;
  BrowserPanel* m_browser;
  RecommendationsPanel* m_recommendations;
  TaskListPanel* m_tasks;
  CatalogPipeline* m_pipeline;
  QTimer* m_landTimer;
  NewCatalogWizard* m_wizard = nullptr;
  EmbeddingsDialog* m_embeddingsDialog = nullptr;
};

}  // namespace vitrine
