// LoadPlan: parse the plan, apply --set, load the base scenario through the scenario loader (so
// a plan's scenario is checked exactly like a scenario file), then read the plan sections (cost,
// search and autoscaler here; traffic, slo and candidates in plan_spec.cc).
//
// An inline scenario is loaded from the plan's own text with every line outside the `scenario:`
// block blanked and the key itself replaced by spaces: the block keeps its lines and columns (a
// YAML document may be indented), so its errors point into the plan file, at plan.yaml:L:C.

#include <algorithm>
#include <array>
#include <filesystem>
#include <sstream>

#include "sim/config/plan_spec.h"
#include "sim/config/yaml_document.h"
#include "sim/config/yaml_reader.h"
#include "sim/core/suggest.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kScenarioPrefix = "scenario.";

// The plan's text with only the block of a top-level key kept, at the same lines and columns:
// the key line up to its ':' becomes spaces; indented, blank and comment lines below it stay.
std::string KeepTopLevelBlock(const std::string& text, int key_line) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  bool inside = false;
  for (int number = 1; std::getline(in, line); ++number) {
    if (number == key_line) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) line.replace(0, colon + 1, colon + 1, ' ');
      inside = true;
    } else if (inside) {
      const size_t first = line.find_first_not_of(" \t\r");
      const bool continues =
          first == std::string::npos || line[first] == '#' || line[0] == ' ' || line[0] == '\t';
      inside = continues;
    }
    if (number == key_line || inside) out += line;
    out += '\n';
  }
  return out;
}

// Inline scenarios may leave out what every probe sets anyway.
std::vector<std::string> InlineDefaults(const YAML::Node& scenario,
                                        const std::vector<std::string>& sets) {
  // True when an argument sets `path` itself, a child of it, or its parent section whole.
  auto set_by_user = [&](std::string_view path) {
    for (const std::string& s : sets) {
      const std::string key = s.substr(0, s.find('='));
      if (key == path || key.rfind(std::string(path) + ".", 0) == 0 ||
          std::string(path).rfind(key + ".", 0) == 0) {
        return true;
      }
    }
    return false;
  };
  std::vector<std::string> defaults;
  if (!scenario["simulation"] && !set_by_user("simulation")) {
    defaults.emplace_back("simulation={num_requests: 1000}");
  }
  const YAML::Node workload = scenario["workload"];
  if (workload && workload.IsMap() && !workload["arrival"] && !workload["trace"] &&
      !set_by_user("workload.arrival") && !set_by_user("workload.trace")) {
    defaults.emplace_back("workload.arrival={kind: poisson, rate_per_s: 1}");
  }
  return defaults;
}

// Diagnostics of an inline scenario name their keys as they sit in the plan: scenario.<key>.
void AddInlineDiagnostics(const ConfigError& error, const std::string& file, Diagnostics& diags) {
  for (const Diagnostic& d : error.diagnostics()) {
    std::string path = d.path;
    if (d.loc.file == file || d.loc.file == "--set") {
      path = path.empty() ? "scenario" : std::string(kScenarioPrefix) + path;
    }
    diags.Add(d.loc, path, d.message);
  }
}

struct ScenarioInput {
  const std::string& text;  // the plan's text
  const std::string& file;
  const std::string& file_dir;
  std::vector<std::string> sets;  // --set arguments under scenario., prefix removed
  const Catalog& catalog;
  const LoaderOptions& options;
};

std::optional<Scenario> LoadInline(const YamlNode& node, const ScenarioInput& in,
                                   Diagnostics& diags) {
  std::vector<std::string> sets = in.sets;
  for (std::string& d : InlineDefaults(node.raw(), in.sets)) sets.push_back(std::move(d));
  const SourceLoc key = node.key_loc();
  std::string text;
  if (key.file == in.file && key.line > 0 && key.column == 1) {
    text = KeepTopLevelBlock(in.text, key.line);
  } else {
    // Replaced by --set, or written in a flow map: no lines of its own to keep.
    YAML::Emitter out;
    out << node.raw();
    text = out.c_str();
  }
  try {
    Scenario s = LoadScenarioFromString(text, in.file, sets, in.catalog, in.options);
    // The loader resolved base_dir against the plan's folder as written; LoadPlan's folder is
    // absolute, and so is the base_dir of a scenario loaded from a file.
    if (!s.base_dir.empty() && fs::path(s.base_dir).is_relative() &&
        fs::path(in.file_dir).is_absolute()) {
      s.base_dir = fs::absolute(s.base_dir).lexically_normal().string();
    }
    return s;
  } catch (const ConfigError& e) {
    AddInlineDiagnostics(e, in.file, diags);
  }
  return std::nullopt;
}

