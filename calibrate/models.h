// Model shapes gpuplan-calibrate sweeps: a built-in table of the catalog's models (values from
// each model's published Hugging Face config.json), `--shape key=value,...` for others, and the
// per-GPU shapes of the GEMMs and attention under tensor parallelism.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace gpuplan::calibrate {

struct ModelShape {
  std::string name;
  int hidden = 0;        // hidden_size
  int heads = 0;         // num_attention_heads
  int kv_heads = 0;      // num_key_value_heads
  int head_dim = 0;      // head_dim (hidden / heads for all built-ins)
  int intermediate = 0;  // intermediate_size
  int vocab = 0;         // vocab_size
  int layers = 0;        // num_hidden_layers (0 = not given; calibration does not need it)
  std::string source;    // where the numbers come from
};

std::span<const ModelShape> BuiltinModels();
// nullptr when `name` is not built in.
const ModelShape* FindBuiltinModel(std::string_view name);
std::string BuiltinModelNames();  // "llama-3.1-8b, llama-3.1-70b, ..."

// Parses "hidden=4096,heads=32,kv_heads=8,head_dim=128,intermediate=14336,vocab=128256" with
// optional "name=..." (default "custom") and "layers=...". Throws UsageError naming unknown,
// repeated, missing or non-positive keys.
ModelShape ParseShapeSpec(std::string_view spec);

// Throws UsageError when the shape is inconsistent (heads % kv_heads, head_dim % 8, ...).
void ValidateShape(const ModelShape& shape);

// The model's meta.txt entry: the key `model.<name>` (lowercased; characters a meta key cannot
// hold become '_') and the value `hidden=...,heads=...,kv_heads=...,head_dim=...,
// intermediate=...,vocab=...,source=...`.
std::string ModelMetaKey(std::string_view name);
std::string ModelMetaValue(const ModelShape& model);

// One GPU's share under tensor parallelism `tp` (Megatron-style column/row split, as vLLM does):
// query heads and the MLP are split evenly; KV heads are split when kv_heads >= tp and replicated
// (one per GPU) when tp > kv_heads; the LM head is split over the vocabulary padded to 64 * tp.
struct RankShape {
  int tp = 1;
  int q_heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
  int hidden = 0;
  int64_t qkv_n = 0;      // (q_heads + 2 kv_heads) * head_dim, K = hidden
  int64_t o_k = 0;        // q_heads * head_dim, N = hidden
  int64_t gate_up_n = 0;  // 2 * intermediate / tp, K = hidden
  int64_t down_k = 0;     // intermediate / tp, N = hidden
  int64_t lm_head_n = 0;  // padded vocab / tp, K = hidden
};

// Throws UsageError when `tp` does not split the model (heads, KV heads or intermediate size).
RankShape ShardForTp(const ModelShape& model, int tp);

}  // namespace gpuplan::calibrate
