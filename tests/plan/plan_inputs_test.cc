#include "sim/plan/plan_inputs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using ::testing::HasSubstr;
using testing::PlanFromYaml;
using testing::SharedBuiltins;

// A plan around the seed use case's numbers; traffic and slo sections are the tests' own.
std::string Plan(const std::string& traffic, const std::string& slo) {
  return R"(
scenario:
  model: llama-3.1-8b
  gpu: h100_sxm
  engine: {preset: vllm}
  workload:
    prompt_tokens: {kind: fixed, tokens: 1000}
    output_tokens: {kind: fixed, tokens: 201}
traffic:
)" + traffic +
         "slo: " + slo + "\n";
}

struct Steps {
  SloStep slo;
  TrafficStep traffic;
};

Steps Resolve(const std::string& yaml) {
  const PlanSpec plan = PlanFromYaml(yaml);
  Diagnostics diags;
  Steps s;
  s.slo = ResolvePlanSlo(plan, diags);
  s.traffic = ResolvePlanTraffic(plan, s.slo.targets, SharedBuiltins(), diags);
  diags.ThrowIfAny();
  return s;
}

std::vector<std::string> ErrorsOf(const std::string& yaml) {
  const PlanSpec plan = PlanFromYaml(yaml);
  Diagnostics diags;
  const SloStep slo = ResolvePlanSlo(plan, diags);
  if (diags.empty()) ResolvePlanTraffic(plan, slo.targets, SharedBuiltins(), diags);
  std::vector<std::string> lines;
  for (const Diagnostic& d : diags.items()) lines.push_back(d.ToString());
  return lines;
}

TEST(PlanInputsTest, SpeedTargetAndPresetByHand) {
  const Steps s =
      Resolve(Plan("  concurrency_at_peak: 40\n", "{preset: chatbot, speed_tokens_per_s: 25}"));
  EXPECT_EQ(s.slo.targets.thresholds.ttft_ms(), 500);  // chatbot preset
  EXPECT_DOUBLE_EQ(*s.slo.targets.thresholds.tpot_ms(),
                   40);  // 1000 / 25, replacing the preset's 66.7
  EXPECT_FALSE(s.slo.targets.thresholds.e2e_ms().has_value());
  EXPECT_EQ(s.slo.targets.percentile, 95);
  EXPECT_EQ(s.slo.steps[0].ToString(), "TPOT target = 1000 / speed = 1000 / 25 = 40 ms");
  EXPECT_EQ(s.slo.steps[1].ToString(), "TTFT target = preset chatbot = 500 ms");
}

TEST(PlanInputsTest, ConcurrencyTargetGivesThePeakRateByLittlesLaw) {
  const Steps s =
      Resolve(Plan("  concurrency_at_peak: 40\n", "{preset: chatbot, speed_tokens_per_s: 25}"));
  // Fixed lengths: the sampled means are exact.
  EXPECT_EQ(s.traffic.mean_prompt_tokens, 1000);
  EXPECT_EQ(s.traffic.mean_output_tokens, 201);
  // Time in system at the SLO: (500 + 200 x 40) / 1000 = 8.5 s; peak = 40 / 8.5 req/s.
  EXPECT_DOUBLE_EQ(s.traffic.time_in_system_s, 8.5);
  EXPECT_DOUBLE_EQ(s.traffic.peak_rate_per_s, 40 / 8.5);
  EXPECT_DOUBLE_EQ(s.traffic.concurrency_in_flight, 40);
  EXPECT_FALSE(s.traffic.mean_rate_per_s.has_value());  // no day shape
  EXPECT_TRUE(s.traffic.day_rates_per_s.empty());
  // Per 1M output tokens at the peak: 40 / 8.5 x 201 tokens/s.
  EXPECT_DOUBLE_EQ(s.traffic.ServedOutputTokensPerS(), 40 / 8.5 * 201);
}

