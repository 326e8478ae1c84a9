#pragma once
#include <QDialog>
#include <QString>

class QLabel;
class QPlainTextEdit;

namespace vitrine {

// A report shown at the end of long work (the New Catalog steps, an embedding or interactions
// import): a headline, the full text ("reportText", selectable) and "Save Report…"
// ("saveReportButton") writing it as a UTF-8 text file, offered at `suggestedPath` (e.g. beside
// the catalog; empty: report.txt in the user's documents folder). Non-modal.
class ReportDialog : public QDialog {
  Q_OBJECT

 public:
  ReportDialog(QWidget* parent, const QString& title, const QString& headline, const QString& text,
               const QString& suggestedPath = QString());
  QString text() const;
  // Writes the text to `path`; false with `error` on failure (the Save button says it in a box).
  bool saveTo(const QString& path, QString* error) const;

 private:
  QLabel* m_headline;
  QPlainTextEdit* m_text;
};

}  // namespace vitrine
