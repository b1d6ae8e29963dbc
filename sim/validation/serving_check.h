// The fidelity gate: a validation's tables against the ones published in a document (the
// generated sections of docs/validation.md). A change fails the gate when it makes any published
// error worse by more than the tolerance (percentage points; the p90 gets twice the tolerance,
// being noisier), when a statistic loses the rows it had, when fewer rows are simulated or more
// fail. Improvements pass and are listed, so they can be published with --doc.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace gpuplan {

struct GateResult {
  std::vector<std::string> worse;    // what failed the gate, one line each
  std::vector<std::string> better;   // what improved beyond the tolerance
  std::vector<std::string> missing;  // sections the document lacks
  bool ok() const { return worse.empty() && missing.empty(); }
};

GateResult CheckAgainstDocument(const std::string& doc,
                                const std::map<std::string, std::string>& tables,
                                double tolerance_points);

}  // namespace gpuplan
