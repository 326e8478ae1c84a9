#pragma once
// Helpers shared by the QtTest UI tests.
#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QColor>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QString>
#include <QWidget>

#include <vector>

#include "browser/artworkdetail.h"
#include "browser/artworkmenu.h"
#include "browser/filterbar.h"
#include "browser/thumbnailmodel.h"
#include "browser/thumbnailview.h"
#include "clusters/clusterview.h"
#include "map/mapview.h"
#include "profile/profileeditor.h"
#include "profile/profilepanel.h"
#include "recommendations/recommendationmodel.h"
#include "recommendations/recommendationspanel.h"
#include "recommendations/recommendationview.h"

namespace vitrine::uitest {

// Where tests save screenshots of each state: $VITRINE_SCREENSHOT_DIR (ctest sets
// <build>/screenshots), else <temp>/vitrine-screenshots; created when missing.
inline QString screenshotDir() {
  QString dir = qEnvironmentVariable("VITRINE_SCREENSHOT_DIR");
  if (dir.isEmpty()) dir = QDir::temp().filePath(QStringLiteral("vitrine-screenshots"));
  QDir().mkpath(dir);
  return dir;
}

// A descendant of `parent` by objectName; the test stops (qFatal) naming it when there is none.
template <class T>
T* child(QObject* parent, const char* name) {
  T* c = parent->findChild<T*>(QLatin1String(name));
  if (!c) qFatal("no %s named %s", T::staticMetaObject.className(), name);
  return c;
}

// The chart series of `panel` with this objectName, in the order they were added to their chart:
// a QChart takes its series as QObject children, and a chart is no QObject child of its
// QChartView, so each chart view's chart is searched. Empty when there are none.
template <class T>
QList<T*> allSeries(QWidget* panel, const char* name) {
  QList<T*> out;
  for (QChartView* view : panel->findChildren<QChartView*>())
    if (view->chart()) out += view->chart()->findChildren<T*>(QLatin1String(name));
  return out;
}

// The one chart series of `panel` with this objectName; the test stops (qFatal) naming it when
// there is none.
template <class T>
T* series(QWidget* panel, const char* name) {
  const QList<T*> found = allSeries<T>(panel, name);
  if (found.isEmpty()) qFatal("no %s series named %s", T::staticMetaObject.className(), name);
  return found.front();
}

// Makes the item of `combo` whose data is `data` current (none when there is no such item).
inline void chooseData(QComboBox* combo, const QVariant& data) { combo->setCurrentIndex(combo->findData(data)); }

// A left click in the middle of `w`, as a user would.
inline void click(QWidget* w) { QTest::mouseClick(w, Qt::LeftButton, {}, w->rect().center()); }

// A side x side JPEG of one colour, as stored thumbnail bytes.
inline std::vector<unsigned char> solidJpeg(const QColor& c, int side) {
  QImage img(side, side, QImage::Format_RGB32);
  img.fill(c);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  img.save(&buffer, "JPEG", 90);
  return std::vector<unsigned char>(bytes.begin(), bytes.end());
}

// A right-click context-menu request at `pos` of `w` (a scroll area's viewport, as the platform
// sends it), returning the popup menu that opened (null when none did).
inline QMenu* contextMenuAt(QWidget* w, const QPoint& pos) {
  QContextMenuEvent event(QContextMenuEvent::Mouse, pos, w->mapToGlobal(pos));
  QCoreApplication::sendEvent(w, &event);
  return qobject_cast<QMenu*>(QApplication::activePopupWidget());
}

// The action of `menu` with this objectName (null when none).
inline QAction* actionIn(const QMenu* menu, const char* name) {
  for (QAction* a : menu->actions())
    if (a->objectName() == QLatin1String(name)) return a;
  return nullptr;
}

// Keeps a test away from the user's real settings and data folders: QStandardPaths test mode,
// INI settings under `settingsDir`, and a test-only organisation/application name.
inline void isolateSettings(const QString& settingsDir, const QString& appName) {
  QStandardPaths::setTestModeEnabled(true);
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir);
  QCoreApplication::setOrganizationName(QStringLiteral("VitrineTest"));
  QCoreApplication::setApplicationName(appName);
}

