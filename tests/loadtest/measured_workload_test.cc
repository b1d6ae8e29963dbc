// The load a measured run offered, replayed: regimes and the requests' own lengths, in order.
#include "sim/loadtest/measured_workload.h"

#include <gtest/gtest.h>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

MeasuredRun RunOf(BenchRegime regime, const std::vector<std::pair<int32_t, int32_t>>& lengths) {
  MeasuredRun run;
  run.source_file = "r.json";
  run.regime = regime;
  for (const auto& [in, out] : lengths) {
    run.requests.push_back({.input_tokens = in, .output_tokens = out});
  }
  return run;
}

TEST(MeasuredWorkloadTest, MaxConcurrencyIsAClosedLoopOverTheRequestsInOrder) {
  const auto w = MakeMeasuredWorkload(
      RunOf({.max_concurrency = 2, .num_requests = 3}, {{10, 1}, {20, 2}, {30, 3}}), nullptr,
      nullptr);
  auto source = w->Open(1, {});
  RequestSpec a, b, c, d;
  ASSERT_TRUE(source->Next(&a));
  ASSERT_TRUE(source->Next(&b));
  EXPECT_FALSE(source->Next(&c));  // two clients start together, nothing else open loop
  EXPECT_EQ(a.arrival, 0);
  EXPECT_EQ(b.arrival, 0);
  EXPECT_EQ(a.prompt_tokens, 10);
  EXPECT_EQ(b.output_tokens, 2);
  // Client 1 finishes at 5 ms and sends the third request at once; then the list is done.
  ASSERT_TRUE(source->OnComplete(b.client, 5'000'000, &c));
  EXPECT_EQ(c.arrival, 5'000'000);
  EXPECT_EQ(c.prompt_tokens, 30);
  EXPECT_EQ(c.client, b.client);
  EXPECT_FALSE(source->OnComplete(a.client, 6'000'000, &d));
}

TEST(MeasuredWorkloadTest, FailedRequestsAreNotReplayed) {
  MeasuredRun run = RunOf({.num_requests = 3}, {{10, 1}, {20, 2}, {30, 3}});
  run.requests[1].success = false;
  auto source = MakeMeasuredWorkload(run, nullptr, nullptr)->Open(1, {});
  RequestSpec r;
  std::vector<int32_t> prompts;
  while (source->Next(&r)) {
    EXPECT_EQ(r.arrival, 0);  // request rate inf: all at once
    prompts.push_back(r.prompt_tokens);
  }
  EXPECT_EQ(prompts, (std::vector<int32_t>{10, 30}));
}

TEST(MeasuredWorkloadTest, ARateIsPoissonAndItsLimitHolds) {
  const auto w = MakeMeasuredWorkload(
      RunOf({.request_rate = 10.0, .num_requests = 2}, {{10, 1}, {20, 2}}), nullptr, nullptr);
  EXPECT_NE(w->Describe().find("poisson 10.00 req/s"), std::string::npos) << w->Describe();
  auto source = w->Open(3, {});
  RequestSpec a, b, c;
  ASSERT_TRUE(source->Next(&a));
  ASSERT_TRUE(source->Next(&b));
  EXPECT_FALSE(source->Next(&c));
  EXPECT_EQ(a.arrival, 0);
  EXPECT_GT(b.arrival, 0);
}

TEST(MeasuredWorkloadTest, ARateWithACapIsRefusedClearly) {
  try {
    MakeMeasuredWorkload(
        RunOf({.request_rate = 5.0, .max_concurrency = 8, .num_requests = 1}, {{10, 1}}), nullptr,
        nullptr);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("a request rate with a concurrency cap is not replayed"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace gpuplan
