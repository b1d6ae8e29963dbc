// SyntheticWorkload: composition, determinism, stream independence, limits and closed loop.
#include "sim/workload/synthetic_workload.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/workload/workload_test_util.h"

namespace gpuplan {
namespace {

using testing::Drain;

SyntheticWorkload PoissonLognormalFixed(double rate = 5.5) {
  return SyntheticWorkload(MakePoissonArrivals({.rate_per_s = rate}),
                           MakeLognormalLength({.median = 1020, .sigma = 0.8}),
                           MakeFixedLength({.tokens = 128}));
}

WorkloadLimits MaxRequests(int64_t n) {
  WorkloadLimits limits;
  limits.max_requests = n;
  return limits;
}

WorkloadLimits MaxArrival(SimTime t) {
  WorkloadLimits limits;
  limits.max_arrival_time = t;
  return limits;
}

TEST(SyntheticWorkload, Describe) {
  EXPECT_EQ(PoissonLognormalFixed().Describe(),
            "poisson 5.50 req/s x lognormal(median 1020, sigma 0.8) x fixed(128)");
}

TEST(SyntheticWorkload, SameSeedGivesIdenticalSequences) {
  const SyntheticWorkload w = PoissonLognormalFixed();
  const auto a = Drain(*w.Open(17, MaxRequests(5000)));
  const auto b = Drain(*w.Open(17, MaxRequests(5000)));
  ASSERT_EQ(a.size(), 5000u);
  ASSERT_EQ(b.size(), 5000u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].arrival, b[i].arrival);
    EXPECT_EQ(a[i].prompt_tokens, b[i].prompt_tokens);
    EXPECT_EQ(a[i].output_tokens, b[i].output_tokens);
    EXPECT_EQ(a[i].client, -1);
  }
  const auto c = Drain(*w.Open(18, MaxRequests(5000)));
  int same_arrival = 0;
  int same_prompt = 0;
  for (size_t i = 1; i < a.size(); ++i) {
    same_arrival += a[i].arrival == c[i].arrival;
    same_prompt += a[i].prompt_tokens == c[i].prompt_tokens;
  }
  EXPECT_LT(same_arrival, 10);
  EXPECT_LT(same_prompt, 100);  // rounded lengths collide now and then
}

TEST(SyntheticWorkload, ArrivalsAreNonDecreasing) {
  const SyntheticWorkload w(MakeGammaArrivals({.rate_per_s = 50, .cv = 4}),
                            MakeUniformLength({.min = 1, .max = 10}),
                            MakeFixedLength({.tokens = 1}));
  const auto requests = Drain(*w.Open(3, MaxRequests(100'000)));
  for (size_t i = 1; i < requests.size(); ++i) {
    ASSERT_LE(requests[i - 1].arrival, requests[i].arrival) << i;
  }
}

// Changing one part of the workload must not shift the random numbers of the others.
TEST(SyntheticWorkload, PartsDrawFromIndependentStreams) {
  const SyntheticWorkload base = PoissonLognormalFixed();
  const SyntheticWorkload other_output(MakePoissonArrivals({.rate_per_s = 5.5}),
                                       MakeLognormalLength({.median = 1020, .sigma = 0.8}),
                                       MakeUniformLength({.min = 1, .max = 1000}));
  const SyntheticWorkload other_arrivals(MakeGammaArrivals({.rate_per_s = 1, .cv = 3}),
                                         MakeLognormalLength({.median = 1020, .sigma = 0.8}),
                                         MakeFixedLength({.tokens = 128}));
  const auto a = Drain(*base.Open(5, MaxRequests(2000)));
  const auto b = Drain(*other_output.Open(5, MaxRequests(2000)));
  const auto c = Drain(*other_arrivals.Open(5, MaxRequests(2000)));
  int arrivals_differ = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].arrival, b[i].arrival);
    EXPECT_EQ(a[i].prompt_tokens, b[i].prompt_tokens);
    EXPECT_EQ(a[i].prompt_tokens, c[i].prompt_tokens);
    EXPECT_EQ(a[i].output_tokens, c[i].output_tokens);
    arrivals_differ += a[i].arrival != c[i].arrival;
  }
  EXPECT_GT(arrivals_differ, 1990);
}

TEST(SyntheticWorkload, MaxRequestsIsExact) {
  const SyntheticWorkload w = PoissonLognormalFixed();
  EXPECT_EQ(Drain(*w.Open(1, MaxRequests(1))).size(), 1u);
  EXPECT_EQ(Drain(*w.Open(1, MaxRequests(777))).size(), 777u);
  EXPECT_EQ(Drain(*w.Open(1, MaxRequests(0))).size(), 0u);
}

