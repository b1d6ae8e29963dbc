#include "reports/charts/nice_ticks.h"

#include <algorithm>
#include <cmath>

namespace gpuplan::report {
namespace {

// Tick count cap: a runaway range (1e-300..1e300) must not allocate millions of ticks.
constexpr int kMaxTicks = 64;

int DecimalsForStep(double step) {
  // The fewest decimals at which the step is a whole number: 20 -> 0, 0.02 -> 2, 0.25 -> 2.
  for (int decimals = 0; decimals < 12; ++decimals) {
    double scaled = step * std::pow(10.0, decimals);
    if (std::abs(scaled - std::round(scaled)) < 1e-6 * scaled) return decimals;
  }
  return 12;
}

// Rounds away the binary noise of k * step so 0.06 prints and compares as 0.06.
double Snap(double value, int decimals) {
  double scale = std::pow(10.0, decimals);
  double snapped = std::round(value * scale) / scale;
  return snapped == 0 ? 0.0 : snapped;  // no -0
}

}  // namespace

Ticks StepTicks(double lo, double hi, double step) {
  if (lo > hi) std::swap(lo, hi);
  if (!(step > 0) || !std::isfinite(step)) step = NiceNumber(hi - lo, true);
  double first = std::floor(lo / step + 1e-9);
  double last = std::ceil(hi / step - 1e-9);
  if (last - first > kMaxTicks) {  // pathological ranges only
    step = NiceNumber((hi - lo) / kMaxTicks, false);
    first = std::floor(lo / step + 1e-9);
    last = std::ceil(hi / step - 1e-9);
  }
  if (last == first) last += 1;  // an axis needs two ends
  Ticks ticks;
  ticks.step = step;
  ticks.decimals = DecimalsForStep(step);
  for (double k = first; k <= last; k += 1) ticks.values.push_back(Snap(k * step, ticks.decimals));
  ticks.min = ticks.values.front();
  ticks.max = ticks.values.back();
  return ticks;
}

double NiceNumber(double x, bool round) {
  if (!(x > 0) || !std::isfinite(x)) return 1.0;
  double exponent = std::floor(std::log10(x));
  double power = std::pow(10.0, exponent);
  double fraction = x / power;  // in [1, 10)
  double nice;
  if (round) {
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  } else {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  }
  return nice * power;
}

Ticks NiceTicks(double lo, double hi, int target_count) {
  if (!std::isfinite(lo)) lo = std::isfinite(hi) ? hi : 0;
  if (!std::isfinite(hi)) hi = lo;
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo <= std::abs(hi) * 1e-12) {  // one value: give it room around it
    double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= lo == 0 ? 0 : pad;
    hi += pad;
  }
  target_count = std::max(2, target_count);
  // Candidate steps: 1, 2, 5, 10 and 20 times the power of ten just below the raw step. The one
  // whose tick count is nearest the target wins, with a penalty for axis range left empty
  // (Heckbert rounds the range first, which turns 0..24 into 0..30; this gives 0..25).
  double raw = (hi - lo) / (target_count - 1);
  double base = std::pow(10.0, std::floor(std::log10(raw)));
  double best_step = 0;
  double best_score = 0;
  for (double factor : {1.0, 2.0, 5.0, 10.0, 20.0}) {
    double step = factor * base;
    double first = std::floor(lo / step + 1e-9);
    double last = std::ceil(hi / step - 1e-9);
    double count = last - first + 1;
    double waste = 1 - (hi - lo) / ((last - first) * step);
    double score = std::abs(count - target_count) + 4 * waste;
    if (best_step == 0 || score < best_score - 1e-12) {
      best_step = step;
      best_score = score;
    }
  }
  return StepTicks(lo, hi, best_step);
}

Ticks LogTicks(double lo, double hi) {
  if (!std::isfinite(hi) || hi <= 0) hi = 1;
  if (!std::isfinite(lo) || lo <= 0) lo = hi / 1000;
  if (lo > hi) std::swap(lo, hi);
  int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  if (last == first) ++last;
  int decades = last - first;
  int stride = std::max(1, (decades + 7) / 8);  // at most about 8 labelled decades
  last = first + ((decades + stride - 1) / stride) * stride;

  Ticks ticks;
  ticks.step = 0;
  ticks.decimals = std::max(0, -first);
  for (int e = first; e <= last; e += stride) {
    double decade = std::pow(10.0, e);
    ticks.values.push_back(Snap(decade, ticks.decimals));
    if (decades <= 2 && e < last) {
      ticks.values.push_back(Snap(2 * decade, ticks.decimals));
      ticks.values.push_back(Snap(5 * decade, ticks.decimals));
    }
  }
  ticks.min = ticks.values.front();
  ticks.max = ticks.values.back();
  return ticks;
}

}  // namespace gpuplan::report
