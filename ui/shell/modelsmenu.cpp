#include "shell/modelsmenu.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

#include "evaluation/evaluationpanel.h"
#include "recommendations/recommendationspanel.h"
#include "shell/mainwindow.h"
#include "shell/shellmenus.h"
#include "training/trainingpanel.h"

namespace vitrine {

ModelsMenu::ModelsMenu(MainWindow* window, RecommendationsPanel* recommendations)
    : QObject(window), m_window(window), m_recommendations(recommendations) {}

void ModelsMenu::addTo(QMenuBar* menuBar) {
  QMenu* models = menuBar->addMenu(tr("&Models"));
  QAction* train = models->addAction(tr("&Train CuratorNet\u2026"), this, [this] { showTrainingPanel(); });
  train->setObjectName(QStringLiteral("actionTrainCuratorNet"));
  train->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
  QAction* evaluate = models->addAction(tr("&Evaluate\u2026"), this, [this] { showEvaluationPanel(); });
  evaluate->setObjectName(QStringLiteral("actionEvaluate"));
  evaluate->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  // Both need a catalog; training writes to it.
  connect(models, &QMenu::aboutToShow, this, [this, train, evaluate] {
    train->setEnabled(m_window->catalog() != nullptr && !m_window->isReadOnly());
    evaluate->setEnabled(m_window->catalog() != nullptr);
  });
}

void ModelsMenu::onModelStored(const QString& name) {
  // Make the new model the active CuratorNet column: now if the catalog watcher's reload of the
  // model list already landed (it can arrive before this signal), else once it lands. A reload
  // keeps the current choice, so selecting now is not undone by a later one.
  if (!m_recommendations->selectCuratorModel(name))
    connect(
        m_window, &MainWindow::catalogInfoLoaded, this, [this, name] { m_recommendations->selectCuratorModel(name); },
        Qt::SingleShotConnection);
  m_window->statusBar()->showMessage(tr("Stored CuratorNet model \u201c%1\u201d").arg(name), 6000);
}

TrainingPanel* ModelsMenu::showTrainingPanel() {
  if (!m_window->requireCatalog()) return nullptr;
  if (!m_training) {
    m_training = new TrainingPanel(m_window);
    connect(m_training, &TrainingPanel::modelStored, this, [this](const QString& name) { onModelStored(name); });
    connect(m_window, &MainWindow::catalogOpened, m_training, [this](const QString& path) {
      if (!m_training->isRunning()) m_training->setCatalogPath(path);
    });
  }
  if (!m_training->isRunning() && m_training->catalogPath() != m_window->catalogPath())
    m_training->setCatalogPath(m_window->catalogPath());
  presentWindow(m_training);
  return m_training;
}

EvaluationPanel* ModelsMenu::showEvaluationPanel() {
  if (!m_window->requireCatalog()) return nullptr;
  if (!m_evaluation) {
    m_evaluation = new EvaluationPanel(m_window);
    connect(m_window, &MainWindow::catalogOpened, m_evaluation, [this](const QString& path) {
      if (!m_evaluation->isRunning()) m_evaluation->setCatalogPath(path);
    });
  }
  // Models may have been trained since: re-read the catalog unless a run is going.
  if (!m_evaluation->isRunning()) m_evaluation->setCatalogPath(m_window->catalogPath());
  presentWindow(m_evaluation);
  return m_evaluation;
}

}  // namespace vitrine
