// Arrival processes: statistics with tolerances derived from the sample size, exact schedules,
// closed-loop behaviour and option errors through the registry.
#include "sim/workload/arrival.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "tests/workload/workload_test_util.h"

namespace gpuplan {
namespace {

using ::testing::HasSubstr;
using testing::Params;
using testing::Text;

constexpr int kSamples = 200'000;
constexpr double kSigmas = 5;  // a correct sampler fails about once in 1.7 million runs

struct GapStats {
  double mean = 0;
  double cv = 0;
};

// Mean and coefficient of variation of the first n gaps (seconds) of a stream.
GapStats Gaps(RequestSource& stream, int n) {
  RequestSpec a;
  EXPECT_TRUE(stream.Next(&a));
  EXPECT_EQ(a.arrival, 0) << "every process starts at t = 0";
  SimTime previous = a.arrival;
  double sum = 0;
  double sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    EXPECT_TRUE(stream.Next(&a));
    EXPECT_GE(a.arrival, previous);
    const double gap = ToSeconds(a.arrival - previous);
    previous = a.arrival;
    sum += gap;
    sum_sq += gap * gap;
  }
  const double mean = sum / n;
  const double var = (sum_sq - n * mean * mean) / (n - 1);
  return {mean, std::sqrt(var) / mean};
}

// Standard error of a sample CV for a distribution with true CV c and excess kurtosis k: the
// sample sd contributes sqrt((2 + k) / 4n) relatively, the sample mean c / sqrt(n).
double CvTolerance(double c, double excess_kurtosis, int n) {
  return kSigmas * c * std::sqrt((2 + excess_kurtosis) / (4.0 * n) + c * c / n);
}

TEST(PoissonArrivals, MeanGapIsOneOverRateAndCvIsOne) {
  const double rate = 5.5;
  auto stream = MakePoissonArrivals({.rate_per_s = rate})->Open(42);
  const GapStats s = Gaps(*stream, kSamples);
  // Exponential gaps: sd = mean = 1/rate.
  EXPECT_NEAR(s.mean, 1 / rate, kSigmas * (1 / rate) / std::sqrt(kSamples));
  EXPECT_NEAR(s.cv, 1.0, CvTolerance(1.0, 6.0, kSamples));
}

TEST(GammaArrivals, MeanAndCvMatchOptions) {
  for (const double cv : {0.5, 2.0}) {
    const double rate = 3;
    auto stream = MakeGammaArrivals({.rate_per_s = rate, .cv = cv})->Open(7);
    const GapStats s = Gaps(*stream, kSamples);
    EXPECT_NEAR(s.mean, 1 / rate, kSigmas * (cv / rate) / std::sqrt(kSamples)) << "cv " << cv;
    EXPECT_NEAR(s.cv, cv, CvTolerance(cv, 6 * cv * cv, kSamples)) << "cv " << cv;
  }
}

TEST(WeibullArrivals, MeanGapIsOneOverRate) {
  const double rate = 2;
  const double shape = 0.7;
  const double cv =
      std::sqrt(std::tgamma(1 + 2 / shape) / std::pow(std::tgamma(1 + 1 / shape), 2) - 1);
  auto stream = MakeWeibullArrivals({.rate_per_s = rate, .shape = shape})->Open(3);
  const GapStats s = Gaps(*stream, kSamples);
  EXPECT_NEAR(s.mean, 1 / rate, kSigmas * (cv / rate) / std::sqrt(kSamples));
  EXPECT_GT(s.cv, 1.2) << "shape < 1 is burstier than Poisson";
}

TEST(ConstantArrivals, ExactSchedule) {
  auto stream = MakeConstantArrivals({.rate_per_s = 4})->Open(1);
  RequestSpec a;
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(stream->Next(&a));
    EXPECT_EQ(a.arrival, kNanosPerMilli * 250 * i);
    EXPECT_EQ(a.client, -1);
    // Lengths are the workload's to draw (SyntheticWorkload), from streams of their own.
    EXPECT_EQ(a.prompt_tokens, 0);
    EXPECT_EQ(a.output_tokens, 0);
  }
}

