// MainWindow's Models menu (issue 8): the training and evaluation panels and their wiring. Kept
// apart from mainwindow.cpp like the cluster part.
#include <QAction>
#include <QComboBox>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

#include "evaluation/evaluationpanel.h"
#include "shell/mainwindow.h"
#include "recommendations/recommendationspanel.h"
#include "training/trainingpanel.h"

namespace vitrine {

void MainWindow::addModelActions() {
  QMenu* models = menuBar()->addMenu(tr("&Models"));
  QAction* train = models->addAction(tr("&Train CuratorNet\u2026"), this, [this] { showTrainingPanel(); });
  train->setObjectName(QStringLiteral("actionTrainCuratorNet"));
  train->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
  QAction* evaluate = models->addAction(tr("&Evaluate\u2026"), this, [this] { showEvaluationPanel(); });
  evaluate->setObjectName(QStringLiteral("actionEvaluate"));
  evaluate->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  // Both need a catalog.
  connect(models, &QMenu::aboutToShow, this, [this, train, evaluate] {
    train->setEnabled(m_catalog != nullptr && !m_readOnly);
    evaluate->setEnabled(m_catalog != nullptr);
  });
}

TrainingPanel* MainWindow::showTrainingPanel() {
  if (!m_catalog) {
    statusBar()->showMessage(tr("Open a catalog first."), 4000);
    return nullptr;
  }
  if (!m_trainingPanel) {
    m_trainingPanel = new TrainingPanel(this);
    // A stored model shows up in the CuratorNet selector: the catalog watcher told the commit
    // (cached rankers dropped, the model list reloading, mainwindow_changes.cpp).
    connect(m_trainingPanel, &TrainingPanel::modelStored, this, [this](const QString& name, const QString&) {
      // Make the new model the active CuratorNet column: now if the watcher's reload of the model
      // list already landed (it can arrive before this signal), else once it lands. A reload keeps
      // the current choice, so selecting now is not undone by a later one.
      if (!m_recommendations->selectCuratorModel(name))
        connect(
            this, &MainWindow::catalogInfoLoaded, this, [this, name] { m_recommendations->selectCuratorModel(name); },
            Qt::SingleShotConnection);
      statusBar()->showMessage(tr("Stored CuratorNet model \u201c%1\u201d").arg(name), 6000);
    });
    connect(this, &MainWindow::catalogOpened, m_trainingPanel, [this](const QString& path) {
      if (!m_trainingPanel->isRunning()) m_trainingPanel->setCatalogPath(path);
    });
  }
  if (!m_trainingPanel->isRunning() && m_trainingPanel->catalogPath() != m_catalogPath)
    m_trainingPanel->setCatalogPath(m_catalogPath);
  m_trainingPanel->show();
  m_trainingPanel->raise();
  m_trainingPanel->activateWindow();
  return m_trainingPanel;
}

EvaluationPanel* MainWindow::showEvaluationPanel() {
  if (!m_catalog) {
    statusBar()->showMessage(tr("Open a catalog first."), 4000);
    return nullptr;
  }
  if (!m_evaluationPanel) {
    m_evaluationPanel = new EvaluationPanel(this);
    connect(this, &MainWindow::catalogOpened, m_evaluationPanel, [this](const QString& path) {
      if (!m_evaluationPanel->isRunning()) m_evaluationPanel->setCatalogPath(path);
    });
  }
  // Models may have been trained since: re-read the catalog unless a run is going.
  if (!m_evaluationPanel->isRunning()) m_evaluationPanel->setCatalogPath(m_catalogPath);
  m_evaluationPanel->show();
  m_evaluationPanel->raise();
  m_evaluationPanel->activateWindow();
  return m_evaluationPanel;
}

}  // namespace vitrine
