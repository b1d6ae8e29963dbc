#include "sim/latency/roofline_options.h"

#include <fmt/format.h>

#include <string>

namespace gpuplan {
namespace {

OptionSpec Efficiency(std::string name, double default_value, std::string help) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = OptionType::kDouble;
  spec.default_value = fmt::format("{}", default_value);
  spec.help = std::move(help);
  spec.min = 0.0;
  spec.min_exclusive = true;
  spec.max = 1.0;
  return spec;
}

OptionSpec Microseconds(std::string name, double default_value, std::string help) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = OptionType::kDouble;
  spec.unit = "us";
  spec.default_value = fmt::format("{}", default_value);
  spec.help = std::move(help);
  spec.min = 0.0;
  spec.max = 1e6;
  return spec;
}

OptionSpec HopFactor(std::string name, double default_value, std::string help) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = OptionType::kDouble;
  spec.unit = "x hop latency";
  spec.default_value = fmt::format("{}", default_value);
  spec.help = std::move(help) + " (the GPU's interconnect_latency_us times this)";
  spec.min = 0.0;
  spec.max = 1000.0;
  return spec;
}

}  // namespace

std::vector<OptionSpec> RooflineOptionSpecs() {
  const RooflineOptions d;
  std::vector<OptionSpec> specs = {
      Efficiency("gemm_compute_efficiency", d.gemm_compute_efficiency,
                 "fraction of peak tensor FLOP/s reached by dense GEMMs"),
      Efficiency("gemm_fp8_compute_efficiency", d.gemm_fp8_compute_efficiency,
                 "GEMMs on FP8 tensor cores: fraction of the FP8 peak reached when "
                 "compute-bound"),
      Efficiency("gemm_memory_efficiency", d.gemm_memory_efficiency,
                 "fraction of HBM bandwidth reached by dense GEMMs (weights + activations)"),
      Microseconds("gemm_overhead_us", d.gemm_overhead_us, "fixed GPU time per GEMM kernel"),
      Efficiency("attention_compute_efficiency", d.attention_compute_efficiency,
                 "fraction of peak tensor FLOP/s reached by prefill/decode attention"),
      Efficiency("attention_memory_efficiency", d.attention_memory_efficiency,
                 "fraction of HBM bandwidth reached by attention (KV reads)"),
      Efficiency("norm_memory_efficiency", d.norm_memory_efficiency,
                 "fraction of HBM bandwidth reached by RMSNorm"),
      Efficiency("residual_memory_efficiency", d.residual_memory_efficiency,
                 "fraction of HBM bandwidth reached by residual adds"),
      Efficiency("embedding_memory_efficiency", d.embedding_memory_efficiency,
                 "fraction of HBM bandwidth reached by the embedding gather"),
      Efficiency("elementwise_memory_efficiency", d.elementwise_memory_efficiency,
                 "fraction of HBM bandwidth reached by activation, RoPE, KV write, sampling"),
      Microseconds("kernel_overhead_us", d.kernel_overhead_us,
                   "fixed GPU time per non-GEMM kernel"),
      Microseconds("nccl_ll_base_us", d.nccl_ll_base_us,
                   "collectives, NCCL LL protocol: fixed cost per call"),
      HopFactor("nccl_ll_hop_factor", d.nccl_ll_hop_factor,
                "collectives, NCCL LL protocol: cost per ring step"),
      Efficiency("nccl_ll_bus_efficiency", d.nccl_ll_bus_efficiency,
                 "collectives, NCCL LL protocol: fraction of interconnect bandwidth reached"),
      Microseconds("nccl_ll128_base_us", d.nccl_ll128_base_us,
                   "collectives, NCCL LL128 protocol: fixed cost per call"),
      HopFactor("nccl_ll128_hop_factor", d.nccl_ll128_hop_factor,
                "collectives, NCCL LL128 protocol: cost per ring step"),
      Efficiency("nccl_ll128_bus_efficiency", d.nccl_ll128_bus_efficiency,
                 "collectives, NCCL LL128 protocol: fraction of interconnect bandwidth reached"),
      Microseconds("nccl_simple_base_us", d.nccl_simple_base_us,
                   "collectives, NCCL Simple protocol: fixed cost per call"),
      HopFactor("nccl_simple_hop_factor", d.nccl_simple_hop_factor,
                "collectives, NCCL Simple protocol: cost per ring step"),
      Efficiency("nccl_simple_bus_efficiency", d.nccl_simple_bus_efficiency,
                 "collectives, NCCL Simple protocol: fraction of interconnect bandwidth reached"),
      Microseconds("nccl_nvls_base_us", d.nccl_nvls_base_us,
                   "all-reduce by NVLS (NVLink 4+ switches): fixed cost per call"),
      Efficiency("nccl_nvls_bus_efficiency", d.nccl_nvls_bus_efficiency,
                 "all-reduce by NVLS: fraction of interconnect bandwidth reached (each GPU "
                 "sends and receives the buffer once)"),
      Microseconds("nccl_graph_base_us", d.nccl_graph_base_us,
                   "NCCL's per-call cost inside a CUDA graph (no host launch), every protocol"),
      Microseconds("oneshot_base_us", d.oneshot_base_us,
                   "one-shot all-reduce kernel (custom all-reduce, TensorRT-LLM MIN_LATENCY): "
                   "barrier and launch"),
      Efficiency("oneshot_bus_efficiency", d.oneshot_bus_efficiency,
                 "one-shot all-reduce: fraction of link bandwidth reading the n - 1 peers"),
      Microseconds("twoshot_base_us", d.twoshot_base_us,
                   "two-shot all-reduce kernel (reduce-scatter + all-gather): barriers and launch"),
      Efficiency("twoshot_bus_efficiency", d.twoshot_bus_efficiency,
                 "two-shot all-reduce: fraction of link bandwidth reached"),
      Microseconds("kernel_launch_us", d.kernel_launch_us,
                   "CPU time per kernel launch outside CUDA graphs (counted when not hidden)"),
  };
  OptionSpec graphs;
  graphs.name = "cuda_graph_max_tokens";
  graphs.type = OptionType::kInt;
  graphs.unit = "tokens";
  graphs.default_value = fmt::format("{}", d.cuda_graph_max_tokens);
  graphs.help = "steps with at most this many tokens replay a CUDA graph; 0 disables graphs";
  graphs.min = 0;
  graphs.max = 1e9;
  specs.push_back(std::move(graphs));
  return specs;
}

