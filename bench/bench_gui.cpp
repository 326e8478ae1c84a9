// GUI benchmarks (issue 6). Plain timings, not Google Benchmark loops: each number is one
// end-to-end user-visible event. Run offscreen:
//   QT_QPA_PLATFORM=offscreen bench_gui launch  [--artworks 10000]   launch -> first painted grid
//   QT_QPA_PLATFORM=offscreen bench_gui recs    [--edits 40]         profile edit -> both columns
//   QT_QPA_PLATFORM=offscreen bench_gui memory  [--artworks 100000]  peak RSS while browsing
//   QT_QPA_PLATFORM=offscreen bench_gui scale   [--artworks 100000]  first paint, scroll, search,
//                                                                      profile edit -> both columns
// Synthetic catalogs are generated once (Catalog API, small JPEG thumbnails, a 64-d embedding)
// under $VITRINE_BENCH_DIR (default /tmp/vitrine-bench) and reused.

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QImage>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/platform.h"
#include "demo/democatalog.h"
#include "shell/mainwindow.h"
#include "profile/profileeditor.h"
#include "recommendations/recommendationmodel.h"
#include "services/thumbnailloader.h"
#include "browser/thumbnailmodel.h"

#include "recommend/curatornet.h"
#include "recommendations/recommendationspanel.h"

namespace {

// The window's parts, by objectName.
template <class T>
T* part(const QWidget& w, const char* name) {
  return w.findChild<T*>(QLatin1String(name));
}

using Clock = std::chrono::steady_clock;
const Clock::time_point kProcessStart = Clock::now();

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double peakRssMiB() { return vitrine::platform::processUsage().peakRssMiB; }

QString benchDir() {
  QString d = qEnvironmentVariable("VITRINE_BENCH_DIR");
  if (d.isEmpty()) d = QStringLiteral("/tmp/vitrine-bench");
  QDir().mkpath(d);
  return d;
}

std::vector<unsigned char> jpeg(int seed) {
  QImage img(96, 72, QImage::Format_RGB32);
  std::mt19937 rng(static_cast<unsigned>(seed));
  img.fill(QColor::fromHsv(static_cast<int>(rng() % 360), 120, 180));
  QPainter p(&img);
  p.setPen(QPen(QColor::fromHsv(static_cast<int>(rng() % 360), 200, 230), 9));
  p.drawLine(0, 72, 96, static_cast<int>(rng() % 72));
  p.end();
  QByteArray bytes;
  QBuffer b(&bytes);
  b.open(QIODevice::WriteOnly);
  img.save(&b, "JPEG", 80);
  return std::vector<unsigned char>(bytes.begin(), bytes.end());
}

// A synthetic catalog of n artworks (cached between runs).
QString syntheticCatalog(int n) {
  const QString path = QDir(benchDir()).filePath(QStringLiteral("gui-%1.vitrine").arg(n));
  try {
    if (QFileInfo(path).isFile() &&
        vitrine::Catalog::open(path.toStdString(), true).setting("bench.complete").value_or("") == "1")
      return path;
  } catch (const std::exception&) {
  }
  for (const char* suffix : {"", "-wal", "-shm"}) QFile::remove(path + QLatin1String(suffix));
  std::fprintf(stderr, "generating %d synthetic artworks in %s ...\n", n, qPrintable(path));
  const Clock::time_point t0 = Clock::now();
  vitrine::Catalog c = vitrine::Catalog::create(path.toStdString());
  constexpr int kDim = 64;
  c.registerExtractor("synthetic", kDim, "1");
  std::vector<std::vector<unsigned char>> thumbs;
  for (int i = 0; i < 32; ++i) thumbs.push_back(jpeg(i));
  std::mt19937 rng(42);
  std::normal_distribution<float> gauss;
  const char* artists[] = {"Claude Monet", "Edgar Degas",        "Rembrandt van Rijn", "Mary Cassatt",
                           "Jules Dupré",  "Katsushika Hokusai", "Paul Cézanne",       "Berthe Morisot"};
  const char* periods[] = {"Impressionism", "Baroque", "Realism", "Ukiyo-e", "Romanticism"};
  const int kBatch = 2000;
  for (int start = 0; start < n; start += kBatch) {
    vitrine::Catalog::Transaction t(c);
    for (int i = start; i < std::min(n, start + kBatch); ++i) {
      vitrine::Artwork a;
      a.externalId = "s" + std::to_string(i);
      a.title = "Study no. " + std::to_string(i);
      a.artist = artists[i % 8];
      a.period = periods[i % 5];
      a.year = 1500 + (i * 7) % 450;
      a.dateText = std::to_string(*a.year);
      const int64_t id = c.insertArtwork(a);
      vitrine::Thumbnail th;
      th.width = 96;
      th.height = 72;
      th.bytes = thumbs[static_cast<size_t>(i) % thumbs.size()];
      c.putThumbnail(id, th);
      std::vector<float> v(kDim);
      for (float& x : v) x = gauss(rng);
      c.putEmbedding(id, "synthetic", v);
    }
    t.commit();
  }
  c.setSetting("bench.complete", "1");
  std::fprintf(stderr, "generated in %.1f s\n", msSince(t0) / 1000.0);
  return path;
}

// Waits (processing events) until pred() or the timeout; returns pred().
template <typename Pred>
bool waitFor(Pred pred, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (!pred() && t.elapsed() < timeoutMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  }
  return pred();
}

// Notes the first paint of the grid's viewport that shows rows.
class FirstPaint : public QObject {
 public:
  FirstPaint(QListView* view) : m_view(view) { view->viewport()->installEventFilter(this); }
  bool eventFilter(QObject* o, QEvent* e) override {
    if (e->type() == QEvent::Paint && m_ms < 0 && m_view->model()->rowCount() > 0) {
      // Let the paint run, then stamp: the grid is on screen once this event has returned.
      QTimer::singleShot(0, [this] {
        if (m_ms < 0) m_ms = msSince(kProcessStart);
      });
    }
    return QObject::eventFilter(o, e);
  }
  double ms() const { return m_ms; }

