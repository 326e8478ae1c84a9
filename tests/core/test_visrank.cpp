// VisRank (spec §5) on small hand-checkable embeddings.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "common/error.h"
#include "recommend/visrank.h"

using namespace vitrine;

namespace {

const float kHalfSqrt2 = static_cast<float>(std::sqrt(0.5));

EmbeddingMatrix makeMatrix(int dim, const std::vector<std::vector<float>>& rows) {
  EmbeddingMatrix m;
  m.name = "toy";
  m.dimension = dim;
  for (size_t r = 0; r < rows.size(); ++r) {
    m.artworkIds.push_back(static_cast<int64_t>(r) + 100);
    m.externalIds.push_back("item" + std::to_string(r));
    m.values.insert(m.values.end(), rows[r].begin(), rows[r].end());
  }
  return m;
}

// 0:(1,0) 1:(0,1) 2:(1,1) 3:(3,0) 4:(0,0) 5:(1,-1) 6:(-1,0)
EmbeddingMatrix plane() { return makeMatrix(2, {{1, 0}, {0, 1}, {1, 1}, {3, 0}, {0, 0}, {1, -1}, {-1, 0}}); }

VisRankConfig config(Aggregation a, int k = 3) {
  VisRankConfig c;
  c.aggregation = a;
  c.topK = k;
  return c;
}

double cosine(const EmbeddingMatrix& m, int64_t a, int64_t b) {
  double dot = 0, na = 0, nb = 0;
  for (int d = 0; d < m.dimension; ++d) {
    dot += double(m.row(a)[d]) * m.row(b)[d];
    na += double(m.row(a)[d]) * m.row(a)[d];
    nb += double(m.row(b)[d]) * m.row(b)[d];
  }
  return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0;
}

// Straightforward per-candidate scores in double precision (spec §5, the intended formulas).
std::vector<double> naiveScores(const EmbeddingMatrix& m, const std::vector<int64_t>& profile, VisRankConfig c) {
  std::vector<double> out;
  for (int64_t i = 0; i < m.rows(); ++i) {
    std::vector<double> s;
    for (int64_t p : profile) s.push_back(cosine(m, i, p));
    std::sort(s.rbegin(), s.rend());
    size_t take = s.size();
    if (c.aggregation == Aggregation::Maximum) take = 1;
    if (c.aggregation == Aggregation::AverageTopK) take = std::min<size_t>(c.topK, s.size());
    double sum = 0;
    for (size_t j = 0; j < take; ++j) sum += s[j];
    out.push_back(sum / double(take));
  }
  return out;
}

}  // namespace

TEST(VisRank, MaximumAverageAndTopKOnThePlane) {
  const auto m = plane();
  const std::vector<int64_t> profile = {0, 1};
  const std::vector<float> maxExpected = {1, 1, kHalfSqrt2, 1, 0, kHalfSqrt2, 0};
  const std::vector<float> avgExpected = {0.5f, 0.5f, kHalfSqrt2, 0.5f, 0, 0, -0.5f};

  const auto mx = VisRank(m, config(Aggregation::Maximum)).scoreAll(profile);
  const auto av = VisRank(m, config(Aggregation::Average)).scoreAll(profile);
  const auto top1 = VisRank(m, config(Aggregation::AverageTopK, 1)).scoreAll(profile);
  const auto top3 = VisRank(m, config(Aggregation::AverageTopK, 3)).scoreAll(profile);
  ASSERT_EQ(mx.size(), 7u);
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_NEAR(mx[i], maxExpected[i], 1e-6) << i;
    EXPECT_NEAR(av[i], avgExpected[i], 1e-6) << i;
    EXPECT_NEAR(top1[i], maxExpected[i], 1e-6) << i;  // K = 1 is the maximum
    EXPECT_NEAR(top3[i], avgExpected[i], 1e-6) << i;  // K >= |P| is the average
  }
  EXPECT_EQ(mx[4], 0.f);  // the zero row stays zero: similar to nothing
}

