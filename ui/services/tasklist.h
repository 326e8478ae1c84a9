#pragma once
#include <QHash>
#include <QString>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace vitrine {

// A list of background steps (e.g. the New Catalog pipeline: import, embedding, clusters and map,
// CuratorNet), each a row with its title, a progress bar, a status line and a Cancel button. It
// lives in a dock and never blocks the window: the grid stays usable while the steps run.
// Rows are found by objectName "task_<key>"; each row holds "progressBar", "statusLabel" and
// "cancelButton". The header holds the list's title ("taskTitle") and the buttons its owner adds
// (addButton).
class TaskListPanel : public QWidget {
  Q_OBJECT

 public:
  enum class State { Waiting, Running, Done, Cancelled, Failed, NotRun };
  explicit TaskListPanel(QWidget* parent = nullptr);

  // Forgets every row and button and shows `title` above the new rows.
  void reset(const QString& title);
  void addTask(const QString& key, const QString& title);
  bool hasTask(const QString& key) const { return m_rows.contains(key); }
  // done of total (0 = unknown: a busy bar) and the item being worked on.
  void setProgress(const QString& key, qint64 done, qint64 total, const QString& message);
  // Running shows the Cancel button; the other states hide it and show `text` as the status.
  void setState(const QString& key, State state, const QString& text = QString());
  State state(const QString& key) const;
  QString statusText(const QString& key) const;
  // A button in the header (e.g. Resume, Report); hidden until the owner shows it.
  QPushButton* addButton(const QString& objectName, const QString& text);
  // True while any row is Running.
  bool isBusy() const;

 Q_SIGNALS:
  // The Cancel button of row `key` was clicked.
  void cancelRequested(const QString& key);

 private:
  struct Row {
    QWidget* widget = nullptr;
    QLabel* title = nullptr;
    QProgressBar* bar = nullptr;
    QLabel* status = nullptr;
    QPushButton* cancel = nullptr;
    State state = State::Waiting;
  };
  QLabel* m_title;
  QWidget* m_buttons;
  QVBoxLayout* m_rowsLayout;
  QHash<QString, Row> m_rows;
  QLabel* m_empty;
};

}  // namespace vitrine
