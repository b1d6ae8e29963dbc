#include "sim/plan/candidates.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "sim/config/scenario_edits.h"
#include "sim/latency/calibrated_registry.h"
#include "sim/runner/scenario_run.h"

namespace gpuplan {
namespace {

constexpr double kGiB = 1073741824.0;

template <class T>
std::vector<T> Unique(const std::vector<T>& values) {
  std::vector<T> out;
  for (const T& v : values) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

// The index of the first occurrence of each distinct value, in order.
std::vector<size_t> FirstOfEach(const std::vector<std::string>& values) {
  std::vector<size_t> first;
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::find(values.begin(), values.begin() + i, values[i]) == values.begin() + i) {
      first.push_back(i);
    }
  }
  return first;
}

std::string VariantLabel(const EngineVariant& v, const std::string& base_engine) {
  std::string label = v.preset.empty() ? base_engine : v.preset;
  for (const auto& [name, value] : v.knobs) label += fmt::format(" {}={}", name, value);
  return label;
}

// Where the plan asked for a candidate's `key` (the plan file's candidates entry).
SourceLoc PlanLoc(const PlanSpec& plan, const std::string& key) {
  return plan.LocOf("candidates." + key);
}

// The base scenario with this candidate's GPU, TP, one replica and engine, by typed edits, in
// the order the loader would have applied them; unchecked.
Scenario EditedBase(const PlanSpec& plan, const Catalog& catalog, const Candidate& c) {
  Scenario s = plan.base;
  if (!plan.candidates.gpus.empty()) {
    WithGpu(s, catalog.gpus.at(c.gpu), PlanLoc(plan, "gpus"));
  }
  WithTensorParallel(s, c.tensor_parallel, PlanLoc(plan, "tensor_parallel"));
  WithReplicas(s, 1, PlanLoc(plan, "replicas"));
  if (c.engine.preset.empty()) {
    WithEngineKnobs(s, c.engine.typed_knobs);
  } else {
    WithEnginePreset(s, catalog.engines.at(c.engine.preset), c.engine.typed_knobs,
                     PlanLoc(plan, "engines"));
  }
  return s;
}

// The options text of the calibrated model the candidate gets, for messages and the resolved
// YAML: the bundle folder and the base's roofline options, located at the plan's entry.
ParamTable CalibratedTable(const PlanSpec& plan, const std::string& dir, const SourceLoc& loc) {
  ParamTable table;
  table.path = "latency";
  table.loc = loc;
  table.values["bundle"] = ParamValue{.text = dir, .loc = loc};
  if (plan.base.latency.kind == "roofline") {
    for (const auto& [name, value] : plan.base.latency.options.values) {
      if (!value.is_list) table.values[name] = ParamValue{.text = value.text, .loc = loc};
    }
  }
  return table;
}

// The roofline options of the calibrated model's fallback: the base scenario's, when it uses
// the roofline, else the roofline's defaults.
RooflineOptions FallbackOptions(const PlanSpec& plan, const Builtins& builtins) {
  if (plan.base.latency.kind == "roofline") {
    if (const PolicyOptions* typed = plan.base.latency.TypedIfCurrent()) {
      return typed->As<RooflineOptions>();
    }
  }
  Diagnostics diags;
  const ParamTable none{.path = "latency"};
  std::optional<PolicyOptions> defaults =
      builtins.latency_models.Read("roofline", {}, "latency.kind", none, diags);
  GPUPLAN_CHECK(defaults.has_value(), "the roofline's defaults do not read");
  return defaults->As<RooflineOptions>();
}

// The latency model of a candidate: calibrated where the plan's bundle exists for its GPU (with
// the base scenario's roofline options as the fallback's), else the base scenario's model.
std::optional<PolicyChoice> CalibratedLatency(const PlanSpec& plan, const Builtins& builtins,
                                              Candidate& c) {
  const std::string& bundle = plan.candidates.calibration_bundle;
  c.latency_model = plan.base.latency.kind;
  if (bundle.empty()) return std::nullopt;
  std::vector<std::string> tried;
  const std::optional<std::string> dir = ResolveBundleDir(
      bundle, c.gpu, {.base_dir = plan.base_dir, .catalog_root = plan.base.catalog_root}, &tried);
  if (!dir) {
    c.latency_model += fmt::format(" (no calibration bundle '{}' for {})", bundle, c.gpu);
    return std::nullopt;
  }
  const SourceLoc loc = PlanLoc(plan, "calibration_bundle");
  PolicyChoice latency;
  latency.kind = "calibrated";
  latency.kind_loc = loc;
  latency.path = "latency";
  latency.options = CalibratedTable(plan, *dir, loc);
  latency.SetTyped(PolicyOptions::Of(CalibratedOptions{*dir, FallbackOptions(plan, builtins)}));
  c.latency_model = fmt::format("calibrated ({})", *dir);
  return latency;
}

std::string ReasonOf(const ConfigError& e) {
  std::string reason;
  for (const Diagnostic& d : e.diagnostics()) {
    if (!reason.empty()) reason += "; ";
    reason += d.path.empty() ? d.message : d.path + ": " + d.message;
  }
  return reason;
}

void FillCandidate(const PlanSpec& plan, const SloStep& slo, const TrafficStep& traffic,
                   const Catalog& catalog, const Builtins& builtins, Candidate& c) {
  const LoaderOptions options = PlanLoaderOptions(builtins);
  Scenario s = EditedBase(plan, catalog, c);
  if (std::optional<PolicyChoice> latency = CalibratedLatency(plan, builtins, c)) {
    WithLatency(s, std::move(*latency));
  }
  ApplyEngineGpuDefaults(s, catalog);
  try {
    CheckEditedScenario(s, options);
    c.scenario = std::move(s);
  } catch (const ConfigError& e) {
    c.pruned = true;
    c.prune_reason = ReasonOf(e);
    return;
  }
  if (std::optional<std::string> why = PriceTierRejection(plan.cost, c.scenario.gpu)) {
    c.pruned = true;
    c.prune_reason = std::move(*why);
    return;
  }
  c.scenario.name = fmt::format("{} {}", plan.name, c.label);
  c.scenario.slo = slo.AsSloSpec();
  c.memory = PlanMemory(c.scenario.model, c.scenario.gpu, c.scenario.deployment,
                        MemorySettings::FromEngine(c.scenario.engine));
  const auto context =
      static_cast<int64_t>(std::llround(traffic.mean_prompt_tokens + traffic.mean_output_tokens));
  c.sequences_at_mean_context = c.memory.fits ? c.memory.MaxSequences(context) : 0;
  if (!c.memory.fits) {
    c.pruned = true;
    c.prune_reason = c.memory.explanation;
    return;
  }
  try {
    PreparedScenario prepared(c.scenario, builtins);
  } catch (const ConfigError& e) {
    c.pruned = true;
    c.prune_reason = ReasonOf(e);
  }
}

}  // namespace

