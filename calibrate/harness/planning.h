// Host-side choices that shape a measurement: how many repeats, how many input copies to rotate
// through so the L2 cache cannot hold them, how many KV splits a decode launch uses.
#pragma once

#include <cstdint>
#include <vector>

namespace gpuplan::calibrate {

struct TimingBudget {
  int warmup = 5;         // untimed launches before anything is measured
  int min_repeats = 30;   // timed launches, at least ...
  int max_repeats = 200;  // ... and at most
  double target_ms = 50;  // timed launches aim at about this much device time
};

TimingBudget QuickBudget();  // warmup 3, 10..50 repeats, ~10 ms
TimingBudget FullBudget();   // warmup 5, 30..200 repeats, ~50 ms

// Repeats for a launch estimated at `estimate_us`: target_ms / estimate, clamped to the budget's
// [min_repeats, max_repeats]; max_repeats for a non-positive or non-finite estimate.
int ChooseRepeats(double estimate_us, const TimingBudget& budget);

// Copies of a launch's inputs to cycle through so that together they are at least 4x the L2
// size: ceil(4 * l2 / bytes_per_set), clamped to [1, max_sets] and to max_total_bytes / bytes.
inline constexpr int kMaxRotationSets = 64;
int RotationSets(int64_t bytes_per_set, int64_t l2_bytes, int64_t max_total_bytes,
                 int max_sets = kMaxRotationSets);

// KV splits of a paged decode attention launch with `work_units` blocks per split (batch x KV
// heads x query-group blocks): enough splits for about 4 blocks per multiprocessor, at most 64
// and at most one per 256 tokens of KV; 1 when the units alone fill the GPU.
inline constexpr int kMaxDecodeSplits = 64;
inline constexpr int kMinTokensPerSplit = 256;
int ChooseDecodeSplits(int64_t work_units, int kv_len, int num_sms);

// Up to `samples` distinct indices of [0, count) for spot checks, sorted: always 0 and count - 1,
// the rest drawn from `seed`; all of [0, count) when samples >= count.
std::vector<int> SampleIndices(int count, int samples, uint64_t seed);

}  // namespace gpuplan::calibrate
