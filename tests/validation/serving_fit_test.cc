// Fitting a latency option on serving rows: the sweep, the filter, the argument checks.
#include "sim/validation/serving_fit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/validation/validation_test_util.h"

namespace gpuplan {
namespace {

using testing::ClosedLoopRow;
using testing::ServingHeader;
using testing::ServingLine;

TEST(ServingFitTest, ParsesTheGridAndTheRowFilter) {
  const ServingFitRequest r =
      ParseServingFit("gemm_fp8_compute_efficiency=0.4:0.6:0.1", "weight_dtype=fp8");
  EXPECT_EQ(r.option, "gemm_fp8_compute_efficiency");
  EXPECT_DOUBLE_EQ(r.lo, 0.4);
  EXPECT_DOUBLE_EQ(r.hi, 0.6);
  EXPECT_DOUBLE_EQ(r.step, 0.1);
  EXPECT_EQ(r.filter_key, "weight_dtype");
  EXPECT_THROW(ParseServingFit("x=1:2", ""), UsageError);
  EXPECT_THROW(ParseServingFit("x=2:1:0.1", ""), UsageError);
  EXPECT_THROW(ParseServingFit("x=1:2:0", ""), UsageError);
  EXPECT_THROW(ParseServingFit("x=1:2:0.5", "colour=red"), UsageError);
}

TEST(ServingFitTest, TheDtypeFilterReadsTheSourcesSpellings) {
  const ServingFitRequest r = ParseServingFit("x=1:2:1", "weight_dtype=fp8");
  ServingRow row;
  row.weight_dtype = "fp8_block";
  EXPECT_TRUE(PassesFitFilter(row, r));
  row.weight_dtype = "FP8";
  EXPECT_TRUE(PassesFitFilter(row, r));
  row.weight_dtype = "bf16";
  EXPECT_FALSE(PassesFitFilter(row, r));
  EXPECT_TRUE(PassesFitFilter(row, ParseServingFit("x=1:2:1", "")));
}

TEST(ServingFitTest, TheFitIsTheValueWithTheSmallestFitHalfError) {
  testing::TempDir dir;
  std::string text = ServingHeader();
  for (const char* model : {"Llama-3.1-8B-Instruct", "Qwen3-8B", "Qwen3-14B", "Qwen3-32B"}) {
    auto row = ClosedLoopRow();
    row["model"] = model;
    row["weight_dtype"] = "fp8";
    text += ServingLine(row);
  }
  ServingValidationRequest base;
  base.csv_path = dir.Write("serving.csv", text);
  base.threads = 1;
  Builtins builtins;
  const ServingFitRequest fit =
      ParseServingFit("gemm_fp8_compute_efficiency=0.3:0.9:0.3", "weight_dtype=fp8");
  const ServingFitResult result = FitServingOption(base, fit, testing::ShippedCatalog(), builtins);
  ASSERT_EQ(result.points.size(), 3u);  // 0.3, 0.6, 0.9
  const auto best = std::min_element(result.points.begin(), result.points.end(),
                                     [](const ServingFitPoint& a, const ServingFitPoint& b) {
                                       return a.fit_objective < b.fit_objective;
                                     });
  EXPECT_DOUBLE_EQ(result.best, best->value);
  // Each configuration falls in one half; together the halves hold all four rows.
  EXPECT_EQ(result.points[0].fit_rows + result.points[0].held_out_rows, 4u);
  // A slower GEMM changes the predictions, so the objective is not flat.
  EXPECT_NE(result.points[0].fit_objective + result.points[0].held_out_objective,
            result.points[2].fit_objective + result.points[2].held_out_objective);
  EXPECT_THAT(ServingFitTable(fit, result), ::testing::HasSubstr(" (fit) |"));
}

}  // namespace
}  // namespace gpuplan
