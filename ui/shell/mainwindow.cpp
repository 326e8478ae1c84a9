#include "shell/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QCompleter>
#include <QDockWidget>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>

#include "browser/artworkdetail.h"
#include "catalog/catalog.h"
#include "recommend/embedding_choice.h"
#include "demo/democatalog.h"
#include "imaging/importer.h"
#include "services/pixmapcache.h"
#include "profile/profileeditor.h"
#include "services/progressdialogbridge.h"
#include "recommendations/recommendationdelegate.h"
#include "recommendations/recommendationengine.h"
#include "recommendations/recommendationmodel.h"
#include "recommendations/recommendationview.h"
#include "browser/thumbnaildelegate.h"
#include "browser/thumbnailmodel.h"
#include "browser/thumbnailview.h"

#if __has_include("recommend/curatornet.h")
#include "recommend/curatornet.h"
#define VITRINE_HAVE_CURATORNET 1
#else
#define VITRINE_HAVE_CURATORNET 0
#endif
#if VITRINE_HAVE_CLUSTER_STORE
#include "cluster/cluster_store.h"
#endif

namespace vitrine {

namespace {
constexpr int kSearchDebounceMs = 150;
constexpr int kZoomStep = 16;
constexpr int kMaxRecent = 8;
const char* const kGeometryKey = "MainWindow/geometry";
const char* const kStateKey = "MainWindow/state";
const char* const kThumbSizeKey = "MainWindow/thumbnailSize";
const char* const kRecentKey = "recentCatalogs";
const char* const kKKey = "Recommendations/k";
const char* const kAggKey = "Recommendations/aggregation";

// The platform's standard key may equal the explicit one (Ctrl+- on Linux); a duplicate would
// make the shortcut ambiguous and dead.
QList<QKeySequence> uniqueKeys(const QKeySequence& explicitKey, QKeySequence::StandardKey standard) {
  QList<QKeySequence> keys{explicitKey};
  for (const QKeySequence& k : QKeySequence::keyBindings(standard)) {
    if (!keys.contains(k)) keys << k;
  }
  return keys;
}

QLabel* headerLabel(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  QFont f = l->font();
  if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() + 1.5);
  f.setWeight(QFont::DemiBold);
  l->setFont(f);
  return l;
}

QLabel* dimLabel(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  l->setStyleSheet(QStringLiteral("color:#9a9aa4"));
  return l;
}

QString trainHint() {
  return QCoreApplication::translate(
      "Vitrine",
      "Train one with\n`vitrine-cli train --catalog FILE --embedding NAME --sampling guidelines "
      "--name MODEL`\nthen reopen the catalog.");
}
}  // namespace

struct MainWindow::CatalogInfo {
  quint64 generation = 0;
  QStringList artists;
  QStringList periods;
  QList<QPair<QString, qint64>> embeddings;          // name, artworks covered
  QList<QPair<QString, QString>> curatorModels;      // name, embedding
  QString openOn;  // chooseEmbedding: the remembered choice, else one with a model, else the default
  struct Clustering {
    QString embedding;
    int k = 0;
    quint64 seed = 0;
  };
  QList<Clustering> clusterings;
  QString error;
};

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_model(new ThumbnailModel(this)),
      m_view(new ThumbnailView(this)),
      m_search(new QLineEdit(this)),
      m_sizeSlider(new QSlider(Qt::Horizontal, this)),
      m_countLabel(new QLabel(this)),
      m_catalogLabel(new QLabel(this)),
      m_modelsLabel(new QLabel(this)),
      m_busyLabel(new QLabel(this)),
      m_searchTimer(new QTimer(this)),
      m_pixmaps(new PixmapCache(this, 1)),
      m_detail(new ArtworkDetail(m_pixmaps, this)),
      m_profile(new ProfileEditor(this)),
      m_profileModel(new ThumbnailModel(this, 1)),
      m_engine(new RecommendationEngine(this)),
      m_visModel(new RecommendationModel(m_pixmaps, this)),
      m_curModel(new RecommendationModel(m_pixmaps, this)) {
  setWindowTitle(QStringLiteral("Vitrine"));
  setDockNestingEnabled(true);
  // One dark theme for grid, panels and controls: artworks read best on a neutral dark ground.
  setPalette(darkPalette());
  m_profileModel->setArtworkIds({});  // the strip lists the profile, never a query
#if VITRINE_HAVE_CURATORNET
  m_haveCuratorNet = true;
#endif
  setCentralWidget(createBrowser());

  // Toolbar: search on the left, thumbnail size on the right.
  auto* bar = addToolBar(tr("Browse"));
  bar->setObjectName(QStringLiteral("browseToolBar"));
  bar->setMovable(false);
  bar->setFloatable(false);
  bar->toggleViewAction()->setEnabled(false);
  m_search->setObjectName(QStringLiteral("searchEdit"));
  m_search->setPlaceholderText(tr("Search titles and artists  (Ctrl+F)"));
  m_search->setClearButtonEnabled(true);
  m_search->setFixedWidth(260);
  m_search->installEventFilter(this);
  bar->addWidget(m_search);
  createFilters(bar);
  auto* spacer = new QWidget(bar);
  spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  bar->addWidget(spacer);
  auto* sizeLabel = new QLabel(tr("Size"), bar);
  sizeLabel->setContentsMargins(0, 0, 6, 0);
  bar->addWidget(sizeLabel);
  m_sizeSlider->setObjectName(QStringLiteral("sizeSlider"));
  m_sizeSlider->setRange(ThumbnailView::kMinThumbnailSize, ThumbnailView::kMaxThumbnailSize);
  m_sizeSlider->setSingleStep(kZoomStep);
  m_sizeSlider->setPageStep(2 * kZoomStep);
  m_sizeSlider->setFixedWidth(160);
  m_sizeSlider->setToolTip(tr("Thumbnail size (Ctrl+= / Ctrl+-)"));
  bar->addWidget(m_sizeSlider);

  statusBar()->addWidget(m_countLabel, 1);
  m_busyLabel->setContentsMargins(6, 0, 6, 0);
  m_busyLabel->setStyleSheet(QStringLiteral("color:#86b7e8"));
  statusBar()->addPermanentWidget(m_busyLabel);
  m_modelsLabel->setContentsMargins(6, 0, 6, 0);
  m_modelsLabel->setObjectName(QStringLiteral("modelsLabel"));
  statusBar()->addPermanentWidget(m_modelsLabel);
  m_catalogLabel->setContentsMargins(6, 0, 6, 0);
  statusBar()->addPermanentWidget(m_catalogLabel);

  // Debounce typing so each keystroke does not re-query a large catalog.
  m_searchTimer->setSingleShot(true);
  m_searchTimer->setInterval(kSearchDebounceMs);
  connect(m_searchTimer, &QTimer::timeout, this, &MainWindow::applySearch);
  connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
  connect(m_search, &QLineEdit::returnPressed, this, &MainWindow::applySearch);

  connect(m_sizeSlider, &QSlider::valueChanged, m_view, &ThumbnailView::setThumbnailSize);
  connect(m_view, &ThumbnailView::thumbnailSizeChanged, this, [this](int size) {
    const QSignalBlocker block(m_sizeSlider);
    m_sizeSlider->setValue(size);
    m_model->setPlaceholderSize(size);
  });
  connect(m_model, &ThumbnailModel::artworksReset, this, &MainWindow::updateStatus);
  connect(m_model, &ThumbnailModel::loadFailed, this, [this](const QString& message) {
    statusBar()->showMessage(tr("Query failed: %1").arg(message), 5000);
  });

  // Grid: click (or Space) adds/removes and shows the artwork; the cursor drives the detail.
  connect(m_view, &ThumbnailView::artworkClicked, this, [this](const QModelIndex& index) {
    toggleInProfile(index.data(ThumbnailModel::ArtworkIdRole).toLongLong());
  });
  connect(m_view, &ThumbnailView::toggleRequested, this, [this] {
    QModelIndexList rows = m_view->selectionModel()->selectedIndexes();
    if (rows.isEmpty() && m_view->currentIndex().isValid()) rows << m_view->currentIndex();
    std::sort(rows.begin(), rows.end());
    if (rows.size() == 1) {
      toggleInProfile(rows.first().data(ThumbnailModel::ArtworkIdRole).toLongLong());
      return;
    }
    // Several selected: one undo step that adds them all (or removes them when all are in).
    std::vector<int64_t> ids = m_profile->ids();
    bool allIn = true;
    for (const QModelIndex& i : rows) allIn &= m_profile->contains(i.data(ThumbnailModel::ArtworkIdRole).toLongLong());
    for (const QModelIndex& i : rows) {
      const int64_t id = i.data(ThumbnailModel::ArtworkIdRole).toLongLong();
      auto it = std::find(ids.begin(), ids.end(), id);
      if (allIn && it != ids.end()) ids.erase(it);
      if (!allIn && it == ids.end()) ids.push_back(id);
    }
    m_profile->setIds(ids, allIn ? tr("Remove %n artworks", nullptr, static_cast<int>(rows.size()))
                                 : tr("Add %n artworks", nullptr, static_cast<int>(rows.size())));
  });
  connect(m_view, &ThumbnailView::openRequested, this, [this](const QModelIndex& index) {
    showArtwork(index.data(ThumbnailModel::ArtworkIdRole).toLongLong());
    if (QDockWidget* d = qobject_cast<QDockWidget*>(m_detail->parentWidget())) d->raise();
  });
  connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) {
            if (current.isValid()) showArtwork(current.data(ThumbnailModel::ArtworkIdRole).toLongLong());
          });

  connect(m_profile, &ProfileEditor::changed, this, &MainWindow::onProfileChanged);
  connect(m_profile, &ProfileEditor::nameChanged, this, &MainWindow::updateProfileTitle);
  connect(m_engine, &RecommendationEngine::finished, this, &MainWindow::onRecommendations);
  connect(m_detail, &ArtworkDetail::toggleProfileRequested, this, &MainWindow::toggleInProfile);
  connect(m_detail, &ArtworkDetail::showRequested, this, &MainWindow::showArtwork);
  connect(m_detail, &ArtworkDetail::addRequested, this, &MainWindow::addToProfile);

  createDocks();
  createClusterDocks();
  createActions();

  const QSettings settings;
  const int size = settings.value(kThumbSizeKey, ThumbnailView::kDefaultThumbnailSize).toInt();
  m_view->setThumbnailSize(size);
  {
    const QSignalBlocker block(m_sizeSlider);
    m_sizeSlider->setValue(m_view->thumbnailSize());
  }
  m_model->setPlaceholderSize(m_view->thumbnailSize());
  if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1500, 940);
  restoreState(settings.value(kStateKey).toByteArray());
  updateStatus();
  updateModelsLabel();
  updateProfileTitle();
}

