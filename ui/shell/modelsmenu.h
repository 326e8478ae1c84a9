#pragma once
#include <QObject>

class QMenuBar;

namespace vitrine {

class EvaluationPanel;
class MainWindow;
class RecommendationsPanel;
class TrainingPanel;

// The main window's Models menu (issue 8): Train CuratorNet… (Ctrl+Shift+T) and Evaluate…
// (Ctrl+Shift+E) open the training and evaluation panels as non-modal windows on the open
// catalog (created on first use, following the catalog the window opens unless a run is going).
// A model the training panel stores becomes the CuratorNet column's model.
class ModelsMenu : public QObject {
  Q_OBJECT

 public:
  ModelsMenu(MainWindow* window, RecommendationsPanel* recommendations);

  void addTo(QMenuBar* menuBar);
  // Null and a status message when no catalog is open.
  TrainingPanel* showTrainingPanel();
  EvaluationPanel* showEvaluationPanel();

 private:
  void onModelStored(const QString& name);

  MainWindow* m_window;
  RecommendationsPanel* m_recommendations;
  TrainingPanel* m_training = nullptr;
  EvaluationPanel* m_evaluation = nullptr;
};

}  // namespace vitrine
