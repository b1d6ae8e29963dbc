// HostTime: the CPU side of one engine step (scheduling and input preparation per step, a cost
// per request in the batch, kernel launches outside CUDA graphs) and how much of it the GPU waits
// for. Engines that schedule ahead (vLLM's async scheduling, TensorRT-LLM's overlap scheduler,
// SGLang's overlap schedule) prepare step n+1 while the GPU runs step n, so only the host time
// beyond the GPU time shows; without it the preparation adds to every step. Shared by the
// roofline and calibrated latency models.
#pragma once

#include <optional>
#include <string_view>

#include "sim/catalog/specs.h"
#include "sim/latency/latency_model.h"

namespace gpuplan {

// Which steps an engine replays as CUDA graphs (EngineSpec::cuda_graph_mode); a step that replays
// graphs launches no kernels from the host, one that does not launches every kernel.
//   kPiecewise       every step of at most cuda_graph_max_tokens tokens, prefills included (vLLM
//                    V1's PIECEWISE and FULL_AND_PIECEWISE: vllm/v1/cudagraph_dispatcher.py
//                    dispatches a mixed batch to the piecewise graphs, and only the attention
//                    between the pieces is launched from the host, which is not charged);
//   kFullDecodeOnly  only steps without a prefill (vLLM FULL_DECODE_ONLY, whose mixed mode is
//                    NONE; TensorRT-LLM's and SGLang's decode-only graphs): a step with a prefill
//                    runs eagerly whatever its size;
//   kNone            no step (vLLM --enforce-eager, cudagraph_mode NONE).
enum class CudaGraphMode { kPiecewise, kFullDecodeOnly, kNone };
std::optional<CudaGraphMode> ParseCudaGraphMode(std::string_view name);
// The engine's mode. The config reader refuses an unknown name, so the piecewise fallback only
// serves specs built in code with another spelling.
CudaGraphMode CudaGraphModeOf(const EngineSpec& engine);

struct HostTimeModel {
  double per_step_s = 0;
  double per_request_s = 0;
  double launch_s = 0;            // CPU time to launch one kernel outside a CUDA graph
  int cuda_graph_max_tokens = 0;  // steps with at most this many tokens replay a graph; 0: none
  CudaGraphMode graph_mode = CudaGraphMode::kPiecewise;  // which of those steps do
  // Share of the host time the engine prepares during the previous step: 1 for an engine that
  // schedules ahead, 0 for one that does not; a load-test fit (ServingTerms) may find between.
  double overlap = 0;

  // Host seconds the step adds beyond `gpu_s`, for a step of `kernels` kernels, the mix
  //   (1 - overlap) x [prep + max(0, launches - gpu)]   (launches run alongside the GPU work)
  //   + overlap     x max(0, prep + launches - gpu)
  // with prep = per_step + requests x per_request, launches = kernels x launch_s unless graphed.
  double ExposedSeconds(const BatchShape& batch, double gpu_s, double kernels) const;
  // Whether `batch` replays a CUDA graph (no host launches; NCCL pays its in-graph cost).
  bool Graphed(const BatchShape& batch) const;
};

// Kernels one step launches (docs/latency-model.md, section 2.4): per layer 2 norms, QKV, RoPE,
// KV write, O, 2 residual adds, gate+up, activation, down (11), a prefill and a decode attention
// kernel when those run, 2 all-reduces at TP > 1; per step embedding, final norm, LM head and
// sampling (4), the logits all-gather and the embedding all-reduce at TP > 1, PP - 1 sends.
double KernelsPerStep(const BatchShape& batch, double layers, int tp, int pp);

}  // namespace gpuplan