MainWindow::~MainWindow() {
  // Models referring to the pixmap cache go first (children are deleted in creation order).
  m_engine->cancel(0);
  m_engine->cancel(1);
}

// --- construction ----------------------------------------------------------------------------

QWidget* MainWindow::createBrowser() {
  m_view->setModel(m_model);
  m_view->setEmptyText(tr("No catalog open.\nUse File \u25b8 Open Catalog\u2026 (Ctrl+O)."));
  return m_view;
}

void MainWindow::createFilters(QToolBar* bar) {
  // In the toolbar, so a narrow window folds the filters into its extension menu instead of
  // forcing a minimum width.
  const auto makeCombo = [bar](const QString& name, const QString& tip, int width) {
    auto* c = new QComboBox(bar);
    c->setObjectName(name);
    c->setToolTip(tip);
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(4);
    c->setFixedWidth(width);
    return c;
  };
  const auto label = [bar](const QString& text) {
    QLabel* l = dimLabel(text, bar);
    l->setContentsMargins(10, 0, 4, 0);
    return l;
  };
  m_artistCombo = makeCombo(QStringLiteral("artistFilter"), tr("Only this artist (type to search)"), 200);
  m_artistCombo->setEditable(true);
  m_artistCombo->setInsertPolicy(QComboBox::NoInsert);
  m_artistCombo->completer()->setFilterMode(Qt::MatchContains);
  m_artistCombo->completer()->setCompletionMode(QCompleter::PopupCompletion);
  m_periodCombo = makeCombo(QStringLiteral("periodFilter"), tr("Only this period or style"), 160);
  m_clusterCombo = makeCombo(QStringLiteral("clusterFilter"), tr("Only this visual cluster"), 110);
  m_sortCombo = makeCombo(QStringLiteral("sortCombo"), tr("Sort order"), 120);
  m_sortCombo->addItem(tr("Catalog order"), static_cast<int>(ArtworkQuery::Sort::Id));
  m_sortCombo->addItem(tr("Title"), static_cast<int>(ArtworkQuery::Sort::Title));
  m_sortCombo->addItem(tr("Artist"), static_cast<int>(ArtworkQuery::Sort::Artist));
  m_sortCombo->addItem(tr("Year"), static_cast<int>(ArtworkQuery::Sort::Year));
  const auto makeYear = [bar](const QString& name, const QString& tip) {
    auto* s = new QSpinBox(bar);
    s->setObjectName(name);
    s->setToolTip(tip);
    s->setRange(0, 2100);
    s->setSpecialValueText(tr("any"));
    s->setAccelerated(true);
    s->setFixedWidth(68);
    return s;
  };
  m_yearFrom = makeYear(QStringLiteral("yearFrom"), tr("Earliest year (0 = any)"));
  m_yearTo = makeYear(QStringLiteral("yearTo"), tr("Latest year (0 = any)"));
  m_resetFilters = new QToolButton(bar);
  m_resetFilters->setText(tr("Reset"));
  m_resetFilters->setToolTip(tr("Clear the search and every filter"));
  m_resetFilters->setAutoRaise(true);

  bar->addWidget(label(tr("Artist")));
  bar->addWidget(m_artistCombo);
  bar->addWidget(label(tr("Period")));
  bar->addWidget(m_periodCombo);
  bar->addWidget(label(tr("Years")));
  bar->addWidget(m_yearFrom);
  bar->addWidget(dimLabel(QStringLiteral(" \u2013 "), bar));
  bar->addWidget(m_yearTo);
  m_clusterLabel = label(tr("Cluster"));
  m_clusterLabelAction = bar->addWidget(m_clusterLabel);
  m_clusterComboAction = bar->addWidget(m_clusterCombo);
  bar->addWidget(label(tr("Sort")));
  bar->addWidget(m_sortCombo);
  bar->addWidget(m_resetFilters);
  m_clusterLabelAction->setVisible(false);
  m_clusterComboAction->setVisible(false);

  connect(m_artistCombo, &QComboBox::activated, this, &MainWindow::applyFilters);
  connect(m_artistCombo->lineEdit(), &QLineEdit::editingFinished, this, &MainWindow::applyFilters);
  connect(m_periodCombo, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilters);
  connect(m_clusterCombo, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilters);
  connect(m_sortCombo, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilters);
  connect(m_yearFrom, &QSpinBox::valueChanged, m_searchTimer, qOverload<>(&QTimer::start));
  connect(m_yearTo, &QSpinBox::valueChanged, m_searchTimer, qOverload<>(&QTimer::start));
  connect(m_resetFilters, &QToolButton::clicked, this, &MainWindow::resetFilters);
}

