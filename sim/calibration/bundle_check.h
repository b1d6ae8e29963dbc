// Checks beyond the format's reader rules (ReadBundle enforces those): units that look like
// milliseconds, times that fall as sizes grow, families a writer must include, and how much of
// a given model at given TP sizes the bundle covers. Plus the human summary of a bundle.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sim/bundle/bundle.h"
#include "sim/catalog/specs.h"

namespace gpuplan {

struct BundleCheckOptions {
  // A time may fall by this fraction (plus 1 us) below the next smaller size's before it counts
  // as a drop (a warning). A series with drops at more than max_falling_share of its steps is
  // an error.
  double monotonic_slack = 0.20;
  double max_falling_share = 0.10;
  // Coverage: the model (nullptr: skip), at these TP sizes, with these deployment settings.
  const ModelSpec* model = nullptr;
  std::vector<int> tps;
  Deployment deployment;  // its tensor_parallel is replaced by each of tps
  int block_size = 16;
};

struct BundleCheck {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::vector<std::string> coverage;  // one line per op and TP size
  bool ok() const { return errors.empty(); }
};

BundleCheck CheckBundle(const Bundle& bundle, const BundleCheckOptions& options);

// Provenance (meta.txt), ceilings, the models measured and per family the rows and the range
// of sizes of each measured series.
void PrintBundleSummary(const Bundle& bundle, std::ostream& out);

}  // namespace gpuplan
