#include "browser/artworkmenu.h"

#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenu>
#include <QUrl>

#include "browser/thumbnailmodel.h"
#include "profile/profileeditor.h"

namespace vitrine {

ArtworkMenu::ArtworkMenu(ProfileEditor* profile, QObject* parent) : QObject(parent), m_profile(profile) {}

void ArtworkMenu::attach(QAbstractItemView* view) {
  view->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(view, &QWidget::customContextMenuRequested, this, [this, view](const QPoint& pos) {
    if (QMenu* menu = menuFor(view, view->indexAt(pos))) menu->popup(view->viewport()->mapToGlobal(pos));
  });
}

void ArtworkMenu::attach(QWidget* widget, std::function<qint64(const QPoint&)> artworkAt) {
  widget->setContextMenuPolicy(Qt::CustomContextMenu);
  auto* area = qobject_cast<QAbstractScrollArea*>(widget);
  connect(widget, &QWidget::customContextMenuRequested, this, [this, widget, area, artworkAt](const QPoint& pos) {
    const qint64 id = artworkAt(pos);
    if (id <= 0) return;
    QMenu* menu = menuFor(id, widget);
    menu->popup((area ? area->viewport() : widget)->mapToGlobal(pos));
  });
}

QMenu* ArtworkMenu::menuFor(QAbstractItemView* view, const QModelIndex& index) {
  if (!index.isValid()) return nullptr;
  const qint64 id = index.data(ThumbnailModel::ArtworkIdRole).toLongLong();
  return id > 0 ? menuFor(id, view) : nullptr;
}

QMenu* ArtworkMenu::menuFor(qint64 artworkId, QWidget* parent) {
  auto* menu = new QMenu(parent);
  menu->setObjectName(QStringLiteral("artworkMenu"));
  menu->setAttribute(Qt::WA_DeleteOnClose);
  const bool inProfile = m_profile && m_profile->contains(artworkId);
  QAction* profile = menu->addAction(inProfile ? tr("&Remove from Profile") : tr("&Add to Profile"), this,
                                     [this, artworkId] { Q_EMIT toggleProfileRequested(artworkId); });
  profile->setObjectName(QStringLiteral("profileAction"));
  menu->addAction(tr("&More Like This"), this, [this, artworkId] { Q_EMIT moreLikeThisRequested(artworkId); })
      ->setObjectName(QStringLiteral("moreLikeThisAction"));
  menu->addSeparator();

  const std::optional<Info> info = m_lookup ? m_lookup(artworkId) : std::nullopt;
  const QString path = info ? info->sourcePath : QString();
  const bool exists = !path.isEmpty() && QFileInfo(path).isFile();
  QAction* open = menu->addAction(tr("&Open Original"), this, [this, path] {
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
      Q_EMIT statusMessage(tr("No application could open %1").arg(path), 5000);
  });
  open->setObjectName(QStringLiteral("openOriginalAction"));
  open->setEnabled(exists);
  // Show in Folder opens the folder (portable; selecting the file needs per-desktop code).
  QAction* folder = menu->addAction(tr("Show in &Folder"), this, [this, path] {
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(dir)))
      Q_EMIT statusMessage(tr("No application could open %1").arg(dir), 5000);
  });
  folder->setObjectName(QStringLiteral("showInFolderAction"));
  folder->setEnabled(exists);
  if (!exists) {
    const QString why = path.isEmpty() ? tr("This artwork has no source file") : tr("Not found: %1").arg(path);
    open->setToolTip(why);
    folder->setToolTip(why);
    menu->setToolTipsVisible(true);
  }
  const QString id = info && !info->externalId.isEmpty() ? info->externalId : QString::number(artworkId);
  menu->addAction(tr("&Copy Id \u201c%1\u201d").arg(id), this,
                  [this, id] {
                    QGuiApplication::clipboard()->setText(id);
                    Q_EMIT statusMessage(tr("Copied \u201c%1\u201d").arg(id), 3000);
                  })
      ->setObjectName(QStringLiteral("copyIdAction"));
  return menu;
}

}  // namespace vitrine
