// The scenario's `autoscaler:` section (autoscaler_spec.h): read and written back.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "sim/config/autoscaler_spec.h"
#include "sim/config/spec_fields.h"
#include "sim/config/yaml_reader.h"

namespace gpuplan::detail {

std::string ReplicasOutsideAutoscaler(int deployment_replicas, const AutoscalerSpec& a) {
  if (deployment_replicas >= a.min_replicas && deployment_replicas <= a.max_replicas) return "";
  return fmt::format(
      "deployment.replicas {} is outside [min_replicas {}, max_replicas {}]; expected the count "
      "the run starts with between them",
      deployment_replicas, a.min_replicas, a.max_replicas);
}

std::optional<AutoscalerSpec> ReadScenarioAutoscaler(YamlMap& root, int deployment_replicas) {
  std::optional<YamlNode> node = root.Find("autoscaler");
  if (!node) return std::nullopt;
  if (!node->IsMap()) {
    node->Fail(fmt::format("got {}; expected a map of autoscaler settings", node->Describe()));
    return std::nullopt;
  }
  YamlMap map(*node);
  AutoscalerSpec a;
  const std::string metric = map.Get<std::string>(
      "metric", "queue_length",
      Expect::OneOf({"queue_length", "kv_cache_utilization", "gpu_utilization"}));
  if (metric == "kv_cache_utilization") a.metric = AutoscalerMetric::kKvCacheUtilization;
  if (metric == "gpu_utilization") a.metric = AutoscalerMetric::kGpuUtilization;
  if (!map.Has("target")) {
    map.FailMissing("target", "the metric's target per replica, a number > 0");
  }
  a.target = map.Get<double>("target", a.target, Expect::Above(0));
  a.tolerance =
      map.Get<double>("tolerance", a.tolerance, Expect{.min = 0, .max = 1, .max_exclusive = true});
  a.min_replicas =
      map.Get<int>("min_replicas", a.min_replicas, Expect{.min = 0, .max = kMaxReplicas});
  a.max_replicas = map.Get<int>("max_replicas", std::max(1, a.min_replicas),
                                Expect{.min = 1, .max = kMaxReplicas});
  if (a.max_replicas < a.min_replicas) {
    map.node().Fail(fmt::format("max_replicas {} is below min_replicas {}; expected min <= max",
                                a.max_replicas, a.min_replicas));
  }
  a.load_bandwidth_gb_per_s =
      map.Get<double>("load_bandwidth_gb_per_s", a.load_bandwidth_gb_per_s, Expect::Above(0));
  const Expect seconds{.min = 0, .max = kMaxSimSeconds};
  a.startup_s = map.Get<double>("startup_s", a.startup_s, seconds);
  a.sync_period_s = map.Get<double>("sync_period_s", a.sync_period_s,
                                    Expect{.min = kMinSyncPeriodS, .max = kMaxSimSeconds});
  a.scale_down_delay_s = map.Get<double>("scale_down_delay_s", a.scale_down_delay_s, seconds);
  if (std::string problem = ReplicasOutsideAutoscaler(deployment_replicas, a); !problem.empty()) {
    map.node().Fail(problem);
  }
  map.Finish();
  return a;
}

void EmitAutoscaler(YAML::Emitter& out, const AutoscalerSpec& a) {
  auto number = [&](const char* key, double value) {
    out << YAML::Key << key << YAML::Value << NumberText(value);
  };
  out << YAML::BeginMap;
  out << YAML::Key << "metric" << YAML::Value << std::string(AutoscalerMetricName(a.metric));
  number("target", a.target);
  number("tolerance", a.tolerance);
  out << YAML::Key << "min_replicas" << YAML::Value << a.min_replicas;
  out << YAML::Key << "max_replicas" << YAML::Value << a.max_replicas;
  number("load_bandwidth_gb_per_s", a.load_bandwidth_gb_per_s);
  number("startup_s", a.startup_s);
  number("sync_period_s", a.sync_period_s);
  number("scale_down_delay_s", a.scale_down_delay_s);
  out << YAML::EndMap;
}

}  // namespace gpuplan::detail
