#pragma once
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

#include "newcatalog/newcatalogrequest.h"
#include "pipeline/catalog_pipeline.h"

namespace vitrine {

class BackgroundJob;
class JobContext;
class TaskListPanel;

// Runs the New Catalog steps one after the other on a worker, each a row of a TaskListPanel with
// its progress and Cancel: import (thumbnails and handcrafted features, committed per batch),
// then what the catalog needs for both recommenders: the after-import use case of core/pipeline
// (default CNN embedding, falling back to handcrafted without weights -> clusters -> map ->
// cold-start CuratorNet), one task row per step. Cancel stops the running step at its next
// safe point and the later steps are not run; what was committed stays, and start() with the
// same request resumes (the import skips what the catalog holds, the other steps what is stored).
// The report (reportText) lists the skipped files and rows as `file:line: reason — detail`,
// exactly as `vitrine-cli import` prints them.
class CatalogPipeline : public QObject {
  Q_OBJECT

 public:
  CatalogPipeline(TaskListPanel* tasks, QObject* parent = nullptr);
  ~CatalogPipeline() override;

  // Creates (or opens) the catalog file, resets the task list and starts the first step.
  // Returns false with error() when the catalog cannot be created; nothing runs then.
  bool start(const NewCatalogRequest& request);
  bool isRunning() const { return m_running; }
  // Images per committed import transaction (default 32, as vitrine-cli import --batch).
  void setImportBatchSize(int images) { m_batchSize = images; }
  // The after-import steps' configuration (default CatalogPipelineConfig::coldStartDefaults(),
  // the one the first-launch demo uses); tests make the training short.
  void setAfterImportConfig(const CatalogPipelineConfig& config) { m_afterImport = config; }
  NewCatalogRequest request() const { return m_request; }
  QString error() const { return m_error; }
  // True when the last run went through every step.
  bool completed() const { return m_completed; }
  // Summaries of the steps that ran, then the skipped files and rows, one per line.
  QString reportText() const;
  QStringList issues() const { return m_issues; }
  // What the last run settled on for both recommenders (empty when the steps did not get there).
  QString resultEmbedding() const { return m_resultEmbedding; }
  QString resultModel() const { return m_resultModel; }

 Q_SIGNALS:
  // The catalog file exists with its schema: the window can open it (its grid fills as the
  // import commits).
  void catalogReady(const QString& path);
  // An import batch was committed (at most every 50 ms): new artworks can be listed.
  void artworksLanded();
  // Step `key` ended (done, cancelled or failed); the catalog may hold new data.
  void stepEnded(const QString& key);
  // Every step ran (completed = true), or the run stopped at a cancelled or failed step.
  void finished(bool completed);

 public:
  // What one step's work returns (on the worker) to the GUI thread.
  struct StepOutcome {
    QString summary;     // one line for the task row and the report
    QStringList issues;  // `file:line: reason — detail`
    bool cancelled = false;
    QString error;      // non-empty: the step failed
    QString embedding;  // the embedding the catalog's clusters, map and model use ("" = unknown)
    QString model;      // the CuratorNet model made or found ("" = none)
  };

 private:
  // One piece of work on the worker; it drives one task row (key) or several (rows, e.g. the
  // after-import steps: embedding, clusters, map, CuratorNet), routed by the progress stage.
  struct Step {
    QString key;
    QString title;
    std::function<StepOutcome(const JobContext&)> work;
    QStringList rows;  // the task rows it drives; empty = just {key}
    QStringList rowsOf() const { return rows.isEmpty() ? QStringList{key} : rows; }
  };
  // The task row a progress stage belongs to ("" = the current step's first row).
  QString rowForStage(const QString& stage) const;
  // A row of the running step ended (queued from the worker): its state, then stepEnded.
  void rowEnded(const QString& row, int state, const QString& text);
  void runStep(size_t index);
  void stepDone(size_t index, const StepOutcome& outcome);
  void buildSteps();

  TaskListPanel* m_tasks;
  BackgroundJob* m_job;
  NewCatalogRequest m_request;
  std::vector<Step> m_steps;
  QStringList m_summaries;
  QHash<QString, QString> m_rowTitles;
  QStringList m_issues;
  QString m_error;
  QString m_resultEmbedding;
  QString m_resultModel;
  size_t m_current = 0;
  bool m_running = false;
  bool m_completed = false;
  int m_batchSize = 32;
  CatalogPipelineConfig m_afterImport = CatalogPipelineConfig::coldStartDefaults();
  // Row endings reported by the after-import use case on the worker, drained on the GUI thread.
  struct RowEvents;
  std::shared_ptr<RowEvents> m_rowEvents;
  void drainRowEvents();
};

}  // namespace vitrine