std::optional<Scenario> LoadFromPath(const YamlNode& node, const ScenarioInput& in,
                                     Diagnostics& diags) {
  const std::optional<std::string> written = node.As<std::string>();
  if (!written) return std::nullopt;
  fs::path path = *written;
  if (path.is_relative() && !in.file_dir.empty()) path = fs::path(in.file_dir) / path;
  path = path.lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    node.Fail(
        fmt::format("scenario file {} not found; expected a scenario YAML file (relative "
                    "to the plan's folder) or an inline scenario map",
                    path.string()));
    return std::nullopt;
  }
  try {
    return LoadScenario(path.string(), in.sets, in.catalog, in.options);
  } catch (const ConfigError& e) {
    for (const Diagnostic& d : e.diagnostics()) diags.Add(d.loc, d.path, d.message);
  }
  return std::nullopt;
}

void ReadBaseScenario(YamlMap& root, const ScenarioInput& in, PlanSpec& plan) {
  Diagnostics& diags = root.context().diags();
  std::optional<YamlNode> node = root.Find("scenario");
  std::optional<Scenario> base;
  if (!node) {
    root.FailMissing("scenario", "a scenario file path or an inline scenario map");
  } else if (node->IsMap()) {
    base = LoadInline(*node, in, diags);
    plan.base_source = "inline";
  } else if (node->IsScalar()) {
    base = LoadFromPath(*node, in, diags);
    plan.base_source = node->text();
  } else {
    node->Fail(fmt::format("got {}; expected a scenario file path or an inline scenario map",
                           node->Describe()));
  }
  if (base) plan.base = std::move(*base);
}

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

// Traffic multipliers: a list of numbers > 0 (empty: no sensitivity table).
std::vector<double> ReadMultipliers(const YamlNode& node) {
  std::vector<double> values;
  if (!node.IsSequence()) {
    node.Fail(fmt::format("got {}; expected a list of traffic multipliers > 0", node.Describe()));
    return values;
  }
  for (const YamlNode& item : node.Items()) {
    if (auto v = item.As<double>(kPositive)) values.push_back(*v);
  }
  return values;
}

// --- cost ------------------------------------------------------------------------------------

std::map<std::string, double> ReadGpuPrices(const YamlNode& node, const Catalog& catalog,
                                            const Expect& expect) {
  std::map<std::string, double> prices;
  if (!node.IsMap()) {
    node.Fail(fmt::format("got {}; expected a map of gpu name: dollars", node.Describe()));
    return prices;
  }
  YamlMap map(node);
  const std::vector<std::string> valid = CatalogNames(catalog.gpus);
  for (auto& [gpu, value] : map.TakeRest()) {
    if (catalog.gpus.count(gpu) == 0) {
      value.Fail(fmt::format("unknown gpu '{}'{}; expected one of: {}", gpu, DidYouMean(gpu, valid),
                             JoinNames(valid)));
      continue;
    }
    if (auto price = value.As<double>(expect)) prices[gpu] = *price;
  }
  return prices;
}

void ReadOnPrem(YamlMap& map, const Catalog& catalog, PlanCostSpec& c) {
  c.on_prem = true;
  if (auto prices = map.Find("purchase_usd_per_gpu")) {
    c.purchase_usd_per_gpu = ReadGpuPrices(*prices, catalog, kNonNegative);
  } else {
    map.FailMissing("purchase_usd_per_gpu", "a map of gpu name: purchase dollars per GPU");
  }
  c.amortisation_years = map.Get<double>("amortisation_years", c.amortisation_years, kPositive);
  c.utilisation = map.Get<double>("utilisation", c.utilisation,
                                  Expect{.min = 0, .max = 1, .min_exclusive = true});
  c.usd_per_kwh = map.Get<double>("usd_per_kwh", c.usd_per_kwh, kNonNegative);
  c.pue = map.Get<double>("pue", c.pue, Expect::AtLeast(1));
  c.hosting_usd_per_gpu_month =
      map.Get<double>("hosting_usd_per_gpu_month", c.hosting_usd_per_gpu_month, kNonNegative);
  map.Finish();
}