 private:
  QListView* m_view;
  double m_ms = -1;
};

void isolateSettings(QTemporaryDir& dir) {
  QStandardPaths::setTestModeEnabled(true);
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
  QCoreApplication::setOrganizationName(QStringLiteral("VitrineBench"));
  QCoreApplication::setApplicationName(QStringLiteral("bench_gui"));
}

int argValue(const QStringList& args, const QString& name, int fallback) {
  const int i = args.indexOf(name);
  return i >= 0 && i + 1 < args.size() ? args[i + 1].toInt() : fallback;
}

int runLaunch(int n, const QStringList& args, bool memory) {
  // Generated before the clock that matters: the catalog stands for one already on disk.
  const QString path = syntheticCatalog(n);
  const Clock::time_point start = Clock::now();
  int argc = 1;
  char name[] = "bench_gui";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  QTemporaryDir settings;
  isolateSettings(settings);
  vitrine::MainWindow w;
  FirstPaint probe(part<QListView>(w, "browserView"));
  if (!w.openCatalog(path)) {
    std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(w.lastError()));
    return 1;
  }
  w.resize(1500, 940);
  w.show();
  // The process clock started before QApplication; report from `start` (catalog generation
  // excluded) as "launch".
  const double offset = std::chrono::duration<double, std::milli>(start - kProcessStart).count();
  waitFor([&] { return probe.ms() >= 0; }, 60000);
  const double firstPaint = probe.ms() - offset;
  waitFor(
      [&] {
        return part<vitrine::ThumbnailModel>(w, "browserModel")->loadedThumbnailCount() > 0 &&
               part<vitrine::ThumbnailModel>(w, "browserModel")->loader()->isIdle();
      },
      60000);
  const double thumbs = msSince(start);
  std::printf("artworks                         %d\n", n);
  std::printf("launch -> first painted grid     %.0f ms   (target < 1500 ms)\n", firstPaint);
  std::printf("launch -> visible thumbnails in  %.0f ms\n", thumbs);
  if (memory) {
    // Browse: page through the grid, filter, build a profile and get recommendations.
    waitFor([&] { return w.isCatalogInfoLoaded(); }, 120000);
    QScrollBar* bar = part<QListView>(w, "browserView")->verticalScrollBar();
    const int pages = argValue(args, QStringLiteral("--pages"), 60);
    for (int i = 0; i < pages; ++i) {
      bar->setValue(bar->maximum() * i / std::max(1, pages - 1));
      waitFor([&] { return part<vitrine::ThumbnailModel>(w, "browserModel")->loader()->isIdle(); }, 5000);
    }
    for (int r = 0; r < 5; ++r)
      part<vitrine::ProfileEditor>(w, "profileEditor")
          ->add(part<vitrine::ThumbnailModel>(w, "browserModel")->artworkId(r * 7));
    waitFor(
        [&] {
          return !part<vitrine::RecommendationsPanel>(w, "recommendationsPanel")->isPending() &&
                 part<vitrine::RecommendationModel>(w, "visRankModel")->rowCount() > 0;
        },
        120000);
    std::printf("recommendations (VisRank) rows   %d\n",
                part<vitrine::RecommendationModel>(w, "visRankModel")->rowCount());
    std::printf("peak memory (ru_maxrss)          %.0f MiB   (target < 1536 MiB)\n", peakRssMiB());
  }
  w.close();
  return 0;
}

