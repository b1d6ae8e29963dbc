// gpuplan init plan [FILE] [--model M] [--gpu G ...] [--engine E] [--force]
// gpuplan init scenario [FILE] [--model M] [--gpu G] [--engine E] [--force]
//
// Writes a starting file with every key commented (what it means, its allowed values, where the
// docs explain it), small enough to run in seconds as written. The text is checked by loading it
// the way `gpuplan plan` / `gpuplan simulate` will before it is written, so a written file loads.
#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <ostream>
#include <sstream>

#include "sim/cli/cli_support.h"
#include "sim/config/plan_spec.h"
#include "sim/config/slo_presets.h"
#include "sim/plan/candidates.h"
#include "sim/runner/builtins.h"
#include "sim/util/atomic_file.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: gpuplan init plan [FILE] [--model M] [--gpu G1,G2] [--engine E] [--force]\n"
    "       gpuplan init scenario [FILE] [--model M] [--gpu G] [--engine E] [--force]\n\n"
    "Writes a commented starting file: `plan` a plan for `gpuplan plan` (default plan.yaml),\n"
    "`scenario` a scenario for `gpuplan simulate` (default scenario.yaml). Every key carries its\n"
    "meaning and allowed values; the file runs as written (a plan with small search settings,\n"
    "seconds). The plan uses the shipped configs/scenarios/default.yaml by a path relative to\n"
    "the file when it exists and --model is its model, else an inline scenario.\n"
    "An existing FILE is kept unless --force.";

constexpr int kCommentColumn = 36;
constexpr size_t kWidth = 100;

// Request lengths of configs/scenarios/default.yaml: lognormal fits of the Azure LLM inference
// trace 2023 (conv), written inline when that file is not used.
constexpr const char* kLengthSource = "lognormal fit of the Azure LLM inference trace 2023 (conv)";
struct Lengths {
  const char* key;
  const char* what;
  int median;
  double sigma;
  int max;
};
constexpr Lengths kPromptLengths{"prompt_tokens", "prompt length, tokens", 1020, 0.5, 14050};
constexpr Lengths kOutputLengths{"output_tokens", "output length, tokens", 129, 0.99, 1000};

// A YAML text with a comment beside each line, wrapped at kWidth onto comment-only lines.
class CommentedYaml {
 public:
  // "# text" lines at column 0; each '\n'-separated line of `text` is wrapped on its own.
  void Note(std::string_view text) {
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) {
      const size_t indent = line.find_first_not_of(' ');
      Wrap("# " + line.substr(0, indent == std::string::npos ? 0 : indent),
           indent == std::string::npos ? "" : line.substr(indent), "# ");
    }
  }
  // `yaml` with "# comment" at kCommentColumn (one space after a longer line).
  void Line(std::string_view yaml, std::string_view comment) {
    std::string head(yaml);
    head.resize(std::max<size_t>(head.size() + 1, kCommentColumn), ' ');
    Wrap(head + "# ", comment, std::string(kCommentColumn, ' ') + "#   ");
  }
  void Blank() { text_ += "\n"; }
  const std::string& text() const { return text_; }

 private:
  void Wrap(const std::string& first, std::string_view words, const std::string& next) {
    std::string line = first;
    bool empty = true;
    std::istringstream in{std::string(words)};
    std::string word;
    while (in >> word) {
      if (!empty && line.size() + 1 + word.size() > kWidth) {
        text_ += line + "\n";
        line = next;
        empty = true;
      }
      line += (empty ? "" : " ") + word;
      empty = false;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text_ += line + "\n";
  }

  std::string text_;
};

// A YAML scalar as written: plain when it is safe, else single-quoted.
std::string Scalar(const std::string& text) {
  const bool plain = !text.empty() && text.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
                                          "KLMNOPQRSTUVWXYZ0123456789._/-") == std::string::npos;
  if (plain && text[0] != '-') return text;
  std::string quoted = "'";
  for (char c : text) quoted.append(c == '\'' ? 2 : 1, c);
  return quoted + "'";
}

std::string Flow(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return "[" + out + "]";
}

std::string Flow(const std::vector<int>& items) {
  std::vector<std::string> text;
  for (int v : items) text.push_back(std::to_string(v));
  return Flow(text);
}