// cost.cloud.normalise: {to, factors: {tier: factor}, source}.
PlanTierNormalisation ReadNormalisation(YamlMap& map) {
  const Expect tiers = Expect::OneOf({std::begin(kPriceTiers), std::end(kPriceTiers)});
  PlanTierNormalisation n;
  n.to = map.Required<std::string>("to", tiers);
  if (std::optional<YamlNode> factors = map.Find("factors")) {
    if (!factors->IsMap()) {
      factors->Fail(
          fmt::format("got {}; expected a map of price tier: factor", factors->Describe()));
    } else {
      YamlMap by_tier(*factors);
      for (auto& [tier, value] : by_tier.TakeRest()) {
        const bool known = std::find(std::begin(kPriceTiers), std::end(kPriceTiers), tier) !=
                           std::end(kPriceTiers);
        if (!known || tier == n.to) {
          value.Fail(fmt::format("'{}' {}; expected a price tier other than '{}', one of: {}", tier,
                                 known ? "is the tier prices are normalised to" : "is not a tier",
                                 n.to, fmt::join(kPriceTiers, ", ")));
          continue;
        }
        if (auto factor = value.As<double>(kPositive)) n.factors[tier] = *factor;
      }
    }
  } else {
    map.FailMissing("factors", "a map of price tier: factor (price of the 'to' tier / its price)");
  }
  n.source = map.Required<std::string>("source");
  map.Finish();
  return n;
}

// YYYY-MM-DD with a month 01-12 and a day that month has (February 29 in leap years only).
bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int year = std::stoi(std::string(s.substr(0, 4)));
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// cost.currency: {code, per_usd, date, source}, every key required: a rate without its date and
// source is not one a planner can check.
PlanCurrency ReadCurrency(YamlMap& map) {
  PlanCurrency c;
  c.code = map.Required<std::string>("code");
  const bool iso = c.code.size() == 3 && std::all_of(c.code.begin(), c.code.end(), [](char ch) {
                     return ch >= 'A' && ch <= 'Z';
                   });
  if (!c.code.empty() && (!iso || c.code == "USD")) {
    map.Find("code")->Fail(
        fmt::format("'{}' {}; expected an ISO 4217 code of three capital letters other than USD "
                    "(costs are in US dollars already), e.g. JPY",
                    c.code, iso ? "is the cost model's own currency" : "is not a currency code"));
  }
  c.per_usd = map.Required<double>("per_usd", kPositive);
  c.date = map.Required<std::string>("date");
  if (!c.date.empty() && !IsIsoDate(c.date)) {
    map.Find("date")->Fail(
        fmt::format("'{}' is not a date; expected YYYY-MM-DD, the day the rate is of", c.date));
  }
  c.source = map.Required<std::string>("source");
  map.Finish();
  return c;
}

void ReadCost(YamlMap& root, const Catalog& catalog, PlanCostSpec& c) {
  std::optional<YamlMap> map = Section(root, "cost", "a map with cloud or on_prem");
  if (!map) return;
  std::optional<YamlMap> cloud =
      Section(*map, "cloud", "a map {usd_per_gpu_hour: {...}, tier: ...}");
  std::optional<YamlMap> on_prem = Section(*map, "on_prem", "a map of on-premises costs");
  if (cloud && on_prem) map->node().Fail("both cloud and on_prem given; expected one");
  if (cloud) {
    if (auto prices = cloud->Find("usd_per_gpu_hour")) {
      c.usd_per_gpu_hour = ReadGpuPrices(*prices, catalog, kPositive);
    }
    c.tier = cloud->Get<std::string>(
        "tier", "", Expect::OneOf({std::begin(kPriceTiers), std::end(kPriceTiers)}));
    if (std::optional<YamlMap> normalise =
            Section(*cloud, "normalise", "a map {to, factors: {tier: factor}, source}")) {
      if (!c.tier.empty()) {
        normalise->node().Fail(
            "cost.cloud.tier and cost.cloud.normalise both given; expected one: compare one "
            "tier's prices, or normalise the others to one tier");
      }
      c.normalise = ReadNormalisation(*normalise);
    }
    cloud->Finish();
  }
  if (on_prem) ReadOnPrem(*on_prem, catalog, c);
  if (std::optional<YamlMap> currency =
          Section(*map, "currency", "a map {code, per_usd, date, source}")) {
    c.currency = ReadCurrency(*currency);
  }
  map->Finish();
}

