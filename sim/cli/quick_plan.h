// The one-line form of `gpuplan plan`: a first answer without a plan file, e.g.
//   gpuplan plan --model llama-3.1-8b --gpus h100_sxm,l40s --dau 50000 --ttft 500 --speed 25
// The options are turned into the PlanSpec a plan file with the same inputs gives (the loader's
// defaults for every key not given), on the base scenario configs/scenarios/default.yaml with
// --model as its model. The plan file form has keys without a one-line option (sessions per
// user, peak-hour share, ...); those take the documented defaults listed in QuickPlan::inputs,
// which the command prints so that a planner sees what was assumed.
#pragma once

#include <string>
#include <vector>

#include "sim/cli/cli_support.h"
#include "sim/config/plan_spec.h"

namespace gpuplan {

// One input of a one-line plan, as printed: what it is, its value, and where it came from.
struct QuickPlanInput {
  std::string name;    // "sessions/user/day"
  std::string value;   // "2"
  std::string origin;  // "--dau", or where the default comes from
  bool defaulted = false;
};

struct QuickPlan {
  PlanSpec spec;
  std::vector<QuickPlanInput> inputs;  // every input, given or defaulted, in plan-file order
  bool tensor_parallel_given = false;
};

// Adds the one-line form's options (--model, --gpus, --engine, --tp, --dau, --peak-rate,
// --concurrency, --ttft, --speed) to `options`.
void AddQuickPlanOptions(po::options_description& options);

// The one-line form's options given on this command line, as "--dau", in a fixed order.
std::vector<std::string> GivenQuickPlanOptions(const po::variables_map& vm);

// Builds the plan the one-line options describe. Exactly one of --dau, --peak-rate and
// --concurrency must be given (UsageError otherwise). Unknown catalog names (with "did you
// mean") and values out of range are reported together in one ConfigError located at their
// options. The base scenario is the catalog's scenarios/default.yaml, else the shipped one; it is
// loaded with `options` like a plan file's scenario.
QuickPlan BuildQuickPlan(const po::variables_map& vm, const Catalog& catalog,
                         const LoaderOptions& options);

// The inputs as a table, defaulted ones marked, for the console before the plan's steps.
std::string FormatQuickPlanInputs(const QuickPlan& plan);

}  // namespace gpuplan
