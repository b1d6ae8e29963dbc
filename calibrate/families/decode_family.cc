// decode_attention.csv: our paged decode-attention kernel (split-KV with a reduce when the batch
// is small), reported as achieved bandwidth and as a fraction of the measured copy bandwidth.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

#include "calibrate/families/csv_columns.h"
#include "calibrate/families/families.h"
#include "calibrate/harness/cuda_check.h"
#include "calibrate/harness/numeric.h"
#include "calibrate/kernels/decode_attention.h"
#include "calibrate/kernels/util.h"

namespace gpuplan::calibrate {
namespace {

// An fp8 cache holds e4m3(U * kFp8KvRange); its scale is 1 / kFp8KvRange.
constexpr float kFp8KvRange = 16.0f;

// One decode case: a page pool holding `sets` disjoint copies of the batch's KV (each copy's
// pages shuffled through the pool, as a fragmented cache is), one block table per copy.
class DecodeRunner {
 public:
  DecodeRunner(Context& context, const DecodeCase& c, std::vector<int> seq_lens, int sets,
               int num_splits)
      : context_(context), case_(c), seq_lens_(std::move(seq_lens)), num_splits_(num_splits) {
    const int max_len = *std::max_element(seq_lens_.begin(), seq_lens_.end());
    max_pages_ = (max_len + c.block_size - 1) / c.block_size;
    int64_t pages_per_set = 0;
    for (int len : seq_lens_) pages_per_set += (len + c.block_size - 1) / c.block_size;
    const int64_t pool_pages = pages_per_set * sets;
    const int64_t pool_elements = pool_pages * c.block_size * c.kv_heads * c.head_dim;
    const int element = BytesPerElement(c.kv_dtype);
    const cudaStream_t stream = context.stream();
    for (int t = 0; t < 2; ++t) {
      cache_seeds_[t] = context.NextSeed();
      caches_[t] = DeviceBuffer(static_cast<size_t>(pool_elements * element));
      if (c.kv_dtype == Dtype::kFp8) {
        FillUniformFp8(caches_[t].as(), pool_elements, cache_seeds_[t], kFp8KvRange, stream);
      } else {
        FillUniformBf16(caches_[t].as(), pool_elements, cache_seeds_[t], 1.0f, stream);
      }
    }
    // Pages of set s are a shuffled run [s * pages_per_set, (s + 1) * pages_per_set) of the pool.
    std::mt19937_64 rng(context.NextSeed());
    const int64_t q_elements = static_cast<int64_t>(c.batch) * c.q_heads * c.head_dim;
    for (int set = 0; set < sets; ++set) {
      std::vector<int> pages(pages_per_set);
      std::iota(pages.begin(), pages.end(), static_cast<int>(set * pages_per_set));
      std::shuffle(pages.begin(), pages.end(), rng);
      std::vector<int> table(static_cast<size_t>(c.batch) * max_pages_, 0);
      size_t next = 0;
      for (int b = 0; b < c.batch; ++b) {
        const int used = (seq_lens_[b] + c.block_size - 1) / c.block_size;
        for (int i = 0; i < used; ++i)
          table[static_cast<size_t>(b) * max_pages_ + i] = pages[next++];
      }
      Set s;
      s.table_host = table;
      s.table = DeviceBuffer(table.size() * sizeof(int));
      s.table.Upload(table);
      s.q_seed = context.NextSeed();
      s.q = DeviceBuffer(static_cast<size_t>(q_elements * 2));
      FillUniformBf16(s.q.as(), q_elements, s.q_seed, 1.0f, stream);
      sets_.push_back(std::move(s));
    }
    lens_ = DeviceBuffer(seq_lens_.size() * sizeof(int));
    lens_.Upload(seq_lens_);
    out_ = DeviceBuffer(static_cast<size_t>(q_elements * 2));
    const int64_t scratch = DecodeScratchFloats(c.batch, c.q_heads, c.head_dim, num_splits_);
    if (scratch > 0) scratch_ = DeviceBuffer(static_cast<size_t>(scratch * 4));
    GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream));
  }