template <class Registry>
std::string KindNames(const Registry& registry) {
  std::vector<std::string> names;
  for (const auto& entry : registry.entries()) names.push_back(entry.name);
  return "one of: " + JoinNames(names);
}

struct InitChoices {
  std::string kind;  // "plan" or "scenario"
  fs::path file;     // as given
  fs::path absolute;
  std::string model;
  bool model_given = false;
  std::vector<std::string> gpus;
  bool gpus_given = false;
  std::string engine;
  bool engine_given = false;
  std::string scenario_path;  // plan: the shipped scenario relative to the file; "" = inline
  std::vector<int> tp;        // plan: candidates.tensor_parallel; scenario: [its TP]
  std::string fit_warning;    // scenario: why it will not load as written ("" = it does)
};

// A scenario of `model` on `gpu` under `engine` at `tp` loads with every check (memory too).
bool Fits(const InitChoices& c, const std::string& gpu, int tp, const Catalog& catalog,
          const Builtins& builtins) {
  const std::string text = fmt::format(
      "model: {}\ngpu: {}\ndeployment: {{tensor_parallel: {}}}\nengine: {{preset: {}}}\n"
      "workload:\n  arrival: {{kind: poisson, rate_per_s: 1}}\n"
      "  prompt_tokens: {{kind: lognormal, median: {}, sigma: {}, min: 1, max: {}}}\n"
      "  output_tokens: {{kind: lognormal, median: {}, sigma: {}, min: 1, max: {}}}\n"
      "simulation: {{num_requests: 10}}\n",
      Scalar(c.model), Scalar(gpu), tp, Scalar(c.engine), kPromptLengths.median,
      kPromptLengths.sigma, kPromptLengths.max, kOutputLengths.median, kOutputLengths.sigma,
      kOutputLengths.max);
  try {
    LoadScenarioFromString(text, "fit-check.yaml", {}, catalog, builtins.MakeLoaderOptions());
    return true;
  } catch (const ConfigError&) {
    return false;
  }
}

// The smallest tensor-parallel size (1, 2, 4, 8) at which the model fits on one of `gpus`.
std::optional<int> SmallestTensorParallel(const InitChoices& c,
                                          const std::vector<std::string>& gpus,
                                          const Catalog& catalog, const Builtins& builtins) {
  for (int tp : {1, 2, 4, 8}) {
    for (const std::string& gpu : gpus) {
      if (Fits(c, gpu, tp, catalog, builtins)) return tp;
    }
  }
  return std::nullopt;
}

// The catalog's default scenario by a path relative to the file's folder, when it exists, loads,
// and has the chosen model (its lengths, router and latency model then come from it).
std::string ShippedScenarioPath(const po::variables_map& vm, const InitChoices& c,
                                const Catalog& catalog, const Builtins& builtins) {
  std::error_code ec;
  const fs::path shipped = fs::absolute(CatalogDefaultScenario(vm), ec).lexically_normal();
  if (ec || !fs::is_regular_file(shipped, ec)) return "";
  try {
    const Scenario s = LoadScenario(shipped.string(), {}, catalog, PlanLoaderOptions(builtins));
    if (s.model.name != c.model || s.workload.IsTrace()) return "";
  } catch (const ConfigError&) {
    return "";
  }
  // Resolved as the plan loader resolves it: lexically, against the plan file's folder.
  const fs::path folder = c.absolute.parent_path();
  const fs::path relative = shipped.lexically_relative(folder);
  if (relative.empty() || (folder / relative).lexically_normal() != shipped) return "";
  return relative.generic_string();
}

// --- shared by the plan and the scenario ------------------------------------------------------

// The weight and KV cache dtypes, at `indent` (under a deployment key).
void Dtypes(CommentedYaml& y, const std::string& indent) {
  y.Line(indent + "weight_dtype: bf16",
         "weights' number format: fp32, bf16, fp16, fp8, int8, int4");
  y.Line(indent + "kv_dtype: bf16", "KV cache number format: fp32, bf16, fp16, fp8, int8, int4");
}

