#include "sim/validation/row_scenario.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdio>

#include "sim/catalog/engine_defaults.h"
#include "sim/validation/recipes.h"
#include "sim/validation/row_catalog.h"
#include "sim/validation/serve_flags.h"

namespace gpuplan {
namespace {

constexpr uint64_t kSeed = 42;
// Time-series rows are not compared; a coarse interval keeps each run cheap.
constexpr double kTimeseriesIntervalS = 60;

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : " ") + s;
  return out;
}

bool NameSaysFp8(const std::string& model) {
  std::string lower = model;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("fp8") != std::string::npos;
}

class RowPlanner {
 public:
  RowPlanner(const ServingRow& row, const MappingContext& context) : c_(context) {
    plan_.row = row;
    plan_.fit_half = FitHalf(row);
  }

  RowPlan Plan() {
    recipe_ = RecipeFor(row());
    if (recipe_)
      Assume(fmt::format("engine settings of the {} ({})", recipe_->name, recipe_->source));
    if (!MapCatalog() || !MapFlags() || !MapDeployment() || !MapEngine() || !MapLoad()) {
      return std::move(plan_);
    }
    BuildScenario();
    return std::move(plan_);
  }

 private:
  const ServingRow& row() const { return plan_.row; }
  bool NotCovered(std::string reason) {
    plan_.not_covered = std::move(reason);
    return false;
  }
  void Assume(std::string text) { plan_.assumptions.push_back(std::move(text)); }
  std::string Source() const { return fmt::format("{} ({})", row().Id(), row().set); }

  bool MapCatalog() {
    const auto engine = c_.catalog.engines.find(row().engine);
    if (engine == c_.catalog.engines.end()) {
      return NotCovered(fmt::format("engine '{}' has no preset", row().engine));
    }
    engine_ = engine->second;
    const CatalogMatch model = MatchModel(row().model, c_.catalog);
    if (!model.matched()) return NotCovered(model.reason);
    const CatalogMatch gpu = MatchGpu(row().gpu, c_.catalog);
    if (!gpu.matched()) return NotCovered(gpu.reason);
    model_ = model.key;
    gpu_ = gpu.key;
    return true;
  }

  bool MapFlags() {
    const std::string text = FindKeyValue(row().extra_args, "serve_flags").value_or("");
    flags_ = ParseServeFlags(text);
    if (!flags_.unsupported.empty()) return NotCovered(flags_.unsupported);
    if (!flags_.malformed.empty()) {
      return NotCovered(fmt::format("serve_flags: {}", flags_.malformed));
    }
    if (!flags_.ignored.empty()) {
      Assume(fmt::format("flags without a modelled effect: {}", Joined(flags_.ignored)));
    }
    if (!flags_.unknown.empty()) {
      Assume(fmt::format("flags gpuplan does not know: {}", Joined(flags_.unknown)));
    }
    return true;
  }

  bool MapDeployment() {
    const auto tp = row().tp ? row().tp : flags_.tp;
    const int pp = row().pp.value_or(flags_.pp.value_or(1));
    const int dp = row().dp.value_or(flags_.dp.value_or(1));
    if (!tp && row().num_gpus != 1) {
      return NotCovered(fmt::format("parallelism not stated ({} GPUs, no TP)",
                                    row().num_gpus ? fmt::format("{}", *row().num_gpus) : "?"));
    }
    deployment_.tensor_parallel = tp.value_or(1);
    deployment_.pipeline_parallel = pp;
    deployment_.replicas = dp;  // a dense model's data parallelism: independent replicas
    const int gpus = deployment_.tensor_parallel * pp * dp;
    if (row().num_gpus && *row().num_gpus != gpus) {
      return NotCovered(fmt::format("num_gpus {} is not TP x PP x DP = {}", *row().num_gpus, gpus));
    }
    if (row().ep.value_or(1) > 1) Assume("expert parallelism ignored (dense model)");
    return MapDtypes();
  }

  bool MapDtypes() {
    std::string weight = row().weight_dtype;
    if (weight.empty()) {
      weight = NameSaysFp8(row().model) ? "fp8" : "bf16";
      Assume(fmt::format("weight dtype not stated: {} (from the checkpoint name)", weight));
    }
    const DtypeMatch w = MatchDtype(weight);
    if (!w.dtype) return NotCovered(w.reason);
    deployment_.weight_dtype = *w.dtype;
    std::string kv = row().kv_dtype;
    if (flags_.kv_cache_dtype) kv = *flags_.kv_cache_dtype;
    if (kv.empty() && recipe_ && recipe_->kv_dtype) {
      deployment_.kv_dtype = *recipe_->kv_dtype;
      return true;
    }
    if (TrtllmFp8Kv()) {
      deployment_.kv_dtype = Dtype::kFp8;
      Assume("KV cache dtype not stated: fp8 (the ModelOpt checkpoint sets kv_cache_quant_algo)");
      return true;
    }
    if (kv.empty() || kv == "auto") {
      deployment_.kv_dtype = Dtype::kBf16;
      if (*w.dtype != Dtype::kBf16) Assume("KV cache dtype not stated: bf16 (the engines' 'auto')");
      return true;
    }
    const DtypeMatch k = MatchDtype(kv);
    if (!k.dtype) return NotCovered(k.reason);
    deployment_.kv_dtype = *k.dtype;
    return true;
  }

