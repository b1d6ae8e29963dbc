// Fitting one latency-model option or engine preset field on the serving measurements: the
// option is swept over a grid, the validation runs at each value on the chosen rows, and the value
// that minimises the error on the fit half (FitHalf) is the fit; the held-out half's error at
// every value is reported beside it. The objective is the mean of the median |TTFT mean| and
// median |TPOT| errors.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/validation/serving_validation.h"

namespace gpuplan {

struct ServingFitRequest {
  // A roofline option (e.g. gemm_fp8_compute_efficiency), set on the rows that use the roofline
  // model, or engine.NAME, a numeric field of the engine preset (e.g.
  // engine.cpu_overhead_per_request_us), set on every row's engine.
  std::string option;
  double lo = 0, hi = 0, step = 0;
  std::string filter_key;  // "" or weight_dtype, engine, gpu, model, set
  std::string filter_value;
};

// Parses NAME=LO:HI:STEP and KEY=VALUE (the CLI's --fit and --fit-rows); UsageError when bad.
ServingFitRequest ParseServingFit(const std::string& fit, const std::string& rows);

struct OptionSweepPoint {
  double value = 0;
  double fit_objective = 0;
  double held_out_objective = 0;
  size_t fit_rows = 0, held_out_rows = 0;
};

struct OptionSweepResult {
  std::vector<OptionSweepPoint> points;
  double best = 0;  // the fit: the value with the smallest fit-half objective
};

OptionSweepResult FitServingOption(const ServingValidationRequest& base,
                                   const ServingFitRequest& fit, const Catalog& catalog,
                                   const Builtins& builtins);

// The catalog preset's value of an engine field being fitted (--fit-rows engine=NAME), or nullopt
// for a roofline option or an engine the catalog lacks.
std::optional<double> EnginePresetValue(const ServingFitRequest& fit, const Catalog& catalog);

// The generated section of docs/validation.md the sweep's table goes to: serving-fit for a
// roofline option, serving-fit-ENGINE-FIELD (dashes for underscores) for an engine field.
std::string ServingFitSection(const ServingFitRequest& fit);

// Markdown table of the sweep, the fit marked.
std::string ServingFitTable(const ServingFitRequest& fit, const OptionSweepResult& result);

// Whether `row` passes the request's row filter.
bool PassesFitFilter(const ServingRow& row, const ServingFitRequest& fit);

}  // namespace gpuplan
