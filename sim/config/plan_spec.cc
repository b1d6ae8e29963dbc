// The plan sections that say what to plan: traffic, slo, candidates (plan_loader.cc reads the
// scenario and how to price and search).
// Per-field checks happen here (types, ranges, catalog names, keys that exclude each other);
// rules that need the plan/ tables (SLO preset names, traffic arithmetic) run in plan/.

#include "sim/config/plan_spec.h"

#include <filesystem>

#include "sim/config/slo_reader.h"
#include "sim/config/spec_fields.h"
#include "sim/config/yaml_reader.h"
#include "sim/core/suggest.h"

namespace gpuplan {

std::string_view TrafficModeName(TrafficMode mode) {
  switch (mode) {
    case TrafficMode::kDau:
      return "dau";
    case TrafficMode::kConcurrency:
      return "concurrency_at_peak";
    case TrafficMode::kPeakRate:
      return "peak_rate_per_s";
    case TrafficMode::kTrace:
      return "trace";
    case TrafficMode::kDeadline:
      return "deadline";
  }
  return "?";
}

std::string_view AutoscalerMetricName(AutoscalerMetric metric) {
  switch (metric) {
    case AutoscalerMetric::kQueueLength:
      return "queue_length";
    case AutoscalerMetric::kKvCacheUtilization:
      return "kv_cache_utilization";
    case AutoscalerMetric::kGpuUtilization:
      return "gpu_utilization";
  }
  return "?";
}

SourceLoc PlanSpec::LocOf(std::string_view path) const {
  return FindLocation(locations, path, SourceLoc{source_file, 0, 0});
}

namespace detail {
namespace {

namespace fs = std::filesystem;

const Expect kPositive = Expect::Above(0);
const Expect kNonNegative = Expect::AtLeast(0);

std::optional<YamlMap> Section(YamlMap& parent, std::string_view key, const char* expected) {
  std::optional<YamlNode> node = parent.Find(key);
  if (!node) return std::nullopt;
  if (!node->IsMap()) {
    node->Fail(fmt::format("got {}; expected {}", node->Describe(), expected));
    return std::nullopt;
  }
  return std::optional<YamlMap>(std::in_place, *node);
}

// A list of T (a single scalar counts as a one-item list); bad items are reported and left out.
template <class T>
std::vector<T> ReadList(const YamlNode& node, const Expect& expect = {}) {
  std::vector<T> values;
  if (node.IsScalar()) {
    if (auto v = node.As<T>(expect)) values.push_back(*v);
    return values;
  }
  if (!node.IsSequence()) {
    node.Fail(
        fmt::format("got {}; expected a list of {}", node.Describe(), ExpectedText<T>(expect)));
    return values;
  }
  for (const YamlNode& item : node.Items()) {
    if (auto v = item.As<T>(expect)) values.push_back(*v);
  }
  if (node.Items().empty()) node.Fail("empty list; expected at least one value");
  return values;
}

// Names checked against a catalog map, with "did you mean".
template <class Spec>
std::vector<std::string> ReadCatalogNames(const YamlNode& node,
                                          const std::map<std::string, Spec>& entries,
                                          std::string_view noun) {
  std::vector<std::string> names;
  const std::vector<std::string> valid = CatalogNames(entries);
  std::vector<YamlNode> items = node.IsSequence() ? node.Items() : std::vector<YamlNode>{node};
  for (const YamlNode& item : items) {
    std::optional<std::string> name = item.As<std::string>();
    if (!name) continue;
    if (entries.count(*name) == 0) {
      item.Fail(fmt::format("unknown {} '{}'{}; expected one of: {}", noun, *name,
                            DidYouMean(*name, valid), JoinNames(valid)));
      continue;
    }
    names.push_back(*name);
  }
  return names;
}

// --- traffic ---------------------------------------------------------------------------------

constexpr const char* kDauOnlyKeys[] = {"sessions_per_user_per_day", "requests_per_session",
                                        "think_time_s", "peak_hour_share", "burst_factor"};

void ReadDauInputs(YamlMap& map, PlanTrafficSpec& t) {
  t.dau = map.Required<double>("dau", kPositive);
  t.sessions_per_user_per_day = map.Required<double>("sessions_per_user_per_day", kPositive);
  t.requests_per_session = map.Required<double>("requests_per_session", kPositive);
  t.think_time_s = map.Get<double>("think_time_s", 0, kNonNegative);
  t.peak_hour_share = map.Optional<double>("peak_hour_share", Expect{.min = 1.0 / 24, .max = 1});
  t.burst_factor = map.Get<double>("burst_factor", 1, Expect::AtLeast(1));
}

void RejectDauOnlyKeys(YamlMap& map, std::string_view mode) {
  for (const char* key : kDauOnlyKeys) {
    if (auto node = map.Find(key)) {
      node->Fail(
          fmt::format("only used with traffic.dau (business inputs); the peak is given "
                      "by traffic.{} here, so remove it",
                      mode));
    }
  }
}

std::vector<double> ReadDiurnalCurve(const YamlNode& node) {
  if (!node.IsSequence()) {
    node.Fail(
        fmt::format("got {}; expected a list of 24 hourly weights, hour 0 first", node.Describe()));
    return {};
  }
  std::vector<double> curve = ReadList<double>(node, kNonNegative);
  if (node.Items().size() != 24) {
    node.Fail(
        fmt::format("{} values; expected 24 hourly weights, hour 0 first", node.Items().size()));
    return {};
  }
  double sum = 0;
  for (double w : curve) sum += w;
  if (curve.size() == 24 && sum <= 0) {
    node.Fail("every hourly weight is 0; expected at least one hour with traffic");
  }
  return curve.size() == 24 ? curve : std::vector<double>{};
}

void ReadDayShape(YamlMap& map, const std::string& base_dir, PlanTrafficSpec& t) {
  std::optional<YamlNode> curve = map.Find("diurnal_curve");
  if (curve) t.diurnal_curve = ReadDiurnalCurve(*curve);
  if (std::optional<YamlNode> folder = map.Find("servegen")) {
    if (curve) folder->Fail("given together with diurnal_curve; expected one day shape");
    if (auto path = folder->As<std::string>()) {
      t.servegen_dir = fs::path(*path).is_absolute() || base_dir.empty()
                           ? *path
                           : (fs::path(base_dir) / *path).lexically_normal().string();
    }
  }
  const bool has_shape = curve.has_value() || !t.servegen_dir.empty();
  if (t.mode == TrafficMode::kDau && t.peak_hour_share && has_shape) {
    map.node().Fail(
        "both peak_hour_share and a day shape (diurnal_curve or servegen) are given; expected "
        "exactly one");
  } else if (t.mode == TrafficMode::kDau && !t.peak_hour_share && !has_shape) {
    map.node().Fail(
        "no day shape; expected peak_hour_share, diurnal_curve or servegen with traffic.dau");
  }
}

// traffic.deadline: {requests: N | output_tokens: M, hours: T}; no day shape (the rate is the
// job's sustained average).
void ReadDeadline(YamlMap& traffic, PlanTrafficSpec& t, bool is_the_load) {
  std::optional<YamlMap> map =
      Section(traffic, "deadline",
              "a map with requests (or output_tokens) and hours, e.g. {requests: "
              "1000000, hours: 8}");
  if (!map) return;
  t.deadline_requests = map->Optional<double>("requests", kPositive);
  t.deadline_output_tokens = map->Optional<double>("output_tokens", kPositive);
  t.deadline_hours = map->Required<double>("hours", kPositive);
  if (t.deadline_requests.has_value() == t.deadline_output_tokens.has_value()) {
    map->node().Fail(fmt::format("{}; expected exactly one of requests and output_tokens",
                                 t.deadline_requests ? "both requests and output_tokens given"
                                                     : "neither requests nor output_tokens given"));
  }
  map->Finish();
  if (!is_the_load) return;
  for (const char* key : {"diurnal_curve", "servegen"}) {
    if (auto node = traffic.Find(key)) {
      node->Fail(
          "a day shape does not apply to traffic.deadline (the job's rate is its sustained "
          "average over the hours); expected no day shape");
    }
  }
}

TrafficMode ReadTrafficMode(YamlMap& map) {
  std::vector<std::string> given;
  for (const char* key : {"dau", "concurrency_at_peak", "peak_rate_per_s", "deadline"}) {
    if (map.Has(key)) given.emplace_back(key);
  }
  if (given.size() != 1) {
    map.node().Fail(fmt::format(
        "{}; expected exactly one of dau (with sessions_per_user_per_day, requests_per_session "
        "and a day shape), concurrency_at_peak, peak_rate_per_s or deadline",
        given.empty() ? "no peak load given" : "both " + JoinNames(given) + " given"));
    return TrafficMode::kPeakRate;
  }
  if (given[0] == "dau") return TrafficMode::kDau;
  if (given[0] == "deadline") return TrafficMode::kDeadline;
  return given[0] == "concurrency_at_peak" ? TrafficMode::kConcurrency : TrafficMode::kPeakRate;
}

void ReadTraffic(YamlMap& root, PlanSpec& plan) {
  PlanTrafficSpec& t = plan.traffic;
  std::optional<YamlMap> map = Section(root, "traffic", "a map of traffic inputs");
  if (plan.base.workload.IsTrace()) {
    t.mode = TrafficMode::kTrace;
    if (map) {
      map->node().Fail(
          "the base scenario replays a trace, which is the load; expected no traffic section "
          "(or a synthetic workload in the scenario)");
      map->MarkAllUsed();
    }
    return;
  }
  if (!map) {
    // Without a loaded scenario (already reported) nobody knows whether it replays a trace.
    const bool base_loaded = !plan.base.model.name.empty();
    if (base_loaded) {
      root.FailMissing("traffic", "a map with dau, concurrency_at_peak or peak_rate_per_s");
    }
    return;
  }
  t.mode = ReadTrafficMode(*map);
  if (t.mode == TrafficMode::kDau) {
    ReadDauInputs(*map, t);
  } else {
    RejectDauOnlyKeys(*map, TrafficModeName(t.mode));
    t.concurrency_at_peak = map->Optional<double>("concurrency_at_peak", kPositive);
    t.peak_rate_per_s = map->Optional<double>("peak_rate_per_s", kPositive);
    // Read even when another peak load is given too (already reported), so that the key is
    // not reported again as unknown.
    if (map->Has("deadline")) ReadDeadline(*map, t, t.mode == TrafficMode::kDeadline);
  }
  t.time_in_system_s = map->Optional<double>("time_in_system_s", kPositive);
  t.mean_prompt_tokens = map->Optional<double>("mean_prompt_tokens", kPositive);
  t.mean_output_tokens = map->Optional<double>("mean_output_tokens", kPositive);
  ReadDayShape(*map, plan.base_dir, t);
  map->Finish();
}

// --- slo -------------------------------------------------------------------------------------

void ReadSlo(YamlMap& root, PlanSloSpec& slo) {
  std::optional<YamlMap> map = Section(root, "slo", "a map of SLO targets");
  if (!map) return;
  slo.preset = map->Get<std::string>("preset", "");
  if (std::optional<YamlNode> level = map->Find("level")) {
    slo.level = detail::ReadSloLevel(*level, !slo.preset.empty());
  }
  slo.thresholds = detail::ReadSloThresholds(*map);
  std::optional<YamlNode> speed = map->Find("speed_tokens_per_s");
  if (speed) slo.speed_tokens_per_s = speed->As<double>(kPositive);
  std::optional<YamlNode> grade = map->Find("speed_grade");
  if (grade) slo.speed_grade = grade->As<std::string>().value_or("");
  slo.percentile = map->Optional<double>(
      "percentile", Expect{.min = 0, .max = 100, .min_exclusive = true, .max_exclusive = true});
  if (speed && grade) {
    grade->Fail("given together with speed_tokens_per_s; expected one speed target");
  }
  if (map->Has("tpot_ms") && (speed || grade)) {
    map->node().Fail(
        "tpot_ms and a speed target are both given; expected one (TPOT = 1000 / speed)");
  }
  map->Finish();
}

// --- candidates ------------------------------------------------------------------------------

// The EngineSpec fields a knob may vary (identity fields excluded).
const SpecField<EngineSpec>* FindKnobField(std::string_view name) {
  for (const SpecField<EngineSpec>& f : EngineFields()) {
    if (f.name == name && f.name != "display_name" && f.name != "version") return &f;
  }
  return nullptr;
}

std::vector<std::string> KnobNames() {
  std::vector<std::string> names;
  for (const SpecField<EngineSpec>& f : EngineFields()) {
    if (FindKnobField(f.name) != nullptr) names.push_back(f.name);
  }
  return names;
}

// The value read when it has the field's type and range; reported otherwise.
std::optional<EngineKnobValue> ReadKnobValue(const YamlNode& item,
                                             const SpecField<EngineSpec>& field) {
  std::optional<EngineKnobValue> knob;
  std::visit(
      [&](auto member) {
        using T = std::remove_reference_t<decltype(EngineSpec{}.*member)>;
        if (std::optional<T> value = item.As<T>(field.expect)) {
          knob = EngineKnobValue{field.name, *value, item.loc()};
        }
      },
      field.member);
  return knob;
}

void ReadKnobs(const YamlNode& node, PlanCandidatesSpec& c) {
  if (!node.IsMap()) {
    node.Fail(fmt::format("got {}; expected a map of engine field: [values]", node.Describe()));
    return;
  }
  YamlMap map(node);
  for (auto& [name, values] : map.TakeRest()) {
    const SpecField<EngineSpec>* field = FindKnobField(name);
    if (field == nullptr) {
      map.context().diags().Add(values.key_loc(), values.path(),
                                fmt::format("unknown engine knob '{}'{}; expected one of: {}", name,
                                            DidYouMean(name, KnobNames()), JoinNames(KnobNames())));
      continue;
    }
    EngineKnob knob{name, {}, {}};
    std::vector<YamlNode> items =
        values.IsSequence() ? values.Items() : std::vector<YamlNode>{values};
    for (const YamlNode& item : items) {
      if (auto value = ReadKnobValue(item, *field)) {
        knob.values.push_back(item.text());
        knob.typed.push_back(std::move(*value));
      }
    }
    if (!knob.values.empty()) c.knobs.push_back(std::move(knob));
  }
}

void ReadReplicaRange(YamlMap& map, PlanCandidatesSpec& c) {
  std::optional<YamlMap> replicas = Section(map, "replicas", "a map {min: N, max: N}");
  if (!replicas) return;
  // One candidate's fleet is searched up to kMaxPlanReplicas: the progress estimate and the search
  // grow with the range (a million replicas took minutes before any output), and a fleet beyond
  // it is several services, not one plan.
  const Expect range{.min = 1, .max = kMaxPlanReplicas};
  c.replicas_min = replicas->Get<int>("min", c.replicas_min, range);
  c.replicas_max = replicas->Get<int>("max", c.replicas_max, range);
  if (c.replicas_max < c.replicas_min) {
    replicas->node().Fail(
        fmt::format("max {} is below min {}; expected min <= max", c.replicas_max, c.replicas_min));
  }
  replicas->Finish();
}

void CheckCandidateCount(YamlMap& map, const PlanCandidatesSpec& c) {
  int64_t count = std::max<size_t>(c.gpus.size(), 1) *
                  std::max<size_t>(c.tensor_parallel.size(), 1) *
                  std::max<size_t>(c.engines.size(), 1);
  for (const EngineKnob& k : c.knobs) count *= static_cast<int64_t>(k.values.size());
  if (count > c.max_candidates) {
    map.node().Fail(
        fmt::format("{} combinations of gpus x tensor_parallel x engines x knobs; expected at most "
                    "max_candidates = {} (shorten a list, or raise max_candidates)",
                    count, c.max_candidates));
  }
}

void ReadCandidates(YamlMap& root, const Catalog& catalog, PlanCandidatesSpec& c) {
  std::optional<YamlMap> map = Section(root, "candidates", "a map of candidate lists");
  if (!map) return;
  if (auto gpus = map->Find("gpus")) c.gpus = ReadCatalogNames(*gpus, catalog.gpus, "gpu");
  if (auto tp = map->Find("tensor_parallel")) {
    c.tensor_parallel = ReadList<int>(*tp, Expect::AtLeast(1));
  }
  if (auto engines = map->Find("engines")) {
    c.engines = ReadCatalogNames(*engines, catalog.engines, "engine");
  }
  if (auto knobs = map->Find("knobs")) ReadKnobs(*knobs, c);
  c.calibration_bundle = map->Get<std::string>("calibration_bundle", "");
  ReadReplicaRange(*map, c);
  c.max_candidates = map->Get<int>("max_candidates", c.max_candidates, Expect::AtLeast(1));
  CheckCandidateCount(*map, c);
  map->Finish();
}

}  // namespace

void ReadPlanSections(YamlMap& root, const Catalog& catalog, PlanSpec& plan) {
  ReadTraffic(root, plan);
  ReadSlo(root, plan.slo);
  ReadCandidates(root, catalog, plan.candidates);
}

}  // namespace detail
}  // namespace gpuplan
