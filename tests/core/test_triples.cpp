// Triple sampling (spec §4): the tutorial's random sampler and the six guidelines of ORIG.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "catalog/catalog.h"
#include "eval/protocol.h"
#include "train/triples.h"
#include "testutil.h"

using namespace vitrine;

namespace {

bool contains(const std::vector<int32_t>& v, int32_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// users x baskets of distinct items; user u buys from clusters u % 4 and (u + 1) % 4.
std::vector<UserHistory> syntheticUsers(int users, int itemCount, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<UserHistory> out;
  for (int u = 0; u < users; ++u) {
    UserHistory h;
    h.userId = "u" + std::to_string(u);
    const int baskets = 1 + static_cast<int>(rng() % 4);
    std::set<int32_t> seen;
    for (int b = 0; b < baskets; ++b) {
      std::vector<int32_t> basket;
      const int size = 1 + static_cast<int>(rng() % 3);
      for (int k = 0; k < size; ++k) {
        const int cluster = (u + static_cast<int>(rng() % 2)) % 4;
        const int32_t item = cluster * (itemCount / 4) + static_cast<int32_t>(rng() % (itemCount / 4));
        if (seen.insert(item).second) basket.push_back(item);
      }
      if (!basket.empty()) h.baskets.push_back(basket);
    }
    out.push_back(h);
  }
  return out;
}

// 4 clusters of 15 items (items c*15 .. c*15+14); 10 artists of 6 items each, artist a owns
// items a, a+10, ... so every artist spans several clusters.
GuidelineItems syntheticItems(bool withArtists = true) {
  GuidelineItems it;
  const int n = 60, d = 8;
  std::mt19937_64 rng(7);
  std::normal_distribution<float> noise(0.f, 0.1f);
  it.vectorDim = d;
  for (int i = 0; i < n; ++i) {
    it.cluster.push_back(i / 15);
    for (int k = 0; k < d; ++k) it.vectors.push_back((k == i / 15 ? 1.f : 0.f) + noise(rng));
    if (withArtists) it.artist.push_back("artist" + std::to_string(i % 10));
  }
  return it;
}

std::set<uint64_t> hashesOf(const std::vector<Triple>& a, bool sortedProfile) {
  std::set<uint64_t> h;
  for (const Triple& t : a) {
    auto p = t.profile;
    if (sortedProfile) std::sort(p.begin(), p.end());
    h.insert(tripleHash(p, t.pos, t.neg));
  }
  return h;
}

bool sameTriples(const std::vector<Triple>& a, const std::vector<Triple>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].profile != b[i].profile || a[i].pos != b[i].pos || a[i].neg != b[i].neg || a[i].user != b[i].user ||
        a[i].strategy != b[i].strategy)
      return false;
  return true;
}

