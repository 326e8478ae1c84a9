#include "study/studydesigner.h"

#include <QApplication>
#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "catalog/catalog.h"
#include "catalog/model_store.h"
#include "study/report.h"
#include "study/studyform.h"
#include "study/studysession.h"
#include "theme/headerlabel.h"
#include "theme/theme.h"

namespace vitrine {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QPushButton* button(const QString& text, const char* name, QWidget* parent) {
  auto* b = new QPushButton(text, parent);
  b->setObjectName(QLatin1String(name));
  return b;
}

QString duration(double seconds) {
  const qint64 s = qMax<qint64>(0, static_cast<qint64>(seconds + 0.5));
  if (s >= 3600)
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// "1 session", "3 sessions" (English plurals without a translation file).
QString sessions(qint64 n, const QString& what = QObject::tr("session")) {
  return n == 1 ? QObject::tr("1 %1").arg(what) : QObject::tr("%1 %2s").arg(n).arg(what);
}

QTableWidgetItem* cell(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  return item;
}

}  // namespace

StudyDesigner::StudyDesigner(const QString& catalogPath, bool readOnly, SessionStarter starter, QWidget* parent)
    : QDialog(parent), m_catalogPath(catalogPath), m_readOnly(readOnly), m_starter(std::move(starter)) {
  setObjectName(QStringLiteral("studyDesigner"));
  setWindowTitle(tr("Design Studies \u2014 %1").arg(QFileInfo(catalogPath).fileName()));
  setModal(false);
  resize(1060, 700);
  auto* root = new QVBoxLayout(this);
  auto* columns = new QHBoxLayout;
  root->addLayout(columns, 1);

  // Left: the catalog's studies.
  auto* left = new QVBoxLayout;
  left->addWidget(headerLabel(tr("Studies"), this));
  m_list = new QListWidget(this);
  m_list->setObjectName(QStringLiteral("studyList"));
  m_list->setMinimumWidth(220);
  m_list->setMaximumWidth(300);
  m_list->setWordWrap(true);
  left->addWidget(m_list, 1);
  auto* listButtons = new QHBoxLayout;
  m_new = button(tr("&New\u2026"), "newStudyButton", this);
  m_duplicate = button(tr("D&uplicate"), "duplicateStudyButton", this);
  m_delete = button(tr("De&lete\u2026"), "deleteStudyButton", this);
  for (QPushButton* b : {m_new, m_duplicate, m_delete}) listButtons->addWidget(b);
  left->addLayout(listButtons);
  columns->addLayout(left);

  // Right: the selected study.
  auto* right = new QVBoxLayout;
  m_title = headerLabel(QString(), this);
  m_title->setObjectName(QStringLiteral("studyTitle"));
  m_title->setWordWrap(true);
  right->addWidget(m_title);
  m_tabs = new QTabWidget(this);
  m_tabs->setObjectName(QStringLiteral("studyTabs"));
  right->addWidget(m_tabs, 1);
  columns->addLayout(right, 1);

  auto* design = new QWidget(m_tabs);
  auto* designLayout = new QVBoxLayout(design);
  m_lock = new QLabel(design);
  m_lock->setObjectName(QStringLiteral("studyLockLabel"));
  m_lock->setWordWrap(true);
  m_lock->setStyleSheet(theme::css(theme::notice()));
  designLayout->addWidget(m_lock);
  auto* scroll = new QScrollArea(design);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  m_form = new StudyForm(scroll);
  scroll->setWidget(m_form);
  designLayout->addWidget(scroll, 1);
  auto* designButtons = new QHBoxLayout;
  designButtons->addStretch();
  m_edit = button(tr("&Edit"), "editStudyButton", design);
  m_save = button(tr("&Save"), "saveStudyButton", design);
  m_save->setDefault(true);
  m_cancel = button(tr("Cancel"), "cancelStudyButton", design);
  for (QPushButton* b : {m_edit, m_save, m_cancel}) designButtons->addWidget(b);
  designLayout->addLayout(designButtons);
  m_tabs->addTab(design, tr("Design"));

  auto* sessions = new QWidget(m_tabs);
  auto* sessionsLayout = new QVBoxLayout(sessions);
  m_sessionsSummary = new QLabel(sessions);
  m_sessionsSummary->setObjectName(QStringLiteral("sessionsSummary"));
  sessionsLayout->addWidget(m_sessionsSummary);
  m_sessions = new QTableWidget(0, 5, sessions);
  m_sessions->setObjectName(QStringLiteral("sessionsTable"));
  m_sessions->setHorizontalHeaderLabels({tr("Participant"), tr("Status"), tr("Started"), tr("Duration"), tr("Events")});
  m_sessions->verticalHeader()->hide();
  m_sessions->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_sessions->setSelectionMode(QAbstractItemView::SingleSelection);
  m_sessions->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_sessions->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  sessionsLayout->addWidget(m_sessions, 1);

  auto* run = new QHBoxLayout;
  run->addWidget(new QLabel(tr("Participant:"), sessions));
  m_participant = new QLineEdit(sessions);
  m_participant->setObjectName(QStringLiteral("participantEdit"));
  m_participant->setPlaceholderText(tr("pseudonymous id, e.g. P017 (an existing id resumes)"));
  run->addWidget(m_participant, 1);
  m_start = button(tr("S&tart participant session"), "startSessionButton", sessions);
  run->addWidget(m_start);
  sessionsLayout->addLayout(run);
  m_sessionStatus = new QLabel(sessions);
  m_sessionStatus->setObjectName(QStringLiteral("sessionStatus"));
  m_sessionStatus->setWordWrap(true);
  sessionsLayout->addWidget(m_sessionStatus);

  sessionsLayout->addWidget(headerLabel(tr("Export"), sessions));
  sessionsLayout->addWidget(dimLabel(tr("sessions.csv, events.csv, ratings.csv, answers.csv and study.json (as "
                                        "vitrine-cli study export) and report.json / report.txt (as study report)"),
                                     sessions));
  auto* exportRow = new QHBoxLayout;
  m_exportFolder = new QLineEdit(sessions);
  m_exportFolder->setObjectName(QStringLiteral("exportFolderEdit"));
  m_exportFolder->setPlaceholderText(tr("folder to write"));
  exportRow->addWidget(m_exportFolder, 1);
  m_browse = button(tr("&Browse\u2026"), "exportBrowseButton", sessions);
  exportRow->addWidget(m_browse);
  m_export = button(tr("E&xport"), "exportStudyButton", sessions);
  exportRow->addWidget(m_export);
  sessionsLayout->addLayout(exportRow);
  m_exportProfiles = new QCheckBox(tr("Also add the finished participants' profiles to the interactions"), sessions);
  m_exportProfiles->setObjectName(QStringLiteral("exportAddProfilesCheck"));
  sessionsLayout->addWidget(m_exportProfiles);
  m_exportStatus = new QLabel(sessions);
  m_exportJob = new BackgroundJob(this);
  m_exportStatus->setObjectName(QStringLiteral("exportStatus"));
  m_exportStatus->setWordWrap(true);
  m_exportStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
  sessionsLayout->addWidget(m_exportStatus);
  m_tabs->addTab(sessions, tr("Sessions"));

  auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
  root->addWidget(close);
  connect(close, &QDialogButtonBox::rejected, this, &StudyDesigner::reject);

  connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
    if (m_mode == Mode::View && item) showStudy(item->data(Qt::UserRole).toString());
  });
  connect(m_new, &QPushButton::clicked, this, &StudyDesigner::startNew);
  connect(m_duplicate, &QPushButton::clicked, this, &StudyDesigner::duplicate);
  connect(m_delete, &QPushButton::clicked, this, &StudyDesigner::remove);
  connect(m_edit, &QPushButton::clicked, this, &StudyDesigner::startEdit);
  connect(m_save, &QPushButton::clicked, this, &StudyDesigner::save);
  connect(m_cancel, &QPushButton::clicked, this, [this] {
    setMode(Mode::View);
    reload();
  });
  connect(m_start, &QPushButton::clicked, this, &StudyDesigner::startSession);
  connect(m_participant, &QLineEdit::returnPressed, this, &StudyDesigner::startSession);
  connect(m_sessions, &QTableWidget::cellClicked, this, [this](int row, int) {
    if (auto* item = m_sessions->item(row, 0)) m_participant->setText(item->text());
  });
  connect(m_export, &QPushButton::clicked, this, &StudyDesigner::exportStudyFiles);
  connect(m_browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the study to"), m_exportFolder->text());
    if (!dir.isEmpty()) m_exportFolder->setText(dir);
  });
  setMode(Mode::View);
  reload();
}

