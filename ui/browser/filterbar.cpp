#include "browser/filterbar.h"

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

#include "browser/thumbnailview.h"
#include "theme/theme.h"

namespace vitrine {

namespace {
constexpr int kSearchDebounceMs = 150;
constexpr int kZoomStep = 16;

QString clusterData(const ClusterFilterChoice& c, int cluster) {
  return QStringLiteral("%1|%2|%3|%4").arg(c.embedding).arg(c.k).arg(c.seed).arg(cluster);
}
}  // namespace

FilterBar::FilterBar(QWidget* parent)
    : QToolBar(tr("Browse"), parent),
      m_search(new QLineEdit(this)),
      m_artist(new QComboBox(this)),
      m_period(new QComboBox(this)),
      m_cluster(new QComboBox(this)),
      m_sort(new QComboBox(this)),
      m_yearFrom(new QSpinBox(this)),
      m_yearTo(new QSpinBox(this)),
      m_reset(new QToolButton(this)),
      m_size(new QSlider(Qt::Horizontal, this)),
      m_searchTimer(new QTimer(this)) {
  setObjectName(QStringLiteral("browseToolBar"));
  setMovable(false);
  setFloatable(false);
  toggleViewAction()->setEnabled(false);

  m_search->setObjectName(QStringLiteral("searchEdit"));
  m_search->setPlaceholderText(tr("Search titles, artists"));
  m_search->setToolTip(tr("Search titles and artists, ignoring case and accents (Ctrl+F); Enter searches at once"));
  m_search->setClearButtonEnabled(true);
  m_search->setFixedWidth(190);  // the whole bar fits 1280 px, Size slider included
  m_search->installEventFilter(this);
  addWidget(m_search);

  // In the toolbar, so a narrow window folds the filters into its extension menu instead of
  // forcing a minimum width.
  const auto setUp = [](QComboBox* c, const QString& name, const QString& tip, int width) {
    c->setObjectName(name);
    c->setToolTip(tip);
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(4);
    c->setFixedWidth(width);
  };
  const auto label = [this](const QString& text) {
    auto* l = new QLabel(text, this);
    l->setStyleSheet(theme::css(theme::textDim()));
    l->setContentsMargins(8, 0, 4, 0);
    return l;
  };
  setUp(m_artist, QStringLiteral("artistFilter"), tr("Only this artist (type to search)"), 160);
  m_artist->setEditable(true);
  m_artist->setInsertPolicy(QComboBox::NoInsert);
  m_artist->completer()->setFilterMode(Qt::MatchContains);
  m_artist->completer()->setCompletionMode(QCompleter::PopupCompletion);
  setUp(m_period, QStringLiteral("periodFilter"), tr("Only this period or style"), 125);
  setUp(m_cluster, QStringLiteral("clusterFilter"), tr("Only this visual cluster"), 100);
  setUp(m_sort, QStringLiteral("sortCombo"), tr("Sort order"), 108);
  m_sort->addItem(tr("Catalog order"), static_cast<int>(ArtworkQuery::Sort::Id));
  m_sort->addItem(tr("Title"), static_cast<int>(ArtworkQuery::Sort::Title));
  m_sort->addItem(tr("Artist"), static_cast<int>(ArtworkQuery::Sort::Artist));
  m_sort->addItem(tr("Year"), static_cast<int>(ArtworkQuery::Sort::Year));
  for (auto [spin, name, tip] : {std::tuple{m_yearFrom, "yearFrom", tr("Earliest year (0 = any)")},
                                 std::tuple{m_yearTo, "yearTo", tr("Latest year (0 = any)")}}) {
    spin->setObjectName(QLatin1String(name));
    spin->setToolTip(tip);
    spin->setRange(0, 2100);
    spin->setSpecialValueText(tr("any"));
    spin->setAccelerated(true);
    spin->setFixedWidth(60);
  }
  m_reset->setObjectName(QStringLiteral("resetFilters"));
  m_reset->setText(tr("Reset"));
  m_reset->setToolTip(tr("Clear the search and every filter"));
  m_reset->setAutoRaise(true);

  addWidget(label(tr("Artist")));
  addWidget(m_artist);
  addWidget(label(tr("Period")));
  addWidget(m_period);
  addWidget(label(tr("Years")));
  addWidget(m_yearFrom);
  auto* dash = new QLabel(QStringLiteral(" \u2013 "), this);
  dash->setStyleSheet(theme::css(theme::textDim()));
  addWidget(dash);
  addWidget(m_yearTo);
  m_clusterLabelAction = addWidget(label(tr("Cluster")));
  m_clusterComboAction = addWidget(m_cluster);
  addWidget(label(tr("Sort")));
  addWidget(m_sort);
  addWidget(m_reset);
  m_clusterLabelAction->setVisible(false);
  m_clusterComboAction->setVisible(false);

  auto* spacer = new QWidget(this);
  spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  addWidget(spacer);
  auto* sizeLabel = new QLabel(tr("Size"), this);
  sizeLabel->setContentsMargins(0, 0, 6, 0);
  addWidget(sizeLabel);
  m_size->setObjectName(QStringLiteral("sizeSlider"));
  m_size->setRange(ThumbnailView::kMinThumbnailSize, ThumbnailView::kMaxThumbnailSize);
  m_size->setSingleStep(kZoomStep);
  m_size->setPageStep(2 * kZoomStep);
  m_size->setFixedWidth(90);
  m_size->setToolTip(tr("Thumbnail size (Ctrl+= / Ctrl+-)"));
  addWidget(m_size);

  // Debounce typing so each keystroke does not re-query a large catalog.
  m_searchTimer->setSingleShot(true);
  m_searchTimer->setInterval(kSearchDebounceMs);
  connect(m_searchTimer, &QTimer::timeout, this, &FilterBar::onSearchTimeout);
  connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
  connect(m_search, &QLineEdit::returnPressed, this, &FilterBar::onSearchTimeout);
  const auto changed = [this] {
    m_searchTimer->stop();
    m_appliedYearFrom = m_yearFrom->value();
    m_appliedYearTo = m_yearTo->value();
    Q_EMIT filtersChanged();
  };
  connect(m_artist, &QComboBox::activated, this, changed);
  connect(m_artist->lineEdit(), &QLineEdit::editingFinished, this, changed);
  connect(m_period, &QComboBox::currentIndexChanged, this, changed);
  connect(m_cluster, &QComboBox::currentIndexChanged, this, changed);
  connect(m_sort, &QComboBox::currentIndexChanged, this, changed);
  connect(m_yearFrom, &QSpinBox::valueChanged, m_searchTimer, qOverload<>(&QTimer::start));
  connect(m_yearTo, &QSpinBox::valueChanged, m_searchTimer, qOverload<>(&QTimer::start));
  connect(m_reset, &QToolButton::clicked, this, &FilterBar::reset);
  connect(m_size, &QSlider::valueChanged, this, &FilterBar::thumbnailSizeRequested);
}

ArtworkQuery FilterBar::query() const {
  ArtworkQuery q;
  QString artist = m_artist->currentData().toString();
  // Typed text that is not one of the list's items is ignored (the completer picks real ones).
  if (m_artist->currentIndex() < 0 || m_artist->currentText() != m_artist->itemText(m_artist->currentIndex())) {
    const int i = m_artist->findText(m_artist->currentText());
    artist = i > 0 ? m_artist->itemData(i).toString() : QString();
  }
  q.artist = artist.toStdString();
  q.period = m_period->currentData().toString().toStdString();
  if (m_yearFrom->value() > 0) q.yearFrom = m_yearFrom->value();
  if (m_yearTo->value() > 0) q.yearTo = m_yearTo->value();
  q.sort = static_cast<ArtworkQuery::Sort>(m_sort->currentData().toInt());
  return q;
}

QString FilterBar::searchText() const { return m_search->text().trimmed(); }

QString FilterBar::clusterSelection() const {
  return clusterFilterAvailable() ? m_cluster->currentData().toString() : QString();
}

bool FilterBar::clusterFilterAvailable() const { return m_clusterComboAction->isVisible(); }

void FilterBar::onSearchTimeout() {
  m_searchTimer->stop();
  // A typed year changes the query, not only the text filter.
  if (m_appliedYearFrom != m_yearFrom->value() || m_appliedYearTo != m_yearTo->value()) {
    m_appliedYearFrom = m_yearFrom->value();
    m_appliedYearTo = m_yearTo->value();
    Q_EMIT filtersChanged();
    return;
  }
  Q_EMIT searchChanged(searchText());
}

void FilterBar::setOptions(const QStringList& artists, const QStringList& periods) {
  const QSignalBlocker b1(m_artist), b2(m_period);
  const QString artist = m_artist->currentText();
  const QString period = m_period->currentData().toString();
  m_artist->clear();
  m_artist->addItem(tr("All artists"), QString());
  for (const QString& a : artists) m_artist->addItem(a, a);
  m_artist->setCurrentIndex(std::max(0, m_artist->findData(artist)));
  m_period->clear();
  m_period->addItem(tr("All periods"), QString());
  for (const QString& p : periods) m_period->addItem(p, p);
  m_period->setCurrentIndex(std::max(0, m_period->findData(period)));
}

void FilterBar::setClustering(const ClusterFilterChoice* c) {
  const QSignalBlocker block(m_cluster);
  const QString previous = m_cluster->currentData().toString();
  m_cluster->clear();
  if (c) {
    m_cluster->addItem(tr("All clusters"), QString());
    for (int i = 0; i < c->k; ++i) m_cluster->addItem(tr("Cluster %1").arg(i + 1), clusterData(*c, i));
    m_cluster->setCurrentIndex(std::max(0, m_cluster->findData(previous)));
  }
  m_clusterComboAction->setVisible(c != nullptr);
  m_clusterLabelAction->setVisible(c != nullptr);
}

void FilterBar::selectCluster(const ClusterFilterChoice& c, int cluster) {
  const QString data = clusterData(c, cluster);
  {
    const QSignalBlocker block(m_cluster);
    // The filter lists another clustering: switch it to this one.
    if (m_cluster->findData(data) < 0) setClustering(&c);
    m_clusterComboAction->setVisible(true);
    m_clusterLabelAction->setVisible(true);
    m_cluster->setCurrentIndex(std::max(0, m_cluster->findData(data)));
  }
  Q_EMIT filtersChanged();
}

void FilterBar::clearOptions() {
  const QSignalBlocker b1(m_artist), b2(m_period), b3(m_cluster), b4(m_yearFrom), b5(m_yearTo);
  m_artist->clear();
  m_period->clear();
  m_cluster->clear();
  m_yearFrom->setValue(0);
  m_yearTo->setValue(0);
  m_appliedYearFrom = m_appliedYearTo = 0;
}

void FilterBar::reset() {
  {
    const QSignalBlocker b1(m_artist), b2(m_period), b3(m_cluster), b4(m_yearFrom), b5(m_yearTo), b6(m_search);
    m_artist->setCurrentIndex(0);
    m_period->setCurrentIndex(0);
    m_cluster->setCurrentIndex(0);
    m_yearFrom->setValue(0);
    m_yearTo->setValue(0);
    m_search->clear();
  }
  m_searchTimer->stop();
  m_appliedYearFrom = m_appliedYearTo = 0;
  Q_EMIT filtersChanged();
}

void FilterBar::focusSearch() {
  m_search->setFocus(Qt::ShortcutFocusReason);
  m_search->selectAll();
}

void FilterBar::setThumbnailSize(int size) {
  const QSignalBlocker block(m_size);
  m_size->setValue(size);
}

bool FilterBar::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_search && event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_Escape) {
      // First Esc clears the search; a second one hands the keyboard back to the grid.
      if (!m_search->text().isEmpty()) {
        m_search->clear();
        onSearchTimeout();
      } else {
        Q_EMIT gridFocusRequested(false);
      }
      return true;
    }
    if (key->key() == Qt::Key_Down) {
      Q_EMIT gridFocusRequested(true);
      return true;
    }
  }
  return QToolBar::eventFilter(watched, event);
}

}  // namespace vitrine