TEST(VisRank, SimilaritiesAreRowMajorNByP) {
  const auto m = plane();
  const VisRank vr(m, config(Aggregation::Maximum));
  const auto s = vr.similarities({5, 4, 0});
  ASSERT_EQ(s.size(), 7u * 3u);
  for (int64_t i = 0; i < 7; ++i) {
    EXPECT_NEAR(s[i * 3 + 0], cosine(m, i, 5), 1e-6) << i;
    EXPECT_EQ(s[i * 3 + 1], 0.f) << i;  // the zero item
    EXPECT_NEAR(s[i * 3 + 2], cosine(m, i, 0), 1e-6) << i;
  }
}

TEST(VisRank, AverageTopKIsPerCandidateNotTheReferenceBug) {
  // Profile = the three axes; item 0 prefers axes x, y. Candidate 4 lies near axis z.
  const auto m = makeMatrix(3, {{1, 0.5f, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0.2f, 1}, {0.3f, 0.3f, 0.3f}});
  const std::vector<int64_t> profile = {1, 2, 3};
  const VisRank vr(m, config(Aggregation::AverageTopK, 2));
  const auto scores = vr.scoreAll(profile);
  const auto expected = naiveScores(m, profile, config(Aggregation::AverageTopK, 2));
  for (size_t i = 0; i < scores.size(); ++i) EXPECT_NEAR(scores[i], expected[i], 1e-6) << i;
  // Candidate 4: its two best are z (0.9806) and y (0.1961).
  const double z = 1 / std::sqrt(1.04), y = 0.2 / std::sqrt(1.04);
  EXPECT_NEAR(scores[4], (z + y) / 2, 1e-6);

  // The reference (§8.13) averages, for every candidate, the K profile columns that are largest
  // for item 0 (here x and y), which gives candidate 4 only (0 + y) / 2.
  const auto sims = vr.similarities(profile);
  std::vector<size_t> cols = {0, 1, 2};
  std::stable_sort(cols.begin(), cols.end(), [&](size_t a, size_t b) { return sims[a] > sims[b]; });
  const double buggy4 = (sims[4 * 3 + cols[0]] + sims[4 * 3 + cols[1]]) / 2.0;
  EXPECT_NEAR(buggy4, y / 2, 1e-6);
  EXPECT_GT(scores[4] - buggy4, 0.4);
}

TEST(VisRank, MatchesNaiveCosineOnRandomData) {
  std::mt19937 rng(7);
  std::normal_distribution<float> g;
  std::vector<std::vector<float>> rows(50, std::vector<float>(8));
  for (auto& r : rows)
    for (auto& v : r) v = g(rng);
  const auto m = makeMatrix(8, rows);
  const std::vector<int64_t> profile = {3, 17, 17, 42, 8};  // duplicates count twice
  for (auto c : {config(Aggregation::Maximum), config(Aggregation::Average), config(Aggregation::AverageTopK, 2),
                 config(Aggregation::AverageTopK, 4)}) {
    const auto got = VisRank(m, c).scoreAll(profile);
    const auto want = naiveScores(m, profile, c);
    for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << toString(c);
  }
}

