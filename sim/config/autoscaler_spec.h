// The autoscaler a scenario runs with (the `autoscaler:` section of a scenario; a plan's
// autoscaler section adds its own fields around the same rule, plan_spec.h). The simulation
// applies it inside the run (sim/cluster/autoscaling.h): Kubernetes HPA's rule every
// sync_period_s, new replicas routable after weights / load bandwidth + startup_s, scale-downs
// after the scale_down_delay_s stabilisation window, drained before release.
//
//   autoscaler:
//     metric: queue_length        # or kv_cache_utilization, gpu_utilization
//     target: 8                   # per replica, > 0
//     tolerance: 0.1              # in [0, 1)
//     min_replicas: 1             # >= 0 (0: scale to zero)
//     max_replicas: 8             # >= max(1, min_replicas); deployment.replicas starts the run
//     load_bandwidth_gb_per_s: 2  # weights per GPU / this = load time of a cold start
//     startup_s: 60               # container start, engine init, graph capture
//     sync_period_s: 15           # > 0
//     scale_down_delay_s: 300     # HPA scale-down stabilisation window
#pragma once

#include <optional>
#include <string_view>

#include "sim/catalog/specs.h"
#include "sim/core/sim_time.h"

namespace gpuplan {

enum class AutoscalerMetric { kQueueLength, kKvCacheUtilization, kGpuUtilization };

// "queue_length", "kv_cache_utilization", "gpu_utilization" (defined in plan_spec.cc).
std::string_view AutoscalerMetricName(AutoscalerMetric metric);

// The autoscaler's inputs stay inside what a run can hold: replica counts within a deployment's
// limit (kMaxReplicas), times within simulated time (kMaxSimSeconds), and a sync period of at
// least 0.1 s (Kubernetes' default is 15 s; a day at 0.1 s is 864,000 controller events, a
// nanosecond period would be 10^14).
inline constexpr double kMinSyncPeriodS = 0.1;

struct AutoscalerSpec {
  AutoscalerMetric metric = AutoscalerMetric::kQueueLength;
  double target = 1;
  double tolerance = 0.1;
  int min_replicas = 1;
  int max_replicas = 1;
  double load_bandwidth_gb_per_s = 2;
  double startup_s = 0;
  double sync_period_s = 15;
  double scale_down_delay_s = 300;
};

class YamlMap;
}  // namespace gpuplan
namespace YAML {
class Emitter;
}  // namespace YAML
namespace gpuplan {

namespace detail {
// Reads the scenario's `autoscaler:` section (autoscaler_section.cc); problems go to the map's
// diagnostics, located (deployment.replicas must lie in [min, max]). nullopt when absent.
std::optional<AutoscalerSpec> ReadScenarioAutoscaler(YamlMap& root, int deployment_replicas);
// Why `deployment_replicas` cannot start `autoscaler`'s run ("" when it can).
std::string ReplicasOutsideAutoscaler(int deployment_replicas, const AutoscalerSpec& autoscaler);
// Writes it back as the resolved scenario holds it (every field).
void EmitAutoscaler(YAML::Emitter& out, const AutoscalerSpec& autoscaler);
}  // namespace detail

}  // namespace gpuplan
