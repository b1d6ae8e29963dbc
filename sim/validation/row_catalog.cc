#include "sim/validation/row_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "sim/core/suggest.h"

namespace gpuplan {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Checkpoint suffixes that do not change the architecture; the dtype column says the format.
constexpr std::array<std::string_view, 10> kModelSuffixes = {
    "-instruct", "-chat", "-hf", "-fp8", "-nvfp4", "-fp4", "-awq", "-int4", "-bf16", "-2507"};

// GPU names the sources spell differently from the catalog key.
constexpr std::array<std::pair<std::string_view, std::string_view>, 1> kGpuAliases = {{
    {"rtx pro 6000 blackwell server", "rtx_pro_6000_server"},
}};

bool StripSuffix(std::string& name) {
  for (std::string_view suffix : kModelSuffixes) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
      return true;
    }
  }
  return false;
}

}  // namespace

CatalogMatch MatchModel(std::string_view model, const Catalog& catalog) {
  std::string name = Lower(model);
  do {
    if (catalog.models.count(name)) return {name, ""};
  } while (StripSuffix(name));
  return {"", fmt::format("model '{}' is not in the catalog{}", model,
                          DidYouMean(name, CatalogNames(catalog.models)))};
}

CatalogMatch MatchGpu(std::string_view gpu, const Catalog& catalog) {
  const std::string lower = Lower(gpu);
  std::string key = lower;
  std::replace(key.begin(), key.end(), ' ', '_');
  for (const auto& [alias, target] : kGpuAliases) {
    if (lower == alias) key = target;
  }
  if (catalog.gpus.count(key)) return {key, ""};
  return {"", fmt::format("GPU '{}' is not in the catalog{}", gpu,
                          DidYouMean(key, CatalogNames(catalog.gpus)))};
}

DtypeMatch MatchDtype(std::string_view text) {
  const std::string t = Lower(text);
  if (t == "bf16" || t == "bfloat16") return {Dtype::kBf16, ""};
  if (t == "fp16" || t == "float16" || t == "half") return {Dtype::kFp16, ""};
  if (t == "fp8" || t == "fp8_block" || t == "fp8_e4m3") return {Dtype::kFp8, ""};
  if (t == "int8") return {Dtype::kInt8, ""};
  if (t == "int4_wo" || t == "awq" || t == "int4") return {Dtype::kInt4, ""};
  if (t == "nvfp4" || t == "fp4" || t == "mxfp4") {
    return {std::nullopt, fmt::format("dtype '{}': FP4 formats are not modelled yet", text)};
  }
  return {std::nullopt, fmt::format("dtype '{}' is not one gpuplan knows", text)};
}

}  // namespace gpuplan
