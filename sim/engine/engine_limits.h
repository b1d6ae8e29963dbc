// The batch limits every engine scheduler takes from its engine preset and a scenario may
// override under `engine.scheduler`: the most requests running (vLLM max_num_seqs, TRT-LLM
// max_batch_size, SGLang max_running_requests), the token budget of a step (vLLM
// max_num_batched_tokens, TRT-LLM max_num_tokens, SGLang chunked_prefill_size) and whether long
// prompts are chunked. One schema and one reader, so the three schedulers check them alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/catalog/specs.h"
#include "sim/util/options.h"

namespace gpuplan {

struct EngineLimits {
  int32_t max_num_seqs = 0;
  int32_t max_num_batched_tokens = 0;
  bool enable_chunked_prefill = true;
};

// What the schema says of each limit in one engine's words; defaults are the preset's.
struct EngineLimitsHelp {
  std::string seqs_default, seqs_help;
  std::string tokens_default, tokens_help;
  std::string chunked_default, chunked_help;
};

// The three options, each help text ending with "Default: the engine preset's value."
std::vector<OptionSpec> EngineLimitsSchema(const EngineLimitsHelp& help);

// The limits a scenario wrote under `engine.scheduler` (nullopt: the engine preset's value).
struct EngineLimitOverrides {
  std::optional<int32_t> max_num_seqs;
  std::optional<int32_t> max_num_batched_tokens;
  std::optional<bool> enable_chunked_prefill;
};
EngineLimitOverrides ReadEngineLimitOverrides(OptionReader& reader);

// What `engine.scheduler` wrote for a scheduler with options of its own (`Own`, e.g.
// TrtllmSchedulerOptions): the limits (nullopt: the engine preset's), read by
// ReadEngineLimitOverrides, and its own options, whose limit members the scheduler's Build fills
// from ResolveEngineLimits.
template <class Own>
struct LimitsAndOptions {
  EngineLimitOverrides limits;
  Own own;
};

// The scenario's value where given, else the preset's. A preset value below 1 is reported at
// the option ("engine preset value 0 must be >= 1"); nullopt when anything was reported.
std::optional<EngineLimits> ResolveEngineLimits(const EngineLimitOverrides& given,
                                                const EngineSpec& engine, OptionReporter& reporter);

}  // namespace gpuplan
