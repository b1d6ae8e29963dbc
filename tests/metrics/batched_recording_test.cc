// The batched recording paths taken for speed (QuantileEstimator::Add(value, times),
// MetricsSink::OnInterTokenLatencies) must give exactly what the one-value paths give: the
// simulator's outputs are compared byte for byte across such optimisations.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "sim/metrics/collector.h"
#include "sim/metrics/quantile.h"
#include "sim/metrics/writers.h"

namespace gpuplan {
namespace {

// Bitwise equality, so that a result differing in the last ulp fails.
bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void ExpectIdentical(const QuantileEstimator& a, const QuantileEstimator& b) {
  ASSERT_EQ(a.count(), b.count());
  EXPECT_EQ(a.exact(), b.exact());
  EXPECT_TRUE(SameBits(a.sum(), b.sum()));
  EXPECT_TRUE(SameBits(a.mean(), b.mean()));
  EXPECT_TRUE(SameBits(a.stddev(), b.stddev()));
  EXPECT_TRUE(SameBits(a.min(), b.min()));
  EXPECT_TRUE(SameBits(a.max(), b.max()));
  for (double p : {0.0, 1.0, 25.0, 50.0, 90.0, 99.0, 99.9, 100.0}) {
    EXPECT_TRUE(SameBits(a.Percentile(p), b.Percentile(p))) << "p" << p;
  }
}

// Runs of repeated values (as a step's inter-token latencies come), some negative, some zero.
struct ValueRun {
  double value;
  uint64_t times;
};
const std::vector<ValueRun> kRuns = {{12.5, 7},  {0.0, 3},   {3.25, 1},  {12.5, 40},
                                     {-2.0, 5},  {1e-3, 2},  {250.0, 9}, {3.25, 0},
                                     {7.125, 6}, {12.5, 11}, {0.5, 1}};

TEST(BatchedRecordingTest, RepeatedAddMatchesSingleAddsInExactMode) {
  QuantileEstimator single, repeated;
  for (const ValueRun& run : kRuns) {
    for (uint64_t k = 0; k < run.times; ++k) single.Add(run.value);
    repeated.Add(run.value, run.times);
  }
  ASSERT_TRUE(repeated.exact());
  ExpectIdentical(single, repeated);
}

TEST(BatchedRecordingTest, RepeatedAddMatchesSingleAddsAcrossTheExactCap) {
  // A cap of 20 is crossed in the middle of a run, then the sketch takes whole runs.
  const QuantileEstimator::Options options{.exact_cap = 20, .relative_accuracy = 0.01};
  QuantileEstimator single(options), repeated(options);
  for (const ValueRun& run : kRuns) {
    for (uint64_t k = 0; k < run.times; ++k) single.Add(run.value);
    repeated.Add(run.value, run.times);
  }
  ASSERT_FALSE(repeated.exact());
  ExpectIdentical(single, repeated);
}

TEST(BatchedRecordingTest, CollectorBatchMatchesOneCallPerToken) {
  CollectorOptions options;
  options.warmup_s = 1.0;
  MetricsCollector one_by_one(options), batched(options);
  RequestRecord warm{.id = 1, .arrival = 0}, measured{.id = 2, .arrival = 2'000'000'000};
  const std::vector<InterTokenLatency> itls = {{&measured, 20'000'000},
                                               {&warm, 20'000'000},
                                               {&measured, 20'000'000},
                                               {&measured, 35'000'000},
                                               {&measured, 20'000'000}};
  for (const InterTokenLatency& t : itls) one_by_one.OnInterTokenLatency(*t.request, t.itl);
  batched.OnInterTokenLatencies(itls);
  const RunResult a = one_by_one.Finish({.end = 3'000'000'000});
  const RunResult b = batched.Finish({.end = 3'000'000'000});
  EXPECT_EQ(a.itl_ms.count, 4u);  // the warm-up request's token is not measured
  EXPECT_EQ(a.itl_ms.count, b.itl_ms.count);
  EXPECT_TRUE(SameBits(a.itl_ms.mean, b.itl_ms.mean));
  EXPECT_TRUE(SameBits(a.itl_ms.p50, b.itl_ms.p50));
  EXPECT_TRUE(SameBits(a.itl_ms.stddev, b.itl_ms.stddev));
}

// Counts tokens seen through the one-token callback (the default batch forwarding).
class TokenCounter final : public MetricsSink {
 public:
  void OnArrival(SimTime) override {}
  void OnInterTokenLatency(const RequestRecord& request, SimTime itl) override {
    ids.push_back(request.id);
    sum += itl;
  }
  void OnRequestDone(const RequestRecord&) override {}
  void OnStep(const StepRecord&) override {}
  void OnSnapshot(const Snapshot&) override {}
  std::vector<uint64_t> ids;
  SimTime sum = 0;
};

TEST(BatchedRecordingTest, DefaultBatchForwardingAndTeeKeepEveryTokenInOrder) {
  TokenCounter direct, teed;
  TeeSink tee({&teed});
  RequestRecord a{.id = 7}, b{.id = 9};
  const std::vector<InterTokenLatency> itls = {{&a, 3}, {&b, 4}, {&a, 5}};
  direct.OnInterTokenLatencies(itls);
  tee.OnInterTokenLatencies(itls);
  EXPECT_EQ(direct.ids, (std::vector<uint64_t>{7, 9, 7}));
  EXPECT_EQ(teed.ids, direct.ids);
  EXPECT_EQ(teed.sum, 12);
}

}  // namespace
}  // namespace gpuplan
