// elementwise.csv: RMSNorm, fused add + RMSNorm, RoPE, SiLU-and-mul and the paged KV-cache write,
// reported as achieved bandwidth. Inputs rotate through copies larger than L2 (measured cold).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

#include "calibrate/families/csv_columns.h"
#include "calibrate/families/families.h"
#include "calibrate/harness/cuda_check.h"
#include "calibrate/harness/numeric.h"
#include "calibrate/kernels/elementwise.h"
#include "calibrate/kernels/util.h"

namespace gpuplan::calibrate {
namespace {

constexpr int kRopeMaxPosition = 8192;
constexpr double kRopeTheta = 10000.0;
constexpr float kFp8CacheInverseScale = 16.0f;  // an fp8 cache stores e4m3(x * 16)

struct Tensor {
  uint64_t seed = 0;
  DeviceBuffer buffer;
};

class ElementwiseRunner {
 public:
  ElementwiseRunner(Context& context, const ElementwiseCase& c, int sets)
      : context_(context), case_(c) {
    const int64_t rows = c.tokens;
    const int64_t width = c.hidden;
    switch (c.op) {
      case ElementwiseOp::kRmsNorm:
      case ElementwiseOp::kFusedAddRmsNorm:
        weight_ = MakeBf16(width);
        out_ = DeviceBuffer(static_cast<size_t>(rows * width * 2));
        for (int s = 0; s < sets; ++s) {
          AddSet(rows * width, c.op == ElementwiseOp::kFusedAddRmsNorm ? rows * width : 0);
        }
        break;
      case ElementwiseOp::kRope: {
        for (int s = 0; s < sets; ++s) AddSet(rows * width, 0);
        table_host_ = RopeCosSinTable(kRopeMaxPosition, c.head_dim, kRopeTheta);
        table_ = DeviceBuffer(table_host_.size() * sizeof(float));
        table_.Upload(table_host_);
        std::mt19937_64 rng(context.NextSeed());
        std::uniform_int_distribution<int> position(0, kRopeMaxPosition - 1);
        for (int t = 0; t < c.tokens; ++t) positions_host_.push_back(position(rng));
        positions_ = DeviceBuffer(positions_host_.size() * sizeof(int));
        positions_.Upload(positions_host_);
        break;
      }
      case ElementwiseOp::kSiluAndMul:
        out_ = DeviceBuffer(static_cast<size_t>(rows * width * 2));
        for (int s = 0; s < sets; ++s) AddSet(rows * 2 * width, 0);
        break;
      case ElementwiseOp::kKvCacheWrite:
        SetUpKvWrite(sets);
        break;
    }
    GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(context.stream()));
  }

  // Bytes one launch must move (each input read once, each output written once).
  static int64_t TrafficBytes(const ElementwiseCase& c) {
    const int64_t elements = static_cast<int64_t>(c.tokens) * c.hidden;
    switch (c.op) {
      case ElementwiseOp::kRmsNorm:
        return 2 * elements * 2 + c.hidden * 2;
      case ElementwiseOp::kFusedAddRmsNorm:
        return 4 * elements * 2 + c.hidden * 2;
      case ElementwiseOp::kRope:
        return 2 * elements * 2 + static_cast<int64_t>(c.tokens) * (c.head_dim * 4 + 4);
      case ElementwiseOp::kSiluAndMul:
        return 3 * elements * 2;
      case ElementwiseOp::kKvCacheWrite:
        return 2 * elements * 2 + 2 * elements * BytesPerElement(c.dtype) + c.tokens * 4;
    }
    return 0;
  }

  void Launch(int set) {
    const ElementwiseCase& c = case_;
    const auto& in = inputs_[set % inputs_.size()];
    const cudaStream_t stream = context_.stream();
    switch (c.op) {
      case ElementwiseOp::kRmsNorm:
        LaunchRmsNorm(in[0].buffer.as(), weight_.buffer.as(), out_.as(), c.tokens, c.hidden,
                      stream);
        break;
      case ElementwiseOp::kFusedAddRmsNorm:
        LaunchFusedAddRmsNorm(in[0].buffer.as(), in[1].buffer.as(), weight_.buffer.as(), out_.as(),
                              c.tokens, c.hidden, stream);
        break;
      case ElementwiseOp::kRope:
        LaunchRope(in[0].buffer.as(), positions_.as<int>(), table_.as<float>(), c.tokens,
                   c.hidden / c.head_dim, c.head_dim, stream);
        break;
      case ElementwiseOp::kSiluAndMul:
        LaunchSiluAndMul(in[0].buffer.as(), out_.as(), c.tokens, c.hidden, stream);
        break;
      case ElementwiseOp::kKvCacheWrite: {
        const KvSet& kv = kv_sets_[set % kv_sets_.size()];
        LaunchKvCacheWrite(in[0].buffer.as(), in[1].buffer.as(), caches_[0].as(), caches_[1].as(),
                           kv.slots.as<int>(), c.tokens, c.hidden / c.head_dim, c.head_dim, c.dtype,
                           kFp8CacheInverseScale, stream);
        break;
      }
    }
  }