TEST(PlanInputsTest, ADeadlineGivesTheSustainedRate) {
  // 1,000,000 requests in 8 h: 1e6 / 28,800 = 34.722 req/s; no Little's law step without a given
  // time in system (the batch preset's 24 h E2E would count a day of arrivals as in flight).
  Steps s = Resolve(Plan("  deadline: {requests: 1000000, hours: 8}\n", "{preset: batch}"));
  EXPECT_EQ(s.traffic.mode, TrafficMode::kDeadline);
  EXPECT_DOUBLE_EQ(s.traffic.peak_rate_per_s, 1e6 / 28800);
  EXPECT_EQ(s.traffic.concurrency_in_flight, 0);
  bool rate_step = false;
  for (const DerivationStep& step : s.traffic.steps) {
    EXPECT_EQ(step.label.find("in flight"), std::string::npos) << step.ToString();
    if (step.label == "sustained rate the job needs") {
      rate_step = true;
      EXPECT_EQ(step.ToString(),
                "sustained rate the job needs = requests / (hours x 3600 s) = 1,000,000 / (8 x "
                "3600) = 34.722 req/s");
    }
  }
  EXPECT_TRUE(rate_step);
  // 201,000,000 output tokens over the fixed 201-token outputs are the same 1e6 requests; a given
  // time in system of 60 s puts 34.722 x 60 requests in flight.
  s = Resolve(Plan("  deadline: {output_tokens: 201000000, hours: 8}\n  time_in_system_s: 60\n",
                   "{preset: batch}"));
  EXPECT_DOUBLE_EQ(s.traffic.peak_rate_per_s, 1e6 / 28800);
  EXPECT_DOUBLE_EQ(s.traffic.concurrency_in_flight, 1e6 / 28800 * 60);
}

TEST(PlanInputsTest, DayCurveScalesToThePeak) {
  std::string curve = "  diurnal_curve: [";
  for (int h = 0; h < 24; ++h) curve += (h ? ", " : "") + std::to_string(h == 10 ? 4 : 1);
  const Steps s =
      Resolve(Plan("  peak_rate_per_s: 8\n" + curve + "]\n", "{ttft_ms: 500, e2e_ms: 10000}"));
  ASSERT_EQ(s.traffic.day_rates_per_s.size(), 24u);
  EXPECT_DOUBLE_EQ(s.traffic.day_rates_per_s[10], 8);  // the busiest hour carries the peak
  EXPECT_DOUBLE_EQ(s.traffic.day_rates_per_s[0], 2);   // 8 x 1 / 4
  // Mean over the day: (23 x 2 + 8) / 24 = 2.25 req/s.
  EXPECT_DOUBLE_EQ(*s.traffic.mean_rate_per_s, 2.25);
  EXPECT_DOUBLE_EQ(s.traffic.time_in_system_s, 10);  // the E2E target, in seconds
  EXPECT_DOUBLE_EQ(s.traffic.concurrency_in_flight, 80);
}

TEST(PlanInputsTest, BusinessInputsFollowTheWorkedExample) {
  // docs/planning-method.md: 50,000 DAU x 2 x 5, share 0.12, burst 1.5 -> 25 req/s at peak.
  const Steps s = Resolve(Plan(
      "  dau: 50000\n  sessions_per_user_per_day: 2\n  requests_per_session: 5\n"
      "  think_time_s: 30\n  peak_hour_share: 0.12\n  burst_factor: 1.5\n  time_in_system_s: 8\n",
      "{preset: chatbot}"));
  ASSERT_TRUE(s.traffic.business.has_value());
  EXPECT_DOUBLE_EQ(s.traffic.business->daily_requests, 500'000);
  EXPECT_NEAR(s.traffic.peak_rate_per_s, 25, 1e-9);
  EXPECT_NEAR(s.traffic.concurrency_in_flight, 200, 1e-9);
  EXPECT_NEAR(*s.traffic.mean_rate_per_s, 500'000 / 86'400.0, 1e-12);
}

TEST(PlanInputsTest, UnknownPresetAndGradeAreLocatedInThePlan) {
  const std::vector<std::string> errors =
      ErrorsOf(Plan("  concurrency_at_peak: 40\n", "{preset: chatbt, speed_grade: fastest}"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0], HasSubstr("test_plan.yaml:11:15: slo.preset: unknown SLO preset "
                                   "'chatbt'; did you mean 'chatbot'?"));
  EXPECT_THAT(errors[1], HasSubstr("test_plan.yaml:11:36: slo.speed_grade: unknown speed grade "
                                   "'fastest'"));
}

TEST(PlanInputsTest, TimeInSystemNeedsTargetsOrAValue) {
  const std::vector<std::string> errors =
      ErrorsOf(Plan("  concurrency_at_peak: 40\n", "{ttft_ms: 500}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("traffic.time_in_system_s: cannot be derived from the SLO"));
}

}  // namespace
}  // namespace gpuplan
