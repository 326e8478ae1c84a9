#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "common/csv_writer.h"
#include "common/error.h"
#include "ingest/csv.h"
#include "testutil.h"

using vitrine::CsvIssue;
using vitrine::CsvReader;
using vitrine::CsvRecord;
using vitrine::isValidUtf8;

namespace {

struct Parsed {
  std::vector<std::string> header;
  std::vector<CsvRecord> records;
  std::vector<CsvIssue> issues;
};

Parsed parse(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  Parsed p;
  p.header = reader.header();
  CsvRecord r;
  while (reader.next(r)) p.records.push_back(r);
  EXPECT_FALSE(reader.next(r));  // stays at the end
  p.issues = reader.issues();
  return p;
}

using Fields = std::vector<std::string>;

}  // namespace

TEST(Csv, HeaderAndSimpleRecords) {
  const Parsed p = parse("id,title,year\n1,Mona Lisa,1503\n2,Starry Night,1889\n");
  EXPECT_EQ(p.header, (Fields{"id", "title", "year"}));
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].line, 2);
  EXPECT_EQ(p.records[0].fields, (Fields{"1", "Mona Lisa", "1503"}));
  EXPECT_EQ(p.records[1].line, 3);
  EXPECT_EQ(p.records[1].fields, (Fields{"2", "Starry Night", "1889"}));
  EXPECT_TRUE(p.issues.empty());
}

TEST(Csv, QuotedFieldsHoldCommasAndDoubledQuotes) {
  const Parsed p = parse("a,b,c\n1,\"Hello, world\",\"He said \"\"hi\"\"\"\n\"\",\"\"\"\",x\n");
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].fields, (Fields{"1", "Hello, world", "He said \"hi\""}));
  EXPECT_EQ(p.records[1].fields, (Fields{"", "\"", "x"}));
  EXPECT_TRUE(p.issues.empty());
}

TEST(Csv, FieldsAreNotTrimmedAndEmptyFieldsCount) {
  const Parsed p = parse("a,b,c\n 1 ,,\n");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].fields, (Fields{" 1 ", "", ""}));
}

TEST(Csv, EmbeddedNewlinesAdvanceLineNumbers) {
  const std::string text =
      "id,description\n"       // line 1
      "1,\"first line\n"       // line 2
      "second line\n"          // line 3
      "third, with comma\"\n"  // line 4
      "2,plain\n"              // line 5
      "3,too,many\n"           // line 6
      "4,\"a\n\nb\"\n"         // lines 7-9
      "5,last\n";              // line 10
  const Parsed p = parse(text);
  ASSERT_EQ(p.records.size(), 4u);
  EXPECT_EQ(p.records[0].line, 2);
  EXPECT_EQ(p.records[0].fields[1], "first line\nsecond line\nthird, with comma");
  EXPECT_EQ(p.records[1].line, 5);
  EXPECT_EQ(p.records[2].line, 7);
  EXPECT_EQ(p.records[2].fields[1], "a\n\nb");  // the empty line inside quotes is data
  EXPECT_EQ(p.records[3].line, 10);
  ASSERT_EQ(p.issues.size(), 1u);
  EXPECT_EQ(p.issues[0].line, 6);
  EXPECT_EQ(p.issues[0].reason, "expected 2 fields, found 3");
}

TEST(Csv, CrlfLineEndings) {
  const Parsed p = parse("a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n\r\n4,5");
  EXPECT_EQ(p.header, (Fields{"a", "b"}));
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[0].fields, (Fields{"1", "2"}));
  EXPECT_EQ(p.records[0].line, 2);
  EXPECT_EQ(p.records[1].fields, (Fields{"3", "x\r\ny"}));  // line breaks in quotes kept as is
  EXPECT_EQ(p.records[1].line, 3);
  EXPECT_EQ(p.records[2].fields, (Fields{"4", "5"}));  // final record without newline
  EXPECT_EQ(p.records[2].line, 6);
  EXPECT_TRUE(p.issues.empty());
}

