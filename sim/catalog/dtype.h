// Numeric formats of weights, activations and KV cache, with their storage size.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gpuplan {

enum class Dtype { kFp32, kBf16, kFp16, kFp8, kInt8, kInt4 };

double BytesPerElement(Dtype dtype);
std::string_view DtypeName(Dtype dtype);  // "bf16", "fp8", ...
std::optional<Dtype> ParseDtype(std::string_view name);
const char* DtypeChoicesText();  // "fp32, bf16, fp16, fp8, int8, int4"

}  // namespace gpuplan