QWidget* MainWindow::createProfilePanel() {
  auto* panel = new QWidget(this);
  auto* lay = new QVBoxLayout(panel);
  lay->setContentsMargins(8, 4, 8, 6);
  lay->setSpacing(4);
  auto* top = new QHBoxLayout;
  top->setSpacing(6);
  m_profileTitle = headerLabel(tr("Profile"), panel);
  top->addWidget(m_profileTitle);
  top->addStretch(1);
  top->addWidget(dimLabel(tr("Saved"), panel));
  m_profileCombo = new QComboBox(panel);
  m_profileCombo->setObjectName(QStringLiteral("savedProfiles"));
  m_profileCombo->setMinimumContentsLength(10);
  m_profileCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_profileCombo->setToolTip(tr("Open a profile saved in this catalog"));
  top->addWidget(m_profileCombo);
  connect(m_profileCombo, &QComboBox::activated, this, [this](int index) {
    const QString name = m_profileCombo->itemData(index).toString();
    if (!name.isEmpty()) openSavedProfile(name);
  });
  const auto button = [panel, top](const QString& text, const QString& tip) {
    auto* b = new QToolButton(panel);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    top->addWidget(b);
    return b;
  };
  connect(button(tr("Save"), tr("Save this profile in the catalog (Ctrl+S)")), &QToolButton::clicked,
          this, [this] {
            if (m_profile->profileName().isEmpty()) {
              const QString name = QInputDialog::getText(this, tr("Save Profile"), tr("Name:"));
              if (!name.trimmed().isEmpty() && !saveProfileAs(name.trimmed()))
                QMessageBox::warning(this, tr("Save Profile"), m_lastError);
            } else if (!saveProfileAs(m_profile->profileName())) {
              QMessageBox::warning(this, tr("Save Profile"), m_lastError);
            }
          });
  connect(button(tr("Rename\u2026"), tr("Rename the open saved profile")), &QToolButton::clicked, this,
          [this] {
            const QString from = m_profile->profileName();
            if (from.isEmpty()) return;
            const QString to = QInputDialog::getText(this, tr("Rename Profile"), tr("New name:"),
                                                     QLineEdit::Normal, from);
            if (!to.trimmed().isEmpty() && !renameSavedProfile(from, to.trimmed()))
              QMessageBox::warning(this, tr("Rename Profile"), m_lastError);
          });
  connect(button(tr("Duplicate\u2026"), tr("Save a copy of this profile under a new name")),
          &QToolButton::clicked, this, [this] {
            const QString from = m_profile->profileName();
            const QString to = QInputDialog::getText(
                this, tr("Duplicate Profile"), tr("Name of the copy:"), QLineEdit::Normal,
                from.isEmpty() ? tr("Profile copy") : tr("%1 copy").arg(from));
            if (to.trimmed().isEmpty()) return;
            const bool ok = from.isEmpty() ? saveProfileAs(to.trimmed())
                                           : duplicateSavedProfile(from, to.trimmed());
            if (!ok) QMessageBox::warning(this, tr("Duplicate Profile"), m_lastError);
          });
  connect(button(tr("Delete"), tr("Delete the open saved profile from the catalog")),
          &QToolButton::clicked, this, [this] {
            const QString name = m_profile->profileName();
            if (name.isEmpty()) return;
            if (QMessageBox::question(this, tr("Delete Profile"),
                                      tr("Delete the saved profile \u201c%1\u201d?").arg(name)) !=
                QMessageBox::Yes)
              return;
            if (!deleteSavedProfile(name)) QMessageBox::warning(this, tr("Delete Profile"), m_lastError);
          });
  connect(button(tr("Clear"), tr("Remove every artwork from the profile (undoable)")),
          &QToolButton::clicked, m_profile, &ProfileEditor::clear);
  lay->addLayout(top);

  m_profileView = new ThumbnailView(panel);
  m_profileView->setObjectName(QStringLiteral("profileView"));
  m_profileView->setModel(m_profileModel);
  m_profileView->setThumbnailSize(ThumbnailView::kMinThumbnailSize + 8);
  m_profileView->thumbnailDelegate()->setShowArtist(false);
  m_profileView->setWrapping(false);
  m_profileView->setFlow(QListView::LeftToRight);
  m_profileView->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  m_profileView->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_profileView->setSelectionMode(QAbstractItemView::SingleSelection);
  m_profileView->setEmptyText(
      tr("Your profile is empty. Click artworks in the grid (or press Space) to add them; "
         "recommendations follow every change."));
  lay->addWidget(m_profileView, 1);
  // In the profile strip a click shows the artwork; Space/Delete removes it.
  connect(m_profileView, &ThumbnailView::artworkClicked, this, [this](const QModelIndex& i) {
    showArtwork(i.data(ThumbnailModel::ArtworkIdRole).toLongLong());
  });
  const auto removeCurrent = [this] {
    const QModelIndex i = m_profileView->currentIndex();
    if (i.isValid()) m_profile->remove(i.data(ThumbnailModel::ArtworkIdRole).toLongLong());
  };
  connect(m_profileView, &ThumbnailView::toggleRequested, this, removeCurrent);
  connect(m_profileView, &ThumbnailView::removeRequested, this, removeCurrent);
  connect(m_profileView, &ThumbnailView::openRequested, this, [this](const QModelIndex& i) {
    showArtwork(i.data(ThumbnailModel::ArtworkIdRole).toLongLong());
  });
  return panel;
}

QWidget* MainWindow::createRecommendationsPanel() {
  auto* panel = new QWidget(this);
  auto* lay = new QVBoxLayout(panel);
  lay->setContentsMargins(8, 6, 8, 6);
  lay->setSpacing(6);

  // Shared controls: embedding, k, overlap.
  auto* controls = new QHBoxLayout;
  controls->setSpacing(6);
  controls->addWidget(dimLabel(tr("Embedding"), panel));
  m_embeddingCombo = new QComboBox(panel);
  m_embeddingCombo->setObjectName(QStringLiteral("embeddingCombo"));
  m_embeddingCombo->setToolTip(tr("The visual features both models rank with"));
  m_embeddingCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  controls->addWidget(m_embeddingCombo);
  controls->addWidget(dimLabel(tr("Show"), panel));
  m_kSpin = new QSpinBox(panel);
  m_kSpin->setObjectName(QStringLiteral("kSpin"));
  m_kSpin->setRange(1, 100);
  m_kSpin->setValue(QSettings().value(kKKey, 10).toInt());
  m_kSpin->setToolTip(tr("How many recommendations per column (k)"));
  controls->addWidget(m_kSpin);
  controls->addStretch(1);
  m_overlapLabel = new QLabel(panel);
  m_overlapLabel->setObjectName(QStringLiteral("overlapLabel"));
  m_overlapLabel->setToolTip(tr("Artworks both models recommend, marked \u25c6 in both columns"));
  controls->addWidget(m_overlapLabel);
  lay->addLayout(controls);

  auto* columns = new QSplitter(Qt::Horizontal, panel);
  columns->setChildrenCollapsible(false);
  const auto column = [this, columns](const QString& title, QLabel** titleLabel, QComboBox** selector,
                                      RecommendationView** view, RecommendationModel* model,
                                      const QString& name) {
    auto* w = new QWidget(columns);
    auto* l = new QVBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(4);
    auto* head = new QHBoxLayout;
    *titleLabel = headerLabel(title, w);
    head->addWidget(*titleLabel);
    head->addStretch(1);
    *selector = new QComboBox(w);
    head->addWidget(*selector);
    l->addLayout(head);
    *view = new RecommendationView(false, w);
    (*view)->setObjectName(name);
    (*view)->setModel(model);
    l->addWidget(*view, 1);
    connect(*view, &RecommendationView::showRequested, this, &MainWindow::showArtwork);
    connect(*view, &RecommendationView::addRequested, this, &MainWindow::addToProfile);
    columns->addWidget(w);
  };
  column(tr("CuratorNet"), &m_curTitle, &m_curatorCombo, &m_curView, m_curModel,
         QStringLiteral("curatorNetView"));
  column(tr("VisRank"), &m_visTitle, &m_aggCombo, &m_visView, m_visModel,
         QStringLiteral("visRankView"));
  m_curatorCombo->setObjectName(QStringLiteral("curatorModelCombo"));
  m_curatorCombo->setToolTip(tr("Which trained CuratorNet model"));
  m_curatorCombo->setMinimumContentsLength(10);
  m_curatorCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_aggCombo->setObjectName(QStringLiteral("aggregationCombo"));
  m_aggCombo->setToolTip(tr("How VisRank combines the similarities to the profile items"));
  m_aggCombo->addItem(tr("Maximum"), QStringLiteral("maximum"));
  m_aggCombo->addItem(tr("Average"), QStringLiteral("average"));
  m_aggCombo->addItem(tr("Average of top 3"), QStringLiteral("average_top_k:3"));
  {
    const int i = m_aggCombo->findData(QSettings().value(kAggKey, QStringLiteral("maximum")));
    m_aggCombo->setCurrentIndex(std::max(0, i));
  }
  columns->setSizes({1, 1});
  lay->addWidget(columns, 1);

  connect(m_aggCombo, &QComboBox::currentIndexChanged, this, [this] {
    QSettings().setValue(kAggKey, m_aggCombo->currentData());
    requestRecommendations();
    requestMoreLikeThis();
  });
  connect(m_curatorCombo, &QComboBox::currentIndexChanged, this, [this] {
    requestRecommendations();
    requestMoreLikeThis();
  });
  connect(m_embeddingCombo, &QComboBox::currentIndexChanged, this, [this] {
    if (m_catalog && m_embeddingCombo->currentIndex() >= 0) {
      QSettings().setValue(QStringLiteral("embedding/") + m_catalogPath, m_embeddingCombo->currentData());
    }
    // The CuratorNet models depend on the embedding: repopulate through the info reload.
    loadCatalogInfo();
  });
  connect(m_kSpin, &QSpinBox::valueChanged, this, [this](int k) {
    QSettings().setValue(kKKey, k);
    requestRecommendations();
  });
  return panel;
}