TEST(Csv, LoneCarriageReturnEndsLines) {
  const Parsed p = parse("a,b\r1,2\r3,4");
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].line, 2);
  EXPECT_EQ(p.records[1].line, 3);
  EXPECT_EQ(p.records[1].fields, (Fields{"3", "4"}));
}

TEST(Csv, ByteOrderMarkIsDropped) {
  const std::string text = "\xEF\xBB\xBFid,name\n1,caf\xC3\xA9\n";
  std::istringstream in(text);
  CsvReader reader(in);
  EXPECT_EQ(reader.header(), (Fields{"id", "name"}));
  EXPECT_EQ(reader.column("id"), 0);
  CsvRecord r;
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.fields, (Fields{"1", "caf\xC3\xA9"}));
  EXPECT_EQ(r.line, 2);
}

TEST(Csv, BlankLinesAreSkipped) {
  const Parsed p = parse("\n\na,b\n\n1,2\n   \n\r\n3,4\n\n");
  EXPECT_EQ(p.header, (Fields{"a", "b"}));
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].line, 5);
  EXPECT_EQ(p.records[1].line, 8);
  EXPECT_TRUE(p.issues.empty());
}

TEST(Csv, WrongFieldCountsAreReportedAndSkipped) {
  const Parsed p = parse("a,b,c\n1,2\n1,2,3\n1,2,3,4\n5,6,7");
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].line, 3);
  EXPECT_EQ(p.records[1].line, 5);
  EXPECT_EQ(p.records[1].fields, (Fields{"5", "6", "7"}));
  ASSERT_EQ(p.issues.size(), 2u);
  EXPECT_EQ(p.issues[0].line, 2);
  EXPECT_EQ(p.issues[0].reason, "expected 3 fields, found 2");
  EXPECT_EQ(p.issues[1].line, 4);
  EXPECT_EQ(p.issues[1].reason, "expected 3 fields, found 4");
}

TEST(Csv, QuoteInsideUnquotedFieldSkipsThatLine) {
  const Parsed p = parse("a,b\n1,5'10\" tall,x\n2,ok\n");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].line, 3);
  EXPECT_EQ(p.records[0].fields, (Fields{"2", "ok"}));
  ASSERT_EQ(p.issues.size(), 1u);
  EXPECT_EQ(p.issues[0].line, 2);
  EXPECT_NE(p.issues[0].reason.find("quote"), std::string::npos) << p.issues[0].reason;
  EXPECT_NE(p.issues[0].reason.find("field 2"), std::string::npos) << p.issues[0].reason;
}

TEST(Csv, CharactersAfterClosingQuoteSkipToEndOfLine) {
  const Parsed p = parse("a,b\n\"x\"y,z\n3,4\n");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].line, 3);
  EXPECT_EQ(p.records[0].fields, (Fields{"3", "4"}));
  ASSERT_EQ(p.issues.size(), 1u);
  EXPECT_EQ(p.issues[0].line, 2);
  EXPECT_NE(p.issues[0].reason.find("'y' after the closing quote of field 1"), std::string::npos) << p.issues[0].reason;
}

TEST(Csv, CharactersAfterMultiLineQuotedFieldReportStartLine) {
  // The stray character is on line 3 but the record starts on line 2; line 3's rest is skipped.
  const Parsed p = parse("a,b\n1,\"l1\nl2\" junk,z\n5,6\n");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].line, 4);
  EXPECT_EQ(p.records[0].fields, (Fields{"5", "6"}));
  ASSERT_EQ(p.issues.size(), 1u);
  EXPECT_EQ(p.issues[0].line, 2);
  EXPECT_NE(p.issues[0].reason.find("after the closing quote"), std::string::npos);
}

TEST(Csv, UnterminatedQuoteAtEndOfFileStopsReading) {
  const Parsed p = parse("a,b\n1,2\n3,\"open\n4,5\n6,7\n");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].fields, (Fields{"1", "2"}));
  ASSERT_EQ(p.issues.size(), 1u);
  EXPECT_EQ(p.issues[0].line, 3);
  EXPECT_NE(p.issues[0].reason.find("unterminated quoted field 2"), std::string::npos) << p.issues[0].reason;
}

