// The day as one continuous replay (sim/plan/day_replay.h) in the fixed world of
// plan_test_util.h: one replica serves a request (100 prompt tokens, 1 output token) in exactly
// 10 ms of prefill work, arrivals evenly spaced; SLO TTFT and E2E 15 ms.
#include "sim/plan/day_replay.h"

#include <gtest/gtest.h>

#include "tests/common/slo_thresholds.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::Limit;

using testing::FixedWorldPlan;
using testing::PlanFromYaml;
using testing::SharedBuiltins;

Scenario FixedWorld() {
  Scenario s = PlanFromYaml(FixedWorldPlan()).base;
  s.slo = SloSpec{.thresholds = Limit(SloMetric::kTtft, 15).Set(SloMetric::kE2e, 15)};
  return s;
}

// 10 req/s every hour but hour 0, at 120 req/s: one replica (100 req/s) falls behind there.
DayReplaySpec BurstAtHourZero(const Scenario& s) {
  std::vector<double> rates(kDayHours, 10);
  rates[0] = 120;
  return {.scenario = &s, .hourly_rates_per_s = rates, .seconds_per_hour = 10, .replicas = 1};
}

// Hour 0 brings 1,200 requests (12 s of work) in 10 s: the replica is never idle from the hour's
// start, so it has done at most 10 s of work (1,000 requests) when hour 1 starts, and finishes
// hour 0's requests no earlier than 12 s after hour 0 began. Hour 1's requests (10 req/s) queue
// behind them (FIFO): the 20 that arrive in its first 2 s wait over 15 ms, so hour 1 meets the
// SLO for at most 80 of its 100. Simulated on its own, as the old per-hour windows did, hour 1
// meets it for all 100 (one request every 100 ms, each served in 10 ms).
TEST(DayReplayTest, AQueueBuiltInOneHourCarriesIntoTheNext) {
  const Scenario s = FixedWorld();
  const DayReplay day = ReplayDay(BurstAtHourZero(s), SharedBuiltins());
  const DayHour& burst = day.hours[0];
  const DayHour& after = day.hours[1];
  EXPECT_EQ(burst.arrived, 1200);
  EXPECT_EQ(after.arrived, 100);
  EXPECT_LE(after.met, 80);
  EXPECT_GE(after.met, 50);          // the backlog is gone some 2.3 s into the hour
  EXPECT_GE(after.carried_in, 200);  // hour 0's requests still waiting at its end
  EXPECT_EQ(day.hours[2].met, 100);  // nothing carried two hours on
  EXPECT_EQ(day.hours[2].carried_in, 0);
  // The warm-up hour (the day's hour 23 at 10 req/s) leaves nothing behind at midnight.
  EXPECT_EQ(burst.carried_in, 0);
}

TEST(DayReplayTest, AFixedFleetIsPaidEveryHourAndRunsAreDeterministic) {
  const Scenario s = FixedWorld();
  DayReplaySpec spec = BurstAtHourZero(s);
  spec.replicas = 2;
  const DayReplay a = ReplayDay(spec, SharedBuiltins());
  const DayReplay b = ReplayDay(spec, SharedBuiltins());
  // 25 hours (the warm-up is hour 23): 10 x 10 x 24 + 120 x 10.
  EXPECT_EQ(a.requests, 10 * 10 * 24 + 1200);
  for (size_t h = 0; h < a.hours.size(); ++h) {
    EXPECT_EQ(a.hours[h].paid_replica_seconds, 2 * 10.0);
    EXPECT_EQ(a.hours[h].replicas_start, 2);
    EXPECT_EQ(a.hours[h].met, b.hours[h].met);
    EXPECT_EQ(a.hours[h].carried_in, b.hours[h].carried_in);
  }
  EXPECT_EQ(a.hours[1].met, 100);  // 2 replicas (200 req/s) keep up with hour 0
}

// With an autoscaler from zero (min 0): the night's requests wait for a cold start; the fleet is
// paid only while started.
TEST(DayReplayTest, AnAutoscaledDayScalesToZeroAndBack) {
  const Scenario s = FixedWorld();
  std::vector<double> rates(kDayHours, 0);
  rates[12] = 50;
  DayReplaySpec spec{
      .scenario = &s, .hourly_rates_per_s = rates, .seconds_per_hour = 60, .replicas = 1};
  spec.autoscaler = AutoscalerSpec{.target = 1,
                                   .min_replicas = 0,
                                   .max_replicas = 2,
                                   .load_bandwidth_gb_per_s = 1e9,
                                   .startup_s = 5,
                                   .sync_period_s = 1,
                                   .scale_down_delay_s = 10};
  const DayReplay day = ReplayDay(spec, SharedBuiltins());
  EXPECT_EQ(day.hours[0].replicas_start, 0);  // the warm-up hour had no traffic: scaled to zero
  EXPECT_EQ(day.hours[0].paid_replica_seconds, 0);
  EXPECT_EQ(day.hours[11].replicas_end, 0);
  EXPECT_GE(day.hours[12].replicas_max, 1);
  EXPECT_EQ(day.hours[12].arrived, 50 * 60);
  // The first requests of hour 12 wait up to a sync and the 5 s start-up: they miss the SLO.
  EXPECT_LT(day.hours[12].met, day.hours[12].arrived);
  EXPECT_GT(day.hours[12].met, 0);
  // Back to zero after the traffic, the run's autoscaler acting to the day's end.
  EXPECT_EQ(day.hours[13].replicas_end, 0);
  EXPECT_EQ(day.hours[20].paid_replica_seconds, 0);
}

}  // namespace
}  // namespace gpuplan
