#include "calibrate/harness/csv.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "calibrate/errors.h"

namespace gpuplan::calibrate {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CsvTest, FormatsFixedDecimalsInTheCLocale) {
  EXPECT_EQ(FormatFixed(12.3456, 3), "12.346");
  EXPECT_EQ(FormatFixed(0.5, 0), "0");  // round half to even in printf
  EXPECT_EQ(FormatFixed(-0.0001, 3), "0.000");
  EXPECT_EQ(FormatFixed(-1.25, 1), "-1.2");
  EXPECT_EQ(FormatFixed(std::numeric_limits<double>::quiet_NaN(), 3), "nan");
  EXPECT_EQ(FormatFixed(std::numeric_limits<double>::infinity(), 3), "inf");
}

TEST(CsvTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvEscape("qkv"), "qkv");
  EXPECT_EQ(CsvEscape("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvEscape("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(FormatCsvLine({"a", "b,c", ""}), "a,\"b,c\",\n");
}

TEST(CsvTest, ParseUndoesEscape) {
  const std::vector<std::string> cells = {"plain", "with,comma", "with \"quote\"", ""};
  std::string line = FormatCsvLine(cells);
  line.pop_back();
  EXPECT_EQ(ParseCsvLine(line), cells);
  EXPECT_THROW(ParseCsvLine("\"open"), CalibrateError);
}

TEST(CsvTest, RowWithStats) {
  Stats stats;
  stats.min_us = 1;
  stats.median_us = 2.0004;
  stats.mean_us = 2.5;
  stats.p90_us = 3.25;
  stats.max_us = 4;
  stats.std_us = 0.125;
  stats.repeats = 30;
  CsvRow row;
  row.Add("qkv").Add(int64_t{4096}).AddStats(stats).Add(512.34567, 2);
  EXPECT_EQ(FormatCsvLine(row.cells()), "qkv,4096,1.000,2.000,2.500,3.250,4.000,0.125,30,512.35\n");
}

TEST(CsvTest, FileHasHeaderAndRowsAndChecksWidth) {
  const auto path = std::filesystem::temp_directory_path() / "gpuplan_calibrate_csv_test.csv";
  {
    std::vector<std::string> columns = {"op", "tokens"};
    for (const std::string& c : StatsColumns()) columns.push_back(c);
    CsvFile file(path, columns);
    Stats stats;
    stats.repeats = 3;
    CsvRow row;
    row.Add("rms_norm").Add(16).AddStats(stats);
    file.Write(row);
    EXPECT_EQ(file.rows_written(), 1);
    CsvRow short_row;
    short_row.Add("x");
    EXPECT_THROW(file.Write(short_row), CalibrateError);
  }
  EXPECT_EQ(ReadFile(path),
            "op,tokens,min_us,median_us,mean_us,p90_us,max_us,std_us,repeats\n"
            "rms_norm,16,0.000,0.000,0.000,0.000,0.000,0.000,3\n");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace gpuplan::calibrate
