#include "recommendations/recommendationengine.h"

#include <QElapsedTimer>

#include <memory>
#include <unordered_map>

#include "catalog/catalog.h"
#include "recommend/ranking.h"

namespace vitrine {

struct RecommendationEngine::State {
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<RankingService> service;  // over `catalog`
  QString path;

  void reset() {
    service.reset();
    catalog.reset();
    path.clear();
  }
};

RecommendationEngine::RecommendationEngine(QObject* parent) : QObject(parent), m_state(new State) {
  qRegisterMetaType<vitrine::RecommendationResult>();
  m_thread = std::thread([this] { workerLoop(); });
}

RecommendationEngine::~RecommendationEngine() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stopping = true;
    m_pending.clear();
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
  delete m_state;
}

quint64 RecommendationEngine::submit(const RecommendationRequest& request) {
  quint64 generation = 0;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    generation = ++m_nextGeneration;
    m_latest[request.channel] = generation;
    m_pending[request.channel] = {generation, request};  // replaces what still waited
  }
  m_wake.notify_one();
  return generation;
}

void RecommendationEngine::cancel(int channel) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_pending.erase(channel);
  m_latest[channel] = ++m_nextGeneration;
}

void RecommendationEngine::invalidate() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_invalidate = true;
  }
  m_wake.notify_one();
}

bool RecommendationEngine::isBusy() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return !m_pending.empty() || m_running > 0;
}

void RecommendationEngine::workerLoop() {
  for (;;) {
    RecommendationRequest request;
    quint64 generation = 0;
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stopping || !m_pending.empty() || m_invalidate; });
      if (m_stopping) return;
      if (m_invalidate) {
        m_invalidate = false;
        m_state->reset();
      }
      if (m_pending.empty()) continue;
      // Lowest channel first: the profile's columns matter more than "more like this".
      auto it = m_pending.begin();
      generation = it->second.first;
      request = std::move(it->second.second);
      m_pending.erase(it);
      ++m_running;
    }
    RecommendationResult result = compute(request, generation);
    QMetaObject::invokeMethod(
        this,
        [this, result = std::move(result)] {
          bool latest = false;
          {
            std::lock_guard<std::mutex> lock(m_mutex);
            --m_running;
            latest = m_latest[result.request.channel] == result.generation;
          }
          if (latest) Q_EMIT finished(result);
        },
        Qt::QueuedConnection);
  }
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

RecommendationResult RecommendationEngine::compute(const RecommendationRequest& request, quint64 generation) {
  QElapsedTimer timer;
  timer.start();
  RecommendationResult result;
  result.generation = generation;
  result.request = request;
  State& s = *m_state;
  try {
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