  // Bytes the kernel must read and write: every cached K and V element once, q, out, tables.
  int64_t TrafficBytes() const {
    int64_t tokens = 0;
    for (int len : seq_lens_) tokens += len;
    const DecodeCase& c = case_;
    const int64_t kv = tokens * c.kv_heads * c.head_dim * 2 * BytesPerElement(c.kv_dtype);
    const int64_t q_and_out = 2 * static_cast<int64_t>(c.batch) * c.q_heads * c.head_dim * 2;
    return kv + q_and_out + static_cast<int64_t>(c.batch) * (max_pages_ + 1) * 4;
  }

  void Launch(int set) {
    const Set& s = sets_[set % sets_.size()];
    const DecodeCase& c = case_;
    DecodeAttentionParams p;
    p.q = s.q.as();
    p.k_cache = caches_[0].as();
    p.v_cache = caches_[1].as();
    p.block_tables = s.table.as<int>();
    p.seq_lens = lens_.as<int>();
    p.out = out_.as();
    if (num_splits_ > 1) {
      p.partial_out = scratch_.as<float>();
      p.partial_lse = scratch_.as<float>() +
                      static_cast<int64_t>(c.batch) * c.q_heads * num_splits_ * c.head_dim;
    }
    p.batch = c.batch;
    p.q_heads = c.q_heads;
    p.kv_heads = c.kv_heads;
    p.head_dim = c.head_dim;
    p.block_size = c.block_size;
    p.max_pages_per_seq = max_pages_;
    p.num_splits = num_splits_;
    p.softmax_scale = static_cast<float>(Scale());
    p.kv_dtype = c.kv_dtype;
    p.k_scale = 1.0f / kFp8KvRange;
    p.v_scale = 1.0f / kFp8KvRange;
    LaunchDecodeAttention(p, context_.stream());
  }

  ErrorNorm Check(bool all_rows) {
    const DecodeCase& c = case_;
    const cudaStream_t stream = context_.stream();
    const int64_t q_elements = static_cast<int64_t>(c.batch) * c.q_heads * c.head_dim;
    Poison(out_.as(), q_elements * 2, stream);
    if (scratch_.bytes() > 0) Poison(scratch_.as(), static_cast<int64_t>(scratch_.bytes()), stream);
    Launch(0);
    GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream));
    ErrorNorm error;
    error.AddNonFinite(CountNonFiniteBf16(out_.as(), q_elements, stream));
    const std::vector<uint16_t> out = out_.Download<uint16_t>(0, q_elements);
    const int group = c.q_heads / c.kv_heads;
    const int d = c.head_dim;
    const uint64_t seed = context_.NextSeed();
    const std::vector<int> batches = SampleIndices(c.batch, all_rows ? c.batch : 2, seed);
    const std::vector<int> kv_heads =
        SampleIndices(c.kv_heads, all_rows ? c.kv_heads : 1, seed + 1);
    std::vector<float> q(d);
    std::vector<double> ref(d);
    for (int b : batches) {
      const std::span<const int> row(
          sets_[0].table_host.data() + static_cast<size_t>(b) * max_pages_, max_pages_);
      for (int kv_head : kv_heads) {
        const auto keys = GatherPagedHead([&](int64_t i) { return CacheValue(0, i); }, row,
                                          seq_lens_[b], c.block_size, c.kv_heads, kv_head, d);
        const auto values = GatherPagedHead([&](int64_t i) { return CacheValue(1, i); }, row,
                                            seq_lens_[b], c.block_size, c.kv_heads, kv_head, d);
        for (int h = kv_head * group; h < (kv_head + 1) * group; ++h) {
          const int64_t base = (static_cast<int64_t>(b) * c.q_heads + h) * d;
          for (int j = 0; j < d; ++j) q[j] = UniformBf16(sets_[0].q_seed, base + j, 1.0f);
          AttentionRow(q, keys, values, d, seq_lens_[b], Scale(), ref);
          for (int j = 0; j < d; ++j) error.Add(Bf16BitsToFloat(out[base + j]), ref[j]);
        }
      }
    }
    return error;
  }

 private:
  struct Set {
    std::vector<int> table_host;
    DeviceBuffer table;
    uint64_t q_seed = 0;
    DeviceBuffer q;
  };

  double Scale() const { return 1.0 / std::sqrt(static_cast<double>(case_.head_dim)); }

  // The value element `index` of the K (0) or V (1) pool stands for.
  float CacheValue(int which, int64_t index) const {
    if (case_.kv_dtype == Dtype::kFp8) {
      return Fp8E4m3ToFloat(UniformFp8(cache_seeds_[which], index, kFp8KvRange)) / kFp8KvRange;
    }
    return UniformBf16(cache_seeds_[which], index, 1.0f);
  }

  Context& context_;
  DecodeCase case_;
  std::vector<int> seq_lens_;
  int num_splits_;
  int max_pages_ = 0;
  uint64_t cache_seeds_[2] = {};
  DeviceBuffer caches_[2];
  std::vector<Set> sets_;
  DeviceBuffer lens_;
  DeviceBuffer out_;
  DeviceBuffer scratch_;
};

