#include "sim/catalog/dtype.h"

namespace gpuplan {

double BytesPerElement(Dtype dtype) {
  switch (dtype) {
    case Dtype::kFp32:
      return 4.0;
    case Dtype::kBf16:
    case Dtype::kFp16:
      return 2.0;
    case Dtype::kFp8:
    case Dtype::kInt8:
      return 1.0;
    case Dtype::kInt4:
      return 0.5;
  }
  return 2.0;
}

std::string_view DtypeName(Dtype dtype) {
  switch (dtype) {
    case Dtype::kFp32:
      return "fp32";
    case Dtype::kBf16:
      return "bf16";
    case Dtype::kFp16:
      return "fp16";
    case Dtype::kFp8:
      return "fp8";
    case Dtype::kInt8:
      return "int8";
    case Dtype::kInt4:
      return "int4";
  }
  return "?";
}

std::optional<Dtype> ParseDtype(std::string_view name) {
  for (Dtype d :
       {Dtype::kFp32, Dtype::kBf16, Dtype::kFp16, Dtype::kFp8, Dtype::kInt8, Dtype::kInt4}) {
    if (DtypeName(d) == name) return d;
  }
  return std::nullopt;
}

const char* DtypeChoicesText() { return "fp32, bf16, fp16, fp8, int8, int4"; }

}  // namespace gpuplan
