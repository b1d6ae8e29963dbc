// vllm bench serve's statistics, by hand.
#include "sim/loadtest/bench_stats.h"

#include <gtest/gtest.h>

namespace gpuplan {
namespace {

double Get(const BenchStats& stats, const std::string& name) {
  for (const auto& [key, value] : stats) {
    if (key == name) return value;
  }
  ADD_FAILURE() << name << " missing";
  return -1;
}

TEST(BenchStatsTest, NumpyPercentileInterpolatesLinearly) {
  EXPECT_DOUBLE_EQ(NumpyPercentile({4, 1, 3, 2}, 50), 2.5);   // rank 1.5
  EXPECT_DOUBLE_EQ(NumpyPercentile({1, 2, 3, 4}, 99), 3.97);  // rank 2.97
  EXPECT_DOUBLE_EQ(NumpyPercentile({1, 2, 3, 4}, 0), 1);
  EXPECT_DOUBLE_EQ(NumpyPercentile({1, 2, 3, 4}, 100), 4);
  EXPECT_DOUBLE_EQ(NumpyPercentile({7}, 99), 7);
  EXPECT_DOUBLE_EQ(NumpyPercentile({}, 99), 0);
  EXPECT_EQ(PercentileWord(99), "99");
  EXPECT_EQ(PercentileWord(99.9), "99.9");
}

// r1: 10 + 3 tokens, TTFT 0.1 s, E2E 0.5 s, gaps 0.2 and 0.2; r2: 20 + 1, TTFT = E2E = 0.3 s;
// r3 failed (left out). Over 1 s: 2 completed, 4 output tokens, 34 tokens in all.
TEST(BenchStatsTest, TheStatisticsOfTwoRequestsByHand) {
  const std::vector<MeasuredRequest> requests = {
      {.input_tokens = 10,
       .output_tokens = 3,
       .ttft_s = 0.1,
       .latency_s = 0.5,
       .itls_s = {0.2, 0.2}},
      {.input_tokens = 20, .output_tokens = 1, .ttft_s = 0.3, .latency_s = 0.3},
      {.input_tokens = 99, .output_tokens = 0, .success = false}};
  const BenchStats s = VllmBenchStats(requests, 1.0, {99});
  EXPECT_EQ(Get(s, "completed"), 2);
  EXPECT_DOUBLE_EQ(Get(s, "request_throughput"), 2);
  EXPECT_DOUBLE_EQ(Get(s, "output_throughput"), 4);
  EXPECT_DOUBLE_EQ(Get(s, "total_token_throughput"), 34);
  EXPECT_DOUBLE_EQ(Get(s, "mean_ttft_ms"), 200);
  EXPECT_DOUBLE_EQ(Get(s, "median_ttft_ms"), 200);
  EXPECT_DOUBLE_EQ(Get(s, "std_ttft_ms"), 100);  // population std of 100 and 300 ms
  EXPECT_DOUBLE_EQ(Get(s, "p99_ttft_ms"), 298);  // 100 + 0.99 x 200
  // TPOT only for r1 (more than one output token): (0.5 - 0.1) / 2 = 200 ms.
  EXPECT_DOUBLE_EQ(Get(s, "mean_tpot_ms"), 200);
  EXPECT_DOUBLE_EQ(Get(s, "mean_itl_ms"), 200);
  EXPECT_DOUBLE_EQ(Get(s, "mean_e2el_ms"), 400);
  EXPECT_DOUBLE_EQ(Get(s, "p99_e2el_ms"), 300 + 0.99 * 200);
  // The keys in vLLM's order.
  EXPECT_EQ(Get(s, "total_input_tokens"), 30);
  EXPECT_EQ(Get(s, "total_output_tokens"), 4);
  EXPECT_EQ(s[6].first, "mean_ttft_ms");
  EXPECT_EQ(s[9].first, "p99_ttft_ms");
}

}  // namespace
}  // namespace gpuplan
