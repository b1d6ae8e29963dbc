#include "calibrate/dtype.h"

#include "calibrate/harness/bundle_schema.h"

namespace gpuplan::calibrate {

std::string_view DtypeName(Dtype dtype) {
  return dtype == Dtype::kBf16 ? bundle_schema::kDtypeBf16 : bundle_schema::kDtypeFp8;
}

int BytesPerElement(Dtype dtype) { return dtype == Dtype::kBf16 ? 2 : 1; }

std::optional<Dtype> ParseDtype(std::string_view name) {
  if (name == bundle_schema::kDtypeBf16) return Dtype::kBf16;
  if (name == bundle_schema::kDtypeFp8 || name == "fp8_e4m3") return Dtype::kFp8;
  return std::nullopt;
}

}  // namespace gpuplan::calibrate
