// RooflineModel: a LatencyModel built from first principles. Each op of a step gets explicit
// FLOPs and bytes for the batch at this replica's TP/PP; its time is
//   max(FLOPs / (peak(dtype) x compute efficiency), bytes / (HBM bandwidth x memory efficiency))
//   + a fixed per-kernel GPU cost,
// collectives follow NCCL's cost model over the GPU interconnect (collective_model.h: the
// cheapest of its ring protocols and NVLS), and CPU costs come from the engine
// preset plus kernel launches that GPU work does not hide. Every formula and every default is in
// docs/latency-model.md. Per-replica constants are computed once in the constructor, so
// Predict is a few dozen multiply-adds plus one pass over the prefill chunks, with no allocation.
#pragma once

#include <algorithm>
#include <string_view>

#include "sim/catalog/specs.h"
#include "sim/latency/collective_model.h"
#include "sim/latency/host_time.h"
#include "sim/latency/latency_model.h"
#include "sim/latency/roofline_options.h"

namespace gpuplan {

// The compute dtype a GEMM runs in for a weight dtype on a GPU: fp8 and int8 weights use their
// tensor cores where the GPU has them; otherwise (and for int4) weights are dequantised to bf16
// inside the kernel (weight-only quantisation).
Dtype GemmComputeDtype(Dtype weight_dtype, const GpuSpec& gpu);

// The time of one kernel: the slower of its compute and memory roofs, plus a fixed cost.
struct Roof {
  double flops_per_s = 0;  // achievable FLOP/s (peak x efficiency); 0 for memory-only kernels
  double bytes_per_s = 0;  // achievable bytes/s (bandwidth x efficiency)
  double fixed_s = 0;      // fixed GPU time per kernel

  double Seconds(double flops, double bytes) const {
    const double compute = flops_per_s > 0 ? flops / flops_per_s : 0.0;
    return std::max(compute, bytes / bytes_per_s) + fixed_s;
  }
};

// A linear layer on one GPU: out[m x n] = in[m x k] * W[k x n].
struct GemmShape {
  double n = 0;
  double k = 0;
  double weight_bytes = 0;  // n x k x weight dtype bytes
};

class RooflineModel final : public LatencyModel {
 public:
  RooflineModel(const ModelSpec& model, const GpuSpec& gpu, const Deployment& deployment,
                const EngineSpec& engine, const RooflineOptions& options = {});

  std::string_view name() const override { return "roofline"; }
  StepTime Predict(const BatchShape& batch) const override;

  const RooflineOptions& options() const { return options_; }

 private:
  void InitRoofs(const GpuSpec& gpu, const Deployment& deployment);
  void InitGemms(const ModelSpec& model, const Deployment& deployment);
  void InitPerTokenBytes(const ModelSpec& model, const Deployment& deployment);
  static double GemmSeconds(const Roof& roof, const GemmShape& gemm, double m);
  double PrefillAttentionSeconds(const BatchShape& batch) const;
  double DecodeAttentionSeconds(const BatchShape& batch) const;
  void AddGemms(const BatchShape& batch, StepTime& step) const;
  void AddAttention(const BatchShape& batch, StepTime& step) const;
  void AddMemoryBound(const BatchShape& batch, StepTime& step) const;
  void AddCommunication(const BatchShape& batch, StepTime& step) const;
  void AddCpu(const BatchShape& batch, StepTime& step) const;

  RooflineOptions options_;
  int tp_ = 1;
  int pp_ = 1;
  double layers_ = 0;  // all layers: a step passes every stage in turn
  Roof gemm_roof_, lm_head_roof_, attention_roof_, norm_roof_, residual_roof_, embedding_roof_,
      elementwise_roof_;
  GemmShape qkv_, out_, up_gate_, down_, lm_head_;
  // Bytes per token (per GPU) of the memory-bound kernels.
  double norm_bytes_per_token_ = 0, norm_weight_bytes_ = 0;
  double residual_bytes_per_token_ = 0, rope_bytes_per_token_ = 0;
  double kv_write_bytes_per_token_ = 0, activation_bytes_per_token_ = 0;
  double embedding_bytes_per_token_ = 0, sampling_bytes_per_seq_ = 0;
  // Attention per layer per GPU.
  double attention_flops_per_pair_ = 0;      // 4 x q heads x head_dim
  double attention_qo_bytes_per_token_ = 0;  // Q read + O write
  double attention_kv_bytes_per_token_ = 0;  // K + V of one cached token
  // Communication.
  double hidden_bytes_per_token_ = 0;  // one activation row, 16-bit
  double logits_bytes_per_seq_ = 0;    // full-vocabulary logits row, 16-bit
  CollectiveModel collectives_;
  AllReduceStrategy all_reduce_ = AllReduceStrategy::kNccl;
  HostTimeModel host_;
};

}  // namespace gpuplan
