// --lang for the commands that render a report (`gpuplan report`, `gpuplan plan --report`).
#pragma once

#include <fmt/format.h>

#include <string>

#include "reports/locale.h"
#include "sim/core/error.h"

namespace gpuplan {

inline report::Lang ParseLangOption(const std::string& code) {
  std::optional<report::Lang> lang = report::ParseLang(code);
  if (!lang) throw UsageError(fmt::format("--lang '{}' is not supported; expected en or ja", code));
  return *lang;
}

}  // namespace gpuplan
