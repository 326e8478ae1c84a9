#pragma once
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QAbstractItemView;
class QMenu;
class QModelIndex;
class QPoint;
class QWidget;

namespace vitrine {

class ProfileEditor;

// The context menu of every artwork thumbnail (grid, profile, both recommendation columns,
// "more like this" lists, cluster cards' medoids, map points): Add to / Remove from Profile, More Like This, Open
// Original (the source file, with the desktop's viewer), Show in Folder, Copy Id. Actions carry objectNames for tests:
// "profileAction", "moreLikeThisAction", "openOriginalAction", "showInFolderAction", "copyIdAction".
// Opening goes through QDesktopServices, so a test can intercept it with a URL handler.
class ArtworkMenu : public QObject {
  Q_OBJECT

 public:
  // What the menu needs to know of an artwork: its source file as stored (absolute, or relative
  // to the catalog's folder) and its external id.
  struct Info {
    QString sourcePath;  // absolute; empty when the artwork has no source file
    QString externalId;
  };
  using Lookup = std::function<std::optional<Info>(qint64 artworkId)>;

  ArtworkMenu(ProfileEditor* profile, QObject* parent = nullptr);

  void setLookup(Lookup lookup) { m_lookup = std::move(lookup); }
  // Right-click on a row of `view` pops up menuFor(view, row). The row's artwork is read from
  // ThumbnailModel::ArtworkIdRole (shared by every artwork model).
  void attach(QAbstractItemView* view);
  // Right-click on `widget` (a scroll area's viewport coordinates when it is one) pops up the menu
  // of artworkAt(pos) when that is a positive artwork id: cluster cards' medoids, map points.
  void attach(QWidget* widget, std::function<qint64(const QPoint&)> artworkAt);
  // The menu for one artwork (null when the index has no artwork); deleted when closed.
  QMenu* menuFor(QAbstractItemView* view, const QModelIndex& index);
  QMenu* menuFor(qint64 artworkId, QWidget* parent);

 Q_SIGNALS:
  void toggleProfileRequested(qint64 artworkId);
  void moreLikeThisRequested(qint64 artworkId);
  void statusMessage(const QString& text, int timeoutMs);

 private:
  ProfileEditor* m_profile;
  Lookup m_lookup;
};

}  // namespace vitrine
