// RunResult: everything one simulation run measured: the one output struct every consumer reads
// (plan/, reports/, the CLI). Metric names follow vLLM bench / aiperf (ttft_ms, tpot_ms, itl_ms,
// request_throughput, output_throughput, goodput) so users can diff against real runs; the whole
// response's latency is e2e_ms, gpuplan's one spelling of it (sim/core/slo.h; vLLM: e2el_ms).
// Units: latencies in milliseconds, rates per second of simulated time, fractions in [0, 1].
// A statistic with no data (no measured request, no snapshot) is NaN, written as null in JSON.
//
// Two windows, both after warm-up (requests arriving before CollectorOptions::warmup_s are
// counted but excluded from every latency, throughput and SLO figure):
//   - the measured window, first measured arrival .. last measured completion: duration_s and
//     every throughput;
//   - the utilisation window, warm-up .. end of run: GPU busy fraction, batch size, KV use.
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
};

// One SLO threshold and how the run did against it.
struct SloMetricResult {
  bool enabled = false;
  double threshold_ms = kNoValue;
  // Fraction of measured requests within the threshold (a request exactly at it is within).
  double attainment = kNoValue;
  double value_ms = kNoValue;  // the metric at SloResult::percentile
  bool met = false;            // value_ms <= threshold_ms
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
};

// Preemptions over the whole run (warm-up included): they are events, not rates.
struct PreemptionStats {
  uint64_t total = 0;               // preemption events reported by steps
  uint64_t requests_preempted = 0;  // finished requests preempted at least once
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
};
inline constexpr double kOverloadCompletionRatio = 0.95;
inline constexpr uint64_t kSustainedMinArrivals = 100;
inline constexpr int kSustainedMinIntervals = 4;

// Cost, filled by the caller from the GPU price (ApplyGpuPrice); priced == false until then.
struct CostResult {
  bool priced = false;
  double price_usd_per_gpu_hour = kNoValue;  // the price used
  double usd_per_hour = kNoValue;            // price x gpus
  double usd_per_million_tokens = kNoValue;  // per million output tokens, at output_throughput
  double usd_per_million_total_tokens = kNoValue;  // per million prompt + output tokens
};

struct RunResult {
  // Measured window: first measured arrival .. last measured completion.
  double window_start_s = 0;
  double window_end_s = 0;
  double duration_s = 0;
  RequestCounts counts;

  LatencyStats ttft_ms;         // arrival -> first output token
  LatencyStats tpot_ms;         // (e2e - ttft) / (output tokens - 1), requests with >= 2 tokens
  LatencyStats itl_ms;          // gaps between consecutive output tokens
  LatencyStats e2e_ms;          // arrival -> last output token
  LatencyStats queue_delay_ms;  // arrival -> first scheduled

  // Over the measured window; 0 when it is empty.
  double request_throughput = 0;          // measured requests / s
  double output_throughput = 0;           // measured output tokens / s
  double total_token_throughput = 0;      // measured prompt + output tokens / s
  double goodput = 0;                     // measured requests within every SLO threshold / s
  double tokens_per_s_per_gpu = 0;        // output_throughput / gpus
  double total_tokens_per_s_per_gpu = 0;  // total_token_throughput / gpus
  // What one user sees while decoding: mean over measured requests of 1 / TPOT (tok/s).
  double tokens_per_s_per_user = kNoValue;

  SloResult slo;
  UtilizationStats utilization;
  PreemptionStats preemptions;
  SustainedLoad sustained;

  int32_t replicas = 1;
  int32_t gpus = 1;
  CostResult cost;
};

// The latency statistics of an SLO metric.
inline const LatencyStats& LatencyOf(const RunResult& result, SloMetric metric) {
  switch (metric) {
    case SloMetric::kTtft:
      return result.ttft_ms;
    case SloMetric::kTpot:
      return result.tpot_ms;
    case SloMetric::kE2e:
      return result.e2e_ms;
  }
  return result.e2e_ms;
}

// One row of the run's time series: interval [t_start_s, t_start_s + interval). Counts are of
// events inside the interval; waiting, running and KV use are the state at its start (the first
// snapshot inside it, else the last one before it).
struct TimeseriesRow {
  double t_start_s = 0;
  uint64_t arrivals = 0;
  uint64_t completions = 0;
  int64_t waiting = 0;
  int64_t running = 0;
  double kv_used_fraction = 0;
  int64_t output_tokens = 0;     // first tokens (at their time) + decode tokens (at step end)
  double output_throughput = 0;  // output_tokens / the interval's length within the run (tok/s)
  int64_t prefill_tokens = 0;    // prompt tokens computed by steps ending in the interval
  // With an autoscaler: the fleet at the interval's start (sim/cluster/replica_timeseries.h).
  // A fixed fleet's rows have none, and its timeseries.csv no replica columns.
  bool has_replica_counts = false;
  int32_t replicas_started = 0;   // starting + routable
  int32_t replicas_routable = 0;  // receiving requests
  int32_t replicas_paid = 0;      // started + draining
};

// Fills result.cost from a price per GPU-hour (finite, >= 0).
void ApplyGpuPrice(RunResult& result, double usd_per_gpu_hour);

}  // namespace gpuplan
