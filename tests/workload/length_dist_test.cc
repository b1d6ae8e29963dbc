// Length distributions: exact and statistical checks, clamping, the empirical CSV reader and
// option errors.
#include "sim/workload/length_dist.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

#include "tests/workload/workload_test_util.h"

namespace gpuplan {
namespace {

using ::testing::HasSubstr;
using testing::Params;
using testing::TempDir;
using testing::Text;

constexpr int kSamples = 200'000;
constexpr double kSigmas = 5;

std::vector<int32_t> Draw(const LengthDistribution& dist, int n, uint64_t seed = 1) {
  Rng rng(seed, RngStream::kPromptLengths);
  std::vector<int32_t> out(n);
  for (int32_t& v : out) v = dist.Sample(rng);
  return out;
}

TEST(FixedLength, AlwaysTheSame) {
  auto dist = MakeFixedLength({.tokens = 128});
  for (int32_t v : Draw(*dist, 1000)) EXPECT_EQ(v, 128);
  EXPECT_EQ(dist->Describe(), "fixed(128)");
}

TEST(UniformLength, HitsBothBoundsAndNothingOutside) {
  auto dist = MakeUniformLength({.min = 10, .max = 20});
  const std::vector<int32_t> values = Draw(*dist, kSamples);
  EXPECT_EQ(*std::min_element(values.begin(), values.end()), 10);
  EXPECT_EQ(*std::max_element(values.begin(), values.end()), 20);
  // Discrete uniform over 11 values: mean 15, variance (11^2 - 1) / 12 = 10.
  double sum = 0;
  for (int32_t v : values) sum += v;
  EXPECT_NEAR(sum / kSamples, 15.0, kSigmas * std::sqrt(10.0 / kSamples));
  EXPECT_EQ(dist->Describe(), "uniform(10..20)");
}

TEST(UniformLength, SingleValueRange) {
  for (int32_t v : Draw(*MakeUniformLength({.min = 7, .max = 7}), 100)) EXPECT_EQ(v, 7);
}

TEST(LognormalLength, MedianMatches) {
  const double median = 1020;
  const double sigma = 0.8;
  auto dist = MakeLognormalLength({.median = median, .sigma = sigma});
  std::vector<int32_t> values = Draw(*dist, kSamples);
  std::nth_element(values.begin(), values.begin() + kSamples / 2, values.end());
  // Standard error of a sample median: 1 / (2 f(m) sqrt(n)), where the lognormal density at its
  // median is f(m) = 1 / (m sigma sqrt(2 pi)); +1 for rounding to whole tokens.
  const double se = median * sigma * std::sqrt(2 * std::numbers::pi) / (2 * std::sqrt(kSamples));
  EXPECT_NEAR(values[kSamples / 2], median, kSigmas * se + 1);
  EXPECT_EQ(dist->Describe(), "lognormal(median 1020, sigma 0.8)");
}

TEST(LognormalLength, OutOfRangeSamplesAreClampedToTheBounds) {
  // About half the samples fall outside [50, 200] and land on a bound.
  auto dist = MakeLognormalLength({.median = 100, .sigma = 1, .min = 50, .max = 200});
  int at_min = 0;
  int at_max = 0;
  for (int32_t v : Draw(*dist, kSamples)) {
    ASSERT_GE(v, 50);
    ASSERT_LE(v, 200);
    at_min += v == 50;
    at_max += v == 200;
  }
  // Rounding maps (49.5, 50.5) to 50, so P(50) = P(X < 50.5) = Phi(ln 0.505) and
  // P(200) = P(X >= 199.5) = 1 - Phi(ln 1.995).
  auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  const double p_min = phi(std::log(0.505));
  const double p_max = 1 - phi(std::log(1.995));
  auto tolerance = [](double p) { return kSigmas * std::sqrt(p * (1 - p) / kSamples); };
  EXPECT_NEAR(at_min / double(kSamples), p_min, tolerance(p_min));
  EXPECT_NEAR(at_max / double(kSamples), p_max, tolerance(p_max));
  EXPECT_EQ(dist->Describe(), "lognormal(median 100, sigma 1, clamped to [50, 200])");
}

TEST(LognormalLength, HugeSamplesDoNotOverflow) {
  auto dist = MakeLognormalLength({.median = 1e6, .sigma = 10});
  for (int32_t v : Draw(*dist, 10'000)) EXPECT_GE(v, 1);
}

TEST(EmpiricalLength, SamplesOnlyTableValuesAndAllOfThem) {
  TempDir dir;
  const std::string path =
      dir.Write("lengths.csv", "a,num_prefill_tokens\r\n1,5\r\n2,7\r\n\r\n3,0\r\n4,7\r\n");
  auto dist = MakeEmpiricalLength({.path = path, .column = "num_prefill_tokens"});
  std::set<int32_t> seen;
  for (int32_t v : Draw(*dist, 10'000)) seen.insert(v);
  // 0 is clamped to the default min of 1.
  EXPECT_EQ(seen, (std::set<int32_t>{1, 5, 7}));
  EXPECT_EQ(dist->Describe(), "empirical(lengths.csv:num_prefill_tokens, 4 values, mean 5)");
}

TEST(EmpiricalLength, ClampOrDropOutOfRangeValues) {
  TempDir dir;
  const std::string path = dir.Write("t.csv", "n\n1\n50\n100\n500\n");
  std::set<int32_t> clamped;
  for (int32_t v :
       Draw(*MakeEmpiricalLength({.path = path, .column = "n", .min = 10, .max = 200}), 10'000)) {
    clamped.insert(v);
  }
  EXPECT_EQ(clamped, (std::set<int32_t>{10, 50, 100, 200}));
  std::set<int32_t> dropped;
  for (int32_t v : Draw(*MakeEmpiricalLength({.path = path,
                   .column = "n",
                   .min = 10,
                   .max = 200,
                   .out_of_range = OutOfRange::kDrop}),
                        10'000)) {
    dropped.insert(v);
  }
  EXPECT_EQ(dropped, (std::set<int32_t>{50, 100}));
}

TEST(EmpiricalLength, MeanRescalesEveryValueAfterTheRangeRule) {
  TempDir dir;
  const std::string path = dir.Write("t.csv", "n\n10\n20\n30\n500\n");
  // 500 is dropped; 10, 20, 30 (mean 20) scaled by 50 / 20 = 2.5 -> 25, 50, 75.
  auto dist = MakeEmpiricalLength(
      {.path = path, .column = "n", .max = 100, .out_of_range = OutOfRange::kDrop, .mean = 50});
  std::set<int32_t> seen;
  for (int32_t v : Draw(*dist, 10'000)) seen.insert(v);
  EXPECT_EQ(seen, (std::set<int32_t>{25, 50, 75}));
  EXPECT_EQ(dist->Describe(), "empirical(t.csv:n rescaled to mean 50, 3 values, mean 50)");
  // Rounding to integers >= 1: 10, 20, 30 at mean 1 -> 0.5, 1, 1.5 -> 1 (not 0), 1, 2.
  std::set<int32_t> small;
  for (int32_t v : Draw(*MakeEmpiricalLength({.path = path,
                   .column = "n",
                   .max = 100,
                   .out_of_range = OutOfRange::kDrop,
                   .mean = 1}),
                        10'000)) {
    small.insert(v);
  }
  EXPECT_EQ(small, (std::set<int32_t>{1, 2}));
}

TEST(EmpiricalLength, MissingColumnNamesTheFileAndSuggests) {
  TempDir dir;
  const std::string path = dir.Write("t.csv", "num_prefill_tokens,num_decode_tokens\n1,2\n");
  try {
    MakeEmpiricalLength({.path = path, .column = "num_prefill_token"});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              path +
                  ":1:1: no column 'num_prefill_token' in the header; expected one of: "
                  "num_prefill_tokens, num_decode_tokens; did you mean 'num_prefill_tokens'?");
  }
}

TEST(EmpiricalLength, NonIntegerCellNamesLineAndColumn) {
  TempDir dir;
  const std::string path = dir.Write("t.csv", "x,n\n1,2\n3, 4.5\n");
  try {
    MakeEmpiricalLength({.path = path, .column = "n"});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":3:4: n '4.5' is not an integer; expected a whole number");
  }
}

TEST(EmpiricalLength, ShortRowAndEmptyTableAreErrors) {
  TempDir dir;
  const std::string short_row = dir.Write("s.csv", "x,n\n1,2\n3\n");
  EXPECT_THROW(
      {
        try {
          MakeEmpiricalLength({.path = short_row, .column = "n"});
        } catch (const ConfigError& e) {
          EXPECT_THAT(e.what(), HasSubstr("s.csv:3:1: row has 1 fields; expected 2"));
          throw;
        }
      },
      ConfigError);
  const std::string empty = dir.Write("e.csv", "x,n\n");
  EXPECT_THROW(MakeEmpiricalLength({.path = empty, .column = "n"}), ConfigError);
  EXPECT_THROW(MakeEmpiricalLength({.path = dir.path() + "/absent.csv", .column = "n"}),
               ConfigError);
}

class LengthRegistryTest : public ::testing::Test {
 protected:
  LengthRegistryTest() { RegisterBuiltinLengths(registry_); }

  std::optional<std::shared_ptr<const LengthDistribution>> Make(const std::string& kind,
                                                                const ParamTable& params,
                                                                const std::string& base = "") {
    return registry_.Make(kind, {"scenario.yaml", 2, 11}, "workload.prompt_tokens.kind", params,
                          diags_, WorkloadContext{base});
  }

  LengthRegistry registry_{"length distribution"};
  Diagnostics diags_;
};

TEST_F(LengthRegistryTest, RegistersEveryBuiltin) {
  EXPECT_THAT(registry_.Names(),
              ::testing::ElementsAre("fixed", "uniform", "lognormal", "empirical"));
}

TEST_F(LengthRegistryTest, BuildsFromOptions) {
  auto lognormal = Make("lognormal", Params({{"median", "1020"}, {"sigma", "0.8"}}));
  ASSERT_TRUE(lognormal.has_value()) << Text(diags_);
  EXPECT_EQ((*lognormal)->Describe(), "lognormal(median 1020, sigma 0.8)");
  auto uniform = Make("uniform", Params({{"min", "1"}, {"max", "9"}}));
  ASSERT_TRUE(uniform.has_value()) << Text(diags_);
  EXPECT_EQ((*uniform)->Describe(), "uniform(1..9)");
}

TEST_F(LengthRegistryTest, MaxBelowMinIsReported) {
  EXPECT_FALSE(Make("uniform", Params({{"min", "10"}, {"max", "5"}})).has_value());
  EXPECT_EQ(Text(diags_),
            "scenario.yaml:5:7: workload.test.max: 5 is below min 10; expected max >= min\n");
}

TEST_F(LengthRegistryTest, ZeroTokensAndMissingMaxAreReported) {
  EXPECT_FALSE(Make("fixed", Params({{"tokens", "0"}})).has_value());
  EXPECT_FALSE(Make("uniform", Params({{"min", "3"}})).has_value());
  const std::string text = Text(diags_);
  EXPECT_THAT(text, HasSubstr("workload.test.tokens: 0 is out of range; expected a value >= 1"));
  EXPECT_THAT(text, HasSubstr("workload.test.max: missing required option"));
}

TEST_F(LengthRegistryTest, EmpiricalResolvesRelativePathsAndReportsFileErrors) {
  TempDir dir;
  dir.Write("t.csv", "n\n3\n4\n");
  auto ok = Make("empirical", Params({{"path", "t.csv"}, {"column", "n"}}), dir.path());
  ASSERT_TRUE(ok.has_value()) << Text(diags_);
  auto bad = Make("empirical", Params({{"path", "t.csv"}, {"column", "m"}}), dir.path());
  EXPECT_FALSE(bad.has_value());
  EXPECT_THAT(Text(diags_), HasSubstr("t.csv:1:1: no column 'm'"));
}

}  // namespace
}  // namespace gpuplan
