#include "shell/fileopenhandler.h"

#include <QEvent>
#include <QFileOpenEvent>

#include "shell/mainwindow.h"

namespace vitrine {

FileOpenHandler::FileOpenHandler(MainWindow* window, QObject* parent) : QObject(parent), m_window(window) {}

bool FileOpenHandler::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() != QEvent::FileOpen) return QObject::eventFilter(watched, event);
  auto* open = static_cast<QFileOpenEvent*>(event);
  QString path = open->file();
  if (path.isEmpty()) path = open->url().toLocalFile();
  if (path.isEmpty()) return false;  // not a local file: let Qt handle it
  if (m_window->openCatalog(path)) {
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
    Q_EMIT opened(path);
  } else {
    Q_EMIT openFailed(path, m_window->lastError());
  }
  return true;
}

}  // namespace vitrine
