#include "sim/cli/quick_plan.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>

#include "sim/plan/derivation.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

// Business inputs a plan file must give with traffic.dau and the one-line form does not take:
// the worked example of docs/planning-method.md ("Step 2: traffic from business inputs", checked
// in tests/plan/traffic_test.cc). Its think time (30 s) and burst factor (1.5) are not taken:
// those keys are optional in a plan file, so the one-line form keeps the file's defaults (0 s,
// 1), as a plan file that leaves them out would.
constexpr double kSessionsPerUserPerDay = 2;
constexpr double kRequestsPerSession = 5;
constexpr double kPeakHourShare = 0.12;
constexpr const char* kWorkedExample = "default: docs/planning-method.md, worked example";
constexpr const char* kPlanFileDefault = "default: as in a plan file that leaves it out";

// The one-line options that give the peak load, with the plan key each one sets.
struct LoadOption {
  const char* option;
  const char* key;
  const char* label;
};
constexpr LoadOption kLoadOptions[] = {
    {"dau", "traffic.dau", "daily active users"},
    {"peak-rate", "traffic.peak_rate_per_s", "peak rate (req/s)"},
    {"concurrency", "traffic.concurrency_at_peak", "requests in flight at peak"},
};

std::string Num(double v) { return FormatNumber(v); }

std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::optional<double> NumberOption(const po::variables_map& vm, const char* name,
                                   Diagnostics& diags) {
  if (vm.count(name) == 0) return std::nullopt;
  const double value = vm[name].as<double>();
  if (!std::isfinite(value) || value <= 0) {
    diags.Add(SourceLoc{fmt::format("--{}", name), 0, 0}, "",
              fmt::format("got {}; expected a number > 0", value));
    return std::nullopt;
  }
  return value;
}