int runRecs(const QStringList& args) {
  int argc = 1;
  char name[] = "bench_gui";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  QTemporaryDir settings, dir;
  isolateSettings(settings);
  const QString path = dir.filePath(QStringLiteral("demo.vitrine"));
  vitrine::buildDemoCatalog(path, vitrine::locateDemoDir());
  {
    vitrine::Catalog c = vitrine::Catalog::open(path.toStdString());
    vitrine::CuratorNet net(c.loadEmbeddingMatrix("handcrafted"), vitrine::CuratorNetConfig{});
    net.save(c, "bench", true);
  }
  vitrine::MainWindow w;
  w.openCatalog(path);
  w.resize(1500, 940);
  w.show();
  waitFor([&] { return w.isCatalogInfoLoaded() && part<vitrine::ThumbnailModel>(w, "browserModel")->rowCount() > 0; },
          60000);
  const int edits = argValue(args, QStringLiteral("--edits"), 40);
  std::vector<double> ms;
  std::mt19937 rng(1);
  for (int e = 0; e < edits; ++e) {
    const int row =
        static_cast<int>(rng() % static_cast<unsigned>(part<vitrine::ThumbnailModel>(w, "browserModel")->rowCount()));
    const Clock::time_point t0 = Clock::now();
    bool done = false;
    QMetaObject::Connection c =
        QObject::connect(&w, &vitrine::MainWindow::recommendationsUpdated, [&done] { done = true; });
    part<vitrine::ProfileEditor>(w, "profileEditor")
        ->toggle(part<vitrine::ThumbnailModel>(w, "browserModel")->artworkId(row));  // what a click on the grid does
    waitFor([&] { return done; }, 10000);
    // "Refreshed" = both columns repainted with the new lists.
    QCoreApplication::processEvents();
    ms.push_back(msSince(t0));
    QObject::disconnect(c);
  }
  std::sort(ms.begin(), ms.end());
  const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  std::printf("profile edits                    %d (profile size ends at %d)\n", edits,
              part<vitrine::ProfileEditor>(w, "profileEditor")->size());
  std::printf("columns                          CuratorNet %d rows, VisRank %d rows\n",
              part<vitrine::RecommendationModel>(w, "curatorNetModel")->rowCount(),
              part<vitrine::RecommendationModel>(w, "visRankModel")->rowCount());
  std::printf(
      "edit -> both columns refreshed   median %.1f ms, mean %.1f ms, p90 %.1f ms, max %.1f ms"
      "   (target < 100 ms)\n",
      ms[ms.size() / 2], mean, ms[ms.size() * 9 / 10], ms.back());
  w.close();
  return 0;
}

struct Stats {
  double median = 0, p90 = 0, max = 0;
};
Stats stats(std::vector<double> ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 9 / 10], ms.back()};
}

