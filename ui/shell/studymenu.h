#pragma once
#include <QObject>
#include <QString>

class QMenuBar;

namespace vitrine {

class MainWindow;
class StudyDesigner;
class StudySessionWindow;

// The main window's Study menu (issue 8; designer: issue 15 item 4): Design Studies… (the
// StudyDesigner of the open catalog), Run participant session… (a study and a pseudonymous
// participant, then the full-screen participant flow; an existing id resumes) and Report and
// Merge…. Actions: actionDesignStudies, actionRunStudySession, actionStudyReport.
class StudyMenu : public QObject {
  Q_OBJECT

 public:
  explicit StudyMenu(MainWindow* window);

  void addTo(QMenuBar* menuBar);
  // Shows (raises) the designer of the open catalog; null and a status message without one.
  StudyDesigner* openDesigner();
  // Opens the participant flow of `study` for `participant` on the open catalog; null and *error
  // on failure. fullScreen=false shows it as a normal window (tests).
  StudySessionWindow* runSession(const QString& study, const QString& participant, bool fullScreen, QString* error);

 private:
  void askAndRunSession();

  MainWindow* m_window;
};

}  // namespace vitrine
