#include "sim/plan/planner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <stdexcept>

#include "sim/core/parallel.h"
#include "sim/plan/autoscaler.h"
#include "sim/plan/plan_output.h"
#include "sim/util/json_value.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using testing::FixedWorldPlan;
using ::testing::HasSubstr;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

// The fixed world with a day: 24 hourly weights, the busiest (hour 12) at the 430 req/s peak.
std::vector<std::string> DaySets() {
  std::string curve = "traffic.diurnal_curve=[";
  for (int h = 0; h < 24; ++h) curve += (h ? ", " : "") + std::to_string(h == 12 ? 10 : h % 5 + 1);
  return {curve + "]",
          "autoscaler={metric: queue_length, seconds_per_hour: 60, sync_period_s: 5, "
          "load_bandwidth_gb_per_s: 16, scale_down_delay_s: 30}",
          "search.sensitivity=[0.8, 1.5]"};
}

TEST(PlannerTest, PlanJsonIsByteIdenticalForAnyThreadCount) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan(), DaySets());
  const PlanResult one = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  const PlanResult four = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 4});
  EXPECT_EQ(PlanJson(plan, one, "test"), PlanJson(plan, four, "test"));
  EXPECT_EQ(CandidatesCsv(one), CandidatesCsv(four));
  EXPECT_EQ(ParetoCsv(one), ParetoCsv(four));
  EXPECT_EQ(FormatPlanSummary(plan, one), FormatPlanSummary(plan, four));
}

TEST(PlannerTest, PlanJsonHoldsEveryStep) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan(), DaySets());
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  const JsonValue json = JsonValue::Parse(PlanJson(plan, r, "9.9"));
  EXPECT_EQ(json.At("schema").AsString(), "gpuplan.plan/1");
  EXPECT_EQ(json.At("provenance").At("gpuplan_version").AsString(), "9.9");
  EXPECT_EQ(json.At("provenance").At("seeds").AsArray().size(), 2u);
  EXPECT_EQ(json.At("steps").At("traffic").At("peak_rate_per_s").AsDouble(), 430);
  const JsonValue& candidate = json.At("candidates").AsArray().at(0);
  EXPECT_EQ(candidate.At("status").AsString(), "feasible");
  EXPECT_TRUE(candidate.At("recommended").AsBool());
  EXPECT_EQ(candidate.At("min_replicas").AsInt(), 5);
  EXPECT_EQ(candidate.At("probes").AsArray().size(), 6u);
  EXPECT_EQ(json.At("recommendation").At("replicas").AsInt(), 5);
  EXPECT_EQ(json.At("sensitivity").AsArray().size(), 2u);
  EXPECT_FALSE(json.At("n_plus_one").At("holds").AsBool());
  const JsonValue& day = json.At("autoscaler");
  ASSERT_TRUE(day.At("ran").AsBool()) << day.At("skipped").AsString();
  EXPECT_EQ(day.At("windows").AsArray().size(), 24u);
  EXPECT_EQ(day.At("fixed").At("gpu_hours").AsDouble(), 5 * 24);
}

TEST(PlannerTest, AutoscalerFollowsTheDayAndCostsLessThanTheFixedFleet) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan(), DaySets());
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  const DaySimulation& d = r.day;
  ASSERT_TRUE(d.ran) << d.skipped;
  EXPECT_TRUE(d.target_auto);
  EXPECT_EQ(d.max_replicas, 10);  // twice the fixed fleet
  // The peak hour (430 req/s) needs at least the fixed fleet's 5 (10 ms a request); the night
  // hour 0 (43 req/s) one replica.
  EXPECT_GE(d.windows[12].replicas_max, 5);
  EXPECT_LT(d.windows[0].replicas, 5);
  EXPECT_LT(d.autoscaled.gpu_hours, d.fixed.gpu_hours);
  EXPECT_DOUBLE_EQ(d.fixed.usd, 5 * 24 * r.recommendation->cost.usd_per_gpu_hour);
  EXPECT_GT(d.fixed.attainment, 0.99);
  // One continuous run: the requests of each hour are those of its rate over 60 s (evenly
  // spaced), 430 x 60 at the peak.
  EXPECT_EQ(d.windows[12].requests, 430 * 60);
}

TEST(PlannerTest, HpaRuleByHand) {
  EXPECT_EQ(HpaDesiredReplicas(4, 10, 5, 0.1, 1, 20), 8);    // ceil(4 x 10 / 5)
  EXPECT_EQ(HpaDesiredReplicas(4, 5.4, 5, 0.1, 1, 20), 4);   // within the 10% tolerance
  EXPECT_EQ(HpaDesiredReplicas(4, 6, 5, 0.1, 1, 20), 5);     // ceil(4.8)
  EXPECT_EQ(HpaDesiredReplicas(4, 0, 5, 0.1, 1, 20), 1);     // clamped to min
  EXPECT_EQ(HpaDesiredReplicas(4, 100, 5, 0.1, 1, 20), 20);  // clamped to max
  // Far beyond int: clamped before the conversion, not overflowed.
  EXPECT_EQ(HpaDesiredReplicas(4, 1e300, 1e-300, 0.1, 1, 20), 20);
  EXPECT_EQ(HpaDesiredReplicas(4, std::numeric_limits<double>::infinity(), 5, 0.1, 1, 20), 20);
  EXPECT_EQ(HpaDesiredReplicas(4, 1e-300, 1e300, 0.1, 2, 20), 2);
}

TEST(PlannerTest, ParallelForStoresByIndexAndRethrowsTheFirstError) {
  std::vector<int> out(100);
  ParallelFor(out.size(), 4, [&](size_t i) { out[i] = static_cast<int>(i * i); });
  for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], static_cast<int>(i * i));
  std::atomic<int> ran{0};
  try {
    ParallelFor(50, 3, [&](size_t i) {
      ++ran;
      if (i == 7 || i == 30) throw std::runtime_error(std::to_string(i));
    });
    ADD_FAILURE() << "expected a throw";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "7");
  }
  EXPECT_EQ(ran, 50);
}

TEST(PlannerTest, ShippedJapanChatbotPlanLoads) {
  const PlanSpec plan =
      LoadPlan(std::string(GPUPLAN_SOURCE_DIR) + "/configs/plans/japan_chatbot.yaml", {},
               ShippedCatalog(), PlanLoaderOptions(SharedBuiltins()));
  EXPECT_EQ(plan.candidates.gpus.size(), 4u);
  EXPECT_EQ(plan.traffic.concurrency_at_peak, 40);
  Diagnostics diags;
  const SloStep slo = ResolvePlanSlo(plan, diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_DOUBLE_EQ(*slo.targets.thresholds.tpot_ms(), 40);
  EXPECT_EQ(slo.targets.thresholds.ttft_ms(), 500);
}

}  // namespace
}  // namespace gpuplan