// --- search and autoscaler -------------------------------------------------------------------

void ReadSearch(YamlMap& root, PlanSearchSpec& s) {
  std::optional<YamlMap> map = Section(root, "search", "a map of search settings");
  if (!map) return;
  s.seeds = map->Get<int>("seeds", s.seeds, Expect::AtLeast(2));
  s.first_seed = static_cast<uint64_t>(
      map->Get<int64_t>("first_seed", static_cast<int64_t>(s.first_seed), kNonNegative));
  s.requests_per_probe =
      map->Get<int64_t>("requests_per_probe", s.requests_per_probe, Expect::AtLeast(50));
  s.warmup_fraction =
      map->Get<double>("warmup_fraction", s.warmup_fraction, Expect{.min = 0, .max = 0.9});
  s.confidence =
      map->Get<double>("confidence", s.confidence,
                       Expect{.min = 0, .max = 1, .min_exclusive = true, .max_exclusive = true});
  s.threads = map->Get<int>("threads", s.threads, kNonNegative);
  if (auto sens = map->Find("sensitivity")) s.sensitivity = ReadMultipliers(*sens);
  s.latency_safety_factor =
      map->Get<double>("latency_safety_factor", s.latency_safety_factor, Expect::AtLeast(1));
  map->Finish();
}

// --- constraints -----------------------------------------------------------------------------

void ReadConstraints(YamlMap& root, PlanConstraintsSpec& c) {
  std::optional<YamlMap> map = Section(root, "constraints", "a map of constraints");
  if (!map) return;
  c.max_monthly_cost = map->Optional<double>("max_monthly_cost", kPositive);
  map->Finish();
}

std::optional<double> ReadTarget(const YamlNode& node) {
  if (node.IsScalar() && node.text() == "auto") return std::nullopt;
  if (node.IsScalar() && !ParseDouble(node.text())) {
    node.Fail(fmt::format("got {}; expected auto or a number > 0", node.Describe()));
    return std::nullopt;
  }
  return node.As<double>(kPositive);
}

AutoscalerMetric ReadMetric(YamlMap& map) {
  const std::string name = map.Get<std::string>(
      "metric", "queue_length",
      Expect::OneOf({"queue_length", "kv_cache_utilization", "gpu_utilization"}));
  if (name == "kv_cache_utilization") return AutoscalerMetric::kKvCacheUtilization;
  if (name == "gpu_utilization") return AutoscalerMetric::kGpuUtilization;
  return AutoscalerMetric::kQueueLength;
}

