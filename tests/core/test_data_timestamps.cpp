// Issue 16 item 3: timestamps in interactions files, UTC offsets applied, every accepted form
// documented (docs/data-policies.md), anything else refused with file:line.
#include <gtest/gtest.h>

#include <random>

#include "catalog/catalog.h"
#include "common/error.h"
#include "eval/protocol.h"
#include "ingest/dataset_import.h"
#include "ingest/timestamp.h"
#include "testutil.h"

using namespace vitrine;

namespace {

double secondsOf(const std::string& text) {
  std::string why;
  const auto p = parseTimestamp(text, &why);
  EXPECT_TRUE(p.has_value()) << text << ": " << why;
  return p ? p->seconds : -1;
}

// Writes `seconds` (UTC) as local time in the zone `offsetMinutes`, in one of several styles.
std::string isoAt(int64_t seconds, int offsetMinutes, int style) {
  const int64_t local = seconds + offsetMinutes * 60;
  const int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int64_t rest = local - days * 86400;
  // civil_from_days (H. Hinnant)
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  char buf[64];
  const int hh = static_cast<int>(rest / 3600), mm = static_cast<int>(rest / 60 % 60), ss = static_cast<int>(rest % 60);
  const char sign = offsetMinutes < 0 ? '-' : '+';
  const int oh = std::abs(offsetMinutes) / 60, om = std::abs(offsetMinutes) % 60;
  switch (style) {
    case 0:
      std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02d:%02d:%02d%c%02d:%02d", (long long)y, (long long)m,
                    (long long)d, hh, mm, ss, sign, oh, om);
      break;
    case 1:
      std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld %02d:%02d:%02d%c%02d%02d", (long long)y, (long long)m,
                    (long long)d, hh, mm, ss, sign, oh, om);
      break;
    default:
      if (offsetMinutes != 0) return isoAt(seconds, offsetMinutes, 0);
      std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02d:%02d:%02dZ", (long long)y, (long long)m, (long long)d,
                    hh, mm, ss);
  }
  return buf;
}

}  // namespace

TEST(Timestamps, OffsetsAreApplied) {
  // The example: 10:00 at +05:00 is 05:00 UTC.
  EXPECT_DOUBLE_EQ(secondsOf("2019-05-01T10:00:00+05:00"), secondsOf("2019-05-01T05:00:00Z"));
  EXPECT_DOUBLE_EQ(secondsOf("2019-05-01T10:00:00+0500"), secondsOf("2019-05-01T05:00:00Z"));
  EXPECT_DOUBLE_EQ(secondsOf("2019-05-01T10:00:00+05"), secondsOf("2019-05-01T05:00:00Z"));
  EXPECT_DOUBLE_EQ(secondsOf("2019-04-30T23:30:00-05:30"), secondsOf("2019-05-01T05:00:00Z"));
  EXPECT_DOUBLE_EQ(secondsOf("2019-05-01T05:00:00Z"), 1556686800.0);
  EXPECT_DOUBLE_EQ(secondsOf("2019-05-01 05:00:00"), 1556686800.0);  // no zone: UTC
  EXPECT_DOUBLE_EQ(secondsOf("2019-05-01T05:00"), 1556686800.0);
  EXPECT_DOUBLE_EQ(secondsOf("2019-05-01T05:00:00.250Z"), 1556686800.25);
  EXPECT_DOUBLE_EQ(secondsOf("2019-05-01"), 1556668800.0);
  EXPECT_DOUBLE_EQ(secondsOf("1969-12-31T23:59:59Z"), -1.0);
  EXPECT_DOUBLE_EQ(secondsOf("2000-02-29"), 951782400.0);
}

TEST(Timestamps, EpochSecondsAndMilliseconds) {
  EXPECT_DOUBLE_EQ(secondsOf("1556686800"), 1556686800.0);
  EXPECT_DOUBLE_EQ(secondsOf("1556686800000"), 1556686800.0);
  EXPECT_DOUBLE_EQ(secondsOf("1556686800250"), 1556686800.25);
  EXPECT_DOUBLE_EQ(secondsOf(" 42 "), 42.0);
  EXPECT_DOUBLE_EQ(secondsOf("1.5"), 1.5);
  EXPECT_EQ(parseTimestamp("1556686800")->form, TimestampForm::EpochSeconds);
  EXPECT_EQ(parseTimestamp("1556686800000")->form, TimestampForm::EpochMilliseconds);
  EXPECT_EQ(parseTimestamp("99999999999")->form, TimestampForm::EpochSeconds);        // 1e11 - 1
  EXPECT_EQ(parseTimestamp("100000000000")->form, TimestampForm::EpochMilliseconds);  // 1e11
}

