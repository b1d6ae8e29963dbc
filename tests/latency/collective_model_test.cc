#include "sim/latency/collective_model.h"

#include <gtest/gtest.h>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

// A fake link whose numbers are easy to follow by hand: 100 GB/s per direction, 1 us per hop,
// and protocol costs where each protocol has its own size range:
//   LL      2 us +  0.5 x hop per step, 25% of the link
//   LL128   5 us +  1   x hop per step, 50%
//   Simple 10 us +  2   x hop per step, 100%
//   NVLS   20 us,                       100% (each GPU moves the buffer once)
constexpr double kLink = 100e9, kHop = 1e-6;

RooflineOptions FakeOptions() {
  RooflineOptions o;
  o.nccl_ll_base_us = 2;
  o.nccl_ll_hop_factor = 0.5;
  o.nccl_ll_bus_efficiency = 0.25;
  o.nccl_ll128_base_us = 5;
  o.nccl_ll128_hop_factor = 1;
  o.nccl_ll128_bus_efficiency = 0.5;
  o.nccl_simple_base_us = 10;
  o.nccl_simple_hop_factor = 2;
  o.nccl_simple_bus_efficiency = 1;
  o.nccl_nvls_base_us = 20;
  o.nccl_nvls_bus_efficiency = 1;
  return o;
}

CollectiveModel Ring() { return CollectiveModel(kLink, kHop, false, FakeOptions()); }
CollectiveModel WithNvls() { return CollectiveModel(kLink, kHop, true, FakeOptions()); }

// All-reduce on 4 GPUs: 6 ring steps moving 1.5 x bytes per GPU.
//   LL     = 2 + 6 x 0.5 = 5 us  + 1.5 B / 25e9  = 5e-6  + 6e-11 B
//   LL128  = 5 + 6 x 1   = 11 us + 1.5 B / 50e9  = 11e-6 + 3e-11 B
//   Simple = 10 + 6 x 2  = 22 us + 1.5 B / 100e9 = 22e-6 + 1.5e-11 B
// LL = LL128 at 6e-6 / 3e-11 = 200,000 bytes; LL128 = Simple at 11e-6 / 1.5e-11 = 733,333.3.
TEST(CollectiveModelTest, EachRingProtocolWinsInItsSizeRange) {
  const CollectiveModel m = Ring();
  const CollectiveTime small = m.AllReduce(100e3, 4);
  EXPECT_EQ(small.algorithm, CollectiveAlgorithm::kRingLl);
  EXPECT_NEAR(small.seconds, 5e-6 + 6e-11 * 100e3, 1e-15);
  const CollectiveTime medium = m.AllReduce(400e3, 4);
  EXPECT_EQ(medium.algorithm, CollectiveAlgorithm::kRingLl128);
  EXPECT_NEAR(medium.seconds, 11e-6 + 3e-11 * 400e3, 1e-15);
  const CollectiveTime large = m.AllReduce(2e6, 4);
  EXPECT_EQ(large.algorithm, CollectiveAlgorithm::kRingSimple);
  EXPECT_NEAR(large.seconds, 22e-6 + 1.5e-11 * 2e6, 1e-15);
}

TEST(CollectiveModelTest, CrossoversAreWhereTheFormulasMeet) {
  const CollectiveModel m = Ring();
  EXPECT_EQ(m.AllReduce(199e3, 4).algorithm, CollectiveAlgorithm::kRingLl);
  EXPECT_EQ(m.AllReduce(201e3, 4).algorithm, CollectiveAlgorithm::kRingLl128);
  EXPECT_EQ(m.AllReduce(733e3, 4).algorithm, CollectiveAlgorithm::kRingLl128);
  EXPECT_EQ(m.AllReduce(734e3, 4).algorithm, CollectiveAlgorithm::kRingSimple);
  // At a crossover both formulas give the same time: 5e-6 + 6e-11 x 200e3 = 17 us.
  EXPECT_NEAR(m.AllReduce(200e3, 4).seconds, 17e-6, 1e-15);
  EXPECT_NEAR(m.CandidateSeconds(CollectiveAlgorithm::kRingLl, 6, 1.5 * 200e3, true),
              m.CandidateSeconds(CollectiveAlgorithm::kRingLl128, 6, 1.5 * 200e3, true), 1e-15);
}

// With NVLS (NVLink 4+): 20e-6 + 1e-11 B. It undercuts Simple at every size on 4 GPUs
// (20 < 22 us, 1e-11 < 1.5e-11) and LL128 above 9e-6 / 2e-11 = 450,000 bytes.
TEST(CollectiveModelTest, NvlsTakesOverLargeAllReducesWhereTheSwitchesReduce) {
  const CollectiveModel m = WithNvls();
  EXPECT_EQ(m.AllReduce(100e3, 4).algorithm, CollectiveAlgorithm::kRingLl);
  EXPECT_EQ(m.AllReduce(449e3, 4).algorithm, CollectiveAlgorithm::kRingLl128);
  const CollectiveTime large = m.AllReduce(451e3, 4);
  EXPECT_EQ(large.algorithm, CollectiveAlgorithm::kNvls);
  EXPECT_NEAR(large.seconds, 20e-6 + 451e3 / 100e9, 1e-15);
  EXPECT_EQ(m.AllReduce(64e6, 4).algorithm, CollectiveAlgorithm::kNvls);
  // All-gathers and sends never use it.
  EXPECT_NE(m.AllGather(64e6, 4).algorithm, CollectiveAlgorithm::kNvls);
  EXPECT_NE(m.SendRecv(64e6).algorithm, CollectiveAlgorithm::kNvls);
}

