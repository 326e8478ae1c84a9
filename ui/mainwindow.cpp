#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSignalBlocker>
#include <QSlider>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include "catalog/catalog.h"
#include "democatalog.h"
#include "thumbnailmodel.h"
#include "thumbnailview.h"

namespace vitrine {

namespace {
constexpr int kSearchDebounceMs = 150;
constexpr int kZoomStep = 16;
const char* const kGeometryKey = "MainWindow/geometry";
const char* const kStateKey = "MainWindow/state";
const char* const kThumbSizeKey = "MainWindow/thumbnailSize";

// The platform's standard key may equal the explicit one (Ctrl+- on Linux); a duplicate would
// make the shortcut ambiguous and dead.
QList<QKeySequence> uniqueKeys(const QKeySequence& explicitKey, QKeySequence::StandardKey standard) {
  QList<QKeySequence> keys{explicitKey};
  for (const QKeySequence& k : QKeySequence::keyBindings(standard)) {
    if (!keys.contains(k)) keys << k;
  }
  return keys;
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_model(new ThumbnailModel(this)),
      m_view(new ThumbnailView(this)),
      m_search(new QLineEdit(this)),
      m_sizeSlider(new QSlider(Qt::Horizontal, this)),
      m_countLabel(new QLabel(this)),
      m_catalogLabel(new QLabel(this)),
      m_searchTimer(new QTimer(this)) {
  setWindowTitle(QStringLiteral("Vitrine"));
  m_view->setModel(m_model);
  m_view->setEmptyText(tr("No catalog open.\nUse File \u25b8 Open Catalog\u2026 (Ctrl+O)."));
  setCentralWidget(m_view);

  // Toolbar: search on the left, thumbnail size on the right.
  auto* bar = addToolBar(tr("Browse"));
  bar->setObjectName(QStringLiteral("browseToolBar"));
  bar->setMovable(false);
  bar->setFloatable(false);
  bar->toggleViewAction()->setEnabled(false);
  m_search->setObjectName(QStringLiteral("searchEdit"));
  m_search->setPlaceholderText(tr("Search titles and artists  (Ctrl+F)"));
  m_search->setClearButtonEnabled(true);
  m_search->setMinimumWidth(260);
  m_search->setMaximumWidth(420);
  m_search->installEventFilter(this);
  bar->addWidget(m_search);
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

  createActions();

  const QSettings settings;
  const int size =
      settings.value(kThumbSizeKey, ThumbnailView::kDefaultThumbnailSize).toInt();
  m_view->setThumbnailSize(size);
  {
    const QSignalBlocker block(m_sizeSlider);
    m_sizeSlider->setValue(m_view->thumbnailSize());
  }
  m_model->setPlaceholderSize(m_view->thumbnailSize());
  if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1120, 780);
  restoreState(settings.value(kStateKey).toByteArray());
  updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open Catalog\u2026"), this, &MainWindow::showOpenCatalogDialog);
  open->setShortcut(QKeySequence::Open);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  quit->setMenuRole(QAction::QuitRole);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* find = view->addAction(tr("&Search"), this, &MainWindow::focusSearch);
  find->setShortcut(QKeySequence::Find);
  view->addSeparator();
  QAction* larger = view->addAction(tr("&Larger Thumbnails"), this, &MainWindow::zoomIn);
  larger->setShortcuts(uniqueKeys(QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence::ZoomIn));
  QAction* smaller = view->addAction(tr("S&maller Thumbnails"), this, &MainWindow::zoomOut);
  smaller->setShortcuts(uniqueKeys(QKeySequence(Qt::CTRL | Qt::Key_Minus), QKeySequence::ZoomOut));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* about = help->addAction(tr("&About Vitrine"), this, &MainWindow::showAbout);
  about->setMenuRole(QAction::AboutRole);
}

QListView* MainWindow::gridView() const { return m_view; }

bool MainWindow::openCatalog(const QString& path) {
  const QFileInfo info(path);
  if (!info.isFile()) {
    m_lastError = tr("No catalog file at %1").arg(path);
    return false;
  }
  std::shared_ptr<Catalog> catalog;
  try {
    catalog = std::make_shared<Catalog>(Catalog::open(info.absoluteFilePath().toStdString()));
  } catch (const std::exception& e) {
    // A catalog on read-only media can still be browsed.
    try {
      catalog = std::make_shared<Catalog>(Catalog::open(info.absoluteFilePath().toStdString(), true));
    } catch (const std::exception&) {
      m_lastError = tr("Cannot open %1: %2").arg(path, QString::fromStdString(e.what()));
      return false;
    }
  }
  try {
    m_model->setCatalog(catalog);
    m_credit = QString::fromStdString(catalog->setting("credit").value_or(kDemoCreditLine));
  } catch (const std::exception& e) {
    m_lastError = tr("Cannot read %1: %2").arg(path, QString::fromStdString(e.what()));
    return false;
  }
  m_catalog = std::move(catalog);
  m_catalogPath = info.absoluteFilePath();
  m_lastError.clear();
  m_catalogLabel->setText(tr("Catalog: %1").arg(info.completeBaseName()));
  m_catalogLabel->setToolTip(m_catalogPath);
  m_view->setEmptyText(tr("This catalog has no artworks yet."));
  setWindowTitle(tr("%1 \u2014 Vitrine").arg(info.completeBaseName()));
  QSettings().setValue(QStringLiteral("lastCatalog"), m_catalogPath);
  if (m_view->model()->rowCount() > 0) m_view->scrollToTop();
  updateStatus();
  Q_EMIT catalogOpened(m_catalogPath);
  return true;
}

void MainWindow::showOpenCatalogDialog() {
  QString dir = m_catalogPath.isEmpty() ? QString() : QFileInfo(m_catalogPath).absolutePath();
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open Catalog"), dir, tr("Vitrine catalogs (*.vitrine);;All files (*)"));
  if (path.isEmpty()) return;
  if (!openCatalog(path)) QMessageBox::warning(this, tr("Open Catalog"), m_lastError);
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About Vitrine"),
      tr("<h3>Vitrine %1</h3>"
         "<p>Browse an art collection and get visual recommendations.</p>"
         "<p>%2</p>")
          .arg(QStringLiteral(VITRINE_VERSION), m_credit.toHtmlEscaped()));
}

void MainWindow::zoomIn() { m_view->setThumbnailSize(m_view->thumbnailSize() + kZoomStep); }

void MainWindow::zoomOut() { m_view->setThumbnailSize(m_view->thumbnailSize() - kZoomStep); }

void MainWindow::focusSearch() {
  m_search->setFocus(Qt::ShortcutFocusReason);
  m_search->selectAll();
}

void MainWindow::applySearch() {
  m_searchTimer->stop();
  const QString text = m_search->text().trimmed();
  if (text == m_model->filterText()) return;
  try {
    m_model->setFilterText(text);
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("Search failed: %1").arg(QString::fromStdString(e.what())), 5000);
    return;
  }
  m_view->setEmptyText(m_catalog ? tr("No artworks match \u201c%1\u201d.").arg(text)
                                 : tr("No catalog open."));
  if (m_model->rowCount() > 0) {
    m_view->scrollToTop();
  }
}

void MainWindow::updateStatus() {
  if (!m_catalog) {
    m_countLabel->setText(tr("No catalog"));
    m_catalogLabel->clear();
    return;
  }
  const int shown = m_model->rowCount();
  int64_t total = shown;
  try {
    total = m_catalog->artworkCount();
  } catch (const std::exception&) {
  }
  if (m_model->filterText().isEmpty() || total == shown) {
    m_countLabel->setText(shown == 1 ? tr("1 artwork") : tr("%1 artworks").arg(shown));
  } else {
    m_countLabel->setText(tr("%1 of %2 artworks").arg(shown).arg(total));
  }
}

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
