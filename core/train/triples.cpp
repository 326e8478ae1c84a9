#include "train/triples.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "common/error.h"
#include "common/wide_multiply.h"
#include "common/wide_multiply.h"

namespace vitrine {

namespace {

constexpr uint64_t kHashMul = 92821;
constexpr uint64_t kHashMod = 402653189;
const char* const kStrategyNames[7] = {"random",
                                       "1 (rank profile items above near items)",
                                       "2 (single-item profile predicts itself)",
                                       "3 (visually similar items of favourite artists)",
                                       "4 (single-item profile, same artist)",
                                       "5 (predict the next basket)",
                                       "6 (hidden item of a basket)"};

// Portable uniform draws (std::uniform_int_distribution differs between standard libraries).
class Rng {
 public:
  explicit Rng(uint64_t seed) : m_engine(seed) {}
  // Uniform in [0, n), n > 0 (Lemire's multiply-shift with rejection).
  int64_t below(int64_t n) {
    const uint64_t range = static_cast<uint64_t>(n);
    for (;;) {
      uint64_t high = 0, low = 0;
      multiply64(m_engine(), range, high, low);
      if (low >= range || low >= (-range) % range) return static_cast<int64_t>(high);
    }
  }
  double unit() { return static_cast<double>(m_engine() >> 11) * (1.0 / 9007199254740992.0); }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(below(static_cast<int64_t>(v.size())))];
  }

 private:
  std::mt19937_64 m_engine;
};

int64_t ceilDiv(int64_t a, int64_t b) { return b <= 0 ? 0 : (a + b - 1) / b; }

std::vector<int32_t> lastN(const std::vector<int32_t>& v, int n) {
  if (n <= 0 || v.size() <= static_cast<size_t>(n)) return v;
  return std::vector<int32_t>(v.end() - n, v.end());
}

struct Event {
  int32_t row = 0;
  double timestamp = 0;
  size_t order = 0;
  bool flagged = false;
};

}  // namespace

HoldOut parseHoldOut(const std::string& s) {
  if (s == "none") return HoldOut::None;
  if (s == "tutorial" || s == "last-interaction") return HoldOut::LastInteraction;
  if (s == "basket" || s == "last-basket") return HoldOut::LastBasket;
  if (s == "both") return HoldOut::Both;
  throw Error("unknown hold-out rule '" + s + "' (expected none, tutorial, basket or both)");
}

std::string toString(HoldOut h) {
  switch (h) {
    case HoldOut::None:
      return "none";
    case HoldOut::LastInteraction:
      return "tutorial";
    case HoldOut::LastBasket:
      return "basket";
    case HoldOut::Both:
      return "both";
  }
  return "none";
}

std::vector<int32_t> UserHistory::items() const {
  std::vector<int32_t> out;
  for (const auto& b : baskets) out.insert(out.end(), b.begin(), b.end());
  return out;
}

size_t UserHistory::size() const {
  size_t n = 0;
  for (const auto& b : baskets) n += b.size();
  return n;
}

std::vector<Interaction> collectInteractions(const Catalog& catalog, bool includeProfiles) {
  std::vector<Interaction> out = catalog.interactions();
  if (!includeProfiles) return out;
  for (const SavedProfile& p : catalog.profiles()) {
    // Position order is the only time a saved profile has: one basket per position.
    for (size_t i = 0; i < p.artworkIds.size(); ++i) {
      Interaction x;
      x.userId = "profile:" + std::to_string(p.id);
      x.artworkId = p.artworkIds[i];
      x.timestamp = static_cast<double>(i);
      x.source = "profile";
      out.push_back(std::move(x));
    }
  }
  return out;
}

