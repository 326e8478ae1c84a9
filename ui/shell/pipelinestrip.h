#pragma once
#include <QString>
#include <QToolBar>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace vitrine {

class BackgroundJob;
class Catalog;
class ClusterPanel;
class MainWindow;
class MapPanel;
class RecommendationsPanel;
struct CatalogPipelineConfig;
struct CatalogPipelineReport;

// The post-import pipeline of the open catalog (core/pipeline/catalog_pipeline.h: CNN embedding
// -> clusters + map -> cold-start CuratorNet, issue 15) run in the background, and its strip under
// the filter bar (objectName "pipelineBar": label "pipelineStatus", bar "pipelineProgress",
// buttons "pipelineCancel" and "pipelineDismiss"). The strip says which of the four steps runs and
// can cancel it; the grid stays usable, and each piece lands in its panel as it is stored (the
// embedding and model are selected in the recommendation columns, the clusters and map shown).
class PipelineStrip : public QToolBar {
  Q_OBJECT

 public:
  using AfterRun = std::function<void(Catalog&, const CatalogPipelineReport&)>;

  PipelineStrip(MainWindow* window, RecommendationsPanel* recommendations, ClusterPanel* clusters, MapPanel* map);
  ~PipelineStrip() override;
  // Stops a running pipeline and waits for it, for good (the window is closing): its result and
  // queued step reports are dropped.
  void shutDown();

  // Starts the pipeline on `catalogPath` (writable); `title` names the job in the strip
  // ("Completing the demo"); `afterRun` (optional) runs on the worker with the catalog once the
  // pipeline returned. False and *error when one is already running.
  bool run(const QString& catalogPath, const CatalogPipelineConfig& config, const QString& title,
           const AfterRun& afterRun, QString* error);
  bool isRunning() const;
  // The summary of the last finished run (one line per step), empty before.
  QString lastSummary() const { return m_summary; }

 Q_SIGNALS:
  // A step ended (step and status as the core enums' integer values).
  void stepLanded(int step, int status, const QString& detail);
  // Finished, cancelled or failed; complete as CatalogPipelineReport::complete().
  void finished(bool complete, const QString& summary);

 private:
  void onStep(int step, int status, const QString& embedding, const QString& model, const QString& detail);

  MainWindow* m_window;
  RecommendationsPanel* m_recommendations;
  ClusterPanel* m_clusters;
  MapPanel* m_map;
  BackgroundJob* m_job;
  QLabel* m_label;
  QProgressBar* m_progress;
  QPushButton* m_cancel;
  QPushButton* m_dismiss;
  QString m_title;
  QString m_summary;
  QString m_embedding;  // the embedding the steps use (the CNN's, or the fallback once it landed)
};

}  // namespace vitrine
