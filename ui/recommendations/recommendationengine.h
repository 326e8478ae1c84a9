#pragma once
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "recommend/ranker_spec.h"
#include "services/backgroundjob.h"

namespace vitrine {

// What to rank: a profile of artwork ids against one embedding with a VisRank and (optionally)
// a CuratorNet ranker, through core's RankingService (core/recommend/ranking.h).
struct RecommendationRequest {
  int channel = 0;  // independent latest-wins streams: 0 = profile, 1 = "more like this"
  QString catalogPath;
  QString embedding;                  // e.g. "handcrafted" (chooseEmbedding picks it when the view opens)
  RankerSpec visrank;                 // e.g. VisRank (maximum)
  std::optional<RankerSpec> curator;  // a CuratorNet model; none = the column stays empty
  std::vector<int64_t> profile;       // artwork ids, in profile order
  int k = 10;
};

struct RecommendedArtwork {
  int64_t artworkId = 0;
  float score = 0.f;        // the ranker's raw score (scale depends on the ranker)
  float percentile = -1.f;  // RankedArtwork::percentile: 0..100 within the catalog, -1 unknown
  QString title, artist, date;
  std::vector<int64_t> because;          // up to 3 profile artwork ids, strongest first
  std::vector<float> becauseSimilarity;  // RankedExplanation::similarity, parallel to `because`
  QStringList becauseTitles;
};

struct RecommendationColumn {
  QString ranker;           // Ranker::name(), e.g. "VisRank (maximum)"
  bool curatorNet = false;  // explanations are learned-space dot products, not cosines
  QString error;            // why the column is empty (no model, failed load, ...)
  std::vector<RecommendedArtwork> items;
};

struct RecommendationResult {
  quint64 generation = 0;
  RecommendationRequest request;
  RecommendationColumn visrank;
  RecommendationColumn curatornet;
  int withoutEmbedding = 0;  // profile artworks the embedding does not cover (left out)
  QStringList skipped;       // why each of them was left out (RankingResult::skipped)
  double milliseconds = 0;   // worker time for this request
};

// Runs both rankers off the GUI thread through a RankingService (core/recommend/ranking.h) that
// keeps, per embedding, the matrix loaded once and the rankers built from it, so a profile edit
// costs one scoring pass, never a reload; it notices new embeddings and retrained models itself.
// Each channel is a BackgroundJob (services/backgroundjob.h), hence latest-wins per channel: a new
// request cancels the one before it, whose result is dropped. The channels share the service, one
// request at a time.
class RecommendationEngine : public QObject {
  Q_OBJECT

 public:
  explicit RecommendationEngine(QObject* parent = nullptr);
  ~RecommendationEngine() override;

  // Queues the request and returns its generation (the one `finished` will carry).
  quint64 submit(const RecommendationRequest& request);
  // Drops any pending request of that channel and ignores the result of one in flight.
  void cancel(int channel);
  // Forget cached matrices and rankers (rarely needed: the service notices catalog changes).
  void invalidate();
  // True while a request waits or runs.
  bool isBusy() const;

 Q_SIGNALS:
  // On the engine's (GUI) thread, only for the newest request of its channel.
  void finished(const vitrine::RecommendationResult& result);

 private:
  struct Shared;
  BackgroundJob* job(int channel);
  static RecommendationResult compute(Shared& shared, const RecommendationRequest& request, quint64 generation);

  std::shared_ptr<Shared> m_shared;      // outlives the engine while a cancelled run finishes
  std::map<int, BackgroundJob*> m_jobs;  // per channel, children of this object
  quint64 m_nextGeneration = 0;
};

}  // namespace vitrine

Q_DECLARE_METATYPE(vitrine::RecommendationResult)