void MainWindow::createDocks() {
  auto* detailDock = new QDockWidget(tr("Artwork"), this);
  detailDock->setObjectName(QStringLiteral("detailDock"));
  detailDock->setWidget(m_detail);
  detailDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                          QDockWidget::DockWidgetClosable);
  addDockWidget(Qt::LeftDockWidgetArea, detailDock);

  auto* recDock = new QDockWidget(tr("Recommendations"), this);
  recDock->setObjectName(QStringLiteral("recommendationsDock"));
  recDock->setWidget(createRecommendationsPanel());
  addDockWidget(Qt::RightDockWidgetArea, recDock);

  m_profileDock = new QDockWidget(tr("Profile"), this);
  m_profileDock->setObjectName(QStringLiteral("profileDock"));
  m_profileDock->setWidget(createProfilePanel());
  addDockWidget(Qt::BottomDockWidgetArea, m_profileDock);

  // A sensible first layout: detail narrow on the left, both columns on the right.
  resizeDocks({detailDock, recDock}, {330, 640}, Qt::Horizontal);
  resizeDocks({m_profileDock}, {178}, Qt::Vertical);
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* newCatalog =
      file->addAction(tr("&New Catalog from Folder\u2026"), this, &MainWindow::showNewCatalogDialog);
  newCatalog->setShortcut(QKeySequence::New);
  QAction* open = file->addAction(tr("&Open Catalog\u2026"), this, &MainWindow::showOpenCatalogDialog);
  open->setShortcut(QKeySequence::Open);
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  quit->setMenuRole(QAction::QuitRole);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  m_undoAction = m_profile->undoStack()->createUndoAction(this, tr("&Undo"));
  m_undoAction->setShortcuts(uniqueKeys(QKeySequence(Qt::CTRL | Qt::Key_Z), QKeySequence::Undo));
  m_redoAction = m_profile->undoStack()->createRedoAction(this, tr("&Redo"));
  m_redoAction->setShortcuts(
      uniqueKeys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo));
  edit->addAction(m_undoAction);
  edit->addAction(m_redoAction);
  edit->addSeparator();
  QAction* toggle = edit->addAction(tr("Add/Remove Current Artwork"), this, [this] {
    if (m_detail->artworkId() > 0) toggleInProfile(m_detail->artworkId());
  });
  toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
  edit->addAction(tr("Clear Profile"), m_profile, &ProfileEditor::clear);

  QMenu* profile = menuBar()->addMenu(tr("&Profile"));
  QAction* save = profile->addAction(tr("&Save Profile"), this, [this] {
    QString name = m_profile->profileName();
    if (name.isEmpty()) name = QInputDialog::getText(this, tr("Save Profile"), tr("Name:")).trimmed();
    if (!name.isEmpty() && !saveProfileAs(name))
      QMessageBox::warning(this, tr("Save Profile"), m_lastError);
  });
  save->setShortcut(QKeySequence::Save);
  QAction* saveAs = profile->addAction(tr("Save Profile &As\u2026"), this, [this] {
    const QString name = QInputDialog::getText(this, tr("Save Profile As"), tr("Name:")).trimmed();
    if (!name.isEmpty() && !saveProfileAs(name))
      QMessageBox::warning(this, tr("Save Profile"), m_lastError);
  });
  saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* find = view->addAction(tr("&Search"), this, &MainWindow::focusSearch);
  find->setShortcut(QKeySequence::Find);
  view->addAction(tr("&Reset Filters"), this, &MainWindow::resetFilters);
  view->addSeparator();
  QAction* larger = view->addAction(tr("&Larger Thumbnails"), this, &MainWindow::zoomIn);
  larger->setShortcuts(uniqueKeys(QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence::ZoomIn));
  QAction* smaller = view->addAction(tr("S&maller Thumbnails"), this, &MainWindow::zoomOut);
  smaller->setShortcuts(uniqueKeys(QKeySequence(Qt::CTRL | Qt::Key_Minus), QKeySequence::ZoomOut));
  view->addSeparator();
  // Keyboard focus hops between the panes.
  const auto go = [this, view](const QString& text, int key, QWidget* target) {
    QAction* a = view->addAction(text, this, [target] {
      target->setFocus(Qt::ShortcutFocusReason);
      if (auto* v = qobject_cast<QAbstractItemView*>(target)) {
        if (!v->currentIndex().isValid() && v->model() && v->model()->rowCount() > 0)
          v->setCurrentIndex(v->model()->index(0, 0));
      }
    });
    a->setShortcut(QKeySequence(Qt::CTRL | key));
  };
  go(tr("Go to &Grid"), Qt::Key_1, m_view);
  go(tr("Go to &Profile"), Qt::Key_2, m_profileView);
  go(tr("Go to &CuratorNet Column"), Qt::Key_3, m_curView);
  go(tr("Go to &VisRank Column"), Qt::Key_4, m_visView);
  addClusterActions(view);
  view->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
  addModelActions();  // Models menu: Train CuratorNet…, Evaluate… (mainwindow_models.cpp)
  addStudyActions();  // Study menu: Run participant session… (mainwindow_study.cpp)

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* about = help->addAction(tr("&About Vitrine"), this, &MainWindow::showAbout);
  about->setMenuRole(QAction::AboutRole);
}

QListView* MainWindow::gridView() const { return m_view; }

QPalette MainWindow::darkPalette() {
  QPalette p;
  const QColor window(0x26, 0x26, 0x2a), base(0x1e, 0x1e, 0x21), text(0xe6, 0xe6, 0xea);
  const QColor button(0x33, 0x33, 0x38), dim(0x7a, 0x7a, 0x82), highlight(0x3d, 0x7b, 0xd9);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2e));
  p.setColor(QPalette::ToolTipBase, QColor(0x30, 0x30, 0x35));
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, dim);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, button);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::white);
  p.setColor(QPalette::Light, QColor(0x44, 0x44, 0x4a));
  p.setColor(QPalette::Midlight, QColor(0x3a, 0x3a, 0x40));
  p.setColor(QPalette::Mid, QColor(0x2e, 0x2e, 0x33));
  p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x1b));
  p.setColor(QPalette::Shadow, Qt::black);
  p.setColor(QPalette::Highlight, highlight);
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, QColor(0x86, 0xb7, 0xe8));
  p.setColor(QPalette::LinkVisited, QColor(0xa8, 0x9c, 0xe0));
  for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, dim);
  p.setColor(QPalette::Disabled, QPalette::Button, QColor(0x2c, 0x2c, 0x30));
  return p;
}

bool MainWindow::clusterFilterAvailable() const {
  return m_clusterComboAction && m_clusterComboAction->isVisible();
}

// --- catalogs --------------------------------------------------------------------------------