  ErrorNorm Check(bool all_rows) {
    const ElementwiseCase& c = case_;
    const cudaStream_t stream = context_.stream();
    // In-place ops changed their inputs while being timed: restore set 0 first.
    for (Tensor& t : inputs_[0]) {
      FillUniformBf16(t.buffer.as(), static_cast<int64_t>(t.buffer.bytes() / 2), t.seed, 1.0f,
                      stream);
    }
    if (out_.bytes() > 0) Poison(out_.as(), static_cast<int64_t>(out_.bytes()), stream);
    for (DeviceBuffer& cache : caches_)
      Poison(cache.as(), static_cast<int64_t>(cache.bytes()), stream);
    Launch(0);
    GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream));
    ErrorNorm error;
    const std::vector<int> tokens =
        SampleIndices(c.tokens, all_rows ? c.tokens : 8, context_.NextSeed());
    for (int t : tokens) CheckToken(t, error);
    if (out_.bytes() > 0) {
      error.AddNonFinite(
          CountNonFiniteBf16(out_.as(), static_cast<int64_t>(out_.bytes() / 2), stream));
    } else if (c.op == ElementwiseOp::kRope) {
      const Tensor& x = inputs_[0][0];
      error.AddNonFinite(
          CountNonFiniteBf16(x.buffer.as(), static_cast<int64_t>(x.buffer.bytes() / 2), stream));
    }
    return error;
  }

 private:
  struct KvSet {
    std::vector<int> slots_host;
    DeviceBuffer slots;
  };

  Tensor MakeBf16(int64_t count) {
    Tensor t;
    t.seed = context_.NextSeed();
    t.buffer = DeviceBuffer(static_cast<size_t>(count * 2));
    FillUniformBf16(t.buffer.as(), count, t.seed, 1.0f, context_.stream());
    return t;
  }

  // One set of inputs: one tensor of `first` elements and, when `second` > 0, another.
  void AddSet(int64_t first, int64_t second) {
    std::vector<Tensor> set;
    set.push_back(MakeBf16(first));
    if (second > 0) set.push_back(MakeBf16(second));
    inputs_.push_back(std::move(set));
  }

  static float Value(const Tensor& t, int64_t index) { return UniformBf16(t.seed, index, 1.0f); }

  std::vector<float> Row(const Tensor& t, int64_t offset, int64_t count) const {
    std::vector<float> row(count);
    for (int64_t i = 0; i < count; ++i) row[i] = Value(t, offset + i);
    return row;
  }

  void SetUpKvWrite(int sets) {
    const ElementwiseCase& c = case_;
    const int64_t width = c.hidden;  // kv_heads * head_dim
    const int pages_per_set = (c.tokens + c.block_size - 1) / c.block_size;
    const int64_t pool_slots = static_cast<int64_t>(pages_per_set) * sets * c.block_size;
    for (int which = 0; which < 2; ++which) {
      caches_.emplace_back(static_cast<size_t>(pool_slots * width * BytesPerElement(c.dtype)));
      Poison(caches_.back().as(), static_cast<int64_t>(caches_.back().bytes()), context_.stream());
    }
    std::mt19937_64 rng(context_.NextSeed());
    for (int s = 0; s < sets; ++s) {
      AddSet(c.tokens * width, c.tokens * width);
      std::vector<int> pages(pages_per_set);
      std::iota(pages.begin(), pages.end(), s * pages_per_set);
      std::shuffle(pages.begin(), pages.end(), rng);
      KvSet kv;
      for (int t = 0; t < c.tokens; ++t) {
        kv.slots_host.push_back(pages[t / c.block_size] * c.block_size + t % c.block_size);
      }
      kv.slots = DeviceBuffer(kv.slots_host.size() * sizeof(int));
      kv.slots.Upload(kv.slots_host);
      kv_sets_.push_back(std::move(kv));
    }
  }

  void CheckToken(int t, ErrorNorm& error) const {
    const ElementwiseCase& c = case_;
    const int64_t width = c.hidden;
    const int64_t offset = t * width;
    std::vector<double> ref(width);
    switch (c.op) {
      case ElementwiseOp::kRmsNorm: {
        RmsNormRow(Row(inputs_[0][0], offset, width), Row(weight_, 0, width), kRmsNormEps, ref);
        Compare(out_, offset, ref, error);
        break;
      }
      case ElementwiseOp::kFusedAddRmsNorm: {
        const auto x = Row(inputs_[0][0], offset, width);
        const auto residual = Row(inputs_[0][1], offset, width);
        std::vector<float> sum(width);
        std::vector<double> sum_ref(width);
        for (int64_t i = 0; i < width; ++i) {
          sum[i] = RoundToBf16(x[i] + residual[i]);
          sum_ref[i] = sum[i];
        }
        Compare(inputs_[0][1].buffer, offset, sum_ref, error);
        RmsNormRow(sum, Row(weight_, 0, width), kRmsNormEps, ref);
        Compare(out_, offset, ref, error);
        break;
      }
      case ElementwiseOp::kRope: {
        const int d = c.head_dim;
        const auto x = Row(inputs_[0][0], offset, width);
        const std::span<const float> cos_sin(
            table_host_.data() + static_cast<size_t>(positions_host_[t]) * d, d);
        for (int64_t h = 0; h < width / d; ++h) {
          RopeNeoxHead(std::span<const float>(x).subspan(h * d, d), cos_sin,
                       std::span<double>(ref).subspan(h * d, d));
        }
        Compare(inputs_[0][0].buffer, offset, ref, error);
        break;
      }
      case ElementwiseOp::kSiluAndMul: {
        const auto in = Row(inputs_[0][0], 2 * offset, 2 * width);
        SiluAndMulRow(std::span<const float>(in).first(width),
                      std::span<const float>(in).last(width), ref);
        Compare(out_, offset, ref, error);
        break;
      }
      case ElementwiseOp::kKvCacheWrite: {
        const int64_t slot_offset = static_cast<int64_t>(kv_sets_[0].slots_host[t]) * width;
        for (int which = 0; which < 2; ++which) {
          const auto x = Row(inputs_[0][which], offset, width);
          if (c.dtype == Dtype::kFp8) {
            const auto codes = caches_[which].Download<uint8_t>(slot_offset, width);
            for (int64_t i = 0; i < width; ++i) {
              const float expected = Fp8E4m3ToFloat(FloatToFp8E4m3(x[i] * kFp8CacheInverseScale));
              error.Add(Fp8E4m3ToFloat(codes[i]), expected);
            }
          } else {
            const auto stored = caches_[which].Download<uint16_t>(slot_offset, width);
            for (int64_t i = 0; i < width; ++i) error.Add(Bf16BitsToFloat(stored[i]), x[i]);
          }
        }
        break;
      }
    }
  }

  // Compares `ref` with `count = ref.size()` bf16 values of `buffer` from element `offset`.
  static void Compare(const DeviceBuffer& buffer, int64_t offset, const std::vector<double>& ref,
                      ErrorNorm& error) {
    const auto stored = buffer.Download<uint16_t>(static_cast<size_t>(offset), ref.size());
    for (size_t i = 0; i < ref.size(); ++i) error.Add(Bf16BitsToFloat(stored[i]), ref[i]);
  }

  Context& context_;
  ElementwiseCase case_;
  std::vector<std::vector<Tensor>> inputs_;  // per set
  Tensor weight_;
  DeviceBuffer out_;
  std::vector<float> table_host_;
  DeviceBuffer table_;
  std::vector<int> positions_host_;
  DeviceBuffer positions_;
  std::vector<DeviceBuffer> caches_;
  std::vector<KvSet> kv_sets_;
};

