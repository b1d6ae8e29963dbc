#include "sim/calibration/bundle_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <unordered_map>

#include "sim/latency/log_interpolation.h"
#include "sim/util/options.h"

namespace gpuplan {
namespace {

std::string JoinKey(const BundleRow& row, size_t skip) {
  std::string joined;
  for (size_t i = 0; i < row.key.size(); ++i) {
    if (i != skip) joined += row.key[i] + '\x1f';
  }
  return joined;
}

// One table, indexed for lookups by exact key and by series (every key but the size axis).
class TableIndex {
 public:
  explicit TableIndex(const BundleTable& table) {
    size_column_ =
        table.schema().size_key.empty() ? SIZE_MAX : table.KeyIndex(table.schema().size_key);
    std::map<std::string, std::vector<std::pair<double, double>>> series;
    for (const BundleRow& row : table.rows) {
      exact_[JoinKey(row, SIZE_MAX)] = row.stats.median_us;
      if (size_column_ != SIZE_MAX && row.numbers[size_column_] > 0) {
        series[JoinKey(row, size_column_)].emplace_back(row.numbers[size_column_],
                                                        row.stats.median_us);
      }
    }
    for (auto& [key, points] : series) curves_.emplace(key, LogLinearCurve(std::move(points)));
  }

  // The value for `row`'s key: measured, else interpolated (interpolated = true), else nullopt.
  std::optional<double> Lookup(const BundleRow& row, bool* interpolated) const {
    *interpolated = false;
    if (auto it = exact_.find(JoinKey(row, SIZE_MAX)); it != exact_.end()) return it->second;
    if (size_column_ == SIZE_MAX) return std::nullopt;
    auto it = curves_.find(JoinKey(row, size_column_));
    if (it == curves_.end()) return std::nullopt;
    *interpolated = true;
    return it->second.At(static_cast<double>(row.numbers[size_column_]));
  }

 private:
  size_t size_column_ = SIZE_MAX;
  std::unordered_map<std::string, double> exact_;
  std::unordered_map<std::string, LogLinearCurve> curves_;
};

void CompareTable(const BundleTable& ta, const BundleTable& tb, BundleDiff& diff) {
  const TableIndex in_b(tb);
  for (const BundleRow& row : ta.rows) {
    bool interpolated = false;
    const std::optional<double> b = in_b.Lookup(row, &interpolated);
    if (!b) {
      ++diff.only_in_a;
      continue;
    }
    ++diff.compared;
    if (interpolated) ++diff.interpolated;
    const double a = row.stats.median_us;
    // A zero time cannot change by a ratio; any non-zero value then counts as drift.
    const double change = a > 0 ? (*b - a) / a : (*b > 0 ? INFINITY : 0.0);
    if (std::abs(change) > diff.tolerance) {
      diff.drifted.push_back({ta.family, DescribeKey(ta, row), a, *b, change, interpolated});
    }
  }
  const TableIndex in_a(ta);
  for (const BundleRow& row : tb.rows) {
    bool interpolated = false;
    if (!in_a.Lookup(row, &interpolated)) ++diff.only_in_b;
  }
}

}  // namespace

std::string DescribeKey(const BundleTable& table, const BundleRow& row) {
  std::string text;
  const std::vector<std::string_view>& keys = table.schema().keys;
  for (size_t i = 0; i < keys.size(); ++i) {
    text += fmt::format("{}{}={}", i ? " " : "", keys[i], row.key[i]);
  }
  return text;
}

BundleDiff DiffBundles(const Bundle& a, const Bundle& b, double tolerance) {
  BundleDiff diff;
  diff.tolerance = tolerance;
  for (const FamilySchema& schema : BundleFamilies()) {
    const BundleTable* ta = a.Find(schema.family);
    const BundleTable* tb = b.Find(schema.family);
    if (ta == nullptr && tb == nullptr) continue;
    const std::string file = std::string(schema.name) + ".csv";
    if (tb == nullptr) {
      diff.families_only_in_a.push_back(file);
      diff.only_in_a += ta->rows.size();
    } else if (ta == nullptr) {
      diff.families_only_in_b.push_back(file);
      diff.only_in_b += tb->rows.size();
    } else {
      CompareTable(*ta, *tb, diff);
    }
  }
  std::stable_sort(diff.drifted.begin(), diff.drifted.end(),
                   [](const DriftedOp& x, const DriftedOp& y) {
                     return std::abs(x.change) > std::abs(y.change);
                   });
  return diff;
}

void PrintDiff(const BundleDiff& diff, const std::string& a_name, const std::string& b_name,
               size_t max_rows, std::ostream& out) {
  out << fmt::format("A = {}\nB = {}\n", a_name, b_name);
  for (const std::string& f : diff.families_only_in_a) out << fmt::format("{}: only in A\n", f);
  for (const std::string& f : diff.families_only_in_b) out << fmt::format("{}: only in B\n", f);
  if (!diff.drifted.empty()) {
    out << fmt::format("\n{} ops drifted by more than {:.1f}% (median times, largest first):\n",
                       diff.drifted.size(), 100 * diff.tolerance);
    out << fmt::format("{:<18} {:>12} {:>12} {:>9}  {}\n", "file", "A (us)", "B (us)", "change",
                       "op");
    for (size_t i = 0; i < diff.drifted.size() && i < max_rows; ++i) {
      const DriftedOp& d = diff.drifted[i];
      out << fmt::format("{:<18} {:>12.3f} {:>12.3f} {:>+8.1f}%  {}{}\n",
                         std::string(SchemaOf(d.family).name) + ".csv", d.a_us, d.b_us,
                         100 * d.change, d.key, d.interpolated ? " (B interpolated)" : "");
    }
    if (diff.drifted.size() > max_rows) {
      out << fmt::format("... and {} more\n", diff.drifted.size() - max_rows);
    }
  }
  out << fmt::format(
      "\ncompared {} ops ({} with B interpolated between measured sizes); {} drifted beyond "
      "{:.1f}%; {} rows only in A, {} only in B\n",
      diff.compared, diff.interpolated, diff.drifted.size(), 100 * diff.tolerance, diff.only_in_a,
      diff.only_in_b);
  if (diff.only_in_a > 0) {
    out << fmt::format("{} ops of A have nothing comparable in B: coverage lost\n", diff.only_in_a);
  }
  if (diff.compared == 0) out << "nothing was comparable\n";
  out << (diff.HasDrift() ? "DRIFT\n" : "OK: no drift\n");
}

std::optional<double> ParseTolerance(const std::string& text) {
  const bool percent = !text.empty() && text.back() == '%';
  const std::optional<double> v =
      ParseDouble(percent ? std::string_view(text).substr(0, text.size() - 1) : text);
  if (!v || *v < 0) return std::nullopt;
  return percent ? *v / 100 : *v;
}

}  // namespace gpuplan
