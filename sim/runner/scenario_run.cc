#include "sim/runner/scenario_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "sim/cluster/replica_timeseries.h"
#include "sim/core/error.h"
#include "sim/metrics/writers.h"
#include "sim/runner/step_observer.h"
#include "sim/workload/synthetic_workload.h"
#include "sim/workload/trace_workload.h"

namespace gpuplan {
namespace {

// Builds a policy from its registry and the typed options read at load, turning the factory's
// problems into a ConfigError.
template <class Registry, class... Context>
auto MakePolicy(const Registry& registry, const PolicyChoice& choice, Context&&... context) {
  Diagnostics diags;
  auto product = BuildPolicy(registry, choice, choice.path + ".kind", diags,
                             std::forward<Context>(context)...);
  diags.ThrowIfAny();
  GPUPLAN_CHECK(product.has_value(), "{} built nothing without a diagnostic", choice.path);
  return std::move(*product);
}

WorkloadLimits LimitsOf(const SimulationSpec& sim) {
  WorkloadLimits limits;
  if (sim.num_requests) limits.max_requests = *sim.num_requests;
  if (sim.duration_s) limits.max_arrival_time = ToSimTime(*sim.duration_s);
  return limits;
}

// A preset's two levels, for the collector's three-level verdict.
SloPresetVerdict PresetVerdictOf(const SloLevels& levels) {
  SloPresetVerdict v;
  v.preset = levels.preset;
  v.level = std::string(SloLevelName(levels.level));
  v.ideal = levels.ideal;
  v.acceptable = levels.acceptable;
  return v;
}

CollectorOptions CollectorOptionsOf(const Scenario& s) {
  CollectorOptions options;
  options.warmup_s = s.simulation.warmup_s;
  options.replicas = s.deployment.replicas;
  options.gpus = s.deployment.TotalGpus();
  options.interval_s = s.simulation.timeseries_interval_s;
  if (s.slo) {
    options.slo.thresholds = s.slo->thresholds;
    options.slo.percentile = s.slo->percentile;
    if (s.slo->levels) options.slo.preset = PresetVerdictOf(*s.slo->levels);
  }
  return options;
}

ScalingMetric ScalingMetricOf(AutoscalerMetric metric) {
  switch (metric) {
    case AutoscalerMetric::kQueueLength:
      return ScalingMetric::kRequestsPerReplica;
    case AutoscalerMetric::kKvCacheUtilization:
      return ScalingMetric::kKvUsedFraction;
    case AutoscalerMetric::kGpuUtilization:
      return ScalingMetric::kGpuBusyFraction;
  }
  return ScalingMetric::kRequestsPerReplica;
}

// An autoscaled fleet is judged on the GPUs it paid for on average, not on deployment.replicas
// (the count at t = 0): busy fraction, cost per hour and per token, tokens per GPU.
void PerPaidGpu(ScenarioRun& run, int gpus_per_replica) {
  const ClusterRunStats& stats = run.stats;
  if (stats.replica_counts.empty() || stats.end_time <= 0) return;
  const double mean_gpus =
      stats.paid_replica_seconds / ToSeconds(stats.end_time) * gpus_per_replica;
  if (!(mean_gpus > 0)) return;
  RunResult& r = run.result;
  const double scale = mean_gpus / r.gpus;  // the collector divided by r.gpus
  r.utilization.gpu_busy_fraction = stats.GpuBusyFraction();
  r.tokens_per_s_per_gpu /= scale;
  r.total_tokens_per_s_per_gpu /= scale;
  r.cost.usd_per_hour *= scale;
  r.cost.usd_per_million_tokens *= scale;
  r.cost.usd_per_million_total_tokens *= scale;
}

}  // namespace

AutoscalingOptions AutoscalingOf(const AutoscalerSpec& a, int replicas_at_start,
                                 double weight_bytes_per_gpu) {
  AutoscalingOptions o;
  o.metric = ScalingMetricOf(a.metric);
  o.target = a.target;
  o.tolerance = a.tolerance;
  o.min_replicas = a.min_replicas;
  o.max_replicas = a.max_replicas;
  o.initial_replicas = std::clamp(replicas_at_start, a.min_replicas, a.max_replicas);
  o.sync_period = ToSimTime(a.sync_period_s);
  o.cold_start = ToSimTime(ColdStartSeconds(a, weight_bytes_per_gpu));
  o.scale_down_window = ToSimTime(a.scale_down_delay_s);
  return o;
}

double ColdStartSeconds(const AutoscalerSpec& a, double weight_bytes_per_gpu) {
  return weight_bytes_per_gpu / 1e9 / a.load_bandwidth_gb_per_s + a.startup_s;
}

void OpBreakdown::Add(const StepTime& step) {
  for (size_t i = 0; i < kNumOpKinds; ++i) {
    const OpSource source = step.op_source[i];
    if (source == OpSource::kNone) continue;
    seconds[i] += step.op_s[i];
    if (source == OpSource::kCalibrated) measured_seconds[i] += step.op_s[i];
    sources_seen[i] |= static_cast<uint8_t>(1u << static_cast<unsigned>(source));
  }
  total_s += step.total_s;
}

std::string OpBreakdown::SourceLabel(size_t op) const {
  std::string label;
  for (const OpSource source : {OpSource::kRoofline, OpSource::kCalibrated, OpSource::kFixed}) {
    if ((sources_seen[op] & (1u << static_cast<unsigned>(source))) == 0) continue;
    if (!label.empty()) label += '+';
    label += OpSourceName(source);
  }
  return label;
}

double OpBreakdown::MeasuredShare() const {
  if (total_s <= 0) return 0;
  double measured = 0;
  for (const double s : measured_seconds) measured += s;
  return measured / total_s;
}

std::shared_ptr<const Workload> BuildWorkload(const Scenario& s, const Builtins& b) {
  const WorkloadContext context{s.base_dir};
  if (s.workload.IsTrace()) return MakePolicy(b.traces, *s.workload.trace, context);
  return std::make_shared<SyntheticWorkload>(
      MakePolicy(b.arrivals, *s.workload.arrival, context),
      MakePolicy(b.lengths, *s.workload.prompt_tokens, context),
      MakePolicy(b.lengths, *s.workload.output_tokens, context));
}

PreparedScenario::PreparedScenario(const Scenario& scenario, const Builtins& builtins)
    : PreparedScenario(scenario, builtins, BuildWorkload(scenario, builtins)) {}

PreparedScenario::PreparedScenario(const Scenario& scenario, const Builtins& builtins,
                                   std::shared_ptr<const Workload> workload,
                                   std::shared_ptr<const LatencyModel> latency)
    : scenario_(scenario),
      builtins_(builtins),
      workload_(std::move(workload)),
      latency_(std::move(latency)) {
  GPUPLAN_CHECK(workload_ != nullptr, "scenario '{}' prepared without a workload", scenario_.name);
  if (latency_ == nullptr) {
    latency_ = MakePolicy(builtins_.latency_models, scenario_.latency, LatencyContextOf(scenario_));
  }
  memory_ = PlanMemory(scenario_.model, scenario_.gpu, scenario_.deployment,
                       MemorySettings::FromEngine(scenario_.engine));
  if (!memory_.fits) throw ConfigError(memory_.explanation);
  // Validate the scheduler and router options once, so Run() cannot fail on them.
  MakePolicy(builtins_.schedulers, scenario_.scheduler, scenario_.engine);
  MakePolicy(builtins_.routers, scenario_.router);
}

std::vector<std::unique_ptr<Replica>> PreparedScenario::BuildReplicas(
    const std::shared_ptr<const LatencyModel>& latency) const {
  if (memory_.num_kv_blocks > std::numeric_limits<int32_t>::max()) {
    throw ConfigError(fmt::format("{} KV blocks per replica exceed the simulator's limit of {}",
                                  memory_.num_kv_blocks, std::numeric_limits<int32_t>::max()));
  }
  std::vector<std::unique_ptr<Replica>> replicas;
  // With an autoscaler, one replica slot per replica it may start.
  const int32_t slots =
      scenario_.autoscaler ? scenario_.autoscaler->max_replicas : scenario_.deployment.replicas;
  for (int32_t r = 0; r < slots; ++r) {
    ReplicaConfig config;
    config.index = r;
    config.kv = KvCacheConfig{static_cast<int32_t>(memory_.num_kv_blocks), memory_.block_size,
                              scenario_.engine.watermark, scenario_.engine.enable_prefix_caching};
    config.schedules_ahead = scenario_.engine.async_scheduling;
    replicas.push_back(std::make_unique<Replica>(
        config, MakePolicy(builtins_.schedulers, scenario_.scheduler, scenario_.engine), latency));
  }
  return replicas;
}

ScenarioRun PreparedScenario::Run(const RunOptions& options) const {
  const SimulationSpec& sim = scenario_.simulation;
  const std::unique_ptr<RequestSource> source = workload_->Open(options.seed, LimitsOf(sim));
  MetricsCollector collector(CollectorOptionsOf(scenario_));
  TeeSink tee;
  tee.Add(&collector);
  for (MetricsSink* extra : options.extra_sinks) tee.Add(extra);
  // Without extra sinks the collector is fed directly: the sink sees every output token, and
  // the tee's forwarding would be a second virtual call for each.
  MetricsSink& sink = options.extra_sinks.empty() ? static_cast<MetricsSink&>(collector) : tee;

  ScenarioRun run;
  ClusterOptions cluster;
  cluster.timeseries_interval = ToSimTime(sim.timeseries_interval_s);
  cluster.on_step_formed = [&](const Replica& replica, SimTime start, SimTime end) {
    run.ops.Add(replica.step_time());
    for (StepObserver* observer : options.step_observers) {
      observer->OnStepFormed(replica, start, end, replica.step_time());
    }
  };
  if (scenario_.autoscaler) {
    cluster.autoscaling =
        AutoscalingOf(*scenario_.autoscaler, scenario_.deployment.replicas, memory_.weight_bytes);
    // A run with a duration (a day) keeps its autoscaler acting to the end of it.
    if (sim.duration_s) cluster.autoscaling->act_until = ToSimTime(*sim.duration_s);
  }
  ClusterSimulation simulation(BuildReplicas(latency_),
                               MakePolicy(builtins_.routers, scenario_.router), *source, sink,
                               cluster);
  run.stats = simulation.Run();
  RunEnd end;
  end.end = run.stats.end_time;
  end.dropped = static_cast<uint64_t>(run.stats.requests_dropped);
  run.result = collector.Finish(end);
  ApplyGpuPrice(run.result, scenario_.gpu.price_usd_per_gpu_hour);
  PerPaidGpu(run, scenario_.deployment.GpusPerReplica());
  run.timeseries = collector.timeseries();
  AddReplicaCounts(run.stats.replica_counts, cluster.timeseries_interval, run.timeseries);
  return run;
}

SummaryContext DescribeRun(const PreparedScenario& prepared, const ScenarioRun& run,
                           uint64_t seed) {
  const Scenario& s = prepared.scenario();
  const MemoryPlan& m = prepared.memory();
  SummaryContext c = {
      {"scenario", s.name},
      {"model", s.model.name},
      {"gpu", s.gpu.name},
      {"engine", s.engine.name},
      {"engine_version", s.engine.version},
      {"scheduler", s.scheduler.kind},
      {"router", s.router.kind},
      {"latency_model", s.latency.kind},
      {"replicas", static_cast<int64_t>(s.deployment.replicas)},
      {"tensor_parallel", static_cast<int64_t>(s.deployment.tensor_parallel)},
      {"pipeline_parallel", static_cast<int64_t>(s.deployment.pipeline_parallel)},
      {"weight_dtype", std::string(DtypeName(s.deployment.weight_dtype))},
      {"kv_dtype", std::string(DtypeName(s.deployment.kv_dtype))},
      {"kv_blocks_per_replica", m.num_kv_blocks},
      {"kv_block_size", static_cast<int64_t>(m.block_size)},
      {"kv_tokens_per_replica", m.max_kv_tokens},
      {"weight_gib_per_gpu", m.weight_bytes / 1073741824.0},
      {"kv_budget_gib_per_gpu", m.kv_budget_bytes / 1073741824.0},
      {"kv_memory_rule", std::string(KvMemoryRuleName(m.rule))},
      {"kv_engine_log", m.EngineLogLine()},
      {"workload", prepared.workload().Describe()},
      {"seed", static_cast<int64_t>(seed)},
      {"steps", run.stats.steps},
      {"events", static_cast<int64_t>(run.stats.events)},
      {"simulated_s", ToSeconds(run.stats.end_time)},
      {"measured_time_share", run.ops.MeasuredShare()},
  };
  // What the latency model rests on: a calibration bundle, and the load tests it was fitted to.
  for (const auto& [key, value] : prepared.latency().Provenance()) c.emplace_back(key, value);
  // Where the predicted step time went, per op, and which source predicted it.
  for (size_t i = 0; i < kNumOpKinds; ++i) {
    if (!run.ops.Ran(i)) continue;
    const std::string op(OpKindName(static_cast<OpKind>(i)));
    c.emplace_back("op_seconds." + op, run.ops.seconds[i]);
    c.emplace_back("op_source." + op, run.ops.SourceLabel(i));
  }
  for (const DropSummary& d : run.stats.drops) {
    c.emplace_back(fmt::format("dropped_{}", DropReasonName(d.reason)), d.count);
  }
  return c;
}

}  // namespace gpuplan
