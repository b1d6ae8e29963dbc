#include "sim/validation/serving_row.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/validation/validation_test_util.h"

namespace gpuplan {
namespace {

using testing::ClosedLoopRow;
using testing::ServingHeader;
using testing::ServingLine;

TEST(ServingRowTest, ReadsEveryColumnAndLeavesEmptyCellsAbsent) {
  auto values = ClosedLoopRow();
  values["extra_args"] = "serve_flags=-tp 1; section=a, b";
  values["request_rate"] = "inf";
  const ServingData data = ParseServingData(ServingHeader() + ServingLine(values), "serving.csv");
  ASSERT_TRUE(data.problems.empty());
  ASSERT_EQ(data.rows.size(), 1u);
  const ServingRow& r = data.rows[0];
  EXPECT_EQ(r.line, 2);
  EXPECT_EQ(r.Id(), "serving.csv:2");
  EXPECT_EQ(r.model, "Llama-3.1-8B-Instruct");
  EXPECT_EQ(r.tp, 1);
  EXPECT_FALSE(r.pp.has_value());
  EXPECT_EQ(r.concurrency, 4);
  EXPECT_EQ(r.num_requests, 40);
  EXPECT_TRUE(std::isinf(*r.request_rate));
  EXPECT_EQ(r.extra_args, "serve_flags=-tp 1; section=a, b");
  EXPECT_EQ(r.measured.size(), 3u);
  EXPECT_EQ(r.measured.at(ServingMetric::kTtftMean), 50);
  EXPECT_EQ(r.measured.at(ServingMetric::kOutputThroughput), 400);
  EXPECT_FALSE(r.measured.count(ServingMetric::kTtftP99));
}

TEST(ServingRowTest, MalformedCellsAreLocatedAndTheOtherRowsStillRead) {
  auto bad = ClosedLoopRow();
  bad["tp"] = "two";
  auto negative = ClosedLoopRow();
  negative["ttft_mean_ms"] = "-3";
  const std::string text = ServingHeader() + ServingLine(ClosedLoopRow()) + ServingLine(bad) +
                           ServingLine(negative) + "only,three,fields\n";
  const ServingData data = ParseServingData(text, "s.csv");
  ASSERT_EQ(data.rows.size(), 1u);
  EXPECT_EQ(data.rows[0].line, 2);
  ASSERT_EQ(data.problems.size(), 3u);
  // tp is the 11th column: after "test_set,,,,vllm,0.11.0,Llama-3.1-8B-Instruct,,H100 SXM,1,".
  EXPECT_EQ(data.problems.items()[0].ToString(),
            "s.csv:3:59: tp: 'two' is not valid; expected an integer in [1, 10000000]");
  EXPECT_THAT(data.problems.items()[1].ToString(), ::testing::StartsWith("s.csv:4:"));
  EXPECT_THAT(
      data.problems.items()[1].ToString(),
      ::testing::HasSubstr("ttft_mean_ms: '-3' is not valid; expected a finite number >= 0"));
  EXPECT_EQ(data.problems.items()[2].ToString(),
            "s.csv:5:1: row: 3 fields; expected 51 as in the header");
}

TEST(ServingRowTest, AHeaderWithoutARequiredColumnIsAConfigError) {
  try {
    ParseServingData("set,engine\nx,vllm\n", "s.csv");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    EXPECT_EQ(e.diagnostics()[0].ToString(),
              "s.csv:1:1: header: no column 'source'; expected the serving.csv schema "
              "(../shared/validation/README.md)");
  }
}

TEST(ServingRowTest, FindKeyValueMatchesWholeKeysAtItemStarts) {
  const std::string notes = "total_input_tokens=219171; total_output_tokens=200752;x=1";
  EXPECT_EQ(FindKeyValue(notes, "total_input_tokens"), "219171");
  EXPECT_EQ(FindKeyValue(notes, "total_output_tokens"), "200752");
  EXPECT_EQ(FindKeyValue(notes, "x"), "1");
  EXPECT_EQ(FindKeyValue(notes, "input_tokens"), std::nullopt);  // not at an item start
  EXPECT_EQ(FindKeyValue(notes, "total"), std::nullopt);
}

}  // namespace
}  // namespace gpuplan
