// Issue 16 item 1: duplicate interactions never leak a held-out item into its user's profile,
// are merged (and counted) on import, and a repeated import stores nothing twice.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

#include "catalog/catalog.h"
#include "common/error.h"
#include "eval/evaluator.h"
#include "eval/protocol.h"
#include "ingest/dataset_import.h"
#include "recommend/visrank.h"
#include "testutil.h"

using namespace vitrine;

namespace {

// A catalog of `items` artworks "i0".."i{n-1}" with seeded random 8-d embeddings "e".
Catalog makeCatalog(const std::string& path, int items, uint64_t seed) {
  Catalog c = Catalog::create(path);
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal;
  c.registerExtractor("e", 8, "test");
  for (int i = 0; i < items; ++i) {
    Artwork a;
    a.externalId = "i" + std::to_string(i);
    const int64_t id = c.insertArtwork(a);
    std::vector<float> v(8);
    for (float& x : v) x = normal(rng);
    c.putEmbedding(id, "e", v);
  }
  return c;
}

// Four users with distinct, increasing timestamps over a 12-item catalog.
std::string baseCsv() {
  return "user_id,item_id,timestamp\n"
         "u1,i0,100\nu1,i3,110\nu1,i7,120\nu1,i5,130\n"
         "u2,i1,100\nu2,i2,105\nu2,i9,140\n"
         "u3,i4,101\nu3,i6,102\nu3,i8,103\nu3,i11,150\n"
         "u4,i10,100\nu4,i0,160\n";
}

double visrankAuc(Catalog& c, Protocol protocol, CaseReport* report = nullptr) {
  const EmbeddingMatrix m = c.loadEmbeddingMatrix("e");
  const auto cases = makeCases(c.interactions(), m, protocol, 10, report);
  VisRank ranker(m, VisRankConfig{});
  return evaluate(ranker, cases, MetricSet::Standard).metrics.at("AUC");
}

Interaction at(const std::string& user, int64_t artwork, double t) {
  Interaction i;
  i.userId = user;
  i.artworkId = artwork;
  i.timestamp = t;
  return i;
}

}  // namespace

// The example kind: one exact repeat of a user's last row. Before the fix the second copy
// was held out while the first stayed in the profile, so VisRank maximum found the item itself.
TEST(Duplicates, ExactRepeatOfTheHeldOutRowDoesNotChangeMetrics) {
  test::TempDir dir;
  for (uint64_t seed : {1u, 2u, 3u}) {
    const std::string clean = dir.file("clean" + std::to_string(seed) + ".csv");
    const std::string dup = dir.file("dup" + std::to_string(seed) + ".csv");
    test::writeText(clean, baseCsv());
    test::writeText(dup, baseCsv() + "u1,i5,130\nu3,i11,150\n");  // the held-out rows, again

    Catalog a = makeCatalog(dir.file("a" + std::to_string(seed) + ".vitrine"), 12, seed);
    Catalog b = makeCatalog(dir.file("b" + std::to_string(seed) + ".vitrine"), 12, seed);
    importInteractions(a, clean);
    const InteractionImportResult r = importInteractions(b, dup);
    EXPECT_EQ(r.read, 15);
    EXPECT_EQ(r.stored, 13);
    EXPECT_EQ(r.mergedInFile, 2);
    EXPECT_NE(r.summary().find("merged 2 exact duplicate rows"), std::string::npos) << r.summary();
    for (Protocol p : {Protocol::Tutorial, Protocol::Basket})
      EXPECT_DOUBLE_EQ(visrankAuc(a, p), visrankAuc(b, p)) << toString(p) << " seed " << seed;
  }
}

// Duplicates that bypass the importer (other sources, older catalogs) are merged by the protocol.
TEST(Duplicates, ProtocolMergesDuplicatesAndKeepsHeldOutItemsOutOfProfiles) {
  EmbeddingMatrix m;
  m.dimension = 1;
  for (int64_t r = 0; r < 6; ++r) {
    m.artworkIds.push_back(10 * (r + 1));
    m.externalIds.push_back("x" + std::to_string(r));
    m.values.push_back(static_cast<float>(r + 1));
  }
  // u1: exact repeat of the last row; u2: a repeat visit of the item it ends with; u3: one item
  // visited three times (nothing left to train on).
  const std::vector<Interaction> rows = {at("u1", 10, 1), at("u1", 20, 2), at("u1", 30, 3), at("u1", 30, 3),
                                         at("u2", 40, 1), at("u2", 50, 2), at("u2", 40, 3), at("u3", 60, 1),
                                         at("u3", 60, 2), at("u3", 60, 3)};
  for (Protocol p : {Protocol::Tutorial, Protocol::Basket}) {
    CaseReport report;
    const auto cases = makeCases(rows, m, p, 10, &report);
    ASSERT_EQ(cases.size(), 2u) << toString(p);
    EXPECT_EQ(report.duplicatesMerged, 1);
    EXPECT_EQ(report.heldOutRemovedFromProfile, 1 + 2);  // u2's first visit; u3's two earlier
    EXPECT_EQ(report.usersWithoutProfile, 1);
    EXPECT_EQ(casesWithHeldOutInProfile(cases), 0);
    for (const auto& c : cases) {
      if (c.userId == "u1") {
        EXPECT_EQ(c.groundTruth, std::vector<int64_t>({2}));
        EXPECT_EQ(c.profile, std::vector<int64_t>({0, 1}));
      } else {
        EXPECT_EQ(c.userId, "u2");
        EXPECT_EQ(c.groundTruth, std::vector<int64_t>({3}));
        EXPECT_EQ(c.profile, std::vector<int64_t>({4}));
      }
    }
  }
}

