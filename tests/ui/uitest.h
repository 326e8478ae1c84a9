#pragma once
// Helpers shared by the QtTest UI tests.
#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

namespace vitrine::uitest {

// Keeps a test away from the user's real settings and data folders: QStandardPaths test mode,
// INI settings under `settingsDir`, and a test-only organisation/application name.
inline void isolateSettings(const QString& settingsDir, const QString& appName) {
  QStandardPaths::setTestModeEnabled(true);
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir);
  QCoreApplication::setOrganizationName(QStringLiteral("VitrineTest"));
  QCoreApplication::setApplicationName(appName);
}

}  // namespace vitrine::uitest
