#include "sim/util/csv_parser.h"

#include <gtest/gtest.h>

#include "sim/util/text_file.h"

namespace gpuplan::detail {
namespace {

std::vector<CsvRecord> ParseAll(std::string_view text, Diagnostics* problems = nullptr) {
  CsvParser parser(text, "t.csv");
  std::vector<CsvRecord> records;
  CsvRecord r;
  while (parser.Next(&r)) records.push_back(r);
  if (problems) *problems = parser.problems();
  return records;
}

TEST(CsvParserTest, ARepeatedHeaderColumnIsReportedWhereItRepeats) {
  Diagnostics problems;
  const auto records = ParseAll("ttft_ms,tpot_ms,ttft_ms\n1,2,3\n", &problems);
  ASSERT_EQ(records.size(), 2u);  // the records still come back
  ASSERT_EQ(problems.items().size(), 1u);
  EXPECT_EQ(problems.items()[0].ToString(),
            "t.csv:1:17: column 'ttft_ms' appears twice in the header (first at column 1); "
            "expected unique names");
  // Only the header is checked: a data row may repeat values.
  Diagnostics none;
  ParseAll("a,b\n1,1\n", &none);
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(FindRepeatedName({"a", "b", "c"}).has_value());
  const auto repeated = FindRepeatedName({"a", "b", "b", "a"});
  ASSERT_TRUE(repeated.has_value());
  EXPECT_EQ(repeated->first, 2u);  // the second "b", repeating index 1
  EXPECT_EQ(repeated->second, 1u);
}

TEST(CsvParserTest, ALoneCarriageReturnIsRefusedWhereItIs) {
  CsvParser parser("a,b\n1,2\r3,4\r", "t.csv");
  CsvRecord record;
  EXPECT_FALSE(parser.Next(&record));
  ASSERT_EQ(parser.problems().size(), 1u);
  EXPECT_EQ(parser.problems().items()[0].ToString(),
            "t.csv:2:4: " + std::string(kLoneCarriageReturnMessage));
  EXPECT_EQ(ParseAll("a,b\r\n1,2\r\n").size(), 2u);  // CRLF is read
}

TEST(CsvParserTest, SplitsPlainAndQuotedFieldsWithPositions) {
  const auto records = ParseAll("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
  EXPECT_EQ(records[1].columns, (std::vector<int>{1, 3, 10}));
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvParserTest, QuotedLineBreaksStayInTheFieldAndLinesKeepCounting) {
  const auto records = ParseAll("a,b\r\n\"two\nlines\",x\r\n\n3,4");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields[0], "two\nlines");
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(records[2].line, 5);  // line 4 is blank
}

TEST(CsvParserTest, EmptyFieldsAndAByteOrderMark) {
  const auto records = ParseAll("\xEF\xBB\xBFname,,z\n,,\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"name", "", "z"}));
  EXPECT_EQ(records[0].columns[0], 1);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"", "", ""}));
}

TEST(CsvParserTest, MalformedQuotesAreReportedAndTheRecordSkipped) {
  Diagnostics problems;
  const auto records = ParseAll("a,b\n\"x\"y,1\n2,3\n\"open,4", &problems);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"2", "3"}));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems.items()[0].ToString(),
            "t.csv:2:4: row: text after a closing quote; expected a comma or the end of the line");
  EXPECT_EQ(problems.items()[1].ToString(),
            "t.csv:4:1: row: quoted field is never closed; expected a closing \" before the end");
}

}  // namespace
}  // namespace gpuplan::detail
