#include "recommendations/recommendationspanel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QSet>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

#include "profile/profileeditor.h"
#include "recommendations/recommendationengine.h"
#include "recommendations/recommendationmodel.h"
#include "recommendations/recommendationview.h"
#include "theme/headerlabel.h"

namespace vitrine {

namespace {
const char* const kKKey = "Recommendations/k";
const char* const kAggKey = "Recommendations/aggregation";
constexpr int kMoreLikeThisCount = 12;
enum Channel { kProfileChannel = 0, kMoreLikeThisChannel = 1 };

QString trainHint() {
  return QCoreApplication::translate(
      "Vitrine",
      "Train one with Models \u2192 Train CuratorNet\u2026 (Ctrl+Shift+T); it appears here as soon as "
      "training ends.\n(Command line: vitrine-cli train --catalog FILE --sampling guidelines --name MODEL)");
}

std::vector<int64_t> idsOf(const RecommendationColumn& c) {
  std::vector<int64_t> ids;
  for (const RecommendedArtwork& a : c.items) ids.push_back(a.artworkId);
  return ids;
}
}  // namespace

RecommendationsPanel::RecommendationsPanel(ProfileEditor* profile, PixmapCache* pixmaps, QWidget* parent)
    : QWidget(parent),
      m_profile(profile),
      m_engine(new RecommendationEngine(this)),
      m_visModel(new RecommendationModel(pixmaps, this)),
      m_curModel(new RecommendationModel(pixmaps, this)) {
  m_visModel->setObjectName(QStringLiteral("visRankModel"));
  m_curModel->setObjectName(QStringLiteral("curatorNetModel"));
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(8, 6, 8, 6);
  lay->setSpacing(6);

  // Shared controls: embedding, k, overlap.
  auto* controls = new QHBoxLayout;
  controls->setSpacing(6);
  controls->addWidget(dimLabel(tr("Embedding"), this));
  m_embeddingCombo = new QComboBox(this);
  m_embeddingCombo->setObjectName(QStringLiteral("embeddingCombo"));
  m_embeddingCombo->setToolTip(tr("The visual features both models rank with"));
  m_embeddingCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  controls->addWidget(m_embeddingCombo);
  controls->addWidget(dimLabel(tr("Show"), this));
  m_kSpin = new QSpinBox(this);
  m_kSpin->setObjectName(QStringLiteral("kSpin"));
  m_kSpin->setRange(1, 100);
  m_kSpin->setValue(QSettings().value(kKKey, 10).toInt());
  m_kSpin->setToolTip(tr("How many recommendations per column (k)"));
  controls->addWidget(m_kSpin);
  controls->addStretch(1);
  m_overlapLabel = new QLabel(this);
  m_overlapLabel->setObjectName(QStringLiteral("overlapLabel"));
  m_overlapLabel->setToolTip(tr("Artworks both models recommend, marked \u25c6 in both columns"));
  controls->addWidget(m_overlapLabel);
  lay->addLayout(controls);

  auto* columns = new QSplitter(Qt::Horizontal, this);
  columns->setChildrenCollapsible(false);
  const auto column = [this, columns](const QString& title, QLabel** titleLabel, QComboBox** selector,
                                      RecommendationView** view, RecommendationModel* model, const QString& name) {
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
    connect(*view, &RecommendationView::showRequested, this, &RecommendationsPanel::showArtworkRequested);
    connect(*view, &RecommendationView::addRequested, this, &RecommendationsPanel::addArtworkRequested);
    columns->addWidget(w);
  };
  column(tr("CuratorNet"), &m_curTitle, &m_curatorCombo, &m_curView, m_curModel, QStringLiteral("curatorNetView"));
  column(tr("VisRank"), &m_visTitle, &m_aggCombo, &m_visView, m_visModel, QStringLiteral("visRankView"));
  m_curatorCombo->setObjectName(QStringLiteral("curatorModelCombo"));
  m_curatorCombo->setToolTip(tr("Which trained CuratorNet model"));
  m_curatorCombo->setMinimumContentsLength(8);
  m_curatorCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_curatorCombo->setMaximumWidth(200);
  m_aggCombo->setObjectName(QStringLiteral("aggregationCombo"));
  m_aggCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_aggCombo->setToolTip(tr("How VisRank combines the similarities to the profile items"));
  m_aggCombo->addItem(tr("Maximum"), QStringLiteral("maximum"));
  m_aggCombo->addItem(tr("Average"), QStringLiteral("average"));
  m_aggCombo->addItem(tr("Average of top 3"), QStringLiteral("average_top_k:3"));
  m_aggCombo->setCurrentIndex(std::max(0, m_aggCombo->findData(QSettings().value(kAggKey, QStringLiteral("maximum")))));
  // Two equal columns (resizeEvent) until the user drags the handle: side by side they are
  // compared row by row, and a row's text then fits alike in both.
  m_columns = columns;
  connect(columns, &QSplitter::splitterMoved, this, [this] { m_columnsMoved = true; });
  lay->addWidget(columns, 1);

  connect(m_aggCombo, &QComboBox::currentIndexChanged, this, [this] {
    QSettings().setValue(kAggKey, m_aggCombo->currentData());
    requestRecommendations();
    requestMoreLikeThis(m_moreLikeThis);
  });
  connect(m_curatorCombo, &QComboBox::currentIndexChanged, this, [this] {
    requestRecommendations();
    requestMoreLikeThis(m_moreLikeThis);
  });
  connect(m_embeddingCombo, &QComboBox::currentIndexChanged, this, [this] {
    if (!m_catalogPath.isEmpty() && m_embeddingCombo->currentIndex() >= 0)
      QSettings().setValue(QStringLiteral("embedding/") + m_catalogPath, m_embeddingCombo->currentData());
    // The CuratorNet models depend on the embedding: the owner re-reads them for it.
    m_ready = false;
    Q_EMIT embeddingChanged(embedding());
  });
  connect(m_kSpin, &QSpinBox::valueChanged, this, [this](int k) {
    QSettings().setValue(kKKey, k);
    requestRecommendations();
  });
  connect(m_engine, &RecommendationEngine::finished, this, &RecommendationsPanel::onResult);
  connect(m_profile, &ProfileEditor::changed, this, &RecommendationsPanel::requestRecommendations);
}

RecommendationsPanel::~RecommendationsPanel() {
  m_engine->cancel(kProfileChannel);
  m_engine->cancel(kMoreLikeThisChannel);
}

void RecommendationsPanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (m_columns && !m_columnsMoved) {
    const int w = m_columns->width() - m_columns->handleWidth();
    m_columns->setSizes({w / 2, w - w / 2});
  }
}

