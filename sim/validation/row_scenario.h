// RowPlan: how one measured row becomes a gpuplan scenario, or why it cannot. A row ends in one
// of three states, reported and counted separately:
//   not covered  the catalog or gpuplan's features lack what ran (a model, a GPU, FP4 weights,
//                speculative decoding) or the row lacks what gpuplan needs (its parallelism);
//   failed       everything is there but gpuplan refused or could not run the scenario (a preset
//                that does not start, a memory check): a gpuplan problem to fix;
//   simulated    the scenario ran and every statistic the row has is compared.
// The mapping is deterministic; each assumption made for a row is recorded with it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/config/scenario.h"
#include "sim/validation/row_workload.h"
#include "sim/validation/serving_row.h"

namespace gpuplan {

struct RowPlan {
  ServingRow row;
  std::optional<Scenario> scenario;  // set when the row maps (it may still fail to run)
  std::string not_covered;           // why not covered; "" when covered
  std::string failure;               // why a covered row could not be simulated
  std::vector<std::string> assumptions;
  // Converts the simulation's per-token figures to what the row's client counted (see
  // RowWorkload::client_output_ratio): output throughput x ratio, TPOT x tpot_factor.
  double client_output_ratio = 1;
  double client_tpot_factor = 1;
  bool fit_half = false;  // in the half that fitted constants may be fitted on (see FitHalf)
};

struct MappingContext {
  const Catalog& catalog;
  const LoaderOptions& loader;  // policy validators and whole-scenario checks
  ValidationPaths paths;
};

RowPlan PlanRow(const ServingRow& row, const MappingContext& context);

// The row's configuration: set, engine, model, GPU, parallelism, dtype. Rows of one configuration
// (a load sweep) always fall in the same half, so a held-out row never shares its configuration
// with a fitted one.
std::string ConfigKey(const ServingRow& row);
// The fit half: rows whose ConfigKey's FNV-1a 64-bit hash is even. The rest is held out.
bool FitHalf(const ServingRow& row);

// The sets used unless asked otherwise: everything but the *_stage (a duplicate view of
// infsim_training), *_unresolved (topology unknown) and *_disagg (prefill/decode pools) sets,
// which serving.csv's README says to use only deliberately.
bool IsDefaultSet(const std::string& set);

}  // namespace gpuplan
