#include "sim/config/scenario_checks.h"

#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "sim/catalog/dtype.h"
#include "sim/config/locations.h"
#include "sim/core/sim_time.h"
#include "sim/core/suggest.h"
#include "sim/util/options.h"

namespace gpuplan::detail {

namespace {

bool AnyFailed(const Diagnostics& first_pass, std::initializer_list<std::string_view> paths) {
  for (std::string_view path : paths) {
    if (PathFailed(first_pass, path)) return true;
  }
  return false;
}

std::string DivisorsText(int n) {
  std::vector<std::string> divisors;
  for (int d = 1; d <= n; ++d) {
    if (n % d == 0) divisors.push_back(std::to_string(d));
  }
  return JoinNames(divisors);
}

void Report(const Scenario& s, Diagnostics& diags, const std::string& path, std::string message) {
  diags.Add(s.LocOf(path), path, std::move(message));
}

void CheckTensorParallel(const Scenario& s, Diagnostics& diags) {
  const int tp = s.deployment.tensor_parallel;
  const int heads = s.model.num_attention_heads;
  const int kv_heads = s.model.num_kv_heads;
  const std::string path = "deployment.tensor_parallel";
  if (heads % tp != 0) {
    Report(s, diags, path,
           fmt::format("{} does not divide the {} attention heads of model '{}'; expected a "
                       "divisor of {} ({})",
                       tp, heads, s.model.name, heads, DivisorsText(heads)));
  } else if (kv_heads % tp != 0 && tp % kv_heads != 0) {
    Report(s, diags, path,
           fmt::format("{} neither divides nor is a multiple of the {} KV heads of model '{}'; "
                       "expected a divisor or a multiple of {} (KV heads are split across "
                       "tensor-parallel ranks, or replicated)",
                       tp, kv_heads, s.model.name, kv_heads));
  }
}

void CheckNodeFit(const Scenario& s, Diagnostics& diags) {
  const Deployment& d = s.deployment;
  if (d.tensor_parallel > d.gpus_per_node) {
    Report(s, diags, "deployment.tensor_parallel",
           fmt::format("{} exceeds gpus_per_node {}; expected at most {} (tensor parallelism "
                       "stays inside one node)",
                       d.tensor_parallel, d.gpus_per_node, d.gpus_per_node));
  }
}

void CheckPipelineParallel(const Scenario& s, Diagnostics& diags) {
  const int pp = s.deployment.pipeline_parallel;
  const int layers = s.model.num_layers;
  if (layers % pp != 0) {
    Report(s, diags, "deployment.pipeline_parallel",
           fmt::format("{} does not divide the {} layers of model '{}'; expected a divisor of {} "
                       "({})",
                       pp, layers, s.model.name, layers, DivisorsText(layers)));
  }
}

// vLLM refuses these settings at start-up (vllm/config/scheduler.py, SchedulerConfig
// verification); the simulator must not model an engine that cannot run. They are vLLM's rules,
// so they hold for its scheduler (`continuous`) only: TensorRT-LLM starts with any max_num_tokens
// and refuses longer prompts one by one (the `trtllm` scheduler), SGLang chunks.
void CheckBatchedTokens(const Scenario& s, Diagnostics& diags) {
  if (s.scheduler.kind != "continuous") return;
  const EngineSpec& e = s.engine;
  const std::string path = "engine.max_num_batched_tokens";
  if (e.enable_chunked_prefill && e.max_num_batched_tokens < e.max_num_seqs) {
    Report(s, diags, path,
           fmt::format("{} is less than max_num_seqs {}; expected at least {} with chunked "
                       "prefill (every running sequence needs room for a token per step)",
                       e.max_num_batched_tokens, e.max_num_seqs, e.max_num_seqs));
  }
  const int max_len = e.MaxModelLen(s.model);
  if (!e.enable_chunked_prefill && e.max_num_batched_tokens < max_len) {
    Report(s, diags, path,
           fmt::format("{} is less than max_model_len {}{}; expected at least {} when "
                       "enable_chunked_prefill is false (a whole prompt must fit in one step), or "
                       "a smaller engine.max_model_len",
                       e.max_num_batched_tokens, max_len,
                       e.max_model_len > 0 ? "" : " (the model's max_context_tokens)", max_len));
  }
  if (e.max_model_len > s.model.max_context_tokens) {
    Report(s, diags, "engine.max_model_len",
           fmt::format("{} exceeds the model's max_context_tokens {}; expected at most {} (the "
                       "engines refuse a longer max_model_len than the model's position limit)",
                       e.max_model_len, s.model.max_context_tokens, s.model.max_context_tokens));
  }
}

void CheckFp8(const Scenario& s, Diagnostics& diags, const std::string& path, Dtype dtype,
              std::string_view what) {
  if (dtype != Dtype::kFp8 || s.gpu.fp8_tflops > 0) return;
  Report(s, diags, path,
         fmt::format("fp8 {} need FP8 support, but gpu '{}' has none (fp8_tflops is 0); expected "
                     "another dtype such as bf16, or a GPU with FP8",
                     what, s.gpu.name));
}

// The loader reads these with the same bounds; a scenario built in code (plan probes) gets them
// here, so no time input reaches the int64-nanosecond clock out of range.
void CheckTimeRange(const Scenario& s, Diagnostics& diags, const std::string& path, double seconds,
                    bool zero_allowed) {
  const bool low = zero_allowed ? seconds >= 0 : seconds > 0;
  if (std::isfinite(seconds) && low && seconds <= kMaxSimSeconds) return;
  Report(
      s, diags, path,
      fmt::format("{} s is out of range; expected a time {} 0 and <= {:.0f} s (simulated time is "
                  "int64 nanoseconds)",
                  seconds, zero_allowed ? ">=" : ">", kMaxSimSeconds));
}

void CheckWarmup(const Scenario& s, Diagnostics& diags) {
  const SimulationSpec& sim = s.simulation;
  const size_t before = diags.size();
  if (sim.duration_s) CheckTimeRange(s, diags, "simulation.duration_s", *sim.duration_s, false);
  CheckTimeRange(s, diags, "simulation.warmup_s", sim.warmup_s, true);
  CheckTimeRange(s, diags, "simulation.timeseries_interval_s", sim.timeseries_interval_s, false);
  if (diags.size() != before) return;
  if (sim.duration_s && sim.warmup_s >= *sim.duration_s) {
    Report(s, diags, "simulation.warmup_s",
           fmt::format("{} is not less than duration_s {}; expected warmup_s < duration_s "
                       "(otherwise no request is measured)",
                       sim.warmup_s, *sim.duration_s));
  }
}

// An open-loop arrival process with a rate and a request count (no duration) spans about
// num_requests / rate seconds: refused before the run when that overruns the simulated clock or
// the time series (a rate too small for the count was cut short, or failed mid-run, before).
void CheckArrivalSpan(const Scenario& s, Diagnostics& diags) {
  const SimulationSpec& sim = s.simulation;
  if (!s.workload.arrival || !sim.num_requests || sim.duration_s) return;
  const auto it = s.workload.arrival->options.values.find("rate_per_s");
  if (it == s.workload.arrival->options.values.end()) return;
  const std::optional<double> rate = ParseDouble(it->second.text);
  if (!rate || !(*rate > 0)) return;  // reported by the arrival's own options
  const double span = static_cast<double>(*sim.num_requests) / *rate;
  const double rows = span / sim.timeseries_interval_s;
  if (span <= kMaxSimSeconds && rows <= static_cast<double>(kMaxTimeseriesRows)) return;
  const std::string why =
      span > kMaxSimSeconds
          ? fmt::format("longer than the {:.0f} s the simulated clock holds", kMaxSimSeconds)
          : fmt::format("{:.0f} time-series rows at {} s each, more than the {} a run keeps", rows,
                        sim.timeseries_interval_s, kMaxTimeseriesRows);
  Report(s, diags, "workload.arrival.rate_per_s",
         fmt::format("{} requests at {} req/s arrive over about {:.3g} s, {}; expected a higher "
                     "rate, fewer requests or a longer simulation.timeseries_interval_s",
                     *sim.num_requests, *rate, span, why));
}

}  // namespace

bool PathFailed(const Diagnostics& first_pass, std::string_view path) {
  for (const Diagnostic& d : first_pass.items()) {
    if (IsPathPrefix(d.path, path) || IsPathPrefix(path, d.path)) return true;
  }
  return false;
}

void CheckScenario(const Scenario& s, const Diagnostics& first_pass, Diagnostics& diags) {
  if (!AnyFailed(first_pass, {"deployment.tensor_parallel", "model"}))
    CheckTensorParallel(s, diags);
  if (!AnyFailed(first_pass, {"deployment.tensor_parallel", "deployment.gpus_per_node"})) {
    CheckNodeFit(s, diags);
  }
  if (!AnyFailed(first_pass, {"deployment.pipeline_parallel", "model"})) {
    CheckPipelineParallel(s, diags);
  }
  if (!AnyFailed(first_pass, {"engine", "model"})) CheckBatchedTokens(s, diags);
  if (!AnyFailed(first_pass, {"gpu"})) {
    if (!PathFailed(first_pass, "deployment.weight_dtype")) {
      CheckFp8(s, diags, "deployment.weight_dtype", s.deployment.weight_dtype, "weights");
    }
    if (!PathFailed(first_pass, "deployment.kv_dtype")) {
      CheckFp8(s, diags, "deployment.kv_dtype", s.deployment.kv_dtype, "KV caches");
    }
  }
  if (!PathFailed(first_pass, "simulation")) CheckWarmup(s, diags);
  if (!AnyFailed(first_pass, {"simulation", "workload"})) CheckArrivalSpan(s, diags);
}

}  // namespace gpuplan::detail
