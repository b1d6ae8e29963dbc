#include "sim/loadtest/result_formats.h"

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/loadtest/aiperf_json.h"
#include "sim/loadtest/aiperf_jsonl.h"
#include "sim/loadtest/locust_csv.h"
#include "sim/loadtest/requests_csv.h"
#include "sim/loadtest/vllm_bench_json.h"

namespace gpuplan {
namespace {

std::string Names() {
  std::string names;
  for (const ResultFormat& f : ResultFormats()) {
    names += (names.empty() ? "" : ", ") + f.name + " (*" + f.extension + ")";
  }
  return names;
}

}  // namespace

const std::vector<ResultFormat>& ResultFormats() {
  // Longer extensions first: a file is claimed by the first format whose extension it ends with.
  static const std::vector<ResultFormat> kFormats = {
      {"aiperf_json", "_aiperf.json",
       "aiperf profile_export_aiperf.json (or genai-perf's profile_export_genai_perf.json): "
       "aggregate statistics and the run's concurrency or request rate",
       ReadAiperfJson},
      {"genai_perf_json", "_genai_perf.json",
       "genai-perf profile_export_genai_perf.json, read as aiperf_json", ReadAiperfJson},
      {"locust_csv", "_stats.csv",
       "Locust --csv PREFIX: PREFIX_stats.csv with PREFIX_stats_history.csv beside it",
       ReadLocustCsv},
      {"vllm_bench_json", ".json",
       "vllm bench serve --save-result [--save-detailed] JSON (also benchmark_serving.py)",
       ReadVllmBenchJson},
      {"requests_csv", ".csv",
       "one row per request: arrival_offset_s, input_tokens, output_tokens, ttft_ms, e2e_ms",
       ReadRequestsCsv},
      {"aiperf_jsonl", ".jsonl",
       "aiperf profile_export.jsonl: one record per request, replayed at its start time",
       ReadAiperfJsonl},
  };
  return kFormats;
}

MeasuredRun ReadMeasuredRun(const std::string& path, const std::string& format) {
  for (const ResultFormat& f : ResultFormats()) {
    const bool chosen = format.empty() ? path.ends_with(f.extension) : format == f.name;
    if (chosen) return f.read(path);
  }
  if (!format.empty()) {
    throw UsageError(fmt::format("unknown --format '{}'; expected one of: {}", format, Names()));
  }
  throw UsageError(
      fmt::format("cannot tell the format of {} from its name; expected --format with one of: {}",
                  path, Names()));
}

}  // namespace gpuplan
