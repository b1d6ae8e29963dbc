// The three-level SLO verdict of a preset (SloOptions::preset): which level a run meets, on
// both sides of each boundary, and how summary.json and the console say it. Latencies are made by
// hand: four requests with TTFT 100, 200, 300, 400 ms, TPOT 10, 100, 100 ms (one single-token
// request) and E2E 190, 400, 500, 1000 ms, so
//   p95 TTFT = 300 + 0.85 x 100 = 385 ms (rank 0.95 x 3 = 2.85),
//   p95 TPOT = 100 ms (rank 0.95 x 2 = 1.9, between 100 and 100),
//   p95 E2E  = 500 + 0.85 x 500 = 925 ms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/metrics/collector.h"
#include "sim/metrics/writers.h"
#include "sim/util/json_value.h"
#include "tests/common/slo_thresholds.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::Limit;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr SimTime kMs = kNanosPerMilli;

RequestRecord Request(uint64_t id, SimTime arrival, SimTime first_token, SimTime done,
                      int32_t output_tokens) {
  RequestRecord r;
  r.id = id;
  r.arrival = arrival;
  r.first_scheduled = arrival;
  r.first_token = first_token;
  r.done = done;
  r.output_tokens = output_tokens;
  r.prompt_tokens = 100;
  return r;
}

// TTFT 100/200/300/400, E2E 190/400/500/1000, TPOT 90/9 = 10, 300/3 = 100, -, 600/6 = 100 ms.
RunResult RunWith(const SloOptions& slo) {
  CollectorOptions options;
  options.slo = slo;
  MetricsCollector collector(options);
  const std::vector<RequestRecord> requests = {
      Request(1, 0, 100 * kMs, 190 * kMs, 10),
      Request(2, 1000 * kMs, 1200 * kMs, 1500 * kMs, 4),
      Request(3, 2000 * kMs, 2300 * kMs, 2400 * kMs, 1),
      Request(4, 3000 * kMs, 3400 * kMs, 4000 * kMs, 7),
  };
  for (const RequestRecord& r : requests) collector.OnArrival(r.arrival);
  for (const RequestRecord& r : requests) collector.OnRequestDone(r);
  return collector.Finish({});
}

// Counted at the ideal level, whose limits are those given.
SloOptions Preset(const SloThresholds& ideal, const SloThresholds& acceptable) {
  SloOptions slo;
  slo.thresholds = ideal;
  slo.preset = SloPresetVerdict{
      .preset = "test", .level = "ideal", .ideal = ideal, .acceptable = acceptable};
  return slo;
}

std::string LevelMet(const SloThresholds& ideal, const SloThresholds& acceptable) {
  const RunResult r = RunWith(Preset(ideal, acceptable));
  return r.slo.preset ? r.slo.preset->level_met : "(no verdict)";
}