std::vector<UserHistory> trainingHistories(const std::vector<Interaction>& interactions,
                                           const EmbeddingMatrix& embeddings, HoldOut holdOut) {
  std::unordered_map<int64_t, int32_t> rowOf;
  rowOf.reserve(embeddings.artworkIds.size());
  for (int64_t r = 0; r < embeddings.rows(); ++r)
    rowOf.emplace(embeddings.artworkIds[static_cast<size_t>(r)], static_cast<int32_t>(r));

  std::vector<std::string> users;
  std::unordered_map<std::string, std::vector<Event>> byUser;
  for (size_t i = 0; i < interactions.size(); ++i) {
    const auto r = rowOf.find(interactions[i].artworkId);
    if (r == rowOf.end()) continue;  // no embedding: dropped first, as makeCases does
    auto [it, inserted] = byUser.try_emplace(interactions[i].userId);
    if (inserted) users.push_back(interactions[i].userId);
    it->second.push_back(Event{r->second, interactions[i].timestamp, i, interactions[i].evaluation.value_or(false)});
  }

  std::vector<UserHistory> out;
  for (const std::string& user : users) {
    std::vector<Event>& ev = byUser[user];
    std::stable_sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) { return a.timestamp < b.timestamp; });
    std::vector<bool> held(ev.size(), false);
    if (holdOut != HoldOut::None)
      for (size_t i = 0; i < ev.size(); ++i) held[i] = ev[i].flagged;
    // The same rules as makeCases (eval/protocol.cpp), so no evaluation case is trained on.
    if ((holdOut == HoldOut::LastInteraction || holdOut == HoldOut::Both) && ev.size() >= 2) {
      size_t last = 0;
      for (size_t i = 1; i < ev.size(); ++i)
        if (ev[i].timestamp > ev[last].timestamp ||
            (ev[i].timestamp == ev[last].timestamp && ev[i].order > ev[last].order))
          last = i;
      held[last] = true;
    }
    if ((holdOut == HoldOut::LastBasket || holdOut == HoldOut::Both) && !ev.empty()) {
      size_t start = ev.size();
      while (start > 0 && ev[start - 1].timestamp == ev.back().timestamp) --start;
      if (start > 0)
        for (size_t i = start; i < ev.size(); ++i) held[i] = true;
    }
    UserHistory h;
    h.userId = user;
    bool first = true;
    double lastTs = 0;
    for (size_t i = 0; i < ev.size(); ++i) {
      if (held[i]) continue;
      if (first || ev[i].timestamp != lastTs) h.baskets.emplace_back();
      h.baskets.back().push_back(ev[i].row);
      lastTs = ev[i].timestamp;
      first = false;
    }
    if (!h.baskets.empty()) out.push_back(std::move(h));
  }
  return out;
}

