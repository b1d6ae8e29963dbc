// The family table of docs/calibration-format.md (sections 4 and 6) and Bundle's accessors.
#include <charconv>

#include "sim/calibration/bundle.h"
#include "sim/core/error.h"

namespace gpuplan {

const std::array<FamilySchema, kNumBundleFamilies>& BundleFamilies() {
  using F = BundleFamily;
  static const std::array<FamilySchema, kNumBundleFamilies> families = {{
      {F::kCeilings, "ceilings", {"ceiling"}, "", "ceiling", {"copy_d2d", "gemm_bf16", "gemm_fp8"}},
      {F::kLaunch,
       "launch",
       {"op"},
       "",
       "op",
       {"host_launch", "device_back_to_back", "graph_replay_device", "graph_launch_host",
        "sync_round_trip"}},
      // `op` in gemm.csv only names the weight; it is not part of the key.
      {F::kGemm, "gemm", {"m", "n", "k", "dtype"}, "m", "", {}},
      {F::kPrefillAttention,
       "prefill_attention",
       {"batch", "q_len", "kv_len", "q_heads", "kv_heads", "head_dim", "dtype", "causal"},
       "kv_len",
       "",
       {}},
      {F::kDecodeAttention,
       "decode_attention",
       {"batch", "kv_len", "q_heads", "kv_heads", "head_dim", "kv_dtype", "block_size"},
       "kv_len",
       "",
       {}},
      {F::kElementwise,
       "elementwise",
       {"op", "tokens", "hidden", "dtype"},
       "tokens",
       "op",
       {"rms_norm", "fused_add_rms_norm", "rope", "silu_and_mul", "kv_cache_write"}},
      {F::kMlpOps,
       "mlp_ops",
       {"model", "op", "num_tokens", "tp", "dtype"},
       "num_tokens",
       "op",
       {"attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj", "mlp_act", "attn_rope",
        "input_layernorm", "post_attention_layernorm", "add", "emb"},
       true},
      {F::kAllReduce,
       "all_reduce",
       {"bytes", "num_gpus", "gpus_per_node", "link"},
       "bytes",
       "",
       {},
       true},
      {F::kSendRecv,
       "send_recv",
       {"bytes", "num_gpus", "gpus_per_node", "link"},
       "bytes",
       "",
       {},
       true},
  }};
  return families;
}

const FamilySchema& SchemaOf(BundleFamily family) {
  GPUPLAN_CHECK(family < BundleFamily::kCount, "no such bundle family");
  return BundleFamilies()[static_cast<size_t>(family)];
}

bool IsTextKey(std::string_view column) {
  for (std::string_view text : {"model", "op", "dtype", "kv_dtype", "link", "ceiling"}) {
    if (column == text) return true;
  }
  return false;
}

size_t BundleTable::KeyIndex(std::string_view column) const {
  const std::vector<std::string_view>& keys = schema().keys;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == column) return i;
  }
  GPUPLAN_CHECK(false, "{}.csv has no key column '{}'", schema().name, column);
  return 0;
}

const BundleTable* Bundle::Find(BundleFamily family) const {
  for (const BundleTable& t : tables) {
    if (t.family == family) return &t;
  }
  return nullptr;
}

bool Bundle::HasServingTerms() const {
  for (const std::optional<double>& t : serving_terms) {
    if (t) return true;
  }
  return false;
}

const MetaEntry* Bundle::FindMeta(std::string_view key) const {
  for (const MetaEntry& e : meta) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::string Bundle::Meta(std::string_view key, std::string_view fallback) const {
  const MetaEntry* e = FindMeta(key);
  return std::string(e != nullptr ? std::string_view(e->value) : fallback);
}

const BundleModel* Bundle::FindModel(std::string_view name) const {
  for (const BundleModel& m : models) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

namespace {

bool ParsePositive(std::string_view text, int* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && *out > 0;
}

}  // namespace

bool ParseBundleModel(std::string_view name, std::string_view value, BundleModel* out,
                      std::string* error) {
  BundleModel m;
  m.name = std::string(name);
  struct Field {
    std::string_view key;
    int* target;
  };
  const Field fields[] = {{"hidden", &m.hidden},
                          {"heads", &m.heads},
                          {"kv_heads", &m.kv_heads},
                          {"head_dim", &m.head_dim},
                          {"intermediate", &m.intermediate},
                          {"vocab", &m.vocab}};
  while (!value.empty()) {
    if (value.starts_with("source=")) {
      m.source = std::string(value.substr(7));  // the rest of the line, commas included
      break;
    }
    const size_t comma = value.find(',');
    const std::string_view item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;  // tolerated: not a shape field
    for (const Field& f : fields) {
      if (item.substr(0, eq) != f.key) continue;
      if (!ParsePositive(item.substr(eq + 1), f.target)) {
        *error = fmt::format("{} '{}' is not a positive integer", f.key, item.substr(eq + 1));
        return false;
      }
    }
  }
  for (const Field& f : fields) {
    if (*f.target == 0) {
      *error = fmt::format("no {}=", f.key);
      return false;
    }
  }
  *out = std::move(m);
  return true;
}

}  // namespace gpuplan
