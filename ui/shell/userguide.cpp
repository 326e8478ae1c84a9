#include "shell/userguide.h"

#include <QDir>
#include <QFileInfo>

#include "demo/democatalog.h"

namespace vitrine {

QString locateUserGuide() {
  const QString name = QStringLiteral("docs/user-guide.html");
  for (const QString& dir : resourcesSearchPath()) {
    for (const QString& candidate : {QDir(dir).filePath(name), QDir(dir).filePath(QStringLiteral("../") + name)}) {
      if (QFileInfo(candidate).isFile()) return QDir::cleanPath(QFileInfo(candidate).absoluteFilePath());
    }
  }
  return {};
}

}  // namespace vitrine
