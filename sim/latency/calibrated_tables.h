// CalibratedTables: the measured curves of one bundle that apply to one replica (a model at a
// TP/PP size and dtypes), chosen once so that predictions only interpolate. Each op is matched
// by the shape one GPU computes; where a bundle has two tables for an op, the one measured by
// gpuplan-calibrate (shape-exact: gemm.csv, elementwise.csv) wins over an importer's whole-op
// table (mlp_ops.csv). Matching rules: docs/validation.md, "How the calibrated model reads a
// bundle".
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "sim/bundle/bundle.h"
#include "sim/catalog/specs.h"
#include "sim/latency/latency_model.h"
#include "sim/latency/log_interpolation.h"

namespace gpuplan {

// One measured curve per kernel the calibrated model can look up, in microseconds per kernel.
enum class CalibratedCurve : uint8_t {
  kQkv,            // over tokens
  kOut,            // over tokens
  kUpGate,         // over tokens
  kDown,           // over tokens
  kActivation,     // over tokens
  kRope,           // over tokens
  kNormInput,      // over tokens (also the final norm)
  kNormPost,       // over tokens
  kResidualAdd,    // over tokens
  kEmbedding,      // over tokens
  kKvCacheWrite,   // over tokens
  kLmHead,         // over sequences (one logits row each)
  kAllReduce,      // over bytes, TP ranks
  kSendRecv,       // over bytes, one stage boundary
  kPrefillPrompt,  // over prompt tokens: a whole prompt (q_len == kv_len), batch 1
  kCount,
};
inline constexpr size_t kNumCalibratedCurves = static_cast<size_t>(CalibratedCurve::kCount);

// What backs one op of the step: which file, which rows, over what range.
struct OpCoverage {
  OpKind op;
  std::string origin;  // e.g. "mlp_ops.csv model=llama_2_70b_hf tp=4 dtype=bf16"; "" if none
  std::string axis;    // "tokens", "bytes", ...
  double min_size = 0, max_size = 0;
  size_t points = 0;
  bool covered() const { return !origin.empty(); }
};

class CalibratedTables {
 public:
  CalibratedTables(const Bundle& bundle, const ModelSpec& model, const Deployment& deployment,
                   int block_size);

  std::optional<double> Us(CalibratedCurve curve, double size) const {
    return curves_[static_cast<size_t>(curve)].At(size);
  }
  const LogLinearCurve& curve(CalibratedCurve c) const { return curves_[static_cast<size_t>(c)]; }
  // Decode attention: per layer, over (sequences, mean KV length).
  std::optional<double> DecodeAttentionUs(double seqs, double kv_len) const {
    return decode_attention_.At(seqs, kv_len);
  }
  // A chunk of q_len < kv_len tokens of one prompt: per layer, over (q_len, kv_len).
  std::optional<double> PrefillChunkUs(double q_len, double kv_len) const {
    return prefill_chunks_.At(q_len, kv_len);
  }

  // Per op of a step: what the calibrated model looks up for it (the ops it never looks up,
  // sampling and CPU overhead, are listed as not covered).
  std::vector<OpCoverage> Coverage() const;
  // True when at least one op has a table.
  bool AnyCovered() const;

 private:
  struct Origin {
    std::string text, axis;
  };
  void Set(CalibratedCurve c, std::vector<std::pair<double, double>> points, std::string origin,
           std::string axis);
  void MatchGemms(const Bundle& bundle);
  void MatchElementwise(const Bundle& bundle);
  void MatchMlpOps(const Bundle& bundle);
  struct AttentionHeads {
    std::string q, kv, dim;  // per GPU, as key text
  };
  void MatchAttention(const Bundle& bundle, int block_size);
  void MatchPrefillAttention(const BundleTable& table, const AttentionHeads& heads);
  void MatchDecodeAttention(const BundleTable& table, const AttentionHeads& heads, int block_size);
  void MatchCollectives(const Bundle& bundle);

  ModelSpec model_;
  Deployment deployment_;
  std::array<LogLinearCurve, kNumCalibratedCurves> curves_;
  std::array<Origin, kNumCalibratedCurves> origins_;
  LogLinearGrid decode_attention_, prefill_chunks_;
  Origin decode_origin_, prefill_chunk_origin_;
};

}  // namespace gpuplan