RooflineOptions ReadRooflineOptions(OptionReader& reader) {
  RooflineOptions o;
  o.gemm_compute_efficiency = reader.Double("gemm_compute_efficiency");
  o.gemm_fp8_compute_efficiency = reader.Double("gemm_fp8_compute_efficiency");
  o.gemm_memory_efficiency = reader.Double("gemm_memory_efficiency");
  o.gemm_overhead_us = reader.Double("gemm_overhead_us");
  o.attention_compute_efficiency = reader.Double("attention_compute_efficiency");
  o.attention_memory_efficiency = reader.Double("attention_memory_efficiency");
  o.norm_memory_efficiency = reader.Double("norm_memory_efficiency");
  o.residual_memory_efficiency = reader.Double("residual_memory_efficiency");
  o.embedding_memory_efficiency = reader.Double("embedding_memory_efficiency");
  o.elementwise_memory_efficiency = reader.Double("elementwise_memory_efficiency");
  o.kernel_overhead_us = reader.Double("kernel_overhead_us");
  o.nccl_ll_base_us = reader.Double("nccl_ll_base_us");
  o.nccl_ll_hop_factor = reader.Double("nccl_ll_hop_factor");
  o.nccl_ll_bus_efficiency = reader.Double("nccl_ll_bus_efficiency");
  o.nccl_ll128_base_us = reader.Double("nccl_ll128_base_us");
  o.nccl_ll128_hop_factor = reader.Double("nccl_ll128_hop_factor");
  o.nccl_ll128_bus_efficiency = reader.Double("nccl_ll128_bus_efficiency");
  o.nccl_simple_base_us = reader.Double("nccl_simple_base_us");
  o.nccl_simple_hop_factor = reader.Double("nccl_simple_hop_factor");
  o.nccl_simple_bus_efficiency = reader.Double("nccl_simple_bus_efficiency");
  o.nccl_nvls_base_us = reader.Double("nccl_nvls_base_us");
  o.nccl_nvls_bus_efficiency = reader.Double("nccl_nvls_bus_efficiency");
  o.nccl_graph_base_us = reader.Double("nccl_graph_base_us");
  o.oneshot_base_us = reader.Double("oneshot_base_us");
  o.oneshot_bus_efficiency = reader.Double("oneshot_bus_efficiency");
  o.twoshot_base_us = reader.Double("twoshot_base_us");
  o.twoshot_bus_efficiency = reader.Double("twoshot_bus_efficiency");
  o.kernel_launch_us = reader.Double("kernel_launch_us");
  o.cuda_graph_max_tokens = static_cast<int>(reader.Int("cuda_graph_max_tokens"));
  return o;
}

}  // namespace gpuplan
