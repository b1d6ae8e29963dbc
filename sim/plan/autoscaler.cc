#include "sim/plan/autoscaler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/core/parallel.h"
#include "sim/plan/day_replay.h"

namespace gpuplan {
namespace {

void Delays(const PlanAutoscalerSpec& spec, const Candidate& c, DaySimulation& sim) {
  const double gb = c.memory.weight_bytes / 1e9;
  const double load_s = gb / spec.load_bandwidth_gb_per_s;
  sim.steps.push_back({"model load time",
                       fmt::format("weights per GPU / load bandwidth = {} GB / {} GB/s",
                                   FormatNumber(gb, 2), FormatNumber(spec.load_bandwidth_gb_per_s)),
                       load_s, "s"});
  sim.cold_start_s = load_s + spec.startup_s;
  sim.steps.push_back({"cold start",
                       fmt::format("model load + startup = {} + {}", FormatNumber(load_s, 2),
                                   FormatNumber(spec.startup_s)),
                       sim.cold_start_s, "s"});
  sim.scale_up_delay_s = spec.sync_period_s + sim.cold_start_s;
  sim.steps.push_back(
      {"scale-up delay, at most",
       fmt::format("HPA sync period + cold start = {} + {}", FormatNumber(spec.sync_period_s),
                   FormatNumber(sim.cold_start_s, 2)),
       sim.scale_up_delay_s, "s"});
}

// One replay per seed, in parallel; results in seed order whatever the thread count.
std::vector<DayReplay> ReplaySeeds(DayReplaySpec spec, const ProbeSettings& settings, int seeds,
                                   const Builtins& builtins) {
  std::vector<DayReplay> out(static_cast<size_t>(seeds));
  ParallelFor(out.size(), settings.threads, [&](size_t k) {
    DayReplaySpec mine = spec;
    mine.seed = settings.seeds[k];
    out[k] = ReplayDay(mine, builtins);
  });
  return out;
}

// The autoscaler's metric as the fixed fleet showed it in `hour`, mean over the seeds.
double FixedMetric(const std::vector<DayReplay>& fixed, int hour, AutoscalerMetric metric,
                   int replicas, double seconds_per_hour) {
  double sum = 0;
  for (const DayReplay& r : fixed) {
    const DayHour& h = r.hours[static_cast<size_t>(hour)];
    switch (metric) {
      case AutoscalerMetric::kQueueLength:
        sum += h.MeanQueue() / replicas;
        break;
      case AutoscalerMetric::kKvCacheUtilization:
        sum += h.MeanKv();
        break;
      case AutoscalerMetric::kGpuUtilization:
        sum += h.busy_s / (seconds_per_hour * replicas);
        break;
    }
  }
  return sum / static_cast<double>(fixed.size());
}

struct Pooled {
  int64_t arrived = 0;
  int64_t met = 0;
  double paid_s = 0;
  double Attainment() const { return arrived > 0 ? static_cast<double>(met) / arrived : 1.0; }
};

Pooled Pool(const std::vector<DayReplay>& runs, size_t hour) {
  Pooled p;
  for (const DayReplay& r : runs) {
    p.arrived += r.hours[hour].arrived;
    p.met += r.hours[hour].met;
    p.paid_s += r.hours[hour].paid_replica_seconds / static_cast<double>(runs.size());
  }
  return p;
}

void Windows(const std::vector<double>& rates, int fixed_replicas,
             const std::vector<DayReplay>& fixed, const std::vector<DayReplay>& scaled,
             DaySimulation& sim) {
  sim.windows.resize(rates.size());
  for (size_t h = 0; h < rates.size(); ++h) {
    DayWindow& w = sim.windows[h];
    const Pooled f = Pool(fixed, h);
    const Pooled a = Pool(scaled, h);
    const DayHour& first = scaled.front().hours[h];  // the fleet's path: the first seed's
    w.hour = static_cast<int>(h);
    w.rate_per_s = rates[h];
    w.requests = a.arrived;
    w.fixed_replicas = fixed_replicas;
    w.fixed_attainment = f.Attainment();
    w.fixed_carried_in = fixed.front().hours[h].carried_in;
    w.replicas_start = first.replicas_start;
    w.replicas_min = first.replicas_min;
    w.replicas_max = first.replicas_max;
    w.replicas = first.replicas_end;
    w.replica_hours = a.paid_s / sim.seconds_per_hour;
    w.attainment = a.Attainment();
    w.carried_in = first.carried_in;
  }
}

DaySide Totals(const std::vector<DayReplay>& runs, int gpus_per_replica, double usd_per_gpu_hour,
               double seconds_per_hour) {
  DaySide side;
  Pooled all;
  for (size_t h = 0; h < kDayHours; ++h) {
    const Pooled p = Pool(runs, h);
    all.arrived += p.arrived;
    all.met += p.met;
    side.gpu_hours += p.paid_s / seconds_per_hour * gpus_per_replica;
  }
  side.attainment = all.Attainment();
  side.usd = side.gpu_hours * usd_per_gpu_hour;
  return side;
}

int64_t Requests(const std::vector<DayReplay>& runs) {
  int64_t n = 0;
  for (const DayReplay& r : runs) n += r.requests;
  return n;
}

}  // namespace

DaySimulation SimulateDay(const PlanAutoscalerSpec& spec, const Candidate& candidate,
                          int fixed_replicas, const std::vector<double>& day_rates,
                          double usd_per_gpu_hour, const ProbeSettings& settings,
                          const Builtins& builtins) {
  DaySimulation sim;
  sim.metric = spec.metric;
  sim.target_auto = !spec.target;
  sim.min_replicas = spec.min_replicas;
  sim.max_replicas =
      std::max({spec.max_replicas.value_or(2 * fixed_replicas), spec.min_replicas, 1});
  sim.seconds_per_hour = spec.seconds_per_hour;
  Delays(spec, candidate, sim);
  const int seeds = std::min<int>(spec.seeds, static_cast<int>(settings.seeds.size()));
  const DayReplaySpec fixed_spec{&candidate.scenario, day_rates,    spec.seconds_per_hour,
                                 fixed_replicas,      std::nullopt, 0};
  const std::vector<DayReplay> fixed = ReplaySeeds(fixed_spec, settings, seeds, builtins);
  const int peak =
      static_cast<int>(std::max_element(day_rates.begin(), day_rates.end()) - day_rates.begin());
  sim.target = spec.target.value_or(
      FixedMetric(fixed, peak, spec.metric, fixed_replicas, spec.seconds_per_hour));
  sim.steps.push_back(
      {"autoscaler target",
       sim.target_auto ? fmt::format("{} of the fixed fleet in the peak hour ({}) of its replay",
                                     AutoscalerMetricName(sim.metric), peak)
                       : "given",
       sim.target, ""});
  if (!(sim.target > 0)) {
    sim.skipped = fmt::format(
        "the fixed fleet showed {} {} in the peak hour: no target to scale on; give "
        "autoscaler.target",
        AutoscalerMetricName(sim.metric), sim.target);
    return sim;
  }
  AutoscalerSpec rule{spec.metric,       sim.target,         spec.tolerance,
                      spec.min_replicas, sim.max_replicas,   spec.load_bandwidth_gb_per_s,
                      spec.startup_s,    spec.sync_period_s, spec.scale_down_delay_s};
  DayReplaySpec scaled_spec = fixed_spec;
  scaled_spec.replicas = std::clamp(fixed_replicas, sim.min_replicas, sim.max_replicas);
  scaled_spec.autoscaler = rule;
  const std::vector<DayReplay> scaled = ReplaySeeds(scaled_spec, settings, seeds, builtins);
  Windows(day_rates, fixed_replicas, fixed, scaled, sim);
  const int gpr = candidate.scenario.deployment.GpusPerReplica();
  sim.fixed = Totals(fixed, gpr, usd_per_gpu_hour, spec.seconds_per_hour);
  sim.autoscaled = Totals(scaled, gpr, usd_per_gpu_hour, spec.seconds_per_hour);
  sim.requests_simulated = Requests(fixed) + Requests(scaled);
  sim.ran = true;
  return sim;
}

}  // namespace gpuplan
