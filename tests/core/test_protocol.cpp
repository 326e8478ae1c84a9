// Evaluation splits (spec §1.1 basket, §1.2 tutorial) and the evaluation-case CSV reader.
#include <gtest/gtest.h>

#include "common/error.h"
#include "eval/protocol.h"
#include "testutil.h"

using namespace vitrine;

namespace {

// Five items: artwork ids 10..50 are rows 0..4, external ids "a".."e".
EmbeddingMatrix fiveItems() {
  EmbeddingMatrix m;
  m.name = "toy";
  m.dimension = 1;
  m.artworkIds = {10, 20, 30, 40, 50};
  m.externalIds = {"a", "b", "c", "d", "e"};
  m.values = {1, 2, 3, 4, 5};
  return m;
}

Interaction at(const std::string& user, int64_t artwork, double t) {
  Interaction i;
  i.userId = user;
  i.artworkId = artwork;
  i.timestamp = t;
  return i;
}

// Interleaved users: u1 has three baskets, u2 one item, u3 an item without embedding, u4 a
// single two-item basket, u5 a last basket of two items.
std::vector<Interaction> toyInteractions() {
  return {at("u1", 10, 1), at("u3", 50, 1), at("u4", 10, 2), at("u1", 20, 2), at("u4", 20, 2),
          at("u1", 30, 2), at("u5", 10, 1), at("u1", 40, 3), at("u3", 30, 4), at("u2", 20, 5),
          at("u5", 20, 6), at("u5", 30, 6), at("u3", 99, 9)};
}

}  // namespace

TEST(Protocol, Parse) {
  EXPECT_EQ(parseProtocol("tutorial"), Protocol::Tutorial);
  EXPECT_EQ(parseProtocol("Basket"), Protocol::Basket);
  EXPECT_EQ(toString(Protocol::Tutorial), "tutorial");
  EXPECT_EQ(toString(Protocol::Basket), "basket");
  EXPECT_THROW(parseProtocol("leave-one-out"), Error);
}

TEST(Protocol, TutorialHoldsOutTheLastItem) {
  const auto cases = makeCases(toyInteractions(), fiveItems(), Protocol::Tutorial, 2);
  ASSERT_EQ(cases.size(), 4u);
  // Ordered by held-out timestamp: u4 (2), u1 (3), u3 (4), u5 (6).
  EXPECT_EQ(cases[0].userId, "u4");  // a tie in time: the later row in the file is held out
  EXPECT_EQ(cases[0].groundTruth, (std::vector<int64_t>{1}));
  EXPECT_EQ(cases[0].profile, (std::vector<int64_t>{0}));
  EXPECT_EQ(cases[0].timestamp, 2);
  EXPECT_EQ(cases[1].userId, "u1");
  EXPECT_EQ(cases[1].groundTruth, (std::vector<int64_t>{3}));
  EXPECT_EQ(cases[1].profile, (std::vector<int64_t>{1, 2}));  // last 2 of 0,1,2
  EXPECT_EQ(cases[2].userId, "u3");                           // item 99 has no embedding and is dropped
  EXPECT_EQ(cases[2].groundTruth, (std::vector<int64_t>{2}));
  EXPECT_EQ(cases[2].profile, (std::vector<int64_t>{4}));
  EXPECT_EQ(cases[3].userId, "u5");  // only the last item of the last basket is held out
  EXPECT_EQ(cases[3].groundTruth, (std::vector<int64_t>{2}));
  EXPECT_EQ(cases[3].profile, (std::vector<int64_t>{0, 1}));

  const auto unlimited = makeCases(toyInteractions(), fiveItems(), Protocol::Tutorial, 0);
  EXPECT_EQ(unlimited[1].profile, (std::vector<int64_t>{0, 1, 2}));
}

