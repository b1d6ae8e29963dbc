// The engine all-reduce costs against the shipped H100 reference measurements.
#include "sim/calibration/allreduce_reference.h"

#include <gtest/gtest.h>

#include "sim/core/percentile.h"

namespace gpuplan {
namespace {

const std::string kReference =
    std::string(GPUPLAN_SOURCE_DIR) + "/configs/calibration/reference/allreduce_h100.csv";

// The catalog's h100_sxm link: 450 GB/s per direction, NVLink 4 (NVLS), 3.5 us per hop.
GpuSpec H100() {
  GpuSpec g;
  g.name = "h100_sxm";
  g.interconnect = "nvlink4";
  g.interconnect_gbps = 450;
  g.interconnect_latency_us = 3.5;
  return g;
}

TEST(EngineAllReduceReference, TheDefaultsAreTheFitOnTheFitHalf) {
  const std::vector<AllReducePoint> points = ReadAllReduceReference(kReference);
  ASSERT_GE(points.size(), 30u);
  const AllReduceFit fit = FitEngineAllReduce(points, H100());
  std::vector<std::string> lines;
  EXPECT_TRUE(EngineAllReduceDefaultsMatch(fit.options, RooflineOptions{}, &lines))
      << (lines.empty() ? "" : lines[0]);
}

TEST(EngineAllReduceReference, OneShotHeldOutErrorIsSmall) {
  std::vector<double> held_out;
  for (const AllReducePoint& p : ReadAllReduceReference(kReference)) {
    if (p.kernel == "ca_1stage" && !p.fit_half) {
      held_out.push_back(std::abs(PredictAllReduceUs(p, H100(), RooflineOptions{}) - p.latency_us) /
                         p.latency_us);
    }
  }
  ASSERT_FALSE(held_out.empty());
  EXPECT_LT(Percentile(held_out, 50), 0.10);
}

TEST(EngineAllReduceReference, OneShotCostIsTheBarrierPlusThePeersBytes) {
  // 4 GPUs, 1 MiB: 5.5 us + 3 x 1048576 / (450e9 x 0.78) = 5.5 + 8.96 us.
  const AllReducePoint p{4, 1048576, "ca_1stage", 0, false};
  EXPECT_NEAR(PredictAllReduceUs(p, H100(), RooflineOptions{}),
              5.5 + 3 * 1048576 / (450e9 * 0.78) * 1e6, 1e-9);
}

}  // namespace
}  // namespace gpuplan
