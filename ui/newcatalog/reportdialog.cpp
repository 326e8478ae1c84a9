#include "newcatalog/reportdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace vitrine {

ReportDialog::ReportDialog(QWidget* parent, const QString& title, const QString& headline, const QString& text,
                           const QString& suggestedPath)
    : QDialog(parent), m_headline(new QLabel(headline, this)), m_text(new QPlainTextEdit(text, this)) {
  setObjectName(QStringLiteral("reportDialog"));
  setWindowTitle(title);
  setAttribute(Qt::WA_DeleteOnClose);
  m_headline->setWordWrap(true);
  m_headline->setObjectName(QStringLiteral("reportHeadline"));
  m_text->setObjectName(QStringLiteral("reportText"));
  m_text->setReadOnly(true);
  m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
  m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  QPushButton* save = buttons->addButton(tr("&Save Report\u2026"), QDialogButtonBox::ActionRole);
  save->setObjectName(QStringLiteral("saveReportButton"));
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  const QString offered = !suggestedPath.isEmpty()
                              ? suggestedPath
                              : QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                    .filePath(QStringLiteral("report.txt"));
  connect(save, &QPushButton::clicked, this, [this, offered] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Report"), offered, tr("Text files (*.txt);;All files (*)"));
    if (path.isEmpty()) return;
    QString error;
    if (!saveTo(path, &error)) QMessageBox::warning(this, tr("Save Report"), error);
  });
  auto* l = new QVBoxLayout(this);
  l->addWidget(m_headline);
  l->addWidget(m_text, 1);
  l->addWidget(buttons);
  resize(820, 460);
}

QString ReportDialog::text() const { return m_text->toPlainText(); }

bool ReportDialog::saveTo(const QString& path, QString* error) const {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text) || f.write(text().toUtf8()) < 0 ||
      !f.flush()) {
    if (error) *error = tr("%1: cannot be written (%2)").arg(path, f.errorString());
    return false;
  }
  return true;
}

}  // namespace vitrine
