// The engine knobs whose defaults the engines pick from the GPU at start-up. A preset holds the
// values for gpuplan's reference GPU (an 80 GB H100); on another GPU the engine itself would
// choose differently, so a knob the user did not set takes the engine's choice for that GPU:
//   vllm    vllm/engine/arg_utils.py EngineArgs.get_batch_defaults (OpenAI server): GPUs with at
//           least 70 GiB that are not an A100 get max_num_seqs 1024 and max_num_batched_tokens
//           8192; every other GPU 256 and 2048.
//   sglang  python/sglang/srt/server_args.py ServerArgs._handle_gpu_memory_settings:
//           chunked_prefill_size 2048 below 35 GiB, 4096 below 60 GiB, 8192 below 160 GiB, 16384
//           above; cuda_graph_max_bs by the same tiers and TP; then mem_fraction_static =
//           (gpu_mem - reserved) / gpu_mem with reserved (MiB) = 512 + 1.5 x max(chunk, 2048) +
//           2 x cuda_graph_max_bs + TP x PP / 8 x 1024, at least 10 GiB on GPUs over 60 GiB,
//           rounded to three decimals (SglangMemFractionStatic).
#pragma once

#include "sim/catalog/specs.h"

namespace gpuplan {

// Sets every GPU-dependent knob of `engine` that still has `preset`'s value and source (a knob
// the user overrode keeps the user's value) to the engine's choice for `gpu` and the replica's
// parallelism, recording why in its source. `preset` is the catalog entry `engine` was resolved
// from.
void ApplyGpuDefaults(EngineSpec& engine, const EngineSpec& preset, const GpuSpec& gpu,
                      const Deployment& deployment);

// SGLang's mem_fraction_static for a GPU of `gpu_mem_mib` MiB at `tp` x `pp`, with a prefill
// chunk of `chunk_tokens` (0: chunked prefill off, SGLang then uses max_prefill_tokens, 16384).
double SglangMemFractionStatic(double gpu_mem_mib, int tp, int pp, int chunk_tokens);

}  // namespace gpuplan
