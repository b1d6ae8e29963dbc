#include "calibrate/models.h"

#include <charconv>
#include <iterator>
#include <map>
#include <vector>

#include "calibrate/errors.h"
#include "calibrate/harness/bundle_schema.h"

namespace gpuplan::calibrate {
namespace {

const std::vector<ModelShape>& Table() {
  // Values from config.json of each model on huggingface.co (the repositories named in `source`).
  static const std::vector<ModelShape> kModels = {
      {"llama-3.1-8b", 4096, 32, 8, 128, 14336, 128256, 32, "meta-llama/Llama-3.1-8B"},
      {"llama-3.1-70b", 8192, 64, 8, 128, 28672, 128256, 80, "meta-llama/Llama-3.1-70B"},
      {"llama-3.1-405b", 16384, 128, 8, 128, 53248, 128256, 126, "meta-llama/Llama-3.1-405B"},
      {"llama-2-7b", 4096, 32, 32, 128, 11008, 32000, 32, "meta-llama/Llama-2-7b-hf"},
      {"llama-2-70b", 8192, 64, 8, 128, 28672, 32000, 80, "meta-llama/Llama-2-70b-hf"},
      {"mistral-7b", 4096, 32, 8, 128, 14336, 32768, 32, "mistralai/Mistral-7B-v0.3"},
      {"qwen2.5-7b", 3584, 28, 4, 128, 18944, 152064, 28, "Qwen/Qwen2.5-7B"},
      {"qwen2.5-32b", 5120, 40, 8, 128, 27648, 152064, 64, "Qwen/Qwen2.5-32B"},
      {"qwen2.5-72b", 8192, 64, 8, 128, 29568, 152064, 80, "Qwen/Qwen2.5-72B"},
  };
  return kModels;
}

int ParsePositive(std::string_view key, std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    throw UsageError("--shape: " + std::string(key) + "='" + std::string(text) +
                     "' is not a positive integer");
  }
  return value;
}

}  // namespace

std::span<const ModelShape> BuiltinModels() { return Table(); }

const ModelShape* FindBuiltinModel(std::string_view name) {
  for (const ModelShape& model : Table()) {
    if (model.name == name) return &model;
  }
  return nullptr;
}

std::string BuiltinModelNames() {
  std::string names;
  for (const ModelShape& model : Table()) {
    if (!names.empty()) names += ", ";
    names += model.name;
  }
  return names;
}

ModelShape ParseShapeSpec(std::string_view spec) {
  ModelShape shape;
  shape.name = "custom";
  shape.source = "--shape";
  std::map<std::string, int*, std::less<>> fields = {{"hidden", &shape.hidden},
                                                     {"heads", &shape.heads},
                                                     {"kv_heads", &shape.kv_heads},
                                                     {"head_dim", &shape.head_dim},
                                                     {"intermediate", &shape.intermediate},
                                                     {"vocab", &shape.vocab},
                                                     {"layers", &shape.layers}};
  std::map<std::string, bool, std::less<>> seen;
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    const size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      throw UsageError("--shape: expected key=value, got '" + std::string(item) + "'");
    }
    const std::string_view key = item.substr(0, equals);
    const std::string_view value = item.substr(equals + 1);
    if (seen.contains(key)) throw UsageError("--shape: '" + std::string(key) + "' given twice");
    seen[std::string(key)] = true;
    if (key == "name") {
      if (value.empty()) throw UsageError("--shape: name is empty");
      shape.name = std::string(value);
      continue;
    }
    const auto field = fields.find(key);
    if (field == fields.end()) {
      throw UsageError("--shape: unknown key '" + std::string(key) +
                       "' (known: name, hidden, heads, kv_heads, head_dim, intermediate, vocab, "
                       "layers)");
    }
    *field->second = ParsePositive(key, value);
  }
  std::string missing;
  for (const char* key : {"hidden", "heads", "kv_heads", "head_dim", "intermediate", "vocab"}) {
    if (!seen.contains(std::string_view(key)))
      missing += missing.empty() ? key : std::string(", ") + key;
  }
  if (!missing.empty()) throw UsageError("--shape: missing " + missing);
  ValidateShape(shape);
  return shape;
}

