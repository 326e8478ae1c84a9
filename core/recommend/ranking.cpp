#include "recommend/ranking.h"

#include <algorithm>

#include "recommend/curatornet.h"
#include "recommend/models.h"

namespace vitrine {

namespace {
// What identifies a stored model's content without reading its weights: a retrained model
// differs in config (seed), metrics or history-derived metrics, time or size.
std::string modelStamp(const StoredModelInfo& m) {
  return m.embedding + '\x1f' + std::to_string(m.createdAt) + '\x1f' + std::to_string(m.weightBytes) + '\x1f' +
         m.configJson + '\x1f' + m.metricsJson;
}
}  // namespace

struct RankingService::Entry {
  EmbeddingInfo info;  // as loaded: compared on re-check
  std::shared_ptr<const EmbeddingMatrix> matrix;
  std::unordered_map<int64_t, int64_t> rowOf;                    // artwork id -> row
  std::map<std::string, std::shared_ptr<const Ranker>> rankers;  // by RankerSpec::toString()
  std::map<std::string, std::string> modelStamps;                // CuratorNet model name -> modelStamp()
};

RankingService::RankingService(const Catalog& catalog) : m_catalog(catalog) {}
RankingService::~RankingService() = default;

void RankingService::invalidate() {
  m_entries.clear();
  m_stamp = {-1, -1};
}

void RankingService::recheck() {
  const auto stamp = m_catalog.changeStamp();
  if (stamp == m_stamp) return;
  m_stamp = stamp;
  if (m_entries.empty()) return;
  const std::vector<EmbeddingInfo> infos = m_catalog.embeddings();
  const std::vector<StoredModelInfo> models = storedModels(m_catalog);
  for (auto it = m_entries.begin(); it != m_entries.end();) {
    const EmbeddingInfo& had = it->second->info;
    bool same = false;
    for (const auto& e : infos)
      if (e.name == had.name) same = e.count == had.count && e.dimension == had.dimension && e.version == had.version;
    if (!same) {
      it = m_entries.erase(it);
      continue;
    }
    // A retrained (same name, new row) or deleted model drops its ranker.
    Entry& entry = *it->second;
    for (auto m = entry.modelStamps.begin(); m != entry.modelStamps.end();) {
      bool keep = false;
      for (const auto& s : models)
        if (s.name == m->first) keep = modelStamp(s) == m->second;
      if (!keep) {
        entry.rankers.erase(RankerSpec::curatorNet(m->first).toString());
        m = entry.modelStamps.erase(m);
      } else {
        ++m;
      }
    }
    ++it;
  }
}

RankingService::Entry& RankingService::entry(const std::string& embedding) {
  recheck();
  auto it = m_entries.find(embedding);
  if (it != m_entries.end()) return *it->second;
  auto e = std::make_unique<Entry>();
  // Throws naming the stored embeddings.
  auto m = std::make_shared<EmbeddingMatrix>(m_catalog.loadEmbeddingMatrix(embedding));
  e->info = {embedding, m->dimension, "", m->rows()};
  if (auto info = m_catalog.embeddingInfo(embedding)) e->info = *info;
  e->rowOf.reserve(m->artworkIds.size());
  for (size_t r = 0; r < m->artworkIds.size(); ++r) e->rowOf.emplace(m->artworkIds[r], static_cast<int64_t>(r));
  e->matrix = std::move(m);
  return *m_entries.emplace(embedding, std::move(e)).first->second;
}

std::shared_ptr<const EmbeddingMatrix> RankingService::matrix(const std::string& embedding) {
  return entry(embedding).matrix;
}

int64_t RankingService::rowOf(const std::string& embedding, int64_t artworkId) {
  const Entry& e = entry(embedding);
  auto it = e.rowOf.find(artworkId);
  return it == e.rowOf.end() ? -1 : it->second;
}

std::shared_ptr<const Ranker> RankingService::ranker(const std::string& embedding, const RankerSpec& spec) {
  Entry& e = entry(embedding);
  const std::string key = spec.toString();
  auto it = e.rankers.find(key);
  if (it != e.rankers.end()) return it->second;
  std::shared_ptr<const Ranker> r = makeRanker(spec, *e.matrix, &m_catalog);
  // Seeded random controls (one per study participant) are cheap to build: not kept.
  if (spec.kind == RankerSpec::Kind::Random) return r;
  if (spec.isCuratorNet()) {
    for (const auto& m : storedModels(m_catalog))
      if (m.name == spec.model) e.modelStamps[m.name] = modelStamp(m);
  }
  e.rankers.emplace(key, r);
  return r;
}

RankingResult RankingService::rank(const RankingRequest& request) {
  RankingResult out;
  out.spec = request.spec;
  out.embedding = request.embedding;
  const std::shared_ptr<const Ranker> r = ranker(request.embedding, request.spec);
  const Entry& e = *m_entries.at(request.embedding);
  const std::shared_ptr<const EmbeddingMatrix> matrix = e.matrix;
  out.rankerName = r->name();
  out.rankerConfigJson = r->configJson();

  std::vector<int64_t> rows;
  rows.reserve(request.profile.size());
  for (int64_t id : request.profile) {
    auto it = e.rowOf.find(id);
    if (it != e.rowOf.end()) {
      rows.push_back(it->second);
      continue;
    }
    SkippedProfileItem s;
    s.artworkId = id;
    if (m_catalog.artwork(id)) {
      s.reason = SkippedProfileItem::Reason::NoEmbedding;
      s.message = "artwork " + std::to_string(id) + " has no \"" + request.embedding + "\" embedding";
    } else {
      s.reason = SkippedProfileItem::Reason::UnknownArtwork;
      s.message = "artwork " + std::to_string(id) + " is not in the catalog";
    }
    out.skipped.push_back(std::move(s));
  }
  out.profileUsed = static_cast<int64_t>(rows.size());
  if (rows.empty() || request.k <= 0) return out;

  // With percentiles: one scoring pass serves both the top k and the percentiles (what the rankers'
  // recommend() does inside: scoreAll, topK, explain).
  std::vector<float> scores;
  std::vector<Recommendation> recs;
  if (request.percentiles) {
    scores = r->scoreAll(rows);
    for (int64_t item : topK(scores, request.k, request.excludeProfile ? rows : std::vector<int64_t>{})) {
      Recommendation rec;
      rec.item = item;
      rec.score = scores[static_cast<size_t>(item)];
      rec.because = r->explain(rows, item, 3);
      recs.push_back(std::move(rec));
    }
  } else {
    recs = r->recommend(rows, request.k, request.excludeProfile);
  }
  const EmbeddingMatrix& m = *matrix;
  out.items.reserve(recs.size());
  for (const Recommendation& rec : recs) {
    RankedArtwork a;
    a.artworkId = m.artworkIds[static_cast<size_t>(rec.item)];
    a.externalId = m.externalIds[static_cast<size_t>(rec.item)];
    a.score = rec.score;
    for (const Explanation& x : rec.because) {
      if (x.profileItem < 0 || x.profileItem >= m.rows() || a.because.size() >= 3) continue;
      a.because.push_back({m.artworkIds[static_cast<size_t>(x.profileItem)],
                           m.externalIds[static_cast<size_t>(x.profileItem)], x.similarity});
    }
    out.items.push_back(std::move(a));
  }
  if (request.percentiles && !recs.empty()) {
    std::vector<int64_t> items;
    items.reserve(recs.size());
    for (const Recommendation& rec : recs) items.push_back(rec.item);
    const std::vector<float> pct =
        scorePercentiles(scores, items, request.excludeProfile ? rows : std::vector<int64_t>{});
    for (size_t i = 0; i < out.items.size(); ++i) out.items[i].percentile = pct[i];
  }
  return out;
}

std::vector<float> scorePercentiles(const std::vector<float>& scores, const std::vector<int64_t>& items,
                                    const std::vector<int64_t>& excluded) {
  const auto n = static_cast<int64_t>(scores.size());
  std::vector<char> skip(scores.size(), 0);
  for (int64_t e : excluded)
    if (e >= 0 && e < n) skip[static_cast<size_t>(e)] = 1;
  std::vector<float> sorted;
  sorted.reserve(scores.size());
  for (int64_t i = 0; i < n; ++i)
    if (!skip[static_cast<size_t>(i)]) sorted.push_back(scores[static_cast<size_t>(i)]);
  std::sort(sorted.begin(), sorted.end());
  std::vector<float> out;
  out.reserve(items.size());
  for (int64_t item : items) {
    if (item < 0 || item >= n || sorted.empty()) {
      out.push_back(-1.f);
      continue;
    }
    const auto lower =
        std::lower_bound(sorted.begin(), sorted.end(), scores[static_cast<size_t>(item)]) - sorted.begin();
    out.push_back(100.f * static_cast<float>(lower) / static_cast<float>(sorted.size()));
  }
  return out;
}

}  // namespace vitrine
