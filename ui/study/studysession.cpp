#include "study/studysession.h"

#include <QButtonGroup>
#include <QFrame>
#include <QHBoxLayout>
#include <QImage>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "study/study.h"
#include "browser/thumbnailmodel.h"
#include "browser/thumbnailview.h"

namespace vitrine {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QLabel* heading(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  QFont f = l->font();
  f.setPointSizeF(f.pointSizeF() * 1.6);
  f.setBold(true);
  l->setFont(f);
  l->setWordWrap(true);
  return l;
}

QPushButton* bigButton(const QString& text, const QString& objectName, QWidget* parent) {
  auto* b = new QPushButton(text, parent);
  b->setObjectName(objectName);
  b->setMinimumHeight(40);
  b->setMinimumWidth(180);
  return b;
}

}  // namespace

StudySessionWindow* StudySessionWindow::start(const QString& catalogPath, const QString& study,
                                              const QString& participant, QString* error, QWidget* parent) {
  try {
    auto catalog = std::make_shared<Catalog>(Catalog::open(catalogPath.toStdString()));
    auto session = std::make_unique<StudySession>(
        StudySession::startOrResume(*catalog, study.toStdString(), participant.trimmed().toStdString()));
    return new StudySessionWindow(std::move(catalog), std::move(session), parent);
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
    return nullptr;
  }
}

StudySessionWindow::StudySessionWindow(std::shared_ptr<Catalog> catalog, std::unique_ptr<StudySession> session,
                                       QWidget* parent)
    : QWidget(parent, Qt::Window), m_catalog(std::move(catalog)), m_session(std::move(session)) {
  setObjectName(QStringLiteral("studySession"));
  setWindowTitle(tr("Vitrine study"));
  setAttribute(Qt::WA_DeleteOnClose);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(32, 24, 32, 24);
  m_stack = new QStackedWidget(this);
  layout->addWidget(m_stack);
  m_stack->addWidget(createInstructionsPage());
  m_stack->addWidget(createProfilePage());
  m_stack->addWidget(createListsPage());
  m_stack->addWidget(createQuestionsPage());
  m_stack->addWidget(createFinishedPage());

  // Resume where the events say the participant was.
  const auto& st = m_session->state();
  if (st.finished) {
    m_stack->setCurrentIndex(FinishedPage);
  } else if (st.stage == study_stage::kQuestions) {
    fillLists();
    m_stack->setCurrentIndex(QuestionsPage);
  } else if (st.stage == study_stage::kLists || st.stage == study_stage::kRating || !st.lists.empty()) {
    fillLists();
    m_stack->setCurrentIndex(ListsPage);
  } else if (st.stage == study_stage::kProfile) {
    m_stack->setCurrentIndex(ProfilePage);
  } else {
    m_stack->setCurrentIndex(InstructionsPage);
  }
  updateProfileStatus();
}

StudySessionWindow::~StudySessionWindow() = default;

StudySessionWindow::Page StudySessionWindow::currentPage() const { return static_cast<Page>(m_stack->currentIndex()); }

bool StudySessionWindow::resumed() const { return m_session->resumed(); }

bool StudySessionWindow::guard(const std::function<void()>& action) {
  try {
    action();
    return true;
  } catch (const std::exception& e) {
    m_lastError = QString::fromUtf8(e.what());
    QMessageBox::warning(this, tr("Study"), tr("Could not record this step: %1").arg(m_lastError));
    return false;
  }
}

void StudySessionWindow::goTo(Page page) {
  static const char* stages[] = {study_stage::kInstructions, study_stage::kProfile, study_stage::kRating,
                                 study_stage::kQuestions, study_stage::kFinished};
  if (page == ListsPage) {
    if (!guard([this] {
          m_session->setStage(study_stage::kLists);
          m_session->showLists();
          m_session->setStage(study_stage::kRating);
        }))
      return;
    fillLists();
  } else if (page != FinishedPage) {
    if (!guard([this, page] { m_session->setStage(stages[page]); })) return;
  }
  m_stack->setCurrentIndex(page);
  Q_EMIT pageChanged(page);
}