void ReadAutoscaler(YamlMap& root, std::optional<PlanAutoscalerSpec>& out) {
  std::optional<YamlMap> map = Section(root, "autoscaler", "a map of autoscaler settings");
  if (!map) return;
  PlanAutoscalerSpec a;
  a.metric = ReadMetric(*map);
  if (auto target = map->Find("target")) a.target = ReadTarget(*target);
  a.tolerance =
      map->Get<double>("tolerance", a.tolerance, Expect{.min = 0, .max = 1, .max_exclusive = true});
  a.min_replicas =
      map->Get<int>("min_replicas", a.min_replicas, Expect{.min = 0, .max = kMaxPlanReplicas});
  a.max_replicas = map->Optional<int>("max_replicas", Expect{.min = 1, .max = kMaxPlanReplicas});
  if (a.max_replicas && *a.max_replicas < a.min_replicas) {
    map->node().Fail(fmt::format("max_replicas {} is below min_replicas {}; expected min <= max",
                                 *a.max_replicas, a.min_replicas));
  }
  a.load_bandwidth_gb_per_s =
      map->Get<double>("load_bandwidth_gb_per_s", a.load_bandwidth_gb_per_s, kPositive);
  const Expect seconds{.min = 0, .max = kMaxSimSeconds};
  a.startup_s = map->Get<double>("startup_s", a.startup_s, seconds);
  a.sync_period_s = map->Get<double>("sync_period_s", a.sync_period_s,
                                     Expect{.min = kMinSyncPeriodS, .max = kMaxSimSeconds});
  a.scale_down_delay_s = map->Get<double>("scale_down_delay_s", a.scale_down_delay_s, seconds);
  if (auto old = map->Find("requests_per_window")) {
    old->Fail(
        "requests_per_window is no longer read: the day is one continuous replay of 24 hours; "
        "expected seconds_per_hour (3600 = real time) to shorten it");
  }
  a.seconds_per_hour =
      map->Get<double>("seconds_per_hour", a.seconds_per_hour, Expect{.min = 1, .max = 3600});
  a.seeds = map->Get<int>("seeds", a.seeds, Expect::AtLeast(1));
  map->Finish();
  out = a;
}

// Splits --set arguments into the plan's own and the base scenario's (prefix removed).
void SplitSets(const std::vector<std::string>& all, std::vector<std::string>& plan_sets,
               std::vector<std::string>& scenario_sets) {
  for (const std::string& s : all) {
    if (s.rfind(kScenarioPrefix, 0) == 0) {
      scenario_sets.push_back(s.substr(kScenarioPrefix.size()));
    } else {
      plan_sets.push_back(s);
    }
  }
}

PlanSpec LoadFromText(const std::string& text, const std::string& file, const std::string& file_dir,
                      const std::vector<std::string>& set_overrides, const Catalog& catalog,
                      const LoaderOptions& options) {
  Diagnostics diags;
  std::optional<YAML::Node> root = ParseYaml(text, file, diags);
  diags.ThrowIfAny();
  std::vector<std::string> plan_sets;
  std::vector<std::string> scenario_sets;
  SplitSets(set_overrides, plan_sets, scenario_sets);
  ReadContext context(file, diags);
  ApplySetOverrides(*root, plan_sets, context);
  PlanSpec plan;
  plan.source_file = file;
  plan.base_dir = file_dir;
  YamlNode root_node(context, *root, "");
  if (!root_node.IsMap()) {
    root_node.Fail(
        fmt::format("got {}; expected a map of plan keys (scenario, traffic, slo, "
                    "candidates, ...)",
                    root_node.Describe()));
    diags.ThrowIfAny();
  }
  YamlMap root_map(root_node);
  plan.name = root_map.Get<std::string>("name", fs::path(file).stem().string());
  plan.description = root_map.Get<std::string>("description", "");
  ReadBaseScenario(root_map, {text, file, file_dir, scenario_sets, catalog, options}, plan);
  detail::ReadPlanSections(root_map, catalog, plan);
  ReadCost(root_map, catalog, plan.cost);
  ReadSearch(root_map, plan.search);
  ReadConstraints(root_map, plan.constraints);
  ReadAutoscaler(root_map, plan.autoscaler);
  root_map.Finish();
  plan.locations = context.locations();
  SortedByPosition(diags, file).ThrowIfAny();
  return plan;
}

}  // namespace

PlanSpec LoadPlan(const std::string& path, const std::vector<std::string>& set_overrides,
                  const Catalog& catalog, const LoaderOptions& options) {
  Diagnostics diags;
  std::optional<std::string> text = ReadTextFile(path, diags);
  diags.ThrowIfAny();
  const std::string file_dir = fs::absolute(path).lexically_normal().parent_path().string();
  return LoadFromText(*text, path, file_dir, set_overrides, catalog, options);
}

PlanSpec LoadPlanFromString(const std::string& text, const std::string& pseudo_filename,
                            const std::vector<std::string>& set_overrides, const Catalog& catalog,
                            const LoaderOptions& options) {
  const std::string file_dir = fs::path(pseudo_filename).parent_path().string();
  return LoadFromText(text, pseudo_filename, file_dir, set_overrides, catalog, options);
}

}  // namespace gpuplan