TEST(CollectiveModelTest, NvlsNeedsNvlinkFourOrLater) {
  GpuSpec g;
  for (const char* yes : {"nvlink4", "nvlink5", "nvlink10"}) {
    g.interconnect = yes;
    EXPECT_TRUE(HasNvls(g)) << yes;
  }
  for (const char* no : {"nvlink3", "nvlink", "pcie5", "", "nvlink4x"}) {
    g.interconnect = no;
    EXPECT_FALSE(HasNvls(g)) << no;
  }
  g.interconnect = "nvlink4";
  g.interconnect_gbps = 100;
  g.interconnect_latency_us = 1;
  EXPECT_TRUE(CollectiveModel(g, FakeOptions()).nvls());
  EXPECT_DOUBLE_EQ(CollectiveModel(g, FakeOptions()).AllReduce(2e6, 4).seconds,
                   WithNvls().AllReduce(2e6, 4).seconds);
}

TEST(CollectiveModelTest, MonotoneInBytes) {
  for (const CollectiveModel& m : {Ring(), WithNvls()}) {
    for (int ranks : {2, 4, 8}) {
      double previous = 0, previous_gather = 0, previous_send = 0;
      for (double bytes = 1; bytes < 1e9; bytes *= 1.1) {
        const double t = m.AllReduce(bytes, ranks).seconds;
        const double g = m.AllGather(bytes, ranks).seconds;
        const double s = m.SendRecv(bytes).seconds;
        EXPECT_GE(t, previous) << bytes;
        EXPECT_GE(g, previous_gather) << bytes;
        EXPECT_GE(s, previous_send) << bytes;
        previous = t, previous_gather = g, previous_send = s;
      }
    }
  }
}

TEST(CollectiveModelTest, OneRankCostsNothing) {
  for (const CollectiveModel& m : {Ring(), WithNvls()}) {
    EXPECT_EQ(m.AllReduce(1e6, 1).seconds, 0);
    EXPECT_EQ(m.AllReduce(1e6, 1).algorithm, CollectiveAlgorithm::kNone);
    EXPECT_EQ(m.AllGather(1e6, 1).seconds, 0);
  }
}

// All-gather of B bytes in total on 4 GPUs: 3 steps moving 0.75 B per GPU, base costs included.
//   LL = 2 + 1.5 = 3.5 us + 0.75 B / 25e9 = 3.5e-6 + 3e-11 B
//   LL128 = 5 + 3 = 8 us + 1.5e-11 B: equal at 4.5e-6 / 1.5e-11 = 300,000 bytes.
TEST(CollectiveModelTest, AllGatherIsHalfTheRingSteps) {
  const CollectiveModel m = Ring();
  EXPECT_NEAR(m.AllGather(100e3, 4).seconds, 3.5e-6 + 3e-11 * 100e3, 1e-15);
  EXPECT_EQ(m.AllGather(299e3, 4).algorithm, CollectiveAlgorithm::kRingLl);
  EXPECT_EQ(m.AllGather(301e3, 4).algorithm, CollectiveAlgorithm::kRingLl128);
}

// A send: the hop latency, then one step of LL or Simple without the per-call base cost.
//   LL     = 1 us + 0.5 us + B / 25e9  = 1.5e-6 + 4e-11 B
//   Simple = 1 us + 2 us   + B / 100e9 = 3e-6   + 1e-11 B; equal at 1.5e-6 / 3e-11 = 50,000.
TEST(CollectiveModelTest, SendsPayOneHopOfLlOrSimple) {
  const CollectiveModel m = Ring();
  const CollectiveTime small = m.SendRecv(10e3);
  EXPECT_EQ(small.algorithm, CollectiveAlgorithm::kRingLl);
  EXPECT_NEAR(small.seconds, 1.5e-6 + 4e-11 * 10e3, 1e-15);
  EXPECT_EQ(m.SendRecv(49e3).algorithm, CollectiveAlgorithm::kRingLl);
  EXPECT_EQ(m.SendRecv(51e3).algorithm, CollectiveAlgorithm::kRingSimple);
  EXPECT_NEAR(m.SendRecv(1e6).seconds, 3e-6 + 1e-11 * 1e6, 1e-15);
}

TEST(CollectiveModelTest, RejectsImpossibleCostsBuiltByHand) {
  RooflineOptions o = FakeOptions();
  o.nccl_ll128_bus_efficiency = 0;
  EXPECT_THROW(CollectiveModel(kLink, kHop, false, o), InternalError);
  o = FakeOptions();
  o.nccl_simple_hop_factor = -1;
  EXPECT_THROW(CollectiveModel(kLink, kHop, false, o), InternalError);
}

TEST(CollectiveModelTest, AlgorithmNames) {
  EXPECT_EQ(CollectiveAlgorithmName(CollectiveAlgorithm::kRingLl128), "ring/LL128");
  EXPECT_EQ(CollectiveAlgorithmName(CollectiveAlgorithm::kNvls), "NVLS");
}

}  // namespace
}  // namespace gpuplan
