#include "recommendations/recommendationengine.h"

#include <QElapsedTimer>

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "catalog/catalog.h"
#include "recommend/ranking.h"

namespace vitrine {

// The catalog connection and the ranking service with its caches, shared by the channels' runs
// (one at a time: `mutex`) and kept alive by the last run still holding it.
struct RecommendationEngine::Shared {
  std::mutex mutex;
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<RankingService> service;  // over `catalog`
  QString path;
  std::atomic<bool> invalidate{false};

  void reset() {
    service.reset();
    catalog.reset();
    path.clear();
  }
};

RecommendationEngine::RecommendationEngine(QObject* parent) : QObject(parent), m_shared(std::make_shared<Shared>()) {
  qRegisterMetaType<vitrine::RecommendationResult>();
}

// The channels' jobs are children: their destructors cancel and wait for their runs.
RecommendationEngine::~RecommendationEngine() = default;

BackgroundJob* RecommendationEngine::job(int channel) {
  BackgroundJob*& j = m_jobs[channel];
  // Own thread per channel: a ranking pass never queues behind other ui jobs in the shared pool,
  // and the engine's destruction waits for its runs (they use the catalog connection).
  if (!j) j = new BackgroundJob(this, BackgroundJob::Thread::Own);
  return j;
}

quint64 RecommendationEngine::submit(const RecommendationRequest& request) {
  const quint64 generation = ++m_nextGeneration;
  std::shared_ptr<Shared> shared = m_shared;
  job(request.channel)
      ->start(
          [shared, request, generation](const JobContext& context) {
            if (context.isCancelled()) return RecommendationResult{};  // replaced while it waited
            return compute(*shared, request, generation);
          },
          [this](RecommendationResult result) { Q_EMIT finished(result); });
  return generation;
}

void RecommendationEngine::cancel(int channel) {
  auto it = m_jobs.find(channel);
  if (it != m_jobs.end()) it->second->cancel();
}

void RecommendationEngine::invalidate() { m_shared->invalidate = true; }

bool RecommendationEngine::isBusy() const {
  for (const auto& [channel, j] : m_jobs)
    if (j->isRunning()) return true;
  return false;
}

namespace {
RecommendationColumn toColumn(const RankingResult& ranked, const Catalog& catalog) {
  RecommendationColumn col;
  col.ranker = QString::fromStdString(ranked.rankerName);
  col.curatorNet = ranked.spec.isCuratorNet();
  col.items.reserve(ranked.items.size());
  std::unordered_map<int64_t, QString> titles;  // profile items repeat across rows
  auto titleOf = [&](int64_t id) -> QString {
    auto it = titles.find(id);
    if (it != titles.end()) return it->second;
    const std::optional<Artwork> a = catalog.artwork(id);
    return titles[id] = a ? QString::fromStdString(a->title) : QString();
  };
  for (const RankedArtwork& r : ranked.items) {
    RecommendedArtwork item;
    item.artworkId = r.artworkId;
    item.score = r.score;
    item.percentile = r.percentile;
    if (const std::optional<Artwork> a = catalog.artwork(item.artworkId)) {
      item.title = QString::fromStdString(a->title);
      item.artist = QString::fromStdString(a->artist);
      item.date = QString::fromStdString(a->dateText);
    }
    for (const RankedExplanation& e : r.because) {
      item.because.push_back(e.artworkId);
      item.becauseSimilarity.push_back(e.similarity);
      item.becauseTitles << titleOf(e.artworkId);
    }
    col.items.push_back(std::move(item));
  }
  return col;
}
}  // namespace

RecommendationResult RecommendationEngine::compute(Shared& shared, const RecommendationRequest& request,
                                                   quint64 generation) {
  QElapsedTimer timer;
  timer.start();
  RecommendationResult result;
  result.generation = generation;
  result.request = request;
  const std::lock_guard<std::mutex> lock(shared.mutex);
  Shared& s = shared;
  try {
    if (s.invalidate.exchange(false)) s.reset();
    if (s.path != request.catalogPath) {
      s.reset();
      s.path = request.catalogPath;
    }
    if (!s.catalog && !s.path.isEmpty()) {
      s.catalog = std::make_unique<Catalog>(Catalog::open(s.path.toStdString(), true));
      s.service = std::make_unique<RankingService>(*s.catalog);
    }
    if (!s.catalog) throw Error("no catalog is open");
    if (request.embedding.isEmpty()) {
      const QString message = tr("This catalog has no embeddings yet: compute one with `vitrine-cli embed`.");
      result.visrank.error = message;
      result.curatornet.error = message;
      result.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1e6;
      return result;
    }
    const auto fill = [&](const RankerSpec& spec, RecommendationColumn& col, bool first) {
      RankingRequest r;
      r.profile = request.profile;
      r.spec = spec;
      r.embedding = request.embedding.toStdString();
      r.k = request.k;
      r.percentiles = true;
      try {
        const RankingResult ranked = s.service->rank(r);
        col = toColumn(ranked, *s.catalog);
        if (first) {
          result.withoutEmbedding = static_cast<int>(ranked.skipped.size());
          for (const SkippedProfileItem& skipped : ranked.skipped)
            result.skipped << QString::fromStdString(skipped.message);
        }
      } catch (const std::exception& e) {
        col.error = QString::fromStdString(e.what());
      }
    };
    fill(request.visrank, result.visrank, true);
    if (request.curator) fill(*request.curator, result.curatornet, false);
  } catch (const std::exception& e) {
    const QString message = QString::fromStdString(e.what());
    result.visrank.error = message;
    result.curatornet.error = message;
    s.reset();  // reopen on the next request
  }
  result.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1e6;
  return result;
}

}  // namespace vitrine
