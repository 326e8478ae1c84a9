#pragma once
#include <QString>
#include <QStringList>

#include "common/progress.h"
#include "ingest/importer.h"

class QWidget;

namespace vitrine {

// The data credit the demo set requires (resources/demo/SOURCE.md); stored as setting "credit".
inline constexpr const char* kDemoCreditLine =
    "Images: The Art Institute of Chicago, CC0 public domain";

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
// True when a previous build of the demo catalog at that path ran to the end.
bool isDemoCatalogComplete(const QString& catalogPath);

// Builds the demo catalog from demoDir (metadata.csv + images/) at catalogPath, creating the
// folder; resumes a cancelled build. Safe to call from a worker thread (no GUI). Throws
// vitrine::Error when the catalog cannot be written or the import fails as a whole.
ImportReport buildDemoCatalog(const QString& catalogPath, const QString& demoDir,
                              const ProgressCallback& progress = {});

// GUI path of the above: reuses a complete demo catalog, otherwise builds it on a worker thread
// behind a modal QProgressDialog whose Cancel stops the import. Returns the catalog path, or
// empty (with *errorMessage set) when cancelled or failed.
QString ensureDemoCatalog(QWidget* parent, QString* errorMessage = nullptr);

// What to open at startup: the requested path if any, else the last catalog (QSettings
// "lastCatalog") if it still exists, else the demo catalog (built on first launch).
QString startupCatalogPath(QWidget* parent, const QString& requested,
                           QString* errorMessage = nullptr);

}  // namespace vitrine
