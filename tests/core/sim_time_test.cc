#include "sim/core/sim_time.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace gpuplan {
namespace {

TEST(SimTimeTest, RoundsToTheNearestNanosecond) {
  EXPECT_EQ(ToSimTime(1.5e-9), 2);
  EXPECT_EQ(ToSimTime(1.4e-9), 1);
  EXPECT_EQ(ToSimTime(-2.5), -2'500'000'000);
  // The largest time an input may give, 10^8 s, is exact.
  EXPECT_EQ(ToSimTime(kMaxSimSeconds), 100'000'000'000'000'000);
}

// int64 nanoseconds end near 9.22 x 10^9 s; beyond that, and for NaN or infinity, the conversion
// is a bug (inputs are checked against kMaxSimSeconds where they are read), never a silent wrap.
TEST(SimTimeTest, ValuesSimulatedTimeCannotHoldAreBugs) {
  EXPECT_EQ(ToSimTime(9.1e9), 9'100'000'000'000'000'000);
  EXPECT_THROW(ToSimTime(1e12), InternalError);
  EXPECT_THROW(ToSimTime(-1e12), InternalError);
  EXPECT_THROW(ToSimTime(std::nan("")), InternalError);
  EXPECT_THROW(ToSimTime(std::numeric_limits<double>::infinity()), InternalError);
}

}  // namespace
}  // namespace gpuplan
