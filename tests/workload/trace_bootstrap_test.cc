// The circular block bootstrap of a trace: blocks worked out by hand with chosen starts, then
// the properties every seed's resample must have.
#include "sim/workload/trace_bootstrap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "sim/workload/trace_workload.h"
#include "tests/workload/workload_test_util.h"

namespace gpuplan {
namespace {

using testing::Drain;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Params;
using testing::TempDir;
using testing::Text;

constexpr SimTime kS = kNanosPerSecond;

// Ten requests one second apart from t = 3 s; request i has i + 1 prompt tokens.
std::vector<RequestSpec> TenRequests() {
  std::vector<RequestSpec> requests;
  for (int i = 0; i < 10; ++i) {
    requests.push_back({.arrival = 3 * kS + i * kS, .prompt_tokens = i + 1, .output_tokens = 5});
  }
  return requests;
}

// Starts handed out in order.
auto Starts(std::vector<SimTime> starts) {
  return [starts, next = size_t{0}](SimTime) mutable { return starts.at(next++); };
}

std::vector<int> Prompts(const std::vector<RequestSpec>& requests) {
  std::vector<int> out;
  for (const RequestSpec& r : requests) out.push_back(r.prompt_tokens);
  return out;
}

std::vector<SimTime> Arrivals(const std::vector<RequestSpec>& requests) {
  std::vector<SimTime> out;
  for (const RequestSpec& r : requests) out.push_back(r.arrival);
  return out;
}

TEST(TraceBootstrap, ThePeriodIsTheSpanPlusOneMeanGap) {
  EXPECT_EQ(BootstrapPeriod(TenRequests(), 5 * kS), 10 * kS);  // span 9 s + 9 s / 9 gaps
  const std::vector<RequestSpec> burst(3, RequestSpec{.arrival = 7 * kS});
  EXPECT_EQ(BootstrapPeriod(burst, 4 * kS), 4 * kS) << "all at once: one block";
}

TEST(TraceBootstrap, BlocksCopyTheirStretchOfTheCircle) {
  // Period 10 s, blocks of 5 s. Block 0 starts at 7 s: offsets 7, 8, 9 land at 0, 1, 2 s, then
  // the circle wraps and offsets 0, 1 land at 3, 4 s. Block 1 starts at 2 s: offsets 2..6 land at
  // 5..9 s. Every arrival keeps the original origin, 3 s.
  const auto out = CircularBlockBootstrap(TenRequests(), 5 * kS, Starts({7 * kS, 2 * kS}));
  EXPECT_THAT(Prompts(out), ElementsAre(8, 9, 10, 1, 2, 3, 4, 5, 6, 7));
  std::vector<SimTime> expected;
  for (int i = 0; i < 10; ++i) expected.push_back(3 * kS + i * kS);
  EXPECT_EQ(Arrivals(out), expected);
}

TEST(TraceBootstrap, BlocksMayRepeatAndLeaveOutStretches) {
  // Both blocks start at 0 s: requests 1..5 twice, 6..10 never; the last block is cut at the
  // period (blocks of 6 s over a 10 s circle: 6 s, then 4 s).
  const auto out = CircularBlockBootstrap(TenRequests(), 6 * kS, Starts({0, 0}));
  EXPECT_THAT(Prompts(out), ElementsAre(1, 2, 3, 4, 5, 6, 1, 2, 3, 4));
  EXPECT_EQ(out.back().arrival, 3 * kS + 9 * kS);
}

TEST(TraceBootstrap, StartsBetweenRequestsKeepTheirSpacing) {
  // One block of the whole period starting at 2.5 s: offsets 3..9 land at 0.5..6.5 s, then 0..2
  // at 7.5..9.5 s.
  const auto out = CircularBlockBootstrap(TenRequests(), 10 * kS, Starts({2 * kS + kS / 2}));
  EXPECT_THAT(Prompts(out), ElementsAre(4, 5, 6, 7, 8, 9, 10, 1, 2, 3));
  EXPECT_EQ(out.front().arrival, 3 * kS + kS / 2);
  EXPECT_EQ(out.back().arrival, 3 * kS + 9 * kS + kS / 2);
}

TEST(TraceBootstrap, EverySeedGivesASortedResampleOfTheSamePeriod) {
  std::vector<RequestSpec> requests;
  for (int i = 0; i < 500; ++i) {  // uneven gaps: i^2 ms
    requests.push_back({.arrival = int64_t{i} * i * 1'000'000, .prompt_tokens = i + 1});
  }
  const SimTime period = BootstrapPeriod(requests, 7 * kS);
  std::map<int, int> drawn;  // prompt (request id + 1) -> times drawn over all seeds
  size_t total = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const auto out = CircularBlockBootstrap(requests, 7 * kS, seed);
    ASSERT_FALSE(out.empty());
    for (size_t i = 1; i < out.size(); ++i) ASSERT_LE(out[i - 1].arrival, out[i].arrival);
    EXPECT_GE(out.front().arrival, 0);
    EXPECT_LT(out.back().arrival, period);
    for (const RequestSpec& r : out) ++drawn[r.prompt_tokens];
    total += out.size();
    EXPECT_EQ(Prompts(out), Prompts(CircularBlockBootstrap(requests, 7 * kS, seed)))
        << "a seed always gives the same resample";
  }
  // Each request is drawn once per seed on average; over 200 seeds the mean count per seed lies
  // within a few percent of the trace's 500.
  EXPECT_NEAR(static_cast<double>(total) / 200, 500, 25);
  EXPECT_NE(Prompts(CircularBlockBootstrap(requests, 7 * kS, 1)),
            Prompts(CircularBlockBootstrap(requests, 7 * kS, 2)));
  // The wrap makes the ends as likely as the middle: the first and last requests are drawn about
  // as often as any (200 seeds, expected 200 draws each).
  EXPECT_GT(drawn[1], 120);
  EXPECT_GT(drawn[500], 120);
}

TEST(TraceBootstrap, ATraceWorkloadResamplesPerSeedOnlyWhenAsked) {
  TempDir dir;
  const std::string path =
      dir.Write("t.csv", "arrival_s,input_tokens,output_tokens\n0,1,1\n1,2,1\n2,3,1\n3,4,1\n");
  const auto plain = LoadRequestCsvTrace({.path = path});
  EXPECT_EQ(Prompts(Drain(*plain->Open(1, {}))), Prompts(Drain(*plain->Open(2, {}))));
  const auto resampled = LoadRequestCsvTrace({.path = path, .bootstrap_block_s = 1});
  bool differs = false;
  for (uint64_t seed = 2; seed < 20 && !differs; ++seed) {
    differs = Prompts(Drain(*resampled->Open(1, {}))) != Prompts(Drain(*resampled->Open(seed, {})));
  }
  EXPECT_TRUE(differs);
  EXPECT_THAT(resampled->Describe(), HasSubstr("circular block bootstrap, 1 s blocks"));
  // Blocks are on the trace's clock. At twice the rate the four requests are 0.5 s apart on a
  // 2 s circle, and a 2 s block of trace is 1 s of replay: two blocks of two neighbours each, so
  // some seed's resample is not a rotation of 1, 2, 3, 4 (one 2 s block would always give one).
  const auto fast =
      LoadRequestCsvTrace({.path = path, .rate_multiplier = 2, .bootstrap_block_s = 2});
  const std::vector<std::vector<int>> rotations = {
      {1, 2, 3, 4}, {2, 3, 4, 1}, {3, 4, 1, 2}, {4, 1, 2, 3}};
  bool not_a_rotation = false;
  for (uint64_t seed = 1; seed < 40; ++seed) {
    const std::vector<int> prompts = Prompts(Drain(*fast->Open(seed, {})));
    ASSERT_EQ(prompts.size(), 4u) << "each 1 s window of the circle holds two requests";
    not_a_rotation |= std::find(rotations.begin(), rotations.end(), prompts) == rotations.end();
  }
  EXPECT_TRUE(not_a_rotation);
}

TEST(TraceBootstrap, ABlockUnderASecondIsRefused) {
  TraceRegistry registry("trace format");
  RegisterBuiltinTraces(registry);
  Diagnostics diags;
  TempDir dir;
  dir.Write("t.csv", "arrival_s,input_tokens,output_tokens\n0,1,1\n");
  EXPECT_FALSE(registry
                   .Make("request_csv", {"scenario.yaml", 2, 11}, "workload.trace.kind",
                         Params({{"path", "t.csv"}, {"bootstrap_block_s", "0.5"}}), diags,
                         WorkloadContext{dir.path()})
                   .has_value());
  EXPECT_THAT(Text(diags), HasSubstr("workload.test.bootstrap_block_s: is 0.5 s; expected 0 "
                                     "(replay as logged) or a block of at least 1 s"));
}

}  // namespace
}  // namespace gpuplan