std::vector<int> TensorParallelOption(const po::variables_map& vm, Diagnostics& diags) {
  std::vector<int> values;
  for (const std::string& text : ListOptionValues(vm, {"tp"})) {
    size_t used = 0;
    int value = 0;
    try {
      value = std::stoi(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || value < 1) {
      diags.Add(
          SourceLoc{"--tp", 0, 0}, "",
          fmt::format("got '{}'; expected whole numbers >= 1 (GPUs per replica), e.g. 1,2", text));
      continue;
    }
    values.push_back(value);
  }
  return values;
}

// The base scenario: the catalog's scenarios/default.yaml, else the shipped one.
std::string DefaultScenarioPath(const po::variables_map& vm) {
  std::error_code ec;
  const std::string in_catalog = CatalogDefaultScenario(vm);
  if (fs::is_regular_file(in_catalog, ec)) return in_catalog;
  const std::string shipped =
      (fs::path(GPUPLAN_DEFAULT_CONFIGS) / "scenarios" / "default.yaml").string();
  if (fs::is_regular_file(shipped, ec)) return shipped;
  throw UsageError(fmt::format(
      "the one-line form starts from the default scenario, which is neither at {} nor at {}; "
      "write a plan file with `gpuplan init plan` and run `gpuplan plan FILE`",
      in_catalog, shipped));
}

// The one-line form as it was given (the options that shape the plan), for plan.json's
// plan_file and the report's "reproduce" line.
std::string CommandLineText(const po::variables_map& vm, const std::vector<std::string>& gpus,
                            const std::vector<int>& tp) {
  std::vector<std::string> parts;
  if (vm.count("model")) parts.push_back("--model " + vm["model"].as<std::string>());
  if (!gpus.empty()) parts.push_back("--gpus " + Join(gpus, ","));
  if (vm.count("engine")) parts.push_back("--engine " + vm["engine"].as<std::string>());
  if (!tp.empty()) {
    std::vector<std::string> text;
    for (int v : tp) text.push_back(std::to_string(v));
    parts.push_back("--tp " + Join(text, ","));
  }
  for (const char* name : {"dau", "peak-rate", "concurrency", "ttft", "speed"}) {
    if (vm.count(name)) parts.push_back(fmt::format("--{} {}", name, vm[name].as<double>()));
  }
  return Join(parts, " ");
}

std::string GivenBy(const char* option) { return fmt::format("given (--{})", option); }

class InputTable {
 public:
  void Given(std::string name, std::string value, const char* option) {
    rows_.push_back({std::move(name), std::move(value), GivenBy(option), false});
  }
  void Default(std::string name, std::string value, std::string origin) {
    rows_.push_back({std::move(name), std::move(value), std::move(origin), true});
  }
  std::vector<QuickPlanInput> rows() && { return std::move(rows_); }

 private:
  std::vector<QuickPlanInput> rows_;
};

void FillTraffic(const LoadOption& load, double value, PlanSpec& plan, InputTable& table) {
  PlanTrafficSpec& t = plan.traffic;
  table.Given(load.label, Num(value), load.option);
  const SourceLoc loc{fmt::format("--{}", load.option), 0, 0};
  plan.locations["traffic"] = loc;
  plan.locations[load.key] = loc;
  if (std::string_view(load.option) == "dau") {
    t.mode = TrafficMode::kDau;
    t.dau = value;
    t.sessions_per_user_per_day = kSessionsPerUserPerDay;
    t.requests_per_session = kRequestsPerSession;
    t.peak_hour_share = kPeakHourShare;
    table.Default("sessions/user/day", Num(t.sessions_per_user_per_day), kWorkedExample);
    table.Default("requests/session", Num(t.requests_per_session), kWorkedExample);
    table.Default("peak-hour share", Num(*t.peak_hour_share), kWorkedExample);
    table.Default("think time", fmt::format("{} s", Num(t.think_time_s)), kPlanFileDefault);
    table.Default("burst factor", Num(t.burst_factor), kPlanFileDefault);
  } else if (std::string_view(load.option) == "peak-rate") {
    t.mode = TrafficMode::kPeakRate;
    t.peak_rate_per_s = value;
  } else {
    t.mode = TrafficMode::kConcurrency;
    t.concurrency_at_peak = value;
  }
  table.Default("time in system", "from the latency targets (step 2)", kPlanFileDefault);
  table.Default("mean prompt/output tokens", "sampled from the base scenario (step 2)",
                kPlanFileDefault);
}

void FillSlo(const std::optional<double>& ttft, const std::optional<double>& speed, PlanSpec& plan,
             InputTable& table) {
  PlanSloSpec& s = plan.slo;
  s.thresholds[SloMetric::kTtft] = ttft;
  s.speed_tokens_per_s = speed;
  if (ttft) plan.locations["slo.ttft_ms"] = {"--ttft", 0, 0};
  if (speed) plan.locations["slo.speed_tokens_per_s"] = {"--speed", 0, 0};
  if (ttft || speed) plan.locations["slo"] = {ttft ? "--ttft" : "--speed", 0, 0};
  if (!ttft && !speed) {
    const std::optional<SloSpec>& base = plan.base.slo;
    std::vector<std::string> targets;
    for (SloMetric m : kSloMetrics) {
      if (base && base->thresholds[m]) {
        targets.push_back(fmt::format("{} {} ms", SloMetricLabel(m), Num(*base->thresholds[m])));
      }
    }
    table.Default("latency targets",
                  base ? fmt::format("{} at p{}", Join(targets), Num(base->percentile)) : "none",
                  "default: the base scenario's slo (no --ttft, no --speed)");
    return;
  }
  if (ttft) {
    table.Given("TTFT target", fmt::format("{} ms", Num(*ttft)), "ttft");
  } else {
    table.Default("TTFT target", "none", "not constrained: no --ttft");
  }
  if (speed) {
    table.Given("speed", fmt::format("{} tokens/s (TPOT {} ms)", Num(*speed), Num(1000 / *speed)),
                "speed");
  } else {
    table.Default("TPOT target", "none", "not constrained: no --speed");
  }
  table.Default("percentile", "p95", kPlanFileDefault);
}

}  // namespace