void StudyDesigner::reload() {
  std::map<std::string, std::string> models;
  std::vector<std::pair<std::string, std::string>> embeddings;
  m_studies.clear();
  try {
    Catalog c = Catalog::open(m_catalogPath.toStdString(), /*readOnly=*/true);
    m_studies = listStudies(c);
    for (const auto& m : storedModels(c))
      if (m.kind.empty() || m.kind == "curatornet") models[m.name] = m.embedding;
    for (const auto& e : c.embeddings())
      embeddings.emplace_back(
          e.name, tr("%1-d, %2 artworks").arg(e.dimension).arg(static_cast<qlonglong>(e.count)).toStdString());
  } catch (const std::exception& e) {
    m_title->setText(tr("Cannot read %1: %2").arg(m_catalogPath, QString::fromUtf8(e.what())));
    m_lastMessage = m_title->text();
  }
  if (m_mode == Mode::View) m_form->setChoices(models, embeddings);
  {
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const auto& s : m_studies) {
      const QString name = q(s.definition.name);
      auto* item = new QListWidgetItem(QStringLiteral("%1\n%2").arg(name, sessions(s.sessions)), m_list);
      item->setData(Qt::UserRole, name);
      item->setToolTip(tr("%1 vs %2").arg(q(s.definition.systemA), q(s.definition.systemB)));
    }
  }
  if (m_mode != Mode::View) return;
  QString show = m_current;
  if (!selectStudy(show)) {
    if (!m_studies.empty()) {
      selectStudy(q(m_studies.front().definition.name));
    } else {
      m_current.clear();
      showStudy(QString());
    }
  }
}