// The engine, router and latency keys of a scenario, at `indent` (inline in a plan: two spaces).
void EngineRouterLatency(CommentedYaml& y, const InitChoices& c, const Catalog& catalog,
                         const Builtins& builtins, const std::string& indent) {
  y.Line(indent + "engine:", "the serving engine");
  y.Line(fmt::format("{}  preset: {}", indent, Scalar(c.engine)),
         fmt::format("an engine preset: {}; any engine field may be set beside it, e.g. "
                     "max_num_seqs: 256 (docs/catalog.md)",
                     JoinNames(CatalogNames(catalog.engines))));
  y.Line(indent + "router:", "how requests are spread over the replicas");
  y.Line(indent + "  kind: least_outstanding_requests", KindNames(builtins.routers));
  y.Line(indent + "latency:", "the model of each engine step's duration");
  y.Line(indent + "  kind: roofline",
         fmt::format("{} (docs/latency-model.md)", KindNames(builtins.latency_models)));
}

// --- the plan --------------------------------------------------------------------------------

void InlineScenario(CommentedYaml& y, const InitChoices& c, const Catalog& catalog,
                    const Builtins& builtins) {
  y.Line("scenario:",
         "the base scenario, inline (or a scenario file's path, relative to this file): model, "
         "engine, request lengths, router and latency model; docs/scenarios.md explains every "
         "key. Each candidate sets its GPU, tensor parallelism and replicas, each probe its "
         "arrival rate");
  y.Line(fmt::format("  model: {}", Scalar(c.model)),
         fmt::format("the model served, a catalog name (gpuplan list): {}",
                     JoinNames(CatalogNames(catalog.models))));
  y.Line(fmt::format("  gpu: {}", Scalar(c.gpus.front())),
         "a catalog GPU; replaced by each of candidates.gpus");
  y.Line("  deployment:", "how the weights and KV cache are stored");
  Dtypes(y, "    ");
  EngineRouterLatency(y, c, catalog, builtins, "  ");
  y.Line("  workload:",
         "request lengths (the arrival rate comes from traffic below), as in "
         "configs/scenarios/default.yaml");
  for (const Lengths& l : {kPromptLengths, kOutputLengths}) {
    y.Line(fmt::format("    {}:", l.key), l.what);
    y.Line("      kind: lognormal", fmt::format("{}; {} (docs/config-reference.md)", kLengthSource,
                                                KindNames(builtins.lengths)));
    y.Line(fmt::format("      median: {}", l.median), "median length, tokens (> 0)");
    y.Line(fmt::format("      sigma: {}", l.sigma), "standard deviation of ln(length), in [0, 10]");
    y.Line("      min: 1", "shorter draws are raised to it (>= 1)");
    y.Line(fmt::format("      max: {}", l.max), "longer draws are lowered to it (>= 1)");
  }
}