  // NVIDIA's ModelOpt FP8 checkpoints (nvidia/...-FP8) set kv_cache_quant_algo FP8 in
  // hf_quant_config.json, and TensorRT-LLM then keeps the KV cache in FP8.
  bool TrtllmFp8Kv() const {
    return row().engine == "trtllm" && deployment_.weight_dtype == Dtype::kFp8 &&
           row().model_hf_id.starts_with("nvidia/") && row().kv_dtype.empty() &&
           !flags_.kv_cache_dtype;
  }

  template <class T>
  void Override(T EngineSpec::*field, const char* name, std::optional<T> value) {
    if (!value) return;
    engine_.*field = *value;
    engine_.sources[name] = Source();
  }

  bool MapEngine() {
    if (recipe_) {
      Override(&EngineSpec::max_num_seqs, "max_num_seqs", recipe_->max_num_seqs);
      Override(&EngineSpec::max_num_batched_tokens, "max_num_batched_tokens",
               recipe_->max_num_batched_tokens);
      Override(&EngineSpec::max_model_len, "max_model_len", recipe_->max_model_len);
      Override(&EngineSpec::gpu_memory_utilization, "gpu_memory_utilization",
               recipe_->gpu_memory_utilization);
      Override(&EngineSpec::async_scheduling, "async_scheduling", recipe_->async_scheduling);
      Override(&EngineSpec::enable_prefix_caching, "enable_prefix_caching",
               recipe_->enable_prefix_caching);
      Override(&EngineSpec::cuda_graph_mode, "cuda_graph_mode", recipe_->cuda_graph_mode);
      for (const std::string& what : recipe_->not_modelled) {
        Assume(fmt::format("not modelled, set by the recipe: {}", what));
      }
      for (const auto& [name, value] : recipe_->scheduler_options) {
        Assume(fmt::format("scheduler option {} = {} from the recipe", name, value));
      }
    }
    if (row().set == "trtllm_perf_overview") ApplyTrtllmBench();
    Override(&EngineSpec::max_num_seqs, "max_num_seqs", row().max_num_seqs);
    Override(&EngineSpec::max_num_batched_tokens, "max_num_batched_tokens",
             row().max_num_batched_tokens);
    Override(&EngineSpec::block_size, "block_size", row().block_size);
    Override(&EngineSpec::num_gpu_blocks_override, "num_gpu_blocks_override", row().kv_blocks);
    Override(&EngineSpec::max_num_seqs, "max_num_seqs", flags_.max_num_seqs);
    Override(&EngineSpec::max_num_batched_tokens, "max_num_batched_tokens",
             flags_.max_num_batched_tokens);
    Override(&EngineSpec::max_model_len, "max_model_len", flags_.max_model_len);
    Override(&EngineSpec::gpu_memory_utilization, "gpu_memory_utilization",
             flags_.gpu_memory_utilization);
    Override(&EngineSpec::enable_chunked_prefill, "enable_chunked_prefill",
             flags_.enable_chunked_prefill);
    Override(&EngineSpec::cuda_graph_mode, "cuda_graph_mode", flags_.cuda_graph_mode);
    if (flags_.async_scheduling) {
      Override(&EngineSpec::async_scheduling, "async_scheduling", std::optional<bool>(true));
    } else if (row().engine == "vllm" && VllmSchedulesAsyncByDefault(row().engine_version)) {
      Override(&EngineSpec::async_scheduling, "async_scheduling", std::optional<bool>(true));
      Assume(fmt::format("vLLM {} schedules asynchronously by default (from v0.14)",
                         row().engine_version));
    }
    if (!row().engine_version.empty() && row().engine_version != engine_.version) {
      Assume(fmt::format("engine {} {} run with the {} preset ({})", row().engine,
                         row().engine_version, engine_.name, engine_.version));
    }
    // What the row leaves unset, the engine picks from the GPU as it would at start-up.
    ApplyGpuDefaults(engine_, c_.catalog.engines.at(engine_.name), c_.catalog.gpus.at(gpu_),
                     deployment_);
    return true;
  }

