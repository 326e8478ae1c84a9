#pragma once
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;

namespace vitrine {

class Catalog;
class CatalogWatcher;
class PixmapCache;
class ProfileEditor;
class ThumbnailModel;
class ThumbnailView;

// The profile being built: a strip of its artworks ("profileView" showing "profileModel"), its
// title, and the profiles saved in the catalog ("savedProfiles" combo; save, rename, duplicate,
// delete, clear). Edits go through the shared ProfileEditor (undoable). The saved-profile list
// follows the catalog's commits (a CatalogWatcher), whoever stored them.
class ProfilePanel : public QWidget {
  Q_OBJECT

 public:
  ProfilePanel(ProfileEditor* profile, PixmapCache* thumbnails, QWidget* parent = nullptr);

  void setCatalog(std::shared_ptr<Catalog> catalog);
  ThumbnailView* view() const { return m_view; }

  // Saved profiles of the catalog. Each returns false and sets lastError() on failure.
  bool saveProfileAs(const QString& name);
  bool openSavedProfile(const QString& name);
  QStringList savedProfileNames() const;
  bool renameSavedProfile(const QString& from, const QString& to);
  bool deleteSavedProfile(const QString& name);
  bool duplicateSavedProfile(const QString& from, const QString& to);
  QString lastError() const { return m_lastError; }

 public Q_SLOTS:
  // Save under the profile's name, asking for one when it has none (Ctrl+S).
  void save();
  // Save under a new name (Ctrl+Shift+S).
  void saveAs();

 Q_SIGNALS:
  void showArtworkRequested(qint64 artworkId);
  void statusMessage(const QString& message, int timeoutMs);

 private:
  void onProfileChanged();
  void updateTitle();
  void refreshSavedProfiles();
  void selectSavedProfile();  // the combo shows the profile being edited
  void warn(const QString& title);

  ProfileEditor* m_profile;
  ThumbnailModel* m_model;
  ThumbnailView* m_view;
  QComboBox* m_saved;
  QLabel* m_title;
  std::shared_ptr<Catalog> m_catalog;
  CatalogWatcher* m_watcher;
  QString m_lastError;
};

}  // namespace vitrine