std::string PlanText(const InitChoices& c, const Catalog& catalog, const Builtins& builtins) {
  CommentedYaml y;
  y.Note(fmt::format(
      "A gpuplan plan: the cheapest GPU fleet that carries this traffic within these latency "
      "targets. Written by `gpuplan init plan`; run it with\n"
      "  gpuplan plan {} --out out/{}\n"
      "Every key is explained in docs/planning-method.md, section \"The plan file\"; the steps, "
      "formulas and the sources of the defaults are in the rest of that page. The search "
      "settings are small, so that the first run takes seconds: raise search.seeds (3 or more) "
      "and search.requests_per_probe (2000) before you rely on the answer.",
      c.file.generic_string(), c.file.stem().string()));
  y.Blank();
  y.Line(fmt::format("name: {}", Scalar(c.file.stem().string())),
         "optional: the plan's name in outputs (default: the file name)");
  y.Line(fmt::format(
             "description: {}",
             Scalar(fmt::format("Starting plan for {}", catalog.models.at(c.model).display_name))),
         "optional: one line of free text for the report");
  if (!c.scenario_path.empty()) {
    y.Line(fmt::format("scenario: {}", Scalar(c.scenario_path)),
           "the base scenario: model, engine, request lengths, router and latency model; a "
           "scenario file (relative to this file; docs/scenarios.md) or an inline map of scenario "
           "keys. Each candidate sets its GPU, tensor parallelism and replicas, each probe its "
           "arrival rate");
  } else {
    InlineScenario(y, c, catalog, builtins);
  }
  y.Blank();
  y.Line("traffic:",
         "the peak load: exactly one of dau (with the keys below it), concurrency_at_peak, "
         "peak_rate_per_s or deadline (docs/planning-method.md, step 2)");
  y.Line("  dau: 50000", "daily active users (> 0)");
  y.Line("  sessions_per_user_per_day: 2", "sessions each user opens per day (> 0)");
  y.Line("  requests_per_session: 5", "requests per session (> 0)");
  y.Line("  think_time_s: 0", "a user's pause after each answer, s (>= 0; default 0)");
  y.Line("  peak_hour_share: 0.12",
         "share of the day's requests in its busiest hour, in [1/24, 1]; instead: diurnal_curve: "
         "[24 hourly weights, hour 0 first] or servegen: FOLDER (a ServeGen rate profile)");
  y.Line("  burst_factor: 1", "peak-second rate / busiest hour's mean rate (>= 1; default 1)");
  y.Line("  # concurrency_at_peak: 40", "instead of dau: requests in flight at peak (> 0)");
  y.Line("  # peak_rate_per_s: 5", "instead of dau: the peak arrival rate, req/s (> 0)");
  y.Line("  # deadline: {requests: 1000000, hours: 8}",
         "instead of dau: an asynchronous job (or output_tokens: M instead of requests)");
  y.Line("  # time_in_system_s: 8",
         "s a request spends queued and served (> 0); default from the targets: (TTFT + (mean "
         "output tokens - 1) x TPOT) / 1000");
  y.Line("  # mean_prompt_tokens: 1000", "(> 0) default: sampled from the scenario's workload");
  y.Line("  # mean_output_tokens: 200", "(> 0) default: sampled from the scenario's workload");
  y.Blank();
  y.Line("slo:",
         "the latency targets, each met at the percentile (optional section; default: the "
         "scenario's slo)");
  y.Line("  preset: chatbot",
         fmt::format("a use case's targets: {} (docs/planning-method.md, SLO presets)",
                     JoinNames(SloPresetNames())));
  y.Line("  # level: ideal",
         "size for the preset's ideal (default) or acceptable targets; the verdict says which "
         "the fleet meets");
  y.Line("  ttft_ms: 500", "time to first token, ms (> 0); wins over the preset's");
  y.Line("  speed_tokens_per_s: 25",
         "per-user generation speed, tokens/s (> 0): TPOT = 1000 / speed; or speed_grade: "
         "relaxed, reading (C), fast (B) or instant (A), or tpot_ms (one of the three)");
  y.Line("  # e2e_ms: 30000", "end-to-end latency, ms (> 0)");
  y.Line("  percentile: 95", "the percentile judged, in (0, 100); default: the preset's");
  y.Blank();
  y.Line("candidates:",
         "the fleets tried: each gpus x tensor_parallel x engines (x knobs) combination, searched "
         "for the fewest replicas that hold the targets");
  y.Line(fmt::format("  gpus: {}", Flow(c.gpus)),
         fmt::format("catalog GPUs: {}", JoinNames(CatalogNames(catalog.gpus))));
  y.Line(fmt::format("  tensor_parallel: {}", Flow(c.tp)),
         "GPUs per replica (>= 1; divides the model's attention heads)");
  y.Line(fmt::format("  engines: {}", Flow({c.engine})),
         fmt::format("engine presets: {}", JoinNames(CatalogNames(catalog.engines))));
  y.Line("  # knobs: {max_num_seqs: [128, 256]}",
         "engine fields to vary, each a list of values (docs/catalog.md)");
  y.Line("  replicas:", "the replica counts searched for each candidate");
  y.Line("    min: 1", "fewest replicas (>= 1)");
  y.Line("    max: 16", "most replicas (>= min): a candidate needing more is reported as not met");
  y.Line("  max_candidates: 64", "more combinations than this is an error (>= 1)");
  y.Line("  # calibration_bundle: vidur-llama-3-8b",
         "measured kernel times where configs/calibration/<gpu>/<name> exists, the roofline "
         "elsewhere");
  y.Blank();
  y.Line("cost: {}",
         "{} = the catalog's dated cloud prices; or cloud: {usd_per_gpu_hour: {l40s: 1.5}} to "
         "override them, or on_prem: {purchase_usd_per_gpu: {h100_sxm: 30000}, ...} "
         "(docs/planning-method.md, cost model)");
  y.Blank();
  y.Line("search:", "how hard to search: small here, for a first answer in seconds");
  y.Line("  seeds: 2", "runs per probe (>= 2; 3 or more for the real answer)");
  y.Line("  first_seed: 1", "the runs use seeds first_seed, first_seed + 1, ... (>= 0)");
  y.Line("  requests_per_probe: 1000", "requests simulated per run (>= 50; default 2000)");
  y.Line("  warmup_fraction: 0.1", "share of each run left out of the metrics, in [0, 0.9]");
  y.Line("  confidence: 0.95", "of the interval over the seeds, in (0, 1)");
  y.Line("  threads: 0", "threads (>= 0; 0 = every hardware thread; --threads wins)");
  y.Line("  sensitivity: [0.8, 1.2, 1.5]", "traffic multipliers re-checked, each > 0 ([] = none)");
  y.Line("  latency_safety_factor: 1", "(>= 1) every target is judged as target / factor");
  y.Blank();
  y.Line("# constraints:", "optional");
  y.Line("#   max_monthly_cost: 25000", "$/month (> 0): no fleet above it is recommended");
  y.Line("# autoscaler:",
         "optional, with traffic.diurnal_curve or servegen: the day replayed with a Kubernetes "
         "HPA-like autoscaler (docs/planning-method.md, a day with an autoscaler)");
  y.Line("#   metric: queue_length", "queue_length, kv_cache_utilization or gpu_utilization");
  y.Line("#   target: auto", "auto (what the fixed fleet shows at peak) or a number > 0");
  y.Line("#   min_replicas: 1", "fewest replicas (>= 1)");
  y.Line("#   startup_s: 60", "container start to serving, s (>= 0)");
  return y.text();
}

