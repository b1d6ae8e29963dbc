// LatencyModel: predicts the wall time of one engine iteration (one "step") of one replica.
//
// A step runs every layer over a batch that mixes prefill chunks and decode tokens. The model
// sums per-op times (GEMMs at the batch's token count, prefill attention per chunk, decode
// attention over the decode KV lengths, norms/RoPE/activation, TP all-reduces, PP send/recv,
// LM head, sampling, CPU/launch overhead). Every prediction reports, per op, its time and which
// source produced it, so a run can say how much of its time came from measured data.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpuplan {

// One request's prefill work in a step: q_len new prompt tokens attending to kv_len tokens of
// context, where kv_len includes the q_len new tokens (chunked prefill: q_len < kv_len).
struct PrefillChunk {
  int32_t q_len = 0;
  int32_t kv_len = 0;
};

// The shape of one step's batch. Decode requests are summarised (count, sum and max of KV
// lengths, each including the token being decoded) because decode attention cost is linear in
// the total KV read; prefill chunks are listed because attention cost is quadratic per chunk.
struct BatchShape {
  std::vector<PrefillChunk> prefills;
  int32_t num_decodes = 0;
  int64_t decode_kv_sum = 0;
  int32_t decode_kv_max = 0;

  void Clear() {
    prefills.clear();
    num_decodes = 0;
    decode_kv_sum = 0;
    decode_kv_max = 0;
  }
  void AddPrefill(int32_t q_len, int32_t kv_len) { prefills.push_back({q_len, kv_len}); }
  void AddDecode(int32_t kv_len) {
    ++num_decodes;
    decode_kv_sum += kv_len;
    if (kv_len > decode_kv_max) decode_kv_max = kv_len;
  }
  int64_t NumPrefillTokens() const {
    int64_t n = 0;
    for (const PrefillChunk& c : prefills) n += c.q_len;
    return n;
  }
  int64_t NumTokens() const { return NumPrefillTokens() + num_decodes; }
  int32_t NumSeqs() const { return static_cast<int32_t>(prefills.size()) + num_decodes; }
  bool empty() const { return prefills.empty() && num_decodes == 0; }
};

// The ops a step is made of. Times are for the whole step (all layers, all pipeline stages).
enum class OpKind : uint8_t {
  kEmbedding,
  kNorm,     // input + post-attention RMSNorm per layer, final norm
  kQkvProj,  // GEMM: hidden -> (q + 2 kv) heads
  kRope,
  kKvCacheWrite,  // storing new K/V into the paged cache
  kPrefillAttention,
  kDecodeAttention,
  kOutProj,     // GEMM: q heads -> hidden
  kMlpUpGate,   // GEMM: hidden -> (2 x) intermediate
  kActivation,  // SiLU-and-mul (or GELU)
  kMlpDown,     // GEMM: intermediate -> hidden
  kResidualAdd,
  kAllReduce,     // tensor-parallel all-reduces (2 per layer)
  kPipelineSend,  // pipeline-parallel activations between stages
  kLmHead,
  kSampling,
  kCpuOverhead,  // scheduler, input preparation, kernel launches not hidden by CUDA graphs
  kCount,
};
constexpr size_t kNumOpKinds = static_cast<size_t>(OpKind::kCount);

std::string_view OpKindName(OpKind op);  // "qkv_proj", "decode_attention", ...

// Where an op's time came from.
enum class OpSource : uint8_t { kNone, kRoofline, kCalibrated, kFixed };
std::string_view OpSourceName(OpSource source);

struct StepTime {
  double total_s = 0;
  std::array<double, kNumOpKinds> op_s{};         // seconds per op kind
  std::array<OpSource, kNumOpKinds> op_source{};  // kNone for ops that did not run

  void Add(OpKind op, double seconds, OpSource source) {
    op_s[static_cast<size_t>(op)] += seconds;
    op_source[static_cast<size_t>(op)] = source;
    total_s += seconds;
  }
  double Of(OpKind op) const { return op_s[static_cast<size_t>(op)]; }
};

// Threads: one model is shared by every replica of a run and by the concurrent runs of one
// PreparedScenario (a plan runs a probe's seeds on several threads), so Predict() and every other
// const method must be safe to call concurrently: no mutable state, or state behind a lock.
class LatencyModel {
 public:
  virtual ~LatencyModel() = default;
  virtual std::string_view name() const = 0;
  // Predicts one step of `batch` (non-empty) on the replica this model was built for.
  // Contract: deterministic, total_s > 0, and total_s equals the sum of op_s.
  virtual StepTime Predict(const BatchShape& batch) const = 0;
  // What the model's numbers rest on, as (key, value) pairs for the run's summary.json context
  // ("calibration.bundle", ...); empty for models built from the catalog alone.
  virtual std::vector<std::pair<std::string, std::string>> Provenance() const { return {}; }
};

}  // namespace gpuplan
