#include "sim/calibration/bundle_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <ostream>

#include "sim/calibration/bundle_diff.h"
#include "sim/latency/calibrated_tables.h"

namespace gpuplan {
namespace {

// No GPU kernel or collective completes in under half a microsecond; a table whose times are
// that small was almost certainly written in milliseconds.
constexpr double kMinPlausibleUs = 0.5;
constexpr size_t kExamples = 5;
// Times are compared with this much absolute room too: imported tables have 1 us resolution
// (Vidur publishes ms with 3 decimals), and a few-us kernel jitters by about that much.
constexpr double kJitterUs = 1.0;

// Rows of a table grouped by every key but the size axis, each series sorted by size.
std::map<std::string, std::vector<const BundleRow*>> Series(const BundleTable& table) {
  std::map<std::string, std::vector<const BundleRow*>> series;
  const std::string_view size_key = table.schema().size_key;
  if (size_key.empty()) return series;
  const size_t size = table.KeyIndex(size_key);
  for (const BundleRow& row : table.rows) {
    std::string key;
    for (size_t i = 0; i < row.key.size(); ++i) {
      if (i != size) key += fmt::format("{}={} ", table.schema().keys[i], row.key[i]);
    }
    series[key].push_back(&row);
  }
  for (auto& [key, rows] : series) {
    std::sort(rows.begin(), rows.end(), [size](const BundleRow* a, const BundleRow* b) {
      return a->numbers[size] < b->numbers[size];
    });
  }
  return series;
}

void CheckUnits(const BundleTable& table, BundleCheck& check) {
  size_t small = 0;
  std::string example;
  for (const BundleRow& row : table.rows) {
    if (row.stats.median_us >= kMinPlausibleUs) continue;
    if (small++ == 0) {
      example = fmt::format("{}:{}: median {} us ({})", table.path, row.line, row.stats.median_us,
                            DescribeKey(table, row));
    }
  }
  if (small > 0) {
    check.errors.push_back(fmt::format(
        "{}: {} rows take less than {} us, e.g. {}; expected microseconds (was the source in "
        "milliseconds?)",
        table.path, small, kMinPlausibleUs, example));
  }
}

// Compares each size with the next smaller one. Isolated drops are real: measurement noise, and
// NCCL switching protocol or algorithm at some sizes (a larger message can be faster). A series
// where many steps fall is not a measurement of one op any more (shuffled or mis-keyed rows).
void CheckMonotonic(const BundleTable& table, const BundleCheckOptions& options,
                    BundleCheck& check) {
  const std::string_view axis = table.schema().size_key;
  const size_t size = axis.empty() ? 0 : table.KeyIndex(axis);
  size_t drops = 0;
  std::vector<std::string> examples, broken;
  for (const auto& [key, rows] : Series(table)) {
    size_t series_drops = 0;
    for (size_t i = 1; i < rows.size(); ++i) {
      const TimingStats &a = rows[i - 1]->stats, &b = rows[i]->stats;
      if (b.median_us >= (1 - options.monotonic_slack) * a.median_us - kJitterUs) continue;
      ++series_drops;
      if (drops++ < kExamples) {
        examples.push_back(fmt::format("  line {}: {} us at {}={} after {} us at {}={}, {}",
                                       rows[i]->line, b.median_us, axis, rows[i]->key[size],
                                       a.median_us, axis, rows[i - 1]->key[size], key));
      }
    }
    const double share = rows.size() > 1 ? series_drops / (rows.size() - 1.0) : 0.0;
    if (series_drops >= 2 && share > options.max_falling_share) {
      broken.push_back(
          fmt::format("  {}: {} of {} steps fall", key, series_drops, rows.size() - 1));
    }
  }
  if (drops > 0) {
    std::string text = fmt::format(
        "{}: {} times are more than {:.0f}% + {} us below the next smaller size's (noise or "
        "protocol switches when isolated):",
        table.path, drops, 100 * options.monotonic_slack, kJitterUs);
    for (const std::string& e : examples) text += "\n" + e;
    check.warnings.push_back(text);
  }
  if (!broken.empty()) {
    std::string text = fmt::format(
        "{}: {} series fall at more than {:.0f}% of their steps; expected times that grow with "
        "size (are rows mis-keyed?):",
        table.path, broken.size(), 100 * options.max_falling_share);
    for (size_t i = 0; i < broken.size() && i < kExamples; ++i) text += "\n" + broken[i];
    check.errors.push_back(text);
  }
}

void CheckModels(const Bundle& bundle, BundleCheck& check) {
  const BundleTable* mlp = bundle.Find(BundleFamily::kMlpOps);
  if (mlp == nullptr) return;
  const size_t model = mlp->KeyIndex("model");
  std::map<std::string, size_t> unknown;
  for (const BundleRow& row : mlp->rows) {
    if (bundle.FindModel(row.key[model]) == nullptr) ++unknown[row.key[model]];
  }
  for (const auto& [name, n] : unknown) {
    check.errors.push_back(fmt::format(
        "{}: {} rows of model '{}', which meta.txt does not describe; expected a model.{}= entry",
        mlp->path, n, name, name));
  }
}

void CheckCoverage(const Bundle& bundle, const BundleCheckOptions& options, BundleCheck& check) {
  for (int tp : options.tps) {
    Deployment d = options.deployment;
    d.tensor_parallel = tp;
    const CalibratedTables tables(bundle, *options.model, d, options.block_size);
    bool gemm = false;
    for (const OpCoverage& c : tables.Coverage()) {
      const std::string op(OpKindName(c.op));
      if (!c.covered()) {
        check.coverage.push_back(fmt::format("tp {} {:<18} roofline (not in the bundle)", tp, op));
        continue;
      }
      gemm = gemm || c.op == OpKind::kQkvProj || c.op == OpKind::kMlpUpGate;
      check.coverage.push_back(
          c.axis.empty() || c.max_size == 0
              ? fmt::format("tp {} {:<18} {} ({} points)", tp, op, c.origin, c.points)
              : fmt::format("tp {} {:<18} {} ({} points, {} {:.0f}..{:.0f})", tp, op, c.origin,
                            c.points, c.axis, c.min_size, c.max_size));
    }
    if (!gemm) {
      check.errors.push_back(fmt::format(
          "no GEMM of {} at tp {} is in the bundle; expected gemm.csv or mlp_ops.csv rows for "
          "its per-GPU shapes (the calibrated model would be the roofline)",
          options.model->name, tp));
    }
  }
}

}  // namespace

BundleCheck CheckBundle(const Bundle& bundle, const BundleCheckOptions& options) {
  BundleCheck check;
  namespace bs = bundle_schema;
  if (bundle.Meta(bs::kKeyTool) == bs::kToolCalibrate) {
    if (bundle.Find(BundleFamily::kCeilings) == nullptr) {
      check.errors.push_back(
          "ceilings.csv is missing; expected it in every gpuplan-calibrate bundle");
    }
    for (std::string_view key : {bs::kKeyCeilingCopyGbps, bs::kKeyCeilingGemmTflopsBf16}) {
      if (bundle.FindMeta(key) == nullptr) {
        check.errors.push_back(
            fmt::format("meta.txt: {} is missing; expected the measured "
                        "ceiling",
                        key));
      }
    }
  }
  if (bundle.tables.empty()) check.warnings.push_back("the bundle has no timing tables");
  for (const BundleTable& t : bundle.tables) {
    CheckUnits(t, check);
    CheckMonotonic(t, options, check);
    if (t.ignored_rows > 0) {
      check.warnings.push_back(fmt::format(
          "{}: {} rows of ops this gpuplan does not know were ignored", t.path, t.ignored_rows));
    }
  }
  CheckModels(bundle, check);
  if (options.model != nullptr) CheckCoverage(bundle, options, check);
  return check;
}

void PrintBundleSummary(const Bundle& bundle, std::ostream& out) {
  out << fmt::format("bundle {}\n\nprovenance (meta.txt):\n", bundle.dir);
  for (const MetaEntry& e : bundle.meta) {
    if (e.key.starts_with(bundle_schema::kKeyPrefixRows) ||
        e.key.starts_with(bundle_schema::kKeyPrefixCheck)) {
      continue;
    }
    out << fmt::format("  {} = {}\n", e.key, e.value);
  }
  out << "\ntables:\n";
  for (const BundleTable& t : bundle.tables) {
    out << fmt::format("  {}.csv: {} rows{}\n", t.schema().name, t.rows.size(),
                       t.ignored_rows ? fmt::format(" ({} ignored)", t.ignored_rows) : "");
    const auto series = Series(t);
    const size_t size = t.schema().size_key.empty() ? 0 : t.KeyIndex(t.schema().size_key);
    size_t shown = 0;
    for (const auto& [key, rows] : series) {
      if (++shown > 12) {
        out << fmt::format("    ... and {} more series\n", series.size() - 12);
        break;
      }
      out << fmt::format("    {}: {} {}..{} ({} points, {:.1f}..{:.1f} us)\n", key,
                         t.schema().size_key, rows.front()->key[size], rows.back()->key[size],
                         rows.size(), rows.front()->stats.median_us, rows.back()->stats.median_us);
    }
  }
}

}  // namespace gpuplan