std::vector<RankingCase> splitValidationCases(std::vector<UserHistory>& users, double fraction, HoldOut kind,
                                              int maxProfile, uint64_t seed) {
  std::vector<RankingCase> cases;
  if (kind == HoldOut::None || !(fraction > 0)) return cases;
  const bool byBasket = kind != HoldOut::LastInteraction;
  std::vector<size_t> eligible;
  for (size_t u = 0; u < users.size(); ++u)
    if (byBasket ? users[u].baskets.size() >= 2 : users[u].size() >= 2) eligible.push_back(u);
  if (eligible.empty()) return cases;
  // A seeded shuffle (Fisher-Yates with multiply-shift draws: the same on every platform).
  std::mt19937_64 rng(seed ^ 0x76616c6964ULL);
  for (size_t i = eligible.size(); i > 1; --i) {
    const auto j = static_cast<size_t>(multiplyHigh64(rng(), i));
    std::swap(eligible[i - 1], eligible[j]);
  }
  const auto take = std::max<size_t>(
      1, std::min(eligible.size(), static_cast<size_t>(std::llround(fraction * static_cast<double>(eligible.size())))));
  eligible.resize(take);
  std::sort(eligible.begin(), eligible.end());
  for (size_t u : eligible) {
    UserHistory& h = users[u];
    RankingCase c;
    if (byBasket) {
      c.relevant = h.baskets.back();
      h.baskets.pop_back();
    } else {
      c.relevant = {h.baskets.back().back()};
      h.baskets.back().pop_back();
      if (h.baskets.back().empty()) h.baskets.pop_back();
    }
    c.profile = h.items();
    if (maxProfile > 0 && c.profile.size() > static_cast<size_t>(maxProfile))
      c.profile.erase(c.profile.begin(), c.profile.end() - maxProfile);
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<std::string> artistsOf(const Catalog& catalog, const EmbeddingMatrix& embeddings) {
  std::unordered_map<int64_t, std::string> artistOf;
  for (const Artwork& a : catalog.artworks()) artistOf.emplace(a.id, a.artist);
  std::vector<std::string> out(static_cast<size_t>(embeddings.rows()));
  for (size_t r = 0; r < out.size(); ++r) {
    const auto f = artistOf.find(embeddings.artworkIds[r]);
    if (f != artistOf.end()) out[r] = f->second;
  }
  return out;
}

uint64_t tripleHash(const std::vector<int32_t>& profile, int32_t pos, int32_t neg) {
  uint64_t h = 0;
  auto add = [&h](int64_t x) {
    const uint64_t v = static_cast<uint64_t>(x < 0 ? -x : x) % kHashMod;
    h = ((h * kHashMul) % kHashMod + v) % kHashMod;
  };
  for (int32_t x : profile) add(x);
  add(pos);
  add(neg);
  return h;
}

std::array<double, 6> parseShares(const std::string& text) {
  std::array<double, 6> out{};
  std::stringstream ss(text);
  std::string part;
  size_t n = 0;
  double sum = 0;
  while (std::getline(ss, part, ',')) {
    if (n >= 6) throw Error("--shares expects 6 numbers, got more in '" + text + "'");
    try {
      size_t used = 0;
      out[n] = std::stod(part, &used);
      if (part.find_first_not_of(" \t", used) != std::string::npos) throw std::invalid_argument("");
    } catch (const std::exception&) {
      throw Error("--shares: '" + part + "' is not a number");
    }
    if (!(out[n] >= 0)) throw Error("--shares: share " + std::to_string(n + 1) + " is negative");
    sum += out[n++];
  }
  if (n != 6) throw Error("--shares expects 6 numbers (strategies 1..6), got " + std::to_string(n));
  if (!(sum > 0)) throw Error("--shares: at least one share must be positive");
  return out;
}

// ------------------------------------------------------------------------------------------
// spec §4.2: random sampling
// ------------------------------------------------------------------------------------------

TripleSets sampleRandom(const std::vector<UserHistory>& users, int64_t itemCount, const RandomSamplingConfig& config) {
  TripleSets out;
  SamplingReport& rep = out.report;
  if (users.empty()) {
    rep.log.push_back("random sampling: no user has training interactions; nothing to sample");
    return out;
  }
  if (itemCount <= 0) {
    rep.log.push_back("random sampling: the embedding has no items");
    return out;
  }
  Rng rng(config.seed);
  std::unordered_set<uint64_t> used;  // shared by train and validation: the sets are disjoint
  const int64_t nUsers = static_cast<int64_t>(users.size());
  const int tries = std::max(1, config.maxTriesPerSlot);

  for (int set = 0; set < 2; ++set) {
    const int64_t total = set == 0 ? config.trainTriples : config.validationTriples;
    const int64_t perUser = ceilDiv(total, nUsers);
    std::vector<Triple>& dest = set == 0 ? out.train : out.validation;
    dest.reserve(static_cast<size_t>(perUser * nUsers));
    int64_t skippedUsers = 0;
    for (int32_t u = 0; u < static_cast<int32_t>(users.size()); ++u) {
      const std::vector<int32_t> full = users[static_cast<size_t>(u)].items();
      std::vector<char> inProfile(static_cast<size_t>(itemCount), 0);
      int64_t distinct = 0;
      for (int32_t x : full)
        if (!inProfile[static_cast<size_t>(x)]) inProfile[static_cast<size_t>(x)] = 1, ++distinct;
      if (distinct >= itemCount) {  // every item is in the profile: no negative exists
        ++skippedUsers;
        rep.shortfall[0] += perUser;
        continue;
      }
      // Rejection sampling is fast when most items are negatives; otherwise draw from the list.
      std::vector<int32_t> negatives;
      if (distinct * 2 > itemCount)
        for (int32_t i = 0; i < itemCount; ++i)
          if (!inProfile[static_cast<size_t>(i)]) negatives.push_back(i);
      auto drawNegative = [&]() -> int32_t {
        if (!negatives.empty()) return rng.pick(negatives);
        for (;;) {  // P(fail) <= 1/2 per draw
          const int32_t n = static_cast<int32_t>(rng.below(itemCount));
          if (!inProfile[static_cast<size_t>(n)]) return n;
        }
      };
      for (int64_t slot = 0; slot < perUser; ++slot) {
        bool ok = false;
        for (int t = 0; t < tries && !ok; ++t) {
          const int64_t pi = rng.below(static_cast<int64_t>(full.size()));
          Triple tr;
          const int64_t begin = std::max<int64_t>(0, pi - (config.maxProfile > 0 ? config.maxProfile - 1 : pi));
          tr.profile.assign(full.begin() + begin, full.begin() + pi + 1);
          tr.pos = full[static_cast<size_t>(pi)];
          tr.neg = drawNegative();
          tr.user = u;
          tr.strategy = 0;
          std::vector<int32_t> key = tr.profile;
          std::sort(key.begin(), key.end());  // order-insensitive profile, as the tutorial
          if (!used.insert(tripleHash(key, tr.pos, tr.neg)).second) {
            ++rep.collisions;
            continue;
          }
          dest.push_back(std::move(tr));
          ok = true;
        }
        if (!ok) ++rep.shortfall[0];
      }
    }
    (set == 0 ? rep.train : rep.validation)[0] = static_cast<int64_t>(dest.size());
    if (skippedUsers > 0)
      rep.log.push_back("random sampling: " + std::to_string(skippedUsers) +
                        " user(s) skipped because their profile covers every item");
  }
  if (rep.shortfall[0] > 0)
    rep.log.push_back("random sampling: " + std::to_string(rep.shortfall[0]) +
                      " triple(s) not found after bounded retries (too few distinct triples)");
  return out;
}

// ------------------------------------------------------------------------------------------
// spec §4.1: the six guidelines
// ------------------------------------------------------------------------------------------

namespace {

class GuidelineSampler {
 public:
  GuidelineSampler(const std::vector<UserHistory>& users, const GuidelineItems& items,
                   const GuidelineSamplingConfig& config, TripleSets& out)
      : m_users(users), m_items(items), m_config(config), m_out(out), m_rng(config.seed) {
    prepareItems();
    prepareUsers();
  }

  void run() {
    SamplingReport& rep = m_out.report;
    std::array<bool, 7> active{};
    std::array<std::string, 7> why{};
    for (int s = 1; s <= 6; ++s) active[s] = m_config.shares[s - 1] > 0;
    const bool anyUser = !m_users.empty();
    if (!anyUser) {
      why[1] = why[3] = why[5] = why[6] = "no training interactions (cold start)";
    }
    if (m_n == 0)
      for (int s = 1; s <= 6; ++s) why[s] = "the embedding has no items";
    if (!m_hasArtists) why[3] = why[4] = "no artist metadata";
    if (why[4].empty() && m_anchors.empty()) why[4] = "no artist has two or more artworks";
    if (why[3].empty() && m_artistUsers.empty()) why[3] = "no user has an artwork with a known artist";
    if (why[5].empty() && m_multiBasketUsers.empty()) why[5] = "no user has two or more baskets";
    if (why[6].empty() && m_basketUsers.empty()) why[6] = "no basket has two or more items";
    for (int s = 1; s <= 6; ++s) {
      if (!active[s]) continue;
      if (!why[s].empty()) {
        active[s] = false;
        rep.log.push_back("strategy " + std::string(kStrategyNames[s]) + " skipped: " + why[s]);
      }
    }
    double shareSum = 0;
    for (int s = 1; s <= 6; ++s)
      if (active[s]) shareSum += m_config.shares[s - 1];
    if (shareSum <= 0) {
      rep.log.push_back("guideline sampling: no strategy can run on this data; nothing sampled");
      return;
    }
    for (int s = 1; s <= 6; ++s) {
      if (!active[s]) continue;
      const double f = m_config.shares[s - 1] / shareSum;
      for (int set = 0; set < 2; ++set) {  // ORIG: train first, then test, per strategy
        const int64_t total = set == 0 ? m_config.trainTriples : m_config.validationTriples;
        const int64_t n = static_cast<int64_t>(std::llround(f * static_cast<double>(total)));
        m_dest = set == 0 ? &m_out.train : &m_out.validation;
        m_strategy = s;
        const size_t before = m_dest->size();
        switch (s) {
          case 1:
            strategy1(n);
            break;
          case 2:
            strategy2(n);
            break;
          case 3:
            strategy3(n);
            break;
          case 4:
            strategy4(n);
            break;
          case 5:
            strategy5(n);
            break;
          case 6:
            strategy6(n);
            break;
        }
        (set == 0 ? rep.train : rep.validation)[s] = static_cast<int64_t>(m_dest->size() - before);
      }
      if (rep.shortfall[s] > 0)
        rep.log.push_back("strategy " + std::string(kStrategyNames[s]) + ": " + std::to_string(rep.shortfall[s]) +
                          " slot(s) found no valid new triple within the retry limits");
    }
  }

 private:
  // --- item side ---
  void prepareItems() {
    m_n = static_cast<int64_t>(m_items.cluster.size());
    if (m_items.vectorDim <= 0 ||
        m_items.vectors.size() != static_cast<size_t>(m_n) * static_cast<size_t>(m_items.vectorDim))
      throw Error("guideline sampling: expected " + std::to_string(m_n) + " x d visual vectors, got " +
                  std::to_string(m_items.vectors.size()) + " values with d = " + std::to_string(m_items.vectorDim));
    if (!m_items.artist.empty() && m_items.artist.size() != static_cast<size_t>(m_n))
      throw Error("guideline sampling: " + std::to_string(m_items.artist.size()) + " artists for " +
                  std::to_string(m_n) + " items");
    std::map<int, int> dense;
    for (int64_t i = 0; i < m_n; ++i) {
      const int c = m_items.cluster[static_cast<size_t>(i)];
      if (c < 0) throw Error("guideline sampling: item " + std::to_string(i) + " has no cluster");
      dense.emplace(c, 0);
    }
    int next = 0;
    for (auto& [c, d] : dense) d = next++;
    m_clusterOf.resize(static_cast<size_t>(m_n));
    m_members.assign(dense.size(), {});
    for (int64_t i = 0; i < m_n; ++i) {
      m_clusterOf[static_cast<size_t>(i)] = dense[m_items.cluster[static_cast<size_t>(i)]];
      m_members[static_cast<size_t>(m_clusterOf[static_cast<size_t>(i)])].push_back(static_cast<int32_t>(i));
    }
    // Unit rows once: sim(i, j) is then a dot product (spec §4.1.1, cosine of the PCA vectors).
    const int d = m_items.vectorDim;
    m_unit = m_items.vectors;
    for (int64_t i = 0; i < m_n; ++i) {
      float* r = m_unit.data() + i * d;
      double ss = 0;
      for (int k = 0; k < d; ++k) ss += double(r[k]) * r[k];
      const float inv = ss > 0 ? static_cast<float>(1.0 / std::sqrt(ss)) : 0.f;
      for (int k = 0; k < d; ++k) r[k] *= inv;
    }
    m_artistOf.assign(static_cast<size_t>(m_n), -1);
    std::unordered_map<std::string, int> artistIndex;
    for (size_t i = 0; i < m_items.artist.size(); ++i) {
      const std::string& a = m_items.artist[i];
      if (a.empty()) continue;
      auto [it, inserted] = artistIndex.try_emplace(a, static_cast<int>(m_artistItems.size()));
      if (inserted) m_artistItems.emplace_back();
      m_artistOf[i] = it->second;
      m_artistItems[static_cast<size_t>(it->second)].push_back(static_cast<int32_t>(i));
    }
    m_hasArtists = !m_artistItems.empty();
    for (int64_t i = 0; i < m_n; ++i) {
      const int a = m_artistOf[static_cast<size_t>(i)];
      if (a >= 0 && m_artistItems[static_cast<size_t>(a)].size() >= 2) m_anchors.push_back(static_cast<int32_t>(i));
    }
  }

  double sim(int32_t a, int32_t b) const {
    const int d = m_items.vectorDim;
    const float* x = m_unit.data() + static_cast<int64_t>(a) * d;
    const float* y = m_unit.data() + static_cast<int64_t>(b) * d;
    double s = 0;
    for (int k = 0; k < d; ++k) s += double(x[k]) * y[k];
    return s;
  }
  int cl(int32_t i) const { return m_clusterOf[static_cast<size_t>(i)]; }
  bool same(int32_t a, int32_t b) const { return a == b || (cl(a) == cl(b) && std::abs(sim(a, b) - 1.0) < 1e-7); }
  bool validate(int32_t q, int32_t p, int32_t n, double margin) const {
    if (cl(q) == cl(p) && cl(q) != cl(n)) return true;
    if (cl(q) == cl(n) && cl(q) != cl(p)) return false;
    return sim(q, p) > sim(q, n) + margin;
  }

  // --- user side ---
  struct UserData {
    std::vector<int32_t> items;  // chronological, may repeat
    std::unordered_set<int32_t> itemSet;
    std::vector<int> artists;  // distinct known artists
    std::unordered_set<int> artistSet;
    std::vector<char> hasCluster;   // per dense cluster
    std::vector<int> nonpClusters;  // clusters the user never bought from
  };

  void prepareUsers() {
    m_user.resize(m_users.size());
    for (size_t u = 0; u < m_users.size(); ++u) {
      UserData& d = m_user[u];
      d.items = m_users[u].items();
      d.hasCluster.assign(m_members.size(), 0);
      for (int32_t x : d.items) {
        if (x < 0 || x >= m_n)
          throw Error("guideline sampling: user " + m_users[u].userId + " has item " + std::to_string(x) +
                      " outside 0.." + std::to_string(m_n - 1));
        d.itemSet.insert(x);
        d.hasCluster[static_cast<size_t>(cl(x))] = 1;
        const int a = m_artistOf[static_cast<size_t>(x)];
        if (a >= 0 && d.artistSet.insert(a).second) d.artists.push_back(a);
      }
      for (size_t c = 0; c < m_members.size(); ++c)
        if (!d.hasCluster[c]) d.nonpClusters.push_back(static_cast<int>(c));
      if (!d.artists.empty()) m_artistUsers.push_back(static_cast<int32_t>(u));
      if (m_users[u].baskets.size() >= 2) m_multiBasketUsers.push_back(static_cast<int32_t>(u));
      for (const auto& b : m_users[u].baskets)
        if (b.size() >= 2) {
          m_basketUsers.push_back(static_cast<int32_t>(u));
          break;
        }
    }
  }

  // --- samplers (spec §4.1.1), each bounded; -1 = failed ---
  template <class Excluded>
  int32_t sNear(int32_t pi, Excluded excluded) {
    for (int t = 0; t < m_config.maxDraws; ++t) {
      const auto& members = m_rng.unit() <= m_config.fineGrainedThreshold
                                ? m_members[static_cast<size_t>(cl(pi))]
                                : m_members[static_cast<size_t>(m_rng.below(int64_t(m_members.size())))];
      const int32_t item = m_rng.pick(members);
      if (!excluded(item)) return item;
    }
    return -1;
  }
  int32_t sNonshare(const UserData& d) {
    if (d.nonpClusters.empty()) return -1;
    for (int t = 0; t < m_config.maxDraws; ++t) {
      const int c = m_rng.pick(d.nonpClusters);
      const int32_t item = m_rng.pick(m_members[static_cast<size_t>(c)]);
      const int a = m_artistOf[static_cast<size_t>(item)];
      if (a < 0 || !d.artistSet.count(a)) return item;
    }
    return -1;
  }
  int32_t sPosArtistCluster(const UserData& d) {
    if (d.artists.empty()) return -1;
    for (int t = 0; t < 20; ++t) {  // ORIG's 20 tries
      const int a = m_rng.pick(d.artists);
      const int32_t item = m_rng.pick(m_artistItems[static_cast<size_t>(a)]);
      if (d.hasCluster[static_cast<size_t>(cl(item))] && !d.itemSet.count(item)) return item;
    }
    return -1;
  }

  // Accepts a triple unless pi/ni are visual duplicates or it was sampled before (§4.1.1).
  bool accept(const std::vector<int32_t>& profile, int32_t pi, int32_t ni, int32_t user) {
    if (same(pi, ni)) return false;
    if (!m_used.insert(tripleHash(profile, pi, ni)).second) {
      ++m_out.report.collisions;
      return false;
    }
    m_dest->push_back(Triple{profile, pi, ni, user, m_strategy});
    return true;
  }

  // Runs `attempt` up to `tries` times until it accepts; counts a shortfall otherwise.
  template <class Attempt>
  void slot(int tries, Attempt attempt) {
    for (int t = 0; t < tries; ++t)
      if (attempt()) return;
    ++m_out.report.shortfall[static_cast<size_t>(m_strategy)];
  }

  std::vector<int32_t> truncated(const std::vector<int32_t>& v) const { return lastN(v, m_config.maxProfile); }

  // 1: profile items above items near them (real users).
  void strategy1(int64_t n) {
    const int64_t perUser = ceilDiv(n, static_cast<int64_t>(m_users.size()));
    for (size_t u = 0; u < m_users.size(); ++u) {
      const UserData& d = m_user[u];
      const std::vector<int32_t> profile = truncated(d.items);
      for (int64_t k = 0; k < perUser; ++k)
        slot(m_config.triesPerSlot, [&]() {
          const int32_t pi = m_rng.pick(profile);
          const int32_t ni = sNear(pi, [&d](int32_t x) { return d.itemSet.count(x) > 0; });
          return ni >= 0 && accept(profile, pi, ni, static_cast<int32_t>(u));
        });
    }
  }

  // 2: a single-item profile recommends the item itself.
  void strategy2(int64_t n) {
    const int64_t perItem = ceilDiv(n, m_n);
    const int tries = std::max(m_config.triesPerSlot, 20);  // ORIG retries without a limit
    for (int32_t pi = 0; pi < m_n; ++pi) {
      const std::vector<int32_t> profile{pi};
      for (int64_t k = 0; k < perItem; ++k)
        slot(tries, [&]() {
          const int32_t ni = sNear(pi, [pi](int32_t x) { return x == pi; });
          return ni >= 0 && accept(profile, pi, ni, -1);
        });
    }
  }

  // 3: visually similar artworks of the user's artists above unrelated ones.
  void strategy3(int64_t n) {
    const int64_t perUser = ceilDiv(n, static_cast<int64_t>(m_artistUsers.size()));
    for (int32_t u : m_artistUsers) {
      const UserData& d = m_user[static_cast<size_t>(u)];
      const std::vector<int32_t> profile = truncated(d.items);
      for (int64_t k = 0; k < perUser; ++k)
        slot(m_config.triesPerSlot, [&]() {
          const int32_t pi = sPosArtistCluster(d);
          if (pi < 0) return false;
          const int32_t ni = sNonshare(d);
          return ni >= 0 && accept(profile, pi, ni, u);
        });
    }
  }

  // 4: a single-item profile recommends the same artist's work over visually worse items.
  void strategy4(int64_t n) {
    const int64_t perAnchor = ceilDiv(n, static_cast<int64_t>(m_anchors.size()));
    for (int32_t q : m_anchors) {
      const int a = m_artistOf[static_cast<size_t>(q)];
      const auto& works = m_artistItems[static_cast<size_t>(a)];
      const std::vector<int32_t> profile{q};
      for (int64_t k = 0; k < perAnchor; ++k)
        slot(m_config.triesPerSlot, [&]() {
          int32_t pi = q;
          while (pi == q) pi = m_rng.pick(works);  // works holds >= 2 distinct items
          for (int t = 0; t < 20; ++t) {           // ORIG's 20 tries
            const auto& members = m_rng.unit() <= m_config.fineGrainedThreshold
                                      ? m_members[static_cast<size_t>(cl(q))]
                                      : m_members[static_cast<size_t>(m_rng.below(int64_t(m_members.size())))];
            const int32_t ni = m_rng.pick(members);
            if (m_artistOf[static_cast<size_t>(ni)] == a) continue;
            if (validate(q, pi, ni, m_config.visualMargin)) return accept(profile, pi, ni, -1);
          }
          return false;
        });
    }
  }

  // 5: the baskets so far predict the next basket.
  void strategy5(int64_t n) {
    const int64_t perUser = ceilDiv(n, static_cast<int64_t>(m_multiBasketUsers.size()));
    for (int32_t u : m_multiBasketUsers) {
      const UserData& d = m_user[static_cast<size_t>(u)];
      const auto& baskets = m_users[static_cast<size_t>(u)].baskets;
      const int64_t perBasket = ceilDiv(perUser, static_cast<int64_t>(baskets.size()) - 1);
      std::vector<int32_t> sofar;
      for (size_t b = 0; b + 1 < baskets.size(); ++b) {
        sofar.insert(sofar.end(), baskets[b].begin(), baskets[b].end());
        const std::vector<int32_t> profile = truncated(sofar);
        for (int64_t k = 0; k < perBasket; ++k)
          slot(m_config.triesPerSlot, [&]() {
            const int32_t pi = m_rng.pick(baskets[b + 1]);
            const int32_t ni = sNonshare(d);
            return ni >= 0 && accept(profile, pi, ni, u);
          });
      }
    }
  }

  // 6: an item hidden from a basket is predicted from the rest and the earlier baskets.
  void strategy6(int64_t n) {
    const int64_t perUser = ceilDiv(n, static_cast<int64_t>(m_basketUsers.size()));
    for (int32_t u : m_basketUsers) {
      const UserData& d = m_user[static_cast<size_t>(u)];
      const auto& baskets = m_users[static_cast<size_t>(u)].baskets;
      int64_t valid = 0;
      for (const auto& b : baskets) valid += b.size() >= 2 ? 1 : 0;
      const int64_t perBasket = ceilDiv(perUser, valid);
      std::vector<int32_t> before;
      for (const auto& basket : baskets) {
        if (basket.size() >= 2) {
          const int64_t perItem = ceilDiv(perBasket, static_cast<int64_t>(basket.size()));
          for (size_t i = 0; i < basket.size(); ++i) {
            std::vector<int32_t> rest = before;
            for (size_t j = 0; j < basket.size(); ++j)
              if (j != i) rest.push_back(basket[j]);
            const std::vector<int32_t> profile = truncated(rest);
            const int32_t pi = basket[i];
            for (int64_t k = 0; k < perItem; ++k)
              slot(m_config.triesPerSlot, [&]() {
                const int32_t ni = sNonshare(d);
                return ni >= 0 && accept(profile, pi, ni, u);
              });
          }
        }
        before.insert(before.end(), basket.begin(), basket.end());
      }
    }
  }

  const std::vector<UserHistory>& m_users;
  const GuidelineItems& m_items;
  const GuidelineSamplingConfig& m_config;
  TripleSets& m_out;
  Rng m_rng;

  int64_t m_n = 0;
  std::vector<int> m_clusterOf;                 // dense cluster per item
  std::vector<std::vector<int32_t>> m_members;  // items per dense cluster
  std::vector<float> m_unit;                    // unit visual vectors
  std::vector<int> m_artistOf;                  // -1 = unknown
  std::vector<std::vector<int32_t>> m_artistItems;
  bool m_hasArtists = false;
  std::vector<int32_t> m_anchors;  // strategy 4

  std::vector<UserData> m_user;
  std::vector<int32_t> m_artistUsers, m_multiBasketUsers, m_basketUsers;

  std::unordered_set<uint64_t> m_used;  // shared by all strategies, train and validation
  std::vector<Triple>* m_dest = nullptr;
  int m_strategy = 0;
};

}  // namespace

TripleSets sampleGuidelines(const std::vector<UserHistory>& users, const GuidelineItems& items,
                            const GuidelineSamplingConfig& config) {
  TripleSets out;
  if (users.empty())
    out.report.log.push_back("no interactions: cold start, training on single-item profiles (strategies 2 and 4) only");
  GuidelineSampler sampler(users, items, config, out);
  sampler.run();
  return out;
}

}  // namespace vitrine
