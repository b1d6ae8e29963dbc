#include "sim/metrics/collector.h"

#include <cmath>

#include "sim/core/error.h"
#include "sim/metrics/units.h"

namespace gpuplan {
namespace {

// A week at 1 s per row is 0.6M rows; past this, the interval is surely mis-set, and the rows
// (about 80 bytes each while collecting) would no longer be small.

using detail::NanosToMillis;
using detail::Ratio;

std::optional<SimTime> ThresholdNanos(const std::optional<double>& ms) {
  if (!ms) return std::nullopt;
  GPUPLAN_CHECK(std::isfinite(*ms) && *ms >= 0, "SLO threshold must be >= 0 ms, got {}", *ms);
  return static_cast<SimTime>(std::llround(*ms * 1e6));
}

}  // namespace

MetricsCollector::MetricsCollector(CollectorOptions options)
    : options_(options),
      ttft_(options.quantiles),
      tpot_(options.quantiles),
      itl_(options.quantiles),
      e2e_(options.quantiles),
      queue_(options.quantiles) {
  GPUPLAN_CHECK(std::isfinite(options_.warmup_s) && options_.warmup_s >= 0, "warmup_s = {}",
                options_.warmup_s);
  GPUPLAN_CHECK(options_.interval_s > 0 && std::isfinite(options_.interval_s), "interval_s = {}",
                options_.interval_s);
  GPUPLAN_CHECK(options_.replicas >= 1 && options_.gpus >= 1, "replicas = {}, gpus = {}",
                options_.replicas, options_.gpus);
  GPUPLAN_CHECK(options_.slo.percentile > 0 && options_.slo.percentile <= 100,
                "SLO percentile = {}", options_.slo.percentile);
  warmup_ = ToSimTime(options_.warmup_s);
  interval_ = std::max<SimTime>(1, ToSimTime(options_.interval_s));
  for (SloMetric m : kSloMetrics) slo_ns_[m] = ThresholdNanos(options_.slo.thresholds[m]);
}

MetricsCollector::Bucket& MetricsCollector::BucketAt(SimTime time) {
  GPUPLAN_CHECK(!finished_, "metrics reported after Finish");
  GPUPLAN_CHECK(time >= 0, "negative time {} reported to metrics", time);
  const SimTime index = time / interval_;
  if (index >= kMaxTimeseriesRows) {
    throw Error(fmt::format(
        "time series would need {} rows of {} s to reach t = {} s (at most {}); raise the "
        "time series interval",
        index + 1, options_.interval_s, ToSeconds(time), kMaxTimeseriesRows));
  }
  if (static_cast<size_t>(index) >= buckets_.size()) buckets_.resize(index + 1);
  return buckets_[static_cast<size_t>(index)];
}

void MetricsCollector::OnArrival(SimTime time) {
  BucketAt(time).arrivals++;
  Seen(time);
  last_arrival_ = std::max(last_arrival_, time);
  counts_.arrived++;
  if (time >= warmup_) counts_.measured_arrived++;
}

void MetricsCollector::OnInterTokenLatency(const RequestRecord& request, SimTime itl) {
  GPUPLAN_CHECK(itl >= 0, "negative inter-token latency {} (request {})", itl, request.id);
  if (request.arrival >= warmup_) itl_.Add(NanosToMillis(itl));
}

void MetricsCollector::OnInterTokenLatencies(std::span<const InterTokenLatency> itls) {
  // Most decodes of a step waited the same time since their previous token, so the measured
  // values are added as runs of equal values, in order: the same estimator as one Add each.
  SimTime run_itl = -1;
  uint64_t run_length = 0;
  for (const InterTokenLatency& t : itls) {
    GPUPLAN_CHECK(t.itl >= 0, "negative inter-token latency {} (request {})", t.itl, t.request->id);
    if (t.request->arrival < warmup_) continue;
    if (t.itl != run_itl) {
      if (run_length > 0) itl_.Add(NanosToMillis(run_itl), run_length);
      run_itl = t.itl;
      run_length = 0;
    }
    ++run_length;
  }
  if (run_length > 0) itl_.Add(NanosToMillis(run_itl), run_length);
}

void MetricsCollector::OnRequestDone(const RequestRecord& r) {
  GPUPLAN_CHECK(r.arrival <= r.first_scheduled && r.first_scheduled <= r.first_token &&
                    r.first_token <= r.done,
                "request {} times out of order: arrival {}, scheduled {}, first token {}, done {}",
                r.id, r.arrival, r.first_scheduled, r.first_token, r.done);
  BucketAt(r.done).completions++;
  BucketAt(r.done - r.QueueDelay()).unqueued_completions++;
  Seen(r.done);
  counts_.completed++;
  if (r.preemptions > 0) requests_preempted_++;
  if (r.arrival >= warmup_) MeasureRequest(r);
}

void MetricsCollector::MeasureRequest(const RequestRecord& r) {
  counts_.measured++;
  counts_.measured_prompt_tokens += static_cast<uint64_t>(std::max(0, r.prompt_tokens));
  counts_.measured_output_tokens += static_cast<uint64_t>(std::max(0, r.output_tokens));
  window_start_ = std::min(window_start_, r.arrival);
  window_end_ = std::max(window_end_, r.done);
  ttft_.Add(NanosToMillis(r.Ttft()));
  e2e_.Add(NanosToMillis(r.E2e()));
  queue_.Add(NanosToMillis(r.QueueDelay()));
  if (r.output_tokens > 1) {
    const SimTime decode = r.done - r.first_token;
    const double tokens_after_first = static_cast<double>(r.output_tokens - 1);
    tpot_.Add(detail::TpotMillis(r));
    if (decode > 0) {
      // tokens x 1e9 / ns: one rounding, so 9 tokens in 90 ms is exactly 100 tok/s.
      per_user_rate_sum_ += tokens_after_first * 1e9 / static_cast<double>(decode);
      per_user_count_++;
    }
  }
  CountSlo(r);
}

void MetricsCollector::CountSlo(const RequestRecord& r) {
  PerSloMetric<bool> within;
  const std::optional<SimTime>& ttft_ns = slo_ns_[SloMetric::kTtft];
  const std::optional<SimTime>& tpot_ns = slo_ns_[SloMetric::kTpot];
  const std::optional<SimTime>& e2e_ns = slo_ns_[SloMetric::kE2e];
  within[SloMetric::kTtft] = !ttft_ns || r.Ttft() <= *ttft_ns;
  within[SloMetric::kE2e] = !e2e_ns || r.E2e() <= *e2e_ns;
  within[SloMetric::kTpot] = true;
  if (tpot_ns && r.output_tokens > 1) {
    // TPOT <= threshold, in integers: ceil(decode time / tokens) <= threshold (no overflow).
    const SimTime tokens = r.output_tokens - 1;
    within[SloMetric::kTpot] = (r.done - r.first_token + tokens - 1) / tokens <= *tpot_ns;
  }
  bool all = true;
  for (SloMetric m : kSloMetrics) {
    slo_within_.within[m] += within[m];
    all = all && within[m];
  }
  slo_within_.all += all;
}

void MetricsCollector::OnStep(const StepRecord& step) {
  GPUPLAN_CHECK(step.start <= step.end, "step of replica {} ends ({}) before it starts ({})",
                step.replica, step.end, step.start);
  Bucket& bucket = BucketAt(step.end);
  bucket.output_tokens += step.num_output_tokens;
  bucket.prefill_tokens += step.num_prefill_tokens;
  Seen(step.end);
  preemptions_ += static_cast<uint64_t>(std::max(0, step.num_preempted));
  if (step.end <= warmup_ && step.start < warmup_) return;
  // Only the part of the step after warm-up counts.
  const SimTime overlap = step.end - std::max(step.start, warmup_);
  const int64_t batch = int64_t{step.num_prefill_seqs} + step.num_decodes;
  steps_in_window_++;
  busy_ns_ += overlap;
  batch_time_product_ += static_cast<double>(batch) * static_cast<double>(overlap);
  batch_max_ = std::max(batch_max_, batch);
}

void MetricsCollector::OnSnapshot(const Snapshot& snapshot) {
  Bucket& bucket = BucketAt(snapshot.time);
  if (!bucket.has_snapshot) {
    bucket.has_snapshot = true;
    bucket.snapshot = snapshot;
  }
  Seen(snapshot.time);
  if (snapshot.time < warmup_) return;
  const double used = Ratio(static_cast<double>(snapshot.kv_blocks_used),
                            static_cast<double>(snapshot.kv_blocks_total));
  const double fraction = std::isnan(used) ? 0.0 : used;
  kv_fraction_sum_ += fraction;
  kv_fraction_max_ = kv_snapshots_ == 0 ? fraction : std::max(kv_fraction_max_, fraction);
  kv_snapshots_++;
}

}  // namespace gpuplan
