#pragma once
#include <QElapsedTimer>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <optional>

#include "recommend/ranker_spec.h"

class QComboBox;
class QLabel;
class QSpinBox;
class QSplitter;

namespace vitrine {

class PixmapCache;
class ProfileEditor;
class RecommendationEngine;
class RecommendationModel;
class RecommendationView;
struct RecommendationColumn;
struct RecommendationResult;

// CuratorNet | VisRank recommendations for the shared profile, side by side, with the shared
// controls: the embedding both rank with ("embeddingCombo"), k ("kSpin"), the CuratorNet model
// ("curatorModelCombo"), the VisRank aggregation ("aggregationCombo") and the overlap count
// ("overlapLabel"). Columns: "curatorNetView"/"curatorNetModel" and "visRankView"/"visRankModel".
// Every profile edit re-ranks on the engine's worker (latest wins); "more like this" for one
// artwork runs on its own channel.
class RecommendationsPanel : public QWidget {
  Q_OBJECT

 public:
  RecommendationsPanel(ProfileEditor* profile, PixmapCache* pixmaps, QWidget* parent = nullptr);
  ~RecommendationsPanel() override;

  // A catalog was opened (empty: closed). Results of the previous one are dropped.
  void setCatalogPath(const QString& path);
  // The catalog's embeddings (name, artworks covered) and CuratorNet models (name, embedding):
  // fills the selectors (keeping the current choice, else the remembered embedding for this
  // catalog, else a learned one) and re-ranks.
  void setCatalogContents(const QList<QPair<QString, qint64>>& embeddings,
                          const QList<QPair<QString, QString>>& curatorModels, const QString& openOn = QString());
  // Selects the CuratorNet model `name` when listed.
  // Makes `name` the CuratorNet column's model; false when the selector does not list it (yet).
  bool selectCuratorModel(const QString& name);
  // Selects the embedding `name` when listed (as if picked in the selector: remembered for the
  // catalog, models re-read through embeddingChanged).
  void selectEmbedding(const QString& name);
  // While a background job trains a model for this catalog: the CuratorNet column says so instead
  // of how to train one (empty = back to the hint).
  void setCuratorPendingNote(const QString& note);
  // Forget cached matrices and rankers (a model or embedding was stored).
  void invalidate();

  QString embedding() const;
  QString curatorModel() const;
  QString aggregationText() const;
  // True while recommendations for the latest profile are being computed.
  bool isPending() const { return m_pending; }
  // Milliseconds from the last request to its results being shown.
  double lastLatencyMs() const { return m_lastLatencyMs; }
  std::vector<int64_t> curatorNetIds() const;
  std::vector<int64_t> visRankIds() const;

 public Q_SLOTS:
  void requestRecommendations();
  // "More like this" for one artwork: moreLikeThisReady follows.
  void requestMoreLikeThis(qint64 artworkId);

 Q_SIGNALS:
  // Both columns show the results for the current profile.
  void updated();
  void moreLikeThisReady(qint64 artworkId, const vitrine::RecommendationColumn& visrank,
                         const vitrine::RecommendationColumn& curatornet);
  // The embedding choice changed: the catalog's model list must be re-read for it.
  void embeddingChanged(const QString& embedding);
  // The models or embedding in use changed (for the status line).
  void selectionChanged();
  void showArtworkRequested(qint64 artworkId);
  void addArtworkRequested(qint64 artworkId);
  void busyText(const QString& text);
  void statusMessage(const QString& message, int timeoutMs);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void onResult(const RecommendationResult& result);
  std::optional<RankerSpec> curatorSpec() const;
  QString curatorEmptyText() const;

  ProfileEditor* m_profile;
  RecommendationEngine* m_engine;
  RecommendationModel* m_visModel;
  RecommendationModel* m_curModel;
  QSplitter* m_columns = nullptr;
  bool m_columnsMoved = false;  // the user dragged the handle: keep their split
  RecommendationView* m_visView = nullptr;
  RecommendationView* m_curView = nullptr;
  QComboBox* m_aggCombo = nullptr;
  QComboBox* m_curatorCombo = nullptr;
  QComboBox* m_embeddingCombo = nullptr;
  QSpinBox* m_kSpin = nullptr;
  QLabel* m_overlapLabel = nullptr;
  QLabel* m_visTitle = nullptr;
  QLabel* m_curTitle = nullptr;
  QString m_catalogPath;
  bool m_ready = false;  // the selectors are filled for this catalog
  qint64 m_moreLikeThis = 0;
  QElapsedTimer m_clock;
  bool m_pending = false;
  double m_lastLatencyMs = 0;
  QStringList m_curatorModelsOtherEmbeddings;
  QString m_curatorPendingNote;
};

}  // namespace vitrine