TEST(SloLevelTest, TtftAtEachSideOfBothBoundaries) {
  const SloThresholds wide = Limit(SloMetric::kTtft, 10'000);
  EXPECT_EQ(LevelMet(Limit(SloMetric::kTtft, 385), wide),
            "ideal");  // exactly at the limit is within
  EXPECT_EQ(LevelMet(Limit(SloMetric::kTtft, 384.9), Limit(SloMetric::kTtft, 385)), "acceptable");
  EXPECT_EQ(LevelMet(Limit(SloMetric::kTtft, 384.9), Limit(SloMetric::kTtft, 384.9)), "none");
}

TEST(SloLevelTest, TpotAndE2eAtEachSideOfBothBoundaries) {
  EXPECT_EQ(LevelMet(Limit(SloMetric::kTpot, 100), Limit(SloMetric::kTpot, 100)), "ideal");
  EXPECT_EQ(LevelMet(Limit(SloMetric::kTpot, 99.9), Limit(SloMetric::kTpot, 100)), "acceptable");
  EXPECT_EQ(LevelMet(Limit(SloMetric::kTpot, 99.9), Limit(SloMetric::kTpot, 99.9)), "none");
  EXPECT_EQ(LevelMet(Limit(SloMetric::kE2e, 925), Limit(SloMetric::kE2e, 925)), "ideal");
  EXPECT_EQ(LevelMet(Limit(SloMetric::kE2e, 924.9), Limit(SloMetric::kE2e, 925)), "acceptable");
  EXPECT_EQ(LevelMet(Limit(SloMetric::kE2e, 924.9), Limit(SloMetric::kE2e, 924.9)), "none");
}

TEST(SloLevelTest, EveryMetricMustMeetTheLevel) {
  // TTFT meets ideal, E2E only acceptable: the run meets acceptable.
  EXPECT_EQ(LevelMet(Limit(SloMetric::kTtft, 400).Set(SloMetric::kE2e, 900),
                     Limit(SloMetric::kTtft, 400).Set(SloMetric::kE2e, 1000)),
            "acceptable");
  // E2E misses even acceptable: the run fails, whatever TTFT does.
  EXPECT_EQ(LevelMet(Limit(SloMetric::kTtft, 400).Set(SloMetric::kE2e, 900),
                     Limit(SloMetric::kTtft, 400).Set(SloMetric::kE2e, 920)),
            "none");
}

TEST(SloLevelTest, TheLevelVerdictIsIndependentOfTheLevelCounted) {
  // Counted at acceptable (TTFT 385): met; the run still meets only acceptable, not ideal.
  SloOptions slo = Preset(Limit(SloMetric::kTtft, 300), Limit(SloMetric::kTtft, 385));
  slo.thresholds[SloMetric::kTtft] = 385;
  slo.preset->level = "acceptable";
  const RunResult r = RunWith(slo);
  EXPECT_TRUE(r.slo.met);
  EXPECT_EQ(r.slo.preset->level, "acceptable");
  EXPECT_EQ(r.slo.preset->level_met, "acceptable");
}

TEST(SloLevelTest, SummaryJsonAndConsoleSayTheLevel) {
  const RunResult r = RunWith(Preset(Limit(SloMetric::kTtft, 300),
                                     Limit(SloMetric::kTtft, 500).Set(SloMetric::kTpot, 100)));
  const JsonValue summary = JsonValue::Parse(SummaryJson(r));
  const JsonValue& slo = summary.At("slo");
  EXPECT_FALSE(slo.At("met").AsBool());
  EXPECT_EQ(slo.At("preset").AsString(), "test");
  EXPECT_EQ(slo.At("level").AsString(), "ideal");
  EXPECT_EQ(slo.At("levels").At("ideal").At("ttft_ms").AsDouble(), 300);
  EXPECT_TRUE(slo.At("levels").At("ideal").At("tpot_ms").IsNull());
  EXPECT_EQ(slo.At("levels").At("acceptable").At("ttft_ms").AsDouble(), 500);
  EXPECT_EQ(slo.At("levels").At("acceptable").At("tpot_ms").AsDouble(), 100);
  EXPECT_TRUE(slo.At("levels").At("acceptable").At("e2e_ms").IsNull());
  EXPECT_EQ(slo.At("level_met").AsString(), "acceptable");
  const std::string table = FormatSummaryTable(r);
  EXPECT_THAT(table, HasSubstr("  preset      test (limits above: ideal); acceptable TTFT "
                               "500.00 ms, TPOT 100.00 ms\n"
                               "  level       meets acceptable\n"));
  EXPECT_THAT(FormatSummaryTable(
                  RunWith(Preset(Limit(SloMetric::kTtft, 385), Limit(SloMetric::kTtft, 500)))),
              HasSubstr("  level       meets ideal\n"));
  EXPECT_THAT(FormatSummaryTable(
                  RunWith(Preset(Limit(SloMetric::kTtft, 300), Limit(SloMetric::kTtft, 300)))),
              HasSubstr("  level       fails\n"));
}

TEST(SloLevelTest, WithoutAPresetTheOutputIsAsBefore) {
  SloOptions plain;
  plain.thresholds[SloMetric::kTtft] = 300;
  const RunResult r = RunWith(plain);
  EXPECT_FALSE(r.slo.preset.has_value());
  const std::string json = SummaryJson(r);
  const JsonValue summary = JsonValue::Parse(json);
  const JsonValue& slo = summary.At("slo");
  EXPECT_EQ(slo.Members().back().first, "met");  // the last key, as before presets
  EXPECT_THAT(json, Not(HasSubstr("level")));
  EXPECT_THAT(FormatSummaryTable(r), Not(HasSubstr("level")));
}

}  // namespace
}  // namespace gpuplan
