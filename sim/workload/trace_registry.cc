// Registry entries of the trace formats: the shared replay options and the loaders. A trace is
// read when it is built, which the loader's build check does too, so a bad file is reported with
// the rest of the config.
#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/sim_time.h"
#include "sim/workload/trace_workload.h"

namespace gpuplan {
namespace {

// A block shorter than a second would cut the trace between the requests of one burst.
constexpr double kMinBootstrapBlockS = 1;

using Loader = std::shared_ptr<const TraceWorkload> (*)(const TraceOptions&);

std::vector<OptionSpec> TraceSpecs(bool mooncake) {
  std::vector<OptionSpec> specs = {
      {.name = "path",
       .type = OptionType::kString,
       .help = "trace file; relative paths are resolved against the scenario's folder",
       .required = true},
      {.name = "rate_multiplier",
       .type = OptionType::kDouble,
       .default_value = "1",
       .help = "arrival gaps are divided by this (2 = twice the load)",
       .min = 0.0,
       .max = 1e6,
       .min_exclusive = true},
      {.name = "start_s",
       .type = OptionType::kDouble,
       .unit = "s",
       .default_value = "0",
       .help = "skip rows earlier than this many seconds after the first row",
       .min = 0.0,
       .max = kMaxSimSeconds},
      {.name = "max_requests",
       .type = OptionType::kInt,
       .unit = "requests",
       .help = "replay only the first N rows (after start_s); the file is read no further; all "
               "rows when absent",
       .min = 1.0},
      {.name = "bootstrap_block_s",
       .type = OptionType::kDouble,
       .unit = "s",
       .default_value = "0",
       .help = "resample the trace for every seed: a circular block bootstrap with blocks this "
               "long on the trace's clock (bursts shorter than a block are kept); 0 replays the "
               "trace as logged",
       .min = 0.0,
       .max = kMaxSimSeconds},
  };
  if (mooncake) {
    specs.push_back({.name = "spread_quantised",
                     .type = OptionType::kBool,
                     .default_value = "true",
                     .help = "spread rows sharing a timestamp evenly up to the next timestamp"});
  }
  return specs;
}

// The options as written: `path` is resolved against the scenario's folder when loading.
TraceOptions ReadTraceOptions(OptionReader& r, bool mooncake) {
  TraceOptions o;
  o.path = r.String("path");
  o.rate_multiplier = r.Double("rate_multiplier");
  o.start_s = r.Double("start_s");
  if (r.Given("max_requests")) o.max_requests = r.Int("max_requests");
  o.bootstrap_block_s = r.Double("bootstrap_block_s");
  if (o.bootstrap_block_s > 0 && o.bootstrap_block_s < kMinBootstrapBlockS) {
    r.Fail("bootstrap_block_s",
           fmt::format("is {:g} s; expected 0 (replay as logged) or a block of at least {:g} s",
                       o.bootstrap_block_s, kMinBootstrapBlockS));
  }
  if (mooncake) o.spread_quantised = r.Bool("spread_quantised");
  return o;
}

std::shared_ptr<const TraceWorkload> Load(const TraceOptions& written, OptionReporter& r,
                                          const WorkloadContext& context, Loader load) {
  TraceOptions o = written;
  o.path = ResolvePath(context, written.path);
  try {
    return load(o);
  } catch (const ConfigError& e) {
    for (const Diagnostic& d : e.diagnostics()) r.diagnostics().Add(d.loc, d.path, d.message);
    return nullptr;
  }
}

void AddTrace(TraceRegistry& registry, std::string name, std::string summary, Loader load,
              bool mooncake = false) {
  registry.Add(
      std::move(name), std::move(summary), TraceSpecs(mooncake),
      [mooncake](OptionReader& r) { return ReadTraceOptions(r, mooncake); },
      [load](const TraceOptions& o, OptionReporter& r, const WorkloadContext& context) {
        return Load(o, r, context, load);
      });
}

}  // namespace

void RegisterBuiltinTraces(TraceRegistry& registry) {
  AddTrace(registry, "azure_llm_2023",
           "Azure LLM inference trace 2023: CSV TIMESTAMP,ContextTokens,GeneratedTokens",
           LoadAzureLlm2023Trace);
  AddTrace(registry, "mooncake",
           "Mooncake FAST'25 JSONL: timestamp (ms), input_length, output_length, hash_ids",
           LoadMooncakeTrace, /*mooncake=*/true);
  AddTrace(registry, "vidur_csv",
           "Vidur CSV: arrived_at (s), num_prefill_tokens, num_decode_tokens", LoadVidurCsvTrace);
  AddTrace(registry, "splitwise_csv",
           "SplitwiseSim CSV: arrival_timestamp (s), prompt_size, token_size",
           LoadSplitwiseCsvTrace);
  AddTrace(registry, "request_csv",
           "generic CSV: arrival_s, input_tokens, output_tokens (e.g. sharegpt-300)",
           LoadRequestCsvTrace);
  AddTrace(registry, "measured_requests_csv",
           "a measured run's per-request CSV: arrival_offset_s, input_tokens, output_tokens "
           "(measured columns ignored)",
           LoadMeasuredRequestsCsvTrace);
}

}  // namespace gpuplan
