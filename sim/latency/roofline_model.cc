#include "sim/latency/roofline_model.h"

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"
#include "sim/latency/memory_model.h"

namespace gpuplan {
namespace {

constexpr double kUs = 1e-6;
// Activations, embeddings, norms, LM head and logits are 16-bit whatever the weight dtype.
constexpr double kSixteenBit = 2.0;
// Sampling reads the fp32 logits of every sequence a few times (scale by temperature, softmax,
// draw); 3 passes is a stand-in until sampling is calibrated.
constexpr double kSamplingPasses = 3.0;
constexpr double kFp32Bytes = 4.0;

double CeilDiv(int a, int b) { return static_cast<double>((a + b - 1) / b); }

// The registry's option schema enforces these; code that builds options by hand gets a check.
void CheckOptions(const RooflineOptions& o) {
  for (double e :
       {o.gemm_compute_efficiency, o.gemm_fp8_compute_efficiency, o.gemm_memory_efficiency,
        o.attention_compute_efficiency, o.attention_memory_efficiency, o.norm_memory_efficiency,
        o.residual_memory_efficiency, o.embedding_memory_efficiency,
        o.elementwise_memory_efficiency, o.nccl_ll_bus_efficiency, o.nccl_ll128_bus_efficiency,
        o.nccl_simple_bus_efficiency, o.nccl_nvls_bus_efficiency}) {
    GPUPLAN_CHECK(e > 0 && e <= 1, "roofline efficiencies must be in (0, 1], got {}", e);
  }
  GPUPLAN_CHECK(o.gemm_overhead_us >= 0 && o.kernel_overhead_us >= 0 && o.kernel_launch_us >= 0 &&
                    o.nccl_ll_base_us >= 0 && o.nccl_ll128_base_us >= 0 &&
                    o.nccl_simple_base_us >= 0 && o.nccl_nvls_base_us >= 0 &&
                    o.nccl_ll_hop_factor >= 0 && o.nccl_ll128_hop_factor >= 0 &&
                    o.nccl_simple_hop_factor >= 0,
                "roofline fixed costs and hop factors must be >= 0");
}

}  // namespace

Dtype GemmComputeDtype(Dtype weight_dtype, const GpuSpec& gpu) {
  switch (weight_dtype) {
    case Dtype::kFp32:
    case Dtype::kBf16:
    case Dtype::kFp16:
      return weight_dtype;
    case Dtype::kFp8:
      return gpu.fp8_tflops > 0 ? Dtype::kFp8 : Dtype::kBf16;
    case Dtype::kInt8:
      return gpu.int8_tops > 0 ? Dtype::kInt8 : Dtype::kBf16;
    case Dtype::kInt4:
      return Dtype::kBf16;
  }
  return Dtype::kBf16;
}

RooflineModel::RooflineModel(const ModelSpec& model, const GpuSpec& gpu,
                             const Deployment& deployment, const EngineSpec& engine,
                             const RooflineOptions& options)
    : options_(options),
      tp_(deployment.tensor_parallel),
      pp_(deployment.pipeline_parallel),
      layers_(model.num_layers) {
  GPUPLAN_CHECK(tp_ >= 1 && pp_ >= 1, "parallelism must be >= 1 (TP={}, PP={})", tp_, pp_);
  GPUPLAN_CHECK(model.num_layers > 0 && model.hidden_size > 0 && model.head_dim > 0,
                "model '{}' has empty shapes", model.name);
  CheckOptions(options_);
  InitRoofs(gpu, deployment);
  InitGemms(model, deployment);
  InitPerTokenBytes(model, deployment);
  collectives_ = CollectiveModel(gpu, options_);
  all_reduce_ = ParseAllReduceStrategy(engine.all_reduce).value_or(AllReduceStrategy::kNccl);
  GPUPLAN_CHECK(deployment.GpusPerReplica() == 1 || gpu.interconnect_gbps > 0,
                "GPU '{}' has no interconnect bandwidth but TP={} PP={}", gpu.name, tp_, pp_);
  host_ = {.per_step_s = engine.cpu_overhead_per_step_us * kUs,
           .per_request_s = engine.cpu_overhead_per_request_us * kUs,
           .launch_s = options_.kernel_launch_us * kUs,
           .cuda_graph_max_tokens = options_.cuda_graph_max_tokens,
           .graph_mode = CudaGraphModeOf(engine),
           .overlap = engine.async_scheduling ? 1.0 : 0.0};
}

void RooflineModel::InitRoofs(const GpuSpec& gpu, const Deployment& deployment) {
  const RooflineOptions& o = options_;
  const double bw = gpu.MemoryBandwidth();
  const Dtype gemm_dtype = GemmComputeDtype(deployment.weight_dtype, gpu);
  const double gemm_peak = gpu.PeakFlops(gemm_dtype);
  const double gemm_efficiency =
      gemm_dtype == Dtype::kFp8 ? o.gemm_fp8_compute_efficiency : o.gemm_compute_efficiency;
  const double bf16_peak = gpu.PeakFlops(Dtype::kBf16);
  GPUPLAN_CHECK(bw > 0 && gemm_peak > 0 && bf16_peak > 0,
                "GPU '{}' needs positive bandwidth and tensor peaks", gpu.name);
  const double kernel_s = o.kernel_overhead_us * kUs;
  gemm_roof_ = {gemm_peak * gemm_efficiency, bw * o.gemm_memory_efficiency,
                o.gemm_overhead_us * kUs};
  lm_head_roof_ = {bf16_peak * o.gemm_compute_efficiency, bw * o.gemm_memory_efficiency,
                   o.gemm_overhead_us * kUs};
  attention_roof_ = {bf16_peak * o.attention_compute_efficiency, bw * o.attention_memory_efficiency,
                     kernel_s};
  norm_roof_ = {0, bw * o.norm_memory_efficiency, kernel_s};
  residual_roof_ = {0, bw * o.residual_memory_efficiency, kernel_s};
  embedding_roof_ = {0, bw * o.embedding_memory_efficiency, kernel_s};
  elementwise_roof_ = {0, bw * o.elementwise_memory_efficiency, kernel_s};
}

void RooflineModel::InitGemms(const ModelSpec& model, const Deployment& deployment) {
  const double h = model.hidden_size;
  const double q_dim = CeilDiv(model.num_attention_heads, tp_) * model.head_dim;
  const double kv_dim = static_cast<double>(KvHeadsPerGpu(model, tp_)) * model.head_dim;
  const double inter = CeilDiv(model.intermediate_size, tp_);
  const double vocab = CeilDiv(model.vocab_size, tp_);
  const double wb = BytesPerElement(deployment.weight_dtype);
  auto gemm = [](double n, double k, double bytes) { return GemmShape{n, k, n * k * bytes}; };
  qkv_ = gemm(q_dim + 2 * kv_dim, h, wb);
  out_ = gemm(h, q_dim, wb);
  up_gate_ = gemm((model.gated_mlp ? 2 : 1) * inter, h, wb);
  down_ = gemm(h, inter, wb);
  lm_head_ = gemm(vocab, h, kSixteenBit);
}

void RooflineModel::InitPerTokenBytes(const ModelSpec& model, const Deployment& deployment) {
  const double ab = kSixteenBit;
  const double kvb = BytesPerElement(deployment.kv_dtype);
  const double h = model.hidden_size;
  const double q_heads = CeilDiv(model.num_attention_heads, tp_);
  const double q_dim = q_heads * model.head_dim;
  const double kv_dim = static_cast<double>(KvHeadsPerGpu(model, tp_)) * model.head_dim;
  const double inter = CeilDiv(model.intermediate_size, tp_);
  norm_bytes_per_token_ = 2 * h * ab;  // read x, write y
  norm_weight_bytes_ = h * ab;
  residual_bytes_per_token_ = 3 * h * ab;                                // read a, b; write a + b
  rope_bytes_per_token_ = (2 * (q_dim + kv_dim) + model.head_dim) * ab;  // q, k in place; cos/sin
  kv_write_bytes_per_token_ = 2 * kv_dim * (ab + kvb);                   // read new K, V; store
  activation_bytes_per_token_ = (model.gated_mlp ? 3 : 2) * inter * ab;
  embedding_bytes_per_token_ = 2 * h * ab;  // gather a row, write it
  sampling_bytes_per_seq_ = kSamplingPasses * model.vocab_size * kFp32Bytes;
  attention_flops_per_pair_ = 4 * q_heads * model.head_dim;  // QK^T and PV, 2 FLOPs per MAC
  attention_qo_bytes_per_token_ = 2 * q_dim * ab;
  attention_kv_bytes_per_token_ = 2 * kv_dim * kvb;
  hidden_bytes_per_token_ = h * ab;
  logits_bytes_per_seq_ = model.vocab_size * ab;
}

double RooflineModel::GemmSeconds(const Roof& roof, const GemmShape& gemm, double m) {
  const double flops = 2 * m * gemm.n * gemm.k;
  const double bytes = gemm.weight_bytes + kSixteenBit * m * (gemm.k + gemm.n);
  return roof.Seconds(flops, bytes);
}

// One varlen kernel per layer for all prefill chunks. A chunk of q new tokens at the end of a
// kv-token context attends to sum_{i=1..q} (kv - q + i) = q*kv - q*(q-1)/2 (query, key) pairs
// under the causal mask; K and V of the whole context are read once, Q read and O written once.
double RooflineModel::PrefillAttentionSeconds(const BatchShape& batch) const {
  double pairs = 0, q_tokens = 0, kv_tokens = 0;
  for (const PrefillChunk& c : batch.prefills) {
    const double q = c.q_len, kv = c.kv_len;
    pairs += q * kv - q * (q - 1) / 2;
    q_tokens += q;
    kv_tokens += kv;
  }
  const double bytes =
      q_tokens * attention_qo_bytes_per_token_ + kv_tokens * attention_kv_bytes_per_token_;
  return attention_roof_.Seconds(pairs * attention_flops_per_pair_, bytes);
}

// Decode: each sequence's single query reads its whole KV once (grouped-query heads share it).
double RooflineModel::DecodeAttentionSeconds(const BatchShape& batch) const {
  const double kv = static_cast<double>(batch.decode_kv_sum);
  const double bytes =
      batch.num_decodes * attention_qo_bytes_per_token_ + kv * attention_kv_bytes_per_token_;
  return attention_roof_.Seconds(kv * attention_flops_per_pair_, bytes);
}

StepTime RooflineModel::Predict(const BatchShape& batch) const {
  GPUPLAN_CHECK(!batch.empty(), "Predict needs a non-empty batch");
  StepTime step;
  AddGemms(batch, step);
  AddAttention(batch, step);
  AddMemoryBound(batch, step);
  AddCommunication(batch, step);
  AddCpu(batch, step);
  return step;
}

void RooflineModel::AddGemms(const BatchShape& batch, StepTime& step) const {
  const double m = static_cast<double>(batch.NumTokens());
  constexpr OpSource kSrc = OpSource::kRoofline;
  step.Add(OpKind::kQkvProj, layers_ * GemmSeconds(gemm_roof_, qkv_, m), kSrc);
  step.Add(OpKind::kOutProj, layers_ * GemmSeconds(gemm_roof_, out_, m), kSrc);
  step.Add(OpKind::kMlpUpGate, layers_ * GemmSeconds(gemm_roof_, up_gate_, m), kSrc);
  step.Add(OpKind::kMlpDown, layers_ * GemmSeconds(gemm_roof_, down_, m), kSrc);
  // Logits for the last token of every sequence in the batch (vLLM computes them for partial
  // prefill chunks too and discards them).
  step.Add(OpKind::kLmHead, GemmSeconds(lm_head_roof_, lm_head_, batch.NumSeqs()), kSrc);
}

void RooflineModel::AddAttention(const BatchShape& batch, StepTime& step) const {
  if (!batch.prefills.empty()) {
    step.Add(OpKind::kPrefillAttention, layers_ * PrefillAttentionSeconds(batch),
             OpSource::kRoofline);
  }
  if (batch.num_decodes > 0) {
    step.Add(OpKind::kDecodeAttention, layers_ * DecodeAttentionSeconds(batch),
             OpSource::kRoofline);
  }
}

void RooflineModel::AddMemoryBound(const BatchShape& batch, StepTime& step) const {
  const double t = static_cast<double>(batch.NumTokens());
  constexpr OpSource kSrc = OpSource::kRoofline;
  step.Add(OpKind::kEmbedding, embedding_roof_.Seconds(0, t * embedding_bytes_per_token_), kSrc);
  const double norm = norm_roof_.Seconds(0, t * norm_bytes_per_token_ + norm_weight_bytes_);
  step.Add(OpKind::kNorm, (2 * layers_ + 1) * norm, kSrc);  // 2 per layer + final norm
  step.Add(OpKind::kRope, layers_ * elementwise_roof_.Seconds(0, t * rope_bytes_per_token_), kSrc);
  step.Add(OpKind::kKvCacheWrite,
           layers_ * elementwise_roof_.Seconds(0, t * kv_write_bytes_per_token_), kSrc);
  step.Add(OpKind::kActivation,
           layers_ * elementwise_roof_.Seconds(0, t * activation_bytes_per_token_), kSrc);
  step.Add(OpKind::kResidualAdd,
           2 * layers_ * residual_roof_.Seconds(0, t * residual_bytes_per_token_), kSrc);
  step.Add(OpKind::kSampling,
           elementwise_roof_.Seconds(0, batch.NumSeqs() * sampling_bytes_per_seq_), kSrc);
}

void RooflineModel::AddCommunication(const BatchShape& batch, StepTime& step) const {
  const double t = static_cast<double>(batch.NumTokens());
  const bool graphed = host_.Graphed(batch);
  if (tp_ > 1) {
    // 2 per layer (after attention and after the MLP) + 1 after the vocab-parallel embedding,
    // each run the engine's way, then an all-gather of the vocab-parallel logits (NCCL).
    const double all_reduce =
        (2 * layers_ + 1) *
        collectives_.EngineAllReduce(all_reduce_, t * hidden_bytes_per_token_, tp_, t, graphed)
            .seconds;
    const double gather =
        collectives_.AllGather(batch.NumSeqs() * logits_bytes_per_seq_, tp_, graphed).seconds;
    step.Add(OpKind::kAllReduce, all_reduce + gather, OpSource::kRoofline);
  }
  if (pp_ > 1) {
    // Each stage boundary sends the hidden states and the residual of every token.
    const double send = collectives_.SendRecv(t * 2 * hidden_bytes_per_token_).seconds;
    step.Add(OpKind::kPipelineSend, (pp_ - 1) * send, OpSource::kRoofline);
  }
}

// CPU time the GPU waits for: the engine's per-step and per-request work, and kernel launches
// when the step is not a CUDA-graph replay (host_time.h).
void RooflineModel::AddCpu(const BatchShape& batch, StepTime& step) const {
  const double cpu_s =
      host_.ExposedSeconds(batch, step.total_s, KernelsPerStep(batch, layers_, tp_, pp_));
  if (cpu_s > 0) step.Add(OpKind::kCpuOverhead, cpu_s, OpSource::kRoofline);
}

}  // namespace gpuplan
