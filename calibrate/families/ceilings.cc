// Ceilings: device-to-device copy bandwidth (bytes read + written) and the best cuBLASLt GEMM rate
// at 8192^3 per dtype. The other families report fractions of these.
#include <algorithm>
#include <cstdio>

#include "calibrate/families/csv_columns.h"
#include "calibrate/families/families.h"
#include "calibrate/families/gemm_buffers.h"
#include "calibrate/harness/cuda_check.h"
#include "calibrate/kernels/util.h"

namespace gpuplan::calibrate {
namespace {

constexpr int64_t kPeakGemmSize = 8192;
constexpr int kPeakGemmAlgorithms = 4;

double MeasureCopy(Context& context, CsvFile& csv) {
  int64_t bytes = std::min<int64_t>(int64_t{1} << 30, context.AllocatableBytes() / 4);
  bytes = bytes / 4096 * 4096;
  DeviceBuffer source(static_cast<size_t>(bytes));
  DeviceBuffer destination(static_cast<size_t>(bytes));
  FillUniformBf16(source.as(), bytes / 2, context.NextSeed(), 1.0f, context.stream());
  const Stats stats = context.timer().Time(
      [&](int) {
        GPUPLAN_CUDA_CHECK(cudaMemcpyAsync(destination.as(), source.as(), bytes,
                                           cudaMemcpyDeviceToDevice, context.stream()));
      },
      context.budget());
  const double gbps = 2.0 * static_cast<double>(bytes) / stats.median_us / 1e3;
  CsvRow row;
  row.Add(bundle_schema::kCeilingCopyD2d)
      .Add(std::to_string(bytes))
      .AddStats(stats)
      .Add(gbps, 1)
      .Add("GB/s");
  csv.Write(row);
  char text[128];
  std::snprintf(text, sizeof(text), "copy %lld MiB: median %.1f us, %.0f GB/s (read + write)",
                static_cast<long long>(bytes >> 20), stats.median_us, gbps);
  context.Log(text);
  return gbps;
}

double MeasurePeakGemm(Context& context, Dtype dtype, CsvFile& csv) {
  const int64_t s = kPeakGemmSize;
  GemmBuffers buffers(context, s, s, s, dtype, 1);
  const std::string name(dtype == Dtype::kFp8 ? bundle_schema::kCeilingGemmFp8
                                              : bundle_schema::kCeilingGemmBf16);
  double best_tflops = 0;
  Stats best_stats;
  for (int rank = 0; rank < kPeakGemmAlgorithms; ++rank) {
    const auto plan = buffers.MakePlan(context, s, rank);
    if (!plan) break;
    context.RecordCheck("ceilings", name + " algorithm " + std::to_string(rank),
                        buffers.Check(context, *plan, false), kBf16Tolerance);
    const Stats stats = context.timer().Time(
        [&](int) { context.gemm().Run(*plan, buffers.act(), buffers.weight(0), buffers.out()); },
        context.budget());
    const double tflops = 2.0 * s * s * s / stats.median_us / 1e6;
    if (tflops > best_tflops) {
      best_tflops = tflops;
      best_stats = stats;
    }
  }
  if (best_tflops == 0) {
    context.AddNote("ceilings: cuBLASLt offered no " + std::string(DtypeName(dtype)) +
                    " algorithm at 8192^3");
    return 0;
  }
  CsvRow row;
  row.Add(name).Add("8192x8192x8192").AddStats(best_stats).Add(best_tflops, 1).Add("TFLOP/s");
  csv.Write(row);
  char text[128];
  std::snprintf(text, sizeof(text),
                "%s 8192^3: best of %d algorithms, median %.1f us, %.0f TFLOP/s", name.c_str(),
                kPeakGemmAlgorithms, best_stats.median_us, best_tflops);
  context.Log(text);
  return best_tflops;
}

}  // namespace

void MeasureCeilings(Context& context, const std::filesystem::path& dir) {
  CsvFile csv(dir / bundle_schema::FileName(bundle_schema::kCeilings),
              BundleColumns(bundle_schema::kCeilings));
  Ceilings& ceilings = context.ceilings();
  ceilings.copy_gbps = MeasureCopy(context, csv);
  ceilings.gemm_tflops_bf16 = MeasurePeakGemm(context, Dtype::kBf16, csv);
  if (context.device().fp8_tensor_cores) {
    ceilings.gemm_tflops_fp8 = MeasurePeakGemm(context, Dtype::kFp8, csv);
  } else {
    context.AddNote("ceilings: no fp8 tensor cores (compute capability below 8.9)");
  }
}

}  // namespace gpuplan::calibrate