bool MainWindow::openCatalog(const QString& path) {
  const QFileInfo info(path);
  if (!info.isFile()) {
    m_lastError = tr("No catalog file at %1").arg(path);
    return false;
  }
  std::shared_ptr<Catalog> catalog;
  bool readOnly = false;
  try {
    catalog = std::make_shared<Catalog>(Catalog::open(info.absoluteFilePath().toStdString()));
  } catch (const std::exception& e) {
    // A catalog on read-only media can still be browsed.
    try {
      catalog = std::make_shared<Catalog>(Catalog::open(info.absoluteFilePath().toStdString(), true));
      readOnly = true;
    } catch (const std::exception&) {
      m_lastError = tr("Cannot open %1: %2").arg(path, QString::fromStdString(e.what()));
      return false;
    }
  }
  try {
    // Only a catalog that carries a data credit shows one (the demo catalog stores the CC0 line).
    m_credit = QString::fromStdString(catalog->setting("credit").value_or(std::string()));
  } catch (const std::exception& e) {
    m_lastError = tr("Cannot read %1: %2").arg(path, QString::fromStdString(e.what()));
    return false;
  }
  m_catalog = std::move(catalog);
  m_readOnly = readOnly;
  m_catalogPath = info.absoluteFilePath();
  m_lastError.clear();
  m_engine->invalidate();
  m_pixmaps->setCatalogPath(m_catalogPath);
  m_detail->setCatalog(m_catalog);
  {
    // Filters belong to the previous catalog.
    const QSignalBlocker b1(m_artistCombo), b2(m_periodCombo), b3(m_clusterCombo), b4(m_yearFrom),
        b5(m_yearTo);
    m_artistCombo->clear();
    m_periodCombo->clear();
    m_clusterCombo->clear();
    m_yearFrom->setValue(0);
    m_yearTo->setValue(0);
  }
  m_model->setAllowedIds(std::nullopt);
  ArtworkQuery q;
  q.sort = static_cast<ArtworkQuery::Sort>(m_sortCombo->currentData().toInt());
  m_model->setQuery(q);
  m_model->setCatalog(m_catalog);  // the id list loads on a worker
  m_profileModel->setCatalog(m_catalog);
  m_profile->reset();
  m_visModel->clear();
  m_curModel->clear();
  m_catalogLabel->setText(tr("Catalog: %1").arg(info.completeBaseName()));
  m_catalogLabel->setToolTip(m_catalogPath);
  m_view->setEmptyText(tr("Loading\u2026"));
  setWindowTitle(tr("%1 \u2014 Vitrine").arg(info.completeBaseName()));
  QSettings().setValue(QStringLiteral("lastCatalog"), m_catalogPath);
  addRecentCatalog(m_catalogPath);
  refreshSavedProfiles();
  loadCatalogInfo();
  updateStatus();
  Q_EMIT catalogOpened(m_catalogPath);
  return true;
}

void MainWindow::loadCatalogInfo() {
  if (!m_catalog) return;
  m_infoLoaded = false;
  const quint64 generation = ++m_infoGeneration;
  const std::string path = m_catalog->path();
  auto* watcher = new QFutureWatcher<CatalogInfo>(this);
  connect(watcher, &QFutureWatcher<CatalogInfo>::finished, this, [this, watcher, generation] {
    watcher->deleteLater();
    if (generation != m_infoGeneration) return;
    onCatalogInfo(watcher->result());
  });
  // distinct artists/periods and embedding counts scan the whole catalog: never on the GUI thread.
  const QString remembered = QSettings().value(QStringLiteral("embedding/") + m_catalogPath).toString();
  watcher->setFuture(QtConcurrent::run([path, generation, remembered] {
    CatalogInfo info;
    info.generation = generation;
    try {
      const Catalog c = Catalog::open(path, true);
      try {
        EmbeddingRequest want;
        want.preferModel = true;  // the CuratorNet column has something to show
        if (!remembered.isEmpty() && c.embeddingInfo(remembered.toStdString()))
          want.explicitName = remembered.toStdString();
        info.openOn = QString::fromStdString(chooseEmbedding(c, want).name);
      } catch (const std::exception&) {
        // No choice possible (e.g. an older catalog without the models table): first listed.
      }
      for (const std::string& a : c.distinctArtists())
        if (!a.empty()) info.artists << QString::fromStdString(a);
      for (const std::string& p : c.distinctPeriods())
        if (!p.empty()) info.periods << QString::fromStdString(p);
      for (const EmbeddingInfo& e : c.embeddings())
        info.embeddings << qMakePair(QString::fromStdString(e.name), static_cast<qint64>(e.count));
#if VITRINE_HAVE_CURATORNET
      try {
        for (const StoredModelInfo& m : storedModels(c)) {
          if (m.kind.empty() || m.kind == "curatornet")
            info.curatorModels << qMakePair(QString::fromStdString(m.name), QString::fromStdString(m.embedding));
        }
      } catch (const std::exception&) {
        // An older catalog without the models table simply has no models.
      }
#endif
#if VITRINE_HAVE_CLUSTER_STORE
      try {
        for (const StoredClustering& s : listClusterings(c))
          info.clusterings.push_back({QString::fromStdString(s.embedding), s.k, s.seed});
      } catch (const std::exception&) {
      }
#endif
    } catch (const std::exception& e) {
      info.error = QString::fromStdString(e.what());
    }
    return info;
  }));
}

void MainWindow::onCatalogInfo(const CatalogInfo& info) {
  {
    const QSignalBlocker b1(m_artistCombo), b2(m_periodCombo), b3(m_clusterCombo),
        b4(m_embeddingCombo), b5(m_curatorCombo);
    const QString artist = m_artistCombo->currentText();
    const QString period = m_periodCombo->currentData().toString();
    m_artistCombo->clear();
    m_artistCombo->addItem(tr("All artists"), QString());
    for (const QString& a : info.artists) m_artistCombo->addItem(a, a);
    m_artistCombo->setCurrentIndex(std::max(0, m_artistCombo->findData(artist)));
    m_periodCombo->clear();
    m_periodCombo->addItem(tr("All periods"), QString());
    for (const QString& p : info.periods) m_periodCombo->addItem(p, p);
    m_periodCombo->setCurrentIndex(std::max(0, m_periodCombo->findData(period)));

    // Embeddings: the one shown, else chooseEmbedding's (core/recommend/embedding_choice.h):
    // the remembered one for this catalog, else one that has a CuratorNet model, else the default.
    const QString previous = m_embeddingCombo->currentData().toString();
    m_embeddingCombo->clear();
    for (const auto& e : info.embeddings) {
      m_embeddingCombo->addItem(tr("%1 (%2)").arg(e.first).arg(e.second), e.first);
    }
    int pick = m_embeddingCombo->findData(previous);
    if (pick < 0) pick = m_embeddingCombo->findData(info.openOn);
    m_embeddingCombo->setCurrentIndex(pick < 0 ? 0 : pick);
    m_embeddingCombo->setEnabled(m_embeddingCombo->count() > 0);
    if (m_embeddingCombo->count() == 0) m_embeddingCombo->addItem(tr("none"), QString());

    // CuratorNet models trained on the selected embedding.
    const QString embedding = m_embeddingCombo->currentData().toString();
    const QString previousModel = m_curatorCombo->currentData().toString();
    m_curatorCombo->clear();
    m_curatorModelsOtherEmbeddings.clear();
    for (const auto& m : info.curatorModels) {
      if (m.second == embedding || m.second.isEmpty()) {
        m_curatorCombo->addItem(m.first, m.first);
      } else {
        m_curatorModelsOtherEmbeddings << tr("%1 (%2)").arg(m.first, m.second);
      }
    }
    m_curatorCombo->setEnabled(m_curatorCombo->count() > 0);
    if (m_curatorCombo->count() == 0) {
      m_curatorCombo->addItem(tr("no model"), QString());
    } else {
      m_curatorCombo->setCurrentIndex(std::max(0, m_curatorCombo->findData(previousModel)));
    }

    // Visual clusters: only when the catalog stores a clustering (made by `vitrine-cli cluster`).
    const QString previousCluster = m_clusterCombo->currentData().toString();
    m_clusterCombo->clear();
    QList<CatalogInfo::Clustering> usable;
    for (const auto& c : info.clusterings)
      if (c.embedding == embedding) usable << c;
    if (usable.isEmpty()) usable = info.clusterings;
    if (!usable.isEmpty()) {
      const CatalogInfo::Clustering& c = usable.first();
      m_clusterCombo->addItem(tr("All clusters"), QString());
      for (int i = 0; i < c.k; ++i) {
        m_clusterCombo->addItem(tr("Cluster %1").arg(i + 1),
                                QStringLiteral("%1|%2|%3|%4").arg(c.embedding).arg(c.k).arg(c.seed).arg(i));
      }
      m_clusterCombo->setCurrentIndex(std::max(0, m_clusterCombo->findData(previousCluster)));
    }
    m_clusterComboAction->setVisible(!usable.isEmpty());
    m_clusterLabelAction->setVisible(!usable.isEmpty());
  }
  m_infoLoaded = true;
  if (!info.error.isEmpty()) statusBar()->showMessage(tr("Catalog: %1").arg(info.error), 5000);
  updateModelsLabel();
  // No invalidate(): the engine's RankingService notices new embeddings and retrained models.
  requestRecommendations();
  requestMoreLikeThis();
  Q_EMIT catalogInfoLoaded();
}