TEST(SyntheticWorkload, MaxArrivalTimeIncludesTheBoundary) {
  // Constant 2 req/s: arrivals at 0, 0.5, 1.0, 1.5, 2.0 s, ...
  const SyntheticWorkload w(MakeConstantArrivals({.rate_per_s = 2}),
                            MakeFixedLength({.tokens = 10}), MakeFixedLength({.tokens = 3}));
  const auto at = Drain(*w.Open(1, MaxArrival(2 * kNanosPerSecond)));
  ASSERT_EQ(at.size(), 5u);
  EXPECT_EQ(at.back().arrival, 2 * kNanosPerSecond);
  EXPECT_EQ(Drain(*w.Open(1, MaxArrival(2 * kNanosPerSecond - 1))).size(), 4u);
  EXPECT_EQ(Drain(*w.Open(1, MaxArrival(0))).size(), 1u);
}

TEST(SyntheticWorkload, BothLimitsTheTighterWins) {
  const SyntheticWorkload w(MakeConstantArrivals({.rate_per_s = 1}),
                            MakeFixedLength({.tokens = 10}), MakeFixedLength({.tokens = 3}));
  WorkloadLimits limits{.max_requests = 3, .max_arrival_time = 10 * kNanosPerSecond};
  EXPECT_EQ(Drain(*w.Open(1, limits)).size(), 3u);
  limits.max_requests = 30;
  EXPECT_EQ(Drain(*w.Open(1, limits)).size(), 11u);
}

TEST(SyntheticWorkload, ExhaustedSourceStaysExhausted) {
  const SyntheticWorkload w = PoissonLognormalFixed();
  auto source = w.Open(1, MaxArrival(kNanosPerSecond));
  Drain(*source);
  RequestSpec spec;
  EXPECT_FALSE(source->Next(&spec));
  EXPECT_FALSE(source->Next(&spec));
}

TEST(SyntheticWorkload, OfflineNeedsARequestLimit) {
  const SyntheticWorkload w(MakeOfflineArrivals({}), MakeFixedLength({.tokens = 10}),
                            MakeFixedLength({.tokens = 3}));
  EXPECT_THROW(w.Open(1, WorkloadLimits{}), ConfigError);
  const auto requests = Drain(*w.Open(1, MaxRequests(250)));
  ASSERT_EQ(requests.size(), 250u);
  for (const RequestSpec& r : requests) EXPECT_EQ(r.arrival, 0);
}

TEST(SyntheticWorkload, ClosedLoopThroughTheSource) {
  const SyntheticWorkload w(
      MakeClosedLoopArrivals(
          {.concurrency = 3, .think_time_s = 1, .think_distribution = ThinkDistribution::kFixed}),
      MakeFixedLength({.tokens = 10}), MakeFixedLength({.tokens = 3}));
  auto source = w.Open(1, MaxRequests(5));
  const auto initial = Drain(*source);
  ASSERT_EQ(initial.size(), 3u);
  for (int32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(initial[i].arrival, 0);
    EXPECT_EQ(initial[i].client, i);
    EXPECT_EQ(initial[i].prompt_tokens, 10);
  }
  RequestSpec next;
  ASSERT_TRUE(source->OnComplete(2, 4 * kNanosPerSecond, &next));
  EXPECT_EQ(next.arrival, 5 * kNanosPerSecond);
  EXPECT_EQ(next.client, 2);
  EXPECT_EQ(next.output_tokens, 3);
  ASSERT_TRUE(source->OnComplete(0, kNanosPerSecond, &next));
  EXPECT_FALSE(source->OnComplete(1, kNanosPerSecond, &next)) << "max_requests 5 reached";
  EXPECT_FALSE(source->OnComplete(-1, 0, &next)) << "open-loop requests have no follow-up";
}

TEST(SyntheticWorkload, ClosedLoopFollowUpPastTheTimeLimitIsNotSent) {
  const SyntheticWorkload w(
      MakeClosedLoopArrivals(
          {.concurrency = 1, .think_time_s = 1, .think_distribution = ThinkDistribution::kFixed}),
      MakeFixedLength({.tokens = 10}), MakeFixedLength({.tokens = 3}));
  auto source = w.Open(1, MaxArrival(3 * kNanosPerSecond));
  ASSERT_EQ(Drain(*source).size(), 1u);
  RequestSpec next;
  EXPECT_TRUE(source->OnComplete(0, 2 * kNanosPerSecond, &next));  // at exactly 3 s
  EXPECT_FALSE(source->OnComplete(0, 2 * kNanosPerSecond + 1, &next));
}

TEST(SyntheticWorkload, OpenLoopSourcesIgnoreCompletions) {
  auto source = PoissonLognormalFixed().Open(1, MaxRequests(3));
  RequestSpec next;
  EXPECT_FALSE(source->OnComplete(-1, 0, &next));
  EXPECT_FALSE(source->OnComplete(0, 0, &next));
}

}  // namespace
}  // namespace gpuplan
