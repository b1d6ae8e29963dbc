// Host time: what the GPU waits for, with and without the engine scheduling ahead.
#include "sim/latency/host_time.h"

#include <gtest/gtest.h>

namespace gpuplan {
namespace {

BatchShape Decodes(int n) {
  BatchShape b;
  for (int i = 0; i < n; ++i) b.AddDecode(100);
  return b;
}

constexpr double kUs = 1e-6;

TEST(HostTimeTest, WithoutOverlapPreparationAddsToEveryStep) {
  const HostTimeModel host{.per_step_s = 1000 * kUs,
                           .per_request_s = 15 * kUs,
                           .launch_s = 5 * kUs,
                           .cuda_graph_max_tokens = 512,
                           .overlap = 0};
  // 10 decodes, graphed: 1000 + 10 x 15 = 1150 us, whatever the GPU time.
  EXPECT_NEAR(host.ExposedSeconds(Decodes(10), 8e-3, 400), 1150 * kUs, 1e-15);
  EXPECT_NEAR(host.ExposedSeconds(Decodes(10), 0.5e-3, 400), 1150 * kUs, 1e-15);
}

TEST(HostTimeTest, OverlappedPreparationShowsOnlyBeyondTheGpuTime) {
  const HostTimeModel host{.per_step_s = 1000 * kUs,
                           .per_request_s = 15 * kUs,
                           .launch_s = 5 * kUs,
                           .cuda_graph_max_tokens = 512,
                           .overlap = 1};
  EXPECT_EQ(host.ExposedSeconds(Decodes(10), 8e-3, 400), 0);                   // hidden behind 8 ms
  EXPECT_NEAR(host.ExposedSeconds(Decodes(10), 1e-3, 400), 150 * kUs, 1e-15);  // 1150 - 1000
  // Boundary: exactly the GPU time shows nothing.
  EXPECT_EQ(host.ExposedSeconds(Decodes(10), 1150 * kUs, 400), 0);
}

TEST(HostTimeTest, PartialOverlapMixesTheTwoCases) {
  HostTimeModel host{.per_step_s = 1000 * kUs,
                     .per_request_s = 15 * kUs,
                     .launch_s = 5 * kUs,
                     .cuda_graph_max_tokens = 512,
                     .overlap = 0.25};
  // Serial 1150 us, overlapped 1150 - 1000 = 150 us: 0.25 x 150 + 0.75 x 1150 = 900 us.
  EXPECT_NEAR(host.ExposedSeconds(Decodes(10), 1e-3, 400), 900 * kUs, 1e-15);
  // Hidden completely when overlapped: 0.75 x 1150 = 862.5 us.
  EXPECT_NEAR(host.ExposedSeconds(Decodes(10), 8e-3, 400), 862.5 * kUs, 1e-15);
}

TEST(HostTimeTest, LaunchesCountOutsideGraphsOnly) {
  HostTimeModel host{.per_step_s = 0,
                     .per_request_s = 0,
                     .launch_s = 5 * kUs,
                     .cuda_graph_max_tokens = 10,
                     .overlap = 0};
  // 10 tokens replay a graph; 11 launch 400 kernels x 5 us = 2 ms against 1.5 ms of GPU work.
  EXPECT_EQ(host.ExposedSeconds(Decodes(10), 1.5e-3, 400), 0);
  EXPECT_NEAR(host.ExposedSeconds(Decodes(11), 1.5e-3, 400), 0.5e-3, 1e-15);
  host.overlap = 1;
  EXPECT_NEAR(host.ExposedSeconds(Decodes(11), 1.5e-3, 400), 0.5e-3, 1e-15);
}

TEST(HostTimeTest, KernelCountFollowsTheStepsOps) {
  BatchShape mixed = Decodes(2);
  mixed.AddPrefill(10, 10);
  // Per layer 11 + prefill + decode attention + 2 all-reduces at TP 2; per step 4 + 2 at TP 2,
  // plus one send for PP 2.
  EXPECT_EQ(KernelsPerStep(mixed, 32, 2, 2), 32 * 15 + 4 + 2 + 1);
  EXPECT_EQ(KernelsPerStep(Decodes(1), 32, 1, 1), 32 * 12 + 4);
}

}  // namespace
}  // namespace gpuplan
