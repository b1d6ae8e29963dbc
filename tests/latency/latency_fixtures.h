// Catalog-like specs for the latency tests, built in code so the tests need no config files.
// Shapes are from each model's Hugging Face config.json; GPU numbers are NVIDIA datasheet values
// (dense tensor peaks, HBM bandwidth, NVLink per direction). Interconnect latencies are the
// per-hop figure read off the smallest (2 KiB) all-reduce rows of the Vidur network profiles.
#pragma once

#include <string>

#include "sim/catalog/specs.h"

namespace gpuplan::testing {

inline ModelSpec LlamaShape(std::string name, int layers, int hidden, int heads, int kv_heads,
                            int intermediate, int vocab) {
  ModelSpec m;
  m.name = name;
  m.display_name = std::move(name);
  m.num_layers = layers;
  m.hidden_size = hidden;
  m.num_attention_heads = heads;
  m.num_kv_heads = kv_heads;
  m.head_dim = hidden / heads;
  m.intermediate_size = intermediate;
  m.vocab_size = vocab;
  m.max_context_tokens = 131072;
  m.gated_mlp = true;
  m.tie_word_embeddings = false;
  return m;
}

inline ModelSpec Llama31_8B() { return LlamaShape("Llama-3.1-8B", 32, 4096, 32, 8, 14336, 128256); }
inline ModelSpec Llama31_70B() {
  return LlamaShape("Llama-3.1-70B", 80, 8192, 64, 8, 28672, 128256);
}
inline ModelSpec Llama2_7B() { return LlamaShape("Llama-2-7B", 32, 4096, 32, 32, 11008, 32000); }
inline ModelSpec Llama2_70B() { return LlamaShape("Llama-2-70B", 80, 8192, 64, 8, 28672, 32000); }

inline GpuSpec H100Sxm() {
  GpuSpec g;
  g.name = "h100_sxm";
  g.display_name = "NVIDIA H100 SXM5 80GB";
  g.memory_gib = 80;
  g.hbm_tbps = 3.35;
  g.bf16_tflops = 989.4;
  g.fp16_tflops = 989.4;
  g.fp8_tflops = 1978.9;
  g.int8_tops = 1978.9;
  g.interconnect = "nvlink4";
  g.interconnect_gbps = 450;
  g.interconnect_latency_us = 3.5;
  g.pcie_gbps = 64;
  g.sm_count = 132;
  return g;
}

inline GpuSpec A100Sxm80() {
  GpuSpec g;
  g.name = "a100_sxm_80gb";
  g.display_name = "NVIDIA A100 SXM4 80GB";
  g.memory_gib = 80;
  g.hbm_tbps = 2.039;
  g.bf16_tflops = 312;
  g.fp16_tflops = 312;
  g.fp8_tflops = 0;
  g.int8_tops = 624;
  g.interconnect = "nvlink3";
  g.interconnect_gbps = 300;
  g.interconnect_latency_us = 5.0;
  g.pcie_gbps = 32;
  g.sm_count = 108;
  return g;
}

// An engine with no CPU costs, so GPU-side predictions can be checked alone.
inline EngineSpec QuietEngine() {
  EngineSpec e;
  e.name = "test";
  e.block_size = 16;
  e.gpu_memory_utilization = 0.9;
  e.cpu_overhead_per_step_us = 0;
  e.cpu_overhead_per_request_us = 0;
  e.activation_reserve_gib = 0;
  return e;
}

inline Deployment Tp(int tensor_parallel, int pipeline_parallel = 1) {
  Deployment d;
  d.tensor_parallel = tensor_parallel;
  d.pipeline_parallel = pipeline_parallel;
  return d;
}

}  // namespace gpuplan::testing
