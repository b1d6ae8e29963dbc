// Axis ticks a reader can do arithmetic with: steps of 1, 2 or 5 times a power of ten on linear
// axes (the "nice numbers" idea of Heckbert, Graphics Gems 1990; our own variant, which scores a
// few candidate steps instead of rounding the range first), whole decades on log axes. Ticks are
// integer multiples of the step, never sums, so 0.1 + 0.2 noise never reaches a label.
#pragma once

#include <vector>

namespace gpuplan::report {

// The ticks of one axis: the axis spans [min, max], both of which are ticks.
struct Ticks {
  double min = 0;
  double max = 1;
  double step = 0.2;  // linear axes; 0 on log axes
  std::vector<double> values;
  // Digits after the decimal point that print every tick exactly (0 for 20, 2 for 0.02).
  int decimals = 0;
};

// A "nice" number near `x` > 0: 1, 2, 5 or 10 times a power of ten. With `round` the nearest
// such number (for steps); without it the smallest one that is >= x (for ranges).
double NiceNumber(double x, bool round);

// Linear ticks covering [lo, hi] with about `target_count` ticks (at least 2): 0..97 gives
// 0, 20, ..., 100 and 0.013..0.087 gives 0, 0.02, ..., 0.1.
// Non-finite bounds are ignored; an empty or single-value range is widened so the axis has
// extent (0..1 when nothing is known).
Ticks NiceTicks(double lo, double hi, int target_count = 6);

// Ticks at every multiple of `step` from the one at or below lo to the one at or above hi, e.g.
// hours of a day every 6 (a step the 1-2-5 rule would not pick). Too many ticks (more than 64)
// fall back to a coarser nice step.
Ticks StepTicks(double lo, double hi, double step);

// Log-10 ticks covering [lo, hi], lo > 0: every decade (every second or further decade when there
// are many), with 2 and 5 added when the range spans two decades or less.
// A non-positive `lo` is replaced by hi / 1000.
Ticks LogTicks(double lo, double hi);

}  // namespace gpuplan::report
