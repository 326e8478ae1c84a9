#include "shell/studymenu.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

#include "catalog/catalog.h"
#include "shell/mainwindow.h"
#include "shell/shellmenus.h"
#include "study/study.h"
#include "study/studydesigner.h"
#include "study/studyreportdialog.h"
#include "study/studysession.h"

namespace vitrine {

StudyMenu::StudyMenu(MainWindow* window) : QObject(window), m_window(window) {}

void StudyMenu::addTo(QMenuBar* menuBar) {
  QMenu* study = menuBar->addMenu(tr("&Study"));
  QAction* design = study->addAction(tr("&Design Studies\u2026"), this, [this] { openDesigner(); });
  design->setObjectName(QStringLiteral("actionDesignStudies"));
  QAction* run = study->addAction(tr("&Run participant session\u2026"), this, &StudyMenu::askAndRunSession);
  run->setObjectName(QStringLiteral("actionRunStudySession"));
  QAction* report = study->addAction(tr("Re&port and Merge\u2026"), this, [this] {
    if (!m_window->requireCatalog()) return;
    StudyReportDialog dialog(m_window->catalogPath(), m_window->isReadOnly(), m_window);
    dialog.exec();
  });
  report->setObjectName(QStringLiteral("actionStudyReport"));
  connect(study, &QMenu::aboutToShow, this, [this, run, report, design] {
    const bool open = m_window->catalog() != nullptr;
    design->setEnabled(open);
    run->setEnabled(open && !m_window->isReadOnly());
    report->setEnabled(open);
  });
}

void StudyMenu::askAndRunSession() {
  if (!m_window->requireCatalog()) return;
  const std::shared_ptr<Catalog> catalog = m_window->catalog();
  std::vector<StudyInfo> studies;
  try {
    studies = listStudies(*catalog);
  } catch (const std::exception& e) {
    QMessageBox::warning(m_window, tr("Study"), QString::fromUtf8(e.what()));
    return;
  }
  if (studies.empty()) {
    QMessageBox::information(m_window, tr("Study"),
                             tr("This catalog has no study yet. Design one with Study \u2192 Design Studies\u2026 "
                                "(or vitrine-cli study create)."));
    return;
  }
  QDialog dialog(m_window);
  dialog.setWindowTitle(tr("Run participant session"));
  auto* form = new QFormLayout(&dialog);
  auto* combo = new QComboBox(&dialog);
  for (const auto& s : studies) {
    const QString name = QString::fromStdString(s.definition.name);
    combo->addItem(tr("%1 (%2 sessions, %3 finished)").arg(name).arg(s.sessions).arg(s.finished), name);
  }
  auto* participant = new QLineEdit(&dialog);
  participant->setPlaceholderText(tr("pseudonymous id, e.g. P017 (an existing id resumes)"));
  form->addRow(tr("Study:"), combo);
  form->addRow(tr("Participant:"), participant);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
  connect(participant, &QLineEdit::textChanged, &dialog, [buttons](const QString& text) {
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
  });
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  form->addRow(buttons);
  if (dialog.exec() != QDialog::Accepted) return;
  QString error;
  if (!runSession(combo->currentData().toString(), participant->text(), true, &error))
    QMessageBox::warning(m_window, tr("Study"), tr("Cannot start the session: %1").arg(error));
}

StudyDesigner* StudyMenu::openDesigner() {
  if (!m_window->requireCatalog()) return nullptr;
  // One designer per window, for the catalog open now (a designer of a closed catalog goes).
  const QString path = m_window->catalogPath();
  StudyDesigner* designer = m_window->findChild<StudyDesigner*>(QString(), Qt::FindDirectChildrenOnly);
  if (designer && designer->catalogPath() != path) {
    delete designer;
    designer = nullptr;
  }
  if (!designer) {
    designer = new StudyDesigner(
        path, m_window->isReadOnly(),
        [this](const QString& study, const QString& participant, QString* error) {
          return runSession(study, participant, true, error);
        },
        m_window);
    designer->setAttribute(Qt::WA_DeleteOnClose);
    // Opening another catalog closes the designer of this one (it edits one catalog's studies).
    connect(m_window, &MainWindow::catalogOpened, designer, [designer](const QString& opened) {
      if (opened != designer->catalogPath()) designer->close();
    });
  } else {
    designer->reload();
  }
  presentWindow(designer);
  return designer;
}

StudySessionWindow* StudyMenu::runSession(const QString& study, const QString& participant, bool fullScreen,
                                          QString* error) {
  if (!m_window->catalog()) {
    if (error) *error = tr("no catalog is open");
    return nullptr;
  }
  StudySessionWindow* w = StudySessionWindow::start(m_window->catalogPath(), study, participant, error, m_window);
  if (!w) return nullptr;
  if (w->resumed())
    m_window->statusBar()->showMessage(tr("Resumed the session of %1").arg(participant.trimmed()), 6000);
  if (fullScreen)
    w->showFullScreen();
  else
    w->show();
  w->raise();
  w->activateWindow();
  return w;
}

}  // namespace vitrine
