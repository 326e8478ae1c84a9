#include "clusters/clusterview.h"

#include <QAbstractListModel>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <unordered_map>

#include "catalog/catalog.h"
#include "cluster/cluster.h"
#include "cluster/job.h"
#include "services/backgroundjob.h"
#include "services/pixmapcache.h"
#include "browser/thumbnaildelegate.h"
#include "theme/theme.h"

namespace vitrine {

namespace {
constexpr int kPad = 8;
constexpr int kMedoid = 64;
constexpr int kGap = 4;
constexpr int kMaxMedoids = 6;
constexpr int kAddWidth = 78;

QString joinCounts(const std::vector<std::pair<std::string, int64_t>>& v) {
  QStringList parts;
  for (const auto& [name, count] : v) parts << QStringLiteral("%1 (%2)").arg(QString::fromStdString(name)).arg(count);
  return parts.isEmpty() ? QStringLiteral("\u2013") : parts.join(QStringLiteral(", "));
}

QString perceptualText(const ClusterSummary& s) {
  QStringList parts;
  for (const auto& [name, v] : s.perceptual)
    parts << QStringLiteral("%1 %2").arg(QString::fromStdString(name)).arg(v, 0, 'f', 2);
  return parts.join(QStringLiteral(" \u00b7 "));
}

struct LoadResult {
  QList<ClusteringKey> keys;
  std::shared_ptr<ClusterSet> set;
  QString error;
};

// On a worker: the catalog's clusterings, then the wanted one (or the first of the preferred
// embedding, or the first) with summaries. Medoids are taken in the L2-normalised embedding.
LoadResult loadClusterSet(const std::string& path, const ClusteringKey& wanted, const QString& preferred) {
  LoadResult r;
  try {
    const Catalog c = Catalog::open(path, true);
    for (const StoredClustering& s : listClusterings(c)) r.keys << ClusteringKey{s.embedding, s.k, s.seed};
    if (r.keys.isEmpty()) return r;
    ClusteringKey key = r.keys.first();
    bool found = false;
    for (const ClusteringKey& k : r.keys)
      if (k == wanted) {
        key = k;
        found = true;
        break;
      }
    if (!found)
      for (const ClusteringKey& k : r.keys)
        if (QString::fromStdString(k.embedding) == preferred) {
          key = k;
          break;
        }
    const auto stored = loadClustering(c, key.embedding, key.k, key.seed);
    if (!stored) return r;
    auto set = std::make_shared<ClusterSet>();
    set->key = key;
    set->artworkIds = stored->artworkIds;
    set->labels = stored->clusters;
    for (size_t i = 0; i < set->artworkIds.size(); ++i) set->clusterOf.insert(set->artworkIds[i], set->labels[i]);
    std::vector<float> space;
    int dim = 0;
    try {
      const EmbeddingMatrix m = c.loadEmbeddingMatrix(key.embedding);
      dim = m.dimension;
      std::unordered_map<int64_t, int64_t> rowOf;
      for (int64_t i = 0; i < m.rows(); ++i) rowOf[m.artworkIds[size_t(i)]] = i;
      space.assign(set->artworkIds.size() * size_t(dim), 0.f);
      for (size_t i = 0; i < set->artworkIds.size(); ++i) {
        auto it = rowOf.find(set->artworkIds[i]);
        if (it != rowOf.end()) std::copy_n(m.row(it->second), dim, space.begin() + long(i) * dim);
      }
      l2NormaliseRows(space, dim);
    } catch (const std::exception&) {
      dim = 0;  // the embedding was deleted: summaries without medoids
    }
    SummaryOptions so;
    so.medoids = kMaxMedoids;
    so.topValues = 3;
    set->summaries =
        summarizeClusters(c, set->artworkIds, dim > 0 ? space.data() : nullptr, dim, set->labels, key.k, so);
    r.set = std::move(set);
  } catch (const std::exception& e) {
    r.error = QString::fromStdString(e.what());
  }
  return r;
}
}  // namespace

QColor clusterColor(int index) { return theme::category(index); }

std::vector<int64_t> ClusterSet::members(int cluster) const {
  std::vector<int64_t> ids;
  for (size_t i = 0; i < artworkIds.size(); ++i)
    if (labels[i] == cluster) ids.push_back(artworkIds[i]);
  return ids;
}

// --- the card list -----------------------------------------------------------------------------

class ClusterGridView::Model : public QAbstractListModel {
 public:
  using QAbstractListModel::QAbstractListModel;
  std::shared_ptr<const ClusterSet> set;
  QSet<qint64> profile;
  void reset(std::shared_ptr<const ClusterSet> s) {
    beginResetModel();
    set = std::move(s);
    endResetModel();
  }
  int rowCount(const QModelIndex& parent = QModelIndex()) const override {
    return parent.isValid() || !set ? 0 : int(set->summaries.size());
  }
  QVariant data(const QModelIndex& index, int role) const override {
    if (!set || !index.isValid() || index.row() >= rowCount()) return {};
    const ClusterSummary& s = set->summaries[size_t(index.row())];
    if (role == Qt::DisplayRole) return QObject::tr("Cluster %1").arg(s.cluster + 1);
    if (role == Qt::UserRole) return qlonglong(s.size);
    if (role == Qt::ToolTipRole) return toolTip(s);
    return {};
  }
  // Artworks of `cluster` in the profile.
  int inProfile(int cluster) const {
    int n = 0;
    for (size_t i = 0; i < set->artworkIds.size(); ++i)
      if (set->labels[i] == cluster && profile.contains(set->artworkIds[i])) ++n;
    return n;
  }
  // Everything the card shows, unelided (a narrow dock cuts its lines short).
  QString toolTip(const ClusterSummary& s) const {
    QString head = QObject::tr("<b>Cluster %1</b> · %2 artworks").arg(s.cluster + 1).arg(s.size);
    if (const int n = inProfile(s.cluster); n > 0) head += QObject::tr(" · %1 in profile").arg(n);
    const QString perc = perceptualText(s);
    return QStringLiteral("<p style='white-space:pre-wrap'>%1<br>%2 %3<br>%4 %5<br>%6 %7</p><p><i>%8</i></p>")
        .arg(head, QObject::tr("Artists:"), joinCounts(s.topArtists).toHtmlEscaped(), QObject::tr("Periods:"),
             joinCounts(s.topPeriods).toHtmlEscaped(), QObject::tr("Look:"),
             (perc.isEmpty() ? QObject::tr("no handcrafted features") : perc).toHtmlEscaped(),
             QObject::tr("Click to show the cluster in the browser; “+ Add all” adds its artworks to the "
                         "profile."));
  }
};

class ClusterGridView::Delegate : public QStyledItemDelegate {
 public:
  Delegate(ClusterGridView* view, PixmapCache* pixmaps) : QStyledItemDelegate(view), m_view(view), m_pixmaps(pixmaps) {}
  static int cardHeight(const QFont& font) {
    const QFontMetrics fm(font);
    return 2 * kPad + fm.height() + 6 + kMedoid + 6 + 3 * fm.height();
  }
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override {
    return QSize(std::max(120, m_view->viewport()->width() - 4), cardHeight(option.font));
  }
  void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    const auto& set = m_view->m_model->set;
    if (!set) return;
    const ClusterSummary& s = set->summaries[size_t(index.row())];
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setRenderHint(QPainter::SmoothPixmapTransform);
    const QRect card = option.rect.adjusted(2, 2, -2, -2);
    const bool selected = option.state & QStyle::State_Selected;
    QColor bg = theme::tile();
    if (option.state & QStyle::State_MouseOver) bg = theme::hover();
    QPainterPath path;
    path.addRoundedRect(QRectF(card), 6, 6);
    p->fillPath(path, bg);
    if (selected) {
      p->setPen(QPen(option.palette.color(QPalette::Highlight), 2));
      p->drawPath(path);
    }
    // Colour swatch (as on the map), title and size.
    const QFontMetrics fm(option.font);
    const int x0 = card.left() + kPad;
    int y = card.top() + kPad;
    p->setPen(Qt::NoPen);
    p->setBrush(clusterColor(s.cluster));
    p->drawEllipse(QRectF(x0, y + (fm.height() - 10) / 2.0, 10, 10));
    QFont bold = option.font;
    bold.setWeight(QFont::DemiBold);
    p->setFont(bold);
    p->setPen(theme::text());
    // "Cluster 1 · 84" and, when some of it is in the profile, a pill in the profile's colour:
    // "2 in profile", or just "2" where the dock is narrow (the tooltip says it in full).
    const int inProfile = m_view->m_model->inProfile(s.cluster);
    const int titleWidth = card.width() - 2 * kPad - 16 - kAddWidth - 6;
    const QFontMetrics bfm(bold);
    const QString title = QObject::tr("Cluster %1 \u00b7 %2").arg(s.cluster + 1).arg(s.size);
    const auto pillWidth = [&](const QString& t) { return fm.horizontalAdvance(t) + 10; };
    QString pill = inProfile > 0 ? QObject::tr("%1 in profile").arg(inProfile) : QString();
    if (!pill.isEmpty() && bfm.horizontalAdvance(title) + 6 + pillWidth(pill) > titleWidth)
      pill = QString::number(inProfile);
    const int titleRoom = titleWidth - (pill.isEmpty() ? 0 : 6 + pillWidth(pill));
    const QString shown = bfm.elidedText(title, Qt::ElideRight, titleRoom);
    p->drawText(QRect(x0 + 16, y, titleRoom, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, shown);
    if (!pill.isEmpty()) {
      const QRect pr(x0 + 16 + bfm.horizontalAdvance(shown) + 6, y, pillWidth(pill), fm.height());
      QPainterPath pp;
      pp.addRoundedRect(QRectF(pr), fm.height() / 2.0, fm.height() / 2.0);
      p->fillPath(pp, ThumbnailDelegate::profileColor());
      p->setFont(option.font);
      p->setPen(Qt::white);
      p->drawText(pr, Qt::AlignCenter, pill);
    }
    // "+ Add all" button.
    const QRect add = m_view->addButtonRect(index.row());
    QPainterPath bp;
    bp.addRoundedRect(QRectF(add), 4, 4);
    p->fillPath(bp, theme::selection());
    p->setPen(theme::textSelected());
    p->setFont(option.font);
    p->drawText(add, Qt::AlignCenter, QObject::tr("+ Add all"));
    // Medoids.
    for (int i = 0; i < int(s.medoids.size()) && i < kMaxMedoids; ++i) {
      const QRect r = m_view->medoidRect(index.row(), i);
      if (r.right() > card.right()) break;
      p->fillRect(r, theme::placeholder());
      const qint64 id = s.medoids[size_t(i)];
      const QPixmap pm = m_pixmaps ? m_pixmaps->pixmap(id) : QPixmap();
      if (!pm.isNull()) {
        const QSize sz = pm.size().scaled(r.size(), Qt::KeepAspectRatio);
        p->drawPixmap(QRect(r.center() - QPoint(sz.width() / 2, sz.height() / 2), sz), pm);
      }
      if (m_view->m_model->profile.contains(id)) {
        p->setPen(QPen(ThumbnailDelegate::profileColor(), 2.5));
        p->setBrush(Qt::NoBrush);
        p->drawRect(r.adjusted(1, 1, -1, -1));
      }
    }
    // Summary lines.
    y = card.top() + kPad + fm.height() + 6 + kMedoid + 6;
    const int w = card.width() - 2 * kPad;
    p->setFont(option.font);
    const auto line = [&](const QString& label, const QString& text) {
      p->setPen(theme::textDim());
      const int lw = fm.horizontalAdvance(label) + 6;
      p->drawText(QRect(x0, y, lw, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, label);
      p->setPen(theme::textSecondary());
      p->drawText(QRect(x0 + lw, y, w - lw, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                  fm.elidedText(text, Qt::ElideRight, w - lw));
      y += fm.height();
    };
    line(QObject::tr("Artists"), joinCounts(s.topArtists));
    line(QObject::tr("Periods"), joinCounts(s.topPeriods));
    const QString perc = perceptualText(s);
    line(QObject::tr("Look"), perc.isEmpty() ? QObject::tr("no handcrafted features") : perc);
    p->restore();
  }

 private:
  ClusterGridView* m_view;
  PixmapCache* m_pixmaps;
};

ClusterGridView::ClusterGridView(PixmapCache* pixmaps, QWidget* parent) : QListView(parent), m_model(new Model(this)) {
  setObjectName(QStringLiteral("clusterGrid"));
  setModel(m_model);
  setItemDelegate(new Delegate(this, pixmaps));
  setUniformItemSizes(true);
  setMouseTracking(true);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setFrameShape(QFrame::NoFrame);
  setSpacing(2);
  if (pixmaps) {
    // Thumbnails arrive one by one: repaint at most every 50 ms.
    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setInterval(50);
    connect(timer, &QTimer::timeout, viewport(), qOverload<>(&QWidget::update));
    connect(pixmaps, &PixmapCache::pixmapReady, timer, qOverload<>(&QTimer::start));
  }
}

void ClusterGridView::setClusterSet(std::shared_ptr<const ClusterSet> set) {
  m_model->reset(std::move(set));
  doItemsLayout();
}

void ClusterGridView::setProfileIds(const QSet<qint64>& ids) {
  m_model->profile = ids;
  viewport()->update();
}

QRect ClusterGridView::cardRect(int cluster) const {
  return visualRect(m_model->index(cluster, 0)).adjusted(2, 2, -2, -2);
}

QRect ClusterGridView::medoidRect(int cluster, int medoid) const {
  const QRect card = cardRect(cluster);
  const int top = card.top() + kPad + fontMetrics().height() + 6;
  return QRect(card.left() + kPad + medoid * (kMedoid + kGap), top, kMedoid, kMedoid);
}

QRect ClusterGridView::addButtonRect(int cluster) const {
  const QRect card = cardRect(cluster);
  const int h = fontMetrics().height() + 4;
  return QRect(card.right() - kPad - kAddWidth, card.top() + kPad - 2, kAddWidth, h);
}

qint64 ClusterGridView::artworkAt(const QPoint& pos) const {
  const QModelIndex index = indexAt(pos);
  if (!index.isValid() || !m_model->set) return 0;
  const ClusterSummary& s = m_model->set->summaries[size_t(index.row())];
  for (int i = 0; i < int(s.medoids.size()) && i < kMaxMedoids; ++i)
    if (medoidRect(index.row(), i).contains(pos)) return s.medoids[size_t(i)];
  return 0;
}

void ClusterGridView::mousePressEvent(QMouseEvent* event) {
  m_pressPos = event->position().toPoint();
  QListView::mousePressEvent(event);
}

void ClusterGridView::mouseReleaseEvent(QMouseEvent* event) {
  QListView::mouseReleaseEvent(event);
  const QPoint pos = event->position().toPoint();
  if (event->button() != Qt::LeftButton || (pos - m_pressPos).manhattanLength() > 6) return;
  const QModelIndex index = indexAt(pos);
  if (!index.isValid() || !m_model->set) return;
  const int row = index.row();
  if (addButtonRect(row).contains(pos)) {
    Q_EMIT addClusterClicked(row);
    return;
  }
  if (const qint64 id = artworkAt(pos)) {
    Q_EMIT artworkClicked(id);
    return;
  }
  Q_EMIT clusterClicked(row);
}

void ClusterGridView::keyPressEvent(QKeyEvent* event) {
  const QModelIndex current = currentIndex();
  if (current.isValid() && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)) {
    Q_EMIT clusterClicked(current.row());
    return;
  }
  if (current.isValid() && (event->key() == Qt::Key_Insert || event->key() == Qt::Key_Plus)) {
    Q_EMIT addClusterClicked(current.row());
    return;
  }
  QListView::keyPressEvent(event);
}

void ClusterGridView::paintEvent(QPaintEvent* event) {
  QListView::paintEvent(event);
  if (m_model->rowCount() > 0) return;
  QPainter p(viewport());
  p.setPen(theme::textDim());
  p.drawText(viewport()->rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap,
             property("emptyText").toString());
}

// --- the panel ---------------------------------------------------------------------------------

ClusterPanel::ClusterPanel(PixmapCache* pixmaps, QWidget* parent)
    : QWidget(parent),
      m_pixmaps(pixmaps),
      m_grid(new ClusterGridView(pixmaps, this)),
      m_combo(new QComboBox(this)),
      m_computeButton(new QToolButton(this)),
      m_summary(new QLabel(this)),
      m_status(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_cancel(new QToolButton(this)) {
  m_loadJob = new BackgroundJob(this);
  m_computeJob = new BackgroundJob(this, BackgroundJob::Thread::Own);
  connect(m_computeJob, &BackgroundJob::progress, this,
          [this](qint64 done, qint64 total, const QString&, const QString& stage) {
            if (total > 0) {
              m_progress->setRange(0, static_cast<int>(total));
              m_progress->setValue(static_cast<int>(std::min(done, total)));
            } else {
              m_progress->setRange(0, 0);
            }
            m_status->setText(stage == QLatin1String("tsne")     ? tr("t-SNE map")
                              : stage == QLatin1String("kmeans") ? tr("k-means")
                                                                 : stage);
          });
  qRegisterMetaType<ClusteringKey>();
  qRegisterMetaType<std::shared_ptr<const ClusterSet>>();
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(8, 6, 8, 6);
  lay->setSpacing(6);
  auto* top = new QHBoxLayout;
  top->setSpacing(6);
  auto* label = new QLabel(tr("Clustering"), this);
  label->setStyleSheet(theme::css(theme::textDim()));
  top->addWidget(label);
  m_combo->setObjectName(QStringLiteral("clusteringCombo"));
  m_combo->setToolTip(tr("Which stored clustering (embedding, k, seed)"));
  m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_combo->setMinimumContentsLength(8);
  top->addWidget(m_combo, 1);
  // A narrow dock elides the clustering's name: the tooltip tells it in full.
  connect(m_combo, &QComboBox::currentTextChanged, m_combo, [this](const QString& text) {
    m_combo->setToolTip(tr("Which stored clustering (embedding, k, seed)") +
                        (text.isEmpty() ? QString() : QStringLiteral("\n") + text));
  });
  m_computeButton->setObjectName(QStringLiteral("computeClusters"));
  m_computeButton->setText(tr("Compute\u2026"));
  m_computeButton->setToolTip(tr("Cluster an embedding (and lay out a map) in the background"));
  m_computeButton->setAutoRaise(true);
  top->addWidget(m_computeButton);
  lay->addLayout(top);
  m_summary->setStyleSheet(theme::css(theme::textDim()));
  m_summary->setWordWrap(true);
  lay->addWidget(m_summary);
  auto* progress = new QHBoxLayout;
  m_status->setStyleSheet(theme::css(theme::link()));
  progress->addWidget(m_status);
  m_progress->setObjectName(QStringLiteral("clusterProgress"));
  m_progress->setTextVisible(true);
  progress->addWidget(m_progress, 1);
  m_cancel->setObjectName(QStringLiteral("cancelClusters"));
  m_cancel->setText(tr("Cancel"));
  m_cancel->setAutoRaise(true);
  progress->addWidget(m_cancel);
  lay->addLayout(progress);
  m_progress->hide();
  m_cancel->hide();
  m_status->hide();
  lay->addWidget(m_grid, 1);
  updateEmptyText();

  connect(m_combo, &QComboBox::activated, this, [this](int i) {
    try {
      load(ClusteringKey::parse(m_combo->itemData(i).toString().toStdString()));
    } catch (const std::exception&) {
    }
  });
  connect(m_computeButton, &QToolButton::clicked, this, [this] { showComputeDialog(); });
  connect(m_cancel, &QToolButton::clicked, this, &ClusterPanel::cancelComputation);
  connect(m_grid, &ClusterGridView::clusterClicked, this, [this](int c) {
    if (m_set) Q_EMIT showClusterRequested(m_set->key, c);
  });
  connect(m_grid, &ClusterGridView::addClusterClicked, this, [this](int c) {
    if (!m_set) return;
    QList<qint64> ids;
    for (int64_t id : m_set->members(c)) ids << id;
    Q_EMIT addToProfileRequested(ids, tr("Add cluster %1").arg(c + 1));
  });
  connect(m_grid, &ClusterGridView::artworkClicked, this, &ClusterPanel::artworkClicked);
}

ClusterPanel::~ClusterPanel() = default;  // the jobs cancel their runs

void ClusterPanel::setCatalogPath(const QString& path, const QString& preferredEmbedding) {
  m_path = path;
  m_preferredEmbedding = preferredEmbedding;
  m_set.reset();
  m_keys.clear();
  m_combo->clear();
  m_grid->setClusterSet(nullptr);
  load({});
}

void ClusterPanel::reload() { load(m_set ? m_set->key : ClusteringKey{}); }

void ClusterPanel::setProfileIds(const std::vector<int64_t>& ids) {
  m_profile = QSet<qint64>(ids.begin(), ids.end());
  m_grid->setProfileIds(m_profile);
}

void ClusterPanel::load(const ClusteringKey& wanted) {
  if (m_path.isEmpty()) {
    m_loadJob->cancel();
    m_loading = false;
    return;
  }
  m_loading = true;
  updateEmptyText();
  const std::string path = m_path.toStdString();
  const QString preferred = m_preferredEmbedding;
  // Latest wins: a newer load (another catalog or clustering) replaces this one.
  m_loadJob->start(
      [path, wanted, preferred](const JobContext&) { return loadClusterSet(path, wanted, preferred); },
      [this](const LoadResult& r) {
        m_loading = false;
        m_lastError = r.error;
        m_keys = r.keys;
        m_set = r.set;
        {
          const QSignalBlocker block(m_combo);
          m_combo->clear();
          for (const ClusteringKey& k : m_keys)
            m_combo->addItem(
                tr("%1 \u00b7 k=%2 \u00b7 seed %3").arg(QString::fromStdString(k.embedding)).arg(k.k).arg(k.seed),
                QString::fromStdString(k.toString()));
          if (m_set)
            m_combo->setCurrentIndex(std::max(0, m_combo->findData(QString::fromStdString(m_set->key.toString()))));
        }
        m_grid->setClusterSet(m_set);
        if (m_set) {
          m_summary->setText(tr("%n artwork(s) in %1 clusters of the \u201c%2\u201d embedding. Click a card to "
                                "show it in the browser; click a thumbnail to add it to the profile.",
                                nullptr, int(m_set->artworkIds.size()))
                                 .arg(m_set->key.k)
                                 .arg(QString::fromStdString(m_set->key.embedding)));
        } else {
          m_summary->clear();
        }
        updateEmptyText();
        Q_EMIT clusterSetChanged(m_set);
      });
}

void ClusterPanel::updateEmptyText() {
  QString text;
  if (m_path.isEmpty())
    text = tr("No catalog open.");
  else if (m_loading)
    text = tr("Loading clusters\u2026");
  else if (!m_lastError.isEmpty())
    text = tr("Cannot read the clusters: %1").arg(m_lastError);
  else
    text =
        tr("This catalog stores no clustering yet.\nUse Compute\u2026 above, or\n"
           "`vitrine-cli cluster --catalog FILE --embedding NAME --map tsne`.");
  m_grid->setProperty("emptyText", text);
  m_grid->viewport()->update();
}

void ClusterPanel::showComputeDialog(const QString& defaultMap) {
  if (m_path.isEmpty() || m_computing) return;
  QStringList embeddings;
  try {
    const Catalog c = Catalog::open(m_path.toStdString(), true);
    for (const EmbeddingInfo& e : c.embeddings()) embeddings << QString::fromStdString(e.name);
  } catch (const std::exception& e) {
    m_lastError = QString::fromStdString(e.what());
    return;
  }
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Compute Clusters"));
  auto* form = new QFormLayout(&dialog);
  auto* embedding = new QComboBox(&dialog);
  embedding->addItems(embeddings);
  embedding->setCurrentIndex(std::max(0, embedding->findText(m_preferredEmbedding)));
  form->addRow(tr("Embedding"), embedding);
  auto* k = new QSpinBox(&dialog);
  k->setRange(1, 200);
  k->setValue(1);
  k->setSpecialValueText(tr("auto (silhouette)"));
  form->addRow(tr("Clusters (k)"), k);
  auto* map = new QComboBox(&dialog);
  map->addItem(tr("t-SNE"), QStringLiteral("tsne"));
  map->addItem(tr("PCA (fast)"), QStringLiteral("pca"));
  map->addItem(tr("No map"), QString());
  map->setCurrentIndex(std::max(0, map->findData(defaultMap)));
  form->addRow(tr("Map"), map);
  auto* seed = new QSpinBox(&dialog);
  seed->setRange(0, 1000000);
  form->addRow(tr("Seed"), seed);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  form->addRow(buttons);
  if (embeddings.isEmpty()) buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
  if (dialog.exec() != QDialog::Accepted) return;
  ClusterComputeRequest r;
  r.embedding = embedding->currentText();
  r.k = k->value() <= 1 ? 0 : k->value();
  r.map = map->currentData().toString();
  r.seed = quint64(seed->value());
  startComputation(r);
}

void ClusterPanel::startComputation(const ClusterComputeRequest& request) {
  if (m_path.isEmpty() || m_computing) return;
  m_computing = true;
  m_computeButton->setEnabled(false);
  m_progress->setRange(0, 0);
  m_progress->show();
  m_cancel->show();
  m_status->setText(tr("Clustering \u201c%1\u201d\u2026").arg(request.embedding));
  m_status->show();
  const std::string path = m_path.toStdString();
  struct Outcome {
    bool ok = false;
    bool cancelled = false;
    QString message;
    ClusteringKey key;
  };
  m_computeJob->start(
      [path, request](const JobContext& job) {
        const ProgressCallback progress = job.progressCallback();
        Outcome o;
        try {
          Catalog c = Catalog::open(path);
          // The same job as `vitrine-cli cluster` (core/cluster/job.h), validated there.
          ClusteringJobConfig cfg;
          cfg.embedding = request.embedding.toStdString();
          cfg.k = request.k;
          cfg.seed = request.seed;
          cfg.map = parseMapMethod(request.map.toStdString());
          const ClusteringJobResult result =
              runClusteringJob(c, cfg, [&](const Progress& p) { return progress(p) && !job.isCancelled(); });
          const ClusteringRun& run = result.run;
          o.ok = true;
          o.key = result.key;
          o.message = QObject::tr("Stored %1 clusters").arg(run.k);
        } catch (const Cancelled&) {
          o.cancelled = true;
          o.message = QObject::tr("Cancelled; nothing was stored.");
        } catch (const std::exception& e) {
          o.message = QString::fromStdString(e.what());
        }
        return o;
      },
      [this](const Outcome& o) {
        m_computing = false;
        m_computeButton->setEnabled(true);
        m_progress->hide();
        m_cancel->hide();
        m_status->setVisible(!o.ok);
        m_status->setText(o.message);
        if (!o.ok) m_lastError = o.message;
        if (o.ok) load(o.key);
        Q_EMIT computationFinished(o.ok, o.message);
      });
}

void ClusterPanel::cancelComputation() {
  m_computeJob->stop();
  m_status->setText(tr("Cancelling\u2026"));
}

}  // namespace vitrine
