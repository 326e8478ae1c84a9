// Reading the year of free-text artwork dates (docs/data-policies.md, "Dates"): eras, ranges,
// other calendars, and texts that must give no year rather than a wrong one.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/dates.h"

using namespace vitrine;

namespace {

struct Case {
  const char* text;
  std::optional<int> year;
};

}  // namespace

TEST(Dates, PlainAndApproximateYears) {
  const std::vector<Case> cases = {
      {"1631", 1631},
      {"c. 1631", 1631},
      {"ca. 1631", 1631},
      {"circa 1631", 1631},
      {"about 1631?", 1631},
      {"1868–70", 1868},
      {"1868—1870", 1868},
      {"1890s", 1890},
      {"c. 1470/75–by 1533", 1470},
      {"15 March 1672", 1672},
      {"1672-03-15", 1672},
      {"15.03.1672", 1672},
      {"March 15, 1672", 1672},
      {"1650 (?)", 1650},
      {"between 1500 and 1510", 1500},
      {"Edo period, 1780s", 1780},
      {"Meiji era (1868–1912)", 1868},
      {"2nd half of the 1650s", 1650},
      {"  1700  ", 1700},
  };
  for (const auto& c : cases) {
    const DateReading r = readDate(c.text);
    EXPECT_EQ(r.year, c.year) << c.text << " (" << r.note << ")";
    EXPECT_TRUE(r.note.empty()) << c.text << ": " << r.note;
  }
}

TEST(Dates, BeforeTheCommonEraIsNegative) {
  const std::vector<Case> cases = {
      {"490 BC", -490},
      {"ca. 450 BCE", -450},
      {"500 BCE", -500},
      {"450 B.C.", -450},
      {"450 B.C.E.", -450},
      {"450 b.c", -450},
      {"c. 2000–1800 BC", -2000},
      {"490/89 BC", -490},
      {"between 1500 and 1400 BC", -1500},
      {"490 v. Chr.", -490},
      {"490 av. J.-C.", -490},
      {"490 a.C.", -490},
      {"ca. 15,000 BCE", -15000},
      {"BC 490", -490},
      {"1500 BC to AD 100", -1500},
      {"ca. 350 BCE–ca. 300 BCE", -350},
      {"50 BC", -50},
      {"-490", -490},
      {"after 400\u00a0BC", -400},
  };
  for (const auto& c : cases) {
    const DateReading r = readDate(c.text);
    EXPECT_EQ(r.year, c.year) << c.text << " (" << r.note << ")";
  }
}

TEST(Dates, CommonEraMarkersAndShortYears) {
  const std::vector<Case> cases = {
      {"AD 79", 79},          {"79 AD", 79},           {"A.D. 1672", 1672},    {"1672 CE", 1672},
      {"1500 n. Chr.", 1500}, {"ca. 1500 d.C.", 1500}, {"130 ap. J.-C.", 130}, {"anno domini 1200", 1200},
  };
  for (const auto& c : cases) EXPECT_EQ(readDate(c.text).year, c.year) << c.text;
}

TEST(Dates, DualCalendarsGiveTheCommonEraYear) {
  const std::vector<Case> cases = {
      {"A.H. 1083/A.D. 1672", 1672}, {"1083 AH / 1672 CE", 1672}, {"AH 1083 (1672)", 1672},
      {"1083 H / 1672", 1672},       {"Meiji 5 (1872)", 1872},    {"Hijri 1083, 1672 AD", 1672},
  };
  for (const auto& c : cases) {
    const DateReading r = readDate(c.text);
    EXPECT_EQ(r.year, c.year) << c.text << " (" << r.note << ")";
  }
}

TEST(Dates, AnotherCalendarAloneIsConvertedWithANote) {
  // 1 Muharram 1083 fell on 29 April 1672; 1 Muharram 1445 on 19 July 2023.
  const std::vector<Case> cases = {
      {"A.H. 1083", 1672}, {"1445 AH", 2023},  {"2515 B.E.", 1972},
      {"Meiji 5", 1872},   {"Showa 20", 1945}, {"Shōwa 20", 1945},
  };
  for (const auto& c : cases) {
    const DateReading r = readDate(c.text);
    EXPECT_EQ(r.year, c.year) << c.text;
    EXPECT_NE(r.note.find("converted"), std::string::npos) << c.text << ": " << r.note;
  }
}

TEST(Dates, UnreadableTextGivesNoYearAndANote) {
  const char* texts[] = {"19th century", "5th century BC",   "1st–2nd century A.D.", "undated",
                         "n.d.",         "Neolithic",        "c. 30,000 BP",         "s. XVI",
                         "1083/1672",    "inv. 12345678901", "late 4th c."};
  for (const char* t : texts) {
    const DateReading r = readDate(t);
    EXPECT_FALSE(r.year) << t << " gave " << r.year.value_or(0);
    EXPECT_FALSE(r.note.empty()) << t;
  }
  EXPECT_FALSE(readDate("").year);
  EXPECT_TRUE(readDate("").note.empty());  // no date at all is not worth a note
}

TEST(Dates, NeverTheWrongEra) {
  // Any text carrying a BCE marker next to its first year yields a negative year or none.
  const char* bce[] = {"490 BC", "490–480 BC", "c. 490 BCE", "ca 490 B.C.E.", "490/480 BC", "490 to 480 B.C."};
  for (const char* t : bce) {
    const auto y = readDate(t).year;
    ASSERT_TRUE(y) << t;
    EXPECT_LT(*y, 0) << t;
  }
}

TEST(Dates, CatalogUsesTheSameRules) {
  EXPECT_EQ(parseYear("ca. 450 BCE").value_or(0), -450);
  EXPECT_EQ(parseYear("A.H. 1083/A.D. 1672").value_or(0), 1672);
  EXPECT_FALSE(parseYear("19th century"));
}
