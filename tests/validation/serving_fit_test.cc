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

// Four closed-loop rows (one per model, so each configuration falls in one half) in weights of
// `dtype`, written to `dir`, as the base request of a sweep.
ServingValidationRequest FourModelRows(testing::TempDir& dir, const std::string& dtype) {
  std::string text = ServingHeader();
  for (const char* model : {"Llama-3.1-8B-Instruct", "Qwen3-8B", "Qwen3-14B", "Qwen3-32B"}) {
    auto row = ClosedLoopRow();
    row["model"] = model;
    row["weight_dtype"] = dtype;
    text += ServingLine(row);
  }
  ServingValidationRequest base;
  base.csv_path = dir.Write("serving.csv", text);
  base.threads = 1;
  return base;
}

TEST(ServingFitTest, TheFitIsTheValueWithTheSmallestFitHalfError) {
  testing::TempDir dir;
  const ServingValidationRequest base = FourModelRows(dir, "fp8");
  Builtins builtins;
  const ServingFitRequest fit =
      ParseServingFit("gemm_fp8_compute_efficiency=0.3:0.9:0.3", "weight_dtype=fp8");
  const OptionSweepResult result = FitServingOption(base, fit, testing::ShippedCatalog(), builtins);
  ASSERT_EQ(result.points.size(), 3u);  // 0.3, 0.6, 0.9
  const auto best = std::min_element(result.points.begin(), result.points.end(),
                                     [](const OptionSweepPoint& a, const OptionSweepPoint& b) {
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

TEST(ServingFitTest, AnEngineFieldIsANumberOfOneEnginesPreset) {
  const ServingFitRequest r =
      ParseServingFit("engine.cpu_overhead_per_request_us=0:50:10", "engine=sglang");
  EXPECT_EQ(r.option, "engine.cpu_overhead_per_request_us");
  EXPECT_EQ(ServingFitSection(r), "serving-fit-sglang-cpu-overhead-per-request-us");
  EXPECT_EQ(ServingFitSection(ParseServingFit("x=1:2:1", "")), "serving-fit");
  // Presets differ per engine, so the rows must be one engine's.
  EXPECT_THROW(ParseServingFit("engine.cpu_overhead_per_request_us=0:50:10", ""), UsageError);
  EXPECT_THROW(ParseServingFit("engine.cpu_overhead_per_request_us=0:50:10", "gpu=H200"),
               UsageError);
  // Not a field, and a field that is not a number.
  EXPECT_THROW(ParseServingFit("engine.cpu_overhead=0:50:10", "engine=vllm"), UsageError);
  EXPECT_THROW(ParseServingFit("engine.kv_memory_rule=0:1:1", "engine=vllm"), UsageError);
}

TEST(ServingFitTest, TheCurrentValueOfAnEngineFieldIsTheCatalogPresets) {
  const Catalog& catalog = testing::ShippedCatalog();
  EXPECT_EQ(
      EnginePresetValue(
          ParseServingFit("engine.cpu_overhead_per_request_us=0:50:10", "engine=trtllm"), catalog),
      catalog.engines.at("trtllm").cpu_overhead_per_request_us);
  EXPECT_EQ(
      EnginePresetValue(ParseServingFit("engine.max_num_seqs=64:512:64", "engine=vllm"), catalog),
      catalog.engines.at("vllm").max_num_seqs);
  EXPECT_FALSE(
      EnginePresetValue(ParseServingFit("engine.max_num_seqs=64:512:64", "engine=nope"), catalog));
  EXPECT_FALSE(EnginePresetValue(ParseServingFit("x=1:2:1", "engine=vllm"), catalog));
}

TEST(ServingFitTest, AnEngineFieldIsSetOnEveryRowsEngine) {
  testing::TempDir dir;
  const ServingValidationRequest base = FourModelRows(dir, "bf16");
  Builtins builtins;
  // 0 and 20 ms of host time per request and step: the second makes every step of the four
  // closed-loop clients at least 80 ms, far above the rows' 8 ms TPOT, so the errors must grow.
  const ServingFitRequest fit =
      ParseServingFit("engine.cpu_overhead_per_request_us=0:20000:20000", "engine=vllm");
  const OptionSweepResult result = FitServingOption(base, fit, testing::ShippedCatalog(), builtins);
  ASSERT_EQ(result.points.size(), 2u);
  const OptionSweepPoint& fast = result.points[0];
  const OptionSweepPoint& slow = result.points[1];
  EXPECT_EQ(fast.fit_rows + fast.held_out_rows, 4u);
  EXPECT_GT(slow.fit_objective + slow.held_out_objective,
            fast.fit_objective + fast.held_out_objective);
}

}  // namespace
}  // namespace gpuplan
