#include "calibrate/dtype.h"

namespace gpuplan::calibrate {

std::string_view DtypeName(Dtype dtype) { return dtype == Dtype::kBf16 ? "bf16" : "fp8"; }

int BytesPerElement(Dtype dtype) { return dtype == Dtype::kBf16 ? 2 : 1; }

std::optional<Dtype> ParseDtype(std::string_view name) {
  if (name == "bf16") return Dtype::kBf16;
  if (name == "fp8" || name == "fp8_e4m3") return Dtype::kFp8;
  return std::nullopt;
}

}  // namespace gpuplan::calibrate