  // The perf overview's runs are `trtllm-bench throughput` with its own engine settings and a KV
  // fraction of 0.95 ("in many cases", the document says).
  void ApplyTrtllmBench() {
    if (!row().isl || !row().osl) return;
    constexpr double kKvFraction = 0.95;
    const ModelSpec& model = c_.catalog.models.at(model_);
    const TrtllmBenchSettings b = TrtllmBenchEngineSettings(
        model, deployment_.tensor_parallel, deployment_.pipeline_parallel,
        BytesPerElement(deployment_.weight_dtype), BytesPerElement(deployment_.kv_dtype),
        c_.catalog.gpus.at(gpu_).memory_gib, kKvFraction, *row().isl, *row().osl);
    // get_settings: without chunked prefill the budget holds the longest prompt and the batch.
    const int tokens = std::max(b.max_num_tokens, *row().isl + b.max_batch_size);
    Override(&EngineSpec::max_num_seqs, "max_num_seqs", std::optional<int>(b.max_batch_size));
    Override(&EngineSpec::max_num_batched_tokens, "max_num_batched_tokens",
             std::optional<int>(tokens));
    Override(&EngineSpec::gpu_memory_utilization, "gpu_memory_utilization",
             std::optional<double>(kKvFraction));
    Assume(
        fmt::format("trtllm-bench throughput settings: max_batch_size {}, max_num_tokens {}, KV "
                    "fraction {}",
                    b.max_batch_size, tokens, kKvFraction));
  }

  // vLLM turned async scheduling on by default in v0.14 (vllm-project/vllm PR #27614).
  static bool VllmSchedulesAsyncByDefault(const std::string& version) {
    int major = 0, minor = 0;
    if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) != 2) return false;
    return major > 0 || minor >= 14;
  }

  bool MapLoad() {
    workload_ = MapWorkload(row(), c_.paths);
    for (std::string& a : workload_.assumptions) Assume(std::move(a));
    if (!workload_.not_covered.empty()) return NotCovered(workload_.not_covered);
    plan_.client_output_ratio = workload_.client_output_ratio;
    plan_.client_tpot_factor = workload_.client_tpot_factor;
    return true;
  }

  void BuildScenario() {
    Scenario s;
    s.name = row().Id();
    s.description =
        fmt::format("{} {} on {} ({})", row().engine, row().model, row().gpu, row().set);
    s.model = c_.catalog.models.at(model_);
    s.gpu = c_.catalog.gpus.at(gpu_);
    s.deployment = deployment_;
    s.engine = engine_;
    s.scheduler = RowPolicy(
        row(), "engine.scheduler", engine_.scheduler,
        recipe_ ? recipe_->scheduler_options : std::vector<std::pair<std::string, std::string>>{});
    s.router = RowPolicy(row(), "router", "least_outstanding_requests");
    s.latency = RowPolicy(row(), "latency", "roofline");
    s.workload.arrival = workload_.arrival;
    s.workload.prompt_tokens = workload_.prompt_tokens;
    s.workload.output_tokens = workload_.output_tokens;
    s.workload.trace = workload_.trace;
    s.simulation.num_requests = workload_.num_requests;
    s.simulation.seed = kSeed;
    s.simulation.timeseries_interval_s = kTimeseriesIntervalS;
    s.source_file = "serving.csv";
    try {
      ValidateScenario(s, c_.loader);
    } catch (const ConfigError& e) {
      std::string why;
      for (const Diagnostic& d : e.diagnostics()) {
        why += (why.empty() ? "" : "; ") + d.path + ": " + d.message;
      }
      plan_.failure = why;
    }
    plan_.scenario = std::move(s);
  }

  const MappingContext& c_;
  RowPlan plan_;
  EngineSpec engine_;
  std::string model_, gpu_;
  ServeFlags flags_;
  Deployment deployment_;
  RowWorkload workload_;
  std::optional<RecipeSettings> recipe_;
};

uint64_t Fnv1a64(std::string_view text) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string ConfigKey(const ServingRow& row) {
  auto opt = [](const std::optional<int>& v) { return v ? fmt::format("{}", *v) : std::string(); };
  return fmt::format("{}|{}|{}|{}|tp{}|pp{}|dp{}|{}", row.set, row.engine, row.model, row.gpu,
                     opt(row.tp), opt(row.pp), opt(row.dp), row.weight_dtype);
}

bool FitHalf(const ServingRow& row) { return Fnv1a64(ConfigKey(row)) % 2 == 0; }

bool IsDefaultSet(const std::string& set) {
  return !set.ends_with("_stage") && !set.ends_with("_unresolved") && !set.ends_with("_disagg");
}

RowPlan PlanRow(const ServingRow& row, const MappingContext& context) {
  return RowPlanner(row, context).Plan();
}

}  // namespace gpuplan