std::string Describe(const DecodeCase& c, int splits) {
  char text[200];
  std::snprintf(text, sizeof(text),
                "batch=%d kv_len=%d heads=%d/%d head_dim=%d kv=%s block=%d splits=%d", c.batch,
                c.kv_len, c.q_heads, c.kv_heads, c.head_dim,
                std::string(DtypeName(c.kv_dtype)).c_str(), c.block_size, splits);
  return text;
}

}  // namespace

ErrorNorm CheckDecodeCase(Context& context, const DecodeCase& c, const std::vector<int>& seq_lens,
                          int num_splits, bool all_rows) {
  DecodeRunner runner(context, c, seq_lens, 1, num_splits);
  return runner.Check(all_rows);
}

void MeasureDecode(Context& context, const std::vector<DecodeCase>& cases,
                   const std::filesystem::path& dir) {
  CsvFile csv(dir / bundle_schema::FileName(bundle_schema::kDecodeAttention),
              BundleColumns(bundle_schema::kDecodeAttention));
  int index = 0;
  for (const DecodeCase& c : cases) {
    ++index;
    const int splits = ChooseDecodeSplits(DecodeWorkUnits(c.batch, c.q_heads, c.kv_heads), c.kv_len,
                                          context.device().sm_count);
    const int sets =
        RotationSets(DecodeKvBytes(c), context.device().l2_bytes, context.AllocatableBytes());
    DecodeRunner runner(context, c, std::vector<int>(c.batch, c.kv_len), sets, splits);
    const std::string what = Describe(c, splits);
    context.RecordCheck("decode_attention", what, runner.Check(false), kBf16Tolerance);
    const Stats stats = context.timer().Time([&](int i) { runner.Launch(i); }, context.budget());
    const double gbps = static_cast<double>(runner.TrafficBytes()) / stats.median_us / 1e3;
    const double copy = context.ceilings().copy_gbps;
    CsvRow row;
    row.Add(c.batch).Add(c.kv_len).Add(c.q_heads).Add(c.kv_heads).Add(c.head_dim);
    row.Add(DtypeName(c.kv_dtype)).Add(c.block_size).Add(splits).AddStats(stats);
    row.Add(gbps, 1).Add(copy > 0 ? gbps / copy : 0.0, 4);
    csv.Write(row);
    char text[320];
    std::snprintf(text, sizeof(text), "%s: median %.2f us, %.0f GB/s (%.0f%% of copy)",
                  what.c_str(), stats.median_us, gbps, copy > 0 ? 100 * gbps / copy : 0.0);
    context.Progress("decode_attention", index, static_cast<int>(cases.size()), text);
  }
}

}  // namespace gpuplan::calibrate