void StudySessionWindow::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_shownTimer) m_shownTimer->start();
}

void StudySessionWindow::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (m_shownTimer) m_shownTimer->start();
}

void StudySessionWindow::keyPressEvent(QKeyEvent* event) {
  // No shortcuts out of the flow (Escape would leave full screen in some window managers).
  if (event->key() == Qt::Key_Escape) {
    event->accept();
    return;
  }
  QWidget::keyPressEvent(event);
}

// --- instructions ---

QWidget* StudySessionWindow::createInstructionsPage() {
  auto* page = new QWidget(this);
  auto* l = new QVBoxLayout(page);
  const auto& def = m_session->definition();
  l->addStretch();
  l->addWidget(heading(tr("Welcome, and thank you for taking part"), page));
  QString text = q(def.instructions);
  if (text.isEmpty())
    text = tr("<p>First, pick at least %1 artworks you like from the grid: click an artwork to add it to "
              "your selection, click it again to remove it.</p>"
              "<p>You will then see two lists of artworks chosen for you, side by side. Please rate every "
              "artwork in both lists from 1 (not for me) to %2 (I love it).</p>"
              "<p>Finally, tell us which list you preferred. There are no right or wrong answers.</p>")
               .arg(def.minProfile)
               .arg(def.scale);
  auto* body = new QLabel(text, page);
  body->setObjectName(QStringLiteral("studyInstructions"));
  body->setWordWrap(true);
  body->setTextFormat(Qt::AutoText);
  QFont f = body->font();
  f.setPointSizeF(f.pointSizeF() * 1.25);
  body->setFont(f);
  l->addWidget(body);
  m_startButton = bigButton(tr("Start"), QStringLiteral("studyStart"), page);
  connect(m_startButton, &QPushButton::clicked, this, [this] { goTo(ProfilePage); });
  auto* row = new QHBoxLayout;
  row->addStretch();
  row->addWidget(m_startButton);
  l->addLayout(row);
  l->addStretch();
  return page;
}

// --- profile ---

QWidget* StudySessionWindow::createProfilePage() {
  auto* page = new QWidget(this);
  auto* l = new QVBoxLayout(page);
  l->addWidget(heading(tr("Pick the artworks you like"), page));
  m_gridModel = new ThumbnailModel(this);
  m_gridModel->setObjectName(QStringLiteral("studyGridModel"));
  m_gridModel->setCatalog(m_catalog);
  std::vector<int64_t> ids;
  try {
    ids = studyArtworks(*m_catalog, m_session->definition(), m_session->participant());
    // A resumed session does not log again what the participant has already seen.
    for (const StudyEvent& e : m_session->events()) {
      if (e.kind != "shown") continue;
      const auto payload = nlohmann::json::parse(e.payloadJson, nullptr, false);
      if (payload.is_object() && payload.value("where", "") == "profile_grid")
        m_shownLogged.insert(payload.value("artwork_id", int64_t{0}));
    }
  } catch (const std::exception& e) {
    m_lastError = QString::fromUtf8(e.what());
  }
  m_gridModel->setArtworkIds(ids);
  m_grid = new ThumbnailView(page);
  m_grid->setObjectName(QStringLiteral("studyGrid"));
  m_grid->setModel(m_gridModel);
  m_grid->setThumbnailSize(140);
  m_grid->setSelectionMode(QAbstractItemView::NoSelection);
  l->addWidget(m_grid, 1);
  connect(m_grid, &ThumbnailView::artworkClicked, this, &StudySessionWindow::onGridClicked);
  m_shownTimer = new QTimer(this);
  m_shownTimer->setSingleShot(true);
  m_shownTimer->setInterval(150);
  connect(m_shownTimer, &QTimer::timeout, this, &StudySessionWindow::logVisibleGridItems);
  auto scheduleShown = [this] { m_shownTimer->start(); };
  connect(m_grid->verticalScrollBar(), &QScrollBar::valueChanged, this, scheduleShown);
  connect(m_grid->verticalScrollBar(), &QScrollBar::rangeChanged, this, scheduleShown);
  connect(m_stack, &QStackedWidget::currentChanged, this, scheduleShown);
  auto* row = new QHBoxLayout;
  m_profileStatus = new QLabel(page);
  m_profileStatus->setObjectName(QStringLiteral("studyProfileStatus"));
  row->addWidget(m_profileStatus, 1);
  m_profileNext = bigButton(tr("Show my lists"), QStringLiteral("studyProfileNext"), page);
  connect(m_profileNext, &QPushButton::clicked, this, [this] { goTo(ListsPage); });
  row->addWidget(m_profileNext);
  l->addLayout(row);
  return page;
}

