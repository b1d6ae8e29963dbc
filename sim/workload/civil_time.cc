#include "sim/workload/civil_time.h"

namespace gpuplan::detail {
namespace {

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// Leap years in [1, year): those divisible by 4, minus centuries, plus every fourth century.
int64_t LeapYearsBefore(int64_t year) {
  const int64_t y = year - 1;
  auto floor_div = [](int64_t a, int64_t b) { return a / b - (a % b != 0 && a < 0 ? 1 : 0); };
  return floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400);
}

// Reads exactly `width` decimal digits at text[*pos]; advances *pos.
std::optional<int64_t> Digits(std::string_view text, size_t* pos, size_t width) {
  if (*pos + width > text.size()) return std::nullopt;
  int64_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  *pos += width;
  return value;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

// The optional ".fffffffff" part as nanoseconds; nullopt when malformed.
std::optional<int64_t> Fraction(std::string_view text, size_t pos) {
  if (pos == text.size()) return 0;
  if (text[pos] != '.') return std::nullopt;
  const size_t digits = text.size() - pos - 1;
  if (digits < 1 || digits > 9) return std::nullopt;
  ++pos;
  std::optional<int64_t> value = Digits(text, &pos, digits);
  if (!value) return std::nullopt;
  for (size_t i = digits; i < 9; ++i) *value *= 10;  // scale to nanoseconds
  return value;
}

}  // namespace

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
}

int64_t DaysFromCivil(int64_t year, int month, int day) {
  static constexpr int kDaysBeforeMonth[12] = {0,   31,  59,  90,  120, 151,
                                               181, 212, 243, 273, 304, 334};
  const int64_t leap_day = month > 2 && IsLeapYear(year) ? 1 : 0;
  return (year - 1970) * 365 + (LeapYearsBefore(year) - LeapYearsBefore(1970)) +
         kDaysBeforeMonth[month - 1] + leap_day + (day - 1);
}

std::optional<int64_t> ParseNaiveTimestamp(std::string_view text) {
  size_t pos = 0;
  const auto year = Digits(text, &pos, 4);
  if (!year || !Expect(text, &pos, '-')) return std::nullopt;
  const auto month = Digits(text, &pos, 2);
  if (!month || !Expect(text, &pos, '-')) return std::nullopt;
  const auto day = Digits(text, &pos, 2);
  if (!day || !Expect(text, &pos, ' ')) return std::nullopt;
  const auto hour = Digits(text, &pos, 2);
  if (!hour || !Expect(text, &pos, ':')) return std::nullopt;
  const auto minute = Digits(text, &pos, 2);
  if (!minute || !Expect(text, &pos, ':')) return std::nullopt;
  const auto second = Digits(text, &pos, 2);
  const auto nanos = second ? Fraction(text, pos) : std::nullopt;
  if (!nanos) return std::nullopt;
  if (*year < kMinTimestampYear || *year > kMaxTimestampYear || *month < 1 || *month > 12 ||
      *day < 1 || *day > DaysInMonth(*year, static_cast<int>(*month)) || *hour > 23 ||
      *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  const int64_t days = DaysFromCivil(*year, static_cast<int>(*month), static_cast<int>(*day));
  const int64_t seconds = days * 86'400 + *hour * 3'600 + *minute * 60 + *second;
  return seconds * 1'000'000'000 + *nanos;
}

}  // namespace gpuplan::detail
