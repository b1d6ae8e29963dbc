#include "calibrate/harness/cpu_reference.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "calibrate/errors.h"

namespace gpuplan::calibrate {

void ErrorNorm::Add(double out, double ref) {
  ++count_;
  if (!std::isfinite(out)) {
    ++non_finite_;
    return;
  }
  diff_squares_ += (out - ref) * (out - ref);
  ref_squares_ += ref * ref;
}

void ErrorNorm::AddNonFinite(int64_t count) {
  count_ += count;
  non_finite_ += count;
}

double ErrorNorm::Relative() const {
  if (ref_squares_ == 0) return diff_squares_ == 0 ? 0 : std::numeric_limits<double>::infinity();
  return std::sqrt(diff_squares_ / ref_squares_);
}

bool ErrorNorm::Passes(double tolerance) const {
  return count_ > 0 && non_finite_ == 0 && Relative() < tolerance;
}

std::string ErrorNorm::Describe() const {
  char text[128];
  std::snprintf(text, sizeof(text), "rel_err=%.3e over %lld values", Relative(),
                static_cast<long long>(count_));
  std::string description(text);
  if (non_finite_ > 0) description += ", " + std::to_string(non_finite_) + " not finite";
  return description;
}

void AttentionRow(std::span<const float> q, std::span<const float> k, std::span<const float> v,
                  int head_dim, int num_keys, double scale, std::span<double> out) {
  if (num_keys <= 0) throw CalibrateError("attention row with no keys");
  std::vector<double> scores(num_keys);
  double max_score = -std::numeric_limits<double>::infinity();
  for (int j = 0; j < num_keys; ++j) {
    double dot = 0;
    for (int d = 0; d < head_dim; ++d) {
      dot += static_cast<double>(q[d]) * k[static_cast<size_t>(j) * head_dim + d];
    }
    scores[j] = dot * scale;
    max_score = std::max(max_score, scores[j]);
  }
  double sum = 0;
  for (double& s : scores) {
    s = std::exp(s - max_score);
    sum += s;
  }
  std::fill(out.begin(), out.begin() + head_dim, 0.0);
  for (int j = 0; j < num_keys; ++j) {
    const double p = scores[j] / sum;
    for (int d = 0; d < head_dim; ++d) out[d] += p * v[static_cast<size_t>(j) * head_dim + d];
  }
}

int CausalKeys(const AttentionDims& dims, int query) {
  return dims.kv_len - dims.q_len + query + 1;
}

std::vector<float> GatherHead(std::span<const float> data, int batch_index, int len, int heads,
                              int head, int head_dim) {
  std::vector<float> rows(static_cast<size_t>(len) * head_dim);
  for (int t = 0; t < len; ++t) {
    const size_t from = ((static_cast<size_t>(batch_index) * len + t) * heads + head) * head_dim;
    std::copy_n(data.begin() + from, head_dim, rows.begin() + static_cast<size_t>(t) * head_dim);
  }
  return rows;
}

void PrefillAttentionReference(const AttentionDims& dims, std::span<const float> q,
                               std::span<const float> k, std::span<const float> v, double scale,
                               std::span<double> out) {
  if (dims.q_len > dims.kv_len) throw CalibrateError("q_len > kv_len");
  const int group = dims.q_heads / dims.kv_heads;
  const int d = dims.head_dim;
  for (int b = 0; b < dims.batch; ++b) {
    for (int kv_head = 0; kv_head < dims.kv_heads; ++kv_head) {
      const std::vector<float> keys = GatherHead(k, b, dims.kv_len, dims.kv_heads, kv_head, d);
      const std::vector<float> values = GatherHead(v, b, dims.kv_len, dims.kv_heads, kv_head, d);
      for (int head = kv_head * group; head < (kv_head + 1) * group; ++head) {
        for (int i = 0; i < dims.q_len; ++i) {
          const size_t row = ((static_cast<size_t>(b) * dims.q_len + i) * dims.q_heads + head) * d;
          AttentionRow(q.subspan(row, d), keys, values, d, CausalKeys(dims, i), scale,
                       out.subspan(row, d));
        }
      }
    }
  }
}

std::vector<float> GatherPagedHead(const std::function<float(int64_t)>& value,
                                   std::span<const int> block_table_row, int seq_len,
                                   int block_size, int kv_heads, int kv_head, int head_dim) {
  std::vector<float> rows(static_cast<size_t>(seq_len) * head_dim);
  for (int t = 0; t < seq_len; ++t) {
    const int64_t page = block_table_row[t / block_size];
    const int64_t base = ((page * block_size + t % block_size) * kv_heads + kv_head) *
                         static_cast<int64_t>(head_dim);
    for (int d = 0; d < head_dim; ++d)
      rows[static_cast<size_t>(t) * head_dim + d] = value(base + d);
  }
  return rows;
}

void RmsNormRow(std::span<const float> x, std::span<const float> weight, double eps,
                std::span<double> out) {
  double squares = 0;
  for (float value : x) squares += static_cast<double>(value) * value;
  const double inverse = 1.0 / std::sqrt(squares / static_cast<double>(x.size()) + eps);
  for (size_t i = 0; i < x.size(); ++i) out[i] = x[i] * inverse * weight[i];
}

std::vector<float> RopeCosSinTable(int max_position, int head_dim, double theta) {
  const int half = head_dim / 2;
  std::vector<float> table(static_cast<size_t>(max_position) * head_dim);
  for (int pos = 0; pos < max_position; ++pos) {
    for (int i = 0; i < half; ++i) {
      const double inverse_frequency = std::pow(theta, -2.0 * i / head_dim);
      const double angle = pos * inverse_frequency;
      table[static_cast<size_t>(pos) * head_dim + i] = static_cast<float>(std::cos(angle));
      table[static_cast<size_t>(pos) * head_dim + half + i] = static_cast<float>(std::sin(angle));
    }
  }
  return table;
}

void RopeNeoxHead(std::span<const float> x, std::span<const float> cos_sin, std::span<double> out) {
  const size_t half = x.size() / 2;
  for (size_t i = 0; i < half; ++i) {
    const double c = cos_sin[i];
    const double s = cos_sin[half + i];
    out[i] = x[i] * c - x[half + i] * s;
    out[half + i] = x[half + i] * c + x[i] * s;
  }
}

double Silu(double x) { return x / (1.0 + std::exp(-x)); }

void SiluAndMulRow(std::span<const float> gate, std::span<const float> up, std::span<double> out) {
  for (size_t i = 0; i < gate.size(); ++i) out[i] = Silu(gate[i]) * up[i];
}

}  // namespace gpuplan::calibrate