bool StudyDesigner::selectStudy(const QString& name) {
  for (int row = 0; row < m_list->count(); ++row)
    if (m_list->item(row)->data(Qt::UserRole).toString() == name) {
      const QSignalBlocker block(m_list);
      m_list->setCurrentRow(row);
      showStudy(name);
      return true;
    }
  return false;
}

void StudyDesigner::showStudy(const QString& name) {
  const StudyInfo* info = nullptr;
  for (const auto& s : m_studies)
    if (q(s.definition.name) == name) info = &s;
  if (name != m_current) {
    m_sessionStatus->clear();
    m_exportStatus->clear();
    if (info) m_exportFolder->setText(QFileInfo(m_catalogPath).dir().filePath(name + QStringLiteral("-export")));
  }
  m_current = info ? name : QString();
  if (!info) {
    m_title->setText(m_studies.empty() ? tr("This catalog has no study yet. Click New\u2026 to design one.")
                                       : tr("Select a study."));
    m_form->setDefinition(StudyDefinition{});
    m_sessions->setRowCount(0);
    m_sessionsSummary->clear();
  } else {
    const StudyDefinition& d = info->definition;
    m_title->setText(tr("%1 \u2014 %2 vs %3").arg(name, q(d.systemA), q(d.systemB)));
    m_form->setDefinition(d);
    m_exportProfiles->setChecked(false);
    m_exportProfiles->setText(d.addProfilesToInteractions
                                  ? tr("Also add the finished participants' profiles to the interactions")
                                  : tr("Also add the participants' profiles to the interactions (the study did not "
                                       "opt in)"));
    m_exportProfiles->setToolTip(d.addProfilesToInteractions
                                     ? tr("The study opted in to retraining on its participants' profiles")
                                     : tr("The study did not opt in (Design \u2192 Retraining)"));
    refreshSessions();
  }
  updateButtons();
}

