#include "sim/core/plural.h"

#include <gtest/gtest.h>

namespace gpuplan {
namespace {

// One is singular; zero and every other count plural, as English writes them.
TEST(CountedTest, OneIsSingularEveryOtherCountPlural) {
  EXPECT_EQ(Counted(1, "replica"), "1 replica");
  EXPECT_EQ(Counted(2, "replica"), "2 replicas");
  EXPECT_EQ(Counted(0, "GPU"), "0 GPUs");
  EXPECT_EQ(Counted(1, "GPU"), "1 GPU");
  EXPECT_EQ(Counted(11, "seed"), "11 seeds");
  EXPECT_EQ(Counted(1, "child", "children"), "1 child");
  EXPECT_EQ(Counted(2, "child", "children"), "2 children");
}

}  // namespace
}  // namespace gpuplan
