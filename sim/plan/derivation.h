// DerivationStep: one line of a hand-checkable calculation, kept as data so that the CLI and the
// report can print every number a plan rests on ("daily requests = DAU x sessions/user/day x
// requests/session = 50,000 x 2 x 5 = 500,000 req/day") and a planner can redo it on paper.
#pragma once

#include <string>
#include <vector>

namespace gpuplan {

struct DerivationStep {
  std::string label;    // what is computed, e.g. "daily requests"
  std::string formula;  // symbols, then the numbers: "DAU x sessions x requests = 50,000 x 2 x 5"
  double value = 0;
  std::string unit;  // "req/day", "req/s", "$/h"; "" when unitless

  // "label = formula = value unit".
  std::string ToString() const;
};

// A number as a person writes it: thousands separators, at most `max_decimals` decimals with
// trailing zeros dropped (500000 -> "500,000", 5.787037 -> "5.787", 0.12 -> "0.12"). Magnitudes
// below 1 keep 4 significant digits so that small rates do not print as "0".
std::string FormatNumber(double value, int max_decimals = 3);

// Every step on its own line, in order.
std::string FormatSteps(const std::vector<DerivationStep>& steps);

}  // namespace gpuplan
