#include "sim/plan/day_replay.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"
#include "sim/runner/scenario_run.h"

namespace gpuplan {
namespace {

constexpr int kWarmupHours = 1;
constexpr int kReplayedHours = kDayHours + kWarmupHours;
constexpr int kSnapshotsPerHour = 60;

std::string Text(double v) { return fmt::format("{}", v); }  // shortest round-trip form

PolicyChoice DayArrival(const DayReplaySpec& spec, const Scenario& base) {
  PolicyChoice p;
  p.kind = "day";
  p.path = "workload.arrival";
  p.options.path = p.path;
  auto set = [&](const char* name, std::string value) { p.options.values[name].text = value; };
  set("peak_rate_per_s",
      Text(*std::max_element(spec.hourly_rates_per_s.begin(), spec.hourly_rates_per_s.end())));
  ParamValue& curve = p.options.values["curve"];
  curve.is_list = true;
  for (double rate : spec.hourly_rates_per_s) curve.list.push_back(Text(rate));
  set("start_hour", std::to_string(kDayHours - kWarmupHours));
  set("hours", std::to_string(kReplayedHours));
  set("seconds_per_hour", Text(spec.seconds_per_hour));
  // The base scenario's evenly spaced arrivals stay evenly spaced; any other kind is Poisson.
  const bool constant = base.workload.arrival && base.workload.arrival->kind == "constant";
  set("spacing", constant ? "constant" : "poisson");
  return p;
}

bool MeetsSlo(const RequestRecord& r, const SloSpec& slo) {
  auto within = [](SimTime value, const std::optional<double>& ms) {
    return !ms || value <= static_cast<SimTime>(std::llround(*ms * 1e6));
  };
  const SloThresholds& limits = slo.thresholds;
  bool tpot = true;
  if (limits.tpot_ms() && r.output_tokens > 1) {  // as the collector: ceil(decode time / tokens)
    const SimTime tokens = r.output_tokens - 1;
    tpot = within((r.done - r.first_token + tokens - 1) / tokens, limits.tpot_ms());
  }
  return within(r.Ttft(), limits.ttft_ms()) && within(r.E2e(), limits.e2e_ms()) && tpot;
}

// Bins what the run reports by the hour of the day it happened in (arrival hour for requests).
class DaySink final : public MetricsSink {
 public:
  DaySink(SimTime hour, std::optional<SloSpec> slo)
      : hour_(hour), slo_(std::move(slo)), hours_(kDayHours) {}

  void OnArrival(SimTime time) override {
    if (DayHour* h = At(time)) ++h->arrived;
  }
  void OnInterTokenLatency(const RequestRecord&, SimTime) override {}
  void OnInterTokenLatencies(std::span<const InterTokenLatency>) override {}
  void OnRequestDone(const RequestRecord& r) override {
    if (DayHour* h = At(r.arrival); h != nullptr && (!slo_ || MeetsSlo(r, *slo_))) ++h->met;
    // Every hour start between the arrival and the first token found this request waiting.
    const SimTime first = std::max<SimTime>(hour_, (r.arrival / hour_ + 1) * hour_);
    for (SimTime start = first; start < r.first_token; start += hour_) {
      if (DayHour* h = At(start)) ++h->carried_in;
    }
  }
  void OnStep(const StepRecord& step) override {
    if (DayHour* h = At(step.end)) h->busy_s += ToSeconds(step.end - step.start);
  }
  void OnSnapshot(const Snapshot& s) override {
    DayHour* h = At(s.time);
    if (h == nullptr) return;
    h->queue_sum += static_cast<double>(s.waiting + s.running);
    if (s.kv_blocks_total > 0) {
      h->kv_sum += static_cast<double>(s.kv_blocks_used) / static_cast<double>(s.kv_blocks_total);
    }
    ++h->snapshots;
  }

  std::vector<DayHour>& hours() { return hours_; }

 private:
  // The day's hour of `time`; nullptr in the warm-up hour and after the day.
  DayHour* At(SimTime time) {
    const SimTime index = time / hour_ - kWarmupHours;
    if (index < 0 || index >= kDayHours) return nullptr;
    return &hours_[static_cast<size_t>(index)];
  }

  SimTime hour_;
  std::optional<SloSpec> slo_;
  std::vector<DayHour> hours_;
};

// The started count at `time` under the step function `points`.
int StartedAt(const std::vector<ReplicaCountPoint>& points, SimTime time) {
  int started = 0;
  for (const ReplicaCountPoint& p : points) {
    if (p.time > time) break;
    started = p.started;
  }
  return started;
}

void FleetByHour(const DayReplaySpec& spec, const ClusterRunStats& stats, SimTime hour,
                 std::vector<DayHour>& hours) {
  for (int h = 0; h < kDayHours; ++h) {
    DayHour& d = hours[static_cast<size_t>(h)];
    const SimTime start = (h + kWarmupHours) * hour;
    const SimTime end = start + hour;
    if (stats.replica_counts.empty()) {  // a fixed fleet, paid the whole hour
      d.replicas_start = d.replicas_min = d.replicas_max = d.replicas_end = spec.replicas;
      d.paid_replica_seconds = spec.replicas * spec.seconds_per_hour;
      continue;
    }
    const std::vector<ReplicaCountPoint>& points = stats.replica_counts;
    d.replicas_start = d.replicas_min = d.replicas_max = StartedAt(points, start);
    for (const ReplicaCountPoint& p : points) {
      if (p.time <= start || p.time >= end) continue;
      d.replicas_min = std::min(d.replicas_min, p.started);
      d.replicas_max = std::max(d.replicas_max, p.started);
    }
    d.replicas_end = StartedAt(points, end - 1);
    // Paid to the hour's end even when the run ended earlier (an idle fleet is still paid).
    std::vector<ReplicaCountPoint> extended = points;
    extended.push_back({std::max(points.back().time, end), 0, 0, points.back().paid});
    d.paid_replica_seconds = PaidReplicaSeconds(extended, start, end);
  }
}

}  // namespace

Scenario DayScenario(const DayReplaySpec& spec) {
  GPUPLAN_CHECK(spec.scenario != nullptr && spec.hourly_rates_per_s.size() == kDayHours,
                "day replay needs a scenario and 24 hourly rates");
  Scenario s = *spec.scenario;
  s.workload.arrival = DayArrival(spec, s);
  s.deployment.replicas = spec.replicas;
  s.autoscaler = spec.autoscaler;
  s.simulation.num_requests.reset();
  s.simulation.duration_s = kReplayedHours * spec.seconds_per_hour;
  s.simulation.warmup_s = kWarmupHours * spec.seconds_per_hour;
  s.simulation.timeseries_interval_s = spec.seconds_per_hour / kSnapshotsPerHour;
  s.simulation.seed = spec.seed;
  return s;
}

DayReplay ReplayDay(const DayReplaySpec& spec, const Builtins& builtins) {
  const Scenario scenario = DayScenario(spec);
  const PreparedScenario prepared(scenario, builtins);
  const SimTime hour = ToSimTime(spec.seconds_per_hour);
  DaySink sink(hour, scenario.slo);
  RunOptions options;
  options.seed = spec.seed;
  options.extra_sinks.push_back(&sink);
  const ScenarioRun run = prepared.Run(options);
  DayReplay replay;
  replay.hours = std::move(sink.hours());
  replay.requests = run.stats.requests_arrived;
  FleetByHour(spec, run.stats, hour, replay.hours);
  return replay;
}

}  // namespace gpuplan
