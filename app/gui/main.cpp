// The Vitrine desktop browser.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMessageBox>
#include <QPixmap>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "demo/democatalog.h"
#include "shell/fileopenhandler.h"
#include "shell/mainwindow.h"
#include "theme/theme.h"
#include "services/thumbnailloader.h"
#include "browser/thumbnailmodel.h"

namespace {

// Linux without X11/Wayland would abort in QApplication; run offscreen and finish instead.
bool needsOffscreenFallback() {
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
  return qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
         qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
#else
  return false;
#endif
}

}  // namespace

int main(int argc, char* argv[]) {
  const bool headless = needsOffscreenFallback();
  if (headless) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    std::fprintf(stderr,
                 "vitrine: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so running "
                 "offscreen and exiting once the window is ready; run it from a desktop session "
                 "(or e.g. `xvfb-run vitrine`) to use the window.\n");
  }

  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("Vitrine"));
  QApplication::setApplicationName(QStringLiteral("Vitrine"));
  QApplication::setApplicationVersion(QStringLiteral(VITRINE_VERSION));
  // Fusion draws the same everywhere and honours the dark palette (menus and dialogs included).
  QApplication::setStyle(vitrine::theme::makeStyle());
  QApplication::setPalette(vitrine::MainWindow::darkPalette());

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Browse an art catalog and get visual recommendations."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("catalog"),
                               QStringLiteral("Catalog file (*.vitrine) to open; default: the last one, "
                                              "or the bundled demo catalog."),
                               QStringLiteral("[catalog]"));
  const QCommandLineOption exitAfterShown(
      QStringLiteral("exit-after-shown"),
      QStringLiteral("Quit about 1.5 s after the window is shown and the first thumbnails loaded."));
  const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                      QStringLiteral("Save a PNG of the window to FILE before exiting."),
                                      QStringLiteral("FILE"));
  parser.addOption(exitAfterShown);
  parser.addOption(screenshot);
  parser.process(app);

  const bool autoExit = headless || parser.isSet(exitAfterShown);
  const QString screenshotFile = parser.value(screenshot);
  const QString requested = parser.positionalArguments().value(0);

  vitrine::MainWindow window;
  // Headless, the window is laid out for no screen (about 800 x 800): that layout must not become
  // the next real launch's (its recommendation columns came out clipped).
  window.setRemembersLayout(!headless);
  // macOS: a .vitrine document double-clicked in Finder arrives as a QFileOpenEvent (at launch
  // too, once the event loop runs), not as an argument.
  auto* fileOpen = new vitrine::FileOpenHandler(&window, &app);
  app.installEventFilter(fileOpen);
  QObject::connect(fileOpen, &vitrine::FileOpenHandler::openFailed, &window,
                   [&window](const QString&, const QString& message) {
                     std::fprintf(stderr, "vitrine: %s\n", qPrintable(message));
                     QMessageBox::warning(&window, QStringLiteral("Vitrine"), message);
                   });
  QString error;
  const QString path = vitrine::startupCatalogPath(&window, requested, &error);
  if (!path.isEmpty() && !window.openCatalog(path)) error = window.lastError();
  // First launch (or an interrupted one): the demo's embedding, clusters, map and CuratorNet are
  // made in the background while the grid is usable; each piece appears as it lands.
  if (error.isEmpty()) vitrine::completeDemoInWindow(&window);
  if (!error.isEmpty()) {
    std::fprintf(stderr, "vitrine: %s\n", qPrintable(error));
    if (!autoExit) QMessageBox::warning(&window, QStringLiteral("Vitrine"), error);
  }
  window.show();

  // Saves the screenshot (if asked) and, with autoExit, closes the window and quits.
  const auto finish = [&window, screenshotFile, autoExit] {
    int rc = 0;
    if (!screenshotFile.isEmpty()) {
      const QFileInfo info(screenshotFile);
      QDir().mkpath(info.absolutePath());
      if (window.grab().save(screenshotFile, "PNG")) {
        std::fprintf(stderr, "vitrine: screenshot saved to %s\n", qPrintable(info.absoluteFilePath()));
      } else {
        std::fprintf(stderr, "vitrine: could not write the screenshot %s\n", qPrintable(screenshotFile));
        rc = 1;
      }
    }
    if (autoExit) {
      window.close();
      QCoreApplication::exit(rc);
    }
  };

  if (autoExit || !screenshotFile.isEmpty()) {
    // Wait until the visible thumbnails are in (or there is nothing to load), then linger 1.5 s
    // so late arrivals are painted too; a cap keeps a broken catalog from hanging a smoke test.
    auto* poll = new QTimer(&window);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    QObject::connect(poll, &QTimer::timeout, &window, [&window, poll, elapsed, finish] {
      auto* model = window.findChild<vitrine::ThumbnailModel*>(QStringLiteral("browserModel"));
      const bool ready = window.isVisible() &&
                         (model->rowCount() == 0 || (model->loadedThumbnailCount() > 0 && model->loader()->isIdle()));
      if (!ready && elapsed->elapsed() < 30000) return;
      poll->stop();
      QTimer::singleShot(1500, &window, finish);
    });
    poll->start(100);
  }
  return app.exec();
}
