// A calibration bundle in memory: the measured per-op timing tables of one GPU, with their
// provenance (docs/calibration-format.md is the contract). ReadBundle() reads and checks a bundle
// folder written by gpuplan-calibrate or an importer; importers and tests build one in memory.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "calibrate/harness/bundle_schema.h"
#include "sim/bundle/serving_term_schema.h"

namespace gpuplan {

inline constexpr int kBundleSchemaVersion = bundle_schema::kSchemaVersion;

enum class BundleFamily : uint8_t {
  kCeilings,
  kLaunch,
  kGemm,
  kPrefillAttention,
  kDecodeAttention,
  kElementwise,
  kMlpOps,
  kAllReduce,
  kSendRecv,
  kCount,
};
inline constexpr size_t kNumBundleFamilies = static_cast<size_t>(BundleFamily::kCount);

// What a family file looks like: its key columns and the axis that sizes vary along.
struct FamilySchema {
  BundleFamily family;
  std::string_view name;               // file stem: "gemm" for gemm.csv
  std::vector<std::string_view> keys;  // key columns, in the order writers emit them
  std::string_view size_key;           // the axis interpolated along; "" when none
  std::string_view op_key;             // rows whose value here is not in known_ops are ignored
  std::vector<std::string_view> known_ops;
  bool importer_only = false;  // p90_us, std_us and repeats may be empty cells
};

// Every family, in BundleFamily order.
const std::array<FamilySchema, kNumBundleFamilies>& BundleFamilies();
const FamilySchema& SchemaOf(BundleFamily family);
// True for key columns that hold text (model, op, dtype, ...); the others are integers.
bool IsTextKey(std::string_view column);

// The statistics of one row, in microseconds. Models use the median.
struct TimingStats {
  double min_us = 0;
  double median_us = 0;
  double mean_us = 0;
  double p90_us = std::numeric_limits<double>::quiet_NaN();  // NaN: not recorded (importers)
  double max_us = 0;
  double std_us = std::numeric_limits<double>::quiet_NaN();
  int64_t repeats = 0;  // 0: not recorded (importers)
};

struct BundleRow {
  std::vector<std::string> key;  // key cells in FamilySchema::keys order, as written
  std::vector<int64_t> numbers;  // the integer key cells (0 for text keys), same order
  TimingStats stats;
  int line = 0;  // in the file; 0 for rows built in memory
};

struct BundleTable {
  BundleFamily family = BundleFamily::kCount;
  std::string path;  // the file, for messages
  std::vector<BundleRow> rows;
  size_t ignored_rows = 0;  // rows of ops this reader does not know

  const FamilySchema& schema() const { return SchemaOf(family); }
  // Position of a key column; an unknown name is a bug.
  size_t KeyIndex(std::string_view column) const;
};

struct MetaEntry {
  std::string key;
  std::string value;
  int line = 0;
};

// A model a bundle measured whole per-layer ops of (`model.<name>` in meta.txt).
struct BundleModel {
  std::string name;
  int hidden = 0, heads = 0, kv_heads = 0, head_dim = 0, intermediate = 0, vocab = 0;
  std::string source;
};

struct Bundle {
  std::string dir;
  std::vector<MetaEntry> meta;  // in file order
  std::vector<BundleModel> models;
  std::vector<BundleTable> tables;  // the families present, in BundleFamily order
  // serving_terms.csv: engine-level terms fitted to real load tests (`gpuplan calibration
  // fit-serving`); unset terms keep the engine preset's defaults.
  ServingTermOverrides serving_terms{};
  bool HasServingTerms() const;

  const BundleTable* Find(BundleFamily family) const;
  const MetaEntry* FindMeta(std::string_view key) const;
  std::string Meta(std::string_view key, std::string_view fallback = "") const;
  const BundleModel* FindModel(std::string_view name) const;
};

// Reads the bundle in `dir` and checks it against docs/calibration-format.md, section 5. Throws
// ConfigError listing every problem as `file:line:col: column: what; expected ...`.
Bundle ReadBundle(const std::string& dir);

// Parses a `model.<name>` value: `hidden=...,heads=...,kv_heads=...,head_dim=...,
// intermediate=...,vocab=...[,source=...]` (source last: it may hold commas). Returns false with
// `error` set when a field is missing or not a positive integer.
bool ParseBundleModel(std::string_view name, std::string_view value, BundleModel* out,
                      std::string* error);

}  // namespace gpuplan
