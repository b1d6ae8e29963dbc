// `gpuplan validate serving`, as a library call: read the measured rows, map each to a scenario,
// simulate the covered ones, compare every statistic, and build the tables. The CLI only parses
// flags and writes files; tests call this directly.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/runner/builtins.h"
#include "sim/validation/serving_errors.h"
#include "sim/validation/serving_row.h"

namespace gpuplan {

struct ServingValidationRequest {
  std::string csv_path;
  // Sets to validate; empty: every set IsDefaultSet accepts; {"all"}: every set in the file.
  std::vector<std::string> sets;
  // "" for every row of the chosen sets; "gate" for the fixed sample the test suite's fidelity
  // gate runs (about one row in eight, chosen by a hash of the row id).
  std::string subset;
  ValidationPaths paths;
  int threads = 0;  // 0: every hardware thread
  // Applied to every mapped row before it runs (an ablation variant); the edited scenario is
  // checked again. Null: none.
  std::function<void(RowPlan&)> variant;
  // Only rows this accepts are mapped and run (a fit's rows). Null: every row.
  std::function<bool(const ServingRow&)> row_filter;
};

struct ServingValidation {
  ServingValidation() = default;
  ServingValidation(const ServingValidation&) = delete;  // errors point into outcomes
  ServingValidation& operator=(const ServingValidation&) = delete;
  ServingValidation(ServingValidation&&) = default;
  ServingValidation& operator=(ServingValidation&&) = default;

  ServingData data;                           // every row read, and the malformed ones' problems
  std::vector<RowOutcome> outcomes;           // the chosen rows, in file order
  std::vector<RowErrors> errors;              // the simulated ones' errors
  std::map<std::string, std::string> tables;  // ServingTables
};

// Throws UsageError for a set name the file does not have, ConfigError for an unreadable file.
ServingValidation ValidateServing(const ServingValidationRequest& request, const Catalog& catalog,
                                  const Builtins& builtins);

// Whether `row` is in the named subset ("" holds every row).
bool InSubset(const ServingRow& row, const std::string& subset);

// The ablation table (section serving-ablation): the summary errors with every fidelity item on,
// then with each item of AblationVariants() turned off in turn. Runs the validation once per
// variant.
std::string AblationTable(const ServingValidationRequest& request, const Catalog& catalog,
                          const Builtins& builtins);
// The same for ClientPacingVariants() (section serving-client-pacing), with the baseline first.
std::string ClientPacingTable(const ServingValidationRequest& request, const Catalog& catalog,
                              const Builtins& builtins);

// The sections of ServingTables that the gate compares (not the worst rows or the bias table).
std::map<std::string, std::string> GatedTables(const std::map<std::string, std::string>& tables);

}  // namespace gpuplan
