// MetricsCollector: the MetricsSink that turns one run's records into a RunResult and a time
// series. Memory stays bounded whatever the run length: per-request data lives only in the
// quantile estimators (exact up to their cap, then a sketch), time series rows are per interval.
//
// Definitions (see run_result.h for the fields):
//   - warm-up: requests arriving before warmup_s are counted (arrived, completed) but excluded
//     from latencies, throughputs and SLOs; steps and snapshots before it are excluded from
//     utilisation;
//   - SLO checks run on integer nanoseconds: a request exactly at a threshold is within it,
//     1 ns over is not (TPOT: (done - first_token) <= threshold x (output_tokens - 1));
//   - output tokens per interval assume each decode in a step yields one token, and attribute
//     first tokens to their own time (from the request record).
#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/core/slo.h"
#include "sim/metrics/quantile.h"
#include "sim/metrics/run_result.h"
#include "sim/metrics/sink.h"

namespace gpuplan {

struct SloOptions {
  SloThresholds thresholds;  // none set: no SLO
  double percentile = 95;    // verdicts compare this percentile with each threshold; in (0, 100]
  // A preset's two levels (the thresholds above are `level`'s; level_met is ignored): the result
  // then says which level the run meets. nullopt: no level verdict.
  std::optional<SloPresetVerdict> preset;
};

struct CollectorOptions {
  double warmup_s = 0;
  SloOptions slo;
  int32_t replicas = 1;
  int32_t gpus = 1;
  double interval_s = 1.0;  // time series interval
  QuantileEstimator::Options quantiles;
};

// What only the caller (the cluster) knows when the run stops.
struct RunEnd {
  SimTime end = -1;         // when the run stopped; < 0: the latest time any record mentions
  uint64_t dropped = 0;     // requests refused or abandoned
  uint64_t unfinished = 0;  // requests still in flight at `end`
};

class MetricsCollector : public MetricsSink {
 public:
  // Throws InternalError on options a validated scenario cannot produce (negative warm-up...).
  explicit MetricsCollector(CollectorOptions options);

  void OnArrival(SimTime time) override;
  void OnInterTokenLatency(const RequestRecord& request, SimTime itl) override;
  void OnInterTokenLatencies(std::span<const InterTokenLatency> itls) override;
  void OnRequestDone(const RequestRecord& record) override;
  void OnStep(const StepRecord& step) override;
  void OnSnapshot(const Snapshot& snapshot) override;

  // Computes the result and the time series. Call once, after the last record.
  RunResult Finish(const RunEnd& end);
  // The time series, valid after Finish().
  const std::vector<TimeseriesRow>& timeseries() const { return timeseries_; }
  const CollectorOptions& options() const { return options_; }

 private:
  // Events of one time series interval, as they arrive.
  struct Bucket {
    uint64_t arrivals = 0;
    uint64_t completions = 0;
    // Requests that would have completed here had they not waited in a queue: counted at
    // done - queue delay (arrival + service), the fleet-keeps-up reference of FillSustained.
    uint64_t unqueued_completions = 0;
    int64_t output_tokens = 0;
    int64_t prefill_tokens = 0;
    bool has_snapshot = false;
    Snapshot snapshot;  // the first one inside the interval
  };
  // Running SLO tallies over measured requests.
  struct SloCounts {
    PerSloMetric<uint64_t> within;  // within that metric's threshold (or it has none)
    uint64_t all = 0;               // within every threshold
  };

  Bucket& BucketAt(SimTime time);
  void Seen(SimTime time) { last_seen_ = std::max(last_seen_, time); }
  void MeasureRequest(const RequestRecord& record);
  void CountSlo(const RequestRecord& record);
  LatencyStats Stats(const QuantileEstimator& estimator) const;
  const QuantileEstimator& Estimator(SloMetric metric) const;
  SloMetricResult JudgeSloMetric(SloMetric metric) const;
  void FillThroughput(RunResult& result) const;
  void FillSlo(RunResult& result) const;
  void FillUtilization(RunResult& result, SimTime end) const;
  void FillSustained(RunResult& result) const;
  void BuildTimeseries(SimTime end);

  CollectorOptions options_;
  SimTime warmup_ = 0;
  SimTime interval_ = 0;
  PerSloMetric<std::optional<SimTime>> slo_ns_;  // the thresholds in nanoseconds

  QuantileEstimator ttft_, tpot_, itl_, e2e_, queue_;
  RequestCounts counts_;
  SloCounts slo_within_;
  SimTime window_start_ = kSimTimeMax;
  SimTime window_end_ = 0;
  double per_user_rate_sum_ = 0;  // sum over measured requests of 1 / TPOT (tok/s)
  uint64_t per_user_count_ = 0;
  SimTime last_seen_ = 0;
  SimTime last_arrival_ = -1;

  SimTime busy_ns_ = 0;
  double batch_time_product_ = 0;  // sum of batch size x step time (ns) in the window
  int64_t batch_max_ = 0;
  uint64_t steps_in_window_ = 0;
  uint64_t preemptions_ = 0;
  uint64_t requests_preempted_ = 0;
  double kv_fraction_sum_ = 0;
  double kv_fraction_max_ = 0;
  uint64_t kv_snapshots_ = 0;

  std::vector<Bucket> buckets_;
  std::vector<TimeseriesRow> timeseries_;
  bool finished_ = false;
};

}  // namespace gpuplan
