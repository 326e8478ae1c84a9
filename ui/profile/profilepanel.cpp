#include "profile/profilepanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "browser/thumbnaildelegate.h"
#include "browser/thumbnailmodel.h"
#include "browser/thumbnailview.h"
#include "catalog/catalog.h"
#include "profile/profileeditor.h"
#include "services/catalogwatcher.h"
#include "theme/headerlabel.h"

namespace vitrine {

ProfilePanel::ProfilePanel(ProfileEditor* profile, PixmapCache* thumbnails, QWidget* parent)
    : QWidget(parent),
      m_profile(profile),
      m_model(new ThumbnailModel(this, thumbnails)),
      m_view(new ThumbnailView(this)),
      m_saved(new QComboBox(this)),
      m_title(headerLabel(tr("Profile"), this)),
      m_watcher(new CatalogWatcher(this)) {
  m_model->setObjectName(QStringLiteral("profileModel"));
  m_model->setArtworkIds({});  // the strip lists the profile, never a query
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(8, 4, 8, 6);
  lay->setSpacing(4);
  auto* top = new QHBoxLayout;
  top->setSpacing(6);
  top->addWidget(m_title);
  top->addStretch(1);
  top->addWidget(dimLabel(tr("Saved"), this));
  m_saved->setObjectName(QStringLiteral("savedProfiles"));
  m_saved->setMinimumContentsLength(10);
  m_saved->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_saved->setToolTip(tr("Open a profile saved in this catalog"));
  top->addWidget(m_saved);
  connect(m_saved, &QComboBox::activated, this, [this](int index) {
    const QString name = m_saved->itemData(index).toString();
    if (!name.isEmpty()) openSavedProfile(name);
  });
  const auto button = [this, top](const QString& text, const QString& tip) {
    auto* b = new QToolButton(this);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    top->addWidget(b);
    return b;
  };
  connect(button(tr("Save"), tr("Save this profile in the catalog (Ctrl+S)")), &QToolButton::clicked, this,
          &ProfilePanel::save);
  connect(button(tr("Rename\u2026"), tr("Rename the open saved profile")), &QToolButton::clicked, this, [this] {
    const QString from = m_profile->profileName();
    if (from.isEmpty()) return;
    const QString to = QInputDialog::getText(this, tr("Rename Profile"), tr("New name:"), QLineEdit::Normal, from);
    if (!to.trimmed().isEmpty() && !renameSavedProfile(from, to.trimmed())) warn(tr("Rename Profile"));
  });
  connect(button(tr("Duplicate\u2026"), tr("Save a copy of this profile under a new name")), &QToolButton::clicked,
          this, [this] {
            const QString from = m_profile->profileName();
            const QString to =
                QInputDialog::getText(this, tr("Duplicate Profile"), tr("Name of the copy:"), QLineEdit::Normal,
                                      from.isEmpty() ? tr("Profile copy") : tr("%1 copy").arg(from));
            if (to.trimmed().isEmpty()) return;
            const bool ok = from.isEmpty() ? saveProfileAs(to.trimmed()) : duplicateSavedProfile(from, to.trimmed());
            if (!ok) warn(tr("Duplicate Profile"));
          });
  connect(button(tr("Delete"), tr("Delete the open saved profile from the catalog")), &QToolButton::clicked, this,
          [this] {
            const QString name = m_profile->profileName();
            if (name.isEmpty()) return;
            if (QMessageBox::question(this, tr("Delete Profile"),
                                      tr("Delete the saved profile \u201c%1\u201d?").arg(name)) != QMessageBox::Yes)
              return;
            if (!deleteSavedProfile(name)) warn(tr("Delete Profile"));
          });
  connect(button(tr("Clear"), tr("Remove every artwork from the profile (undoable)")), &QToolButton::clicked, m_profile,
          &ProfileEditor::clear);
  lay->addLayout(top);

  m_view->setObjectName(QStringLiteral("profileView"));
  m_view->setModel(m_model);
  m_view->setThumbnailSize(ThumbnailView::kMinThumbnailSize + 8);
  m_view->thumbnailDelegate()->setShowArtist(false);
  m_view->setWrapping(false);
  m_view->setFlow(QListView::LeftToRight);
  m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  m_view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // One whole row of cards (picture and title) above the horizontal scroll bar, however short the
  // dock is dragged: a clipped strip showed pictures spilling past their cards and half captions.
  m_view->setMinimumHeight(m_view->thumbnailDelegate()->tileSize().height() + 2 * m_view->frameWidth() + 24 +
                           m_view->horizontalScrollBar()->sizeHint().height());
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->setEmptyText(
      tr("Your profile is empty. Click artworks in the grid (or press Space) to add them; "
         "recommendations follow every change."));
  lay->addWidget(m_view, 1);
  // In the strip a click shows the artwork; Space/Delete removes it.
  const auto show = [this](const QModelIndex& i) {
    Q_EMIT showArtworkRequested(i.data(ThumbnailModel::ArtworkIdRole).toLongLong());
  };
  connect(m_view, &ThumbnailView::artworkClicked, this, show);
  connect(m_view, &ThumbnailView::openRequested, this, show);
  const auto removeCurrent = [this] {
    const QModelIndex i = m_view->currentIndex();
    if (i.isValid()) m_profile->remove(i.data(ThumbnailModel::ArtworkIdRole).toLongLong());
  };
  connect(m_view, &ThumbnailView::toggleRequested, this, removeCurrent);
  connect(m_view, &ThumbnailView::removeRequested, this, removeCurrent);

  connect(m_profile, &ProfileEditor::changed, this, &ProfilePanel::onProfileChanged);
  connect(m_profile, &ProfileEditor::nameChanged, this, &ProfilePanel::updateTitle);
  connect(m_profile, &ProfileEditor::nameChanged, this, &ProfilePanel::selectSavedProfile);
  connect(m_watcher, &CatalogWatcher::changed, this, [this](const CatalogChange& change) {
    if (change.has(CatalogFamily::Profiles)) refreshSavedProfiles();
  });
  updateTitle();
}

void ProfilePanel::setCatalog(std::shared_ptr<Catalog> catalog) {
  m_catalog = std::move(catalog);
  m_model->setCatalog(m_catalog);
  m_watcher->setCatalogPath(m_catalog ? QString::fromStdString(m_catalog->path()) : QString());
  refreshSavedProfiles();
}

void ProfilePanel::onProfileChanged() {
  const std::vector<int64_t>& ids = m_profile->ids();
  m_model->setArtworkIds(ids);
  if (!ids.empty()) m_view->scrollTo(m_model->index(static_cast<int>(ids.size()) - 1, 0));
  updateTitle();
}

void ProfilePanel::updateTitle() {
  const int n = m_profile->size();
  QString title = m_profile->profileName().isEmpty() ? tr("Profile") : m_profile->profileName();
  if (m_profile->isModified() && !m_profile->profileName().isEmpty()) title += QStringLiteral(" *");
  m_title->setText(tr("%1  \u00b7  %n artwork(s)", nullptr, n).arg(title));
}

void ProfilePanel::warn(const QString& title) { QMessageBox::warning(this, title, m_lastError); }

void ProfilePanel::save() {
  QString name = m_profile->profileName();
  if (name.isEmpty()) name = QInputDialog::getText(this, tr("Save Profile"), tr("Name:")).trimmed();
  if (!name.isEmpty() && !saveProfileAs(name)) warn(tr("Save Profile"));
}

void ProfilePanel::saveAs() {
  const QString name = QInputDialog::getText(this, tr("Save Profile As"), tr("Name:")).trimmed();
  if (!name.isEmpty() && !saveProfileAs(name)) warn(tr("Save Profile"));
}

void ProfilePanel::refreshSavedProfiles() {
  const QSignalBlocker block(m_saved);
  m_saved->clear();
  m_saved->addItem(tr("Open saved\u2026"), QString());
  if (!m_catalog) return;
  try {
    for (const SavedProfile& p : m_catalog->profiles()) {
      const QString name = QString::fromStdString(p.name);
      m_saved->addItem(tr("%1 (%2)").arg(name).arg(p.artworkIds.size()), name);
    }
  } catch (const std::exception&) {
  }
  selectSavedProfile();
}

void ProfilePanel::selectSavedProfile() {
  const QSignalBlocker block(m_saved);
  m_saved->setCurrentIndex(std::max(0, m_saved->findData(m_profile->profileName())));
}

QStringList ProfilePanel::savedProfileNames() const {
  QStringList names;
  if (!m_catalog) return names;
  try {
    for (const SavedProfile& p : m_catalog->profiles()) names << QString::fromStdString(p.name);
  } catch (const std::exception&) {
  }
  return names;
}

bool ProfilePanel::saveProfileAs(const QString& name) {
  if (!m_catalog || name.trimmed().isEmpty()) {
    m_lastError = tr("Open a catalog and give the profile a name.");
    return false;
  }
  try {
    m_catalog->saveProfile(name.trimmed().toStdString(), m_profile->ids());
  } catch (const std::exception& e) {
    m_lastError = tr("Cannot save the profile: %1").arg(QString::fromStdString(e.what()));
    return false;
  }
  m_profile->markSaved(name.trimmed());  // the list followed the commit (m_watcher)
  Q_EMIT statusMessage(tr("Saved profile \u201c%1\u201d").arg(name.trimmed()), 3000);
  return true;
}

bool ProfilePanel::openSavedProfile(const QString& name) {
  if (!m_catalog) return false;
  std::optional<SavedProfile> p;
  try {
    p = m_catalog->profile(name.toStdString());
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  if (!p) {
    m_lastError = tr("No saved profile named \u201c%1\u201d").arg(name);
    return false;
  }
  m_profile->setIds(p->artworkIds, tr("Open profile \u201c%1\u201d").arg(name));
  m_profile->markSaved(name);  // selects it in the list
  return true;
}

bool ProfilePanel::renameSavedProfile(const QString& from, const QString& to) {
  try {
    std::optional<SavedProfile> p = m_catalog ? m_catalog->profile(from.toStdString()) : std::nullopt;
    if (!p) {
      m_lastError = tr("No saved profile named \u201c%1\u201d").arg(from);
      return false;
    }
    if (m_catalog->profile(to.toStdString())) {
      m_lastError = tr("A profile named \u201c%1\u201d exists already").arg(to);
      return false;
    }
    m_catalog->renameProfile(p->id, to.toStdString());
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  if (m_profile->profileName() == from) m_profile->setProfileName(to);
  return true;  // the list followed the commit (m_watcher)
}

bool ProfilePanel::deleteSavedProfile(const QString& name) {
  try {
    std::optional<SavedProfile> p = m_catalog ? m_catalog->profile(name.toStdString()) : std::nullopt;
    if (!p) {
      m_lastError = tr("No saved profile named \u201c%1\u201d").arg(name);
      return false;
    }
    m_catalog->deleteProfile(p->id);
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  if (m_profile->profileName() == name) m_profile->setProfileName(QString());
  return true;  // the list followed the commit (m_watcher)
}

bool ProfilePanel::duplicateSavedProfile(const QString& from, const QString& to) {
  try {
    std::optional<SavedProfile> p = m_catalog ? m_catalog->profile(from.toStdString()) : std::nullopt;
    if (!p) {
      m_lastError = tr("No saved profile named \u201c%1\u201d").arg(from);
      return false;
    }
    if (m_catalog->profile(to.toStdString())) {
      m_lastError = tr("A profile named \u201c%1\u201d exists already").arg(to);
      return false;
    }
    // The copy takes the list as edited now (unsaved edits go to the copy, not the original).
    m_catalog->saveProfile(to.toStdString(), m_profile->profileName() == from ? m_profile->ids() : p->artworkIds);
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  if (m_profile->profileName() == from) m_profile->markSaved(to);
  return true;  // the list followed the commit (m_watcher)
}

}  // namespace vitrine
