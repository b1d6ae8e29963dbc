// ToResolvedYaml: the scenario as the simulator saw it, written beside every result so a run can
// be reproduced without the catalog or the --set arguments that produced it.

#include "sim/catalog/dtype.h"
#include "sim/config/policy_reader.h"
#include "sim/config/scenario.h"
#include "sim/config/spec_fields.h"

namespace gpuplan {

namespace {

using detail::NumberText;

void EmitDeployment(YAML::Emitter& out, const Deployment& d) {
  out << YAML::BeginMap;
  out << YAML::Key << "replicas" << YAML::Value << d.replicas;
  out << YAML::Key << "tensor_parallel" << YAML::Value << d.tensor_parallel;
  out << YAML::Key << "pipeline_parallel" << YAML::Value << d.pipeline_parallel;
  out << YAML::Key << "gpus_per_node" << YAML::Value << d.gpus_per_node;
  out << YAML::Key << "weight_dtype" << YAML::Value << std::string(DtypeName(d.weight_dtype));
  out << YAML::Key << "kv_dtype" << YAML::Value << std::string(DtypeName(d.kv_dtype));
  out << YAML::EndMap;
}

void EmitOptionalPolicy(YAML::Emitter& out, const char* key,
                        const std::optional<PolicyChoice>& choice) {
  if (!choice) return;
  out << YAML::Key << key << YAML::Value;
  detail::EmitPolicy(out, *choice);
}

void EmitWorkload(YAML::Emitter& out, const WorkloadSpec& w) {
  out << YAML::BeginMap;
  EmitOptionalPolicy(out, "arrival", w.arrival);
  EmitOptionalPolicy(out, "prompt_tokens", w.prompt_tokens);
  EmitOptionalPolicy(out, "output_tokens", w.output_tokens);
  EmitOptionalPolicy(out, "trace", w.trace);
  out << YAML::EndMap;
}

void EmitOptionalNumber(YAML::Emitter& out, const char* key, const std::optional<double>& value) {
  if (value) out << YAML::Key << key << YAML::Value << NumberText(*value);
}

// With a preset, the preset and its level and only the numbers written beside it: written out,
// the preset's own numbers would read back as given ones and replace it at both levels.
void EmitSlo(YAML::Emitter& out, const SloSpec& slo) {
  out << YAML::BeginMap;
  if (slo.levels) {
    out << YAML::Key << "preset" << YAML::Value << slo.levels->preset;
    out << YAML::Key << "level" << YAML::Value << std::string(SloLevelName(slo.levels->level));
  }
  const SloThresholds& thresholds = slo.levels ? slo.levels->given : slo.thresholds;
  for (SloMetric m : kSloMetrics) {
    EmitOptionalNumber(out, SloMetricMsKey(m).c_str(), thresholds[m]);
  }
  out << YAML::Key << "percentile" << YAML::Value << NumberText(slo.percentile);
  out << YAML::EndMap;
}

void EmitSimulation(YAML::Emitter& out, const SimulationSpec& sim) {
  out << YAML::BeginMap;
  if (sim.num_requests) out << YAML::Key << "num_requests" << YAML::Value << *sim.num_requests;
  EmitOptionalNumber(out, "duration_s", sim.duration_s);
  out << YAML::Key << "warmup_s" << YAML::Value << NumberText(sim.warmup_s);
  out << YAML::Key << "seed" << YAML::Value << sim.seed;
  out << YAML::Key << "timeseries_interval_s" << YAML::Value
      << NumberText(sim.timeseries_interval_s);
  out << YAML::EndMap;
}

}  // namespace

std::string ToResolvedYaml(const Scenario& s) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << s.name;
  out << YAML::Key << "description" << YAML::Value << s.description;
  out << YAML::Key << "base_dir" << YAML::Value << s.base_dir;
  out << YAML::Key << "model" << YAML::Value;
  detail::EmitEntry(out, s.model);
  out << YAML::Key << "gpu" << YAML::Value;
  detail::EmitEntry(out, s.gpu);
  out << YAML::Key << "deployment" << YAML::Value;
  EmitDeployment(out, s.deployment);
  out << YAML::Key << "engine" << YAML::Value;
  detail::EmitEntry(out, s.engine, {"scheduler"}, [&](YAML::Emitter& engine_out) {
    engine_out << YAML::Key << "scheduler" << YAML::Value;
    detail::EmitPolicy(engine_out, s.scheduler);
  });
  out << YAML::Key << "router" << YAML::Value;
  detail::EmitPolicy(out, s.router);
  out << YAML::Key << "latency" << YAML::Value;
  detail::EmitPolicy(out, s.latency);
  out << YAML::Key << "workload" << YAML::Value;
  EmitWorkload(out, s.workload);
  if (s.slo) {
    out << YAML::Key << "slo" << YAML::Value;
    EmitSlo(out, *s.slo);
  }
  if (s.autoscaler) {
    out << YAML::Key << "autoscaler" << YAML::Value;
    detail::EmitAutoscaler(out, *s.autoscaler);
  }
  out << YAML::Key << "simulation" << YAML::Value;
  EmitSimulation(out, s.simulation);
  out << YAML::EndMap;
  GPUPLAN_CHECK(out.good(), "resolved scenario YAML: {}", out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

}  // namespace gpuplan
