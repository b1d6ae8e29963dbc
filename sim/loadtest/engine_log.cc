#include "sim/loadtest/engine_log.h"

#include <cctype>
#include <sstream>
#include <string_view>

namespace gpuplan {
namespace {

// The whole number that starts at `pos` (commas between digits allowed), if any.
std::optional<int64_t> NumberAt(std::string_view line, size_t pos) {
  int64_t value = 0;
  bool any = false;
  for (; pos < line.size(); ++pos) {
    const char c = line[pos];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (value > (INT64_MAX - 9) / 10) return std::nullopt;
      value = value * 10 + (c - '0');
      any = true;
    } else if (c != ',' || !any) {
      break;
    }
  }
  if (!any) return std::nullopt;
  return value;
}

// The number after `marker` in `line`.
std::optional<int64_t> After(std::string_view line, std::string_view marker) {
  const size_t at = line.find(marker);
  if (at == std::string_view::npos) return std::nullopt;
  size_t pos = at + marker.size();
  while (pos < line.size() && line[pos] == ' ') ++pos;
  return NumberAt(line, pos);
}

std::string Trimmed(std::string_view line) {
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) {
    line.remove_suffix(1);
  }
  return std::string(line);
}

}  // namespace

std::optional<LoggedKvCapacity> FindLoggedKvCapacity(const std::string& log, int block_size) {
  std::optional<LoggedKvCapacity> found;
  std::istringstream in(log);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::optional<int64_t> tokens;
    std::string engine;
    if ((tokens = After(line, "GPU KV cache size:"))) {
      engine = "vllm";
    } else if (auto blocks = After(line, "# GPU blocks:")) {
      tokens = *blocks * block_size;
      engine = "vllm";
    } else if (line.find("for max tokens in paged KV cache (") != std::string::npos) {
      tokens = After(line, "paged KV cache (");
      engine = "trtllm";
    } else if ((tokens = After(line, "max_total_num_tokens="))) {
      engine = "sglang";
    }
    if (tokens && *tokens > 0) found = LoggedKvCapacity{*tokens, engine, Trimmed(line), number};
  }
  return found;
}

}  // namespace gpuplan
