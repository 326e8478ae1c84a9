#pragma once
#include <QDialog>
#include <QString>

#include <functional>
#include <vector>

#include "services/backgroundjob.h"
#include "study/study.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace vitrine {

class StudyForm;
class StudySessionWindow;

// Study → Design Studies… (issue 15 item 4): the studies of one catalog, designed without the
// command line. The list on the left; for the selected study a "Design" tab (StudyForm: every
// option of `vitrine-cli study create`) and a "Sessions" tab (participant, finished or in
// progress, duration; start a participant session; export). New, Edit, Duplicate and Delete
// (with a confirmation that says how many sessions would be lost) go through core/study
// (createStudy, updateStudy, duplicateStudy, deleteStudy), so the rules are the command line's:
// a study's design is fixed once its first participant has started (the reason is shown and
// Edit is disabled; Duplicate gives an editable copy). Export writes what `study export` and
// `study report` write (exportStudy + writeStudyReport). Each action opens its own connection
// to the catalog file, like the participant window, so nothing is cached across them.
class StudyDesigner : public QDialog {
  Q_OBJECT

 public:
  // Starts (or resumes) the participant session of (study, participant) in the existing
  // participant window; returns it, or null with the reason in *error.
  using SessionStarter =
      std::function<StudySessionWindow*(const QString& study, const QString& participant, QString* error)>;

  StudyDesigner(const QString& catalogPath, bool readOnly, SessionStarter starter, QWidget* parent = nullptr);

  QString catalogPath() const { return m_catalogPath; }
  // The study shown (empty while none is selected or a new one is being created).
  QString currentStudy() const { return m_current; }
  // Reloads the list (keeping the selection when it still exists) and the selected study.
  void reload();
  // Selects the study named `name`; false when there is none.
  bool selectStudy(const QString& name);
  // The last message shown to the user (a refusal, an export summary), for tests and logs.
  QString lastMessage() const { return m_lastMessage; }

 Q_SIGNALS:
  // A study was created, changed, duplicated or deleted (the Study menu lists them anew).
  void studiesChanged();

 protected:
  void changeEvent(QEvent* event) override;
  void reject() override;

 private:
  enum class Mode { View, Edit, Create };
  void showStudy(const QString& name);
  void setMode(Mode mode);
  void updateButtons();
  void refreshSessions();
  void startNew();
  void startEdit();
  void save();
  void duplicate();
  void remove();
  void startSession();
  void exportStudyFiles();
  void say(QLabel* where, const QString& message, bool error);
  bool confirmDiscard();

  QString m_catalogPath;
  bool m_readOnly;
  SessionStarter m_starter;
  Mode m_mode = Mode::View;
  QString m_current;
  QString m_lastMessage;
  std::vector<StudyInfo> m_studies;

  QListWidget* m_list;
  QPushButton* m_new;
  QPushButton* m_duplicate;
  QPushButton* m_delete;
  QTabWidget* m_tabs;
  QLabel* m_title;
  QLabel* m_lock;
  StudyForm* m_form;
  QPushButton* m_edit;
  QPushButton* m_save;
  QPushButton* m_cancel;
  QLabel* m_sessionsSummary;
  QTableWidget* m_sessions;
  QLineEdit* m_participant;
  QPushButton* m_start;
  QLabel* m_sessionStatus;
  QLineEdit* m_exportFolder;
  QPushButton* m_browse;
  QCheckBox* m_exportProfiles;
  QPushButton* m_export;
  QLabel* m_exportStatus;
  BackgroundJob* m_exportJob;  // writing the files off the GUI thread
};

}  // namespace vitrine