TEST(ConstantArrivals, NoDriftAfterManyArrivals) {
  auto stream = MakeConstantArrivals({.rate_per_s = 3})->Open(1);
  RequestSpec a;
  for (int i = 0; i <= 3'000'000; ++i) ASSERT_TRUE(stream->Next(&a));
  EXPECT_EQ(a.arrival, 1'000'000 * kNanosPerSecond);
}

TEST(OfflineArrivals, AllAtTimeZero) {
  auto process = MakeOfflineArrivals({.num_requests = 3});
  EXPECT_FALSE(process->NeedsRequestLimit());
  auto stream = process->Open(1);
  RequestSpec a;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(stream->Next(&a));
    EXPECT_EQ(a.arrival, 0);
  }
  EXPECT_FALSE(stream->Next(&a));
  EXPECT_TRUE(MakeOfflineArrivals({})->NeedsRequestLimit());
}

TEST(RequestSources, SameSeedSameSequenceOtherSeedDiffers) {
  auto process = MakeGammaArrivals({.rate_per_s = 10, .cv = 1.5});
  auto a = process->Open(11);
  auto b = process->Open(11);
  auto c = process->Open(12);
  int differ = 0;
  for (int i = 0; i < 1000; ++i) {
    RequestSpec x;
    RequestSpec y;
    RequestSpec z;
    ASSERT_TRUE(a->Next(&x) && b->Next(&y) && c->Next(&z));
    EXPECT_EQ(x.arrival, y.arrival);
    differ += x.arrival != z.arrival;
  }
  EXPECT_GT(differ, 990);
}

TEST(ClosedLoop, StartsExactlyConcurrencyRequestsAtZero) {
  auto stream = MakeClosedLoopArrivals({.concurrency = 4, .think_time_s = 1})->Open(5);
  RequestSpec a;
  for (int32_t client = 0; client < 4; ++client) {
    ASSERT_TRUE(stream->Next(&a));
    EXPECT_EQ(a.arrival, 0);
    EXPECT_EQ(a.client, client);
  }
  EXPECT_FALSE(stream->Next(&a)) << "only the initial request of each client is open loop";
}

TEST(ClosedLoop, FixedThinkTimeGivesNextAtNowPlusThink) {
  auto stream =
      MakeClosedLoopArrivals(
          {.concurrency = 2, .think_time_s = 0.25, .think_distribution = ThinkDistribution::kFixed})
          ->Open(5);
  RequestSpec a;
  ASSERT_TRUE(stream->OnComplete(1, 3 * kNanosPerSecond, &a));
  EXPECT_EQ(a.arrival, 3 * kNanosPerSecond + 250 * kNanosPerMilli);
  EXPECT_EQ(a.client, 1);
  ASSERT_TRUE(stream->OnComplete(0, 7, &a));
  EXPECT_EQ(a.arrival, 7 + 250 * kNanosPerMilli);
  EXPECT_EQ(a.client, 0);
}

TEST(ClosedLoop, ZeroThinkTimeSendsImmediately) {
  auto stream = MakeClosedLoopArrivals({.concurrency = 1})->Open(5);
  RequestSpec a;
  ASSERT_TRUE(stream->OnComplete(0, 123, &a));
  EXPECT_EQ(a.arrival, 123);
}

TEST(ClosedLoop, ExponentialThinkTimeHasTheGivenMean) {
  const double think = 2.0;
  auto stream = MakeClosedLoopArrivals({.concurrency = 1, .think_time_s = think})->Open(9);
  double sum = 0;
  RequestSpec a;
  for (int i = 0; i < kSamples; ++i) {
    ASSERT_TRUE(stream->OnComplete(0, 0, &a));
    sum += ToSeconds(a.arrival);
  }
  EXPECT_NEAR(sum / kSamples, think, kSigmas * think / std::sqrt(kSamples));
}

TEST(ClosedLoop, UnknownClientIsAnInternalError) {
  auto stream = MakeClosedLoopArrivals({.concurrency = 2})->Open(5);
  RequestSpec a;
  EXPECT_THROW(stream->OnComplete(2, 0, &a), InternalError);
}

