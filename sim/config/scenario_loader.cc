// LoadScenario: parse, apply --set, read every section (first pass: per-field checks and policy
// validators), then the whole-scenario checks (second pass) and the composition root's checks.

#include <algorithm>
#include <filesystem>

#include "sim/catalog/dtype.h"
#include "sim/catalog/engine_defaults.h"
#include "sim/config/policy_reader.h"
#include "sim/config/scenario.h"
#include "sim/config/scenario_checks.h"
#include "sim/config/slo_reader.h"
#include "sim/config/spec_fields.h"
#include "sim/config/yaml_document.h"
#include "sim/config/yaml_reader.h"
#include "sim/core/sim_time.h"

namespace gpuplan {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultScheduler = "continuous";
constexpr const char* kDefaultRouter = "round_robin";
constexpr const char* kDefaultLatency = "roofline";

// The map under `key`; nullopt when absent (reported if `required`) or not a map (reported).
std::optional<YamlMap> Section(YamlMap& parent, std::string_view key, bool required,
                               const std::string& expected) {
  std::optional<YamlNode> node = parent.Find(key);
  if (!node) {
    if (required) parent.FailMissing(key, expected);
    return std::nullopt;
  }
  if (!node->IsMap()) {
    node->Fail(fmt::format("got {}; expected {}", node->Describe(), expected));
    return std::nullopt;
  }
  return std::optional<YamlMap>(std::in_place, *node);
}

class ScenarioReader {
 public:
  ScenarioReader(ReadContext& context, std::string file_dir, const Catalog& catalog,
                 const PolicyValidators& validators, Scenario& scenario)
      : context_(context),
        file_dir_(std::move(file_dir)),
        catalog_(catalog),
        validators_(validators),
        s_(scenario) {}

  void Read(YamlMap& root) {
    ReadHeader(root);
    ReadCatalogEntries(root);
    ReadDeployment(root);
    ReadEngine(root);
    s_.router = ReadPolicySlot(root, "router", kDefaultRouter);
    s_.latency = ReadPolicySlot(root, "latency", kDefaultLatency);
    ReadWorkload(root);
    ReadSlo(root);
    s_.autoscaler = detail::ReadScenarioAutoscaler(root, s_.deployment.replicas);
    ReadSimulation(root);
    root.Finish();
    ValidatePolicies();
  }

 private:
  void ReadHeader(YamlMap& root) {
    s_.name = root.Get<std::string>("name", fs::path(s_.source_file).stem().string());
    if (s_.name.empty()) {
      context_.diags().Add(context_.LocationOf("name"), "name", "empty name; expected a name");
    }
    s_.description = root.Get<std::string>("description", "");
    std::optional<std::string> base = root.Optional<std::string>("base_dir");
    if (!base || base->empty()) {
      s_.base_dir = file_dir_;
    } else if (fs::path(*base).is_absolute()) {
      s_.base_dir = *base;
    } else {
      s_.base_dir = (fs::path(file_dir_) / *base).lexically_normal().string();
    }
  }

  void ReadCatalogEntries(YamlMap& root) {
    if (auto node = root.Find("model")) {
      s_.model = detail::ResolveEntry(*node, catalog_.models).value_or(ModelSpec{});
    } else {
      root.FailMissing("model", "a model name or {preset: NAME, <field>: value, ...}");
    }
    if (auto node = root.Find("gpu")) {
      s_.gpu = detail::ResolveEntry(*node, catalog_.gpus).value_or(GpuSpec{});
    } else {
      root.FailMissing("gpu", "a gpu name or {preset: NAME, <field>: value, ...}");
    }
  }

  void ReadDeployment(YamlMap& root) {
    std::optional<YamlMap> map = Section(root, "deployment", false, "a map of deployment keys");
    if (!map) return;
    Deployment& d = s_.deployment;
    d.replicas = map->Get("replicas", d.replicas, Expect{.min = 1, .max = kMaxReplicas});
    const Expect parallelism{.min = 1, .max = kMaxParallelism};
    d.tensor_parallel = map->Get("tensor_parallel", d.tensor_parallel, parallelism);
    d.pipeline_parallel = map->Get("pipeline_parallel", d.pipeline_parallel, parallelism);
    d.gpus_per_node =
        map->Get("gpus_per_node", d.gpus_per_node, Expect{.min = 1, .max = kMaxGpusPerNode});
    d.weight_dtype = map->Get("weight_dtype", d.weight_dtype);
    d.kv_dtype = map->Get("kv_dtype", d.kv_dtype);
    map->Finish();
  }

