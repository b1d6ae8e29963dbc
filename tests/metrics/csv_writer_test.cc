// Tests for sim/util/csv_writer.h (kept here, beside its main user, requests.csv).
#include "sim/util/csv_writer.h"

#include <gtest/gtest.h>

#include <limits>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(QuoteCsvField("plain"), "plain");
  EXPECT_EQ(QuoteCsvField(""), "");
  EXPECT_EQ(QuoteCsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(QuoteCsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(QuoteCsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(QuoteCsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(QuoteCsvField(" padded"), "\" padded\"");
  EXPECT_EQ(QuoteCsvField("tab\t"), "\"tab\t\"");
  EXPECT_EQ(QuoteCsvField("in side"), "in side");
}

TEST(CsvWriterTest, DoublesAreShortestRoundTripWithFixedSpecials) {
  EXPECT_EQ(FormatCsvDouble(0.1), "0.1");
  EXPECT_EQ(FormatCsvDouble(250.0), "250");
  EXPECT_EQ(FormatCsvDouble(1e-7), "1e-07");
  EXPECT_EQ(FormatCsvDouble(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(FormatCsvDouble(-std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(FormatCsvDouble(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(FormatCsvDouble(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(CsvWriterTest, WritesRowsOfMixedFields) {
  CsvWriter csv;
  csv.Row({"id", "name", "value"});
  csv.Field(uint64_t{7}).Field("a, b").Field(0.5).EndRow();
  csv.Field(int32_t{-1}).Empty().Field(true).EndRow();
  csv.Field(std::string("x\"y")).Field(int64_t{1} << 40).Field(3.0).EndRow();
  EXPECT_EQ(csv.TakeString(),
            "id,name,value\n"
            "7,\"a, b\",0.5\n"
            "-1,,true\n"
            "\"x\"\"y\",1099511627776,3\n");
  EXPECT_EQ(csv.size(), 0u);
}

TEST(CsvWriterTest, TakeStringInsideARowIsABug) {
  CsvWriter csv;
  csv.Field(1);
  EXPECT_THROW(csv.TakeString(), InternalError);
  EXPECT_THROW(csv.Row({"a"}), InternalError);
}

}  // namespace
}  // namespace gpuplan