class ArrivalRegistryTest : public ::testing::Test {
 protected:
  ArrivalRegistryTest() { RegisterBuiltinArrivals(registry_); }

  std::optional<std::shared_ptr<const ArrivalProcess>> Make(const std::string& kind,
                                                            const ParamTable& params) {
    return registry_.Make(kind, {"scenario.yaml", 2, 11}, "workload.arrival.kind", params, diags_,
                          WorkloadContext{});
  }

  ArrivalRegistry registry_{"arrival process"};
  Diagnostics diags_;
};

TEST_F(ArrivalRegistryTest, RegistersEveryBuiltin) {
  EXPECT_THAT(registry_.Names(), ::testing::ElementsAre("poisson", "gamma", "weibull", "constant",
                                                        "offline", "staged", "day", "closed_loop"));
  for (const auto& entry : registry_.entries()) {
    EXPECT_FALSE(entry.summary.empty()) << entry.name;
    for (const OptionSpec& spec : entry.options) EXPECT_FALSE(spec.help.empty()) << spec.name;
  }
}

TEST_F(ArrivalRegistryTest, BuildsFromOptionsAndDescribes) {
  auto process = Make("poisson", Params({{"rate_per_s", "5.5"}}));
  ASSERT_TRUE(process.has_value()) << Text(diags_);
  EXPECT_EQ((*process)->Describe(), "poisson 5.50 req/s");
  EXPECT_EQ((*process)->MeanRatePerS(), 5.5);
  auto gamma = Make("gamma", Params({{"rate_per_s", "2"}, {"cv", "3"}}));
  ASSERT_TRUE(gamma.has_value()) << Text(diags_);
  EXPECT_EQ((*gamma)->Describe(), "gamma 2.00 req/s cv 3.00");
  auto closed = Make(
      "closed_loop",
      Params({{"concurrency", "8"}, {"think_time_s", "0.5"}, {"think_distribution", "fixed"}}));
  ASSERT_TRUE(closed.has_value()) << Text(diags_);
  EXPECT_EQ((*closed)->Describe(), "closed_loop 8 clients, think fixed 0.5 s");
  EXPECT_FALSE((*closed)->MeanRatePerS().has_value());
}

TEST_F(ArrivalRegistryTest, ZeroRateIsReportedWithItsPosition) {
  EXPECT_FALSE(Make("poisson", Params({{"rate_per_s", "0"}})).has_value());
  EXPECT_EQ(Text(diags_),
            "scenario.yaml:4:7: workload.test.rate_per_s: 0 is out of range; expected a value > "
            "0\n");
}

TEST_F(ArrivalRegistryTest, MissingRateIsReported) {
  EXPECT_FALSE(Make("constant", Params({})).has_value());
  EXPECT_THAT(Text(diags_), HasSubstr("workload.test.rate_per_s: missing required option"));
}

TEST_F(ArrivalRegistryTest, UnknownOptionSuggestsTheNearest) {
  EXPECT_FALSE(Make("poisson", Params({{"rate_per_sec", "2"}})).has_value());
  EXPECT_THAT(Text(diags_), HasSubstr("workload.test.rate_per_sec: unknown option; did you mean "
                                      "'rate_per_s'?; valid options: rate_per_s"));
}

TEST_F(ArrivalRegistryTest, UnknownKindSuggestsTheNearest) {
  EXPECT_FALSE(Make("poison", Params({})).has_value());
  EXPECT_THAT(Text(diags_), HasSubstr("scenario.yaml:2:11: workload.arrival.kind: unknown arrival "
                                      "process 'poison'; did you mean 'poisson'?"));
}

TEST_F(ArrivalRegistryTest, BadThinkDistributionAndConcurrency) {
  EXPECT_FALSE(Make("closed_loop", Params({{"concurrency", "0"}, {"think_distribution", "fixd"}}))
                   .has_value());
  const std::string text = Text(diags_);
  EXPECT_THAT(text, HasSubstr("concurrency: 0 is out of range; expected a value >= 1"));
  EXPECT_THAT(text, HasSubstr("'fixd' is not a valid choice; expected one of: exponential, "
                              "fixed; did you mean 'fixed'?"));
}

}  // namespace
}  // namespace gpuplan