TEST(Csv, InvalidUtf8RecordIsSkipped) {
  const Parsed p = parse("a,b\n1,\xC3\x28\n2,caf\xC3\xA9\n3,\xED\xA0\x80\n");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].line, 3);
  EXPECT_EQ(p.records[0].fields[1], "caf\xC3\xA9");
  ASSERT_EQ(p.issues.size(), 2u);
  EXPECT_EQ(p.issues[0].line, 2);
  EXPECT_EQ(p.issues[0].reason, "invalid UTF-8 in field 2");
  EXPECT_EQ(p.issues[1].line, 4);
}

TEST(Csv, ColumnLookupIsCaseInsensitiveAndTrimmed) {
  std::istringstream in(" User_ID ,Item_Id,\"timestamp\"\n1,2,3\n");
  CsvReader reader(in);
  EXPECT_EQ(reader.column("user_id"), 0);
  EXPECT_EQ(reader.column("ITEM_ID "), 1);
  EXPECT_EQ(reader.column("\ttimestamp"), 2);
  EXPECT_EQ(reader.column("evaluation"), -1);
  EXPECT_EQ(reader.column(""), -1);
  EXPECT_EQ(reader.header()[0], " User_ID ");  // header() itself is verbatim
}

TEST(Csv, EmptyOrBlankInputHasNoHeader) {
  for (const std::string text : {"", "\n\n", "  \r\n\t\n", "\xEF\xBB\xBF"}) {
    const Parsed p = parse(text);
    EXPECT_TRUE(p.header.empty());
    EXPECT_TRUE(p.records.empty());
    EXPECT_TRUE(p.issues.empty());
  }
}

TEST(Csv, BrokenHeaderLeavesHeaderEmptyWithIssue) {
  const Parsed p = parse("\na,\"b\nc\n1,2\n");
  EXPECT_TRUE(p.header.empty());
  EXPECT_TRUE(p.records.empty());
  ASSERT_EQ(p.issues.size(), 1u);
  EXPECT_EQ(p.issues[0].line, 2);
  EXPECT_NE(p.issues[0].reason.find("header row"), std::string::npos);
}

TEST(Csv, FieldsLargerThanTheReadBufferAndManyRecords) {
  const std::string big(200000, 'x');
  std::string text = "id,text\n1,\"" + big + "\n" + big + "\"\n";
  for (int i = 0; i < 20000; ++i) {
    text += std::to_string(i) + ",\"v,\"\"" + std::to_string(i) + "\"\n";
  }
  const Parsed p = parse(text);
  ASSERT_EQ(p.records.size(), 20001u);
  EXPECT_EQ(p.records[0].fields[1], big + "\n" + big);
  EXPECT_EQ(p.records[1].line, 4);
  EXPECT_EQ(p.records[20000].line, 20003);
  EXPECT_EQ(p.records[20000].fields[1], "v,\"19999");
  EXPECT_TRUE(p.issues.empty());
}

TEST(Csv, FromFileThrowsNamingThePath) {
  vitrine::test::TempDir dir;
  const std::string missing = dir.file("no-such.csv");
  try {
    CsvReader::fromFile(missing);
    FAIL() << "expected vitrine::Error";
  } catch (const vitrine::Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  EXPECT_THROW(CsvReader::fromFile(dir.path()), vitrine::Error);  // a directory
}

TEST(Csv, FromFileReadsTempFile) {
  vitrine::test::TempDir dir;
  vitrine::test::writeText(dir.file("meta.csv"), "id,title\r\n7,\"Water Lilies\"\r\n8,x,y\r\n");
  CsvReader reader = CsvReader::fromFile(dir.file("meta.csv"));
  EXPECT_EQ(reader.column("TITLE"), 1);
  CsvRecord r;
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.fields, (Fields{"7", "Water Lilies"}));
  EXPECT_FALSE(reader.next(r));
  ASSERT_EQ(reader.issues().size(), 1u);
  EXPECT_EQ(reader.issues()[0].line, 3);

  vitrine::test::writeText(dir.file("empty.csv"), "");
  EXPECT_TRUE(CsvReader::fromFile(dir.file("empty.csv")).header().empty());
}

