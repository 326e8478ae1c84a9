#include "demo/democatalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>
#include <exception>

#include "catalog/catalog.h"
#include "embeddings/embed.h"
#include "services/progressdialog.h"
#include "shell/mainwindow.h"

namespace vitrine {

namespace {
constexpr const char* kDemoCompleteKey = "demo.complete";  // the import ran to the end
constexpr const char* kDemoPipelineKey = "demo.pipeline";  // the embedding the pipeline completed on
constexpr uint64_t kDemoSeed = 1;

std::string setting(const QString& catalogPath, const char* key) {
  if (!QFileInfo(catalogPath).isFile()) return {};
  try {
    const Catalog c = Catalog::open(catalogPath.toStdString(), true);
    return c.setting(key).value_or("");
  } catch (const std::exception&) {
    return {};
  }
}

bool extractorAvailable(const std::string& name) {
  try {
    makeExtractor(name);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool hasDemo(const QString& resourcesDir) {
  const QDir demo(QDir(resourcesDir).filePath(QStringLiteral("demo")));
  return QFileInfo(demo.filePath(QStringLiteral("metadata.csv"))).isFile() &&
         QFileInfo(demo.filePath(QStringLiteral("images"))).isDir();
}

struct BuildResult {
  ImportReport report;
  QString error;
};
}  // namespace

QStringList resourcesSearchPath() {
  QStringList dirs;
  const QString env = qEnvironmentVariable("VITRINE_RESOURCES_DIR");
  if (!env.isEmpty()) dirs << env;
  // applicationDirPath needs a QCoreApplication; without one only env and source tree apply.
  if (QCoreApplication::instance()) {
    const QDir exe(QCoreApplication::applicationDirPath());
    dirs << QDir::cleanPath(exe.filePath(QStringLiteral("../share/vitrine/resources")))
         << QDir::cleanPath(exe.filePath(QStringLiteral("resources")))
         << QDir::cleanPath(exe.filePath(QStringLiteral("../Resources")));
  }
#ifdef VITRINE_SOURCE_RESOURCES_DIR
  dirs << QDir::cleanPath(QStringLiteral(VITRINE_SOURCE_RESOURCES_DIR));
#endif
  return dirs;
}

QString locateResourcesDir() {
  for (const QString& dir : resourcesSearchPath()) {
    if (hasDemo(dir)) return dir;
  }
  return {};
}

QString locateDemoDir() {
  const QString res = locateResourcesDir();
  return res.isEmpty() ? QString() : QDir(res).filePath(QStringLiteral("demo"));
}

QString defaultDemoCatalogPath() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
      .filePath(QStringLiteral("demo.vitrine"));
}

bool isDemoImportComplete(const QString& catalogPath) { return setting(catalogPath, kDemoCompleteKey) == "1"; }

bool isDemoCatalogComplete(const QString& catalogPath) {
  if (!isDemoImportComplete(catalogPath)) return false;
  const std::string madeOn = setting(catalogPath, kDemoPipelineKey);
  if (madeOn.empty()) return false;
  const CatalogPipelineConfig config = demoPipelineConfig();
  // Made on the fallback while the CNN can now be made: not complete, the next launch adds it.
  if (madeOn != config.cnnExtractor && !config.cnnExtractor.empty() && extractorAvailable(config.cnnExtractor))
    return false;
  return true;
}

CatalogPipelineConfig demoPipelineConfig() {
  CatalogPipelineConfig c = CatalogPipelineConfig::coldStartDefaults();
  c.seed = kDemoSeed;
  c.training.source = "demo";
  return c;
}

CatalogPipelineReport completeDemoCatalog(const QString& catalogPath, const ProgressCallback& progress,
                                          const CatalogPipelineConfig& config) {
  Catalog c = Catalog::open(catalogPath.toStdString());
  CatalogPipelineReport r = runCatalogPipeline(c, config, progress);
  if (r.complete()) c.setSetting(kDemoPipelineKey, r.embedding);
  return r;
}

ImportReport buildDemoCatalog(const QString& catalogPath, const QString& demoDir, const ProgressCallback& progress) {
  const QFileInfo info(catalogPath);
  if (!QDir().mkpath(info.absolutePath())) {
    throw Error("cannot create the folder " + info.absolutePath().toStdString() + " for the demo catalog");
  }
  Catalog catalog = Catalog::openOrCreate(catalogPath.toStdString());
  ImportOptions options;
  options.imagesDir = demoDir.toStdString();
  options.metadataCsv = QDir(demoDir).filePath(QStringLiteral("metadata.csv")).toStdString();
  ImportReport report = importImages(catalog, options, progress);
  catalog.setSetting("credit", kDemoCreditLine);
  // Only a finished run is final; a cancelled one is resumed (idempotently) on the next launch.
  if (!report.cancelled) catalog.setSetting(kDemoCompleteKey, "1");
  return report;
}

QString ensureDemoCatalog(QWidget* parent, QString* errorMessage) {
  const QString path = defaultDemoCatalogPath();
  if (isDemoImportComplete(path)) return path;  // the rest is completed with the window open
  const QString demoDir = locateDemoDir();
  if (demoDir.isEmpty()) {
    if (errorMessage) {
      *errorMessage = QCoreApplication::translate("Vitrine",
                                                  "The bundled demo images were not found "
                                                  "(looked in: %1).")
                          .arg(resourcesSearchPath().join(QStringLiteral(", ")));
    }
    return {};
  }

  // Built on a worker behind a modal progress dialog whose Cancel stops the import.
  const BuildResult result = runWithProgressDialog(
      parent, QCoreApplication::translate("Vitrine", "Vitrine \u2014 first launch"),
      QCoreApplication::translate("Vitrine", "Importing the demo paintings"),
      [path, demoDir](const JobContext& job) {
        BuildResult r;
        try {
          r.report = buildDemoCatalog(path, demoDir, job.progressCallback());
        } catch (const std::exception& e) {
          r.error = QString::fromStdString(e.what());
        }
        return r;
      },
      Qt::ApplicationModal);

  if (!result.error.isEmpty()) {
    if (errorMessage) {
      *errorMessage = QCoreApplication::translate("Vitrine", "Could not build the demo catalog: %1").arg(result.error);
    }
    return {};
  }
  if (result.report.cancelled) {
    if (errorMessage) {
      *errorMessage =
          QCoreApplication::translate("Vitrine", "The demo catalog was not finished; it resumes on the next launch.");
    }
    return {};
  }
  return path;
}

QString startupCatalogPath(QWidget* parent, const QString& requested, QString* errorMessage) {
  if (!requested.isEmpty()) return requested;
  const QString last = QSettings().value(QStringLiteral("lastCatalog")).toString();
  if (!last.isEmpty() && QFileInfo(last).isFile()) return last;
  return ensureDemoCatalog(parent, errorMessage);
}

bool completeDemoInWindow(MainWindow* window) {
  const QString path = window->catalogPath();
  if (path.isEmpty() || QFileInfo(path) != QFileInfo(defaultDemoCatalogPath())) return false;
  if (!isDemoImportComplete(path) || isDemoCatalogComplete(path)) return false;
  return window->runCatalogPipeline(demoPipelineConfig(), QCoreApplication::translate("Vitrine", "Completing the demo"),
                                    [](Catalog& c, const CatalogPipelineReport& r) {
                                      if (r.complete()) c.setSetting(kDemoPipelineKey, r.embedding);
                                    });
}

}  // namespace vitrine