// Long rows go through the chunked kernel (128-float chunks with partial sums, a shorter last
// chunk here: 1288 = 10 x 128 + 8; items in groups of 3, the last group of 2 for 11 items and of
// 1 for 10), profiles of more than 32 items and the rows after the last whole 4-row block through
// the other paths; all agree with the naive cosine, and a winner's
// explanation similarities equal the ones its score was made of, bit for bit.
TEST(VisRank, LongRowsAndLongProfilesMatchNaiveCosine) {
  std::mt19937 rng(11);
  std::normal_distribution<float> g;
  constexpr int kDim = 1288;
  std::vector<std::vector<float>> rows(62, std::vector<float>(kDim));
  for (auto& r : rows)
    for (auto& v : r) v = g(rng);
  const auto m = makeMatrix(kDim, rows);
  const std::vector<int64_t> eleven = {1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 41};  // 3 + 3 + 3 + 2
  const std::vector<int64_t> ten = {60, 2, 7, 11, 19, 23, 31, 43, 47, 53};        // 3 + 3 + 3 + 1
  std::vector<int64_t> many;
  for (int64_t i = 0; i < 40; ++i) many.push_back(i);
  for (const auto& profile : {eleven, ten, many}) {
    for (auto c : {config(Aggregation::Maximum), config(Aggregation::Average)}) {
      const VisRank vr(m, c);
      const auto got = vr.scoreAll(profile);
      const auto want = naiveScores(m, profile, c);
      for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << toString(c) << " item " << i;
      const auto sims = vr.similarities(profile);
      for (const auto& r : vr.recommend(profile, 5, false))
        for (const auto& e : r.because) {
          const size_t j = size_t(std::find(profile.begin(), profile.end(), e.profileItem) - profile.begin());
          EXPECT_EQ(e.similarity, sims[size_t(r.item) * profile.size() + j]);
        }
    }
  }
}

TEST(VisRank, RecommendExcludesProfileAndExplains) {
  const VisRank vr(plane(), config(Aggregation::Maximum));
  const auto recs = vr.recommend({0, 1}, 3);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].item, 3);
  EXPECT_EQ(recs[1].item, 2);  // ties with 5 at cos 45°: lower index first
  EXPECT_EQ(recs[2].item, 5);
  EXPECT_NEAR(recs[0].score, 1.f, 1e-6);
  EXPECT_NEAR(recs[1].score, kHalfSqrt2, 1e-6);
  ASSERT_EQ(recs[0].because.size(), 2u);
  EXPECT_EQ(recs[0].because[0].profileItem, 0);
  EXPECT_NEAR(recs[0].because[0].similarity, 1.f, 1e-6);
  EXPECT_EQ(recs[0].because[1].profileItem, 1);
  EXPECT_NEAR(recs[0].because[1].similarity, 0.f, 1e-6);
  ASSERT_EQ(recs[2].because.size(), 2u);
  EXPECT_EQ(recs[2].because[0].profileItem, 0);
  EXPECT_NEAR(recs[2].because[1].similarity, -kHalfSqrt2, 1e-6);

  const auto withProfile = vr.recommend({0, 1}, 3, false);
  ASSERT_EQ(withProfile.size(), 3u);
  EXPECT_EQ(withProfile[0].item, 0);
  EXPECT_EQ(withProfile[1].item, 1);
  EXPECT_EQ(withProfile[2].item, 3);
}

TEST(VisRank, RecommendAgreesWithTheDefaultImplementation) {
  const VisRank vr(plane(), config(Aggregation::Average));
  const std::vector<int64_t> profile = {2, 6};
  const auto fast = vr.recommend(profile, 5);
  const auto slow = vr.Ranker::recommend(profile, 5);  // scoreAll + explain
  ASSERT_EQ(fast.size(), slow.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    EXPECT_EQ(fast[i].item, slow[i].item);
    EXPECT_FLOAT_EQ(fast[i].score, slow[i].score);
    ASSERT_EQ(fast[i].because.size(), slow[i].because.size());
    for (size_t j = 0; j < fast[i].because.size(); ++j) {
      EXPECT_EQ(fast[i].because[j].profileItem, slow[i].because[j].profileItem);
      EXPECT_NEAR(fast[i].because[j].similarity, slow[i].because[j].similarity, 1e-6);
    }
  }
}

TEST(VisRank, OneItemProfileIsMoreLikeThis) {
  const VisRank vr(plane(), config(Aggregation::Maximum));
  const auto recs = vr.recommend({0}, 3);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].item, 3);  // same direction
  EXPECT_EQ(recs[1].item, 2);
  EXPECT_EQ(recs[2].item, 5);
  for (const auto& r : recs) {
    ASSERT_EQ(r.because.size(), 1u);
    EXPECT_EQ(r.because[0].profileItem, 0);
    EXPECT_NEAR(r.because[0].similarity, r.score, 1e-6);
  }
}