std::string Describe(const ElementwiseCase& c) {
  char text[160];
  std::snprintf(text, sizeof(text), "%s tokens=%d hidden=%d %s",
                std::string(ElementwiseOpName(c.op)).c_str(), c.tokens, c.hidden,
                std::string(DtypeName(c.dtype)).c_str());
  return text;
}

}  // namespace

ErrorNorm CheckElementwiseCase(Context& context, const ElementwiseCase& c, bool all_rows) {
  ElementwiseRunner runner(context, c, 1);
  return runner.Check(all_rows);
}

void MeasureElementwise(Context& context, const std::vector<ElementwiseCase>& cases,
                        const std::filesystem::path& dir) {
  CsvFile csv(dir / bundle_schema::FileName(bundle_schema::kElementwise),
              BundleColumns(bundle_schema::kElementwise));
  int index = 0;
  for (const ElementwiseCase& c : cases) {
    ++index;
    const int64_t bytes = ElementwiseRunner::TrafficBytes(c);
    const int sets = RotationSets(bytes, context.device().l2_bytes, context.AllocatableBytes());
    ElementwiseRunner runner(context, c, sets);
    const std::string what = Describe(c);
    // The fp8 cache values are compared with the same rounding on the host: exact but for ties.
    context.RecordCheck("elementwise", what, runner.Check(false), kBf16Tolerance);
    const Stats stats = context.timer().Time([&](int i) { runner.Launch(i); }, context.budget());
    const double gbps = static_cast<double>(bytes) / stats.median_us / 1e3;
    const double copy = context.ceilings().copy_gbps;
    CsvRow row;
    row.Add(ElementwiseOpName(c.op)).Add(c.tokens).Add(c.hidden).Add(DtypeName(c.dtype));
    row.AddStats(stats).Add(gbps, 1).Add(copy > 0 ? gbps / copy : 0.0, 4);
    csv.Write(row);
    char text[256];
    std::snprintf(text, sizeof(text), "%s: median %.2f us, %.0f GB/s", what.c_str(),
                  stats.median_us, gbps);
    context.Progress("elementwise", index, static_cast<int>(cases.size()), text);
  }
}

}  // namespace gpuplan::calibrate
