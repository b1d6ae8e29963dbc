// prefill_attention.csv: our FlashAttention-style causal kernel over whole prompts and chunks.
#include <cmath>
#include <cstdio>
#include <optional>

#include "calibrate/families/csv_columns.h"
#include "calibrate/families/families.h"
#include "calibrate/harness/cuda_check.h"
#include "calibrate/harness/numeric.h"
#include "calibrate/kernels/prefill_attention.h"
#include "calibrate/kernels/util.h"

namespace gpuplan::calibrate {
namespace {

// Inputs of one case, `sets` copies of q, k and v to rotate through, one output.
class PrefillRunner {
 public:
  PrefillRunner(Context& context, const PrefillCase& c, int sets) : context_(context), case_(c) {
    for (int set = 0; set < sets; ++set) {
      Set s;
      for (int t = 0; t < 3; ++t) {
        s.seeds[t] = context.NextSeed();
        const int64_t count = t == 0 ? QElements() : KvElements();
        s.tensors[t] = DeviceBuffer(static_cast<size_t>(count * 2));
        FillUniformBf16(s.tensors[t].as(), count, s.seeds[t], 1.0f, context.stream());
      }
      sets_.push_back(std::move(s));
    }
    out_ = DeviceBuffer(static_cast<size_t>(QElements() * 2));
  }

  static int64_t SetBytes(const PrefillCase& c) {
    return (2 * QElementsOf(c) + 2 * KvElementsOf(c)) * 2;  // q, out, k, v
  }

  void Launch(int set) {
    const Set& s = sets_[set % sets_.size()];
    PrefillAttentionParams p;
    p.q = s.tensors[0].as();
    p.k = s.tensors[1].as();
    p.v = s.tensors[2].as();
    p.out = out_.as();
    p.batch = case_.batch;
    p.q_len = case_.q_len;
    p.kv_len = case_.kv_len;
    p.q_heads = case_.q_heads;
    p.kv_heads = case_.kv_heads;
    p.head_dim = case_.head_dim;
    p.softmax_scale = Scale();
    LaunchPrefillAttention(p, context_.stream());
  }

  ErrorNorm Check(bool all_rows) {
    const cudaStream_t stream = context_.stream();
    Poison(out_.as(), QElements() * 2, stream);
    Launch(0);
    GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream));
    ErrorNorm error;
    error.AddNonFinite(CountNonFiniteBf16(out_.as(), QElements(), stream));
    const PrefillCase& c = case_;
    const int d = c.head_dim;
    const int group = c.q_heads / c.kv_heads;
    const uint64_t seed = context_.NextSeed();
    const std::vector<int> batches = SampleIndices(c.batch, all_rows ? c.batch : 2, seed);
    const std::vector<int> heads = SampleIndices(c.q_heads, all_rows ? c.q_heads : 2, seed + 1);
    std::vector<int> queries = SampleIndices(c.q_len, all_rows ? c.q_len : 8, seed + 2);
    for (int boundary : {127, 128}) {  // the first query tile's edge
      if (!all_rows && boundary < c.q_len) queries.push_back(boundary);
    }
    const AttentionDims dims{c.batch, c.q_len, c.kv_len, c.q_heads, c.kv_heads, d};
    const std::vector<uint16_t> whole =
        all_rows ? out_.Download<uint16_t>(0, QElements()) : std::vector<uint16_t>();
    std::vector<float> q(d);
    std::vector<double> ref(d);
    for (int b : batches) {
      std::optional<int> loaded_kv_head;
      std::vector<float> keys;
      std::vector<float> values;
      for (int h : heads) {
        if (loaded_kv_head != h / group) {
          loaded_kv_head = h / group;
          keys = GatherHostHead(1, b, *loaded_kv_head);
          values = GatherHostHead(2, b, *loaded_kv_head);
        }
        for (int i : queries) {
          const int64_t row = ((static_cast<int64_t>(b) * c.q_len + i) * c.q_heads + h) * d;
          for (int j = 0; j < d; ++j) q[j] = UniformBf16(sets_[0].seeds[0], row + j, 1.0f);
          AttentionRow(q, keys, values, d, CausalKeys(dims, i), Scale(), ref);
          const std::vector<uint16_t> out =
              all_rows ? std::vector<uint16_t>(whole.begin() + row, whole.begin() + row + d)
                       : out_.Download<uint16_t>(static_cast<size_t>(row), d);
          for (int j = 0; j < d; ++j) error.Add(Bf16BitsToFloat(out[j]), ref[j]);
        }
      }
    }
    return error;
  }

