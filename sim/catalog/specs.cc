#include "sim/catalog/specs.h"

namespace gpuplan {

double GpuSpec::PeakFlops(Dtype dtype) const {
  switch (dtype) {
    case Dtype::kFp32:
      return bf16_tflops * 1e12 / 2.0;  // TF32-class rate on tensor cores
    case Dtype::kBf16:
      return bf16_tflops * 1e12;
    case Dtype::kFp16:
      return fp16_tflops * 1e12;
    case Dtype::kFp8:
      return fp8_tflops * 1e12;
    case Dtype::kInt8:
    case Dtype::kInt4:
      return int8_tops * 1e12;
  }
  return 0;
}

int64_t ModelSpec::NumParams() const {
  const int64_t h = hidden_size;
  const int64_t q = static_cast<int64_t>(num_attention_heads) * head_dim;
  const int64_t kv = static_cast<int64_t>(num_kv_heads) * head_dim;
  const int64_t attention = h * q + 2 * h * kv + q * h;
  const int64_t mlp = (gated_mlp ? 3 : 2) * h * intermediate_size;
  const int64_t norms = 2 * h;
  const int64_t per_layer = attention + mlp + norms;
  const int64_t embeddings = static_cast<int64_t>(vocab_size) * h;
  const int64_t lm_head = tie_word_embeddings ? 0 : embeddings;
  return num_layers * per_layer + embeddings + lm_head + h;
}

}  // namespace gpuplan
