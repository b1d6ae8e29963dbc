// Readers of the files reports are built from: CSV rows with quoting, JSON cursors, and error
// messages that say file:line:column, what is wrong and what was expected.
#include "reports/data_files.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "reports/run_data.h"
#include "sim/core/error.h"

namespace gpuplan::report {
namespace {

namespace fs = std::filesystem;

class DataFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gpuplan_data_files_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }

  // The message of the ConfigError `f` throws, with the temp folder replaced by "DIR".
  template <class F>
  std::string ErrorOf(F f) {
    try {
      f();
    } catch (const ConfigError& e) {
      std::string text = e.what();
      for (size_t at = text.find(dir_.string()); at != std::string::npos;
           at = text.find(dir_.string())) {
        text.replace(at, dir_.string().size(), "DIR");
      }
      return text;
    }
    return "no error";
  }

  fs::path dir_;
};

TEST_F(DataFilesTest, CsvRowsReadsQuotedFieldsAndCrlf) {
  CsvRows csv(
      Write("a.csv", "id,name,value\r\n1,\"a, \"\"b\"\"\",2.5\r\n\r\n2,\"multi\nline\",\r\n"));
  ASSERT_TRUE(csv.Next());
  EXPECT_EQ(csv.Field(csv.Column("name")), "a, \"b\"");
  EXPECT_EQ(csv.Number(csv.Column("value")), 2.5);
  ASSERT_TRUE(csv.Next());
  EXPECT_EQ(csv.line(), 4);
  EXPECT_EQ(csv.Field(1), "multi\nline");
  EXPECT_TRUE(std::isnan(csv.Number(2)));
  EXPECT_FALSE(csv.Next());
}

TEST_F(DataFilesTest, CsvErrorsNameFileLineColumnAndExpectation) {
  fs::path bad = Write("requests.csv", "id,ttft_ms\n1,2\n2,abc\n");
  EXPECT_EQ(ErrorOf([&] {
              CsvRows csv(bad);
              while (csv.Next()) csv.Number(1);
            }),
            "DIR/requests.csv:3:3: column 'ttft_ms': 'abc' is not a number; expected a number or "
            "an empty field");
  fs::path short_row = Write("t.csv", "a,b\n1\n");
  EXPECT_EQ(ErrorOf([&] { CsvRows(short_row).Next(); }),
            "DIR/t.csv:2:1: 1 fields; expected 2 as in the header");
  EXPECT_EQ(ErrorOf([&] { CsvRows(short_row).Column("ttft_ms"); }),
            "DIR/t.csv:1:1: no column 'ttft_ms'; expected a header with it (found: a, b)");
  EXPECT_EQ(ErrorOf([&] { CsvRows csv(dir_ / "none.csv"); }),
            "DIR/none.csv: cannot read the file (No such file or directory); expected a readable "
            "CSV file");
}

// Values gpuplan never writes (an edited or corrupted summary.json) are refused at their path,
// not drawn as a report; each on both sides of its bound.
TEST_F(DataFilesTest, ImpossibleValuesInASummaryAreRefused) {
  auto error_with = [&](const std::string& members) {
    Write("summary.json", R"({"schema": "gpuplan.summary/2", )" + members + "}");
    return ErrorOf([&] { ReadRunData(dir_); });
  };
  EXPECT_EQ(error_with(R"("ttft_ms": {"p50": 12, "p90": 10})"),
            "DIR/summary.json: ttft_ms: p50 12 is above p90 10; expected p50 <= p90 <= p95 <= "
            "p99 <= max");
  EXPECT_EQ(error_with(R"("ttft_ms": {"p50": 10, "p90": 10, "p99": 11, "max": 11})"), "no error");
  EXPECT_EQ(error_with(R"("e2e_ms": {"mean": -0.5})"),
            "DIR/summary.json: e2e_ms.mean: is -0.5; expected a number >= 0 (gpuplan never "
            "writes this value)");
  EXPECT_EQ(error_with(R"("e2e_ms": {"mean": 0})"), "no error");
  EXPECT_EQ(error_with(R"("utilization": {"gpu_busy_fraction": 1.5})"),
            "DIR/summary.json: utilization.gpu_busy_fraction: is 1.5; expected a number from 0 "
            "to 1 (gpuplan never writes this value)");
  EXPECT_EQ(error_with(R"("utilization": {"gpu_busy_fraction": 1})"), "no error");
  EXPECT_EQ(error_with(R"("counts": {"arrived": 10, "completed": 8, "dropped": 1})"),
            "DIR/summary.json: counts: completed 8 + dropped 1 + unfinished 0 is not arrived 10; "
            "expected every arrival accounted for once");
  EXPECT_EQ(error_with(R"("counts": {"arrived": 10, "completed": 8, "dropped": 1, )"
                       R"("unfinished": 1, "measured": 9})"),
            "DIR/summary.json: counts.measured: is 9, more than the 8 completed; expected at "
            "most that");
  EXPECT_EQ(error_with(R"("counts": {"arrived": 10, "completed": 8, "dropped": 1, )"
                       R"("unfinished": 1, "measured": 8})"),
            "no error");
  EXPECT_EQ(error_with(R"("replicas": 0)"),
            "DIR/summary.json: replicas: is 0; expected an integer >= 1 (gpuplan never writes "
            "this value)");
}

