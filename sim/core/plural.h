// English counts with the noun in the right number: "1 replica", "2 replicas", "0 GPUs". For the
// English texts of the CLI and plan.json; reports/ formats its own, per language (ja has no
// plural).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace gpuplan {

// `n` and `singular`, or `plural` when n != 1 (default: `singular` + "s").
inline std::string Counted(int64_t n, std::string_view singular, std::string_view plural = {}) {
  if (n == 1) return fmt::format("1 {}", singular);
  if (plural.empty()) return fmt::format("{} {}s", n, singular);
  return fmt::format("{} {}", n, plural);
}

}  // namespace gpuplan
