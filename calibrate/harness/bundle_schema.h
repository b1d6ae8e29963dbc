// The calibration bundle's schema (docs/calibration-format.md): file names, meta.txt keys, the
// enumerated cell values and every CSV file's columns in the order writers emit them.
//
// gpuplan-calibrate's writers (calibrate/) and the simulator's reader (sim/bundle/) both take
// their spellings from here, and tests/contract/ writes a bundle with the one and reads it with the
// other. Plain C++20 with the standard library only: calibrate/ links nothing but the CUDA
// toolkit, and the simulator includes this header without depending on anything CUDA.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace gpuplan::bundle_schema {

// meta.txt's schema_version; readers accept no other.
inline constexpr int kSchemaVersion = 1;

// ---- Files ----

inline constexpr std::string_view kMetaFile = "meta.txt";
inline constexpr std::string_view kCsvSuffix = ".csv";  // a family's file is <stem>.csv

// ---- meta.txt (section 3) ----

// Keys match [a-z0-9_.]+.
constexpr bool IsValidMetaKey(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

inline constexpr std::string_view kKeySchemaVersion = "schema_version";
inline constexpr std::string_view kKeyStatus = "status";
inline constexpr std::string_view kKeyTool = "tool";
inline constexpr std::string_view kKeyToolVersion = "tool_version";
inline constexpr std::string_view kKeyCreatedUtc = "created_utc";
inline constexpr std::string_view kKeyGpuName = "gpu.name";
// Required in every bundle besides schema_version and status.
inline constexpr std::array<std::string_view, 4> kRequiredMetaKeys = {kKeyTool, kKeyToolVersion,
                                                                      kKeyCreatedUtc, kKeyGpuName};

inline constexpr std::string_view kStatusComplete = "complete";
inline constexpr std::string_view kStatusIncomplete = "incomplete";  // while a run is writing
inline constexpr std::string_view kToolCalibrate = "gpuplan-calibrate";

// Measured ceilings: ceiling.copy_gbps and ceiling.gemm_tflops.<dtype>.
inline constexpr std::string_view kKeyCeilingCopyGbps = "ceiling.copy_gbps";
inline constexpr std::string_view kKeyCeilingGemmTflopsBf16 = "ceiling.gemm_tflops.bf16";
inline constexpr std::string_view kKeyCeilingGemmTflopsFp8 = "ceiling.gemm_tflops.fp8";

// Families of keys: <prefix><name>.
inline constexpr std::string_view kKeyPrefixModel = "model.";  // model.<name>=<shape>
inline constexpr std::string_view kKeyPrefixRows = "rows.";    // rows.<family stem>
inline constexpr std::string_view kKeyPrefixCheck = "check.";  // check.<family>.count, ...
inline constexpr std::string_view kKeyPrefixNote = "note.";    // note.<n>

// A model.<name> value: `hidden=...,heads=...,kv_heads=...,head_dim=...,intermediate=...,
// vocab=...,source=...`, the shape fields in this order, then source (last: it may hold commas).
inline constexpr std::array<std::string_view, 6> kModelShapeFields = {
    "hidden", "heads", "kv_heads", "head_dim", "intermediate", "vocab"};
inline constexpr std::string_view kModelSourceField = "source";

// ---- Enumerations (section 2) ----

inline constexpr std::string_view kDtypeBf16 = "bf16";
inline constexpr std::string_view kDtypeFp8 = "fp8";
inline constexpr std::array<std::string_view, 2> kDtypes = {kDtypeBf16, kDtypeFp8};

// ---- Columns (sections 2, 4 and 6) ----

inline constexpr std::string_view kMinUs = "min_us";
inline constexpr std::string_view kMedianUs = "median_us";
inline constexpr std::string_view kMeanUs = "mean_us";
inline constexpr std::string_view kP90Us = "p90_us";
inline constexpr std::string_view kMaxUs = "max_us";
inline constexpr std::string_view kStdUs = "std_us";
inline constexpr std::string_view kRepeats = "repeats";
// Every timed row's statistics, after its key (and extra) columns, in this order.
inline constexpr std::array<std::string_view, 7> kStatsColumns = {
    kMinUs, kMedianUs, kMeanUs, kP90Us, kMaxUs, kStdUs, kRepeats};

inline constexpr std::string_view kColumnDtype = "dtype";
inline constexpr std::string_view kColumnKvDtype = "kv_dtype";
// Key columns that hold text; every other key column holds a non-negative integer.
inline constexpr std::array<std::string_view, 6> kTextKeyColumns = {
    "model", "op", kColumnDtype, kColumnKvDtype, "link", "ceiling"};

constexpr bool IsTextKeyColumn(std::string_view column) {
  for (std::string_view text : kTextKeyColumns) {
    if (column == text) return true;
  }
  return false;
}
// Columns whose cells must be one of kDtypes.
constexpr bool IsDtypeColumn(std::string_view column) {
  return column == kColumnDtype || column == kColumnKvDtype;
}

// ---- Known values of the op columns ----

// ceilings.csv `ceiling`.
inline constexpr std::string_view kCeilingCopyD2d = "copy_d2d";
inline constexpr std::string_view kCeilingGemmBf16 = "gemm_bf16";
inline constexpr std::string_view kCeilingGemmFp8 = "gemm_fp8";

// launch.csv `op`.
inline constexpr std::string_view kLaunchHostLaunch = "host_launch";
inline constexpr std::string_view kLaunchDeviceBackToBack = "device_back_to_back";
inline constexpr std::string_view kLaunchGraphReplayDevice = "graph_replay_device";
inline constexpr std::string_view kLaunchGraphLaunchHost = "graph_launch_host";
inline constexpr std::string_view kLaunchSyncRoundTrip = "sync_round_trip";

// elementwise.csv `op`.
inline constexpr std::string_view kOpRmsNorm = "rms_norm";
inline constexpr std::string_view kOpFusedAddRmsNorm = "fused_add_rms_norm";
inline constexpr std::string_view kOpRope = "rope";
inline constexpr std::string_view kOpSiluAndMul = "silu_and_mul";
inline constexpr std::string_view kOpKvCacheWrite = "kv_cache_write";

// ---- Family files ----

// One CSV file of the bundle. A written row holds `keys`, then `extra`, then kStatsColumns, then
// `derived`; readers locate columns by name and need only `keys` and the statistics.
struct FamilyFormat {
  std::string_view stem{};                      // the file is <stem>.csv
  std::span<const std::string_view> keys{};     // a key names at most one row
  std::span<const std::string_view> extra{};    // informational, not part of the key
  std::span<const std::string_view> derived{};  // computed from median_us
  std::string_view op_column{};                 // key column holding an op name; "" when none
  std::span<const std::string_view> ops{};      // op_column values this schema defines
  bool importer_only = false;  // section 6: p90_us, std_us and repeats may be empty cells
};

namespace detail {
inline constexpr std::string_view kCeilingsKeys[] = {"ceiling"};
inline constexpr std::string_view kCeilingsExtra[] = {"size"};
inline constexpr std::string_view kCeilingsDerived[] = {"value", "unit"};
inline constexpr std::string_view kCeilingsOps[] = {kCeilingCopyD2d, kCeilingGemmBf16,
                                                    kCeilingGemmFp8};

inline constexpr std::string_view kLaunchKeys[] = {"op"};
inline constexpr std::string_view kLaunchExtra[] = {"kernels_per_sample"};
inline constexpr std::string_view kLaunchDerived[] = {"us_per_kernel"};
inline constexpr std::string_view kLaunchOps[] = {kLaunchHostLaunch, kLaunchDeviceBackToBack,
                                                  kLaunchGraphReplayDevice, kLaunchGraphLaunchHost,
                                                  kLaunchSyncRoundTrip};

inline constexpr std::string_view kGemmKeys[] = {"m", "n", "k", kColumnDtype};
inline constexpr std::string_view kGemmExtra[] = {"op"};  // names the weight; not a key
inline constexpr std::string_view kComputeDerived[] = {"tflops", "fraction_of_peak"};

inline constexpr std::string_view kPrefillKeys[] = {"batch",    "q_len",    "kv_len",     "q_heads",
                                                    "kv_heads", "head_dim", kColumnDtype, "causal"};

inline constexpr std::string_view kDecodeKeys[] = {
    "batch", "kv_len", "q_heads", "kv_heads", "head_dim", kColumnKvDtype, "block_size"};
inline constexpr std::string_view kDecodeExtra[] = {"num_splits"};
inline constexpr std::string_view kBandwidthDerived[] = {"gbps", "fraction_of_copy_bw"};

inline constexpr std::string_view kElementwiseKeys[] = {"op", "tokens", "hidden", kColumnDtype};
inline constexpr std::string_view kElementwiseOps[] = {kOpRmsNorm, kOpFusedAddRmsNorm, kOpRope,
                                                       kOpSiluAndMul, kOpKvCacheWrite};

inline constexpr std::string_view kMlpOpsKeys[] = {"model", "op", "num_tokens", "tp", kColumnDtype};
inline constexpr std::string_view kMlpOpsOps[] = {"attn_pre_proj",
                                                  "attn_post_proj",
                                                  "mlp_up_proj",
                                                  "mlp_down_proj",
                                                  "mlp_act",
                                                  "attn_rope",
                                                  "input_layernorm",
                                                  "post_attention_layernorm",
                                                  "add",
                                                  "emb"};

inline constexpr std::string_view kCollectiveKeys[] = {"bytes", "num_gpus", "gpus_per_node",
                                                       "link"};
}  // namespace detail

// Written by gpuplan-calibrate (section 4).
inline constexpr FamilyFormat kCeilings{.stem = "ceilings",
                                        .keys = detail::kCeilingsKeys,
                                        .extra = detail::kCeilingsExtra,
                                        .derived = detail::kCeilingsDerived,
                                        .op_column = "ceiling",
                                        .ops = detail::kCeilingsOps};
inline constexpr FamilyFormat kLaunch{.stem = "launch",
                                      .keys = detail::kLaunchKeys,
                                      .extra = detail::kLaunchExtra,
                                      .derived = detail::kLaunchDerived,
                                      .op_column = "op",
                                      .ops = detail::kLaunchOps};
inline constexpr FamilyFormat kGemm{.stem = "gemm",
                                    .keys = detail::kGemmKeys,
                                    .extra = detail::kGemmExtra,
                                    .derived = detail::kComputeDerived};
inline constexpr FamilyFormat kPrefillAttention{
    .stem = "prefill_attention", .keys = detail::kPrefillKeys, .derived = detail::kComputeDerived};
inline constexpr FamilyFormat kDecodeAttention{.stem = "decode_attention",
                                               .keys = detail::kDecodeKeys,
                                               .extra = detail::kDecodeExtra,
                                               .derived = detail::kBandwidthDerived};
inline constexpr FamilyFormat kElementwise{.stem = "elementwise",
                                           .keys = detail::kElementwiseKeys,
                                           .derived = detail::kBandwidthDerived,
                                           .op_column = "op",
                                           .ops = detail::kElementwiseOps};
// Written by importers only (section 6).
inline constexpr FamilyFormat kMlpOps{.stem = "mlp_ops",
                                      .keys = detail::kMlpOpsKeys,
                                      .op_column = "op",
                                      .ops = detail::kMlpOpsOps,
                                      .importer_only = true};
inline constexpr FamilyFormat kAllReduce{
    .stem = "all_reduce", .keys = detail::kCollectiveKeys, .importer_only = true};
inline constexpr FamilyFormat kSendRecv{
    .stem = "send_recv", .keys = detail::kCollectiveKeys, .importer_only = true};

// Every family, in the order readers read them and gpuplan-calibrate counts its rows.
inline constexpr std::array<const FamilyFormat*, 9> kFamilies = {
    &kCeilings,    &kLaunch, &kGemm,      &kPrefillAttention, &kDecodeAttention,
    &kElementwise, &kMlpOps, &kAllReduce, &kSendRecv};

// "gemm.csv" for kGemm.
inline std::string FileName(const FamilyFormat& family) {
  return std::string(family.stem) + std::string(kCsvSuffix);
}

}  // namespace gpuplan::bundle_schema