TEST(VisRank, ExplainRanksProfileItemsBySimilarity) {
  const VisRank vr(plane(), config(Aggregation::Average));
  const auto e = vr.explain({6, 1, 0, 0}, 5, 2);  // duplicate 0 listed once
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].profileItem, 0);
  EXPECT_NEAR(e[0].similarity, kHalfSqrt2, 1e-6);
  EXPECT_EQ(e[1].profileItem, 6);  // ties with item 1 at -cos 45°: profile order
  EXPECT_NEAR(e[1].similarity, -kHalfSqrt2, 1e-6);
  EXPECT_EQ(vr.explain({6, 1, 0}, 5, 10).size(), 3u);
  EXPECT_TRUE(vr.explain({6, 1, 0}, 5, 0).empty());
  EXPECT_TRUE(vr.explain({}, 5).empty());
}

TEST(VisRank, EmptyProfileScoresZero) {
  const VisRank vr(plane(), config(Aggregation::Maximum));
  const auto s = vr.scoreAll({});
  EXPECT_EQ(s, std::vector<float>(7, 0.f));
  EXPECT_TRUE(vr.similarities({}).empty());
  const auto recs = vr.recommend({}, 2);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].item, 0);
  EXPECT_TRUE(recs[0].because.empty());
}

TEST(VisRank, OutOfRangeProfileItemsNameTheIndex) {
  const VisRank vr(plane(), config(Aggregation::Maximum));
  try {
    vr.scoreAll({0, 7});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("7"), std::string::npos) << e.what();
  }
  EXPECT_THROW(vr.scoreAll({-1}), Error);
  EXPECT_THROW(vr.recommend({42}, 3), Error);
  EXPECT_THROW(vr.explain({0}, 7), Error);
  EXPECT_THROW(vr.explain({9}, 0), Error);
}

TEST(VisRank, NameConfigAndParsing) {
  const VisRank vr(plane(), config(Aggregation::AverageTopK, 4));
  EXPECT_EQ(vr.name(), "VisRank (average_top_k:4)");
  EXPECT_EQ(VisRank(plane(), config(Aggregation::Maximum)).name(), "VisRank (maximum)");
  EXPECT_EQ(vr.itemCount(), 7);
  const auto j = nlohmann::json::parse(vr.configJson());
  EXPECT_EQ(j.at("aggregation"), "average_top_k");
  EXPECT_EQ(j.at("k"), 4);
  EXPECT_EQ(j.at("embedding"), "toy");
  EXPECT_EQ(j.at("items"), 7);

  EXPECT_EQ(parseVisRankConfig("maximum").aggregation, Aggregation::Maximum);
  EXPECT_EQ(parseVisRankConfig(" Average ").aggregation, Aggregation::Average);
  for (const char* text : {"average_top_k:5", "average_top_k(5)", "average_top_k(top=5)"}) {
    const auto c = parseVisRankConfig(text);
    EXPECT_EQ(c.aggregation, Aggregation::AverageTopK) << text;
    EXPECT_EQ(c.topK, 5) << text;
  }
  EXPECT_EQ(toString(parseVisRankConfig("average_top_k:5")), "average_top_k:5");
  EXPECT_EQ(toString(parseVisRankConfig("average")), "average");
  for (const char* bad : {"median", "average_top_k:0", "average_top_k:x", "average_top_k(3"})
    EXPECT_THROW(parseVisRankConfig(bad), Error) << bad;
}

TEST(VisRank, RejectsInconsistentMatrices) {
  auto m = plane();
  m.values.pop_back();
  EXPECT_THROW(VisRank(m, config(Aggregation::Maximum)), Error);
  EXPECT_THROW(VisRank(plane(), config(Aggregation::AverageTopK, 0)), Error);
  const VisRank empty(EmbeddingMatrix{}, config(Aggregation::Maximum));
  EXPECT_EQ(empty.itemCount(), 0);
  EXPECT_TRUE(empty.scoreAll({}).empty());
}
