// `staged` arrivals: stages of their own rate and duration, as inference-perf runs them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/workload/arrival.h"
#include "tests/workload/workload_test_util.h"

namespace gpuplan {
namespace {

std::vector<SimTime> Times(RequestSource& stream) {
  std::vector<SimTime> times;
  RequestSpec a;
  while (times.size() < 1'000'000 && stream.Next(&a)) {
    EXPECT_EQ(a.client, -1);
    times.push_back(a.arrival);
  }
  return times;
}

TEST(StagedArrivals, EvenlySpacedStagesFollowEachOther) {
  // Stage 1: 2 req/s for 1 s -> t = 0, 0.5; stage 2 from t = 1: 4 req/s for 0.5 s -> 1, 1.25.
  // An arrival exactly at a stage's end belongs to the next stage (t = 1 is stage 2's first).
  auto stream = MakeStagedArrivals({.rates_per_s = {2, 4}, .durations_s = {1, 0.5}})->Open(7);
  EXPECT_THAT(Times(*stream), ::testing::ElementsAre(0, 500'000'000, 1'000'000'000, 1'250'000'000));
}

TEST(StagedArrivals, PoissonStagesKeepEachStagesRate) {
  auto process = MakeStagedArrivals(
      {.rates_per_s = {50, 200}, .durations_s = {100, 100}, .spacing = StageSpacing::kPoisson});
  const std::vector<SimTime> times = Times(*process->Open(3));
  ASSERT_FALSE(times.empty());
  EXPECT_EQ(times.front(), 0);
  int64_t first = 0, second = 0;
  for (SimTime t : times) {
    ASSERT_LT(t, ToSimTime(200.0));
    (t < ToSimTime(100.0) ? first : second)++;
  }
  // Poisson counts: 5000 +- 5 sqrt(5000) and 20000 +- 5 sqrt(20000).
  EXPECT_NEAR(first, 5000, 5 * std::sqrt(5000.0));
  EXPECT_NEAR(second, 20000, 5 * std::sqrt(20000.0));
  EXPECT_EQ(Times(*process->Open(3)), times);  // same seed, same schedule
  EXPECT_NE(Times(*process->Open(4)), times);
}

TEST(StagedArrivals, RegistryChecksTheStageLists) {
  ArrivalRegistry registry{"arrival process"};
  RegisterBuiltinArrivals(registry);
  Diagnostics diags;
  ParamTable table = testing::Params({}, "workload.arrival");
  table.values["rates_per_s"] = {"", {"5", "10"}, true, {"s.yaml", 4, 7}};
  table.values["durations_s"] = {"", {"600"}, true, {"s.yaml", 5, 7}};
  EXPECT_FALSE(registry.Make("staged", {}, "workload.arrival.kind", table, diags, WorkloadContext{})
                   .has_value());
  EXPECT_EQ(testing::Text(diags),
            "s.yaml:5:7: workload.arrival.durations_s: 1 durations for 2 rates; expected one "
            "duration per rate\n");
  diags = {};
  table.values["durations_s"] = {"", {"600", "600"}, true, {"s.yaml", 5, 7}};
  auto made = registry.Make("staged", {}, "workload.arrival.kind", table, diags, WorkloadContext{});
  ASSERT_TRUE(made.has_value()) << testing::Text(diags);
  EXPECT_EQ((*made)->Describe(), "staged constant (600 s at 5 req/s, 600 s at 10 req/s)");
}

// Stages longer than simulated time are refused at their position; a stream built in code that
// outlasts it ends at kMaxSimSeconds instead of overflowing the clock.
TEST(StagedArrivals, StagesStayInsideSimulatedTime) {
  ArrivalRegistry registry{"arrival process"};
  RegisterBuiltinArrivals(registry);
  Diagnostics diags;
  ParamTable table = testing::Params({}, "workload.arrival");
  table.values["rates_per_s"] = {"", {"5"}, true, {"s.yaml", 4, 7}};
  table.values["durations_s"] = {"", {"1e9"}, true, {"s.yaml", 5, 7}};
  EXPECT_FALSE(registry.Make("staged", {}, "workload.arrival.kind", table, diags, WorkloadContext{})
                   .has_value());
  EXPECT_EQ(testing::Text(diags),
            "s.yaml:5:7: workload.arrival.durations_s: duration 1000000000 is not in (0, 1e+08] "
            "s\n");
  // Two stages of 6 x 10^7 s at 10^-6 req/s: arrivals every 10^6 s up to 10^8 s, then none.
  auto stream =
      MakeStagedArrivals({.rates_per_s = {1e-6, 1e-6}, .durations_s = {6e7, 6e7}})->Open(1);
  const std::vector<SimTime> times = Times(*stream);
  ASSERT_FALSE(times.empty());
  EXPECT_EQ(times.back(), ToSimTime(kMaxSimSeconds));
  EXPECT_EQ(times.size(), 101u);
}

}  // namespace
}  // namespace gpuplan