// --- the scenario ----------------------------------------------------------------------------

std::string ScenarioText(const InitChoices& c, const Catalog& catalog, const Builtins& builtins) {
  CommentedYaml y;
  y.Note(fmt::format(
      "A gpuplan scenario: one model served on one GPU type by one engine under one load. Written "
      "by `gpuplan init scenario`; run it with\n"
      "  gpuplan simulate {} --out out/{}\n"
      "docs/scenarios.md explains every section, docs/config-reference.md (or `gpuplan list`) "
      "every policy and its options, docs/catalog.md the models, GPUs and engine presets. The "
      "values are those of configs/scenarios/default.yaml, with fewer requests.",
      c.file.generic_string(), c.file.stem().string()));
  y.Blank();
  y.Line(fmt::format("name: {}", Scalar(c.file.stem().string())),
         "optional: the run's name (default: the file name)");
  y.Line(fmt::format("description: {}",
                     Scalar(fmt::format("{} on {}", catalog.models.at(c.model).display_name,
                                        catalog.gpus.at(c.gpus.front()).display_name))),
         "optional: one line of free text");
  y.Line(fmt::format("model: {}", Scalar(c.model)),
         fmt::format("the model served, a catalog name (gpuplan list): {}",
                     JoinNames(CatalogNames(catalog.models))));
  y.Line(fmt::format("gpu: {}", Scalar(c.gpus.front())),
         fmt::format("the GPU, a catalog name: {}", JoinNames(CatalogNames(catalog.gpus))));
  y.Line("deployment:", "how the model is laid out on GPUs");
  y.Line("  replicas: 2", "copies of the model behind the router (>= 1)");
  y.Line(fmt::format("  tensor_parallel: {}", c.tp.front()),
         "GPUs splitting each layer of a replica (>= 1; divides the attention heads, <= "
         "gpus_per_node)");
  y.Line("  pipeline_parallel: 1",
         "GPUs splitting a replica's layers into stages (>= 1; divides "
         "the layers)");
  y.Line("  gpus_per_node: 8", "GPUs per server (>= 1)");
  Dtypes(y, "  ");
  EngineRouterLatency(y, c, catalog, builtins, "");
  y.Line("workload:",
         "the requests: arrival, prompt_tokens and output_tokens, or a trace alone "
         "(docs/scenarios.md)");
  y.Line("  arrival:", "when requests arrive");
  y.Line("    kind: poisson",
         fmt::format("{} (docs/config-reference.md)", KindNames(builtins.arrivals)));
  y.Line("    rate_per_s: 12", "mean arrival rate, req/s (> 0)");
  for (const Lengths& l : {kPromptLengths, kOutputLengths}) {
    y.Line(fmt::format("  {}:", l.key), l.what);
    y.Line("    kind: lognormal",
           fmt::format("{}; {}", kLengthSource, KindNames(builtins.lengths)));
    y.Line(fmt::format("    median: {}", l.median), "median length, tokens (> 0)");
    y.Line(fmt::format("    sigma: {}", l.sigma), "standard deviation of ln(length), in [0, 10]");
    y.Line("    min: 1", "shorter draws are raised to it (>= 1)");
    y.Line(fmt::format("    max: {}", l.max), "longer draws are lowered to it (>= 1)");
  }
  y.Line("slo:", "optional: the latency thresholds of goodput and of the pass/fail verdict");
  y.Line("  ttft_ms: 500", "time to first token, ms (> 0)");
  y.Line("  tpot_ms: 50", "time per output token, ms (> 0)");
  y.Line("  # e2e_ms: 30000", "end-to-end latency, ms (> 0)");
  y.Line("  percentile: 95", "the percentile judged, in (0, 100)");
  y.Line("simulation:", "when to stop and what to measure");
  y.Line("  num_requests: 2000",
         "arrivals simulated (>= 1); or duration_s: simulated seconds (one of the two at least)");
  y.Line("  warmup_s: 10", "requests arriving earlier are left out of the metrics (s, >= 0)");
  y.Line("  seed: 42", "the same seed gives the same run (>= 0; --seed wins)");
  y.Line("  timeseries_interval_s: 1", "interval of timeseries.csv, s (> 0)");
  return y.text();
}