TEST(Timestamps, AnythingElseIsRefusedWithAReason) {
  for (const char* bad : {"",
                          "yesterday",
                          "2019-13-01",
                          "2019-02-29",
                          "2019-05-01T24:00:00Z",
                          "2019-05-01T10:60Z",
                          "2019-05-01T10:00:00+5",
                          "2019-05-01T10:00:00+05:00:00",
                          "2019-05-01T10:00:00 UTC",
                          "2019-05-01T10:00:00+25:00",
                          "01/05/2019",
                          "2019-5-1",
                          "1e400",
                          "nan",
                          "inf",
                          "123456789012345678",
                          "2019-05-01T",
                          "2019-05-01T10",
                          "0x10",
                          "--1"}) {
    std::string why;
    EXPECT_FALSE(parseTimestamp(bad, &why).has_value()) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

// Property: the same instants written in any zone or style give the same stored timestamps and
// the same evaluation cases (the AUC 0.375 vs 0.875 came from dropped offsets).
TEST(Timestamps, SameInstantsInAnyZoneGiveTheSameCases) {
  test::TempDir dir;
  std::mt19937_64 rng(3);
  const int offsets[] = {0, 300, -300, 330, -570, 840, -720, 60};
  std::vector<std::vector<Interaction>> stored;
  for (int variant = 0; variant < 4; ++variant) {
    Catalog c = Catalog::create(dir.file("c" + std::to_string(variant) + ".vitrine"));
    for (int i = 0; i < 6; ++i) {
      Artwork a;
      a.externalId = "i" + std::to_string(i);
      c.insertArtwork(a);
    }
    std::mt19937_64 data(11);  // the same instants in every variant
    std::string csv = "user_id,item_id,timestamp\n";
    for (int row = 0; row < 40; ++row) {
      const int64_t t = 1500000000 + static_cast<int64_t>(data() % 200000);
      const std::string user = "u" + std::to_string(data() % 5);
      const std::string item = "i" + std::to_string(data() % 6);
      std::string ts;
      if (variant == 0)
        ts = std::to_string(t);
      else if (variant == 1)
        ts = std::to_string(t * 1000);
      else
        ts = isoAt(t, offsets[rng() % 8], static_cast<int>(rng() % 3));
      csv += user + "," + item + "," + ts + "\n";
    }
    test::writeText(dir.file("v.csv"), csv);
    const auto r = importInteractions(c, dir.file("v.csv"));
    if (variant == 1) {
      EXPECT_EQ(r.fromMilliseconds, 40);
    }
    stored.push_back(c.interactions());
  }
  for (size_t v = 1; v < stored.size(); ++v) {
    ASSERT_EQ(stored[v].size(), stored[0].size());
    for (size_t i = 0; i < stored[0].size(); ++i)
      EXPECT_DOUBLE_EQ(stored[v][i].timestamp, stored[0][i].timestamp) << "variant " << v << " row " << i;
  }
}

TEST(Timestamps, ImportRefusesUnreadableTimestampsWithFileAndLine) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  Artwork a;
  a.externalId = "i0";
  c.insertArtwork(a);
  test::writeText(dir.file("t.csv"), "user_id,item_id,timestamp\nu1,i0,2019-05-01T10:00:00+05:00\nu1,i0,01/05/2019\n");
  try {
    importInteractions(c, dir.file("t.csv"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("t.csv:3: cannot read timestamp \"01/05/2019\""), std::string::npos) << msg;
    EXPECT_NE(msg.find("nothing was stored"), std::string::npos) << msg;
  }
  EXPECT_EQ(c.interactionCount(), 0);

  test::writeText(dir.file("ok.csv"),
                  "user_id,item_id,timestamp\nu1,i0,2019-05-01T10:00:00+05:00\n"
                  "u2,i0,2019-05-01\nu3,i0,2019-05-01 10:00\n");
  const auto r = importInteractions(c, dir.file("ok.csv"));
  EXPECT_EQ(r.withOffset, 1);
  EXPECT_EQ(r.datesOnly, 1);
  EXPECT_EQ(r.withoutZone, 1);
  EXPECT_NE(r.summary().find("1 with a UTC offset applied"), std::string::npos) << r.summary();
  EXPECT_DOUBLE_EQ(c.interactions().front().timestamp, 1556686800.0);
}