TEST(Csv, ReadsOracleInteractions) {
  CsvReader reader = CsvReader::fromFile(vitrine::test::dataDir() + "/curatornet-oracle/interactions.csv");
  EXPECT_EQ(reader.header(), (Fields{"user_id", "item_id", "timestamp"}));
  CsvRecord r;
  int64_t count = 0;
  int64_t lastLine = 0;
  while (reader.next(r)) {
    ++count;
    lastLine = r.line;
    if (count == 1) {
      EXPECT_EQ(r.fields, (Fields{"10281", "1000022", "1500100115"}));
    }
  }
  EXPECT_EQ(count, 1486);  // README: 1,486 rows
  EXPECT_EQ(lastLine, 1487);
  EXPECT_TRUE(reader.issues().empty());
}

TEST(Csv, IsValidUtf8) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain ascii"));
  EXPECT_TRUE(isValidUtf8("caf\xC3\xA9"));           // U+00E9
  EXPECT_TRUE(isValidUtf8("\xE2\x82\xAC"));          // U+20AC
  EXPECT_TRUE(isValidUtf8("\xF0\x9F\x8E\xA8"));      // U+1F3A8
  EXPECT_TRUE(isValidUtf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF, the maximum
  EXPECT_TRUE(isValidUtf8("\xED\x9F\xBF"));          // U+D7FF, just below surrogates
  EXPECT_TRUE(isValidUtf8(std::string("a\0b", 3)));  // NUL is a valid code point

  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xC1\xBF"));          // overlong
  EXPECT_FALSE(isValidUtf8("\xE0\x80\xAF"));      // overlong 3-byte
  EXPECT_FALSE(isValidUtf8("\xF0\x80\x80\xAF"));  // overlong 4-byte
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // U+D800 surrogate
  EXPECT_FALSE(isValidUtf8("\xED\xBF\xBF"));      // U+DFFF surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(isValidUtf8("\xF5\x80\x80\x80"));  // lead byte beyond range
  EXPECT_FALSE(isValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(isValidUtf8("ok\xF0\x9F\x8E"));    // truncated at the end
  EXPECT_FALSE(isValidUtf8("\xE2\x28\xA1"));      // bad continuation
  EXPECT_FALSE(isValidUtf8("\x80"));              // stray continuation
  EXPECT_FALSE(isValidUtf8("\xFF"));
  EXPECT_FALSE(isValidUtf8("\xF8\x88\x80\x80\x80"));  // 5-byte form
}

// The one CSV writer (common/csv_writer.h): RFC 4180 with CRLF; what it writes reads back the same.
TEST(CsvWriter, QuotesOnlyWhenNeededEndsRecordsWithCrlfAndRoundTrips) {
  vitrine::test::TempDir dir;
  const std::string path = dir.file("out.csv");
  const std::vector<std::vector<std::string>> rows = {{"id", "title", "note"},
                                                      {"1", "plain", ""},
                                                      {"2", "a, b", "say \"hi\""},
                                                      {"3", "two\nlines", "\xC3\xA9t\xC3\xA9"}};
  {
    vitrine::CsvWriter w(path);
    for (const auto& r : rows) w.row(r);
    w.finish();
  }
  EXPECT_EQ(vitrine::test::readText(path),
            "id,title,note\r\n1,plain,\r\n2,\"a, b\",\"say \"\"hi\"\"\"\r\n3,\"two\nlines\",\xC3\xA9t\xC3\xA9\r\n");
  vitrine::CsvReader reader = vitrine::CsvReader::fromFile(path);
  EXPECT_EQ(reader.header(), rows[0]);
  vitrine::CsvRecord rec;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_TRUE(reader.next(rec));
    EXPECT_EQ(rec.fields, rows[i]);
  }
  EXPECT_FALSE(reader.next(rec));
  EXPECT_TRUE(reader.issues().empty());
  EXPECT_THROW(vitrine::CsvWriter(dir.file("missing/dir/x.csv")), vitrine::Error);
}
