#include "calibrate/families/gemm_buffers.h"

#include "calibrate/harness/cuda_check.h"
#include "calibrate/harness/numeric.h"
#include "calibrate/kernels/util.h"

namespace gpuplan::calibrate {

int64_t GemmBuffers::Bytes(int64_t max_m, int64_t n, int64_t k, Dtype dtype, int weight_sets) {
  const int64_t element = BytesPerElement(dtype);
  return max_m * k * element + weight_sets * n * k * element + max_m * n * 2;
}

GemmBuffers::GemmBuffers(Context& context, int64_t max_m, int64_t n, int64_t k, Dtype dtype,
                         int weight_sets)
    : max_m_(max_m), n_(n), k_(k), dtype_(dtype) {
  const int64_t bytes = Bytes(max_m, n, k, dtype, weight_sets);
  if (bytes > context.AllocatableBytes()) {
    throw CalibrateError("GEMM buffers of " + std::to_string(bytes >> 20) +
                         " MiB do not fit the free device memory");
  }
  const int64_t element = BytesPerElement(dtype);
  const cudaStream_t stream = context.stream();
  auto fill = [&](DeviceBuffer& buffer, int64_t count, uint64_t seed) {
    if (dtype == Dtype::kFp8) {
      FillUniformFp8(buffer.as(), count, seed, kFp8DataRange, stream);
    } else {
      FillUniformBf16(buffer.as(), count, seed, 1.0f, stream);
    }
  };
  act_seed_ = context.NextSeed();
  act_ = DeviceBuffer(static_cast<size_t>(max_m * k * element));
  fill(act_, max_m * k, act_seed_);
  for (int set = 0; set < weight_sets; ++set) {
    weight_seeds_.push_back(context.NextSeed());
    weights_.emplace_back(static_cast<size_t>(n * k * element));
    fill(weights_.back(), n * k, weight_seeds_.back());
  }
  out_ = DeviceBuffer(static_cast<size_t>(max_m * n * 2));
  scales_ = DeviceBuffer(2 * sizeof(float));
  scales_.Upload(std::vector<float>{1.0f / kFp8DataRange, 1.0f / kFp8DataRange});
  GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream));
}

const float* GemmBuffers::act_scale() const {
  return dtype_ == Dtype::kFp8 ? scales_.as<float>() : nullptr;
}

const float* GemmBuffers::weight_scale() const {
  return dtype_ == Dtype::kFp8 ? scales_.as<float>() + 1 : nullptr;
}

std::unique_ptr<GemmPlan> GemmBuffers::MakePlan(Context& context, int64_t m, int algo_rank) const {
  return context.gemm().MakePlan({m, n_, k_, dtype_}, algo_rank, act_scale(), weight_scale());
}

double GemmBuffers::ActValue(int64_t row, int64_t column) const {
  const uint64_t index = static_cast<uint64_t>(row * k_ + column);
  if (dtype_ == Dtype::kFp8) {
    return Fp8E4m3ToFloat(UniformFp8(act_seed_, index, kFp8DataRange)) / kFp8DataRange;
  }
  return UniformBf16(act_seed_, index, 1.0f);
}

double GemmBuffers::WeightValue(int64_t row, int64_t column) const {
  const uint64_t index = static_cast<uint64_t>(row * k_ + column);
  if (dtype_ == Dtype::kFp8) {
    return Fp8E4m3ToFloat(UniformFp8(weight_seeds_[0], index, kFp8DataRange)) / kFp8DataRange;
  }
  return UniformBf16(weight_seeds_[0], index, 1.0f);
}

ErrorNorm GemmBuffers::Check(Context& context, const GemmPlan& plan, bool all_values) const {
  const int64_t m = plan.shape().m;
  if (m > max_m_) throw CalibrateError("GEMM check: m beyond the buffers");
  const cudaStream_t stream = context.stream();
  Poison(out_.as(), m * n_ * 2, stream);
  context.gemm().Run(plan, act(), weight(0), out_.as());
  GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream));
  ErrorNorm error;
  error.AddNonFinite(CountNonFiniteBf16(out_.as(), m * n_, stream));
  const uint64_t seed = context.NextSeed();
  const std::vector<int> rows = SampleIndices(static_cast<int>(m), all_values ? 1 << 30 : 4, seed);
  const std::vector<int> columns =
      SampleIndices(static_cast<int>(n_), all_values ? 1 << 30 : 64, seed + 1);
  std::vector<std::vector<double>> weight_rows;
  for (int column : columns) {
    std::vector<double> values(k_);
    for (int64_t i = 0; i < k_; ++i) values[i] = WeightValue(column, i);
    weight_rows.push_back(std::move(values));
  }
  for (int row : rows) {
    const std::vector<uint16_t> out = out_.Download<uint16_t>(static_cast<size_t>(row * n_), n_);
    std::vector<double> act_row(k_);
    for (int64_t i = 0; i < k_; ++i) act_row[i] = ActValue(row, i);
    for (size_t c = 0; c < columns.size(); ++c) {
      double dot = 0;
      for (int64_t i = 0; i < k_; ++i) dot += act_row[i] * weight_rows[c][i];
      error.Add(Bf16BitsToFloat(out[columns[c]]), dot);
    }
  }
  return error;
}

}  // namespace gpuplan::calibrate