void MainWindow::showOpenCatalogDialog() {
  QString dir = m_catalogPath.isEmpty() ? QString() : QFileInfo(m_catalogPath).absolutePath();
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open Catalog"), dir, tr("Vitrine catalogs (*.vitrine);;All files (*)"));
  if (path.isEmpty()) return;
  if (!openCatalog(path)) QMessageBox::warning(this, tr("Open Catalog"), m_lastError);
}

void MainWindow::showNewCatalogDialog() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Images for the New Catalog"));
  if (folder.isEmpty()) return;
  const QString suggested =
      QDir(folder).filePath(QFileInfo(folder).fileName() + QLatin1String(Catalog::kExtension));
  const QString path = QFileDialog::getSaveFileName(this, tr("Save the New Catalog As"), suggested,
                                                    tr("Vitrine catalogs (*.vitrine)"));
  if (path.isEmpty()) return;
  const QString report = importFolder(folder, path);
  if (report.isEmpty()) {
    QMessageBox::warning(this, tr("New Catalog"), m_lastError);
    return;
  }
  QMessageBox box(QMessageBox::Information, tr("New Catalog"),
                  tr("The import of %1 finished.").arg(QDir::toNativeSeparators(folder)),
                  QMessageBox::Ok, this);
  box.setInformativeText(report.section(QLatin1Char('\n'), 0, 3));
  box.setDetailedText(report);
  box.exec();
  if (!openCatalog(path)) QMessageBox::warning(this, tr("Open Catalog"), m_lastError);
}

QString MainWindow::importFolder(const QString& folder, const QString& catalogPath) {
  struct Outcome {
    ImportReport report;
    QString error;
  };
  QProgressDialog dialog(tr("Importing images\u2026"), tr("Cancel"), 0, 0, this);
  dialog.setWindowTitle(tr("New Catalog"));
  dialog.setWindowModality(Qt::WindowModal);
  dialog.setMinimumDuration(0);
  dialog.setAutoClose(false);
  dialog.setAutoReset(false);
  dialog.setMinimumWidth(420);
  std::atomic<bool> cancelled{false};
  connect(&dialog, &QProgressDialog::canceled, &dialog, [&cancelled] { cancelled = true; });
  ProgressCallback progress =
      progressToDialog(dialog, cancelled, QCoreApplication::translate("Vitrine", "Importing images"));
  const std::string dir = folder.toStdString();
  const QString csv = QDir(folder).filePath(QStringLiteral("metadata.csv"));
  const bool hasCsv = QFileInfo(csv).isFile();
  QFutureWatcher<Outcome> watcher;
  QEventLoop loop;
  connect(&watcher, &QFutureWatcher<Outcome>::finished, &loop, &QEventLoop::quit);
  watcher.setFuture(QtConcurrent::run([catalogPath, dir, csv, hasCsv, progress] {
    Outcome o;
    try {
      Catalog c = Catalog::openOrCreate(catalogPath.toStdString());
      ImportOptions options;
      options.imagesDir = dir;
      options.metadataCsv = hasCsv ? csv.toStdString() : std::string();
      options.noMetadata = !hasCsv;
      o.report = importImages(c, options, progress);
    } catch (const std::exception& e) {
      o.error = QString::fromStdString(e.what());
    }
    return o;
  }));
  dialog.show();
  if (!watcher.isFinished()) loop.exec();
  dialog.hide();
  const Outcome o = watcher.result();
  if (!o.error.isEmpty()) {
    m_lastError = tr("The import failed: %1").arg(o.error);
    return {};
  }
  QString text = QString::fromStdString(o.report.summary());
  if (o.report.cancelled) text.prepend(tr("Cancelled; what was imported so far is kept.\n"));
  if (!o.report.issues.empty()) {
    text += tr("\n\nSkipped files:\n");
    for (const ImportIssue& issue : o.report.issues) {
      text += QStringLiteral("%1%2: %3 %4\n")
                  .arg(QString::fromStdString(issue.file))
                  .arg(issue.line > 0 ? QStringLiteral(":%1").arg(issue.line) : QString())
                  .arg(QString::fromStdString(issue.reason), QString::fromStdString(issue.detail));
    }
  }
  return text.isEmpty() ? tr("Nothing to import.") : text;
}

QStringList MainWindow::recentCatalogs() const {
  QStringList list = QSettings().value(kRecentKey).toStringList();
  list.erase(std::remove_if(list.begin(), list.end(),
                            [](const QString& p) { return !QFileInfo(p).isFile(); }),
             list.end());
  return list;
}

void MainWindow::addRecentCatalog(const QString& path) {
  QStringList list = QSettings().value(kRecentKey).toStringList();
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecent) list.removeLast();
  QSettings().setValue(kRecentKey, list);
}

void MainWindow::rebuildRecentMenu() {
  m_recentMenu->clear();
  const QStringList list = recentCatalogs();
  int n = 0;
  for (const QString& path : list) {
    QAction* a = m_recentMenu->addAction(
        QStringLiteral("&%1  %2").arg(++n).arg(QFileInfo(path).completeBaseName()), this,
        [this, path] {
          if (!openCatalog(path)) QMessageBox::warning(this, tr("Open Catalog"), m_lastError);
        });
    a->setToolTip(path);
    a->setStatusTip(path);
  }
  if (list.isEmpty()) m_recentMenu->addAction(tr("No recent catalogs"))->setEnabled(false);
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About Vitrine"),
      tr("<h3>Vitrine %1</h3>"
         "<p>Browse an art collection, build a profile by clicking what you like, and compare "
         "CuratorNet and VisRank recommendations side by side.</p>")
              .arg(QStringLiteral(VITRINE_VERSION)) +
          (m_credit.isEmpty() ? QString() : QStringLiteral("<p>%1</p>").arg(m_credit.toHtmlEscaped())));
}

// --- browsing --------------------------------------------------------------------------------

void MainWindow::zoomIn() { m_view->setThumbnailSize(m_view->thumbnailSize() + kZoomStep); }

void MainWindow::zoomOut() { m_view->setThumbnailSize(m_view->thumbnailSize() - kZoomStep); }

void MainWindow::focusSearch() {
  m_search->setFocus(Qt::ShortcutFocusReason);
  m_search->selectAll();
}

void MainWindow::applySearch() {
  m_searchTimer->stop();
  const QString text = m_search->text().trimmed();
  ArtworkQuery q = m_model->query();
  // 0 in a year box means "any", as an unset bound in the query.
  if (q.yearFrom.value_or(0) != m_yearFrom->value() || q.yearTo.value_or(0) != m_yearTo->value()) {
    applyFilters();
    return;
  }
  if (text == m_model->filterText()) return;
  m_model->setFilterText(text);
  m_view->setEmptyText(m_catalog ? tr("No artworks match \u201c%1\u201d.").arg(text)
                                 : tr("No catalog open."));
}

