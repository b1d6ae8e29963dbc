#include "sim/plan/derivation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace gpuplan {

namespace {

// Inserts ',' every three digits of the integer part of an unsigned decimal string.
std::string GroupThousands(const std::string& digits) {
  const size_t dot = digits.find('.');
  const size_t int_len = dot == std::string::npos ? digits.size() : dot;
  std::string out;
  for (size_t i = 0; i < int_len; ++i) {
    if (i > 0 && (int_len - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += digits.substr(int_len);
  return out;
}

// Decimals needed to show 4 significant digits of a magnitude in (0, 1).
int DecimalsForSmall(double magnitude) {
  return std::min(12, 3 - static_cast<int>(std::floor(std::log10(magnitude))));
}

}  // namespace

std::string FormatNumber(double value, int max_decimals) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  const double magnitude = std::fabs(value);
  int decimals = max_decimals;
  if (magnitude > 0 && magnitude < 1) decimals = std::max(decimals, DecimalsForSmall(magnitude));
  std::string text = fmt::format("{:.{}f}", magnitude, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  // A value that rounds to zero prints without a sign ("-0" would only confuse).
  const bool negative = value < 0 && text.find_first_not_of("0.") != std::string::npos;
  return fmt::format("{}{}", negative ? "-" : "", GroupThousands(text));
}

std::string DerivationStep::ToString() const {
  std::string text = fmt::format("{} = {} = {}", label, formula, FormatNumber(value));
  if (!unit.empty()) fmt::format_to(std::back_inserter(text), " {}", unit);
  return text;
}

std::string FormatSteps(const std::vector<DerivationStep>& steps) {
  std::string text;
  for (const DerivationStep& step : steps) text += step.ToString() + "\n";
  return text;
}

}  // namespace gpuplan
