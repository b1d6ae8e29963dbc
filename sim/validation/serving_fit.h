// Fitting one latency-model option on the serving measurements: the option is swept over a grid,
// the validation runs at each value on the chosen rows, and the value that minimises the error on
// the fit half (FitHalf) is the fit; the held-out half's error at every value is reported beside
// it. The objective is the mean of the median |TTFT mean| and median |TPOT| errors.
#pragma once

#include <string>
#include <vector>

#include "sim/validation/serving_validation.h"

namespace gpuplan {

struct ServingFitRequest {
  std::string option;  // a roofline option, e.g. gemm_fp8_compute_efficiency
  double lo = 0, hi = 0, step = 0;
  std::string filter_key;  // "" or weight_dtype, engine, gpu, model, set
  std::string filter_value;
};

// Parses NAME=LO:HI:STEP and KEY=VALUE (the CLI's --fit and --fit-rows); UsageError when bad.
ServingFitRequest ParseServingFit(const std::string& fit, const std::string& rows);

struct ServingFitPoint {
  double value = 0;
  double fit_objective = 0;
  double held_out_objective = 0;
  size_t fit_rows = 0, held_out_rows = 0;
};

struct ServingFitResult {
  std::vector<ServingFitPoint> points;
  double best = 0;  // the fit: the value with the smallest fit-half objective
};

ServingFitResult FitServingOption(const ServingValidationRequest& base,
                                  const ServingFitRequest& fit, const Catalog& catalog,
                                  const Builtins& builtins);

// Markdown table of the sweep, the fit marked.
std::string ServingFitTable(const ServingFitRequest& fit, const ServingFitResult& result);

// Whether `row` passes the request's row filter.
bool PassesFitFilter(const ServingRow& row, const ServingFitRequest& fit);

}  // namespace gpuplan