void StudySessionWindow::onGridClicked(const QModelIndex& index) {
  if (!index.isValid() || !m_session->state().lists.empty()) return;  // the profile is fixed once lists exist
  const int64_t id = m_gridModel->artworkId(index.row());
  const auto& p = m_session->state().profile;
  const bool inProfile = std::find(p.begin(), p.end(), id) != p.end();
  guard([this, id, inProfile] {
    m_session->logClick(id, "profile_grid");
    if (inProfile)
      m_session->removeFromProfile(id);
    else
      m_session->addToProfile(id);
  });
  updateProfileStatus();
}

void StudySessionWindow::logVisibleGridItems() {
  if (m_stack->currentIndex() != ProfilePage || !m_grid->isVisible()) return;
  const QRect area = m_grid->viewport()->rect();
  // The grid flows left to right in model order: the items on screen are one run of rows.
  int first = -1;
  for (int y = 0; y < area.height() && first < 0; y += 8)
    for (int x = 0; x < area.width() && first < 0; x += 8) {
      const QModelIndex i = m_grid->indexAt(QPoint(x, y));
      if (i.isValid()) first = i.row();
    }
  if (first < 0) return;
  // Back up to items of the first row that start left of the probe, then walk forward.
  while (first > 0 && m_grid->visualRect(m_gridModel->index(first - 1)).intersects(area)) --first;
  for (int row = first; row < m_gridModel->rowCount(); ++row) {
    const QRect r = m_grid->visualRect(m_gridModel->index(row));
    if (r.top() > area.bottom()) break;
    if (!r.intersects(area)) continue;
    const qint64 id = m_gridModel->index(row).data(ThumbnailModel::ArtworkIdRole).toLongLong();
    if (m_shownLogged.contains(id)) continue;
    if (!guard([&] { m_session->logShown(id, "profile_grid", row); })) return;
    m_shownLogged.insert(id);
  }
}

void StudySessionWindow::updateProfileStatus() {
  const auto& p = m_session->state().profile;
  m_gridModel->setProfileIds(p);
  const int need = m_session->definition().minProfile;
  const int have = static_cast<int>(p.size());
  m_profileStatus->setText(have >= need ? tr("%n artwork(s) selected.", nullptr, have)
                                        : tr("%1 of at least %2 artworks selected.").arg(have).arg(need));
  m_profileNext->setEnabled(have >= need);
}

// --- lists and ratings ---

QWidget* StudySessionWindow::createListsPage() {
  auto* page = new QWidget(this);
  auto* l = new QVBoxLayout(page);
  l->addWidget(heading(tr("Please rate every artwork in both lists"), page));
  auto* columns = new QHBoxLayout;
  for (int position = 0; position < 2; ++position) {
    auto* col = new QVBoxLayout;
    m_listLabels[position] = heading(QString(), page);
    m_listLabels[position]->setObjectName(QStringLiteral("studyListLabel%1").arg(position));
    m_listLabels[position]->setAlignment(Qt::AlignCenter);
    col->addWidget(m_listLabels[position]);
    auto* scroll = new QScrollArea(page);
    scroll->setObjectName(QStringLiteral("studyListScroll%1").arg(position));
    scroll->setWidgetResizable(true);
    auto* inner = new QWidget(scroll);
    m_listColumns[position] = new QVBoxLayout(inner);
    m_listColumns[position]->addStretch();
    scroll->setWidget(inner);
    col->addWidget(scroll, 1);
    columns->addLayout(col, 1);
    if (position == 0) {
      auto* sep = new QFrame(page);
      sep->setFrameShape(QFrame::VLine);
      columns->addWidget(sep);
    }
  }
  l->addLayout(columns, 1);
  auto* row = new QHBoxLayout;
  m_ratingStatus = new QLabel(page);
  m_ratingStatus->setObjectName(QStringLiteral("studyRatingStatus"));
  row->addWidget(m_ratingStatus, 1);
  m_listsNext = bigButton(tr("Continue"), QStringLiteral("studyListsNext"), page);
  m_listsNext->setEnabled(false);
  connect(m_listsNext, &QPushButton::clicked, this, [this] { goTo(QuestionsPage); });
  row->addWidget(m_listsNext);
  l->addLayout(row);
  return page;
}

