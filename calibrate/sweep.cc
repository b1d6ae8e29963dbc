#include "calibrate/sweep.h"

#include <algorithm>
#include <tuple>

#include "calibrate/harness/bundle_schema.h"

namespace gpuplan::calibrate {
namespace {

template <typename T, typename Key>
void AddUnique(std::vector<T>& list, const T& item, Key key) {
  for (const T& existing : list) {
    if (key(existing) == key(item)) return;
  }
  list.push_back(item);
}

auto PrefillKey(const PrefillCase& c) {
  return std::make_tuple(c.batch, c.q_len, c.kv_len, c.q_heads, c.kv_heads, c.head_dim);
}

auto DecodeKey(const DecodeCase& c) {
  return std::make_tuple(c.batch, c.kv_len, c.q_heads, c.kv_heads, c.head_dim, c.kv_dtype,
                         c.block_size);
}

auto ElementwiseKey(const ElementwiseCase& c) {
  return std::make_tuple(c.op, c.tokens, c.hidden, c.dtype);
}

void AddGemms(const RankShape& rank, const std::vector<Dtype>& dtypes, bool quick,
              SweepPlan& plan) {
  struct Op {
    const char* name;
    int64_t n, k;
  };
  const Op ops[] = {{"qkv", rank.qkv_n, rank.hidden},
                    {"o", rank.hidden, rank.o_k},
                    {"gate_up", rank.gate_up_n, rank.hidden},
                    {"down", rank.hidden, rank.down_k},
                    {"lm_head", rank.lm_head_n, rank.hidden}};
  for (Dtype requested : dtypes) {
    for (const Op& op : ops) {
      const bool lm_head = std::string_view(op.name) == "lm_head";
      const Dtype dtype = lm_head ? Dtype::kBf16 : requested;
      const bool seen = std::any_of(plan.gemm.begin(), plan.gemm.end(), [&](const GemmGroup& g) {
        return g.n == op.n && g.k == op.k && g.dtype == dtype;
      });
      if (!seen) plan.gemm.push_back({op.name, op.n, op.k, dtype, GemmTokenCounts(quick)});
    }
  }
}

void AddPrefill(const RankShape& rank, bool quick, SweepPlan& plan) {
  auto add = [&](int batch, int q_len, int kv_len, int head_dim) {
    AddUnique(plan.prefill,
              PrefillCase{batch, q_len, kv_len, rank.q_heads, rank.kv_heads, head_dim}, PrefillKey);
  };
  const int d = rank.head_dim;
  if (quick) {
    for (int len : {512, 2048, 8192}) add(1, len, len, d);
    add(1, 512, 4096, d);
    add(1, 2048, 16384, d);
    return;
  }
  for (int len : {128, 256, 512, 1024, 2048, 4096, 8192, 16384}) add(1, len, len, d);
  for (int q_len : {256, 512, 1024, 2048}) {
    for (int kv_len : {2048, 4096, 8192, 16384, 32768}) {
      if (kv_len > q_len) add(1, q_len, kv_len, d);
    }
  }
  for (int len : {512, 2048}) add(4, len, len, d);
}

void AddDecode(const RankShape& rank, const std::vector<Dtype>& dtypes, bool quick,
               SweepPlan& plan) {
  const std::vector<int> batches =
      quick ? std::vector<int>{1, 8, 32, 128} : std::vector<int>{1, 2, 4, 8, 16, 32, 64, 128, 256};
  const std::vector<int> lengths =
      quick ? std::vector<int>{1024, 4096, 16384}
            : std::vector<int>{128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
  for (Dtype kv_dtype : dtypes) {
    for (int batch : batches) {
      for (int kv_len : lengths) {
        const DecodeCase c{batch, kv_len, rank.q_heads, rank.kv_heads, rank.head_dim, kv_dtype, 16};
        if (DecodeKvBytes(c) > kMaxDecodeKvBytes) {
          const std::string note = "decode_attention: left out batch*kv_len above 4 GiB of KV (" +
                                   std::to_string(rank.kv_heads) + " KV heads, " +
                                   std::string(DtypeName(kv_dtype)) + ")";
          AddUnique(plan.notes, note, [](const std::string& s) { return s; });
          continue;
        }
        AddUnique(plan.decode, c, DecodeKey);
      }
    }
  }
}

void AddElementwise(const ModelShape& model, const RankShape& rank,
                    const std::vector<Dtype>& dtypes, bool quick, SweepPlan& plan) {
  const int d = rank.head_dim;
  for (int tokens : ElementwiseTokenCounts(quick)) {
    auto add = [&](ElementwiseOp op, int hidden, Dtype dtype) {
      AddUnique(plan.elementwise, ElementwiseCase{op, tokens, hidden, d, dtype, 16},
                ElementwiseKey);
    };
    add(ElementwiseOp::kRmsNorm, model.hidden, Dtype::kBf16);
    add(ElementwiseOp::kFusedAddRmsNorm, model.hidden, Dtype::kBf16);
    add(ElementwiseOp::kRope, (rank.q_heads + rank.kv_heads) * d, Dtype::kBf16);
    add(ElementwiseOp::kSiluAndMul, static_cast<int>(rank.down_k), Dtype::kBf16);
    for (Dtype kv_dtype : dtypes) add(ElementwiseOp::kKvCacheWrite, rank.kv_heads * d, kv_dtype);
  }
}

}  // namespace

std::string_view ElementwiseOpName(ElementwiseOp op) {
  switch (op) {
    case ElementwiseOp::kRmsNorm:
      return bundle_schema::kOpRmsNorm;
    case ElementwiseOp::kFusedAddRmsNorm:
      return bundle_schema::kOpFusedAddRmsNorm;
    case ElementwiseOp::kRope:
      return bundle_schema::kOpRope;
    case ElementwiseOp::kSiluAndMul:
      return bundle_schema::kOpSiluAndMul;
    case ElementwiseOp::kKvCacheWrite:
      return bundle_schema::kOpKvCacheWrite;
  }
  return "unknown";
}

std::vector<int64_t> GemmTokenCounts(bool quick) {
  if (quick) return {1, 16, 64, 256, 1024, 4096, 16384};
  return {1,   2,   4,   8,    16,   24,   32,   48,   64,   96,   128,   192,  256,
          384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384};
}

std::vector<int> ElementwiseTokenCounts(bool quick) {
  if (quick) return {1, 16, 256, 4096};
  return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384};
}

int64_t DecodeKvBytes(const DecodeCase& c) {
  return static_cast<int64_t>(c.batch) * c.kv_len * c.kv_heads * c.head_dim * 2 *
         BytesPerElement(c.kv_dtype);
}

SweepPlan BuildSweep(const std::vector<ModelShape>& models, const std::vector<int>& tps,
                     const std::vector<Dtype>& dtypes, bool quick) {
  SweepPlan plan;
  for (const ModelShape& model : models) {
    for (int tp : tps) {
      const RankShape rank = ShardForTp(model, tp);
      AddGemms(rank, dtypes, quick, plan);
      AddPrefill(rank, quick, plan);
      AddDecode(rank, dtypes, quick, plan);
      AddElementwise(model, rank, dtypes, quick, plan);
    }
  }
  if (!quick) {  // head_dim 64 reference points, independent of the models
    for (int len : {2048, 8192}) {
      AddUnique(plan.prefill, PrefillCase{1, len, len, 32, 8, 64}, PrefillKey);
    }
  }
  return plan;
}

}  // namespace gpuplan::calibrate
