// The share of predicted time that came from measured data is counted step by step. With long
// prompts the calibrated model answers the large prefill steps from the roofline (the Vidur H100
// bundle stops at 4096 tokens) and the decode steps from its tables, so a label taken from any
// one step misstates it.
#include <gtest/gtest.h>

#include <string>

#include "sim/config/catalog_loader.h"
#include "sim/config/scenario.h"
#include "sim/runner/builtins.h"
#include "sim/runner/scenario_run.h"
#include "sim/runner/step_observer.h"

namespace gpuplan {
namespace {

// Sums, independently of OpBreakdown, the calibrated seconds and the total of every step.
class MeasuredSeconds final : public StepObserver {
 public:
  void OnStepFormed(const Replica&, SimTime, SimTime, const StepTime& step) override {
    total_s += step.total_s;
    for (size_t i = 0; i < kNumOpKinds; ++i) {
      if (step.op_source[i] == OpSource::kCalibrated) measured_s += step.op_s[i];
    }
  }
  double measured_s = 0, total_s = 0;
};

TEST(MeasuredShareTest, LongPromptsCountEveryStepsOwnSource) {
  const Catalog catalog = LoadCatalog(std::string(GPUPLAN_SOURCE_DIR) + "/configs");
  const Builtins builtins;
  const Scenario s = LoadScenario(
      std::string(GPUPLAN_SOURCE_DIR) + "/tests/golden/calibrated-llama-2-70b-h100-tp4.yaml",
      {"engine.max_num_batched_tokens=16384", "workload.prompt_tokens.median=6000",
       "simulation.num_requests=60"},
      catalog, builtins.MakeLoaderOptions());
  const PreparedScenario prepared(s, builtins);
  MeasuredSeconds observer;
  RunOptions options;
  options.step_observers.push_back(&observer);
  const ScenarioRun run = prepared.Run(options);
  ASSERT_GT(observer.total_s, 0);
  const double truth = observer.measured_s / observer.total_s;
  EXPECT_NEAR(run.ops.MeasuredShare(), truth, 1e-12);
  EXPECT_NEAR(run.ops.total_s, observer.total_s, 1e-9);
  // Both sources really ran for the GEMMs: the label says so instead of naming the last one.
  EXPECT_EQ(run.ops.SourceLabel(static_cast<size_t>(OpKind::kQkvProj)), "roofline+calibrated");
  EXPECT_EQ(run.ops.SourceLabel(static_cast<size_t>(OpKind::kPrefillAttention)), "roofline");
  EXPECT_GT(truth, 0.05);
  EXPECT_LT(truth, 0.95);
}

TEST(MeasuredShareTest, OpBreakdownByHand) {
  // Step 1: QKV 1 s from tables; step 2: QKV 3 s from the roofline. 1 of 4 s was measured.
  StepTime calibrated, estimated;
  calibrated.Add(OpKind::kQkvProj, 1.0, OpSource::kCalibrated);
  estimated.Add(OpKind::kQkvProj, 3.0, OpSource::kRoofline);
  OpBreakdown ops;
  ops.Add(calibrated);
  ops.Add(estimated);
  EXPECT_DOUBLE_EQ(ops.total_s, 4.0);
  EXPECT_DOUBLE_EQ(ops.MeasuredShare(), 0.25);
  const size_t qkv = static_cast<size_t>(OpKind::kQkvProj);
  EXPECT_DOUBLE_EQ(ops.seconds[qkv], 4.0);
  EXPECT_EQ(ops.SourceLabel(qkv), "roofline+calibrated");
  EXPECT_FALSE(ops.Ran(static_cast<size_t>(OpKind::kLmHead)));
  OpBreakdown only_estimated;
  only_estimated.Add(estimated);
  EXPECT_EQ(only_estimated.SourceLabel(qkv), "roofline");
  EXPECT_DOUBLE_EQ(only_estimated.MeasuredShare(), 0.0);
}

}  // namespace
}  // namespace gpuplan
