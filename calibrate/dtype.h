// The number formats gpuplan-calibrate measures, with the spellings used on the command line and in
// the bundle's CSV files ("bf16", "fp8"; fp8 is OCP e4m3, the "e4m3fn" variant without infinities).
#pragma once

#include <optional>
#include <string_view>

namespace gpuplan::calibrate {

enum class Dtype { kBf16, kFp8 };

std::string_view DtypeName(Dtype dtype);  // "bf16" or "fp8"
int BytesPerElement(Dtype dtype);         // 2 or 1
// Accepts "bf16", "fp8" and "fp8_e4m3"; nullopt for anything else.
std::optional<Dtype> ParseDtype(std::string_view name);

}  // namespace gpuplan::calibrate
