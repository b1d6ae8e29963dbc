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

TEST(HostTimeTest, FullDecodeOnlyLaunchesEveryStepWithAPrefill) {
  HostTimeModel host{.launch_s = 5 * kUs,
                     .cuda_graph_max_tokens = 512,
                     .graph_mode = CudaGraphMode::kFullDecodeOnly,
                     .overlap = 0};
  BatchShape mixed = Decodes(3);
  mixed.AddPrefill(9, 9);  // 12 tokens, far under the graph limit
  // Eager: 400 kernels x 5 us = 2 ms of launches against 1.5 ms of GPU work shows 0.5 ms.
  EXPECT_FALSE(host.Graphed(mixed));
  EXPECT_NEAR(host.ExposedSeconds(mixed, 1.5e-3, 400), 0.5e-3, 1e-15);
  // A decode-only step replays the full graph; above the limit it launches too.
  EXPECT_TRUE(host.Graphed(Decodes(512)));
  EXPECT_EQ(host.ExposedSeconds(Decodes(10), 1.5e-3, 400), 0);
  EXPECT_NEAR(host.ExposedSeconds(Decodes(513), 1.5e-3, 400), 0.5e-3, 1e-15);
  // Piecewise graphs take the same mixed step; a prefill above the limit runs eagerly.
  host.graph_mode = CudaGraphMode::kPiecewise;
  EXPECT_TRUE(host.Graphed(mixed));
  EXPECT_EQ(host.ExposedSeconds(mixed, 1.5e-3, 400), 0);
  BatchShape long_prefill;
  long_prefill.AddPrefill(513, 513);
  EXPECT_FALSE(host.Graphed(long_prefill));
  // None: even a one-decode step launches all its kernels.
  host.graph_mode = CudaGraphMode::kNone;
  EXPECT_FALSE(host.Graphed(Decodes(1)));
  EXPECT_NEAR(host.ExposedSeconds(Decodes(1), 1.5e-3, 400), 0.5e-3, 1e-15);
}

TEST(HostTimeTest, GraphModesParseByTheirEngineSpecNames) {
  EXPECT_EQ(ParseCudaGraphMode("piecewise"), CudaGraphMode::kPiecewise);
  EXPECT_EQ(ParseCudaGraphMode("full_decode_only"), CudaGraphMode::kFullDecodeOnly);
  EXPECT_EQ(ParseCudaGraphMode("none"), CudaGraphMode::kNone);
  EXPECT_EQ(ParseCudaGraphMode("FULL_DECODE_ONLY"), std::nullopt);  // vLLM's spelling: serve_flags
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
