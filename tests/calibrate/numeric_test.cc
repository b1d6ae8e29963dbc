#include "calibrate/harness/numeric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace gpuplan::calibrate {
namespace {

TEST(NumericTest, HashUniformIsDeterministicBoundedAndCentred) {
  double sum = 0;
  for (uint64_t i = 0; i < 100000; ++i) {
    const float x = HashUniform(42, i);
    ASSERT_GE(x, -1.0f);
    ASSERT_LT(x, 1.0f);
    sum += x;
  }
  EXPECT_NEAR(sum / 100000, 0.0, 0.01);
  EXPECT_EQ(HashUniform(42, 7), HashUniform(42, 7));
  EXPECT_NE(HashUniform(42, 7), HashUniform(43, 7));
  EXPECT_NE(HashUniform(42, 7), HashUniform(42, 8));
}

TEST(NumericTest, Bf16RoundsToNearestEven) {
  EXPECT_EQ(FloatToBf16Bits(1.0f), 0x3F80);
  EXPECT_EQ(FloatToBf16Bits(-2.0f), 0xC000);
  EXPECT_EQ(FloatToBf16Bits(1.0f + 1.0f / 256), 0x3F80);  // tie -> even
  EXPECT_EQ(FloatToBf16Bits(1.0f + 3.0f / 256), 0x3F82);  // tie -> even (up)
  EXPECT_EQ(FloatToBf16Bits(1.0f + 1.5f / 256), 0x3F81);  // above the tie
  EXPECT_TRUE(std::isnan(RoundToBf16(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_EQ(Bf16BitsToFloat(0x3F80), 1.0f);
  EXPECT_EQ(RoundToBf16(0.1f), 0.10009765625f);
}

TEST(NumericTest, Fp8E4m3KnownCodes) {
  EXPECT_EQ(FloatToFp8E4m3(1.0f), 0x38);
  EXPECT_EQ(FloatToFp8E4m3(-2.0f), 0xC0);
  EXPECT_EQ(FloatToFp8E4m3(448.0f), 0x7E);
  EXPECT_EQ(FloatToFp8E4m3(0.0f), 0x00);
  EXPECT_EQ(FloatToFp8E4m3(-0.0f), 0x80);
  EXPECT_EQ(FloatToFp8E4m3(std::ldexp(1.0f, -6)), 0x08);  // smallest normal
  EXPECT_EQ(FloatToFp8E4m3(std::ldexp(1.0f, -9)), 0x01);  // smallest subnormal
  EXPECT_EQ(FloatToFp8E4m3(std::numeric_limits<float>::quiet_NaN()), 0x7F);
  EXPECT_FLOAT_EQ(Fp8E4m3ToFloat(0x7E), 448.0f);
  EXPECT_FLOAT_EQ(Fp8E4m3ToFloat(0x01), std::ldexp(1.0f, -9));
  EXPECT_FLOAT_EQ(Fp8E4m3ToFloat(0xB8), -1.0f);
  EXPECT_TRUE(std::isnan(Fp8E4m3ToFloat(0x7F)));
  EXPECT_TRUE(std::isnan(Fp8E4m3ToFloat(0xFF)));
}

TEST(NumericTest, Fp8E4m3RoundsToNearestEvenAndSaturates) {
  EXPECT_EQ(FloatToFp8E4m3(1.0625f), 0x38);  // halfway 1.0 / 1.125 -> even (1.0)
  EXPECT_EQ(FloatToFp8E4m3(1.1875f), 0x3A);  // halfway 1.125 / 1.25 -> even (1.25)
  EXPECT_EQ(FloatToFp8E4m3(1.07f), 0x39);
  EXPECT_EQ(FloatToFp8E4m3(464.0f), 0x7E);
  EXPECT_EQ(FloatToFp8E4m3(1e9f), 0x7E);
  EXPECT_EQ(FloatToFp8E4m3(-std::numeric_limits<float>::infinity()), 0xFE);
  EXPECT_EQ(FloatToFp8E4m3(std::ldexp(1.0f, -10)), 0x00);       // subnormal tie -> even (0)
  EXPECT_EQ(FloatToFp8E4m3(3 * std::ldexp(1.0f, -10)), 0x02);   // subnormal tie -> even (2)
  EXPECT_EQ(FloatToFp8E4m3(15 * std::ldexp(1.0f, -10)), 0x08);  // 7.5 x 2^-9 -> 2^-6
  EXPECT_EQ(FloatToFp8E4m3(1e-9f), 0x00);
  EXPECT_EQ(FloatToFp8E4m3(0.96875f), 0x38);  // 15.5/16: tie between 0.9375 (odd) and 1.0
}

TEST(NumericTest, Fp8E4m3EveryFiniteCodeRoundTrips) {
  for (int code = 0; code < 256; ++code) {
    if ((code & 0x7F) == 0x7F) continue;  // NaN codes
    const float value = Fp8E4m3ToFloat(static_cast<uint8_t>(code));
    EXPECT_EQ(FloatToFp8E4m3(value), code) << "code " << code << " value " << value;
  }
}

TEST(NumericTest, UniformFillValuesMatchTheirRoundedForms) {
  for (uint64_t i = 0; i < 1000; ++i) {
    const float x = UniformBf16(9, i, 0.5f);
    EXPECT_EQ(x, RoundToBf16(x));
    EXPECT_LE(std::fabs(x), 0.5f);
    const uint8_t code = UniformFp8(9, i, 16.0f);
    EXPECT_LE(std::fabs(Fp8E4m3ToFloat(code)), 16.0f);
  }
}

}  // namespace
}  // namespace gpuplan::calibrate