void AddQuickPlanOptions(po::options_description& options) {
  options.add_options()("model", po::value<std::string>(),
                        "one-line form: catalog model (default: the default scenario's)")(
      "gpus", po::value<std::vector<std::string>>()->composing(),
      "one-line form: candidate GPUs, a comma list or repeated (default: the default "
      "scenario's GPU)")("gpu", po::value<std::vector<std::string>>()->composing(),
                         "the same as --gpus")(
      "engine", po::value<std::string>(),
      "one-line form: engine preset (default: the default scenario's, vllm)")(
      "tp", po::value<std::vector<std::string>>()->composing(),
      "one-line form: tensor-parallel sizes to try, e.g. 1,2 (default: the default scenario's, "
      "1)")("dau", po::value<double>(), "one-line form: daily active users")(
      "peak-rate", po::value<double>(),
      "one-line form, instead of --dau: peak arrival rate, req/s")(
      "concurrency", po::value<double>(),
      "one-line form, instead of --dau: requests in flight at peak")(
      "ttft", po::value<double>(), "one-line form: p95 time-to-first-token target, ms")(
      "speed", po::value<double>(),
      "one-line form: per-user generation speed, tokens/s (p95 TPOT = 1000 / speed)");
}

std::vector<std::string> GivenQuickPlanOptions(const po::variables_map& vm) {
  std::vector<std::string> given;
  for (const char* name : {"model", "gpus", "gpu", "engine", "tp", "dau", "peak-rate",
                           "concurrency", "ttft", "speed"}) {
    if (vm.count(name)) given.push_back(fmt::format("--{}", name));
  }
  return given;
}