// --- choices ---------------------------------------------------------------------------------

InitChoices ReadChoices(const po::variables_map& vm, const Catalog& catalog,
                        const Builtins& builtins) {
  InitChoices c;
  c.kind = vm["kind"].as<std::string>();
  if (c.kind != "plan" && c.kind != "scenario") {
    throw UsageError(fmt::format("cannot write '{}'{}; expected plan or scenario", c.kind,
                                 DidYouMean(c.kind, {"plan", "scenario"})));
  }
  c.file = vm.count("file") ? vm["file"].as<std::string>() : c.kind + ".yaml";
  c.absolute = fs::absolute(c.file).lexically_normal();
  Diagnostics diags;
  c.model_given = vm.count("model") > 0;
  c.model = c.model_given ? vm["model"].as<std::string>() : "llama-3.1-8b";
  CheckCatalogNames({c.model}, catalog.models, "model",
                    c.model_given ? "--model" : "--model (not given: the default)", diags);
  c.gpus = ListOptionValues(vm, {"gpu", "gpus"});
  c.gpus_given = !c.gpus.empty();
  if (!c.gpus_given) {
    c.gpus = c.kind == "plan" ? std::vector<std::string>{"h100_sxm", "l40s"}
                              : std::vector<std::string>{"h100_sxm"};
  }
  CheckCatalogNames(c.gpus, catalog.gpus, "gpu",
                    c.gpus_given ? "--gpu" : "--gpu (not given: the default)", diags);
  c.engine_given = vm.count("engine") > 0;
  c.engine = c.engine_given ? vm["engine"].as<std::string>() : "vllm";
  CheckCatalogNames({c.engine}, catalog.engines, "engine preset",
                    c.engine_given ? "--engine" : "--engine (not given: the default)", diags);
  if (c.kind == "scenario" && c.gpus.size() > 1) {
    diags.Add(SourceLoc{"--gpu", 0, 0}, "",
              fmt::format("{} GPUs given; expected one (a scenario runs on one GPU type; "
                          "`gpuplan init plan` compares several)",
                          c.gpus.size()));
  }
  diags.ThrowIfAny();
  if (c.kind == "plan") {
    const std::optional<int> tp = SmallestTensorParallel(c, c.gpus, catalog, builtins);
    c.tp = tp ? std::vector<int>{*tp} : std::vector<int>{8};
    if (tp && *tp < 8) c.tp.push_back(*tp * 2);
    c.scenario_path = ShippedScenarioPath(vm, c, catalog, builtins);
  } else {
    const std::optional<int> tp = SmallestTensorParallel(c, c.gpus, catalog, builtins);
    c.tp = {tp.value_or(1)};
    if (!tp) {
      c.fit_warning = fmt::format(
          "{} does not fit on {} at tensor parallel 1, 2, 4 or 8; change deployment (or the GPU) "
          "before simulating",
          c.model, c.gpus.front());
    }
  }
  return c;
}

