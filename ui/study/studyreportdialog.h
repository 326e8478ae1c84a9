#pragma once
#include <QDialog>
#include <QString>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace vitrine {

// Study → Report… (issue 17 item 3): the analysis of a study's sessions (core/study/report):
// mean rating per system with its 95 % bootstrap CI over participants, ratings by rank and by
// side, the paired per-participant comparison, stated preferences with a sign test and
// completion times. "Merge station catalog…" adds the sessions of a copy of this catalog that
// ran the study on another workstation (core/study/merge); "Save JSON…" writes the report.
class StudyReportDialog : public QDialog {
  Q_OBJECT

 public:
  StudyReportDialog(const QString& catalogPath, bool readOnly, QWidget* parent = nullptr);

  // Recomputes the report of the study chosen in the combo; false (and a message in the
  // summary label) when it cannot be computed.
  bool refresh();
  // Merges the sessions of the chosen study from `stationCatalog`; returns the summary shown to
  // the user (sessions added, duplicates, conflicts) or the error.
  QString mergeFrom(const QString& stationCatalog);

 private:
  void reloadStudies();

  QString m_catalogPath;
  bool m_readOnly;
  QComboBox* m_study;
  QTableWidget* m_systems;
  QTableWidget* m_byRank;
  QLabel* m_summary;
  QPushButton* m_merge;
  QPushButton* m_save;
  QString m_json;
};

}  // namespace vitrine
