#include "recommendations/recommendationengine.h"

#include <QElapsedTimer>

#include <memory>
#include <unordered_map>

#include "catalog/catalog.h"
#include "recommend/models.h"
#include "recommend/ranker.h"

namespace vitrine {

struct RecommendationEngine::State {
  std::unique_ptr<Catalog> catalog;
  QString path;
  QString embedding;
  EmbeddingMatrix matrix;
  bool haveMatrix = false;
  QString matrixError;
  std::unordered_map<int64_t, int64_t> rowOf;                  // artwork id -> matrix row
  std::map<std::string, std::unique_ptr<Ranker>> rankers;      // by spec
  std::map<std::string, QString> rankerErrors;                 // specs that failed to build

  void reset() {
    catalog.reset();
    path.clear();
    embedding.clear();
    matrix = EmbeddingMatrix{};
    haveMatrix = false;
    matrixError.clear();
    rowOf.clear();
    rankers.clear();
    rankerErrors.clear();
  }
};

RecommendationEngine::RecommendationEngine(QObject* parent)
    : QObject(parent), m_state(new State) {
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
RecommendationColumn runColumn(Ranker& ranker, const EmbeddingMatrix& m, const Catalog& catalog,
                               const std::vector<int64_t>& profileRows, int k) {
  RecommendationColumn col;
  col.ranker = QString::fromStdString(ranker.name());
  const std::vector<Recommendation> recs = ranker.recommend(profileRows, k, true);
  col.items.reserve(recs.size());
  std::unordered_map<int64_t, QString> titles;  // profile items repeat across rows
  auto titleOf = [&](int64_t id) -> QString {
    auto it = titles.find(id);
    if (it != titles.end()) return it->second;
    const std::optional<Artwork> a = catalog.artwork(id);
    return titles[id] = a ? QString::fromStdString(a->title) : QString();
  };
  for (const Recommendation& r : recs) {
    RecommendedArtwork item;
    item.artworkId = m.artworkIds[static_cast<size_t>(r.item)];
    item.score = r.score;
    if (const std::optional<Artwork> a = catalog.artwork(item.artworkId)) {
      item.title = QString::fromStdString(a->title);
      item.artist = QString::fromStdString(a->artist);
      item.date = QString::fromStdString(a->dateText);
    }
    for (const Explanation& e : r.because) {
      if (e.profileItem < 0 || e.profileItem >= m.rows() || item.because.size() >= 3) continue;
      const int64_t pid = m.artworkIds[static_cast<size_t>(e.profileItem)];
      item.because.push_back(pid);
      item.becauseTitles << titleOf(pid);
    }
    col.items.push_back(std::move(item));
  }
  return col;
}
}  // namespace

RecommendationResult RecommendationEngine::compute(const RecommendationRequest& request,
                                                   quint64 generation) {
  QElapsedTimer timer;
  timer.start();
  RecommendationResult result;
  result.generation = generation;
  result.request = request;
  State& s = *m_state;
  try {
    if (s.path != request.catalogPath || s.embedding != request.embedding) {
      s.reset();
      s.path = request.catalogPath;
      s.embedding = request.embedding;
    }
    if (!s.catalog && !s.path.isEmpty()) {
      s.catalog = std::make_unique<Catalog>(Catalog::open(s.path.toStdString(), true));
    }
    if (!s.catalog) throw Error("no catalog is open");
    if (!s.haveMatrix && s.matrixError.isEmpty()) {
      if (s.embedding.isEmpty()) {
        s.matrixError = tr("This catalog has no embeddings yet: compute one with "
                           "`vitrine-cli embed`.");
      } else {
        try {
          // Loaded once per (catalog, embedding); every later edit reuses it.
          s.matrix = s.catalog->loadEmbeddingMatrix(s.embedding.toStdString());
          s.rowOf.reserve(s.matrix.artworkIds.size());
          for (size_t r = 0; r < s.matrix.artworkIds.size(); ++r)
            s.rowOf.emplace(s.matrix.artworkIds[r], static_cast<int64_t>(r));
          s.haveMatrix = true;
        } catch (const std::exception& e) {
          s.matrixError = QString::fromStdString(e.what());
        }
      }
    }
    if (!s.haveMatrix) {
      result.visrank.error = s.matrixError;
      result.curatornet.error = s.matrixError;
      result.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1e6;
      return result;
    }
    std::vector<int64_t> rows;
    rows.reserve(request.profile.size());
    for (int64_t id : request.profile) {
      auto it = s.rowOf.find(id);
      if (it == s.rowOf.end()) {
        ++result.withoutEmbedding;
      } else {
        rows.push_back(it->second);
      }
    }
    auto rankerFor = [&s](const std::string& spec, QString* error) -> Ranker* {
      auto it = s.rankers.find(spec);
      if (it != s.rankers.end()) return it->second.get();
      auto bad = s.rankerErrors.find(spec);
      if (bad != s.rankerErrors.end()) {
        *error = bad->second;
        return nullptr;
      }
      try {
        std::unique_ptr<Ranker> r = makeRanker(spec, s.matrix, s.catalog.get());
        Ranker* raw = r.get();
        s.rankers.emplace(spec, std::move(r));
        return raw;
      } catch (const std::exception& e) {
        *error = QString::fromStdString(e.what());
        s.rankerErrors.emplace(spec, *error);
        return nullptr;
      }
    };
    const auto fill = [&](const QString& spec, RecommendationColumn& col) {
      if (spec.isEmpty()) return;
      QString error;
      Ranker* r = rankerFor(spec.toStdString(), &error);
      if (!r) {
        col.error = error;
        return;
      }
      if (rows.empty()) {
        col.ranker = QString::fromStdString(r->name());
        return;
      }
      try {
        col = runColumn(*r, s.matrix, *s.catalog, rows, request.k);
      } catch (const std::exception& e) {
        col.ranker = QString::fromStdString(r->name());
        col.error = QString::fromStdString(e.what());
      }
    };
    fill(request.visrankSpec, result.visrank);
    fill(request.curatorSpec, result.curatornet);
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
