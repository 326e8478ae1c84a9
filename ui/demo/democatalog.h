#pragma once
#include <QString>
#include <QStringList>

#include "common/progress.h"
#include "ingest/importer.h"
#include "pipeline/catalog_pipeline.h"

class QWidget;

namespace vitrine {

class MainWindow;

// The data credit the demo set requires (resources/demo/SOURCE.md); stored as setting "credit".
inline constexpr const char* kDemoCreditLine = "Images: The Art Institute of Chicago, CC0 public domain";

// Where the bundled resources folder may be, in search order: $VITRINE_RESOURCES_DIR,
// <exe>/../share/vitrine/resources, <exe>/resources, <exe>/../Resources (macOS bundle),
// then the source tree's resources/ (VITRINE_SOURCE_RESOURCES_DIR).
QStringList resourcesSearchPath();
// The first of those holding demo/metadata.csv and demo/images/; empty when none does.
QString locateResourcesDir();
// <resources>/demo, or empty.
QString locateDemoDir();

// <AppDataLocation>/demo.vitrine
QString defaultDemoCatalogPath();

// The demo is built in two parts, each resumable:
// 1. the import (thumbnails, metadata, handcrafted features; setting "demo.complete" = "1"),
//    behind a modal progress dialog at first launch (about 10 s);
// 2. the pipeline of core/pipeline (mobilenet_v2 embedding -> clusters + t-SNE map -> cold-start
//    CuratorNet), in the background with the window open; setting "demo.pipeline" = the
//    embedding it was made on.
// True when the import at that path ran to the end.
bool isDemoImportComplete(const QString& catalogPath);
// True when both parts ran to the end, and the pipeline did not fall back to handcrafted
// features while the CNN weights are now present (adding the weights later upgrades the demo).
bool isDemoCatalogComplete(const QString& catalogPath);

// Imports the demo set from demoDir (metadata.csv + images/) into catalogPath, creating the
// folder; resumes a cancelled import. Safe to call from a worker thread (no GUI). Throws
// vitrine::Error when the catalog cannot be written or the import fails as a whole.
ImportReport buildDemoCatalog(const QString& catalogPath, const QString& demoDir,
                              const ProgressCallback& progress = {});

// The demo's pipeline: CatalogPipelineConfig::coldStartDefaults() with the fixed demo seed, so
// every machine gets the same clusters, map and model.
CatalogPipelineConfig demoPipelineConfig();
// Runs the demo's pipeline on an imported demo catalog and, when it completes, stores the
// "demo.pipeline" marker. Worker-thread safe (no GUI); resumes what an earlier run left.
CatalogPipelineReport completeDemoCatalog(const QString& catalogPath, const ProgressCallback& progress = {},
                                          const CatalogPipelineConfig& config = demoPipelineConfig());

// GUI path of the import: reuses an imported demo catalog, otherwise imports it on a worker
// thread behind a modal QProgressDialog whose Cancel stops the import. Returns the catalog path,
// or empty (with *errorMessage set) when cancelled or failed.
QString ensureDemoCatalog(QWidget* parent, QString* errorMessage = nullptr);

// When `window` shows the default demo catalog and its pipeline has not completed, starts it in
// the window's background strip (MainWindow::runCatalogPipeline) and returns true.
bool completeDemoInWindow(MainWindow* window);

// What to open at startup: the requested path if any, else the last catalog (QSettings
// "lastCatalog") if it still exists, else the demo catalog (built on first launch).
QString startupCatalogPath(QWidget* parent, const QString& requested, QString* errorMessage = nullptr);

}  // namespace vitrine