TEST_F(DataFilesTest, JsonSyntaxErrorsHaveLineAndColumn) {
  EXPECT_EQ(ErrorOf([] { ParseJsonText("{\n  \"a\": 1,\n  \"b\" 2\n}", "summary.json"); }),
            "summary.json:3:7: syntax error while parsing object separator - unexpected number "
            "literal (expected ':') (malformed JSON)");
}

TEST_F(DataFilesTest, JsonCursorNamesThePathOfAWrongType) {
  const JsonFile json = ParseJsonText(R"({"cost": {"usd_per_hour": "x"}, "n": 1.5})", "s.json");
  const JsonCursor root = json.Root();
  EXPECT_TRUE(std::isnan(root["missing"]["deeper"].Number()));
  EXPECT_EQ(root["missing"].Int(7), 7);
  EXPECT_EQ(ErrorOf([&] { root["cost"]["usd_per_hour"].Number(); }),
            "s.json: cost.usd_per_hour: is a string; expected a number");
  EXPECT_EQ(ErrorOf([&] { root["n"].Int(); }), "s.json: n: is 1.5; expected an integer");
  EXPECT_EQ(ErrorOf([&] { root["gone"].RequiredNumber(); }),
            "s.json: gone: is missing; expected a number");
}

TEST_F(DataFilesTest, RunFolderErrorsAreConfigErrors) {
  EXPECT_EQ(ErrorOf([&] { ReadRunData(dir_); }),
            "DIR: no summary.json; expected the output folder of `gpuplan simulate`");
  Write("summary.json", R"({"schema": "gpuplan.plan/1"})");
  EXPECT_EQ(ErrorOf([&] { ReadRunData(dir_); }),
            "DIR/summary.json: schema: is 'gpuplan.plan/1'; expected gpuplan.summary/2 (a "
            "summary.json written by gpuplan simulate)");
  // /1 said e2el_ms where /2 says e2e_ms: refused whole, with what to do about it.
  Write("summary.json", R"({"schema": "gpuplan.summary/1", "e2el_ms": {"p95": 1}})");
  EXPECT_EQ(ErrorOf([&] { ReadRunData(dir_); }),
            "DIR/summary.json: schema: is 'gpuplan.summary/1': written by an older gpuplan; "
            "expected gpuplan.summary/2. Rerun `gpuplan simulate` (or `gpuplan plan`) to write it "
            "again");
  Write("summary.json", R"({"schema": "gpuplan.summary/3"})");
  EXPECT_EQ(ErrorOf([&] { ReadRunData(dir_); }),
            "DIR/summary.json: schema: is 'gpuplan.summary/3'; expected gpuplan.summary/2 (this "
            "gpuplan is older than the file)");
  Write("summary.json", R"({"schema": "gpuplan.summary/2", "ttft_ms": {"p95": true}})");
  EXPECT_EQ(ErrorOf([&] { ReadRunData(dir_); }),
            "DIR/summary.json: ttft_ms.p95: is a boolean; expected a number");
  Write("summary.json", R"({"schema": "gpuplan.summary/2"})");
  Write("timeseries.csv", "t_start_s,waiting,running,kv_used_fraction\n0,0,0,0\n0,1,1,0.1\n");
  EXPECT_EQ(ErrorOf([&] { ReadRunData(dir_); }),
            "DIR/timeseries.csv:3:1: column 't_start_s': does not increase; expected rows in time "
            "order");
}

}  // namespace
}  // namespace gpuplan::report
