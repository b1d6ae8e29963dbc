#include "sim/core/text_file.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "sim/core/error.h"

namespace gpuplan {

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ReadInputFile(const std::string& path, std::string_view expected) {
  std::optional<std::string> text = ReadWholeFile(path);
  if (!text) {
    Diagnostics diags;
    diags.Add({path, 0, 0}, "", fmt::format("cannot read the file; expected {}", expected));
    diags.ThrowIfAny();
  }
  return std::move(*text);
}

}  // namespace gpuplan
