// The `day` arrival kind: one stage per hour of a 24-weight curve (sim/workload/day_arrivals.cc).
#include <gtest/gtest.h>

#include <vector>

#include "sim/core/sim_time.h"
#include "sim/workload/arrival.h"

namespace gpuplan {
namespace {

std::vector<SimTime> Times(const DayOptions& o) {
  std::unique_ptr<RequestSource> stream = MakeDayArrivals(o)->Open(1);
  std::vector<SimTime> out;
  RequestSpec a;
  while (stream->Next(&a)) out.push_back(a.arrival);
  return out;
}

// Hours of 10 s, the busiest (weight 4) at 2 req/s: hour 23 (weight 2) at 1 req/s first, then
// hour 0 (weight 0) silent, then hour 1 (weight 4) at 2 req/s; evenly spaced from each hour's
// start.
TEST(DayArrivalsTest, EachHourAtItsShareOfThePeakWrappingPastHour23) {
  DayOptions o;
  o.peak_rate_per_s = 2;
  o.curve.assign(24, 1);
  o.curve[23] = 2;
  o.curve[0] = 0;
  o.curve[1] = 4;
  o.start_hour = 23;
  o.hours = 3;
  o.seconds_per_hour = 10;
  o.spacing = StageSpacing::kConstant;
  const std::vector<SimTime> t = Times(o);
  ASSERT_EQ(t.size(), 10u + 0u + 20u);
  EXPECT_EQ(t[0], 0);
  EXPECT_EQ(t[9], 9 * kNanosPerSecond);
  EXPECT_EQ(t[10], 20 * kNanosPerSecond);  // hour 0 has no arrival
  EXPECT_EQ(t[11], 20 * kNanosPerSecond + kNanosPerSecond / 2);
  EXPECT_EQ(t.back(), 29 * kNanosPerSecond + kNanosPerSecond / 2);
}

TEST(DayArrivalsTest, PoissonHoursKeepTheirMeanRate) {
  DayOptions o;
  o.peak_rate_per_s = 50;
  o.curve.assign(24, 1);
  o.curve[5] = 0;
  o.seconds_per_hour = 100;
  const std::vector<SimTime> t = Times(o);
  std::vector<int> per_hour(24, 0);
  for (SimTime x : t) ++per_hour[static_cast<size_t>(x / (100 * kNanosPerSecond))];
  EXPECT_EQ(per_hour[5], 0);
  for (int h = 0; h < 24; ++h) {
    if (h != 5) {
      EXPECT_NEAR(per_hour[static_cast<size_t>(h)], 5000, 5 * 71) << "hour " << h;
    }
  }
}

}  // namespace
}  // namespace gpuplan