void MainWindow::applyFilters() {
  m_searchTimer->stop();
  ArtworkQuery q;
  QString artist = m_artistCombo->currentData().toString();
  // Typed text that is not one of the list's items is ignored (the completer picks real ones).
  if (m_artistCombo->currentIndex() < 0 || m_artistCombo->currentText() != m_artistCombo->itemText(m_artistCombo->currentIndex())) {
    const int i = m_artistCombo->findText(m_artistCombo->currentText());
    artist = i > 0 ? m_artistCombo->itemData(i).toString() : QString();
  }
  q.artist = artist.toStdString();
  q.period = m_periodCombo->currentData().toString().toStdString();
  if (m_yearFrom->value() > 0) q.yearFrom = m_yearFrom->value();
  if (m_yearTo->value() > 0) q.yearTo = m_yearTo->value();
  q.sort = static_cast<ArtworkQuery::Sort>(m_sortCombo->currentData().toInt());
  const QString text = m_search->text().trimmed();
  // Each call re-queries on the worker; the newest query wins.
  m_model->setQuery(q);
  if (text != m_model->filterText()) m_model->setFilterText(text);

  // The cluster restriction is loaded on a worker too (one row per artwork of the clustering).
  const QString cluster =
      m_clusterComboAction->isVisible() ? m_clusterCombo->currentData().toString() : QString();
  const quint64 generation = ++m_clusterGeneration;
  if (cluster.isEmpty() || !m_catalog) {
    m_model->setAllowedIds(std::nullopt);
  } else {
#if VITRINE_HAVE_CLUSTER_STORE
    const QStringList parts = cluster.split(QLatin1Char('|'));
    const std::string path = m_catalog->path();
    auto* watcher = new QFutureWatcher<std::vector<int64_t>>(this);
    connect(watcher, &QFutureWatcher<std::vector<int64_t>>::finished, this, [this, watcher, generation] {
      watcher->deleteLater();
      if (generation == m_clusterGeneration) m_model->setAllowedIds(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path, parts] {
      std::vector<int64_t> ids;
      try {
        const Catalog c = Catalog::open(path, true);
        const auto stored = loadClustering(c, parts.value(0).toStdString(), parts.value(1).toInt(),
                                           parts.value(2).toULongLong());
        const int want = parts.value(3).toInt();
        if (stored) {
          for (size_t i = 0; i < stored->artworkIds.size(); ++i)
            if (stored->clusters[i] == want) ids.push_back(stored->artworkIds[i]);
        }
      } catch (const std::exception&) {
      }
      return ids;
    }));
#else
    Q_UNUSED(generation);
#endif
  }
  m_view->setEmptyText(tr("No artworks match these filters."));
}

void MainWindow::resetFilters() {
  {
    const QSignalBlocker b1(m_artistCombo), b2(m_periodCombo), b3(m_clusterCombo), b4(m_yearFrom),
        b5(m_yearTo), b6(m_search);
    m_artistCombo->setCurrentIndex(0);
    m_periodCombo->setCurrentIndex(0);
    m_clusterCombo->setCurrentIndex(0);
    m_yearFrom->setValue(0);
    m_yearTo->setValue(0);
    m_search->clear();
  }
  applyFilters();
}

void MainWindow::updateStatus() {
  if (!m_catalog) {
    m_countLabel->setText(tr("No catalog"));
    m_catalogLabel->clear();
    return;
  }
  const int shown = m_model->rowCount();
  const qint64 total = std::max<qint64>(m_model->totalCount(), shown);
  if (m_model->isLoading() && shown == 0) {
    m_countLabel->setText(tr("Loading\u2026"));
  } else if (total == shown) {
    m_countLabel->setText(shown == 1 ? tr("1 artwork") : tr("%1 artworks").arg(shown));
  } else {
    m_countLabel->setText(tr("%1 of %2 artworks").arg(shown).arg(total));
  }
  if (!m_model->isLoading() && shown == 0 && total == 0) {
    m_view->setEmptyText(tr("This catalog has no artworks yet."));
  }
}

void MainWindow::updateModelsLabel() {
  if (!m_catalog) {
    m_modelsLabel->clear();
    return;
  }
  const QString embedding = m_embeddingCombo->currentData().toString();
  const QString cur = m_curatorCombo->currentData().toString();
  m_modelsLabel->setText(tr("CuratorNet: %1  \u00b7  VisRank: %2  \u00b7  Embedding: %3")
                             .arg(cur.isEmpty() ? tr("none") : cur, m_aggCombo->currentText(),
                                  embedding.isEmpty() ? tr("none") : embedding));
}

void MainWindow::showArtwork(qint64 artworkId) {
  if (artworkId <= 0 || !m_catalog) return;
  if (m_detail->artworkId() != artworkId) {
    m_detail->showArtwork(artworkId);
    requestMoreLikeThis();
  }
  m_detail->setInProfile(m_profile->contains(artworkId));
}

// --- profile ---------------------------------------------------------------------------------

void MainWindow::toggleInProfile(qint64 artworkId) {
  if (artworkId <= 0) return;
  m_profile->toggle(artworkId);
  showArtwork(artworkId);
}

void MainWindow::addToProfile(qint64 artworkId) {
  if (artworkId <= 0) return;
  m_profile->add(artworkId);
  showArtwork(artworkId);
}

void MainWindow::onProfileChanged() {
  const std::vector<int64_t>& ids = m_profile->ids();
  m_profileModel->setArtworkIds(ids);
  m_model->setProfileIds(ids);
  if (!ids.empty()) m_profileView->scrollTo(m_profileModel->index(static_cast<int>(ids.size()) - 1, 0));
  m_detail->setInProfile(m_profile->contains(m_detail->artworkId()));
  updateProfileTitle();
  requestRecommendations();
}

void MainWindow::updateProfileTitle() {
  if (!m_profileTitle) return;
  const int n = m_profile->size();
  QString title = m_profile->profileName().isEmpty() ? tr("Profile") : m_profile->profileName();
  if (m_profile->isModified() && !m_profile->profileName().isEmpty()) title += QStringLiteral(" *");
  m_profileTitle->setText(tr("%1  \u00b7  %n artwork(s)", nullptr, n).arg(title));
  if (m_profileDock) m_profileDock->setWindowTitle(tr("Profile"));
}

void MainWindow::refreshSavedProfiles() {
  const QSignalBlocker block(m_profileCombo);
  m_profileCombo->clear();
  m_profileCombo->addItem(tr("Open saved\u2026"), QString());
  if (!m_catalog) return;
  try {
    for (const SavedProfile& p : m_catalog->profiles()) {
      const QString name = QString::fromStdString(p.name);
      m_profileCombo->addItem(tr("%1 (%2)").arg(name).arg(p.artworkIds.size()), name);
    }
  } catch (const std::exception&) {
  }
  const int i = m_profileCombo->findData(m_profile->profileName());
  m_profileCombo->setCurrentIndex(std::max(0, i));
}

QStringList MainWindow::savedProfileNames() const {
  QStringList names;
  if (!m_catalog) return names;
  try {
    for (const SavedProfile& p : m_catalog->profiles()) names << QString::fromStdString(p.name);
  } catch (const std::exception&) {
  }
  return names;
}

bool MainWindow::saveProfileAs(const QString& name) {
  if (!m_catalog || name.trimmed().isEmpty()) {
    m_lastError = tr("Open a catalog and give the profile a name.");
    return false;
  }
  try {
    m_catalog->saveProfile(name.trimmed().toStdString(), m_profile->ids());
  } catch (const std::exception& e) {
    m_lastError = tr("Cannot save the profile: %1").arg(QString::fromStdString(e.what()));
    return false;
  }
  m_profile->markSaved(name.trimmed());
  refreshSavedProfiles();
  statusBar()->showMessage(tr("Saved profile \u201c%1\u201d").arg(name.trimmed()), 3000);
  return true;
}