// Property over seeded random data full of repeats: every case of every protocol has a
// non-empty profile of distinct items, none of them held out.
TEST(Duplicates, RandomRepeatsNeverLeakIntoProfiles) {
  EmbeddingMatrix m;
  m.dimension = 1;
  for (int64_t r = 0; r < 8; ++r) {
    m.artworkIds.push_back(r + 1);
    m.externalIds.push_back(std::to_string(r));
    m.values.push_back(1.0f);
  }
  std::mt19937_64 rng(16);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<Interaction> rows;
    const int n = 2 + static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      Interaction x =
          at("u" + std::to_string(rng() % 4), 1 + static_cast<int64_t>(rng() % 8), static_cast<double>(rng() % 6));
      if (rng() % 5 == 0) x.evaluation = rng() % 2 == 0;
      rows.push_back(x);
      if (rng() % 3 == 0) rows.push_back(x);  // exact duplicate
    }
    for (Protocol p : {Protocol::Tutorial, Protocol::Basket}) {
      std::vector<EvaluationCase> cases;
      ASSERT_NO_THROW(cases = makeCases(rows, m, p, 3)) << "trial " << trial;
      EXPECT_EQ(casesWithHeldOutInProfile(cases), 0);
      for (const auto& c : cases) {
        EXPECT_FALSE(c.profile.empty());
        EXPECT_FALSE(c.groundTruth.empty());
        auto sorted = c.profile;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
      }
    }
  }
}

TEST(Duplicates, ImportingTheSameFileAgainStoresNothing) {
  test::TempDir dir;
  Catalog c = makeCatalog(dir.file("c.vitrine"), 12, 7);
  const std::string csv = dir.file("x.csv");
  test::writeText(csv, baseCsv());
  EXPECT_EQ(importInteractions(c, csv).stored, 13);
  for (int again = 0; again < 3; ++again) {
    const auto r = importInteractions(c, csv);
    EXPECT_EQ(r.stored, 0);
    EXPECT_EQ(r.alreadyStored, 13);
    EXPECT_NE(r.summary().find("13 already in the catalog"), std::string::npos) << r.summary();
  }
  EXPECT_EQ(c.interactionCount(), 13);

  // The same instants written differently are the same interactions.
  const std::string iso = dir.file("iso.csv");
  test::writeText(iso, "user_id,item_id,timestamp\nu1,i0,1970-01-01T00:01:40Z\nu1,i3,110000\n");
  const auto r = importInteractions(c, iso);
  EXPECT_EQ(r.stored, 1);  // 110000 is seconds (not milliseconds): a new instant
  EXPECT_EQ(r.alreadyStored, 1);
}

TEST(Duplicates, ContradictingEvaluationFlagsAreRefusedWithFileAndLine) {
  test::TempDir dir;
  Catalog c = makeCatalog(dir.file("c.vitrine"), 3, 1);
  const std::string csv = dir.file("flags.csv");
  test::writeText(csv, "user_id,item_id,timestamp,evaluation\nu1,i0,1,false\nu1,i1,2,true\nu1,i1,2,false\n");
  try {
    importInteractions(c, csv);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("flags.csv:4: duplicate of line 3"), std::string::npos) << e.what();
  }
  EXPECT_EQ(c.interactionCount(), 0);
}

TEST(Duplicates, CliReportsMergedRows) {
  test::TempDir dir;
  { makeCatalog(dir.file("c.vitrine"), 12, 5); }
  const std::string csv = dir.file("dup.csv");
  test::writeText(csv, baseCsv() + "u1,i5,130\n");
  const auto first = test::cli("import-interactions --catalog " + dir.file("c.vitrine") + " --csv " + csv);
  EXPECT_EQ(first.code, 0) << first.output;
  EXPECT_NE(first.output.find("stored 13 interactions of 14 rows; merged 1 exact duplicate row"), std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find("dup.csv:15: exact duplicate of line 5, merged"), std::string::npos) << first.output;
  const auto again = test::cli("import-interactions --catalog " + dir.file("c.vitrine") + " --csv " + csv);
  EXPECT_NE(again.output.find("stored 0 interactions"), std::string::npos) << again.output;
}