void RecommendationsPanel::setCatalogPath(const QString& path) {
  m_catalogPath = path;
  m_ready = false;
  m_moreLikeThis = 0;
  m_engine->invalidate();
  m_visModel->clear();
  m_curModel->clear();
}

void RecommendationsPanel::setCatalogContents(const QList<QPair<QString, qint64>>& embeddings,
                                              const QList<QPair<QString, QString>>& curatorModels,
                                              const QString& openOn) {
  {
    const QSignalBlocker b1(m_embeddingCombo), b2(m_curatorCombo);
    // Embeddings (the one rule, core/recommend/embedding_choice.h): the current one, else the
    // remembered one for this catalog (the user's choice), else `openOn` (one that has a
    // CuratorNet model when one exists, else the catalog's default).
    const QString previous = m_embeddingCombo->currentData().toString();
    const QString remembered = QSettings().value(QStringLiteral("embedding/") + m_catalogPath).toString();
    m_embeddingCombo->clear();
    for (const auto& e : embeddings) m_embeddingCombo->addItem(tr("%1 (%2)").arg(e.first).arg(e.second), e.first);
    int pick = m_embeddingCombo->findData(previous);
    if (pick < 0) pick = m_embeddingCombo->findData(remembered);
    if (pick < 0) pick = m_embeddingCombo->findData(openOn);
    m_embeddingCombo->setCurrentIndex(pick < 0 ? 0 : pick);
    m_embeddingCombo->setEnabled(m_embeddingCombo->count() > 0);
    if (m_embeddingCombo->count() == 0) m_embeddingCombo->addItem(tr("none"), QString());

    // CuratorNet models trained on the selected embedding.
    const QString selected = embedding();
    const QString previousModel = m_curatorCombo->currentData().toString();
    m_curatorCombo->clear();
    m_curatorModelsOtherEmbeddings.clear();
    for (const auto& m : curatorModels) {
      if (m.second == selected || m.second.isEmpty()) {
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
  }
  m_ready = true;
  // No invalidate(): the engine's RankingService notices new embeddings and retrained models.
  Q_EMIT selectionChanged();
  requestRecommendations();
  requestMoreLikeThis(m_moreLikeThis);
}

bool RecommendationsPanel::selectCuratorModel(const QString& name) {
  const int i = m_curatorCombo->findData(name);
  if (i >= 0) m_curatorCombo->setCurrentIndex(i);
  return i >= 0;
}

void RecommendationsPanel::selectEmbedding(const QString& name) {
  const int i = m_embeddingCombo->findData(name);
  if (i >= 0 && i != m_embeddingCombo->currentIndex()) m_embeddingCombo->setCurrentIndex(i);
}

void RecommendationsPanel::setCuratorPendingNote(const QString& note) {
  if (note == m_curatorPendingNote) return;
  m_curatorPendingNote = note;
  requestRecommendations();  // the empty column's text follows
}

void RecommendationsPanel::invalidate() { m_engine->invalidate(); }

QString RecommendationsPanel::embedding() const { return m_embeddingCombo->currentData().toString(); }
QString RecommendationsPanel::curatorModel() const { return m_curatorCombo->currentData().toString(); }
QString RecommendationsPanel::aggregationText() const { return m_aggCombo->currentText(); }
std::vector<int64_t> RecommendationsPanel::curatorNetIds() const { return m_curModel->artworkIds(); }
std::vector<int64_t> RecommendationsPanel::visRankIds() const { return m_visModel->artworkIds(); }

std::optional<RankerSpec> RecommendationsPanel::curatorSpec() const {
  const QString name = curatorModel();
  if (name.isEmpty()) return std::nullopt;
  return RankerSpec::curatorNet(name.toStdString());
}

QString RecommendationsPanel::curatorEmptyText() const {
  QString text =
      tr("No trained CuratorNet model for the embedding \u201c%1\u201d in this catalog.\n\n").arg(embedding());
  if (!m_curatorModelsOtherEmbeddings.isEmpty()) {
    text += tr("Models for other embeddings: %1 (pick that embedding above).\n\n")
                .arg(m_curatorModelsOtherEmbeddings.join(QStringLiteral(", ")));
  }
  return text + (m_curatorPendingNote.isEmpty() ? trainHint() : m_curatorPendingNote);
}

void RecommendationsPanel::requestRecommendations() {
  if (m_catalogPath.isEmpty() || !m_ready) return;
  RecommendationRequest r;
  r.channel = kProfileChannel;
  r.catalogPath = m_catalogPath;
  r.embedding = embedding();
  try {
    r.visrank = RankerSpec::visRank(parseVisRankConfig(m_aggCombo->currentData().toString().toStdString()));
  } catch (const std::exception&) {
    r.visrank = RankerSpec::visRank();
  }
  r.curator = curatorSpec();
  r.profile = m_profile->ids();
  r.k = m_kSpin->value();
  m_clock.start();
  m_pending = true;
  Q_EMIT busyText(tr("Updating recommendations\u2026"));
  m_engine->submit(r);
  Q_EMIT selectionChanged();
}

void RecommendationsPanel::requestMoreLikeThis(qint64 artworkId) {
  m_moreLikeThis = artworkId;
  if (m_catalogPath.isEmpty() || !m_ready || artworkId <= 0) return;
  RecommendationRequest r;
  r.channel = kMoreLikeThisChannel;
  r.catalogPath = m_catalogPath;
  r.embedding = embedding();
  r.visrank = RankerSpec::visRank();  // one item: every aggregation agrees
  r.curator = curatorSpec();
  r.profile = {artworkId};
  r.k = kMoreLikeThisCount;
  m_engine->submit(r);
}

void RecommendationsPanel::onResult(const RecommendationResult& result) {
  if (result.request.catalogPath != m_catalogPath) return;
  if (result.request.channel == kMoreLikeThisChannel) {
    if (result.request.profile.size() != 1 || result.request.profile.front() != m_moreLikeThis) return;
    RecommendationColumn cur = result.curatornet;
    if (!result.request.curator) cur.error = curatorEmptyText().section(QLatin1Char('\n'), 0, 0);
    Q_EMIT moreLikeThisReady(m_moreLikeThis, result.visrank, cur);
    return;
  }
  m_pending = false;
  m_lastLatencyMs = static_cast<double>(m_clock.nsecsElapsed()) / 1e6;
  Q_EMIT busyText(tr("ranked in %1 ms").arg(result.milliseconds, 0, 'f', 0));
  m_visModel->setColumn(result.visrank);
  m_curModel->setColumn(result.curatornet);
  const std::vector<int64_t> visIds = idsOf(result.visrank), curIds = idsOf(result.curatornet);
  m_visModel->setOtherIds(QSet<qint64>(curIds.begin(), curIds.end()));
  m_curModel->setOtherIds(QSet<qint64>(visIds.begin(), visIds.end()));
  const int overlap = m_visModel->overlapCount();
  if (!visIds.empty() && !curIds.empty()) {
    m_overlapLabel->setText(tr("<span style='color:%1'>\u25c6</span> %2 of %3 in both")
                                .arg(theme::bothModels().name())
                                .arg(overlap)
                                .arg(std::max(visIds.size(), curIds.size())));
  } else {
    m_overlapLabel->clear();
  }
  // The selectors beside the titles name the model and aggregation; the titles stay short so
  // both fit a narrow column, the full ranker name is in their tooltips.
  m_visTitle->setToolTip(result.visrank.ranker);
  m_curTitle->setToolTip(result.curatornet.ranker);

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
                          : empty                         ? emptyProfile
                                                          : tr("Nothing to recommend.") + note);
  if (!result.request.curator) {
    m_curView->setEmptyText(curatorEmptyText());
  } else {
    m_curView->setEmptyText(!result.curatornet.error.isEmpty() ? result.curatornet.error
                            : empty                            ? emptyProfile
                                                               : tr("Nothing to recommend.") + note);
  }
  if (!note.isEmpty()) Q_EMIT statusMessage(note.trimmed(), 5000);
  Q_EMIT updated();
}

}  // namespace vitrine
