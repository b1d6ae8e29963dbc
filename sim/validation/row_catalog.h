// How a measured row's names (model, GPU, dtype) find gpuplan's catalog entries. The sources
// name things their own way ("Llama-3.1-8B-Instruct-FP8", "H100 SXM", "fp8_block"); these rules
// turn them into catalog keys, or say why there is none, so that "not covered" always has a
// reason a user can act on (add a catalog entry, or a feature).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/catalog/dtype.h"
#include "sim/config/catalog_loader.h"

namespace gpuplan {

// A catalog key, or the reason there is none.
struct CatalogMatch {
  std::string key;     // empty when not matched
  std::string reason;  // why not, when not matched
  bool matched() const { return !key.empty(); }
};

// The model: the name lower-cased with checkpoint suffixes (-instruct, -chat, -hf, -fp8, -nvfp4,
// -awq, ...) stripped until a catalog key matches: "Llama-3.1-8B-Instruct-FP8" -> llama-3.1-8b.
CatalogMatch MatchModel(std::string_view model, const Catalog& catalog);

// The GPU: lower-cased, spaces to underscores ("H100 SXM" -> h100_sxm), plus a few names the
// sources spell differently from the catalog (see kGpuAliases in row_catalog.cc).
CatalogMatch MatchGpu(std::string_view gpu, const Catalog& catalog);

// A dtype as the sources write it: bf16/bfloat16, fp16, fp8/FP8/fp8_block/fp8_e4m3, int8,
// int4_wo/awq (weight-only int4). FP4 formats (nvfp4, FP4, mxfp4) have no gpuplan dtype yet.
struct DtypeMatch {
  std::optional<Dtype> dtype;
  std::string reason;  // why not, when unmatched
};
DtypeMatch MatchDtype(std::string_view text);

}  // namespace gpuplan
