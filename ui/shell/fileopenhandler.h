#pragma once
// Opens the catalogs the operating system hands to the running application. On macOS a
// double-click on a .vitrine file in Finder, "Open With" or a drop on the Dock icon arrives as a
// QFileOpenEvent on the application object (not as a command-line argument), also at launch.
// Install on the QApplication: app.installEventFilter(new FileOpenHandler(&window, &app)).
#include <QObject>
#include <QString>

class QEvent;

namespace vitrine {

class MainWindow;

class FileOpenHandler : public QObject {
  Q_OBJECT

 public:
  explicit FileOpenHandler(MainWindow* window, QObject* parent = nullptr);

  bool eventFilter(QObject* watched, QEvent* event) override;

 Q_SIGNALS:
  // The catalog at `path` was opened and the window raised.
  void opened(const QString& path);
  // Opening `path` failed; `error` names the file and the reason (MainWindow::lastError()).
  void openFailed(const QString& path, const QString& error);

 private:
  MainWindow* m_window;
};

}  // namespace vitrine
