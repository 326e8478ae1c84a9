#include "services/tasklist.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

#include "theme/theme.h"

namespace vitrine {

TaskListPanel::TaskListPanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_buttons(new QWidget(this)), m_empty(new QLabel(this)) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(6, 6, 6, 6);
  auto* header = new QHBoxLayout;
  m_title->setObjectName(QStringLiteral("taskTitle"));
  m_title->setWordWrap(true);
  QFont bold = m_title->font();
  bold.setBold(true);
  m_title->setFont(bold);
  header->addWidget(m_title, 1);
  auto* buttons = new QHBoxLayout(m_buttons);
  buttons->setContentsMargins(0, 0, 0, 0);
  header->addWidget(m_buttons);
  outer->addLayout(header);

  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* content = new QWidget(scroll);
  m_rowsLayout = new QVBoxLayout(content);
  m_rowsLayout->setContentsMargins(0, 0, 0, 0);
  m_empty->setText(tr("No background tasks. File \u2192 New Catalog\u2026 runs its steps here."));
  m_empty->setWordWrap(true);
  m_empty->setStyleSheet(theme::css(theme::textDim()));
  m_rowsLayout->addWidget(m_empty);
  m_rowsLayout->addStretch(1);
  scroll->setWidget(content);
  outer->addWidget(scroll, 1);
}

void TaskListPanel::reset(const QString& title) {
  for (Row& row : m_rows) delete row.widget;
  m_rows.clear();
  qDeleteAll(m_buttons->findChildren<QPushButton*>(QString(), Qt::FindDirectChildrenOnly));
  m_title->setText(title);
  m_empty->setVisible(title.isEmpty());
}

void TaskListPanel::addTask(const QString& key, const QString& title) {
  Row row;
  row.widget = new QWidget(this);
  row.widget->setObjectName(QStringLiteral("task_") + key);
  auto* grid = new QGridLayout(row.widget);
  grid->setContentsMargins(0, 4, 0, 4);
  grid->setVerticalSpacing(2);
  row.title = new QLabel(title, row.widget);
  row.bar = new QProgressBar(row.widget);
  row.bar->setObjectName(QStringLiteral("progressBar"));
  row.bar->setRange(0, 1);
  row.bar->setValue(0);
  row.bar->setTextVisible(false);
  row.bar->setMaximumHeight(10);
  row.status = new QLabel(tr("Waiting"), row.widget);
  row.status->setObjectName(QStringLiteral("statusLabel"));
  row.status->setWordWrap(true);
  row.status->setStyleSheet(theme::css(theme::textDim()));
  row.status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  row.cancel = new QPushButton(tr("Cancel"), row.widget);
  row.cancel->setObjectName(QStringLiteral("cancelButton"));
  row.cancel->setToolTip(tr("Stop this step at its next safe point; what it stored so far is kept."));
  row.cancel->hide();
  grid->addWidget(row.title, 0, 0);
  grid->addWidget(row.cancel, 0, 1, 2, 1, Qt::AlignRight | Qt::AlignVCenter);
  grid->addWidget(row.bar, 1, 0);
  grid->addWidget(row.status, 2, 0, 1, 2);
  grid->setColumnStretch(0, 1);
  connect(row.cancel, &QPushButton::clicked, this, [this, key] {
    auto it = m_rows.find(key);
    if (it == m_rows.end()) return;
    it->cancel->setEnabled(false);
    it->status->setText(tr("Cancelling\u2026"));
    Q_EMIT cancelRequested(key);
  });
  m_rowsLayout->insertWidget(m_rowsLayout->count() - 1, row.widget);
  row.widget->show();  // at once, not on the layout's queued show: the row is clickable right away
  m_rows.insert(key, row);
  m_empty->hide();
}

void TaskListPanel::setProgress(const QString& key, qint64 done, qint64 total, const QString& message) {
  auto it = m_rows.find(key);
  if (it == m_rows.end() || it->state != State::Running) return;
  if (total > 0) {
    it->bar->setRange(0, 1000);
    it->bar->setValue(static_cast<int>(1000 * std::min(done, total) / total));
  } else {
    it->bar->setRange(0, 0);  // busy
  }
  if (!it->cancel->isEnabled()) return;  // keep "Cancelling…"
  QString text = total > 0 ? tr("%1 of %2").arg(done).arg(total) : QString();
  if (!message.isEmpty()) text += (text.isEmpty() ? QString() : QStringLiteral(" \u00b7 ")) + message;
  it->status->setText(text);
}

void TaskListPanel::setState(const QString& key, State state, const QString& text) {
  auto it = m_rows.find(key);
  if (it == m_rows.end()) return;
  it->state = state;
  it->cancel->setVisible(state == State::Running);
  it->cancel->setEnabled(true);
  QColor colour = theme::textDim();
  switch (state) {
    case State::Waiting:
      it->bar->setRange(0, 1);
      it->bar->setValue(0);
      it->status->setText(text.isEmpty() ? tr("Waiting") : text);
      break;
    case State::Running:
      it->bar->setRange(0, 0);
      it->status->setText(text.isEmpty() ? tr("Starting\u2026") : text);
      colour = theme::link();
      break;
    case State::Done:
      it->bar->setRange(0, 1);
      it->bar->setValue(1);
      it->status->setText(text.isEmpty() ? tr("Done") : text);
      colour = theme::textSecondary();
      break;
    case State::Cancelled:
    case State::Failed:
    case State::NotRun:
      if (it->bar->maximum() == 0) it->bar->setRange(0, 1);
      it->status->setText(text);
      colour = state == State::Failed ? theme::profile() : theme::textDim();
      break;
  }
  it->status->setStyleSheet(theme::css(colour));
}

TaskListPanel::State TaskListPanel::state(const QString& key) const {
  auto it = m_rows.find(key);
  return it == m_rows.end() ? State::NotRun : it->state;
}

QString TaskListPanel::statusText(const QString& key) const {
  auto it = m_rows.find(key);
  return it == m_rows.end() ? QString() : it->status->text();
}

QPushButton* TaskListPanel::addButton(const QString& objectName, const QString& text) {
  auto* b = new QPushButton(text, m_buttons);
  b->setObjectName(objectName);
  b->hide();
  m_buttons->layout()->addWidget(b);
  return b;
}

bool TaskListPanel::isBusy() const {
  return std::any_of(m_rows.begin(), m_rows.end(), [](const Row& r) { return r.state == State::Running; });
}

}  // namespace vitrine
