#include "sim/plan/derivation.h"

#include <gtest/gtest.h>

namespace gpuplan {
namespace {

TEST(FormatNumberTest, GroupsThousandsAndDropsTrailingZeros) {
  EXPECT_EQ(FormatNumber(500000), "500,000");
  EXPECT_EQ(FormatNumber(1234567.5), "1,234,567.5");
  EXPECT_EQ(FormatNumber(999), "999");
  EXPECT_EQ(FormatNumber(1000), "1,000");
  EXPECT_EQ(FormatNumber(5.787037), "5.787");  // 500,000 / 86,400
  EXPECT_EQ(FormatNumber(0.12), "0.12");
  EXPECT_EQ(FormatNumber(0), "0");
  EXPECT_EQ(FormatNumber(-2500.25), "-2,500.25");
}

TEST(FormatNumberTest, SmallMagnitudesKeepFourSignificantDigits) {
  EXPECT_EQ(FormatNumber(0.000123456), "0.0001235");
  EXPECT_EQ(FormatNumber(0.0416666667), "0.04167");  // 1/24
  EXPECT_EQ(FormatNumber(0.5), "0.5");
}

TEST(FormatNumberTest, HonoursMaxDecimals) {
  EXPECT_EQ(FormatNumber(2.22222222, 2), "2.22");
  EXPECT_EQ(FormatNumber(1.999, 2), "2");
  EXPECT_EQ(FormatNumber(-0.0000000000001, 3), "0");  // rounds to zero: no "-0"
}

TEST(DerivationStepTest, PrintsLabelFormulaValueAndUnit) {
  DerivationStep step{"daily requests", "DAU x sessions x requests = 50,000 x 2 x 5", 500000,
                      "req/day"};
  EXPECT_EQ(step.ToString(),
            "daily requests = DAU x sessions x requests = 50,000 x 2 x 5 = 500,000 req/day");
  DerivationStep unitless{"peak / mean", "25 / 5.787", 4.32, ""};
  EXPECT_EQ(unitless.ToString(), "peak / mean = 25 / 5.787 = 4.32");
  EXPECT_EQ(FormatSteps({step, unitless}), step.ToString() + "\n" + unitless.ToString() + "\n");
}

}  // namespace
}  // namespace gpuplan
