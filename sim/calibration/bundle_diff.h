// Op-by-op comparison of two calibration bundles, the regression gate for calibration data:
// every row of A is matched in B by its key; when B did not measure that exact size, B's value
// is interpolated between its neighbouring sizes (LogLinearCurve), and when it lies outside B's
// measured range the row is not comparable. An op drifts when |B - A| / A exceeds the tolerance.
// Lost coverage fails too: ops of A that B cannot answer (a family or sizes B did not measure),
// or nothing comparable at all. What B measured beyond A is reported, not failed.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "sim/bundle/bundle.h"

namespace gpuplan {

struct DriftedOp {
  BundleFamily family = BundleFamily::kCount;
  std::string key;  // "model=llama_2_70b_hf op=add num_tokens=64 tp=1 dtype=bf16"
  double a_us = 0, b_us = 0;
  double change = 0;          // (b - a) / a
  bool interpolated = false;  // b interpolated between B's neighbouring sizes
};

struct BundleDiff {
  double tolerance = 0;
  size_t compared = 0;
  size_t interpolated = 0;  // of compared
  size_t only_in_a = 0;     // rows of A with nothing comparable in B
  size_t only_in_b = 0;     // rows of B with nothing comparable in A
  std::vector<std::string> families_only_in_a, families_only_in_b;
  std::vector<DriftedOp> drifted;  // largest |change| first

  bool HasDrift() const { return !drifted.empty() || only_in_a > 0 || compared == 0; }
};

BundleDiff DiffBundles(const Bundle& a, const Bundle& b, double tolerance);

// The report: the drifted ops (at most `max_rows`, largest first) with both values and the
// change, then the counts.
void PrintDiff(const BundleDiff& diff, const std::string& a_name, const std::string& b_name,
               size_t max_rows, std::ostream& out);

// "5%" -> 0.05, "0.05" -> 0.05; nullopt unless a finite number >= 0.
std::optional<double> ParseTolerance(const std::string& text);

// A row's key as "column=value ..." for reports.
std::string DescribeKey(const BundleTable& table, const BundleRow& row);

}  // namespace gpuplan