  void ReadEngine(YamlMap& root) {
    std::optional<PolicyChoice> scheduler;
    std::optional<YamlNode> node = root.Find("engine");
    if (!node) {
      root.FailMissing("engine", "an engine name or {preset: NAME, <field>: value, ...}");
      s_.scheduler = detail::DefaultPolicy(kDefaultScheduler, "engine.scheduler", root.loc());
      return;
    }
    auto read_scheduler = [&](YamlMap& map) {
      if (auto slot = map.Find("scheduler")) scheduler = detail::ReadPolicy(*slot);
    };
    s_.engine = detail::ResolveEntry(*node, catalog_.engines, {"scheduler"}, read_scheduler)
                    .value_or(EngineSpec{});
    if (!scheduler) {
      const std::string kind =
          s_.engine.scheduler.empty() ? kDefaultScheduler : s_.engine.scheduler;
      scheduler = detail::DefaultPolicy(kind, "engine.scheduler", node->loc());
    }
    s_.scheduler = *scheduler;
    s_.engine.scheduler = s_.scheduler.kind;
    // The knobs the engine would pick from this GPU, where the scenario left them to the preset.
    if (auto preset = catalog_.engines.find(s_.engine.name); preset != catalog_.engines.end()) {
      ApplyGpuDefaults(s_.engine, preset->second, s_.gpu, s_.deployment);
    }
  }

  PolicyChoice ReadPolicySlot(YamlMap& parent, std::string_view key, const char* default_kind) {
    const std::string path = JoinPath(parent.path(), key);
    std::optional<YamlNode> node = parent.Find(key);
    std::optional<PolicyChoice> choice;
    if (node) choice = detail::ReadPolicy(*node);
    if (choice) return *choice;
    // Absent, or unusable (already reported): the default keeps later checks meaningful.
    return detail::DefaultPolicy(default_kind, path, SourceLoc{context_.file(), 0, 0});
  }

  void ReadWorkload(YamlMap& root) {
    std::optional<YamlMap> map = Section(root, "workload", true,
                                         "a map with arrival, prompt_tokens and output_tokens, "
                                         "or with trace");
    if (!map) return;
    WorkloadSpec& w = s_.workload;
    if (std::optional<YamlNode> trace = map->Find("trace")) {
      w.trace = detail::ReadPolicy(*trace);
      for (const char* key : {"arrival", "prompt_tokens", "output_tokens"}) {
        if (auto extra = map->Find(key)) {
          extra->Fail(
              "not allowed together with workload.trace; expected either trace alone, "
              "or arrival, prompt_tokens and output_tokens");
        }
      }
    } else {
      w.arrival = ReadSyntheticSlot(*map, "arrival");
      w.prompt_tokens = ReadSyntheticSlot(*map, "prompt_tokens");
      w.output_tokens = ReadSyntheticSlot(*map, "output_tokens");
    }
    map->Finish();
  }

  std::optional<PolicyChoice> ReadSyntheticSlot(YamlMap& map, std::string_view key) {
    std::optional<YamlNode> node = map.Find(key);
    if (!node) {
      map.FailMissing(key, "{kind: NAME, <option>: value, ...} (or give workload.trace instead)");
      return std::nullopt;
    }
    return detail::ReadPolicy(*node);
  }

  void ReadSlo(YamlMap& root) {
    std::optional<YamlMap> map = Section(root, "slo", false, "a map of SLO thresholds or a preset");
    if (map) s_.slo = detail::ReadScenarioSlo(*map);
  }

  void ReadSimulation(YamlMap& root) {
    std::optional<YamlMap> map =
        Section(root, "simulation", true, "a map with num_requests and/or duration_s");
    if (!map) return;
    SimulationSpec& sim = s_.simulation;
    const bool any = map->Has("num_requests") || map->Has("duration_s");
    sim.num_requests = map->Optional<int64_t>("num_requests", Expect::AtLeast(1));
    // Simulated time is int64 nanoseconds: every time input stays within kMaxSimSeconds.
    const Expect positive_time{.min = 0, .max = kMaxSimSeconds, .min_exclusive = true};
    sim.duration_s = map->Optional<double>("duration_s", positive_time);
    if (!any) {
      map->node().Fail("no stopping rule; expected num_requests, duration_s or both");
    }
    sim.warmup_s = map->Get("warmup_s", sim.warmup_s, Expect{.min = 0, .max = kMaxSimSeconds});
    sim.seed = static_cast<uint64_t>(
        map->Get<int64_t>("seed", static_cast<int64_t>(sim.seed), Expect::AtLeast(0)));
    sim.timeseries_interval_s =
        map->Get("timeseries_interval_s", sim.timeseries_interval_s, positive_time);
    map->Finish();
  }

