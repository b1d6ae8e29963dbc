#include "calibrate/harness/planning.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

namespace gpuplan::calibrate {

TimingBudget QuickBudget() { return {3, 10, 50, 10.0}; }

TimingBudget FullBudget() { return {5, 30, 200, 50.0}; }

int ChooseRepeats(double estimate_us, const TimingBudget& budget) {
  if (!(estimate_us > 0) || !std::isfinite(estimate_us)) return budget.max_repeats;
  const double wanted = std::ceil(budget.target_ms * 1000.0 / estimate_us);
  return static_cast<int>(std::clamp(wanted, static_cast<double>(budget.min_repeats),
                                     static_cast<double>(budget.max_repeats)));
}

int RotationSets(int64_t bytes_per_set, int64_t l2_bytes, int64_t max_total_bytes, int max_sets) {
  if (bytes_per_set <= 0) return 1;
  int64_t sets = (4 * l2_bytes + bytes_per_set - 1) / bytes_per_set;
  sets = std::min<int64_t>(sets, max_sets);
  sets = std::min<int64_t>(sets, max_total_bytes / bytes_per_set);
  return static_cast<int>(std::max<int64_t>(sets, 1));
}

int ChooseDecodeSplits(int64_t work_units, int kv_len, int num_sms) {
  const int64_t target_blocks = 4 * static_cast<int64_t>(std::max(num_sms, 1));
  if (work_units <= 0 || work_units >= target_blocks) return 1;
  const int64_t wanted = (target_blocks + work_units - 1) / work_units;
  const int64_t by_length = std::max(1, kv_len / kMinTokensPerSplit);
  return static_cast<int>(
      std::clamp<int64_t>(wanted, 1, std::min<int64_t>(by_length, kMaxDecodeSplits)));
}

std::vector<int> SampleIndices(int count, int samples, uint64_t seed) {
  std::vector<int> indices;
  if (count <= 0 || samples <= 0) return indices;
  if (samples >= count) {
    for (int i = 0; i < count; ++i) indices.push_back(i);
    return indices;
  }
  std::set<int> chosen = {0, count - 1};
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> pick(0, count - 1);
  while (static_cast<int>(chosen.size()) < samples) chosen.insert(pick(rng));
  return {chosen.begin(), chosen.end()};
}

}  // namespace gpuplan::calibrate
