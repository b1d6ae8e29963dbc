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

EngineLimitOverrides ReadEngineLimitOverrides(OptionReader& reader) {
  EngineLimitOverrides given;
  if (reader.Given("max_num_seqs")) {
    given.max_num_seqs = static_cast<int32_t>(reader.Int("max_num_seqs"));
  }
  if (reader.Given("max_num_batched_tokens")) {
    given.max_num_batched_tokens = static_cast<int32_t>(reader.Int("max_num_batched_tokens"));
  }
  if (reader.Given("enable_chunked_prefill")) {
    given.enable_chunked_prefill = reader.Bool("enable_chunked_prefill");
  }
  return given;
}

std::optional<EngineLimits> ResolveEngineLimits(const EngineLimitOverrides& given,
                                                const EngineSpec& engine,
                                                OptionReporter& reporter) {
  const size_t before = reporter.diagnostics().size();
  auto positive = [&](const char* name, const std::optional<int32_t>& value, int preset_value) {
    if (value) return *value;
    if (preset_value < 1) {
      reporter.Fail(name, fmt::format("engine preset value {} must be >= 1", preset_value));
    }
    return static_cast<int32_t>(preset_value);
  };
  EngineLimits limits;
  limits.max_num_seqs = positive("max_num_seqs", given.max_num_seqs, engine.max_num_seqs);
  limits.max_num_batched_tokens = positive("max_num_batched_tokens", given.max_num_batched_tokens,
                                           engine.max_num_batched_tokens);
  limits.enable_chunked_prefill =
      given.enable_chunked_prefill.value_or(engine.enable_chunked_prefill);
  if (reporter.diagnostics().size() != before) return std::nullopt;
  return limits;
}

}  // namespace gpuplan
