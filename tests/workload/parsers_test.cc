// The small parsers under the trace readers: civil dates, naive timestamps, flat JSON lines.
#include <gtest/gtest.h>

#include "sim/workload/civil_time.h"

namespace gpuplan::detail {
namespace {

constexpr int64_t kNs = 1'000'000'000;

TEST(CivilTime, DaysFromCivilKnownDates) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(1972, 3, 1), 365 + 365 + 31 + 29);  // 1972 is a leap year
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11'017);
  EXPECT_EQ(DaysFromCivil(2023, 11, 16), 19'677);
  EXPECT_EQ(DaysFromCivil(1600, 1, 1), -135'140);
  EXPECT_EQ(DaysFromCivil(2024, 1, 1) - DaysFromCivil(2023, 12, 31), 1);
}

TEST(CivilTime, DaysInMonthFollowsGregorianLeapRules) {
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 4), 30);
  EXPECT_EQ(DaysInMonth(2023, 12), 31);
}

TEST(NaiveTimestamp, ExactNanoseconds) {
  EXPECT_EQ(ParseNaiveTimestamp("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(ParseNaiveTimestamp("1970-01-01 00:00:00.0000001"), 100);
  EXPECT_EQ(ParseNaiveTimestamp("1970-01-01 00:00:00.000000001"), 1);
  EXPECT_EQ(ParseNaiveTimestamp("1970-01-01 00:00:01.5"), 1'500'000'000);
  const int64_t seconds = 19'677LL * 86'400 + 18LL * 3'600 + 15LL * 60 + 46;
  EXPECT_EQ(ParseNaiveTimestamp("2023-11-16 18:15:46.6805900"),
            seconds * 1'000'000'000 + 680'590'000);
  EXPECT_EQ(*ParseNaiveTimestamp("2024-01-01 00:00:00.0000001") -
                *ParseNaiveTimestamp("2023-12-31 23:59:59.9999999"),
            200);
  EXPECT_TRUE(ParseNaiveTimestamp("2024-02-29 12:00:00").has_value());
  EXPECT_TRUE(ParseNaiveTimestamp("2000-02-29 12:00:00").has_value());
}

// Years 1900-2199 only: int64 nanoseconds since 1970 end in 1677 and 2262, and year 1011 (found
// by the fuzz campaign) overflowed. Both ends of the range and one step past each.
TEST(NaiveTimestamp, YearsOutsideTheRangeAreRejectedNotOverflowed) {
  EXPECT_EQ(ParseNaiveTimestamp("1900-01-01 00:00:00"), DaysFromCivil(1900, 1, 1) * 86'400 * kNs);
  EXPECT_EQ(ParseNaiveTimestamp("2199-12-31 23:59:59.999999999"),
            (DaysFromCivil(2200, 1, 1) * 86'400) * kNs - 1);
  for (const char* bad :
       {"1899-12-31 23:59:59.999999999", "2200-01-01 00:00:00", "1011-11-16 18:15:46.6805900",
        "0000-01-01 00:00:00", "9999-12-31 23:59:59"}) {
    EXPECT_FALSE(ParseNaiveTimestamp(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(NaiveTimestamp, RejectsAnythingElse) {
  for (const char* bad :
       {"", "2023-11-16", "2023-11-16T18:15:46", "2023-11-16 18:15:46.", "2023-11-16 18:15:46,5",
        "2023-11-16 18:15:46.1234567890", "2023-1-16 18:15:46", "2023-11-16 18:15:46 ",
        " 2023-11-16 18:15:46", "2023-13-01 00:00:00", "2023-00-01 00:00:00", "2023-02-29 00:00:00",
        "1900-02-29 00:00:00", "2023-04-31 00:00:00", "2023-11-00 00:00:00", "2023-11-16 24:00:00",
        "2023-11-16 23:60:00", "2023-11-16 23:59:60", "2023-11-16 18:15:4x"}) {
    EXPECT_FALSE(ParseNaiveTimestamp(bad).has_value()) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace gpuplan::detail