void StudyDesigner::setMode(Mode mode) {
  m_mode = mode;
  m_form->setEditable(mode != Mode::View);
  if (mode != Mode::View) m_tabs->setCurrentIndex(0);
  updateButtons();
}

void StudyDesigner::updateButtons() {
  const bool view = m_mode == Mode::View;
  const StudyInfo* info = nullptr;
  for (const auto& s : m_studies)
    if (q(s.definition.name) == m_current) info = &s;
  const bool selected = info != nullptr && view;
  m_list->setEnabled(view);
  m_new->setEnabled(view && !m_readOnly);
  m_duplicate->setEnabled(selected && !m_readOnly);
  m_delete->setEnabled(selected && !m_readOnly);
  m_edit->setVisible(view);
  m_save->setVisible(!view);
  m_cancel->setVisible(!view);
  m_save->setText(m_mode == Mode::Create ? tr("&Create study") : tr("&Save"));
  m_tabs->setTabEnabled(1, selected);
  m_tabs->setEnabled(info != nullptr || !view);

  QString lock;
  if (m_readOnly)
    lock = tr("Read-only: the catalog was opened read-only.");
  else if (info && info->sessions > 0)
    lock = tr("Read-only: %1 started (%2 finished). The design stays fixed so that every participant sees "
              "the same study; Duplicate gives an editable copy.")
               .arg(sessions(info->sessions, tr("participant session")))
               .arg(info->finished);
  m_lock->setText(lock);
  m_lock->setVisible(view && !lock.isEmpty());
  m_edit->setEnabled(selected && !m_readOnly && info->sessions == 0);
  m_edit->setToolTip(m_edit->isEnabled() ? QString() : lock);

  const bool canRun = selected && !m_readOnly;
  m_participant->setEnabled(canRun);
  m_start->setEnabled(canRun);
  m_export->setEnabled(selected);
  m_exportProfiles->setEnabled(selected && !m_readOnly && info->definition.addProfilesToInteractions);
}

