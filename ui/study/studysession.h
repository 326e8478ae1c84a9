#pragma once
#include <QSet>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QButtonGroup;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QStackedWidget;
class QTimer;
class QVBoxLayout;

namespace vitrine {

class Catalog;
class StudySession;
class ThumbnailModel;
class ThumbnailView;

// The participant's side of a user study (issue 8), meant to run full screen with nothing else
// visible: instructions -> pick a profile in a thumbnail grid -> the two lists side by side
// (blinded "List A"/"List B", left/right from the study seed), each item rated 1..scale ->
// final questions -> thanks. Every action is committed to the catalog as it happens
// (core/study); reopening the same participant resumes where they left off.
class StudySessionWindow : public QWidget {
  Q_OBJECT

 public:
  enum Page { InstructionsPage, ProfilePage, ListsPage, QuestionsPage, FinishedPage };

  // Opens its own connection to the catalog file and starts or resumes the session. Returns
  // null and sets *error when the catalog, the study or the participant id is not usable.
  static StudySessionWindow* start(const QString& catalogPath, const QString& study, const QString& participant,
                                   QString* error, QWidget* parent = nullptr);
  ~StudySessionWindow() override;

  Page currentPage() const;
  bool resumed() const;
  const StudySession& session() const { return *m_session; }

  QString lastError() const { return m_lastError; }

 Q_SIGNALS:
  void pageChanged(int page);
  void finished();

 protected:
  void keyPressEvent(QKeyEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  StudySessionWindow(std::shared_ptr<Catalog> catalog, std::unique_ptr<StudySession> session, QWidget* parent);
  QWidget* createInstructionsPage();
  QWidget* createProfilePage();
  QWidget* createListsPage();
  QWidget* createQuestionsPage();
  QWidget* createFinishedPage();
  void goTo(Page page);
  void onGridClicked(const QModelIndex& index);
  void logVisibleGridItems();  // a "shown" event for each grid item the first time it is on screen
  void updateProfileStatus();
  void fillLists();
  void onRated(int position, int rank, int value);
  void updateRatingStatus();
  void submitAnswers();
  bool guard(const std::function<void()>& action);

  std::shared_ptr<Catalog> m_catalog;
  std::unique_ptr<StudySession> m_session;
  QString m_lastError;
  QStackedWidget* m_stack = nullptr;

  QPushButton* m_startButton = nullptr;

  ThumbnailModel* m_gridModel = nullptr;
  ThumbnailView* m_grid = nullptr;
  QLabel* m_profileStatus = nullptr;
  QTimer* m_shownTimer = nullptr;  // debounces scrolling before logging what is on screen
  QSet<qint64> m_shownLogged;      // grid items already logged as shown (also across a resume)
  QPushButton* m_profileNext = nullptr;

  QLabel* m_listLabels[2] = {nullptr, nullptr};
  QVBoxLayout* m_listColumns[2] = {nullptr, nullptr};
  std::vector<std::vector<QButtonGroup*>> m_ratingGroups;  // [position][rank]
  QLabel* m_ratingStatus = nullptr;
  QPushButton* m_listsNext = nullptr;

  QButtonGroup* m_preference = nullptr;
  std::vector<QRadioButton*> m_preferenceButtons;
  std::vector<QPlainTextEdit*> m_questionEdits;
  std::vector<QString> m_questionIds;
  QPushButton* m_finishButton = nullptr;
  QPushButton* m_closeButton = nullptr;
};

}  // namespace vitrine