// Issue 18.6: the GUI at a large catalog (default 100,000): first paint, scrolling, filtering and
// profile edits refreshing both recommendation columns (CuratorNet on the synthetic embedding).
int runScale(const QStringList& args) {
  const int n = argValue(args, QStringLiteral("--artworks"), 100000);
  const QString path = syntheticCatalog(n);
  {
    vitrine::Catalog c = vitrine::Catalog::open(path.toStdString());
    if (!c.setting("bench.curatornet")) {
      vitrine::CuratorNet net(c.loadEmbeddingMatrix("synthetic"), vitrine::CuratorNetConfig{});
      net.save(c, "bench", true);
      c.setSetting("bench.curatornet", "1");
    }
  }
  const Clock::time_point start = Clock::now();
  int argc = 1;
  char name[] = "bench_gui";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  QTemporaryDir settings;
  isolateSettings(settings);
  vitrine::MainWindow w;
  auto* view = part<QListView>(w, "browserView");
  auto* model = part<vitrine::ThumbnailModel>(w, "browserModel");
  FirstPaint probe(view);
  if (!w.openCatalog(path)) {
    std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(w.lastError()));
    return 1;
  }
  w.resize(1500, 940);
  w.show();
  const double offset = std::chrono::duration<double, std::milli>(start - kProcessStart).count();
  waitFor([&] { return probe.ms() >= 0; }, 60000);
  const double firstPaint = probe.ms() - offset;
  waitFor([&] { return w.isCatalogInfoLoaded() && model->loader()->isIdle(); }, 120000);

  // Scroll: jump page by page through the grid; each step until its thumbnails are painted.
  QScrollBar* bar = view->verticalScrollBar();
  std::vector<double> scroll, scrollPaint;
  const int pages = argValue(args, QStringLiteral("--pages"), 40);
  std::mt19937 rng(3);
  for (int i = 0; i < pages; ++i) {
    const Clock::time_point t0 = Clock::now();
    bar->setValue(static_cast<int>(rng() % static_cast<unsigned>(std::max(1, bar->maximum()))));
    view->viewport()->repaint();  // the paint with placeholders, as the user first sees it
    scrollPaint.push_back(msSince(t0));
    waitFor([&] { return model->loader()->isIdle(); }, 10000);
    view->viewport()->repaint();
    scroll.push_back(msSince(t0));
  }

  // Filter: a search (Enter, no debounce) and back, each until the grid is reset and painted.
  auto* search = part<QLineEdit>(w, "searchEdit");
  std::vector<double> filter;
  int lastCount = -1;
  QObject::connect(model, &vitrine::ThumbnailModel::artworksReset, [&lastCount](int c) { lastCount = c; });
  const QStringList queries = {QStringLiteral("Study no. 12"), QString(), QStringLiteral("Monet"), QString(),
                               QStringLiteral("no. 9999"),     QString()};
  std::vector<int> counts;
  for (int rep = 0; rep < 3; ++rep)
    for (const QString& q : queries) {
      lastCount = -1;
      const Clock::time_point t0 = Clock::now();
      search->setText(q);
      Q_EMIT search->returnPressed();
      waitFor([&] { return lastCount >= 0; }, 30000);
      view->viewport()->repaint();
      filter.push_back(msSince(t0));
      if (rep == 0) counts.push_back(lastCount);
    }

  // Profile edits: both columns (VisRank and CuratorNet) refreshed.
  std::vector<double> edits;
  const int nEdits = argValue(args, QStringLiteral("--edits"), 20);
  auto* profile = part<vitrine::ProfileEditor>(w, "profileEditor");
  for (int e = 0; e < nEdits; ++e) {
    const int row = static_cast<int>(rng() % static_cast<unsigned>(model->rowCount()));
    const Clock::time_point t0 = Clock::now();
    bool done = false;
    QMetaObject::Connection c =
        QObject::connect(&w, &vitrine::MainWindow::recommendationsUpdated, [&done] { done = true; });
    profile->toggle(model->artworkId(row));
    waitFor([&] { return done; }, 30000);
    QCoreApplication::processEvents();
    edits.push_back(msSince(t0));
    QObject::disconnect(c);
  }
  const Stats sp = stats(scrollPaint), sc = stats(scroll), fi = stats(filter), ed = stats(edits);
  std::printf("artworks                          %d\n", n);
  std::printf("launch -> first painted grid      %.0f ms\n", firstPaint);
  std::printf("scroll jump -> grid painted       median %.1f ms, p90 %.1f ms, max %.1f ms (%d jumps)\n", sp.median,
              sp.p90, sp.max, pages);
  std::printf("scroll jump -> thumbnails painted median %.1f ms, p90 %.1f ms, max %.1f ms\n", sc.median, sc.p90,
              sc.max);
  std::printf("search (Enter) -> grid repainted  median %.1f ms, p90 %.1f ms, max %.1f ms (%zu searches; rows",
              fi.median, fi.p90, fi.max, filter.size());
  for (int c : counts) std::printf(" %d", c);
  std::printf(")\n");
  // Per query (its 3 repetitions): narrowing searches and the ones that clear the filter differ.
  std::printf("  per query, median of 3:");
  for (int qi = 0; qi < queries.size(); ++qi) {
    std::vector<double> per;
    for (size_t i = size_t(qi); i < filter.size(); i += size_t(queries.size())) per.push_back(filter[i]);
    std::printf(" '%s' %.1f ms;", qPrintable(queries[qi]), stats(per).median);
  }
  std::printf("\n");
  std::printf(
      "profile edit -> both columns      median %.1f ms, p90 %.1f ms, max %.1f ms (%d edits; CuratorNet %d, "
      "VisRank %d rows)\n",
      ed.median, ed.p90, ed.max, nEdits, part<vitrine::RecommendationModel>(w, "curatorNetModel")->rowCount(),
      part<vitrine::RecommendationModel>(w, "visRankModel")->rowCount());
  std::printf("peak memory (ru_maxrss)           %.0f MiB\n", peakRssMiB());
  w.close();
  return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
  QStringList args;
  for (int i = 1; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  const QString mode = args.value(0, QStringLiteral("launch"));
  if (mode == QLatin1String("launch"))
    return runLaunch(argValue(args, QStringLiteral("--artworks"), 10000), args, false);
  if (mode == QLatin1String("memory"))
    return runLaunch(argValue(args, QStringLiteral("--artworks"), 100000), args, true);
  if (mode == QLatin1String("recs")) return runRecs(args);
  if (mode == QLatin1String("scale")) return runScale(args);
  if (mode == QLatin1String("generate")) {
    syntheticCatalog(argValue(args, QStringLiteral("--artworks"), 10000));
    return 0;
  }
  std::fprintf(stderr, "usage: bench_gui launch|recs|memory|scale|generate [--artworks N] [--edits N] [--pages N]\n");
  return 2;
}