// The main window's parts, found by objectName as a user-facing tool would (no getters on
// MainWindow). Each call looks the child up again, so parts created later are found too.
class Parts {
 public:
  explicit Parts(const QWidget& window) : m_window(window) {}

  template <class T>
  T* find(const char* name) const {
    T* child = m_window.findChild<T*>(QLatin1String(name));
    if (!child) qFatal("the window has no %s named \"%s\"", T::staticMetaObject.className(), name);
    return child;
  }

  vitrine::FilterBar* filterBar() const { return find<vitrine::FilterBar>("filterBar"); }
  vitrine::ProfilePanel* profilePanel() const { return find<vitrine::ProfilePanel>("profilePanel"); }
  vitrine::RecommendationsPanel* recommendations() const {
    return find<vitrine::RecommendationsPanel>("recommendationsPanel");
  }
  vitrine::ClusterPanel* clusterPanel() const { return find<vitrine::ClusterPanel>("clusterPanel"); }
  vitrine::MapPanel* mapPanel() const { return find<vitrine::MapPanel>("mapPanel"); }
  vitrine::ArtworkDetail* detail() const { return find<vitrine::ArtworkDetail>("artworkDetail"); }
  vitrine::ArtworkMenu* artworkMenu() const { return find<vitrine::ArtworkMenu>("artworkContextMenus"); }
  vitrine::ProfileEditor* profile() const { return find<vitrine::ProfileEditor>("profileEditor"); }

  vitrine::ThumbnailModel* model() const { return find<vitrine::ThumbnailModel>("browserModel"); }
  vitrine::ThumbnailView* gridView() const { return find<vitrine::ThumbnailView>("browserView"); }
  vitrine::ThumbnailModel* profileModel() const { return find<vitrine::ThumbnailModel>("profileModel"); }
  vitrine::RecommendationModel* visRankModel() const { return find<vitrine::RecommendationModel>("visRankModel"); }
  vitrine::RecommendationModel* curatorNetModel() const {
    return find<vitrine::RecommendationModel>("curatorNetModel");
  }
  // The artwork detail's "more like this" lists.
  vitrine::RecommendationModel* moreVisRankModel() const {
    return find<vitrine::RecommendationModel>("moreVisRankModel");
  }
  vitrine::RecommendationModel* moreCuratorNetModel() const {
    return find<vitrine::RecommendationModel>("moreCuratorNetModel");
  }
  vitrine::RecommendationView* visRankView() const { return find<vitrine::RecommendationView>("visRankView"); }
  vitrine::RecommendationView* curatorNetView() const { return find<vitrine::RecommendationView>("curatorNetView"); }

  QLineEdit* searchEdit() const { return find<QLineEdit>("searchEdit"); }
  QSlider* sizeSlider() const { return find<QSlider>("sizeSlider"); }
  QComboBox* artistFilter() const { return find<QComboBox>("artistFilter"); }
  QComboBox* periodFilter() const { return find<QComboBox>("periodFilter"); }
  QComboBox* clusterFilter() const { return find<QComboBox>("clusterFilter"); }
  QComboBox* sortCombo() const { return find<QComboBox>("sortCombo"); }
  QSpinBox* yearFromSpin() const { return find<QSpinBox>("yearFrom"); }
  QSpinBox* yearToSpin() const { return find<QSpinBox>("yearTo"); }
  QComboBox* embeddingCombo() const { return find<QComboBox>("embeddingCombo"); }
  QComboBox* curatorModelCombo() const { return find<QComboBox>("curatorModelCombo"); }
  QComboBox* aggregationCombo() const { return find<QComboBox>("aggregationCombo"); }
  QSpinBox* kSpin() const { return find<QSpinBox>("kSpin"); }
  QLabel* overlapLabel() const { return find<QLabel>("overlapLabel"); }
  QLabel* modelsLabel() const { return find<QLabel>("modelsLabel"); }

  bool clusterFilterAvailable() const { return filterBar()->clusterFilterAvailable(); }
  bool recommendationsPending() const { return recommendations()->isPending(); }

 private:
  const QWidget& m_window;
};

}  // namespace vitrine::uitest
