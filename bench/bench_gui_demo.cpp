// Issue 15 item 1: launch -> both recommendation columns filled after three clicks, on a first
// launch (the demo is imported, then completed in the background: CNN embedding, clusters + map,
// cold-start CuratorNet) and on a later launch (everything stored). The same path as app/gui
// main.cpp: startupCatalogPath -> openCatalog -> completeDemoInWindow. Run:
//   QT_QPA_PLATFORM=offscreen bench_gui_demo [--data DIR]
// With --data DIR the data and settings folders live there (XDG_DATA_HOME, XDG_CONFIG_HOME):
// the first run in an empty DIR is a first launch, a second run with the same DIR a later one.
// Without --data a fresh temporary folder is used (always a first launch).
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QListView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest/QTest>

#include <chrono>
#include <cstdio>
#include <functional>

#include "demo/democatalog.h"
#include "profile/profileeditor.h"
#include "recommendations/recommendationmodel.h"
#include "shell/mainwindow.h"

namespace {

using Clock = std::chrono::steady_clock;
const Clock::time_point kProcessStart = Clock::now();

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool waitFor(const std::function<bool()>& ready, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (!ready()) {
    if (t.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  return true;
}

template <class T>
T* part(const QWidget& w, const char* name) {
  return w.findChild<T*>(QLatin1String(name));
}

}  // namespace

int main(int argc, char* argv[]) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  QString dataDir;
  for (int i = 1; i + 1 < argc; ++i)
    if (QString::fromLocal8Bit(argv[i]) == QLatin1String("--data")) dataDir = QString::fromLocal8Bit(argv[i + 1]);
  QTemporaryDir temp;
  if (dataDir.isEmpty()) dataDir = temp.path();
  QDir().mkpath(dataDir);
  qputenv("XDG_DATA_HOME", QDir(dataDir).filePath(QStringLiteral("data")).toUtf8());
  qputenv("XDG_CONFIG_HOME", QDir(dataDir).filePath(QStringLiteral("config")).toUtf8());

  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("Vitrine"));
  QApplication::setApplicationName(QStringLiteral("Vitrine"));
  const bool first = !vitrine::isDemoCatalogComplete(vitrine::defaultDemoCatalogPath());

  vitrine::MainWindow w;
  QString error;
  const QString path = vitrine::startupCatalogPath(&w, QString(), &error);
  if (path.isEmpty() || !w.openCatalog(path)) {
    std::fprintf(stderr, "bench_gui_demo: %s\n", qPrintable(error.isEmpty() ? w.lastError() : error));
    return 1;
  }
  const double imported = secondsSince(kProcessStart);
  w.resize(1280, 800);
  w.show();
  double steps[4] = {-1, -1, -1, -1};
  QObject::connect(&w, &vitrine::MainWindow::pipelineStepLanded, &w,
                   [&steps](int step, int, const QString&) { steps[step] = secondsSince(kProcessStart); });
  bool finished = false, complete = true;
  QObject::connect(&w, &vitrine::MainWindow::pipelineFinished, &w, [&](bool ok, const QString&) {
    finished = true;
    complete = ok;
  });
  const bool running = vitrine::completeDemoInWindow(&w);
  auto* grid = part<QListView>(w, "browserView");
  auto* cur = part<vitrine::RecommendationModel>(w, "curatorNetModel");
  auto* vis = part<vitrine::RecommendationModel>(w, "visRankModel");
  waitFor([&] { return w.isCatalogInfoLoaded() && grid->model()->rowCount() > 0; }, 60000);
  const double gridShown = secondsSince(kProcessStart);
  if (running && !waitFor([&] { return finished; }, 1800000)) {
    std::fprintf(stderr, "bench_gui_demo: the pipeline did not finish in 30 min\n");
    return 1;
  }
  const double pipelineDone = secondsSince(kProcessStart);
  // The CuratorNet model selected, then three clicks on grid thumbnails.
  waitFor([&] { return w.isCatalogInfoLoaded(); }, 60000);
  for (int row : {0, 7, 15}) {
    const QModelIndex index = grid->model()->index(row, 0);
    grid->scrollTo(index);
    QCoreApplication::processEvents();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->visualRect(index).center());
  }
  const bool filled = waitFor([&] { return cur->rowCount() > 0 && vis->rowCount() > 0; }, 60000);
  const double columns = secondsSince(kProcessStart);

  std::printf("launch                                 %s\n", first ? "first (demo built)" : "later (demo stored)");
  std::printf("launch -> demo imported (modal)        %.1f s\n", imported);
  std::printf("launch -> grid shown                   %.1f s\n", gridShown);
  if (running) {
    const char* names[4] = {"embedding", "clusters", "map", "CuratorNet"};
    for (int i = 0; i < 4; ++i) std::printf("launch -> %-28s %.1f s\n", names[i], steps[i]);
    std::printf("launch -> pipeline finished            %.1f s (%s)\n", pipelineDone,
                complete ? "complete" : "incomplete");
    std::printf("pipeline report:\n%s", qPrintable(w.lastPipelineSummary()));
  }
  std::printf("launch -> both columns filled (3 clicks) %.1f s (%s; CuratorNet %d rows, VisRank %d rows)\n", columns,
              filled ? "filled" : "NOT filled", cur->rowCount(), vis->rowCount());
  w.close();
  return filled ? 0 : 1;
}
