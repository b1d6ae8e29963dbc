// The error bands per engine and GPU, with every figure worked out by hand from four rows.
#include "sim/validation/error_bands.h"

#include <gtest/gtest.h>

namespace gpuplan {
namespace {

using M = ServingMetric;

RowOutcome Row(const std::string& engine, const std::string& gpu, bool fit_half, M metric,
               double measured, double predicted) {
  RowOutcome o;
  o.status = RowStatus::kSimulated;
  o.plan.row.set = "s";
  o.plan.row.engine = engine;
  o.plan.row.measured = {{metric, measured}};
  o.plan.scenario = Scenario{};
  o.plan.scenario->gpu.name = gpu;
  o.plan.fit_half = fit_half;
  o.predicted = {{metric, predicted}};
  return o;
}

TEST(ErrorBandsTest, HeldOutAndAllRowsPerEngineAndGpu) {
  const std::vector<RowOutcome> outcomes = {
      Row("vllm", "h100_sxm", false, M::kTtftMean, 100, 110),   // +0.10, held out
      Row("vllm", "h100_sxm", true, M::kTtftMean, 100, 80),     // -0.20, fit half
      Row("vllm", "a100", false, M::kTtftMean, 200, 230),       // +0.15, held out
      Row("trtllm", "h100_sxm", false, M::kTpotMean, 10, 11)};  // +0.10, held out
  const std::vector<RowErrors> errors = CompareRows(outcomes);
  // vllm, every GPU: held out {+0.10, +0.15}: median 0.125, p90 0.10 + 0.9 x 0.05 = 0.145, bias
  // 0.125; all {+0.10, -0.20, +0.15}: |e| 0.10, 0.15, 0.20 -> median 0.15, p90 0.15 + 0.8 x 0.05
  // = 0.19, bias (median signed) 0.10. vllm on h100_sxm: all {+0.10, -0.20}: median 0.15, p90
  // 0.10 + 0.9 x 0.10 = 0.19, bias -0.05.
  EXPECT_EQ(ErrorBandsCsv(errors),
            "engine,gpu,statistic,held_out_rows,held_out_median,held_out_p90,held_out_bias,"
            "all_rows,all_median,all_p90,all_bias\n"
            "trtllm,*,tpot,1,0.1000,0.1000,0.1000,1,0.1000,0.1000,0.1000\n"
            "trtllm,h100_sxm,tpot,1,0.1000,0.1000,0.1000,1,0.1000,0.1000,0.1000\n"
            "vllm,*,ttft_mean,2,0.1250,0.1450,0.1250,3,0.1500,0.1900,0.1000\n"
            "vllm,a100,ttft_mean,1,0.1500,0.1500,0.1500,1,0.1500,0.1500,0.1500\n"
            "vllm,h100_sxm,ttft_mean,1,0.1000,0.1000,0.1000,2,0.1500,0.1900,-0.0500\n");
}

TEST(ErrorBandsTest, AGroupWithOnlyFitRowsHasEmptyHeldOutFigures) {
  const std::vector<RowOutcome> outcomes = {
      Row("sglang", "h200", true, M::kTtftMean, 100, 120)};  // +0.20, fit half only
  EXPECT_EQ(ErrorBandsCsv(CompareRows(outcomes)),
            "engine,gpu,statistic,held_out_rows,held_out_median,held_out_p90,held_out_bias,"
            "all_rows,all_median,all_p90,all_bias\n"
            "sglang,*,ttft_mean,0,,,,1,0.2000,0.2000,0.2000\n"
            "sglang,h200,ttft_mean,0,,,,1,0.2000,0.2000,0.2000\n");
}

}  // namespace
}  // namespace gpuplan
