#include "sim/validation/recipes.h"

#include <algorithm>
#include <cmath>

namespace gpuplan {
namespace {

// SemiAnalysisAI/InferenceX at the parent of 026d16b8 (2025-10-31, the commit that removed the
// Llama-3.1-70B scripts; the rows were measured on 2025-10-29):
//   benchmarks/70b_fp8_h200_slurm.sh (vLLM): kv-cache-dtype fp8, async-scheduling,
//     no-enable-prefix-caching, max-num-batched-tokens 8192, max-model-len ISL + OSL + 20 for
//     1k/1k and ISL + OSL + 200 when ISL or OSL is 8192 (else 10240), --gpu-memory-utilization
//     0.9, --max-num-seqs CONC;
//   benchmarks/70b_fp8_{h200,b200}_trt_slurm.sh (TensorRT-LLM): kv_cache_config dtype fp8 and
//     enable_block_reuse false, --max_num_tokens 16384; for 1k/1k below TP 8 also batch waiting,
//     batch_wait_max_tokens_ratio 0.9 and batch_wait_timeout_iters 20 (the script's comment: it
//     "will improve the performance").
constexpr const char* kInferenceX70b =
    "SemiAnalysisAI/InferenceX@026d16b8^ benchmarks/70b_fp8_h200_slurm.sh, "
    "70b_fp8_{h200,b200}_trt_slurm.sh";

// vLLM on B200 ran its own script, SemiAnalysisAI/InferenceX@2582bce40^ (2025-10-29, the parent
// of the commit that removed the Llama-3.1-70B scripts) benchmarks/70b_fp8_b200_docker.sh, with
// the same vllm/vllm-openai:v0.10.2 image as H200 (.github/workflows/70b-tmpl.yml). Its config.yaml
// has the H200 script's kv-cache-dtype fp8, async-scheduling, no-enable-prefix-caching and
// max-num-batched-tokens 8192, and differs in:
//   compilation-config cudagraph_mode FULL_DECODE_ONLY with splitting_ops [] (no piecewise
//     graphs: every batch with a prefill runs eagerly), pass_config enable_fi_allreduce_fusion
//     (FlashInfer's fused all-reduce + RMSNorm under VLLM_FLASHINFER_ALLREDUCE_FUSION_THRESHOLDS_MB
//     {"2":32,"4":32,"8":8}), enable_attn_fusion and custom_ops +quant_fp8, +rms_norm;
//   --max-num-seqs 512 rather than CONC;
//   max-model-len $MAX_MODEL_LEN, the workflow's ISL + OSL (.github/workflows/full-sweep-tmpl.yml:
//     2048 for 1k/1k, 9216 for 8k/1k and 1k/8k).
constexpr const char* kInferenceX70bB200Vllm =
    "SemiAnalysisAI/InferenceX@2582bce40^ benchmarks/70b_fp8_b200_docker.sh";

int VllmMaxModelLen(int isl, int osl) {
  if (isl == 1024 && osl == 1024) return isl + osl + 20;
  if (isl == 8192 || osl == 8192) return isl + osl + 200;
  return 10240;
}

}  // namespace

std::optional<RecipeSettings> RecipeFor(const ServingRow& row) {
  if (row.isl_dist != "inferencex-recipe" || !row.isl || !row.osl) return std::nullopt;
  RecipeSettings r;
  r.name = "InferenceX Llama-3.1-70B scripts (Oct 2025)";
  r.source = kInferenceX70b;
  r.kv_dtype = Dtype::kFp8;
  r.enable_prefix_caching = false;
  if (row.engine == "vllm" && row.gpu == "B200") {
    r.name = "InferenceX Llama-3.1-70B vLLM B200 script (Oct 2025)";
    r.source = kInferenceX70bB200Vllm;
    r.async_scheduling = true;
    r.max_num_batched_tokens = 8192;
    r.max_num_seqs = 512;
    r.max_model_len = *row.isl + *row.osl;
    r.gpu_memory_utilization = 0.9;
    r.cuda_graph_mode = "full_decode_only";
    r.not_modelled = {
        "FlashInfer's fused all-reduce + RMSNorm (enable_fi_allreduce_fusion, thresholds "
        "32/32/8 MB at TP 2/4/8): all-reduces priced as vLLM's custom all-reduce or NCCL",
        "attention + FP8 quant fusion (enable_attn_fusion)"};
  } else if (row.engine == "vllm") {
    r.async_scheduling = true;
    r.max_num_batched_tokens = 8192;
    if (row.concurrency) r.max_num_seqs = *row.concurrency;
    r.max_model_len = VllmMaxModelLen(*row.isl, *row.osl);
    r.gpu_memory_utilization = 0.9;
  } else if (row.engine == "trtllm") {
    r.max_num_batched_tokens = 16384;
    if (*row.isl == 1024 && *row.osl == 1024 && row.tp && *row.tp < 8) {
      r.scheduler_options = {{"batch_wait_max_tokens_ratio", "0.9"},
                             {"batch_wait_timeout_iters", "20"}};
    }
  } else {
    return std::nullopt;  // no SGLang script of this recipe is known
  }
  return r;
}

TrtllmBenchSettings TrtllmBenchEngineSettings(const ModelSpec& model, int tp, int pp,
                                              double weight_bytes, double kv_bytes,
                                              double gpu_memory_gib, double kv_fraction, double isl,
                                              double osl) {
  constexpr double kGiB = 1073741824.0;
  const double kv_heads = std::max(tp, model.num_kv_heads);
  const double gb_per_token = 2.0 * model.num_layers * kv_heads * model.head_dim * kv_bytes / kGiB;
  const double engine_gb = static_cast<double>(model.NumParams()) * weight_bytes / kGiB;
  const double cache_gb = (gpu_memory_gib * tp * pp - engine_gb) * kv_fraction;
  const double kv_max_requests = std::max(0.0, cache_gb / (gb_per_token * (isl + osl)));
  const double raw_bs = std::min(kv_max_requests, 4096.0) / pp;
  const double raw_tokens = std::min(raw_bs * (1 + isl / osl), 32768.0);
  auto up = [](double x, double step) { return step * std::ceil(x / step); };
  TrtllmBenchSettings out;
  out.max_batch_size = static_cast<int>(raw_bs < 256    ? std::max(64.0, up(raw_bs, 32))
                                        : raw_bs < 1024 ? up(raw_bs, 128)
                                                        : up(raw_bs, 256));
  out.max_num_tokens = static_cast<int>(raw_tokens < 4096   ? std::max(2048.0, up(raw_tokens, 256))
                                        : raw_tokens < 8192 ? up(raw_tokens, 512)
                                                            : up(raw_tokens, 1024));
  return out;
}

}  // namespace gpuplan
