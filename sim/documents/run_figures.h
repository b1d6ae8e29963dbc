// The figures of one simulation run, as plain values: what sim/metrics computes (RunResult,
// sim/metrics/run_result.h) and what summary.json holds (SummaryDocument,
// sim/documents/summary_document.h), defined once for both so that neither mirrors the other.
// Units: latencies in milliseconds, rates per second of simulated time, fractions in [0, 1]; a
// statistic with no data is NaN (kNoValue), written as null in JSON. Comparisons are member by
// member (NaN is unequal to itself, as in any double comparison).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "sim/core/slo.h"

namespace gpuplan {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// One latency metric over the measured requests. Percentiles interpolate linearly between
// closest ranks (numpy's default); exact up to the collector's sample cap, then within the
// sketch's relative error (exact == false). See metrics/quantile.h.
struct LatencyStats {
  double mean = kNoValue;
  double p50 = kNoValue;
  double p90 = kNoValue;
  double p95 = kNoValue;
  double p99 = kNoValue;
  double p999 = kNoValue;  // p99.9
  double min = kNoValue;
  double max = kNoValue;
  double stddev = kNoValue;  // population standard deviation (vLLM's std_*_ms)
  uint64_t count = 0;
  bool exact = true;  // percentiles exact (false: from the sketch)
  bool operator==(const LatencyStats&) const = default;
};

struct RequestCounts {
  uint64_t arrived = 0;           // every arrival, warm-up included
  uint64_t completed = 0;         // every finished request, warm-up included
  uint64_t dropped = 0;           // refused or abandoned, as reported by the caller at Finish
  uint64_t unfinished = 0;        // still in flight when the run stopped, as reported by the caller
  uint64_t measured_arrived = 0;  // arrivals at or after warm-up
  uint64_t measured = 0;  // finished requests that arrived at or after warm-up: the population
  uint64_t measured_prompt_tokens = 0;
  uint64_t measured_output_tokens = 0;
  bool operator==(const RequestCounts&) const = default;
};

// One SLO threshold and how the run did against it.
struct SloMetricResult {
  bool enabled = false;
  double threshold_ms = kNoValue;
  // Fraction of measured requests within the threshold (a request exactly at it is within).
  double attainment = kNoValue;
  double value_ms = kNoValue;  // the metric at SloResult::percentile
  bool met = false;            // value_ms <= threshold_ms
  bool operator==(const SloMetricResult&) const = default;
};

// A preset's two levels and the best one the run meets: the three-level verdict.
struct SloPresetVerdict {
  std::string preset;   // "chatbot"
  std::string level;    // "ideal" or "acceptable": what the SloResult thresholds are
  SloThresholds ideal;  // each level's limits
  SloThresholds acceptable;
  // "ideal" when every metric's value at the percentile is within its ideal limit, else
  // "acceptable" when within the acceptable ones, else "none" (printed "fails"). A metric no
  // request had violates nothing, as SloMetricResult::met counts it.
  std::string level_met;
  bool operator==(const SloPresetVerdict&) const = default;
};

struct SloResult {
  double percentile = kNoValue;  // which percentile the verdicts compare, e.g. 95
  // Single-token requests have no TPOT and count as within its threshold.
  PerSloMetric<SloMetricResult> metrics;
  // Fraction of measured requests within every enabled threshold (1 when none is enabled).
  double attainment = kNoValue;
  // The same good requests over every measured arrival, so dropped and unfinished requests count
  // as misses: what a planner should gate on when the run may shed load.
  double attainment_of_arrived = kNoValue;
  bool met = true;                         // every enabled verdict met (true when none is enabled)
  std::optional<SloPresetVerdict> preset;  // set when the SLO is a preset's
  bool operator==(const SloResult&) const = default;
  bool any_enabled() const {
    for (const SloMetricResult& m : metrics) {
      if (m.enabled) return true;
    }
    return false;
  }
};

// Utilisation over the utilisation window (warm-up .. end of run).
struct UtilizationStats {
  double window_s = 0;
  // Sum of step times / (window x replicas): the fraction of time the replicas were computing.
  double gpu_busy_fraction = kNoValue;
  // Running batch size (prefill sequences + decodes per step), weighted by step time.
  double batch_size_mean = kNoValue;
  int64_t batch_size_max = 0;
  // KV blocks used / total, over the snapshots in the window.
  double kv_used_fraction_mean = kNoValue;
  double kv_used_fraction_max = kNoValue;
  uint64_t steps = 0;
  uint64_t snapshots = 0;
  bool operator==(const UtilizationStats&) const = default;
};

// Preemptions over the whole run (warm-up included): they are events, not rates.
struct PreemptionStats {
  uint64_t total = 0;               // preemption events reported by steps
  uint64_t requests_preempted = 0;  // finished requests preempted at least once
  bool operator==(const PreemptionStats&) const = default;
};

// Whether the fleet keeps up with its arrivals: over the second half of the arrival window
// (warm-up .. last arrival), the requests that arrived, those that completed and those that would
// have completed had none of them waited in a queue (arrival + service time: first scheduled to
// done), counted on the whole time series intervals that lie in it (the interval holding the last
// arrival left out). A fleet that completes fewer than 95% of the unqueued count is falling
// behind: its queue grows, without bound in a longer run, whatever latencies this run's finite
// length shows. The unqueued count, not the arrivals, is the reference because requests whose
// service is long next to the run complete after the window in any fleet. Not judged (judged ==
// false) when that half spans fewer than 4 intervals or saw fewer than 100 arrivals.
struct SustainedLoad {
  bool judged = false;
  double window_start_s = kNoValue;
  double window_end_s = kNoValue;
  uint64_t arrivals = 0;
  uint64_t completions = 0;
  uint64_t unqueued_completions = 0;
  double arrival_rate_per_s = kNoValue;
  double completion_rate_per_s = kNoValue;
  bool overloaded = false;
  bool operator==(const SustainedLoad&) const = default;
  // The fleet fell behind its arrivals (false when not judged).
  bool fell_behind() const { return judged && overloaded; }
};

// Cost, filled by the caller from the GPU price (ApplyGpuPrice); priced == false until then.
struct CostResult {
  bool priced = false;
  double price_usd_per_gpu_hour = kNoValue;  // the price used
  double usd_per_hour = kNoValue;            // price x gpus
  double usd_per_million_tokens = kNoValue;  // per million output tokens, at output_throughput
  double usd_per_million_total_tokens = kNoValue;  // per million prompt + output tokens
  bool operator==(const CostResult&) const = default;
};

}  // namespace gpuplan
