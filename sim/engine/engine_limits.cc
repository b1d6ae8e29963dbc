#include "sim/engine/engine_limits.h"

#include <fmt/format.h>

namespace gpuplan {
namespace {

constexpr const char* kFromEngine = " Default: the engine preset's value.";

}  // namespace

std::vector<OptionSpec> EngineLimitsSchema(const EngineLimitsHelp& help) {
  return {
      {.name = "max_num_seqs",
       .type = OptionType::kInt,
       .unit = "requests",
       .default_value = help.seqs_default,
       .help = help.seqs_help + kFromEngine,
       .min = 1.0},
      {.name = "max_num_batched_tokens",
       .type = OptionType::kInt,
       .unit = "tokens",
       .default_value = help.tokens_default,
       .help = help.tokens_help + kFromEngine,
       .min = 1.0},
      {.name = "enable_chunked_prefill",
       .type = OptionType::kBool,
       .default_value = help.chunked_default,
       .help = help.chunked_help + kFromEngine},
  };
}

std::optional<EngineLimits> ReadEngineLimits(OptionReader& reader, const EngineSpec& engine) {
  const size_t before = reader.diagnostics().size();
  auto positive = [&](const char* name, int preset_value) {
    if (reader.Given(name)) return static_cast<int32_t>(reader.Int(name));
    if (preset_value < 1) {
      reader.Fail(name, fmt::format("engine preset value {} must be >= 1", preset_value));
    }
    return static_cast<int32_t>(preset_value);
  };
  EngineLimits limits;
  limits.max_num_seqs = positive("max_num_seqs", engine.max_num_seqs);
  limits.max_num_batched_tokens = positive("max_num_batched_tokens", engine.max_num_batched_tokens);
  limits.enable_chunked_prefill = reader.Given("enable_chunked_prefill")
                                      ? reader.Bool("enable_chunked_prefill")
                                      : engine.enable_chunked_prefill;
  if (reader.diagnostics().size() != before) return std::nullopt;
  return limits;
}

}  // namespace gpuplan
