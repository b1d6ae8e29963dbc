#include "calibrate/runner.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>

#include "calibrate/build_info.h"
#include "calibrate/errors.h"
#include "calibrate/families/families.h"
#include "calibrate/harness/bundle_schema.h"
#include "calibrate/harness/device_buffer.h"
#include "calibrate/harness/meta.h"
#include "calibrate/kernels/gemm_lt.h"
#include "calibrate/sweep.h"

namespace gpuplan::calibrate {
namespace {

namespace schema = bundle_schema;

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

uint64_t SeedFor(const Options& options) {
  if (options.seed != 0) return options.seed;
  return static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
}

void PrepareDirectory(const Options& options) {
  namespace fs = std::filesystem;
  const fs::path& dir = options.out_dir;
  if (fs::exists(dir)) {
    if (!fs::is_directory(dir)) throw UsageError("--out " + dir.string() + " is not a directory");
    if (!fs::is_empty(dir) && !options.force) {
      throw UsageError("--out " + dir.string() + " is not empty (use --force to write into it)");
    }
  }
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw CalibrateError("cannot create " + dir.string() + ": " + error.message());
}

DeviceInfo OpenDevice(const Options& options) {
  const DeviceInfo device = QueryDevice(options.device);
  if (device.cc_major < 8) {
    throw CalibrateError("gpuplan-calibrate needs compute capability 8.0 or newer; " + device.name +
                         " is " + std::to_string(device.cc_major) + "." +
                         std::to_string(device.cc_minor));
  }
  std::printf("gpuplan-calibrate %s (%s)\n%s\n", std::string(CalibrateVersion()).c_str(),
              std::string(GitSha()).c_str(), DescribeDevice(device).c_str());
  std::fflush(stdout);
  return device;
}

template <typename T, typename Name>
std::string JoinNames(const std::vector<T>& items, Name name) {
  std::string text;
  for (const T& item : items) {
    if (!text.empty()) text += ',';
    text += name(item);
  }
  return text;
}

void AddRunMeta(const Options& options, const DeviceInfo& device, uint64_t seed, Meta& meta) {
  meta.Set(schema::kKeySchemaVersion, schema::kSchemaVersion);
  meta.Set(schema::kKeyStatus, schema::kStatusIncomplete);
  meta.Set(schema::kKeyTool, schema::kToolCalibrate);
  meta.Set(schema::kKeyToolVersion, CalibrateVersion());
  meta.Set("git_sha", GitSha());
  meta.Set(schema::kKeyCreatedUtc, UtcNow());
  meta.Set("command_line", "gpuplan-calibrate " + options.command_line);
  meta.Set("run.mode", options.quick ? "quick" : "full");
  meta.Set("run.models", JoinNames(options.models, [](const ModelShape& m) { return m.name; }));
  for (const ModelShape& m : options.models) meta.Set(ModelMetaKey(m.name), ModelMetaValue(m));
  meta.Set("run.tp", JoinNames(options.tps, [](int tp) { return std::to_string(tp); }));
  meta.Set("run.dtypes", JoinNames(options.dtypes, DtypeName));
  meta.Set("run.families",
           std::string(schema::kCeilings.stem) + "," + JoinNames(options.families, FamilyName));
  meta.Set("run.seed", std::to_string(seed));
  AddDeviceMeta(device, meta);
  const TimingBudget budget = options.quick ? QuickBudget() : FullBudget();
  meta.Set("timing.method", "cuda_events_per_launch_median");
  meta.Set("timing.warmup", budget.warmup);
  meta.Set("timing.min_repeats", budget.min_repeats);
  meta.Set("timing.max_repeats", budget.max_repeats);
  meta.Set("timing.target_ms", budget.target_ms, 1);
  meta.Set("timing.l2_rotation", "inputs rotate through up to 64 copies totalling >= 4x L2");
  meta.Set("gemm.library", "cublaslt");
  meta.Set("gemm.algorithm", "heuristic_first");
  meta.Set("gemm.layout", "row_major_out[m,n]=act[m,k]*weight[n,k]^T");
  meta.Set("gemm.workspace_bytes", static_cast<int64_t>(LtGemm::kWorkspaceBytes));
  meta.Set("gemm.fp8_format", "e4m3_per_tensor_scales_bf16_out");
  meta.Set("gemm.fp8_fast_accum", 0);
  meta.Set("prefill_attention.kernel", "gpuplan_flash_mma_sync_bf16_v1");
  meta.Set("decode_attention.kernel", "gpuplan_paged_split_kv_v1");
  meta.Set("collectives",
           "not_measured (single-GPU program; all_reduce.csv and send_recv.csv absent)");
}

int CountRows(const std::filesystem::path& path) {
  std::ifstream in(path);
  int lines = 0;
  std::string line;
  while (std::getline(in, line)) ++lines;
  return lines > 0 ? lines - 1 : 0;
}

void FinishMeta(const Context& context, const std::filesystem::path& dir, Meta& meta) {
  for (const schema::FamilyFormat* family : schema::kFamilies) {
    if (family->importer_only) continue;
    const auto path = dir / schema::FileName(*family);
    if (std::filesystem::exists(path)) {
      meta.Set(std::string(schema::kKeyPrefixRows) + std::string(family->stem), CountRows(path));
    }
  }
  for (const auto& [family, summary] : context.checks()) {
    const std::string prefix = std::string(schema::kKeyPrefixCheck) + family;
    meta.Set(prefix + ".count", summary.checks);
    char error[32];
    std::snprintf(error, sizeof(error), "%.3e", summary.max_relative_error);
    meta.Set(prefix + ".max_rel_err", error);
  }
  for (size_t i = 0; i < context.notes().size(); ++i) {
    meta.Set(std::string(schema::kKeyPrefixNote) + std::to_string(i + 1), context.notes()[i]);
  }
  meta.Set("duration_s", context.ElapsedSeconds(), 1);
}

}  // namespace

void RunCalibration(const Options& options) {
  PrepareDirectory(options);
  const std::filesystem::path& dir = options.out_dir;
  const DeviceInfo device = OpenDevice(options);
  const uint64_t seed = SeedFor(options);
  CudaStream stream;
  Context context(device, stream.get(), seed, options.quick);
  const std::filesystem::path meta_path = dir / schema::kMetaFile;
  Meta meta;
  AddRunMeta(options, device, seed, meta);
  WriteMetaFile(meta_path, meta);

  const SweepPlan plan = BuildSweep(options.models, options.tps, options.dtypes, options.quick);
  for (const std::string& note : plan.notes) context.AddNote(note);

  MeasureCeilings(context, dir);
  const Ceilings& ceilings = context.ceilings();
  meta.Set(schema::kKeyCeilingCopyGbps, ceilings.copy_gbps, 1);
  meta.Set(schema::kKeyCeilingGemmTflopsBf16, ceilings.gemm_tflops_bf16, 1);
  if (ceilings.gemm_tflops_fp8 > 0)
    meta.Set(schema::kKeyCeilingGemmTflopsFp8, ceilings.gemm_tflops_fp8, 1);
  WriteMetaFile(meta_path, meta);

  for (Family family : options.families) {
    context.Log("family " + std::string(FamilyName(family)));
    switch (family) {
      case Family::kLaunch:
        MeasureLaunch(context, dir);
        break;
      case Family::kGemm:
        MeasureGemm(context, plan.gemm, dir);
        break;
      case Family::kPrefillAttention:
        MeasurePrefill(context, plan.prefill, dir);
        break;
      case Family::kDecodeAttention:
        MeasureDecode(context, plan.decode, dir);
        break;
      case Family::kElementwise:
        MeasureElementwise(context, plan.elementwise, dir);
        break;
    }
    FinishMeta(context, dir, meta);
    WriteMetaFile(meta_path, meta);
  }
  meta.Set(schema::kKeyStatus, schema::kStatusComplete);
  FinishMeta(context, dir, meta);
  WriteMetaFile(meta_path, meta);
  context.Log("bundle written to " + dir.string());
}

int RunSelfTestProgram(const Options& options) {
  const DeviceInfo device = OpenDevice(options);
  CudaStream stream;
  Context context(device, stream.get(), SeedFor(options), true);
  return RunSelfTest(context);
}

}  // namespace gpuplan::calibrate