QuickPlan BuildQuickPlan(const po::variables_map& vm, const Catalog& catalog,
                         const LoaderOptions& options) {
  std::vector<const LoadOption*> loads;
  for (const LoadOption& load : kLoadOptions) {
    if (vm.count(load.option)) loads.push_back(&load);
  }
  if (loads.size() != 1) {
    throw UsageError(
        loads.empty()
            ? "the one-line form needs the peak load; expected one of --dau N, --peak-rate R "
              "or --concurrency C"
            : fmt::format("--{} and --{} both given; expected one of --dau, --peak-rate and "
                          "--concurrency",
                          loads[0]->option, loads[1]->option));
  }
  Diagnostics diags;
  std::optional<std::string> model;
  if (vm.count("model")) {
    model = vm["model"].as<std::string>();
    CheckCatalogNames({*model}, catalog.models, "model", "--model", diags);
  }
  const std::vector<std::string> gpus = ListOptionValues(vm, {"gpus", "gpu"});
  CheckCatalogNames(gpus, catalog.gpus, "gpu", vm.count("gpus") ? "--gpus" : "--gpu", diags);
  if ((vm.count("gpus") || vm.count("gpu")) && gpus.empty()) {
    diags.Add(SourceLoc{"--gpus", 0, 0}, "", "no GPU named; expected catalog GPUs, e.g. h100_sxm");
  }
  std::optional<std::string> engine;
  if (vm.count("engine")) {
    engine = vm["engine"].as<std::string>();
    CheckCatalogNames({*engine}, catalog.engines, "engine preset", "--engine", diags);
  }
  const std::vector<int> tp = TensorParallelOption(vm, diags);
  const std::optional<double> load_value = NumberOption(vm, loads[0]->option, diags);
  const std::optional<double> ttft = NumberOption(vm, "ttft", diags);
  const std::optional<double> speed = NumberOption(vm, "speed", diags);
  const size_t combinations = std::max<size_t>(gpus.size(), 1) * std::max<size_t>(tp.size(), 1);
  const PlanCandidatesSpec defaults;
  if (combinations > static_cast<size_t>(defaults.max_candidates)) {
    diags.Add(SourceLoc{"--gpus", 0, 0}, "",
              fmt::format("{} combinations of GPUs x tensor-parallel sizes; expected at most {}",
                          combinations, defaults.max_candidates));
  }
  diags.ThrowIfAny();

  QuickPlan quick;
  PlanSpec& plan = quick.spec;
  InputTable table;
  const std::string scenario_path = DefaultScenarioPath(vm);
  std::vector<std::string> scenario_sets;
  if (model) scenario_sets.push_back("model=" + *model);
  plan.base = LoadScenario(scenario_path, scenario_sets, catalog, options);
  plan.base_source = scenario_path;
  plan.name = "one-line-plan";
  plan.description =
      "gpuplan plan's one-line form: every input not on the command line is a documented default";
  plan.source_file = CommandLineText(vm, gpus, tp);
  plan.base_dir = fs::current_path().string();

  if (model) {
    table.Given("model", *model, "model");
    plan.locations["scenario"] = {"--model", 0, 0};
  } else {
    table.Default("model", plan.base.model.name, "default: the base scenario's model");
  }
  plan.candidates.gpus = gpus;
  if (!gpus.empty()) {
    table.Given("GPUs", Join(gpus), vm.count("gpus") ? "gpus" : "gpu");
    const SourceLoc loc{vm.count("gpus") ? "--gpus" : "--gpu", 0, 0};
    plan.locations["candidates"] = loc;
    plan.locations["candidates.gpus"] = loc;
    plan.locations["cost"] = loc;  // a GPU without a price
  } else {
    table.Default("GPUs", plan.base.gpu.name, "default: the base scenario's GPU");
  }
  if (engine) {
    plan.candidates.engines = {*engine};
    plan.locations["candidates.engines"] = {"--engine", 0, 0};
    table.Given("engine preset", *engine, "engine");
  } else {
    table.Default("engine preset", plan.base.engine.name,
                  "default: the base scenario's engine, as configured there");
  }
  plan.candidates.tensor_parallel = tp;
  quick.tensor_parallel_given = !tp.empty();
  if (!tp.empty()) {
    std::vector<std::string> text;
    for (int v : tp) text.push_back(std::to_string(v));
    plan.locations["candidates.tensor_parallel"] = {"--tp", 0, 0};
    table.Given("tensor parallel", Join(text), "tp");
  } else {
    table.Default("tensor parallel", std::to_string(plan.base.deployment.tensor_parallel),
                  "default: the base scenario's (--tp 1,2,4 tries more)");
  }
  table.Default("base scenario", scenario_path,
                "default: its request lengths, router and latency model");
  FillTraffic(*loads[0], *load_value, plan, table);
  FillSlo(ttft, speed, plan, table);
  const PlanSearchSpec& s = plan.search;
  std::vector<std::string> multipliers;
  for (double m : s.sensitivity) multipliers.push_back("x" + Num(m));
  table.Default("search",
                fmt::format("{} seeds x {} requests per probe", s.seeds,
                            Num(static_cast<double>(s.requests_per_probe))),
                kPlanFileDefault);
  table.Default("replicas searched",
                fmt::format("{}-{}", plan.candidates.replicas_min, plan.candidates.replicas_max),
                kPlanFileDefault);
  table.Default("sensitivity", Join(multipliers), kPlanFileDefault);
  table.Default("cost", "the catalog's cloud prices", kPlanFileDefault);
  quick.inputs = std::move(table).rows();
  return quick;
}

std::string FormatQuickPlanInputs(const QuickPlan& plan) {
  std::string out =
      "inputs of the one-line form (no plan file; * = not given, a documented default):\n";
  size_t value_width = 0;
  for (const QuickPlanInput& in : plan.inputs) value_width = std::max(value_width, in.value.size());
  value_width = std::min<size_t>(value_width, 34);
  for (const QuickPlanInput& in : plan.inputs) {
    out += fmt::format("  {} {:<26} {:<{}}  {}\n", in.defaulted ? '*' : ' ', in.name, in.value,
                       value_width, in.origin);
  }
  return out + "\n";
}

}  // namespace gpuplan
