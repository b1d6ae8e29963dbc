#include "sim/plan/deployment_commands.h"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

namespace gpuplan {
namespace {

// Backslash-continued lines, one flag per line, as a reader copies them, and the same command as
// separate words (what a container's command takes). No word holds a space: model ids, numbers
// and flag values are single words, so splitting each piece at its spaces gives the words.
class CommandLine {
 public:
  explicit CommandLine(std::string head) : text_(std::move(head)) { AddWords(text_); }
  CommandLine& Flag(const std::string& flag) {
    text_ += " \\\n    " + flag;
    AddWords(flag);
    return *this;
  }
  template <class T>
  CommandLine& Flag(const std::string& flag, const T& value) {
    return Flag(fmt::format("{} {}", flag, value));
  }
  const std::string& text() const { return text_; }
  const std::vector<std::string>& words() const { return words_; }

 private:
  void AddWords(std::string_view piece) {
    size_t begin = 0;
    while (begin < piece.size()) {
      size_t end = piece.find(' ', begin);
      if (end == std::string_view::npos) end = piece.size();
      if (end > begin) words_.emplace_back(piece.substr(begin, end - begin));
      begin = end + 1;
    }
  }

  std::string text_;
  std::vector<std::string> words_;
};

std::string ModelId(const Scenario& s, std::vector<std::string>* notes) {
  if (!s.model.hf_repo.empty()) return s.model.hf_repo;
  notes->push_back(fmt::format(
      "the catalog names no Hugging Face repository for {}: replace {} with the checkpoint",
      s.model.name, s.model.name));
  return s.model.name;
}

void NoteDtypes(const Scenario& s, std::vector<std::string>* notes) {
  if (s.deployment.weight_dtype == Dtype::kInt4) {
    notes->push_back(
        "int4 weights: serve an AWQ or GPTQ checkpoint of the model (the engine reads "
        "the quantisation from it)");
  }
}

CommandLine VllmServe(const Scenario& s, std::vector<std::string>* notes) {
  const EngineSpec& e = s.engine;
  CommandLine c("vllm serve " + ModelId(s, notes));
  if (s.deployment.tensor_parallel > 1)
    c.Flag("--tensor-parallel-size", s.deployment.tensor_parallel);
  if (s.deployment.pipeline_parallel > 1) {
    c.Flag("--pipeline-parallel-size", s.deployment.pipeline_parallel);
  }
  c.Flag("--max-num-seqs", e.max_num_seqs)
      .Flag("--max-num-batched-tokens", e.max_num_batched_tokens)
      .Flag("--block-size", e.block_size)
      .Flag("--gpu-memory-utilization", e.gpu_memory_utilization);
  if (e.max_model_len > 0) c.Flag("--max-model-len", e.max_model_len);
  if (s.deployment.weight_dtype == Dtype::kFp8) c.Flag("--quantization", "fp8");
  if (s.deployment.kv_dtype == Dtype::kFp8) c.Flag("--kv-cache-dtype", "fp8");
  if (!e.enable_chunked_prefill) c.Flag("--no-enable-chunked-prefill");
  c.Flag(e.enable_prefix_caching ? "--enable-prefix-caching" : "--no-enable-prefix-caching");
  if (e.async_scheduling) c.Flag("--async-scheduling");
  return c;
}

CommandLine SglangServe(const Scenario& s, std::vector<std::string>* notes) {
  const EngineSpec& e = s.engine;
  CommandLine c("python -m sglang.launch_server");
  c.Flag("--model-path", ModelId(s, notes));
  // SGLang listens on port 30000 by default; the benchmark and the other engines use 8000.
  c.Flag("--port", kServePort);
  if (s.deployment.tensor_parallel > 1) c.Flag("--tp", s.deployment.tensor_parallel);
  if (s.deployment.pipeline_parallel > 1) c.Flag("--pp-size", s.deployment.pipeline_parallel);
  c.Flag("--max-running-requests", e.max_num_seqs)
      .Flag("--chunked-prefill-size", e.enable_chunked_prefill ? e.max_num_batched_tokens : -1)
      .Flag("--mem-fraction-static", e.gpu_memory_utilization)
      .Flag("--page-size", e.block_size);
  if (e.max_model_len > 0) c.Flag("--context-length", e.max_model_len);
  if (s.deployment.weight_dtype == Dtype::kFp8) c.Flag("--quantization", "fp8");
  if (s.deployment.kv_dtype == Dtype::kFp8) c.Flag("--kv-cache-dtype", "fp8_e4m3");
  if (!e.enable_prefix_caching) c.Flag("--disable-radix-cache");
  if (!e.async_scheduling) c.Flag("--disable-overlap-schedule");
  return c;
}

// trtllm-serve takes the common knobs as flags and the rest in a YAML file.
CommandLine TrtllmServe(const Scenario& s, std::vector<std::string>* notes, std::string* yaml) {
  const EngineSpec& e = s.engine;
  CommandLine c("trtllm-serve " + ModelId(s, notes));
  c.Flag("--backend", "pytorch");
  if (s.deployment.tensor_parallel > 1) c.Flag("--tp_size", s.deployment.tensor_parallel);
  if (s.deployment.pipeline_parallel > 1) c.Flag("--pp_size", s.deployment.pipeline_parallel);
  c.Flag("--max_batch_size", e.max_num_seqs)
      .Flag("--max_num_tokens", e.max_num_batched_tokens)
      .Flag("--kv_cache_free_gpu_memory_fraction", e.gpu_memory_utilization);
  if (e.max_model_len > 0) c.Flag("--max_seq_len", e.max_model_len);
  c.Flag("--extra_llm_api_options", "extra_llm_api_options.yaml");
  *yaml = fmt::format(
      "# extra_llm_api_options.yaml for trtllm-serve: the knobs gpuplan simulated\n"
      "enable_chunked_prefill: {}\n"
      "disable_overlap_scheduler: {}\n"
      "kv_cache_config:\n"
      "  tokens_per_block: {}\n"
      "  enable_block_reuse: {}\n",
      e.enable_chunked_prefill, !e.async_scheduling, e.block_size, e.enable_prefix_caching);
  if (s.deployment.kv_dtype == Dtype::kFp8) *yaml += "  dtype: fp8\n";
  if (s.deployment.weight_dtype == Dtype::kFp8) {
    notes->push_back(
        "fp8 weights on TensorRT-LLM: serve an FP8 checkpoint (e.g. NVIDIA's "
        "ModelOpt FP8 release of the model)");
  }
  return c;
}

// vllm bench serve's own names for the metrics (--goodput, --percentile-metrics): its
// whole-response latency is "e2el".
std::string_view VllmMetricName(SloMetric metric) {
  return metric == SloMetric::kE2e ? "e2el" : SloMetricName(metric);
}

std::string Bench(const std::string& model, const SloTargets& slo, const VerificationLoad& load,
                  std::vector<std::string>* notes) {
  CommandLine c("vllm bench serve");
  c.Flag("--backend", "openai")
      .Flag("--base-url", fmt::format("http://localhost:{}", kServePort))
      .Flag("--model", model)
      .Flag("--dataset-name", "random")
      .Flag("--random-input-len", std::lround(load.mean_prompt_tokens))
      .Flag("--random-output-len", std::lround(load.mean_output_tokens))
      .Flag("--ignore-eos")
      .Flag("--request-rate", fmt::format("{:.3f}", load.rate_per_s))
      .Flag("--num-prompts", load.requests)
      .Flag("--percentile-metrics", "ttft,tpot,itl,e2el")
      .Flag("--metric-percentiles", fmt::format("50,{},99", PercentileWordOf(slo.percentile)));
  std::string goodput;
  for (SloMetric m : kSloMetrics) {
    if (const std::optional<double>& ms = slo.thresholds[m]) {
      goodput += fmt::format(" {}:{}", VllmMetricName(m), *ms);
    }
  }
  if (!goodput.empty()) c.Flag("--goodput" + goodput);
  c.Flag("--save-result").Flag("--save-detailed").Flag("--result-filename", "plan-verify.json");
  notes->push_back(fmt::format(
      "the benchmark's random prompts have the plan's mean lengths ({} and {} tokens) where the "
      "plan simulated a distribution; gpuplan compare replays the requests the benchmark actually "
      "sent, so the comparison is like for like",
      std::lround(load.mean_prompt_tokens), std::lround(load.mean_output_tokens)));
  return c.text();
}

}  // namespace

std::string PercentileWordOf(double p) {
  return p == std::floor(p) ? fmt::format("{}", static_cast<int64_t>(p)) : fmt::format("{}", p);
}

DeploymentCommands MakeDeploymentCommands(const Scenario& s, const SloTargets& slo,
                                          const VerificationLoad& load,
                                          const std::string& scenario_file) {
  DeploymentCommands out;
  NoteDtypes(s, &out.notes);
  const CommandLine serve = [&] {
    if (s.engine.name == "sglang") return SglangServe(s, &out.notes);
    if (s.engine.name == "trtllm") return TrtllmServe(s, &out.notes, &out.engine_config);
    if (s.engine.name != "vllm") {
      out.notes.push_back(fmt::format(
          "engine '{}' is not one of vllm, sglang, trtllm: the command is vLLM's", s.engine.name));
    }
    return VllmServe(s, &out.notes);
  }();
  out.serve = serve.text();
  out.serve_args = serve.words();
  std::vector<std::string> ignored;
  out.bench = Bench(ModelId(s, &ignored), slo, load, &out.notes);
  out.compare = CommandLine("gpuplan compare plan-verify.json")
                    .Flag("--scenario", scenario_file)
                    .Flag("--set", "deployment.replicas=1")
                    .Flag("--engine-log", "server.log")
                    .Flag("--report")
                    .text();
  out.notes.push_back(
      "run the benchmark against one replica (one replica's share of the peak rate); keep the "
      "server's start-up log as server.log so compare uses the KV cache the server really has");
  return out;
}

}  // namespace gpuplan
