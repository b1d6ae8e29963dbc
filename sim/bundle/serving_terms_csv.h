// serving_terms.csv (docs/calibration-format.md, section 6): the engine-level terms a load-test
// fit found, one row per term: `term,value,default,lower,upper,unit`. Readers need `term` and
// `value`; the other columns say what the fit started from and the bounds it kept to.
#pragma once

#include <string>

#include "sim/bundle/bundle.h"
#include "sim/bundle/serving_term_schema.h"
#include "sim/core/error.h"

namespace gpuplan {

inline constexpr const char* kServingTermsFile = "serving_terms.csv";

// Reads `text` (from `path`) into `out`. A term outside its documented bounds, a value that is
// not a finite number, or a term stated twice is a diagnostic at its cell; unknown terms are
// ignored (a newer writer's), as unknown ops are in the other files.
void ParseServingTermsCsv(const std::string& text, const std::string& path,
                          ServingTermOverrides* out, Diagnostics& diags);

// The file for the stated terms, each with the value a fit started from when `defaults` is given
// (an empty cell otherwise). Values are written exactly (shortest round-trip form).
std::string FormatServingTermsCsv(const ServingTermOverrides& terms,
                                  const ServingTermValues* defaults = nullptr);

}  // namespace gpuplan
