// Tunable factors of the roofline latency model: how far below the GPU's datasheet peaks each op
// family runs, plus fixed per-kernel costs. The GEMM, memory-bound and collective defaults were
// fitted on half of the Vidur H100/A100 profiles by `gpuplan calibration fit`, which exits 1 when
// one has drifted from the fit; the attention and launch defaults come from published figures.
// Sources and held-out errors: docs/latency-model.md. Calibrated bundles will replace them per GPU.
#pragma once

#include <vector>

#include "sim/util/options.h"

namespace gpuplan {

struct RooflineOptions {
  // Dense GEMMs (QKV, O, gate+up, down, LM head): fraction of peak tensor FLOP/s and of HBM
  // bandwidth reached, and a fixed GPU time per GEMM kernel (tile setup, pipeline fill, tail).
  double gemm_compute_efficiency = 0.70;
  // The same for GEMMs running on FP8 tensor cores (fp8 weights on a GPU with FP8): scaled FP8
  // GEMMs reach a smaller share of their (twice as high) peak. Fitted by `gpuplan validate
  // serving --fit` on the fit half of the fp8 serving rows (docs/validation.md, section 6.7).
  double gemm_fp8_compute_efficiency = 0.55;
  double gemm_memory_efficiency = 0.85;
  double gemm_overhead_us = 7.0;
  // Attention kernels (FlashAttention-style prefill, paged decode).
  double attention_compute_efficiency = 0.50;
  double attention_memory_efficiency = 0.70;
  // Memory-bound kernels, by family: RMSNorm; residual add; embedding gather; everything else
  // elementwise (SiLU-and-mul/GELU, RoPE, KV-cache write, sampling).
  double norm_memory_efficiency = 0.35;
  double residual_memory_efficiency = 1.00;
  double embedding_memory_efficiency = 0.15;
  double elementwise_memory_efficiency = 0.50;
  // Fixed GPU time of every non-GEMM kernel (launch latency on the device, ramp, drain).
  double kernel_overhead_us = 1.75;
  // Collectives (sim/latency/collective_model.h): per NCCL protocol, a fixed cost per call, a
  // cost per ring step in multiples of the GPU's hop latency, and the fraction of the GPU's
  // link bandwidth the data moves at; NVLS (all-reduce on NVLink 4+) has no ring steps. NCCL
  // runs the cheapest; a send pays the hop latency and one step of LL or Simple, no per-call
  // cost. Fitted by `gpuplan calibration fit` (docs/validation.md, section 3).
  double nccl_ll_base_us = 45;
  double nccl_ll_hop_factor = 0.2;
  double nccl_ll_bus_efficiency = 0.30;
  double nccl_ll128_base_us = 41;
  double nccl_ll128_hop_factor = 0.2;
  double nccl_ll128_bus_efficiency = 0.60;
  double nccl_simple_base_us = 41;
  double nccl_simple_hop_factor = 1.3;
  double nccl_simple_bus_efficiency = 0.85;
  double nccl_nvls_base_us = 26;
  double nccl_nvls_bus_efficiency = 0.45;
  // Inside a CUDA graph NCCL pays no host launch: every candidate's per-call cost is this instead
  // of its own base (the ring steps and the bandwidth stay). The engines' one-shot and two-shot
  // all-reduce kernels (vLLM/SGLang custom all-reduce, TensorRT-LLM's MIN_LATENCY) cost a
  // barrier and their traffic over the links: one-shot = base + (n - 1) x bytes / (link x eff),
  // two-shot = base + 2 (n - 1) / n x bytes / (link x eff). Fitted by `gpuplan calibration fit`
  // on half of the H100 rows of configs/calibration/reference/allreduce_h100.csv (vLLM's
  // benchmark_device_communicators.py, CUDA graphs; docs/validation.md, section 3).
  double nccl_graph_base_us = 14.75;
  double oneshot_base_us = 5.5;
  double oneshot_bus_efficiency = 0.78;
  double twoshot_base_us = 13;
  double twoshot_bus_efficiency = 0.77;
  // CPU time to launch one kernel outside a CUDA graph; only the part not hidden behind GPU work
  // counts. Steps with at most cuda_graph_max_tokens tokens replay a CUDA graph (no per-kernel
  // launches); 0 turns graphs off.
  double kernel_launch_us = 5.0;
  int cuda_graph_max_tokens = 512;
};

// The option schema registered for `kind: roofline` (names, units, defaults, help, bounds).
std::vector<OptionSpec> RooflineOptionSpecs();

// Reads the options against RooflineOptionSpecs(); problems become diagnostics in the reader.
RooflineOptions ReadRooflineOptions(OptionReader& reader);

}  // namespace gpuplan
