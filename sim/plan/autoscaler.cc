#include "sim/plan/autoscaler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace gpuplan {
namespace {

constexpr int kMaxSyncs = 12;  // HPA steps tried within one hour before taking the largest seen

double MetricOf(const ProbeResult& p, AutoscalerMetric metric) {
  switch (metric) {
    case AutoscalerMetric::kQueueLength:
      return p.requests_per_replica;
    case AutoscalerMetric::kKvCacheUtilization:
      return p.kv_used_fraction;
    case AutoscalerMetric::kGpuUtilization:
      return p.gpu_busy_fraction;
  }
  return 0;
}

class Day {
 public:
  Day(const PlanAutoscalerSpec& spec, const Candidate& candidate, ProbeRunner& runner,
      DaySimulation& sim)
      : spec_(spec), candidate_(candidate), runner_(runner), sim_(sim) {}

  std::vector<ProbeResult> Probes(const std::vector<std::pair<int, double>>& runs) {
    std::vector<ProbeSpec> specs;
    for (const auto& [replicas, rate] : runs) {
      specs.push_back({&candidate_.scenario, replicas, rate, false, spec_.requests_per_window,
                       std::min<int>(spec_.seeds, runner_.settings().seeds.size())});
    }
    return runner_.Run(specs);
  }
  ProbeResult Probe(int replicas, double rate) { return Probes({{replicas, rate}}).front(); }

  // Applies the HPA rule from `start` at `rate` until the count stops changing.
  int Settle(int start, double rate) {
    if (rate <= 0) return sim_.min_replicas;
    std::set<int> seen;
    int r = start;
    for (int i = 0; i < kMaxSyncs && seen.insert(r).second; ++i) {
      const int next = HpaDesiredReplicas(r, MetricOf(Probe(r, rate), sim_.metric), sim_.target,
                                          spec_.tolerance, sim_.min_replicas, sim_.max_replicas);
      if (next == r) return r;
      r = next;
    }
    return std::max(r, *seen.rbegin());  // oscillating: keep the larger count
  }

  void Window(int hour, double rate, int before, DayWindow& w) {
    w.hour = hour;
    w.rate_per_s = rate;
    w.replicas_before = before;
    w.replicas = Settle(before, rate);
    if (rate <= 0) {
      w.replica_hours = w.replicas;
      return;
    }
    const ProbeResult at_before = Probe(before, rate);
    w.metric = MetricOf(at_before, sim_.metric);
    const double settled = Probe(w.replicas, rate).attainment;
    if (w.replicas == before) {
      w.attainment = settled;
      w.replica_hours = before;
      return;
    }
    const bool up = w.replicas > before;
    const double delay = up ? sim_.scale_up_delay_s : spec_.scale_down_delay_s;
    w.transient_share = std::min(1.0, delay / 3600.0);
    w.attainment = w.transient_share * at_before.attainment + (1 - w.transient_share) * settled;
    // New replicas are paid from the decision on; a scale-down pays the old count meanwhile.
    w.replica_hours =
        up ? w.replicas : w.transient_share * before + (1 - w.transient_share) * w.replicas;
  }