void StudyDesigner::refreshSessions() {
  m_sessions->setRowCount(0);
  if (m_current.isEmpty()) return;
  std::vector<StudySessionSummary> rows;
  try {
    Catalog c = Catalog::open(m_catalogPath.toStdString(), /*readOnly=*/true);
    rows = studySessionSummaries(c, m_current.toStdString());
  } catch (const std::exception& e) {
    m_sessionsSummary->setText(tr("Cannot read the sessions: %1").arg(QString::fromUtf8(e.what())));
    return;
  }
  int finished = 0;
  m_sessions->setRowCount(static_cast<int>(rows.size()));
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    const StudySessionSummary& s = rows[static_cast<size_t>(r)];
    finished += s.finished() ? 1 : 0;
    m_sessions->setItem(r, 0, cell(q(s.participant)));
    m_sessions->setItem(r, 1, cell(s.finished() ? tr("finished") : tr("in progress (%1)").arg(q(s.stage))));
    m_sessions->setItem(r, 2,
                        cell(QDateTime::fromMSecsSinceEpoch(s.startedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    auto* d = cell(duration(s.durationSeconds()));
    d->setToolTip(s.finished() ? tr("start to finish") : tr("start to the latest action"));
    m_sessions->setItem(r, 3, d);
    m_sessions->setItem(r, 4, cell(QString::number(s.events)));
  }
  m_sessionsSummary->setText(rows.empty() ? tr("No participant has started yet.")
                                          : tr("%1: %2 finished, %3 in progress.")
                                                .arg(sessions(static_cast<qint64>(rows.size())))
                                                .arg(finished)
                                                .arg(static_cast<int>(rows.size()) - finished));
}

void StudyDesigner::startNew() {
  m_current.clear();
  {
    const QSignalBlocker block(m_list);
    m_list->setCurrentRow(-1);
  }
  std::vector<std::string> names;
  for (const auto& s : m_studies) names.push_back(s.definition.name);
  m_form->setTakenNames(names);
  m_form->setDefinition(StudyDefinition{});
  m_title->setText(tr("New study"));
  setMode(Mode::Create);
}

void StudyDesigner::startEdit() {
  std::vector<std::string> names;
  for (const auto& s : m_studies)
    if (q(s.definition.name) != m_current) names.push_back(s.definition.name);
  m_form->setTakenNames(names);
  m_title->setText(tr("Editing %1").arg(m_current));
  setMode(Mode::Edit);
}

void StudyDesigner::save() {
  const std::optional<StudyDefinition> d = m_form->definition();
  if (!d) {
    m_lastMessage = tr("The form has errors.");
    return;
  }
  try {
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Catalog c = Catalog::open(m_catalogPath.toStdString());
    if (m_mode == Mode::Create)
      createStudy(c, *d);
    else
      updateStudy(c, m_current.toStdString(), *d);
    QApplication::restoreOverrideCursor();
  } catch (const std::exception& e) {
    QApplication::restoreOverrideCursor();
    m_lastMessage = QString::fromUtf8(e.what());
    m_form->showFormError(m_lastMessage);
    return;
  }
  m_lastMessage = m_mode == Mode::Create ? tr("Created %1.").arg(q(d->name)) : tr("Saved %1.").arg(q(d->name));
  m_current = q(d->name);
  setMode(Mode::View);
  reload();
  Q_EMIT studiesChanged();
}

void StudyDesigner::duplicate() {
  QString copy;
  try {
    Catalog c = Catalog::open(m_catalogPath.toStdString());
    copy = q(duplicateStudy(c, m_current.toStdString()));
  } catch (const std::exception& e) {
    m_lastMessage = QString::fromUtf8(e.what());
    QMessageBox::warning(this, tr("Duplicate study"), m_lastMessage);
    return;
  }
  m_lastMessage = tr("Duplicated %1 as %2 (no sessions).").arg(m_current, copy);
  m_current = copy;
  reload();
  Q_EMIT studiesChanged();
  startEdit();  // a copy is made to be changed: rename it, adjust the design
}

void StudyDesigner::remove() {
  const StudyInfo* info = nullptr;
  for (const auto& s : m_studies)
    if (q(s.definition.name) == m_current) info = &s;
  if (!info) return;
  const QString lost =
      info->sessions == 0
          ? tr("It has no participant session yet.")
          : tr("Its %1 (%2 finished) with all their ratings and answers will be lost; export them first if you "
               "need them.")
                .arg(sessions(info->sessions, tr("participant session")))
                .arg(info->finished);
  QMessageBox box(QMessageBox::Warning, tr("Delete study"),
                  tr("Delete the study \u201c%1\u201d?\n\n%2\n\nThis cannot be undone.").arg(m_current, lost),
                  QMessageBox::Cancel, this);
  box.setObjectName(QStringLiteral("deleteStudyConfirm"));
  QPushButton* yes = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
  yes->setObjectName(QStringLiteral("confirmDeleteButton"));
  box.setDefaultButton(QMessageBox::Cancel);
  box.exec();
  if (box.clickedButton() != yes) return;
  try {
    Catalog c = Catalog::open(m_catalogPath.toStdString());
    const int64_t removed = deleteStudy(c, m_current.toStdString());
    m_lastMessage = tr("Deleted %1 and %2.").arg(m_current, sessions(removed));
  } catch (const std::exception& e) {
    m_lastMessage = QString::fromUtf8(e.what());
    QMessageBox::warning(this, tr("Delete study"), m_lastMessage);
  }
  m_current.clear();
  reload();
  Q_EMIT studiesChanged();
}

void StudyDesigner::startSession() {
  const QString participant = m_participant->text().trimmed();
  if (participant.isEmpty()) {
    say(m_sessionStatus, tr("Enter the participant's pseudonymous id first."), true);
    return;
  }
  QString error;
  StudySessionWindow* w = nullptr;
  if (m_starter) {
    w = m_starter(m_current, participant, &error);
  } else {
    w = StudySessionWindow::start(m_catalogPath, m_current, participant, &error, this);
    if (w) w->show();
  }
  if (!w) {
    say(m_sessionStatus, tr("Cannot start the session: %1").arg(error), true);
    return;
  }
  say(m_sessionStatus,
      w->resumed() ? tr("Resumed the session of %1.").arg(participant)
                   : tr("Started the session of %1.").arg(participant),
      false);
  m_participant->clear();
  QPointer<StudyDesigner> self(this);
  auto refresh = [self] {
    if (self && self->m_mode == Mode::View) self->reload();
  };
  connect(w, &StudySessionWindow::pageChanged, this, refresh);
  connect(w, &StudySessionWindow::finished, this, refresh);
  connect(w, &QObject::destroyed, this, refresh);
  reload();  // the design is now fixed
  Q_EMIT studiesChanged();
}

void StudyDesigner::exportStudyFiles() {
  const QString folder = m_exportFolder->text().trimmed();
  if (folder.isEmpty()) {
    say(m_exportStatus, tr("Choose a folder to write to."), true);
    return;
  }
  const bool addProfiles = m_exportProfiles->isEnabled() && m_exportProfiles->isChecked();
  struct Written {
    StudyExportReport report;
    std::vector<std::string> files;
    QString error;
  };
  m_export->setEnabled(false);
  say(m_exportStatus, tr("Exporting\u2026"), false);
  const std::string path = m_catalogPath.toStdString(), study = m_current.toStdString(), out = folder.toStdString();
  m_exportJob->start(
      [path, study, out, addProfiles](const JobContext&) {
        Written w;
        try {
          Catalog c = Catalog::open(path, /*readOnly=*/!addProfiles);
          StudyExportOptions options;
          options.addProfilesToInteractions = addProfiles;
          w.report = exportStudy(c, study, out, options);
          w.files = w.report.files;
          for (auto& f : writeStudyReport(c, study, out)) w.files.push_back(f);
        } catch (const std::exception& e) {
          w.error = QString::fromUtf8(e.what());
        }
        return w;
      },
      [this, folder, addProfiles](const Written& w) {
        m_export->setEnabled(true);
        if (!w.error.isEmpty()) {
          say(m_exportStatus, tr("Export failed: %1").arg(w.error), true);
          return;
        }
        const StudyExportReport& r = w.report;
        QStringList names;
        for (const auto& f : w.files) names << QFileInfo(q(f)).fileName();
        // Short enough for one line at 1280x800 (a tab page does not grow for a wrapped label); the
        // files are listed in the tooltip.
        QString text = tr("Wrote %1 files: %2, %3 ratings, %4 answers.")
                           .arg(names.size())
                           .arg(sessions(r.sessions))
                           .arg(r.ratings)
                           .arg(r.answers);
        if (addProfiles) text += QLatin1Char(' ') + tr("Added %1 interactions.").arg(r.interactionsAdded);
        say(m_exportStatus, text, false);
        m_exportStatus->setToolTip(QDir::toNativeSeparators(folder) + QLatin1Char('\n') +
                                   names.join(QLatin1Char('\n')));
      });
}

void StudyDesigner::say(QLabel* where, const QString& message, bool error) {
  m_lastMessage = message;
  where->setText(message);
  where->setStyleSheet(theme::css(error ? theme::error() : theme::textSecondary()));
}

bool StudyDesigner::confirmDiscard() {
  if (m_mode == Mode::View) return true;
  return QMessageBox::question(this, tr("Design Studies"), tr("Discard the changes to this study?"),
                               QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Discard;
}

void StudyDesigner::reject() {
  if (!confirmDiscard()) return;
  setMode(Mode::View);
  QDialog::reject();
}

void StudyDesigner::changeEvent(QEvent* event) {
  QDialog::changeEvent(event);
  // Back from a participant window or the command line: show the sessions as they are now.
  if (event->type() == QEvent::ActivationChange && isActiveWindow() && m_mode == Mode::View) reload();
}

}  // namespace vitrine