TEST(Protocol, BasketHoldsOutTheLastBasket) {
  const auto cases = makeCases(toyInteractions(), fiveItems(), Protocol::Basket, 1);
  ASSERT_EQ(cases.size(), 3u);  // u2 and u4 have a single basket
  EXPECT_EQ(cases[0].userId, "u1");
  EXPECT_EQ(cases[0].groundTruth, (std::vector<int64_t>{3}));
  EXPECT_EQ(cases[0].profile, (std::vector<int64_t>{0, 1, 2}));  // every earlier item
  EXPECT_EQ(cases[1].userId, "u3");
  EXPECT_EQ(cases[1].groundTruth, (std::vector<int64_t>{2}));
  EXPECT_EQ(cases[2].userId, "u5");
  EXPECT_EQ(cases[2].groundTruth, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(cases[2].profile, (std::vector<int64_t>{0}));
  EXPECT_EQ(cases[2].timestamp, 6);
}

TEST(Protocol, TutorialUsesEvaluationFlagsWhenPresent) {
  auto rows = toyInteractions();
  for (auto& r : rows) r.evaluation = false;
  rows[3].evaluation = true;  // u1's item 20 is the flagged hold-out, not its last item
  const auto cases = makeCases(rows, fiveItems(), Protocol::Tutorial, 10);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].userId, "u1");
  EXPECT_EQ(cases[0].groundTruth, (std::vector<int64_t>{1}));
  EXPECT_EQ(cases[0].profile, (std::vector<int64_t>{0, 2, 3}));
  EXPECT_EQ(cases[0].timestamp, 2);
}

TEST(Protocol, ReadCasesCsvRowsAndIds) {
  test::TempDir dir;
  const std::string rowsCsv = dir.file("rows.csv");
  test::writeText(rowsCsv,
                  "user_id,predict,timestamp,profile\n"
                  "7,3,100,0 1\n"
                  "8,2,50,4\n"
                  "7,4,100,0 1\n");
  const auto cases = readCasesCsv(rowsCsv, fiveItems(), false);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].userId, "7");
  EXPECT_EQ(cases[0].profile, (std::vector<int64_t>{0, 1}));
  // Same user and profile: one case with both items (no index summing, spec §8.12).
  EXPECT_EQ(cases[0].groundTruth, (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(cases[0].timestamp, 100);
  EXPECT_EQ(cases[1].groundTruth, (std::vector<int64_t>{2}));
  EXPECT_EQ(cases[1].profile, (std::vector<int64_t>{4}));

  const std::string idsCsv = dir.file("ids.csv");
  test::writeText(idsCsv, "user_id,predict,timestamp,profile\n7,d,100,a b\n");
  const auto byId = readCasesCsv(idsCsv, fiveItems(), true);
  ASSERT_EQ(byId.size(), 1u);
  EXPECT_EQ(byId[0].groundTruth, (std::vector<int64_t>{3}));
  EXPECT_EQ(byId[0].profile, (std::vector<int64_t>{0, 1}));
}

TEST(Protocol, ReadCasesCsvErrorsNameFileAndLine) {
  test::TempDir dir;
  const std::string bad = dir.file("bad.csv");
  test::writeText(bad, "user_id,predict,timestamp,profile\n7,3,100,0 1\n8,9,50,4\n");
  try {
    readCasesCsv(bad, fiveItems(), false);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("9"), std::string::npos) << e.what();
  }
  const std::string unknown = dir.file("unknown.csv");
  test::writeText(unknown, "user_id,predict,timestamp,profile\n7,zz,100,a\n");
  EXPECT_THROW(readCasesCsv(unknown, fiveItems(), true), Error);
  const std::string noColumn = dir.file("nocol.csv");
  test::writeText(noColumn, "user,item\n7,3\n");
  EXPECT_THROW(readCasesCsv(noColumn, fiveItems(), false), Error);
  EXPECT_THROW(readCasesCsv(dir.file("missing.csv"), fiveItems(), false), Error);
}