bool MainWindow::openSavedProfile(const QString& name) {
  if (!m_catalog) return false;
  std::optional<SavedProfile> p;
  try {
    p = m_catalog->profile(name.toStdString());
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  if (!p) {
    m_lastError = tr("No saved profile named \u201c%1\u201d").arg(name);
    return false;
  }
  m_profile->setIds(p->artworkIds, tr("Open profile \u201c%1\u201d").arg(name));
  m_profile->markSaved(name);
  refreshSavedProfiles();
  return true;
}

bool MainWindow::renameSavedProfile(const QString& from, const QString& to) {
  try {
    std::optional<SavedProfile> p = m_catalog ? m_catalog->profile(from.toStdString()) : std::nullopt;
    if (!p) {
      m_lastError = tr("No saved profile named \u201c%1\u201d").arg(from);
      return false;
    }
    if (m_catalog->profile(to.toStdString())) {
      m_lastError = tr("A profile named \u201c%1\u201d exists already").arg(to);
      return false;
    }
    m_catalog->renameProfile(p->id, to.toStdString());
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  if (m_profile->profileName() == from) m_profile->setProfileName(to);
  refreshSavedProfiles();
  return true;
}

bool MainWindow::deleteSavedProfile(const QString& name) {
  try {
    std::optional<SavedProfile> p = m_catalog ? m_catalog->profile(name.toStdString()) : std::nullopt;
    if (!p) {
      m_lastError = tr("No saved profile named \u201c%1\u201d").arg(name);
      return false;
    }
    m_catalog->deleteProfile(p->id);
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  if (m_profile->profileName() == name) m_profile->setProfileName(QString());
  refreshSavedProfiles();
  return true;
}

bool MainWindow::duplicateSavedProfile(const QString& from, const QString& to) {
  try {
    std::optional<SavedProfile> p = m_catalog ? m_catalog->profile(from.toStdString()) : std::nullopt;
    if (!p) {
      m_lastError = tr("No saved profile named \u201c%1\u201d").arg(from);
      return false;
    }
    if (m_catalog->profile(to.toStdString())) {
      m_lastError = tr("A profile named \u201c%1\u201d exists already").arg(to);
      return false;
    }
    // The copy takes the list as edited now (unsaved edits go to the copy, not the original).
    m_catalog->saveProfile(to.toStdString(),
                           m_profile->profileName() == from ? m_profile->ids() : p->artworkIds);
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return false;
  }
  if (m_profile->profileName() == from) m_profile->markSaved(to);
  refreshSavedProfiles();
  return true;
}

// --- recommendations -------------------------------------------------------------------------

std::optional<RankerSpec> MainWindow::curatorSpec() const {
  const QString name = m_curatorCombo ? m_curatorCombo->currentData().toString() : QString();
  if (name.isEmpty()) return std::nullopt;
  return RankerSpec::curatorNet(name.toStdString());
}

QString MainWindow::curatorEmptyText() const {
  if (!m_haveCuratorNet) {
    return tr("CuratorNet is not part of this build yet, so this column stays empty.\n\n") + trainHint();
  }
  QString text = tr("No trained CuratorNet model for the embedding \u201c%1\u201d in this catalog.\n\n")
                     .arg(m_embeddingCombo->currentData().toString());
  if (!m_curatorModelsOtherEmbeddings.isEmpty()) {
    text += tr("Models for other embeddings: %1 (pick that embedding above).\n\n")
                .arg(m_curatorModelsOtherEmbeddings.join(QStringLiteral(", ")));
  }
  return text + trainHint();
}

void MainWindow::requestRecommendations() {
  if (!m_catalog || !m_infoLoaded) return;
  RecommendationRequest r;
  r.channel = 0;
  r.catalogPath = m_catalogPath;
  r.embedding = m_embeddingCombo->currentData().toString();
  try {
    r.visrank = RankerSpec::visRank(parseVisRankConfig(m_aggCombo->currentData().toString().toStdString()));
  } catch (const std::exception&) {
    r.visrank = RankerSpec::visRank();
  }
  r.curator = curatorSpec();
  r.profile = m_profile->ids();
  r.k = m_kSpin->value();
  m_recClock.start();
  m_recsPending = true;
  m_busyLabel->setText(tr("Updating recommendations\u2026"));
  m_engine->submit(r);
  updateModelsLabel();
}

void MainWindow::requestMoreLikeThis() {
  if (!m_catalog || !m_infoLoaded || m_detail->artworkId() <= 0) return;
  RecommendationRequest r;
  r.channel = 1;
  r.catalogPath = m_catalogPath;
  r.embedding = m_embeddingCombo->currentData().toString();
  r.visrank = RankerSpec::visRank();  // one item: every aggregation agrees
  r.curator = curatorSpec();
  r.profile = {m_detail->artworkId()};
  r.k = 12;
  m_engine->submit(r);
}

void MainWindow::onRecommendations(const RecommendationResult& result) {
  if (result.request.catalogPath != m_catalogPath) return;
  if (result.request.channel == 1) {
    if (result.request.profile.size() != 1 ||
        result.request.profile.front() != m_detail->artworkId())
      return;
    RecommendationColumn cur = result.curatornet;
    if (!result.request.curator) cur.error = curatorEmptyText().section(QLatin1Char('\n'), 0, 0);
    m_detail->setMoreLikeThis(result.visrank, cur);
    return;
  }
  m_recsPending = false;
  m_lastLatencyMs = static_cast<double>(m_recClock.nsecsElapsed()) / 1e6;
  m_busyLabel->setText(tr("ranked in %1 ms").arg(result.milliseconds, 0, 'f', 0));
  m_visModel->setColumn(result.visrank);
  m_curModel->setColumn(result.curatornet);
  QSet<qint64> vis, cur;
  for (const RecommendedArtwork& a : result.visrank.items) vis.insert(a.artworkId);
  for (const RecommendedArtwork& a : result.curatornet.items) cur.insert(a.artworkId);
  m_visModel->setOtherIds(cur);
  m_curModel->setOtherIds(vis);
  const int overlap = m_visModel->overlapCount();
  if (!result.visrank.items.empty() && !result.curatornet.items.empty()) {
    m_overlapLabel->setText(tr("<span style='color:#e3b341'>\u25c6</span> %1 of %2 in both")
                                .arg(overlap)
                                .arg(std::max(result.visrank.items.size(), result.curatornet.items.size())));
  } else {
    m_overlapLabel->clear();
  }
  m_visTitle->setText(result.visrank.ranker.isEmpty() ? tr("VisRank") : result.visrank.ranker);
  m_curTitle->setText(result.curatornet.ranker.isEmpty() ? tr("CuratorNet") : result.curatornet.ranker);

  const bool empty = m_profile->size() == 0;
  const QString emptyProfile =
      tr("Click artworks you like in the grid: recommendations appear here and follow every change.");
  QString note;
  if (result.withoutEmbedding > 0) {
    note = tr("\n(%n profile artwork(s) have no \u201c%1\u201d embedding and were left out.)", nullptr,
              result.withoutEmbedding)
               .arg(result.request.embedding);
  }
  m_visView->setEmptyText(!result.visrank.error.isEmpty() ? result.visrank.error
                          : empty                       ? emptyProfile
                                                        : tr("Nothing to recommend.") + note);
  if (!result.request.curator) {
    m_curView->setEmptyText(curatorEmptyText());
  } else {
    m_curView->setEmptyText(!result.curatornet.error.isEmpty() ? result.curatornet.error
                            : empty                          ? emptyProfile
                                                             : tr("Nothing to recommend.") + note);
  }
  if (!note.isEmpty()) statusBar()->showMessage(note.trimmed(), 5000);
  Q_EMIT recommendationsUpdated();
}

// --- events ----------------------------------------------------------------------------------

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_search && event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_Escape) {
      // First Esc clears the search; a second one hands the keyboard back to the grid.
      if (!m_search->text().isEmpty()) {
        m_search->clear();
        applySearch();
      } else {
        m_view->setFocus(Qt::ShortcutFocusReason);
      }
      return true;
    }
    if (key->key() == Qt::Key_Down) {
      m_view->setFocus(Qt::TabFocusReason);
      if (!m_view->currentIndex().isValid() && m_model->rowCount() > 0) {
        m_view->setCurrentIndex(m_model->index(0, 0));
      }
      return true;
    }
  }
  return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState());
  settings.setValue(kThumbSizeKey, m_view->thumbnailSize());
  QMainWindow::closeEvent(event);
}

}  // namespace vitrine
