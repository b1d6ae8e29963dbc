#include "sim/util/text_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

std::string Bytes(uint64_t bytes) {
  if (bytes >= (uint64_t{1} << 30)) {
    return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (uint64_t{1} << 30));
  }
  if (bytes >= (uint64_t{1} << 20)) {
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (uint64_t{1} << 20));
  }
  return fmt::format("{} bytes", bytes);
}

}  // namespace

std::optional<std::string> InputFileProblem(const std::string& path, uint64_t max_bytes) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return fmt::format("cannot read the file ({})",
                       ec ? ec.message() : std::string("no such file"));
  }
  switch (status.type()) {
    case fs::file_type::regular:
      break;
    case fs::file_type::directory:
      return std::string("is a directory, not a file");
    case fs::file_type::fifo:
      return std::string("is a FIFO (named pipe), not a regular file");
    case fs::file_type::character:
    case fs::file_type::block:
      return std::string("is a device, not a regular file");
    case fs::file_type::socket:
      return std::string("is a socket, not a regular file");
    default:
      return std::string("is not a regular file");
  }
  if (max_bytes == 0) return std::nullopt;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return fmt::format("cannot read the file's size ({})", ec.message());
  if (size > max_bytes) {
    return fmt::format("is {}, more than the {} gpuplan reads whole", Bytes(size),
                       Bytes(max_bytes));
  }
  return std::nullopt;
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  if (InputFileProblem(path)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ReadInputFile(const std::string& path, std::string_view expected) {
  std::optional<std::string> problem = InputFileProblem(path);
  std::optional<std::string> text;
  if (!problem) {
    text = ReadWholeFile(path);
    if (!text) problem = fmt::format("cannot read the file ({})", std::strerror(errno));
  }
  if (problem) {
    Diagnostics diags;
    diags.Add({path, 0, 0}, "", fmt::format("{}; expected {}", *problem, expected));
    diags.ThrowIfAny();
  }
  return std::move(*text);
}

std::pair<int, int> LineColumnOfByte(std::string_view text, size_t offset) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  const auto newlines = std::count(before.begin(), before.end(), '\n');
  const size_t line_start = newlines == 0 ? 0 : before.rfind('\n') + 1;
  return {static_cast<int>(newlines) + 1, static_cast<int>(offset - line_start) + 1};
}

std::optional<size_t> FindLoneCarriageReturn(std::string_view text) {
  for (size_t at = text.find('\r'); at != std::string_view::npos; at = text.find('\r', at + 1)) {
    if (at + 1 == text.size() || text[at + 1] != '\n') return at;
  }
  return std::nullopt;
}

}  // namespace gpuplan