  // Validators only see usable choices; a slot already reported as broken is not re-checked.
  void ValidatePolicies() {
    Diagnostics& diags = context_.diags();
    WorkloadSpec& w = s_.workload;
    validators_.Validate("scheduler", s_.scheduler, diags);
    validators_.Validate("router", s_.router, diags);
    validators_.Validate("latency", s_.latency, diags);
    if (w.arrival) validators_.Validate("arrival", *w.arrival, diags);
    if (w.prompt_tokens) validators_.Validate("prompt_tokens", *w.prompt_tokens, diags);
    if (w.output_tokens) validators_.Validate("output_tokens", *w.output_tokens, diags);
    if (w.trace) validators_.Validate("trace", *w.trace, diags);
  }

  ReadContext& context_;
  std::string file_dir_;  // directory of the scenario file: the default base_dir
  const Catalog& catalog_;
  const PolicyValidators& validators_;
  Scenario& s_;
};

// `file` names the scenario in messages; `file_dir` is the default base_dir.
Scenario LoadFromText(const std::string& text, const std::string& file, const std::string& file_dir,
                      const std::vector<std::string>& set_overrides, const Catalog& catalog,
                      const LoaderOptions& options) {
  Diagnostics diags;
  std::optional<YAML::Node> root = ParseYaml(text, file, diags);
  diags.ThrowIfAny();  // nothing else can be said about a file that does not parse
  ReadContext context(file, diags);
  ApplySetOverrides(*root, set_overrides, context);
  Scenario scenario;
  scenario.source_file = file;
  scenario.catalog_root = catalog.root;
  YamlNode root_node(context, *root, "");
  if (!root_node.IsMap()) {
    root_node.Fail(
        fmt::format("got {}; expected a map of scenario keys (model, gpu, engine, "
                    "workload, simulation, ...)",
                    root_node.Describe()));
    diags.ThrowIfAny();
  }
  YamlMap root_map(root_node);
  ScenarioReader(context, file_dir, catalog, options.policies, scenario).Read(root_map);
  scenario.locations = context.locations();
  // Per-field problems in reading order would jump around the file; sorted they read top to
  // bottom, then the --set arguments in order. Whole-scenario problems follow.
  Diagnostics all = SortedByPosition(diags, file);
  detail::CheckScenario(scenario, diags, all);
  if (options.build_check) {
    const Diagnostics so_far = all;
    options.build_check(scenario, so_far, all);
  }
  if (all.empty()) {
    for (const ScenarioCheck& check : options.extra_checks) check(scenario, all);
  }
  all.ThrowIfAny();
  return scenario;
}

}  // namespace

void ValidateScenario(Scenario& scenario, const LoaderOptions& options) {
  Diagnostics diags;
  const PolicyValidators& v = options.policies;
  v.Validate("scheduler", scenario.scheduler, diags);
  v.Validate("router", scenario.router, diags);
  v.Validate("latency", scenario.latency, diags);
  WorkloadSpec& w = scenario.workload;
  if (w.arrival) v.Validate("arrival", *w.arrival, diags);
  if (w.prompt_tokens) v.Validate("prompt_tokens", *w.prompt_tokens, diags);
  if (w.output_tokens) v.Validate("output_tokens", *w.output_tokens, diags);
  if (w.trace) v.Validate("trace", *w.trace, diags);
  Diagnostics all = diags;
  detail::CheckScenario(scenario, diags, all);
  if (all.empty()) {
    for (const ScenarioCheck& check : options.extra_checks) check(scenario, all);
  }
  all.ThrowIfAny();
}

SourceLoc Scenario::LocOf(std::string_view path) const {
  return FindLocation(locations, path, SourceLoc{source_file, 0, 0});
}

Scenario LoadScenario(const std::string& path, const std::vector<std::string>& set_overrides,
                      const Catalog& catalog, const LoaderOptions& options) {
  Diagnostics diags;
  std::optional<std::string> text = ReadTextFile(path, diags);
  diags.ThrowIfAny();
  const std::string file_dir = fs::absolute(path).lexically_normal().parent_path().string();
  return LoadFromText(*text, path, file_dir, set_overrides, catalog, options);
}

Scenario LoadScenario(const std::string& path, const std::vector<std::string>& set_overrides,
                      const Catalog& catalog, const PolicyValidators& validators) {
  return LoadScenario(path, set_overrides, catalog, LoaderOptions{validators, {}});
}

Scenario LoadScenarioFromString(const std::string& text, const std::string& pseudo_filename,
                                const std::vector<std::string>& set_overrides,
                                const Catalog& catalog, const LoaderOptions& options) {
  const std::string file_dir = fs::path(pseudo_filename).parent_path().string();
  return LoadFromText(text, pseudo_filename, file_dir, set_overrides, catalog, options);
}

Scenario LoadScenarioFromString(const std::string& text, const std::string& pseudo_filename,
                                const std::vector<std::string>& set_overrides,
                                const Catalog& catalog, const PolicyValidators& validators) {
  return LoadScenarioFromString(text, pseudo_filename, set_overrides, catalog,
                                LoaderOptions{validators, {}});
}

}  // namespace gpuplan
