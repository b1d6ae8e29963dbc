// CPU references for every kernel gpuplan-calibrate times, in double precision, and the error
// measure the checks use. Inputs are floats holding the exact values the device buffers hold.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace gpuplan::calibrate {

// Tolerances of ||out - ref||_2 / ||ref||_2 (docs/calibration.md, METHOD): outputs stored in bf16
// or computed from bf16 operands, and outputs computed and stored in fp32.
inline constexpr double kBf16Tolerance = 1e-2;
inline constexpr double kFp32Tolerance = 1e-3;

// Accumulates the relative L2 error of an output against its reference. A NaN or infinity in the
// output (the poison value of unwritten elements is NaN) makes the check fail.
class ErrorNorm {
 public:
  void Add(double out, double ref);
  // Counts `count` output values found non-finite elsewhere (e.g. by a device-side scan).
  void AddNonFinite(int64_t count);
  double Relative() const;  // 0 when both norms are 0; infinity when only the reference's is 0
  bool non_finite() const { return non_finite_ > 0; }
  int64_t count() const { return count_; }
  bool Passes(double tolerance) const;
  std::string Describe() const;  // "rel_err=1.2e-03 over 4096 values" (+ non-finite count)

 private:
  double diff_squares_ = 0;
  double ref_squares_ = 0;
  int64_t count_ = 0;
  int64_t non_finite_ = 0;
};

// One query row of softmax attention over keys [0, num_keys): out = sum_j p_j v_j with
// p = softmax(scale * q.k_j). q: [head_dim]; k, v: [num_keys][head_dim]; out: [head_dim].
void AttentionRow(std::span<const float> q, std::span<const float> k, std::span<const float> v,
                  int head_dim, int num_keys, double scale, std::span<double> out);

struct AttentionDims {
  int batch = 1;
  int q_len = 0;
  int kv_len = 0;
  int q_heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
};

// The number of keys query i (0-based among q_len) of a causal chunk sees: kv_len - q_len + i + 1.
int CausalKeys(const AttentionDims& dims, int query);

// One KV head of one sequence, made contiguous: data [batch][len][heads][head_dim] ->
// [len][head_dim].
std::vector<float> GatherHead(std::span<const float> data, int batch_index, int len, int heads,
                              int head, int head_dim);

// Causal prefill attention on whole tensors in the kernels' layouts: q and out
// [batch][q_len][q_heads][head_dim], k and v [batch][kv_len][kv_heads][head_dim]. Query i is at
// position kv_len - q_len + i and attends to keys 0..that position; query head h reads KV head
// h / (q_heads / kv_heads).
void PrefillAttentionReference(const AttentionDims& dims, std::span<const float> q,
                               std::span<const float> k, std::span<const float> v, double scale,
                               std::span<double> out);

// One KV head of one sequence from a paged cache [num_pages][block_size][kv_heads][head_dim],
// whose element at flat index i is value(i); token t lives in page block_table_row[t / block_size]
// at offset t % block_size. Returns [seq_len][head_dim].
std::vector<float> GatherPagedHead(const std::function<float(int64_t)>& value,
                                   std::span<const int> block_table_row, int seq_len,
                                   int block_size, int kv_heads, int kv_head, int head_dim);

// RMSNorm of one row: out = x / sqrt(mean(x^2) + eps) * weight.
void RmsNormRow(std::span<const float> x, std::span<const float> weight, double eps,
                std::span<double> out);

// cos/sin table of rotary embeddings, [max_position][head_dim]: for pair i < head_dim / 2,
// column i holds cos(pos * theta^(-2i/head_dim)) and column head_dim / 2 + i the sine, as floats.
std::vector<float> RopeCosSinTable(int max_position, int head_dim, double theta);

// GPT-NeoX-style rotation (Llama's rotate_half) of one head: for i < head_dim / 2,
// out[i] = x[i] cos - x[i + h] sin, out[i + h] = x[i + h] cos + x[i] sin, h = head_dim / 2;
// cos_sin is one row of RopeCosSinTable.
void RopeNeoxHead(std::span<const float> x, std::span<const float> cos_sin, std::span<double> out);

double Silu(double x);  // x / (1 + e^-x)
// out[i] = silu(gate[i]) * up[i].
void SiluAndMulRow(std::span<const float> gate, std::span<const float> up, std::span<double> out);

}  // namespace gpuplan::calibrate