 private:
  const PlanAutoscalerSpec& spec_;
  const Candidate& candidate_;
  ProbeRunner& runner_;
  DaySimulation& sim_;
};

void ScaleUpDelay(const PlanAutoscalerSpec& spec, const Candidate& c, DaySimulation& sim) {
  const double gb = c.memory.weight_bytes / 1e9;
  const double load_s = gb / spec.load_bandwidth_gb_per_s;
  sim.steps.push_back({"model load time",
                       fmt::format("weights per GPU / load bandwidth = {} GB / {} GB/s",
                                   FormatNumber(gb, 2), FormatNumber(spec.load_bandwidth_gb_per_s)),
                       load_s, "s"});
  sim.scale_up_delay_s = spec.sync_period_s + load_s + spec.startup_s;
  sim.steps.push_back({"scale-up delay",
                       fmt::format("HPA sync period + model load + startup = {} + {} + {}",
                                   FormatNumber(spec.sync_period_s), FormatNumber(load_s, 2),
                                   FormatNumber(spec.startup_s)),
                       sim.scale_up_delay_s, "s"});
}

// Every hour on the fixed fleet, in one parallel batch; with `target: auto`, the target is the
// metric at the peak hour.
void FixedFleet(Day& day, int fixed, const std::vector<double>& rates, DaySimulation& sim) {
  std::vector<std::pair<int, double>> runs;
  for (double rate : rates) {
    if (rate > 0) runs.emplace_back(fixed, rate);
  }
  const std::vector<ProbeResult> probes = day.Probes(runs);
  const int peak = static_cast<int>(std::max_element(rates.begin(), rates.end()) - rates.begin());
  for (size_t h = 0, k = 0; h < rates.size(); ++h) {
    sim.windows[h].fixed_replicas = fixed;
    if (rates[h] <= 0) continue;
    sim.windows[h].fixed_attainment = probes[k].attainment;
    if (static_cast<int>(h) == peak) {
      const double at_peak = MetricOf(probes[k], sim.metric);
      if (sim.target_auto) sim.target = at_peak;
    }
    ++k;
  }
}

DaySide Totals(const std::vector<DayWindow>& windows, bool fixed, int gpus_per_replica,
               double usd_per_gpu_hour) {
  DaySide side;
  double weight = 0;
  for (const DayWindow& w : windows) {
    const double replica_hours = fixed ? w.fixed_replicas : w.replica_hours;
    side.gpu_hours += replica_hours * gpus_per_replica;
    side.attainment += w.rate_per_s * (fixed ? w.fixed_attainment : w.attainment);
    weight += w.rate_per_s;
  }
  side.attainment = weight > 0 ? side.attainment / weight : 1;
  side.usd = side.gpu_hours * usd_per_gpu_hour;
  return side;
}

}  // namespace

int HpaDesiredReplicas(int current, double metric, double target, double tolerance, int min,
                       int max) {
  const double ratio = target > 0 ? metric / target : 1;
  if (!(std::abs(ratio - 1) > tolerance)) return std::clamp(current, min, max);
  // Clamped before the conversion: a metric far above its target (or not finite) must not
  // overflow the int.
  const double desired = std::ceil(current * ratio - 1e-9);
  if (!(desired >= min)) return min;
  if (desired >= max) return max;
  return static_cast<int>(desired);
}

DaySimulation SimulateDay(const PlanAutoscalerSpec& spec, const Candidate& candidate,
                          int fixed_replicas, const std::vector<double>& day_rates,
                          double usd_per_gpu_hour, ProbeRunner& runner) {
  DaySimulation sim;
  sim.metric = spec.metric;
  sim.target_auto = !spec.target;
  sim.target = spec.target.value_or(0);
  sim.min_replicas = spec.min_replicas;
  sim.max_replicas = std::max(spec.max_replicas.value_or(2 * fixed_replicas), spec.min_replicas);
  ScaleUpDelay(spec, candidate, sim);
  sim.windows.resize(day_rates.size());
  Day day(spec, candidate, runner, sim);
  FixedFleet(day, fixed_replicas, day_rates, sim);
  sim.steps.push_back({"autoscaler target",
                       sim.target_auto ? fmt::format("{} of the fixed fleet at the peak hour",
                                                     AutoscalerMetricName(sim.metric))
                                       : "given",
                       sim.target, ""});
  int before = day.Settle(std::min(fixed_replicas, sim.max_replicas), day_rates.back());
  for (size_t h = 0; h < day_rates.size(); ++h) {
    day.Window(static_cast<int>(h), day_rates[h], before, sim.windows[h]);
    before = sim.windows[h].replicas;
  }
  const int gpr = candidate.scenario.deployment.GpusPerReplica();
  sim.fixed = Totals(sim.windows, true, gpr, usd_per_gpu_hour);
  sim.autoscaled = Totals(sim.windows, false, gpr, usd_per_gpu_hour);
  sim.ran = true;
  return sim;
}

}  // namespace gpuplan
