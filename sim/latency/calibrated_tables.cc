#include "sim/latency/calibrated_tables.h"

#include <fmt/format.h>

#include <map>

#include "sim/latency/memory_model.h"

namespace gpuplan {
namespace {

using C = CalibratedCurve;

// A key column that must hold one value.
struct KeyIs {
  std::string_view column;
  std::string value;
};

// The rows of `table` matching every KeyIs, as (size, median us) points along the family's axis.
std::vector<std::pair<double, double>> Points(const BundleTable* table,
                                              std::initializer_list<KeyIs> match) {
  std::vector<std::pair<double, double>> points;
  if (table == nullptr) return points;
  std::vector<std::pair<size_t, const std::string*>> columns;
  for (const KeyIs& k : match) columns.emplace_back(table->KeyIndex(k.column), &k.value);
  const size_t size_column = table->KeyIndex(table->schema().size_key);
  for (const BundleRow& row : table->rows) {
    bool keep = row.numbers[size_column] > 0;
    for (const auto& [column, value] : columns) keep = keep && row.key[column] == *value;
    if (keep) points.emplace_back(row.numbers[size_column], row.stats.median_us);
  }
  return points;
}

bool Matches(const BundleTable& table, const BundleRow& row, std::initializer_list<KeyIs> match) {
  for (const KeyIs& k : match) {
    if (row.key[table.KeyIndex(k.column)] != k.value) return false;
  }
  return true;
}

std::string Describe(std::string_view file, std::initializer_list<KeyIs> match) {
  std::string text(file);
  for (const KeyIs& k : match) text += fmt::format(" {}={}", k.column, k.value);
  return text;
}

// The bundle's name for a GEMM weight dtype; "" when the bundle format has none (int8, int4).
std::string GemmDtype(Dtype weight) {
  switch (weight) {
    case Dtype::kBf16:
    case Dtype::kFp16:  // same tensor-core rate and bytes as bf16
      return "bf16";
    case Dtype::kFp8:
      return "fp8";
    default:
      return "";
  }
}

std::string S(int64_t n) { return std::to_string(n); }

}  // namespace

CalibratedTables::CalibratedTables(const Bundle& bundle, const ModelSpec& model,
                                   const Deployment& deployment, int block_size)
    : model_(model), deployment_(deployment) {
  // Shape-exact tables of gpuplan-calibrate first; an importer's whole-op tables fill the gaps.
  MatchGemms(bundle);
  MatchElementwise(bundle);
  MatchMlpOps(bundle);
  MatchAttention(bundle, block_size);
  MatchCollectives(bundle);
}

void CalibratedTables::Set(C c, std::vector<std::pair<double, double>> points, std::string origin,
                           std::string axis) {
  const size_t i = static_cast<size_t>(c);
  if (!curves_[i].empty() || points.empty()) return;  // an earlier (preferred) table won
  curves_[i] = LogLinearCurve(std::move(points));
  origins_[i] = {std::move(origin), std::move(axis)};
}

void CalibratedTables::MatchGemms(const Bundle& bundle) {
  const BundleTable* gemm = bundle.Find(BundleFamily::kGemm);
  const int tp = deployment_.tensor_parallel;
  const std::string dtype = GemmDtype(deployment_.weight_dtype);
  if (gemm == nullptr || model_.num_attention_heads % tp != 0) return;
  const int64_t d = model_.head_dim, h = model_.hidden_size;
  const int64_t q_heads = model_.num_attention_heads / tp;
  const int64_t kv_heads = KvHeadsPerGpu(model_, tp);
  const int64_t inter = model_.intermediate_size / tp;
  // The LM head's vocabulary is padded to a multiple of 64 x TP, as vLLM shards it.
  const int64_t pad = 64LL * tp;
  const int64_t lm_n = (model_.vocab_size + pad - 1) / pad * pad / tp;
  struct Gemm {
    C curve;
    int64_t n, k;
    std::string dtype;
  };
  const Gemm gemms[] = {{C::kQkv, (q_heads + 2 * kv_heads) * d, h, dtype},
                        {C::kOut, h, q_heads * d, dtype},
                        {C::kUpGate, (model_.gated_mlp ? 2 : 1) * inter, h, dtype},
                        {C::kDown, h, inter, dtype},
                        {C::kLmHead, lm_n, h, "bf16"}};
  for (const Gemm& g : gemms) {
    if (g.dtype.empty()) continue;
    const std::initializer_list<KeyIs> match = {{"n", S(g.n)}, {"k", S(g.k)}, {"dtype", g.dtype}};
    Set(g.curve, Points(gemm, match), Describe("gemm.csv", match),
        g.curve == C::kLmHead ? "sequences" : "tokens");
  }
}

void CalibratedTables::MatchElementwise(const Bundle& bundle) {
  const BundleTable* table = bundle.Find(BundleFamily::kElementwise);
  const int tp = deployment_.tensor_parallel;
  if (table == nullptr || model_.num_attention_heads % tp != 0) return;
  const int64_t d = model_.head_dim;
  const int64_t q_heads = model_.num_attention_heads / tp;
  const int64_t kv_heads = KvHeadsPerGpu(model_, tp);
  const std::string kv_dtype = GemmDtype(deployment_.kv_dtype);
  struct Op {
    C curve;
    const char* op;
    int64_t hidden;
    std::string dtype;
  };
  std::vector<Op> ops = {{C::kNormInput, "rms_norm", model_.hidden_size, "bf16"},
                         {C::kNormPost, "rms_norm", model_.hidden_size, "bf16"},
                         {C::kRope, "rope", (q_heads + kv_heads) * d, "bf16"},
                         {C::kKvCacheWrite, "kv_cache_write", kv_heads * d, kv_dtype}};
  // silu_and_mul is the gated MLP's activation; a plain MLP's GELU was not measured.
  if (model_.gated_mlp) {
    ops.push_back({C::kActivation, "silu_and_mul", model_.intermediate_size / tp, "bf16"});
  }
  for (const Op& o : ops) {
    if (o.dtype.empty()) continue;
    const std::initializer_list<KeyIs> match = {
        {"op", o.op}, {"hidden", S(o.hidden)}, {"dtype", o.dtype}};
    Set(o.curve, Points(table, match), Describe("elementwise.csv", match), "tokens");
  }
}

void CalibratedTables::MatchMlpOps(const Bundle& bundle) {
  const BundleTable* table = bundle.Find(BundleFamily::kMlpOps);
  if (table == nullptr || GemmDtype(deployment_.weight_dtype) != "bf16") return;
  const BundleModel* found = nullptr;
  for (const BundleModel& m : bundle.models) {
    if (m.hidden == model_.hidden_size && m.heads == model_.num_attention_heads &&
        m.kv_heads == model_.num_kv_heads && m.head_dim == model_.head_dim &&
        m.intermediate == model_.intermediate_size) {
      found = &m;
      break;
    }
  }
  if (found == nullptr) return;
  const std::string tp = S(deployment_.tensor_parallel);
  std::vector<std::pair<C, const char*>> ops = {{C::kQkv, "attn_pre_proj"},
                                                {C::kOut, "attn_post_proj"},
                                                {C::kUpGate, "mlp_up_proj"},
                                                {C::kDown, "mlp_down_proj"},
                                                {C::kActivation, "mlp_act"},
                                                {C::kRope, "attn_rope"},
                                                {C::kNormInput, "input_layernorm"},
                                                {C::kNormPost, "post_attention_layernorm"},
                                                {C::kResidualAdd, "add"}};
  // The embedding table is sharded by vocabulary: another vocabulary is another op.
  if (found->vocab == model_.vocab_size) ops.emplace_back(C::kEmbedding, "emb");
  for (const auto& [curve, op] : ops) {
    const std::initializer_list<KeyIs> match = {
        {"model", found->name}, {"op", op}, {"tp", tp}, {"dtype", "bf16"}};
    Set(curve, Points(table, match), Describe("mlp_ops.csv", match), "tokens");
  }
}

void CalibratedTables::MatchAttention(const Bundle& bundle, int block_size) {
  const int tp = deployment_.tensor_parallel;
  if (model_.num_attention_heads % tp != 0) return;
  const AttentionHeads heads{S(model_.num_attention_heads / tp), S(KvHeadsPerGpu(model_, tp)),
                             S(model_.head_dim)};
  if (const BundleTable* t = bundle.Find(BundleFamily::kPrefillAttention); t != nullptr) {
    MatchPrefillAttention(*t, heads);
  }
  if (const BundleTable* t = bundle.Find(BundleFamily::kDecodeAttention); t != nullptr) {
    MatchDecodeAttention(*t, heads, block_size);
  }
}

// Batch-1 rows: whole prompts (q_len == kv_len) form a curve over the prompt length, chunks of
// longer prompts (q_len < kv_len) a grid over (q_len, kv_len).
void CalibratedTables::MatchPrefillAttention(const BundleTable& t, const AttentionHeads& heads) {
  const std::initializer_list<KeyIs> match = {{"batch", "1"},         {"q_heads", heads.q},
                                              {"kv_heads", heads.kv}, {"head_dim", heads.dim},
                                              {"dtype", "bf16"},      {"causal", "1"}};
  const size_t q = t.KeyIndex("q_len"), kv = t.KeyIndex("kv_len");
  std::vector<std::pair<double, double>> whole;
  std::vector<std::array<double, 3>> chunks;
  for (const BundleRow& row : t.rows) {
    if (!Matches(t, row, match) || row.numbers[q] <= 0) continue;
    const double q_len = row.numbers[q], kv_len = row.numbers[kv];
    if (q_len == kv_len) whole.emplace_back(q_len, row.stats.median_us);
    if (q_len < kv_len) chunks.push_back({q_len, kv_len, row.stats.median_us});
  }
  Set(C::kPrefillPrompt, std::move(whole), Describe("prefill_attention.csv", match),
      "prompt tokens");
  if (!chunks.empty()) {
    prefill_chunks_ = LogLinearGrid(chunks);
    prefill_chunk_origin_ = {Describe("prefill_attention.csv (chunks)", match), "q x kv tokens"};
  }
}

// Paged decode barely depends on the page size: the engine's, else the smallest measured.
void CalibratedTables::MatchDecodeAttention(const BundleTable& t, const AttentionHeads& heads,
                                            int block_size) {
  const std::string kv_dtype = GemmDtype(deployment_.kv_dtype);
  if (kv_dtype.empty()) return;
  const std::initializer_list<KeyIs> match = {{"q_heads", heads.q},
                                              {"kv_heads", heads.kv},
                                              {"head_dim", heads.dim},
                                              {"kv_dtype", kv_dtype}};
  const size_t b = t.KeyIndex("batch"), kv = t.KeyIndex("kv_len");
  const size_t block = t.KeyIndex("block_size");
  std::map<int64_t, std::vector<std::array<double, 3>>> by_block;
  for (const BundleRow& row : t.rows) {
    if (!Matches(t, row, match) || row.numbers[b] <= 0 || row.numbers[kv] <= 0) continue;
    by_block[row.numbers[block]].push_back({static_cast<double>(row.numbers[b]),
                                            static_cast<double>(row.numbers[kv]),
                                            row.stats.median_us});
  }
  if (by_block.empty()) return;
  auto chosen = by_block.find(block_size);
  if (chosen == by_block.end()) chosen = by_block.begin();
  decode_attention_ = LogLinearGrid(chosen->second);
  decode_origin_ = {
      Describe("decode_attention.csv", match) + fmt::format(" block_size={}", chosen->first),
      "sequences x KV tokens"};
}

void CalibratedTables::MatchCollectives(const Bundle& bundle) {
  const int tp = deployment_.tensor_parallel;
  const int per_node = deployment_.gpus_per_node;
  // TP stays within a node when it can; a group larger than a node spans nodes.
  const int tp_per_node = std::min(tp, per_node);
  // A stage boundary stays in a node when the whole replica fits in one.
  const int pp_per_node = deployment_.GpusPerReplica() <= per_node ? 2 : 1;
  struct Collective {
    BundleFamily family;
    C curve;
    int gpus, gpus_per_node;
  };
  for (const Collective& c : {Collective{BundleFamily::kAllReduce, C::kAllReduce, tp, tp_per_node},
                              Collective{BundleFamily::kSendRecv, C::kSendRecv, 2, pp_per_node}}) {
    const BundleTable* t = bundle.Find(c.family);
    if (t == nullptr) continue;
    // One system per bundle is the rule; with several, the best-measured link wins.
    std::map<std::string, size_t> rows_per_link;
    for (const auto& row : t->rows) ++rows_per_link[row.key[t->KeyIndex("link")]];
    std::string link;
    size_t best = 0;
    for (const auto& [name, n] : rows_per_link) {
      const size_t matching =
          Points(t,
                 {{"num_gpus", S(c.gpus)}, {"gpus_per_node", S(c.gpus_per_node)}, {"link", name}})
              .size();
      if (matching > best) best = matching, link = name;
    }
    if (best == 0) continue;
    const std::initializer_list<KeyIs> match = {
        {"num_gpus", S(c.gpus)}, {"gpus_per_node", S(c.gpus_per_node)}, {"link", link}};
    Set(c.curve, Points(t, match),
        Describe(c.family == BundleFamily::kAllReduce ? "all_reduce.csv" : "send_recv.csv", match),
        "bytes");
  }
}

bool CalibratedTables::AnyCovered() const {
  for (const LogLinearCurve& c : curves_) {
    if (!c.empty()) return true;
  }
  return !decode_attention_.empty() || !prefill_chunks_.empty();
}

std::vector<OpCoverage> CalibratedTables::Coverage() const {
  // The curve each op is looked up in (the first one; norms and prefill have two).
  const std::pair<OpKind, C> ops[] = {{OpKind::kEmbedding, C::kEmbedding},
                                      {OpKind::kNorm, C::kNormInput},
                                      {OpKind::kQkvProj, C::kQkv},
                                      {OpKind::kRope, C::kRope},
                                      {OpKind::kKvCacheWrite, C::kKvCacheWrite},
                                      {OpKind::kPrefillAttention, C::kPrefillPrompt},
                                      {OpKind::kOutProj, C::kOut},
                                      {OpKind::kMlpUpGate, C::kUpGate},
                                      {OpKind::kActivation, C::kActivation},
                                      {OpKind::kMlpDown, C::kDown},
                                      {OpKind::kResidualAdd, C::kResidualAdd},
                                      {OpKind::kAllReduce, C::kAllReduce},
                                      {OpKind::kPipelineSend, C::kSendRecv},
                                      {OpKind::kLmHead, C::kLmHead}};
  std::vector<OpCoverage> out;
  for (const auto& [op, c] : ops) {
    const LogLinearCurve& curve = curves_[static_cast<size_t>(c)];
    OpCoverage cov{op};
    if (!curve.empty()) {
      cov.origin = origins_[static_cast<size_t>(c)].text;
      cov.axis = origins_[static_cast<size_t>(c)].axis;
      cov.min_size = curve.min_size();
      cov.max_size = curve.max_size();
      cov.points = curve.size();
    }
    if (op == OpKind::kNorm && curves_[static_cast<size_t>(C::kNormPost)].empty()) {
      cov.origin.clear();  // the input and the post-attention norm are both needed
      cov.points = 0;
    }
    if (op == OpKind::kPrefillAttention && !prefill_chunks_.empty()) {
      cov.origin += (cov.origin.empty() ? "" : " + ") + prefill_chunk_origin_.text;
      cov.points += prefill_chunks_.points();
    }
    out.push_back(std::move(cov));
  }
  OpCoverage decode{OpKind::kDecodeAttention};
  if (!decode_attention_.empty()) {
    decode.origin = decode_origin_.text;
    decode.axis = decode_origin_.axis;
    decode.points = decode_attention_.points();
  }
  out.insert(out.begin() + 6, std::move(decode));
  out.push_back({OpKind::kSampling});
  out.push_back({OpKind::kCpuOverhead});
  return out;
}

}  // namespace gpuplan
