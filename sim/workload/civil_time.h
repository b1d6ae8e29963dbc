// Exact parsing of naive (zone-less) wall-clock timestamps such as the Azure LLM trace's
// "2023-11-16 18:15:46.6805900". Integer arithmetic only: a float parse would lose the 100 ns
// digits of a 2023 date (about 1.7e18 ns needs 61 bits, a double has 53).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gpuplan::detail {

// Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar (negative before).
// Requires 1 <= month <= 12 and 1 <= day <= DaysInMonth(year, month).
int64_t DaysFromCivil(int64_t year, int month, int day);
int DaysInMonth(int64_t year, int month);

// The years a timestamp may name: nanoseconds since 1970 in int64 reach from 1677 to 2262, so a
// year outside would overflow (the fuzz campaign found year 1011); traces are recent.
inline constexpr int64_t kMinTimestampYear = 1900;
inline constexpr int64_t kMaxTimestampYear = 2199;

// "YYYY-MM-DD HH:MM:SS" with an optional fraction of 1 to 9 digits, as nanoseconds since
// 1970-01-01 00:00:00 of the same (unknown) zone. nullopt when the text is not exactly that or a
// field is out of range (year outside [kMinTimestampYear, kMaxTimestampYear], month 13, Feb 30,
// hour 24, ...).
std::optional<int64_t> ParseNaiveTimestamp(std::string_view text);

}  // namespace gpuplan::detail