void StudySessionWindow::fillLists() {
  const auto& lists = m_session->state().lists;
  // The preference question names the lists as shown.
  for (int i = 0; i < 2 && i < static_cast<int>(lists.size()) && i < static_cast<int>(m_preferenceButtons.size()); ++i)
    m_preferenceButtons[i]->setText(q(lists[i].label));
  if (lists.size() != 2 || !m_ratingGroups.empty()) {
    updateRatingStatus();
    return;
  }
  const int scale = m_session->definition().scale;
  m_ratingGroups.assign(2, {});
  for (int position = 0; position < 2; ++position) {
    const StudyShownList& list = lists[position];
    // Blinded studies label lists "List A"/"List B" (core decides); nothing else hints at the model.
    m_listLabels[position]->setText(q(list.label));
    QWidget* inner = m_listColumns[position]->parentWidget();
    auto ratings = m_session->state().ratings.find(list.label);
    for (size_t rank = 0; rank < list.items.size(); ++rank) {
      const int64_t id = list.items[rank].artworkId;
      auto* item = new QFrame(inner);
      item->setFrameShape(QFrame::StyledPanel);
      auto* il = new QHBoxLayout(item);
      auto* thumb = new QLabel(item);
      thumb->setFixedSize(112, 112);
      thumb->setAlignment(Qt::AlignCenter);
      if (auto t = m_catalog->thumbnail(id)) {
        QImage img = QImage::fromData(t->bytes.data(), static_cast<int>(t->bytes.size()));
        if (!img.isNull())
          thumb->setPixmap(QPixmap::fromImage(img.scaled(112, 112, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
      }
      il->addWidget(thumb);
      auto* right = new QVBoxLayout;
      QString title;
      if (auto art = m_catalog->artwork(id)) {
        title = q(art->title);
        if (!art->artist.empty()) title += QStringLiteral("\n") + q(art->artist);
      }
      auto* titleLabel = new QLabel(title, item);
      titleLabel->setWordWrap(true);
      right->addWidget(titleLabel);
      auto* buttons = new QHBoxLayout;
      auto* group = new QButtonGroup(item);
      group->setExclusive(true);
      for (int v = 1; v <= scale; ++v) {
        auto* b = new QToolButton(item);
        b->setText(QString::number(v));
        b->setCheckable(true);
        b->setMinimumSize(32, 32);
        b->setObjectName(QStringLiteral("rate_%1_%2_%3").arg(position).arg(rank).arg(v));
        group->addButton(b, v);
        buttons->addWidget(b);
      }
      buttons->addStretch();
      if (ratings != m_session->state().ratings.end()) {
        auto it = ratings->second.find(id);
        if (it != ratings->second.end() && group->button(it->second)) group->button(it->second)->setChecked(true);
      }
      connect(group, &QButtonGroup::idClicked, this,
              [this, position, rank](int value) { onRated(position, static_cast<int>(rank), value); });
      right->addLayout(buttons);
      il->addLayout(right, 1);
      m_listColumns[position]->insertWidget(m_listColumns[position]->count() - 1, item);
      m_ratingGroups[position].push_back(group);
    }
  }
  updateRatingStatus();
}

void StudySessionWindow::onRated(int position, int rank, int value) {
  const StudyShownList& list = m_session->state().lists.at(position);
  const int64_t id = list.items.at(rank).artworkId;
  guard([&] { m_session->rate(list.label, id, value); });
  updateRatingStatus();
}

void StudySessionWindow::updateRatingStatus() {
  int total = 0, rated = 0;
  for (const auto& l : m_session->state().lists) {
    total += static_cast<int>(l.items.size());
    auto it = m_session->state().ratings.find(l.label);
    if (it != m_session->state().ratings.end())
      for (const auto& item : l.items) rated += it->second.count(item.artworkId) ? 1 : 0;
  }
  m_ratingStatus->setText(tr("%1 of %2 artworks rated.").arg(rated).arg(total));
  m_listsNext->setEnabled(m_session->allRated());
}

// --- questions ---

QWidget* StudySessionWindow::createQuestionsPage() {
  auto* page = new QWidget(this);
  auto* l = new QVBoxLayout(page);
  l->addWidget(heading(tr("A few last questions"), page));
  m_preference = new QButtonGroup(page);
  for (const auto& [id, text] : m_session->questions()) {
    auto* label = new QLabel(q(text), page);
    label->setWordWrap(true);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    l->addWidget(label);
    if (id == "preferred") {
      auto* row = new QHBoxLayout;
      // The texts are filled in from the lists' labels (fillLists may run later on a fresh session).
      for (int i = 0; i < 3; ++i) {
        auto* b = new QRadioButton(page);
        b->setObjectName(QStringLiteral("studyPrefer%1").arg(i));
        m_preference->addButton(b, i);
        m_preferenceButtons.push_back(b);
        row->addWidget(b);
      }
      m_preferenceButtons[2]->setText(tr("No preference"));
      row->addStretch();
      l->addLayout(row);
      connect(m_preference, &QButtonGroup::idClicked, this, [this] { m_finishButton->setEnabled(true); });
    } else {
      auto* edit = new QPlainTextEdit(page);
      edit->setObjectName(QStringLiteral("studyQuestion_%1").arg(q(id)));
      edit->setMaximumHeight(140);
      l->addWidget(edit);
      m_questionEdits.push_back(edit);
      m_questionIds.push_back(q(id));
    }
  }
  l->addStretch();
  auto* row = new QHBoxLayout;
  row->addStretch();
  m_finishButton = bigButton(tr("Finish"), QStringLiteral("studyFinish"), page);
  m_finishButton->setEnabled(m_preferenceButtons.empty());
  connect(m_finishButton, &QPushButton::clicked, this, &StudySessionWindow::submitAnswers);
  row->addWidget(m_finishButton);
  l->addLayout(row);
  return page;
}

void StudySessionWindow::submitAnswers() {
  const bool ok = guard([this] {
    const auto& lists = m_session->state().lists;
    if (!m_preferenceButtons.empty()) {
      const int choice = m_preference->checkedId();
      const std::string value = choice >= 0 && choice < 2 && choice < static_cast<int>(lists.size())
                                    ? lists[choice].label
                                    : std::string("no preference");
      m_session->answer("preferred", value);
    }
    for (size_t i = 0; i < m_questionEdits.size(); ++i)
      m_session->answer(m_questionIds[i].toStdString(), m_questionEdits[i]->toPlainText().toStdString());
    m_session->finish();
  });
  if (!ok) return;
  m_stack->setCurrentIndex(FinishedPage);
  Q_EMIT pageChanged(FinishedPage);
  Q_EMIT finished();
}

// --- thanks ---

QWidget* StudySessionWindow::createFinishedPage() {
  auto* page = new QWidget(this);
  auto* l = new QVBoxLayout(page);
  l->addStretch();
  auto* h = heading(tr("Thank you! Your answers have been saved."), page);
  h->setAlignment(Qt::AlignCenter);
  l->addWidget(h);
  auto* row = new QHBoxLayout;
  row->addStretch();
  m_closeButton = bigButton(tr("Close"), QStringLiteral("studyClose"), page);
  connect(m_closeButton, &QPushButton::clicked, this, &QWidget::close);
  row->addWidget(m_closeButton);
  row->addStretch();
  l->addLayout(row);
  l->addStretch();
  return page;
}

}  // namespace vitrine
