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
#include "sim/documents/run_figures.h"

namespace gpuplan {

// SustainedLoad's rule (sim/documents/run_figures.h): a fleet completing fewer than this share of
// the unqueued completions is falling behind; judged only with this many arrivals and intervals.
inline constexpr double kOverloadCompletionRatio = 0.95;
inline constexpr uint64_t kSustainedMinArrivals = 100;
inline constexpr int kSustainedMinIntervals = 4;

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