bool logMentions(const SamplingReport& r, const std::string& text) {
  for (const auto& line : r.log)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(Triples, HashIsThePolynomialOfTheTutorial) {
  // h = ((h*92821) mod 402653189 + x) mod 402653189 over profile, pi, ni.
  uint64_t h = 0;
  for (uint64_t x : {3ull, 5ull, 7ull, 11ull}) h = ((h * 92821) % 402653189 + x) % 402653189;
  EXPECT_EQ(tripleHash({3, 5}, 7, 11), h);
  EXPECT_NE(tripleHash({3, 5}, 7, 11), tripleHash({5, 3}, 7, 11));
}

TEST(Triples, RandomWindowsEndWithThePositiveAndNegativesAreOutside) {
  const int n = 80;
  const auto users = syntheticUsers(25, n, 1);
  RandomSamplingConfig cfg;
  cfg.trainTriples = 1000;
  cfg.validationTriples = 100;
  cfg.maxProfile = 3;
  cfg.seed = 42;
  const TripleSets s = sampleRandom(users, n, cfg);
  // ceil(total / users) per user (spec §4.2).
  EXPECT_EQ(s.train.size(), 40u * 25u);
  EXPECT_EQ(s.validation.size(), 4u * 25u);
  for (const auto* set : {&s.train, &s.validation})
    for (const Triple& t : *set) {
      ASSERT_GE(t.user, 0);
      const auto full = users[static_cast<size_t>(t.user)].items();
      ASSERT_FALSE(t.profile.empty());
      EXPECT_LE(t.profile.size(), 3u);
      EXPECT_EQ(t.profile.back(), t.pos);
      // The profile is the window of the chronological list that ends at pi.
      const auto at = std::find(full.begin(), full.end(), t.pos);
      ASSERT_NE(at, full.end());
      const size_t end = static_cast<size_t>(at - full.begin()) + 1;
      const size_t begin = end >= 3 ? end - 3 : 0;
      EXPECT_EQ(t.profile, std::vector<int32_t>(full.begin() + begin, full.begin() + end));
      EXPECT_FALSE(contains(full, t.neg));
      EXPECT_GE(t.neg, 0);
      EXPECT_LT(t.neg, n);
      EXPECT_EQ(t.strategy, 0);
    }
  // One hash container for both sets: no triple is in both, none twice.
  const auto ht = hashesOf(s.train, true), hv = hashesOf(s.validation, true);
  EXPECT_EQ(ht.size(), s.train.size());
  EXPECT_EQ(hv.size(), s.validation.size());
  for (uint64_t h : hv) EXPECT_EQ(ht.count(h), 0u);
}

TEST(Triples, RandomIsDeterministicPerSeed) {
  const auto users = syntheticUsers(10, 40, 2);
  RandomSamplingConfig cfg;
  cfg.trainTriples = 200;
  cfg.validationTriples = 20;
  cfg.seed = 5;
  const auto a = sampleRandom(users, 40, cfg), b = sampleRandom(users, 40, cfg);
  EXPECT_TRUE(sameTriples(a.train, b.train));
  EXPECT_TRUE(sameTriples(a.validation, b.validation));
  cfg.seed = 6;
  const auto c = sampleRandom(users, 40, cfg);
  EXPECT_FALSE(sameTriples(a.train, c.train));
}

TEST(Triples, RandomTerminatesWhenTriplesRunOut) {
  // One user, 2 items, 3 catalog items: at most 1 negative x (1 or 2 windows) distinct triples.
  std::vector<UserHistory> users(1);
  users[0].userId = "a";
  users[0].baskets = {{0}, {1}};
  RandomSamplingConfig cfg;
  cfg.trainTriples = 50;
  cfg.validationTriples = 50;
  const auto s = sampleRandom(users, 3, cfg);
  EXPECT_EQ(s.train.size() + s.validation.size(), 2u);  // (0|2) and (0 1|2)
  EXPECT_GT(s.report.shortfall[0], 0);
  EXPECT_TRUE(logMentions(s.report, "not found"));
  // A profile that covers the catalog has no negative: the user is skipped, not looped on.
  const auto full = sampleRandom(users, 2, cfg);
  EXPECT_TRUE(full.train.empty());
  EXPECT_TRUE(logMentions(full.report, "covers every item"));
  EXPECT_TRUE(sampleRandom({}, 10, cfg).train.empty());
}

TEST(Triples, HoldOutMatchesTheEvaluationProtocols) {
  EmbeddingMatrix m;
  m.dimension = 1;
  for (int i = 0; i < 20; ++i) {
    m.artworkIds.push_back(100 + i);
    m.values.push_back(1.f);
  }
  // user a: 3 baskets (t=1: 100,101; t=2: 102; t=3: 103,104); b: one basket of two; c: one item;
  // 999 has no embedding.
  std::vector<Interaction> in;
  auto add = [&in](const std::string& u, int64_t art, double t) {
    Interaction x;
    x.userId = u;
    x.artworkId = art;
    x.timestamp = t;
    in.push_back(x);
  };
  add("a", 100, 1);
  add("b", 110, 5);
  add("a", 101, 1);
  add("a", 102, 2);
  add("a", 104, 3);
  add("a", 103, 3);
  add("b", 111, 5);
  add("c", 115, 4);
  add("a", 999, 9);

  const auto none = trainingHistories(in, m, HoldOut::None);
  ASSERT_EQ(none.size(), 3u);
  EXPECT_EQ(none[0].userId, "a");
  EXPECT_EQ(none[0].baskets, (std::vector<std::vector<int32_t>>{{0, 1}, {2}, {4, 3}}));

  for (HoldOut h : {HoldOut::LastInteraction, HoldOut::LastBasket, HoldOut::Both}) {
    const auto hist = trainingHistories(in, m, h);
    std::vector<Protocol> protocols;
    if (h != HoldOut::LastBasket) protocols.push_back(Protocol::Tutorial);
    if (h != HoldOut::LastInteraction) protocols.push_back(Protocol::Basket);
    for (Protocol p : protocols)
      for (const EvaluationCase& c : makeCases(in, m, p)) {
        for (const auto& u : hist) {
          if (u.userId != c.userId) continue;
          for (int64_t g : c.groundTruth) {
            EXPECT_FALSE(contains(u.items(), static_cast<int32_t>(g)))
                << toString(h) << " trains on held-out item " << g << " of " << c.userId;
          }
        }
      }
  }
  const auto tut = trainingHistories(in, m, HoldOut::LastInteraction);
  EXPECT_EQ(tut[0].items(), (std::vector<int32_t>{0, 1, 2, 4}));  // 103 (file order last) held out
  EXPECT_EQ(tut[1].items(), (std::vector<int32_t>{10}));
  EXPECT_EQ(tut[2].items(), (std::vector<int32_t>{15}));  // single interaction kept
  const auto bas = trainingHistories(in, m, HoldOut::LastBasket);
  EXPECT_EQ(bas[0].items(), (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(bas[1].items(), (std::vector<int32_t>{10, 11}));  // a single basket is kept
  EXPECT_EQ(parseHoldOut("basket"), HoldOut::LastBasket);
  EXPECT_THROW(parseHoldOut("nope"), Error);
}

TEST(Triples, CollectsInteractionsAndSavedProfiles) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("t.vitrine"));
  std::vector<int64_t> ids;
  for (int i = 0; i < 4; ++i) {
    Artwork a;
    a.externalId = "x" + std::to_string(i);
    a.artist = i < 2 ? "Rembrandt" : "";
    ids.push_back(c.insertArtwork(a));
  }
  Interaction x;
  x.userId = "u";
  x.artworkId = ids[0];
  x.timestamp = 10;
  c.addInteraction(x);
  c.saveProfile("mine", {ids[3], ids[1], ids[2]});
  const auto all = collectInteractions(c);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(collectInteractions(c, false).size(), 1u);
  EmbeddingMatrix m;
  m.dimension = 1;
  for (int64_t id : ids) m.artworkIds.push_back(id), m.values.push_back(1.f);
  const auto hist = trainingHistories(all, m, HoldOut::None);
  ASSERT_EQ(hist.size(), 2u);
  EXPECT_EQ(hist[1].baskets, (std::vector<std::vector<int32_t>>{{3}, {1}, {2}}));
  EXPECT_EQ(artistsOf(c, m), (std::vector<std::string>{"Rembrandt", "Rembrandt", "", ""}));
}

TEST(Triples, GuidelineStrategiesKeepTheirInvariants) {
  const GuidelineItems items = syntheticItems();
  const auto users = syntheticUsers(16, 60, 3);
  GuidelineSamplingConfig cfg;
  cfg.trainTriples = 1200;
  cfg.validationTriples = 120;
  cfg.seed = 9;
  const TripleSets s = sampleGuidelines(users, items, cfg);
  auto cl = [&](int32_t i) { return items.cluster[static_cast<size_t>(i)]; };
  auto ar = [&](int32_t i) { return items.artist[static_cast<size_t>(i)]; };

  std::map<int, int64_t> count;
  for (const auto* set : {&s.train, &s.validation})
    for (const Triple& t : *set) {
      ++count[t.strategy];
      ASSERT_FALSE(t.profile.empty());
      EXPECT_NE(t.pos, t.neg);
      std::vector<int32_t> full;
      std::set<int> userClusters;
      std::set<std::string> userArtists;
      if (t.user >= 0) {
        full = users[static_cast<size_t>(t.user)].items();
        for (int32_t x : full) userClusters.insert(cl(x)), userArtists.insert(ar(x));
      }
      switch (t.strategy) {
        case 1:
          EXPECT_EQ(t.profile, full);
          EXPECT_TRUE(contains(full, t.pos));
          EXPECT_FALSE(contains(full, t.neg));
          break;
        case 2:
          EXPECT_EQ(t.profile, std::vector<int32_t>{t.pos});
          EXPECT_EQ(t.user, -1);
          break;
        case 3:
          EXPECT_EQ(t.profile, full);
          EXPECT_FALSE(contains(full, t.pos));
          EXPECT_TRUE(userArtists.count(ar(t.pos)));
          EXPECT_TRUE(userClusters.count(cl(t.pos)));
          EXPECT_FALSE(userArtists.count(ar(t.neg)));
          EXPECT_FALSE(userClusters.count(cl(t.neg)));
          break;
        case 4:
          ASSERT_EQ(t.profile.size(), 1u);
          EXPECT_EQ(t.user, -1);
          EXPECT_NE(t.pos, t.profile[0]);
          EXPECT_EQ(ar(t.pos), ar(t.profile[0]));
          EXPECT_NE(ar(t.neg), ar(t.profile[0]));
          // validate_triple: a negative from q's cluster is only allowed if pi shares it too.
          if (cl(t.neg) == cl(t.profile[0])) {
            EXPECT_EQ(cl(t.pos), cl(t.profile[0]));
          }
          break;
        case 5: {
          // profile = baskets 0..b, pi from basket b+1.
          const auto& b = users[static_cast<size_t>(t.user)].baskets;
          std::vector<int32_t> prefix;
          bool found = false;
          for (size_t k = 0; k + 1 < b.size() && !found; ++k) {
            prefix.insert(prefix.end(), b[k].begin(), b[k].end());
            found = prefix == t.profile && contains(b[k + 1], t.pos);
          }
          EXPECT_TRUE(found);
          EXPECT_FALSE(userClusters.count(cl(t.neg)));
          EXPECT_FALSE(userArtists.count(ar(t.neg)));
          break;
        }
        case 6: {
          // profile + pi = baskets 0..k (as a multiset) with pi from basket k, |basket k| >= 2.
          const auto& b = users[static_cast<size_t>(t.user)].baskets;
          std::vector<int32_t> all = t.profile;
          all.push_back(t.pos);
          std::sort(all.begin(), all.end());
          std::vector<int32_t> prefix;
          bool found = false;
          for (size_t k = 0; k < b.size() && !found; ++k) {
            prefix.insert(prefix.end(), b[k].begin(), b[k].end());
            auto sorted = prefix;
            std::sort(sorted.begin(), sorted.end());
            found = b[k].size() >= 2 && contains(b[k], t.pos) && sorted == all;
          }
          EXPECT_TRUE(found);
          EXPECT_FALSE(contains(t.profile, t.pos));
          EXPECT_FALSE(userClusters.count(cl(t.neg)));
          break;
        }
        default:
          ADD_FAILURE() << "strategy " << t.strategy;
      }
    }
  for (int st = 1; st <= 6; ++st) EXPECT_GT(count[st], 0) << "strategy " << st;
  // Each strategy gets about a sixth (ceil per user/item/basket can overshoot).
  EXPECT_GE(s.report.train[2], 200);
  // No duplicate across train and validation (ORIG hashes the profile in order).
  const auto ht = hashesOf(s.train, false), hv = hashesOf(s.validation, false);
  EXPECT_EQ(ht.size(), s.train.size());
  for (uint64_t h : hv) EXPECT_EQ(ht.count(h), 0u);

  // Deterministic for a seed.
  const TripleSets again = sampleGuidelines(users, items, cfg);
  EXPECT_TRUE(sameTriples(s.train, again.train));
  EXPECT_TRUE(sameTriples(s.validation, again.validation));
}

TEST(Triples, GuidelineSharesSelectStrategies) {
  const GuidelineItems items = syntheticItems();
  const auto users = syntheticUsers(16, 60, 3);
  GuidelineSamplingConfig cfg;
  cfg.trainTriples = 600;
  cfg.validationTriples = 60;
  cfg.shares = parseShares("0,1,0,0,3,0");
  const TripleSets s = sampleGuidelines(users, items, cfg);
  for (const Triple& t : s.train) EXPECT_TRUE(t.strategy == 2 || t.strategy == 5);
  EXPECT_GT(s.report.train[5], s.report.train[2]);
  EXPECT_THROW(parseShares("1,1,1"), Error);
  EXPECT_THROW(parseShares("1,1,1,1,1,-1"), Error);
  EXPECT_THROW(parseShares("0,0,0,0,0,0"), Error);
}

TEST(Triples, MissingDataSkipsStrategiesWithAReason) {
  const auto users = syntheticUsers(16, 60, 3);
  GuidelineSamplingConfig cfg;
  cfg.trainTriples = 600;
  cfg.validationTriples = 60;
  // No artists: 3 and 4 skipped, their share goes to the others.
  const TripleSets noArtists = sampleGuidelines(users, syntheticItems(false), cfg);
  EXPECT_TRUE(logMentions(noArtists.report, "strategy 3"));
  EXPECT_TRUE(logMentions(noArtists.report, "strategy 4"));
  EXPECT_TRUE(logMentions(noArtists.report, "no artist metadata"));
  EXPECT_EQ(noArtists.report.train[3] + noArtists.report.train[4], 0);
  EXPECT_GE(static_cast<int64_t>(noArtists.train.size()), 600);

  // One basket of one item per user: 5 and 6 skipped.
  std::vector<UserHistory> single;
  for (const auto& u : users) single.push_back(UserHistory{u.userId, {{u.baskets[0][0]}}});
  const TripleSets s = sampleGuidelines(single, syntheticItems(), cfg);
  EXPECT_TRUE(logMentions(s.report, "no user has two or more baskets"));
  EXPECT_TRUE(logMentions(s.report, "no basket has two or more items"));
  EXPECT_EQ(s.report.train[5] + s.report.train[6], 0);
  EXPECT_GT(s.report.train[1], 0);
}

TEST(Triples, ColdStartUsesSingleItemStrategies) {
  GuidelineSamplingConfig cfg;
  cfg.trainTriples = 300;
  cfg.validationTriples = 30;
  const TripleSets s = sampleGuidelines({}, syntheticItems(), cfg);
  EXPECT_TRUE(logMentions(s.report, "cold start"));
  EXPECT_FALSE(s.train.empty());
  EXPECT_FALSE(s.validation.empty());
  for (const Triple& t : s.train) {
    EXPECT_TRUE(t.strategy == 2 || t.strategy == 4);
    EXPECT_EQ(t.profile.size(), 1u);
  }
  // Without artists only strategy 2 remains.
  const TripleSets bare = sampleGuidelines({}, syntheticItems(false), cfg);
  EXPECT_GT(bare.report.train[2], 0);
  EXPECT_EQ(bare.train.size(), static_cast<size_t>(bare.report.train[2]));
}

TEST(Triples, DegenerateDataTerminates) {
  const auto users = syntheticUsers(8, 60, 4);
  GuidelineSamplingConfig cfg;
  cfg.trainTriples = 3000;
  cfg.validationTriples = 300;
  // A single cluster: no user has a non-purchased cluster (3, 5, 6 find no negative).
  GuidelineItems one = syntheticItems();
  std::fill(one.cluster.begin(), one.cluster.end(), 0);
  const TripleSets a = sampleGuidelines(users, one, cfg);
  EXPECT_EQ(a.report.train[5], 0);
  EXPECT_GT(a.report.shortfall[5], 0);
  EXPECT_TRUE(logMentions(a.report, "strategy 5"));
  // One artist: strategy 4 needs a negative by another artist and finds none.
  GuidelineItems sameArtist = syntheticItems();
  std::fill(sameArtist.artist.begin(), sameArtist.artist.end(), "Anonymous");
  const TripleSets b = sampleGuidelines(users, sameArtist, cfg);
  EXPECT_EQ(b.report.train[4], 0);
  EXPECT_GT(b.report.shortfall[4], 0);
  // Identical vectors in one cluster: every pair is a visual duplicate and is rejected.
  GuidelineItems dup = one;
  std::fill(dup.vectors.begin(), dup.vectors.end(), 1.f);
  const TripleSets c = sampleGuidelines(users, dup, cfg);
  EXPECT_TRUE(c.train.empty());
  // Two items only (each its own cluster and artist).
  GuidelineItems tiny;
  tiny.cluster = {0, 1};
  tiny.vectors = {1.f, 0.f, 0.f, 1.f};
  tiny.vectorDim = 2;
  tiny.artist = {"A", "B"};
  std::vector<UserHistory> u(1);
  u[0].userId = "x";
  u[0].baskets = {{0}, {1}};
  const TripleSets d = sampleGuidelines(u, tiny, cfg);
  EXPECT_LE(d.train.size() + d.validation.size(), 10u);
  // Inconsistent inputs are errors, not crashes.
  GuidelineItems bad = syntheticItems();
  bad.vectors.pop_back();
  EXPECT_THROW(sampleGuidelines(users, bad, cfg), Error);
}
