// gemm.csv: cuBLASLt GEMMs at the models' per-GPU weight shapes over token counts m.
#include <algorithm>
#include <cstdio>

#include "calibrate/families/csv_columns.h"
#include "calibrate/families/families.h"
#include "calibrate/families/gemm_buffers.h"

namespace gpuplan::calibrate {
namespace {

// The plan for m tokens; fp8 falls back to m rounded up to 16 when cuBLASLt has nothing for m.
std::unique_ptr<GemmPlan> PlanFor(Context& context, const GemmBuffers& buffers,
                                  const GemmGroup& group, int64_t m) {
  auto plan = buffers.MakePlan(context, m, 0);
  if (plan || group.dtype != Dtype::kFp8 || m % 16 == 0) return plan;
  const int64_t padded = (m + 15) / 16 * 16;
  plan = buffers.MakePlan(context, padded, 0);
  if (plan) {
    context.AddNote("gemm: fp8 " + group.op + " n=" + std::to_string(group.n) +
                    " k=" + std::to_string(group.k) + ": cuBLASLt has no algorithm for m=" +
                    std::to_string(m) + "; timed with m padded to " + std::to_string(padded));
  }
  return plan;
}

}  // namespace

void MeasureGemm(Context& context, const std::vector<GemmGroup>& groups,
                 const std::filesystem::path& dir) {
  CsvFile csv(dir / bundle_schema::FileName(bundle_schema::kGemm),
              BundleColumns(bundle_schema::kGemm));
  int total = 0;
  for (const GemmGroup& group : groups) total += static_cast<int>(group.ms.size());
  int index = 0;
  for (const GemmGroup& group : groups) {
    const std::string dtype(DtypeName(group.dtype));
    if (group.dtype == Dtype::kFp8 && !context.device().fp8_tensor_cores) {
      context.AddNote("gemm: fp8 left out (no fp8 tensor cores)");
      index += static_cast<int>(group.ms.size());
      continue;
    }
    const int64_t max_m = *std::max_element(group.ms.begin(), group.ms.end());
    const int64_t weight_bytes = group.n * group.k * BytesPerElement(group.dtype);
    const int64_t fixed = GemmBuffers::Bytes(max_m, group.n, group.k, group.dtype, 0);
    const int64_t allocatable = context.AllocatableBytes();
    if (fixed + weight_bytes > allocatable) {
      context.AddNote("gemm: left out " + group.op + " " + dtype + " n=" + std::to_string(group.n) +
                      " k=" + std::to_string(group.k) + " (buffers exceed the free memory)");
      index += static_cast<int>(group.ms.size());
      continue;
    }
    const int sets = RotationSets(weight_bytes, context.device().l2_bytes, allocatable - fixed);
    GemmBuffers buffers(context, max_m, group.n, group.k, group.dtype, sets);
    const double peak = group.dtype == Dtype::kFp8 ? context.ceilings().gemm_tflops_fp8
                                                   : context.ceilings().gemm_tflops_bf16;
    for (int64_t m : group.ms) {
      ++index;
      const auto plan = PlanFor(context, buffers, group, m);
      char what[160];
      std::snprintf(what, sizeof(what), "%s %s m=%lld n=%lld k=%lld", group.op.c_str(),
                    dtype.c_str(), static_cast<long long>(m), static_cast<long long>(group.n),
                    static_cast<long long>(group.k));
      if (!plan) {
        context.AddNote(std::string("gemm: cuBLASLt has no algorithm for ") + what);
        continue;
      }
      context.RecordCheck("gemm", what, buffers.Check(context, *plan, false), kBf16Tolerance);
      const Stats stats = context.timer().Time(
          [&](int i) {
            context.gemm().Run(*plan, buffers.act(), buffers.weight(i), buffers.out());
          },
          context.budget());
      const double tflops =
          2.0 * static_cast<double>(m) * group.n * group.k / stats.median_us / 1e6;
      CsvRow row;
      row.Add(m).Add(group.n).Add(group.k).Add(dtype).Add(group.op).AddStats(stats);
      row.Add(tflops, 2).Add(peak > 0 ? tflops / peak : 0.0, 4);
      csv.Write(row);
      char text[256];
      std::snprintf(text, sizeof(text), "%s: median %.2f us, %.1f TFLOP/s (%.0f%% of peak)", what,
                    stats.median_us, tflops, peak > 0 ? 100 * tflops / peak : 0.0);
      context.Progress("gemm", index, total, text);
    }
  }
}

}  // namespace gpuplan::calibrate