 private:
  struct Set {
    uint64_t seeds[3] = {};  // q, k, v
    DeviceBuffer tensors[3];
  };

  static int64_t QElementsOf(const PrefillCase& c) {
    return static_cast<int64_t>(c.batch) * c.q_len * c.q_heads * c.head_dim;
  }
  static int64_t KvElementsOf(const PrefillCase& c) {
    return static_cast<int64_t>(c.batch) * c.kv_len * c.kv_heads * c.head_dim;
  }
  int64_t QElements() const { return QElementsOf(case_); }
  int64_t KvElements() const { return KvElementsOf(case_); }
  double Scale() const { return 1.0 / std::sqrt(static_cast<double>(case_.head_dim)); }

  // Keys (tensor 1) or values (tensor 2) of one KV head of set 0, [kv_len][head_dim].
  std::vector<float> GatherHostHead(int tensor, int b, int kv_head) const {
    const PrefillCase& c = case_;
    std::vector<float> rows(static_cast<size_t>(c.kv_len) * c.head_dim);
    for (int t = 0; t < c.kv_len; ++t) {
      const int64_t base =
          ((static_cast<int64_t>(b) * c.kv_len + t) * c.kv_heads + kv_head) * c.head_dim;
      for (int j = 0; j < c.head_dim; ++j) {
        rows[static_cast<size_t>(t) * c.head_dim + j] =
            UniformBf16(sets_[0].seeds[tensor], base + j, 1.0f);
      }
    }
    return rows;
  }

  Context& context_;
  PrefillCase case_;
  std::vector<Set> sets_;
  DeviceBuffer out_;
};

std::string Describe(const PrefillCase& c) {
  char text[160];
  std::snprintf(text, sizeof(text), "batch=%d q_len=%d kv_len=%d heads=%d/%d head_dim=%d", c.batch,
                c.q_len, c.kv_len, c.q_heads, c.kv_heads, c.head_dim);
  return text;
}

}  // namespace

ErrorNorm CheckPrefillCase(Context& context, const PrefillCase& c, bool all_rows) {
  PrefillRunner runner(context, c, 1);
  return runner.Check(all_rows);
}

void MeasurePrefill(Context& context, const std::vector<PrefillCase>& cases,
                    const std::filesystem::path& dir) {
  CsvFile csv(dir / bundle_schema::FileName(bundle_schema::kPrefillAttention),
              BundleColumns(bundle_schema::kPrefillAttention));
  const double peak = context.ceilings().gemm_tflops_bf16;
  int index = 0;
  for (const PrefillCase& c : cases) {
    ++index;
    const int64_t set_bytes = PrefillRunner::SetBytes(c);
    const int sets = RotationSets(set_bytes, context.device().l2_bytes, context.AllocatableBytes());
    PrefillRunner runner(context, c, sets);
    const std::string what = Describe(c);
    context.RecordCheck("prefill_attention", what, runner.Check(false), kBf16Tolerance);
    const Stats stats = context.timer().Time([&](int i) { runner.Launch(i); }, context.budget());
    const double tflops = PrefillAttentionFlops(c.batch, c.q_len, c.kv_len, c.q_heads, c.head_dim) /
                          stats.median_us / 1e6;
    CsvRow row;
    row.Add(c.batch).Add(c.q_len).Add(c.kv_len).Add(c.q_heads).Add(c.kv_heads).Add(c.head_dim);
    row.Add(bundle_schema::kDtypeBf16)
        .Add(1)
        .AddStats(stats)
        .Add(tflops, 2)
        .Add(peak > 0 ? tflops / peak : 0.0, 4);
    csv.Write(row);
    char text[256];
    std::snprintf(text, sizeof(text), "%s: median %.2f us, %.1f TFLOP/s", what.c_str(),
                  stats.median_us, tflops);
    context.Progress("prefill_attention", index, static_cast<int>(cases.size()), text);
  }
}

}  // namespace gpuplan::calibrate
