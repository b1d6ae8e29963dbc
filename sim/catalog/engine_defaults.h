// The engine knobs whose defaults the engines pick from the GPU at start-up. A preset holds the
// values for gpuplan's reference GPU (an 80 GB H100); on another GPU the engine itself would
// choose differently, so a knob the user did not set takes the engine's choice for that GPU:
//   vllm    vllm/engine/arg_utils.py EngineArgs.get_batch_defaults (OpenAI server): GPUs with at
//           least 70 GiB that are not an A100 get max_num_seqs 1024 and max_num_batched_tokens
//           8192; every other GPU 256 and 2048.
//   sglang  python/sglang/srt/server_args.py: chunked_prefill_size 2048 below 35 GiB, 4096 below
//           60 GiB, 8192 below 160 GiB, 16384 above (GPU memory as nvidia-smi reports it).
// mem_fraction_static also depends on the GPU in SGLang; the preset keeps the H100 value (its
// sources give the formula).
#pragma once

#include "sim/catalog/specs.h"

namespace gpuplan {

// Sets every GPU-dependent knob of `engine` that still has `preset`'s value and source (a knob
// the user overrode keeps the user's value) to the engine's choice for `gpu`, recording why in
// its source. `preset` is the catalog entry `engine` was resolved from.
void ApplyGpuDefaults(EngineSpec& engine, const EngineSpec& preset, const GpuSpec& gpu);

}  // namespace gpuplan
