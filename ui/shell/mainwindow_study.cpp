// MainWindow's Study menu (issue 8): designs studies (StudyDesigner, issue 15 item 4) and runs
// the full-screen participant flow of a user study.
// Kept apart from mainwindow.cpp like the cluster and model parts.
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
#include "study/study.h"
#include "study/studydesigner.h"
#include "study/studyreportdialog.h"
#include "study/studysession.h"

namespace vitrine {

void MainWindow::addStudyActions() {
  QMenu* study = menuBar()->addMenu(tr("&Study"));
  QAction* design = study->addAction(tr("&Design Studies\u2026"), this, [this] { openStudyDesigner(); });
  design->setObjectName(QStringLiteral("actionDesignStudies"));
  QAction* run = study->addAction(tr("&Run participant session\u2026"), this, [this] {
    if (!m_catalog) {
      statusBar()->showMessage(tr("Open a catalog first."), 4000);
      return;
    }
    std::vector<StudyInfo> studies;
    try {
      studies = listStudies(*m_catalog);
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Study"), QString::fromUtf8(e.what()));
      return;
    }
    if (studies.empty()) {
      QMessageBox::information(
          this, tr("Study"),
          tr("This catalog has no study yet. Design one with Study \u2192 Design Studies\u2026 (or "
             "vitrine-cli study create)."));
      return;
    }
    QDialog dialog(this);
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
    if (!runStudySession(combo->currentData().toString(), participant->text()))
      QMessageBox::warning(this, tr("Study"), tr("Cannot start the session: %1").arg(m_lastError));
  });
  run->setObjectName(QStringLiteral("actionRunStudySession"));
  QAction* report = study->addAction(tr("Re&port and Merge\u2026"), this, [this] {
    if (!m_catalog) {
      statusBar()->showMessage(tr("Open a catalog first."), 4000);
      return;
    }
    StudyReportDialog dialog(m_catalogPath, m_readOnly, this);
    dialog.exec();
  });
  report->setObjectName(QStringLiteral("actionStudyReport"));
  connect(study, &QMenu::aboutToShow, this, [this, run, report, design] {
    design->setEnabled(m_catalog != nullptr);
    run->setEnabled(m_catalog != nullptr && !m_readOnly);
    report->setEnabled(m_catalog != nullptr);
  });
}

StudyDesigner* MainWindow::openStudyDesigner() {
  if (!m_catalog) {
    statusBar()->showMessage(tr("Open a catalog first."), 4000);
    return nullptr;
  }
  // One designer per window, for the catalog open now (a designer of a closed catalog goes).
  StudyDesigner* designer = findChild<StudyDesigner*>(QString(), Qt::FindDirectChildrenOnly);
  if (designer && designer->catalogPath() != m_catalogPath) {
    delete designer;
    designer = nullptr;
  }
  if (!designer) {
    designer = new StudyDesigner(
        m_catalogPath, m_readOnly,
        [this](const QString& study, const QString& participant, QString* error) {
          StudySessionWindow* w = runStudySession(study, participant);
          if (!w && error) *error = m_lastError;
          return w;
        },
        this);
    designer->setAttribute(Qt::WA_DeleteOnClose);
    // Opening another catalog closes the designer of this one (it edits one catalog's studies).
    connect(this, &MainWindow::catalogOpened, designer, [designer](const QString& path) {
      if (path != designer->catalogPath()) designer->close();
    });
  } else {
    designer->reload();
  }
  designer->show();
  designer->raise();
  designer->activateWindow();
  return designer;
}

StudySessionWindow* MainWindow::runStudySession(const QString& study, const QString& participant, bool fullScreen) {
  if (!m_catalog) {
    m_lastError = tr("no catalog is open");
    return nullptr;
  }
  QString error;
  StudySessionWindow* w = StudySessionWindow::start(m_catalogPath, study, participant, &error, this);
  if (!w) {
    m_lastError = error;
    return nullptr;
  }
  if (w->resumed()) statusBar()->showMessage(tr("Resumed the session of %1").arg(participant.trimmed()), 6000);
  if (fullScreen)
    w->showFullScreen();
  else
    w->show();
  w->raise();
  w->activateWindow();
  return w;
}

}  // namespace vitrine