void ValidateShape(const ModelShape& shape) {
  const std::string where = "model " + shape.name + ": ";
  if (shape.hidden <= 0 || shape.heads <= 0 || shape.kv_heads <= 0 || shape.head_dim <= 0 ||
      shape.intermediate <= 0 || shape.vocab <= 0) {
    throw UsageError(where + "every size must be positive");
  }
  if (shape.heads % shape.kv_heads != 0) {
    throw UsageError(where + "heads (" + std::to_string(shape.heads) +
                     ") must be a multiple of kv_heads (" + std::to_string(shape.kv_heads) + ")");
  }
  if (shape.head_dim != 64 && shape.head_dim != 128) {
    throw UsageError(where + "head_dim must be 64 or 128 (the attention kernels' sizes)");
  }
  if (shape.hidden % 16 != 0 || shape.intermediate % 16 != 0) {
    throw UsageError(where + "hidden and intermediate must be multiples of 16");
  }
}

std::string ModelMetaKey(std::string_view name) {
  std::string key(bundle_schema::kKeyPrefixModel);
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    key += bundle_schema::IsValidMetaKey(std::string_view(&c, 1)) ? c : '_';
  }
  return key;
}

std::string ModelMetaValue(const ModelShape& model) {
  const int shape[] = {model.hidden,   model.heads,        model.kv_heads,
                       model.head_dim, model.intermediate, model.vocab};
  static_assert(std::size(shape) == bundle_schema::kModelShapeFields.size());
  std::string value;
  for (size_t i = 0; i < std::size(shape); ++i) {
    value +=
        std::string(bundle_schema::kModelShapeFields[i]) + "=" + std::to_string(shape[i]) + ",";
  }
  return value + std::string(bundle_schema::kModelSourceField) + "=" + model.source;
}

RankShape ShardForTp(const ModelShape& model, int tp) {
  const std::string where = "model " + model.name + " at tp=" + std::to_string(tp) + ": ";
  if (tp <= 0) throw UsageError(where + "tp must be positive");
  if (model.heads % tp != 0) {
    throw UsageError(where + std::to_string(model.heads) + " heads do not split " +
                     std::to_string(tp) + " ways");
  }
  if (model.kv_heads >= tp ? model.kv_heads % tp != 0 : tp % model.kv_heads != 0) {
    throw UsageError(where + std::to_string(model.kv_heads) + " KV heads do not split or " +
                     "replicate evenly over " + std::to_string(tp) + " GPUs");
  }
  if (model.intermediate % tp != 0 || (model.intermediate / tp) % 8 != 0) {
    throw UsageError(where + "intermediate size " + std::to_string(model.intermediate) +
                     " does not split into multiples of 8");
  }
  RankShape rank;
  rank.tp = tp;
  rank.q_heads = model.heads / tp;
  rank.kv_heads = model.kv_heads >= tp ? model.kv_heads / tp : 1;
  rank.head_dim = model.head_dim;
  rank.hidden = model.hidden;
  rank.qkv_n = static_cast<int64_t>(rank.q_heads + 2 * rank.kv_heads) * model.head_dim;
  rank.o_k = static_cast<int64_t>(rank.q_heads) * model.head_dim;
  rank.gate_up_n = 2 * static_cast<int64_t>(model.intermediate) / tp;
  rank.down_k = static_cast<int64_t>(model.intermediate) / tp;
  const int64_t padding = 64 * static_cast<int64_t>(tp);
  rank.lm_head_n = (model.vocab + padding - 1) / padding * padding / tp;
  return rank;
}

}  // namespace gpuplan::calibrate