// Loads the text the way the command that reads it will (a bug here must not reach the file).
void CheckLoads(const InitChoices& c, const std::string& text, const Catalog& catalog,
                const Builtins& builtins) {
  if (c.kind == "plan") {
    LoadPlanFromString(text, c.absolute.string(), {}, catalog, PlanLoaderOptions(builtins));
  } else if (c.fit_warning.empty()) {
    LoadScenarioFromString(text, c.absolute.string(), {}, catalog, builtins.MakeLoaderOptions());
  }
}

}  // namespace

int RunInitCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("kind", po::value<std::string>(), "what to write: plan or scenario")(
      "file", po::value<std::string>(), "the file to write (default: plan.yaml or scenario.yaml)")(
      "model", po::value<std::string>(), "catalog model (default: llama-3.1-8b)")(
      "gpu", po::value<std::vector<std::string>>()->composing(),
      "catalog GPU; a plan takes several, repeated or as a comma list (default: h100_sxm, and "
      "l40s for a plan)")("gpus", po::value<std::vector<std::string>>()->composing(),
                          "the same as --gpu")("engine", po::value<std::string>(),
                                               "engine preset (default: vllm)")(
      "force", "overwrite FILE when it exists");
  AddCatalogOption(options);
  po::positional_options_description positional;
  positional.add("kind", 1).add("file", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;
  if (!vm.count("kind")) {
    throw UsageError(
        "what to write is missing; expected `gpuplan init plan [FILE]` or "
        "`gpuplan init scenario [FILE]`");
  }
  const Builtins builtins;
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  const InitChoices c = ReadChoices(vm, catalog, builtins);
  std::error_code ec;
  if (fs::is_directory(c.absolute, ec)) {
    throw UsageError(fmt::format("{} is a folder; expected a file name, e.g. {}/{}.yaml",
                                 c.file.string(), c.file.string(), c.kind));
  }
  if (fs::exists(c.absolute, ec) && !vm.count("force")) {
    throw UsageError(
        fmt::format("{} already exists; kept as it is (--force overwrites it, or "
                    "give another FILE)",
                    c.file.string()));
  }
  const std::string text =
      c.kind == "plan" ? PlanText(c, catalog, builtins) : ScenarioText(c, catalog, builtins);
  fs::create_directories(c.absolute.parent_path(), ec);
  CheckLoads(c, text, catalog, builtins);
  WriteFileAtomic(c.absolute, text);
  if (c.kind == "plan") {
    io.out << fmt::format(
        "wrote {}: {} on {} at tensor parallel {}, base scenario {}\nnext: gpuplan plan {} "
        "--out out/{}\n",
        c.file.string(), c.model, JoinNames(c.gpus), Flow(c.tp),
        c.scenario_path.empty() ? "inline" : c.scenario_path, c.file.string(),
        c.file.stem().string());
  } else {
    if (!c.fit_warning.empty()) io.err << "warning: " << c.fit_warning << "\n";
    io.out << fmt::format(
        "wrote {}: {} on {} at tensor parallel {}\nnext: gpuplan simulate {} "
        "--out out/{}\n",
        c.file.string(), c.model, c.gpus.front(), c.tp.front(), c.file.string(),
        c.file.stem().string());
  }
  return 0;
}

}  // namespace gpuplan
