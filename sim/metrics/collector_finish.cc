// MetricsCollector::Finish: turns the running tallies into a RunResult and the time series.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "sim/core/error.h"
#include "sim/metrics/collector.h"
#include "sim/metrics/units.h"

namespace gpuplan {
namespace {
using detail::Ratio;

// Within `limit`: no limit, or the value at the percentile at most the limit. No value (no
// request had the metric) violates nothing, once anything was measured (SloMetric's rule).
bool Within(const std::optional<double>& limit, double value_ms, bool measured) {
  if (!limit) return true;
  return std::isnan(value_ms) ? measured : value_ms <= *limit;
}

bool MeetsLevel(const SloThresholds& limits, const PerSloMetric<double>& values_ms, bool measured) {
  for (SloMetric m : kSloMetrics) {
    if (!Within(limits[m], values_ms[m], measured)) return false;
  }
  return true;
}

// The best level every metric meets, from its value at the percentile.
std::string BestLevelMet(const SloPresetVerdict& preset, const PerSloMetric<double>& values_ms,
                         bool measured) {
  if (MeetsLevel(preset.ideal, values_ms, measured)) return "ideal";
  if (MeetsLevel(preset.acceptable, values_ms, measured)) return "acceptable";
  return "none";
}

}  // namespace

RunResult MetricsCollector::Finish(const RunEnd& end) {
  GPUPLAN_CHECK(!finished_, "MetricsCollector::Finish called twice");
  const SimTime stop = end.end < 0 ? last_seen_ : end.end;
  GPUPLAN_CHECK(stop >= last_seen_, "run end {} before the last reported event {}", stop,
                last_seen_);
  RunResult result;
  result.replicas = options_.replicas;
  result.gpus = options_.gpus;
  result.counts = counts_;
  result.counts.dropped = end.dropped;
  result.counts.unfinished = end.unfinished;
  result.ttft_ms = Stats(ttft_);
  result.tpot_ms = Stats(tpot_);
  result.itl_ms = Stats(itl_);
  result.e2e_ms = Stats(e2e_);
  result.queue_delay_ms = Stats(queue_);
  if (counts_.measured > 0) {
    result.window_start_s = ToSeconds(window_start_);
    result.window_end_s = ToSeconds(window_end_);
    result.duration_s = ToSeconds(window_end_ - window_start_);
  }
  FillThroughput(result);
  FillSlo(result);
  FillUtilization(result, stop);
  result.preemptions.total = preemptions_;
  result.preemptions.requests_preempted = requests_preempted_;
  FillSustained(result);
  BuildTimeseries(stop);
  finished_ = true;
  return result;
}

LatencyStats MetricsCollector::Stats(const QuantileEstimator& estimator) const {
  LatencyStats stats;
  stats.count = estimator.count();
  stats.exact = estimator.exact();
  if (estimator.empty()) return stats;
  stats.mean = estimator.mean();
  stats.p50 = estimator.Percentile(50);
  stats.p90 = estimator.Percentile(90);
  stats.p95 = estimator.Percentile(95);
  stats.p99 = estimator.Percentile(99);
  stats.p999 = estimator.Percentile(99.9);
  stats.min = estimator.min();
  stats.max = estimator.max();
  stats.stddev = estimator.stddev();
  return stats;
}

void MetricsCollector::FillThroughput(RunResult& result) const {
  // Per-user speed is a property of each request, not of the window.
  result.tokens_per_s_per_user = Ratio(per_user_rate_sum_, static_cast<double>(per_user_count_));
  const double duration = result.duration_s;
  if (!(duration > 0)) return;  // rates stay 0: nothing measurable was served
  const auto measured = static_cast<double>(counts_.measured);
  const auto output = static_cast<double>(counts_.measured_output_tokens);
  const auto prompt = static_cast<double>(counts_.measured_prompt_tokens);
  result.request_throughput = measured / duration;
  result.output_throughput = output / duration;
  result.total_token_throughput = (prompt + output) / duration;
  result.goodput = static_cast<double>(slo_within_.all) / duration;
  result.tokens_per_s_per_gpu = result.output_throughput / options_.gpus;
  result.total_tokens_per_s_per_gpu = result.total_token_throughput / options_.gpus;
}

const QuantileEstimator& MetricsCollector::Estimator(SloMetric metric) const {
  switch (metric) {
    case SloMetric::kTtft:
      return ttft_;
    case SloMetric::kTpot:
      return tpot_;
    case SloMetric::kE2e:
      return e2e_;
  }
  return e2e_;
}

SloMetricResult MetricsCollector::JudgeSloMetric(SloMetric slo_metric) const {
  const std::optional<double>& threshold_ms = options_.slo.thresholds[slo_metric];
  const uint64_t within = slo_within_.within[slo_metric];
  const QuantileEstimator& estimator = Estimator(slo_metric);
  SloMetricResult metric;
  if (!threshold_ms) return metric;
  metric.enabled = true;
  metric.threshold_ms = *threshold_ms;
  metric.attainment = Ratio(static_cast<double>(within), static_cast<double>(counts_.measured));
  if (estimator.empty()) {
    // No request has this metric (e.g. TPOT when every output is one token): nothing violates
    // it, but a run that measured nothing at all has not shown that it meets anything.
    metric.met = counts_.measured > 0;
    return metric;
  }
  metric.value_ms = estimator.Percentile(options_.slo.percentile);
  metric.met = metric.value_ms <= metric.threshold_ms;
  return metric;
}

void MetricsCollector::FillSlo(RunResult& result) const {
  SloResult& slo = result.slo;
  slo.percentile = options_.slo.percentile;
  for (SloMetric m : kSloMetrics) slo.metrics[m] = JudgeSloMetric(m);
  const auto good = static_cast<double>(slo_within_.all);
  slo.attainment = Ratio(good, static_cast<double>(counts_.measured));
  slo.attainment_of_arrived = Ratio(good, static_cast<double>(counts_.measured_arrived));
  slo.met = true;
  for (const SloMetricResult& metric : slo.metrics) {
    if (metric.enabled && !metric.met) slo.met = false;
  }
  if (!options_.slo.preset) return;
  const double p = options_.slo.percentile;
  PerSloMetric<double> values_ms;
  for (SloMetric m : kSloMetrics) values_ms[m] = Estimator(m).Percentile(p);
  slo.preset = *options_.slo.preset;
  slo.preset->level_met = BestLevelMet(*slo.preset, values_ms, counts_.measured > 0);
}

void MetricsCollector::FillUtilization(RunResult& result, SimTime stop) const {
  UtilizationStats& u = result.utilization;
  const SimTime window = std::max<SimTime>(0, stop - warmup_);
  u.window_s = ToSeconds(window);
  u.gpu_busy_fraction =
      Ratio(static_cast<double>(busy_ns_), static_cast<double>(window) * options_.replicas);
  u.batch_size_mean = Ratio(batch_time_product_, static_cast<double>(busy_ns_));
  u.batch_size_max = batch_max_;
  u.steps = steps_in_window_;
  u.snapshots = kv_snapshots_;
  if (kv_snapshots_ > 0) {
    u.kv_used_fraction_mean = kv_fraction_sum_ / static_cast<double>(kv_snapshots_);
    u.kv_used_fraction_max = kv_fraction_max_;
  }
}

void MetricsCollector::FillSustained(RunResult& result) const {
  SustainedLoad& s = result.sustained;
  if (last_arrival_ <= warmup_) return;
  // Whole intervals from the middle of the arrival window up to (not including) the one that
  // holds the last arrival, so that arrivals and completions are counted over the same span.
  const SimTime mid = warmup_ + (last_arrival_ - warmup_) / 2;
  const SimTime first = (mid + interval_ - 1) / interval_;
  const SimTime last =
      std::min<SimTime>(last_arrival_ / interval_ - 1, static_cast<SimTime>(buckets_.size()) - 1);
  if (last - first + 1 < kSustainedMinIntervals) return;
  for (SimTime i = first; i <= last; ++i) {
    s.arrivals += buckets_[static_cast<size_t>(i)].arrivals;
    s.completions += buckets_[static_cast<size_t>(i)].completions;
    s.unqueued_completions += buckets_[static_cast<size_t>(i)].unqueued_completions;
  }
  s.window_start_s = ToSeconds(first * interval_);
  s.window_end_s = ToSeconds((last + 1) * interval_);
  const double span = s.window_end_s - s.window_start_s;
  s.arrival_rate_per_s = static_cast<double>(s.arrivals) / span;
  s.completion_rate_per_s = static_cast<double>(s.completions) / span;
  if (s.arrivals < kSustainedMinArrivals) return;
  s.judged = true;
  // Against what the same requests would have completed in the window without waiting in a
  // queue, not against the arrivals: requests whose service is long next to the run complete
  // after the window in any fleet, and only queueing separates one that falls behind.
  s.overloaded = static_cast<double>(s.completions) <
                 kOverloadCompletionRatio * static_cast<double>(s.unqueued_completions);
}

void MetricsCollector::BuildTimeseries(SimTime stop) {
  // Rows cover [0, stop); events exactly at `stop` on a row boundary fold into the last row.
  auto rows = static_cast<size_t>((stop + interval_ - 1) / interval_);
  if (rows == 0 && !buckets_.empty()) rows = 1;
  for (size_t i = rows; i < buckets_.size(); ++i) {
    Bucket& last = buckets_[rows - 1];
    last.arrivals += buckets_[i].arrivals;
    last.completions += buckets_[i].completions;
    last.output_tokens += buckets_[i].output_tokens;
    last.prefill_tokens += buckets_[i].prefill_tokens;
  }
  buckets_.resize(rows);
  timeseries_.clear();
  timeseries_.reserve(rows);
  Snapshot state;  // carried forward into rows without a snapshot of their own
  for (size_t i = 0; i < rows; ++i) {
    const Bucket& b = buckets_[i];
    if (b.has_snapshot) state = b.snapshot;
    const SimTime start = static_cast<SimTime>(i) * interval_;
    SimTime length = std::min(interval_, stop - start);
    if (length <= 0) length = interval_;
    TimeseriesRow row;
    row.t_start_s = ToSeconds(start);
    row.arrivals = b.arrivals;
    row.completions = b.completions;
    row.waiting = state.waiting;
    row.running = state.running;
    const double kv = Ratio(static_cast<double>(state.kv_blocks_used),
                            static_cast<double>(state.kv_blocks_total));
    row.kv_used_fraction = std::isnan(kv) ? 0.0 : kv;
    row.output_tokens = b.output_tokens;
    row.output_throughput = static_cast<double>(b.output_tokens) / ToSeconds(length);
    row.prefill_tokens = b.prefill_tokens;
    timeseries_.push_back(row);
  }
  std::vector<Bucket>().swap(buckets_);
}

}  // namespace gpuplan