std::optional<std::string> PriceTierRejection(const PlanCostSpec& cost, const GpuSpec& gpu) {
  if (cost.on_prem || cost.tier.empty() || cost.usd_per_gpu_hour.contains(gpu.name) ||
      gpu.price_tier == cost.tier) {
    return std::nullopt;
  }
  const std::string has = gpu.price_usd_per_gpu_hour > 0
                              ? fmt::format("the catalog price of {} is {} ({})", gpu.name,
                                            gpu.price_tier, gpu.price_region)
                              : fmt::format("{} has no catalog price", gpu.name);
  return fmt::format(
      "cost.cloud.tier: the plan compares {} prices only, and {}; expected "
      "cost.cloud.usd_per_gpu_hour.{} with a {} price, or no cost.cloud.tier",
      cost.tier, has, gpu.name, cost.tier);
}

LoaderOptions PlanLoaderOptions(const Builtins& builtins) {
  LoaderOptions options = builtins.MakeLoaderOptions();
  options.extra_checks.clear();
  return options;
}

std::vector<EngineVariant> EngineVariants(const PlanSpec& plan) {
  std::vector<std::string> presets = Unique(plan.candidates.engines);
  if (presets.empty()) presets.push_back("");
  std::vector<EngineVariant> variants;
  for (const std::string& preset : presets) variants.push_back({preset, {}, {}, ""});
  for (const EngineKnob& knob : plan.candidates.knobs) {
    std::vector<EngineVariant> next;
    for (const EngineVariant& v : variants) {
      for (size_t i : FirstOfEach(knob.values)) {
        EngineVariant w = v;
        w.knobs.emplace_back(knob.name, knob.values[i]);
        w.typed_knobs.push_back(knob.typed.at(i));
        next.push_back(std::move(w));
      }
    }
    variants = std::move(next);
  }
  for (EngineVariant& v : variants) v.label = VariantLabel(v, plan.base.engine.name);
  return variants;
}

