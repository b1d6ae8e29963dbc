#include "sim/plan/traffic.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numeric>

namespace gpuplan {
namespace {

using ::testing::HasSubstr;

// The worked example of docs/planning-method.md.
TrafficInputs Example() {
  TrafficInputs in;
  in.dau = 50'000;
  in.sessions_per_user_per_day = 2;
  in.requests_per_session = 5;
  in.think_time_s = 30;
  in.peak_hour_share = 0.12;
  in.burst_factor = 1.5;
  in.mean_prompt_tokens = 1'000;
  in.mean_output_tokens = 200;
  in.expected_latency_s = 8;
  return in;
}

// The diagnostics of the ConfigError that `in` raises, as "path: message" lines.
std::vector<std::string> Problems(const TrafficInputs& in) {
  try {
    DeriveTraffic(in);
  } catch (const ConfigError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) lines.push_back(d.path + ": " + d.message);
    return lines;
  }
  return {};
}

TEST(TrafficTest, WorkedExampleByHand) {
  TrafficDerivation d = DeriveTraffic(Example());
  EXPECT_DOUBLE_EQ(d.daily_requests, 500'000);           // 50,000 x 2 x 5
  EXPECT_NEAR(d.mean_rate_per_s, 5.787037, 1e-6);        // 500,000 / 86,400
  EXPECT_NEAR(d.peak_hour_rate_per_s, 16.666667, 1e-6);  // 500,000 x 0.12 / 3,600
  EXPECT_NEAR(d.peak_rate_per_s, 25, 1e-9);              // 16.667 x 1.5
  EXPECT_NEAR(d.peak_to_mean, 4.32, 1e-9);               // 25 / 5.787037 = 25 x 86,400 / 500,000
  EXPECT_NEAR(d.concurrency_in_flight, 200, 1e-9);       // 25 req/s x 8 s
  EXPECT_DOUBLE_EQ(d.session_length_s, 190);             // 5 x (30 + 8)
  EXPECT_NEAR(d.session_rate_per_s, 3.333333, 1e-6);     // 16.667 / 5
  EXPECT_NEAR(d.concurrent_sessions, 633.333333, 1e-6);  // 3.333 x 190
  EXPECT_NEAR(d.prompt_tokens_per_s_at_peak, 25'000, 1e-6);  // 25 x 1,000
  EXPECT_NEAR(d.output_tokens_per_s_at_peak, 5'000, 1e-6);   // 25 x 200
  EXPECT_DOUBLE_EQ(d.peak_hour_share, 0.12);
  EXPECT_FALSE(d.peak_hour.has_value());
  EXPECT_TRUE(d.hourly_rate_per_s.empty());
}

TEST(TrafficTest, StepsPrintTheArithmetic) {
  TrafficDerivation d = DeriveTraffic(Example());
  ASSERT_EQ(d.steps.size(), 11u);
  EXPECT_EQ(d.steps[0].ToString(),
            "daily requests = DAU x sessions/user/day x requests/session = 50,000 x 2 x 5 = "
            "500,000 req/day");
  EXPECT_EQ(d.steps[1].ToString(),
            "mean rate = daily requests / 86,400 s = 500,000 / 86,400 = 5.787 req/s");
  EXPECT_EQ(d.steps[2].ToString(),
            "peak-hour rate = daily requests x peak-hour share / 3,600 s = 500,000 x 0.12 / 3,600 "
            "= 16.667 req/s");
  EXPECT_EQ(d.steps[3].ToString(),
            "peak rate = peak-hour rate x burst factor = 16.667 x 1.5 = 25 req/s");
  EXPECT_EQ(d.steps[5].ToString(),
            "requests in flight at peak (Little's law) = peak rate x time in system = 25 x 8 = "
            "200 requests");
  EXPECT_EQ(d.steps[6].ToString(),
            "session length = requests/session x (think time + time in system) = 5 x (30 + 8) = "
            "190 s");
  EXPECT_EQ(d.steps[8].ToString(),
            "concurrent sessions (Little's law) = session starts x session length = 3.333 x 190 = "
            "633.333 users");
  EXPECT_EQ(d.steps[10].ToString(),
            "output tokens at peak = peak rate x mean output tokens = 25 x 200 = 5,000 tokens/s");
}

TEST(TrafficTest, CurveWithAKnownPeakHour) {
  // Every hour weighs 1 except 18:00, which weighs 3: sum 26, peak share 3/26 = 0.115385.
  TrafficInputs in = Example();
  in.peak_hour_share.reset();
  in.diurnal_curve.assign(24, 1.0);
  in.diurnal_curve[18] = 3;
  TrafficDerivation d = DeriveTraffic(in);
  EXPECT_EQ(d.peak_hour, 18);
  EXPECT_NEAR(d.peak_hour_share, 3.0 / 26, 1e-12);
  EXPECT_NEAR(d.peak_hour_rate_per_s, 16.025641, 1e-6);  // 500,000 x 3/26 / 3,600
  EXPECT_NEAR(d.peak_rate_per_s, 24.038462, 1e-6);       // x 1.5
  ASSERT_EQ(d.hourly_rate_per_s.size(), 24u);
  EXPECT_NEAR(d.hourly_rate_per_s[0], 5.341880, 1e-6);  // 500,000 x 1/26 / 3,600
  EXPECT_NEAR(d.hourly_rate_per_s[18], d.peak_hour_rate_per_s, 1e-12);
  // The hours add back up to the day.
  const double total = std::accumulate(d.hourly_rate_per_s.begin(), d.hourly_rate_per_s.end(), 0.0);
  EXPECT_NEAR(total * 3600, 500'000, 1e-6);
  EXPECT_EQ(d.steps[2].ToString(),
            "peak-hour share = largest hourly weight / sum of weights = 3 / 26 (hour 18) = 0.1154");
}

TEST(TrafficTest, CurveScaleDoesNotMatter) {
  TrafficInputs a = Example();
  a.peak_hour_share.reset();
  a.diurnal_curve = {1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1, 1, 1};
  TrafficInputs b = a;
  for (double& w : b.diurnal_curve) w *= 1000;
  EXPECT_EQ(DeriveTraffic(a).peak_hour, 12);
  EXPECT_NEAR(DeriveTraffic(a).peak_rate_per_s, DeriveTraffic(b).peak_rate_per_s, 1e-12);
}

TEST(TrafficTest, FlatCurveEqualsTheMinimumShare) {
  // A flat day: every hour carries 1/24, so the peak hour is the mean (first of equal maxima: 0).
  TrafficInputs in = Example();
  in.peak_hour_share.reset();
  in.diurnal_curve.assign(24, 0.5);
  TrafficDerivation d = DeriveTraffic(in);
  EXPECT_EQ(d.peak_hour, 0);
  EXPECT_NEAR(d.peak_hour_rate_per_s, d.mean_rate_per_s, 1e-12);
}

TEST(TrafficTest, PeakHourShareBoundaries) {
  TrafficInputs in = Example();
  in.peak_hour_share = 1.0 / 24;  // the minimum meaningful value: peak hour = mean hour
  EXPECT_NEAR(DeriveTraffic(in).peak_hour_rate_per_s, 500'000 / 86'400.0, 1e-12);
  in.peak_hour_share = 1.0;  // the whole day in one hour: 500,000 / 3,600 = 138.889 req/s
  EXPECT_NEAR(DeriveTraffic(in).peak_hour_rate_per_s, 138.888889, 1e-6);

  in.peak_hour_share = 0.99 / 24;
  EXPECT_THAT(Problems(in),
              ::testing::ElementsAre(
                  "traffic.peak_hour_share: peak_hour_share 0.04125 is below 1/24 = 0.04167, the "
                  "share of every hour of a flat day, so no busiest hour can carry less; expected "
                  "a fraction of the daily requests in [1/24, 1]"));
  in.peak_hour_share = 0;
  EXPECT_THAT(Problems(in),
              ::testing::ElementsAre("traffic.peak_hour_share: peak_hour_share is 0; expected a "
                                     "fraction of the daily requests in [1/24, 1]"));
  in.peak_hour_share = 1.01;
  EXPECT_THAT(Problems(in), ::testing::ElementsAre(HasSubstr("is above 1")));
}

TEST(TrafficTest, ReportsEveryProblemAtOnce) {
  TrafficInputs in = Example();
  in.dau = 0;
  in.burst_factor = 0.5;
  in.think_time_s = -1;
  in.expected_latency_s = std::nan("");
  EXPECT_THAT(
      Problems(in),
      ::testing::ElementsAre(
          "traffic.dau: dau is 0; expected a number > 0",
          "traffic.think_time_s: think_time_s is -1; expected seconds >= 0",
          "traffic.burst_factor: burst_factor is 0.5; expected >= 1 (the peak second is at least "
          "as busy as the peak hour's mean)",
          "traffic.expected_latency_s: expected_latency_s is nan; expected a number > 0"));
}

TEST(TrafficTest, DayShapeMustBeExactlyOne) {
  TrafficInputs both = Example();
  both.diurnal_curve.assign(24, 1.0);
  EXPECT_THAT(Problems(both),
              ::testing::ElementsAre("traffic: both peak_hour_share and diurnal_curve are given; "
                                     "expected exactly one"));
  TrafficInputs neither = Example();
  neither.peak_hour_share.reset();
  EXPECT_THAT(Problems(neither), ::testing::ElementsAre(HasSubstr("neither peak_hour_share")));
}

TEST(TrafficTest, BadCurves) {
  TrafficInputs in = Example();
  in.peak_hour_share.reset();
  in.diurnal_curve.assign(23, 1.0);
  EXPECT_THAT(Problems(in), ::testing::ElementsAre(
                                "traffic.diurnal_curve: diurnal_curve has 23 values; expected 24 "
                                "hourly weights, hour 0 first"));
  in.diurnal_curve.assign(24, 1.0);
  in.diurnal_curve[3] = -1;
  EXPECT_THAT(Problems(in), ::testing::ElementsAre("traffic.diurnal_curve[3]: hour 3 weight is -1; "
                                                   "expected a weight >= 0"));
  in.diurnal_curve.assign(24, 0.0);
  EXPECT_THAT(Problems(in), ::testing::ElementsAre(HasSubstr("every hourly weight is 0")));
}

TEST(TrafficTest, ValidateUsesTheCallersPath) {
  TrafficInputs in = Example();
  in.requests_per_session = 0;
  Diagnostics diags;
  ValidateTrafficInputs(in, diags, "plan.traffic");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].path, "plan.traffic.requests_per_session");
}

TEST(ConcurrencyTest, FortyInFlightAtEightSecondsIsFivePerSecond) {
  ConcurrencyDerivation d = PeakRateFromConcurrency(40, 8);  // 40 / 8 = 5 req/s
  EXPECT_DOUBLE_EQ(d.peak_rate_per_s, 5);
  ASSERT_EQ(d.steps.size(), 1u);
  EXPECT_EQ(d.steps[0].ToString(),
            "peak rate (Little's law) = requests in flight / time in system = 40 / 8 = 5 req/s");
}

TEST(ConcurrencyTest, InvertsTheForwardDerivation) {
  TrafficDerivation forward = DeriveTraffic(Example());
  ConcurrencyDerivation back = PeakRateFromConcurrency(forward.concurrency_in_flight, 8);
  EXPECT_NEAR(back.peak_rate_per_s, forward.peak_rate_per_s, 1e-12);
}

TEST(ConcurrencyTest, RejectsNonPositiveInputs) {
  try {
    PeakRateFromConcurrency(0, -2);
    FAIL() << "accepted zero concurrency";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].path, "target.concurrency");
    EXPECT_EQ(e.diagnostics()[1].message, "time_in_system_s is -2; expected a number > 0");
  }
}

}  // namespace
}  // namespace gpuplan