int CandidateSet::Feasible() const {
  return static_cast<int>(
      std::count_if(all.begin(), all.end(), [](const Candidate& c) { return !c.pruned; }));
}

CandidateSet BuildCandidates(const PlanSpec& plan, const SloStep& slo, const TrafficStep& traffic,
                             const Catalog& catalog, const Builtins& builtins) {
  const PlanCandidatesSpec& spec = plan.candidates;
  std::vector<std::string> gpus = Unique(spec.gpus);
  if (gpus.empty()) gpus.push_back(plan.base.gpu.name);
  std::vector<int> tps = Unique(spec.tensor_parallel);
  if (tps.empty()) tps.push_back(plan.base.deployment.tensor_parallel);
  CandidateSet set;
  set.engines = EngineVariants(plan);
  int64_t raw = static_cast<int64_t>(std::max<size_t>(spec.gpus.size(), 1)) *
                static_cast<int64_t>(std::max<size_t>(spec.tensor_parallel.size(), 1)) *
                static_cast<int64_t>(std::max<size_t>(spec.engines.size(), 1));
  for (const EngineKnob& k : spec.knobs) raw *= static_cast<int64_t>(k.values.size());
  for (const std::string& gpu : gpus) {
    for (int tp : tps) {
      for (const EngineVariant& engine : set.engines) {
        Candidate c;
        c.id = static_cast<int>(set.all.size());
        c.gpu = gpu;
        c.tensor_parallel = tp;
        c.engine = engine;
        c.label = fmt::format("{} x TP{} {}", gpu, tp, engine.label);
        FillCandidate(plan, slo, traffic, catalog, builtins, c);
        set.all.push_back(std::move(c));
      }
    }
  }
  set.combinations = static_cast<int>(raw);
  set.duplicates_removed = static_cast<int>(raw - static_cast<int64_t>(set.all.size()));
  return set;
}

std::string ExplainNoFeasibleCandidate(const PlanSpec& plan, const CandidateSet& set) {
  if (set.Feasible() > 0) return "";
  const bool all_memory = std::all_of(set.all.begin(), set.all.end(), [](const Candidate& c) {
    return c.memory.memory_bytes > 0 && !c.memory.fits;
  });
  std::string text;
  if (all_memory) {
    Deployment whole = plan.base.deployment;
    whole.tensor_parallel = 1;
    whole.pipeline_parallel = 1;
    const double weights = WeightBytesPerGpu(plan.base.model, whole).total;
    double best_usable = 0;
    std::string best;
    for (const Candidate& c : set.all) {
      const double usable = c.memory.usable_bytes * c.tensor_parallel;
      if (usable > best_usable) best_usable = usable, best = c.label;
    }
    text = fmt::format(
        "the model is larger than every candidate: {} {} weights take {:.1f} GiB in all, and the "
        "largest candidate ({}) has {:.1f} GiB usable per replica; try more tensor parallelism "
        "(candidates.tensor_parallel), narrower weights (scenario.deployment.weight_dtype: fp8, "
        "int8 or int4) or GPUs with more memory (candidates.gpus)",
        plan.base.model.display_name, DtypeName(plan.base.deployment.weight_dtype), weights / kGiB,
        best, best_usable / kGiB);
  } else {
    text = "no candidate can run";
  }
  for (const Candidate& c : set.all) text += fmt::format("\n  {}: {}", c.label, c.prune_reason);
  return text;
}

}  // namespace gpuplan
