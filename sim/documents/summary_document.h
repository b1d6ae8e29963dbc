// summary.json as one typed struct, and its one JSON codec. `gpuplan simulate` (and `gpuplan plan`
// for its recommended run) builds a SummaryDocument from the in-memory RunResult and the run's
// context (sim/metrics/writers.h BuildSummaryDocument) and writes it with WriteSummaryDocument;
// `gpuplan report` reads the file back with ReadSummaryDocument. There is no second schema of the
// file: a field added here is written and read by the same code.
//
// The file: {"schema", "context": {...}, then the run's figures (RunResult's members, of the same
// types, sim/documents/run_figures.h: latencies in ms, rates per second, fractions in [0, 1],
// NaN written as null)}. The context is free-form (scenario, model, GPU, seed, memory plan,
// calibration provenance, per-op step time...): it is kept as written, every entry in file order,
// so a file reads back and writes out byte for byte; the entries reports use are read through
// the typed lookups below, and the reader checks their types.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/core/slo.h"
#include "sim/documents/run_figures.h"
#include "sim/util/json_cursor.h"
#include "sim/util/json_writer.h"

namespace gpuplan {

// Identifies summary.json's layout; bump when a field is renamed or removed (adding is fine).
// /2: the whole-response latency is e2e_ms (was e2el_ms), in the latencies and the SLO block.
inline constexpr std::string_view kSummarySchema = "gpuplan.summary/2";
// Every layout's prefix; /1 files are refused with what to do about them.
inline constexpr std::string_view kSummarySchemaPrefix = "gpuplan.summary/";
inline constexpr std::string_view kSummarySchemaV1 = "gpuplan.summary/1";

// One context value. A double that is NaN is written as null (and null reads back as NaN).
using ContextValue = std::variant<std::string, int64_t, double, bool>;
// The context, in the order written (scenario name, seed, GPU, git SHA...).
using SummaryContext = std::vector<std::pair<std::string, ContextValue>>;

// The per-op breakdown of step time is two context entries per op, op_seconds.<op> and
// op_source.<op>.
inline constexpr std::string_view kContextOpSecondsPrefix = "op_seconds.";
inline constexpr std::string_view kContextOpSourcePrefix = "op_source.";

// Where the predicted step time went: one op of the context's op_seconds.<op> / op_source.<op>.
struct SummaryOpTime {
  std::string op;      // "mlp_up_gate"
  double seconds = 0;  // summed over every step of every replica
  std::string source;  // "roofline", "calibrated", "fixed"
  bool measured() const { return source == "calibrated"; }
  bool operator==(const SummaryOpTime&) const = default;
};

// Everything summary.json holds, members in the order they are written.
struct SummaryDocument {
  std::string schema = std::string(kSummarySchema);
  SummaryContext context;

  double duration_s = 0;
  double window_start_s = 0;
  double window_end_s = 0;
  RequestCounts counts;
  double request_throughput = 0;
  double output_throughput = 0;
  double total_token_throughput = 0;
  double goodput = 0;
  double tokens_per_s_per_gpu = 0;
  double total_tokens_per_s_per_gpu = 0;
  double tokens_per_s_per_user = kNoValue;
  LatencyStats ttft_ms;
  LatencyStats tpot_ms;
  LatencyStats itl_ms;
  LatencyStats e2e_ms;
  LatencyStats queue_delay_ms;
  SloResult slo;
  UtilizationStats utilization;
  PreemptionStats preemptions;
  SustainedLoad sustained;
  int64_t replicas = 1;
  int64_t gpus = 1;
  CostResult cost;
  // Member by member (NaN is unequal to itself, as in any double comparison).
  bool operator==(const SummaryDocument&) const = default;

  // The context, looked up by key (the first entry with it). A lookup of an absent entry, or of
  // one of another type, gives the fallback; null (a NaN double) counts as absent.
  const ContextValue* FindContext(std::string_view key) const;
  std::string ContextString(std::string_view key, const std::string& fallback = "") const;
  int64_t ContextInt(std::string_view key, int64_t fallback = 0) const;
  double ContextNumber(std::string_view key, double fallback = kNoValue) const;
  // Sets the first entry with `key`, or adds one at the end.
  void SetContext(std::string_view key, ContextValue value);

  // The context entries reports use (the reader checks their types).
  std::string scenario() const { return ContextString("scenario"); }
  std::string model() const { return ContextString("model"); }
  std::string gpu() const { return ContextString("gpu"); }
  std::string engine() const { return ContextString("engine"); }
  std::string engine_version() const { return ContextString("engine_version"); }
  std::string latency_model() const { return ContextString("latency_model"); }
  std::string workload() const { return ContextString("workload"); }
  int64_t seed() const { return ContextInt("seed"); }
  int64_t steps() const { return ContextInt("steps"); }
  int64_t tensor_parallel() const { return ContextInt("tensor_parallel", 1); }
  int64_t pipeline_parallel() const { return ContextInt("pipeline_parallel", 1); }
  int64_t kv_blocks_per_replica() const { return ContextInt("kv_blocks_per_replica"); }
  int64_t kv_block_size() const { return ContextInt("kv_block_size"); }
  int64_t kv_tokens_per_replica() const { return ContextInt("kv_tokens_per_replica"); }
  double weight_gib_per_gpu() const { return ContextNumber("weight_gib_per_gpu"); }
  double kv_budget_gib_per_gpu() const { return ContextNumber("kv_budget_gib_per_gpu"); }
  double measured_time_share() const { return ContextNumber("measured_time_share", 0); }
  // op_seconds.<op> with its op_source.<op> ("roofline" when absent), in the order written (the
  // model's layer order).
  std::vector<SummaryOpTime> ops() const;
};

// A context value as display text: numbers as JSON writes them, true/false, "" for null.
std::string ContextValueText(const ContextValue& value);

// The type a context entry that reports use must have, when present: the reader refuses another.
enum class ContextType { kString, kInt, kNumber };
struct TypedContextKey {
  std::string_view key;
  ContextType type;
};
inline constexpr std::array<TypedContextKey, 17> kTypedContextKeys = {{
    {"scenario", ContextType::kString},
    {"model", ContextType::kString},
    {"gpu", ContextType::kString},
    {"engine", ContextType::kString},
    {"engine_version", ContextType::kString},
    {"latency_model", ContextType::kString},
    {"workload", ContextType::kString},
    {"seed", ContextType::kInt},
    {"steps", ContextType::kInt},
    {"tensor_parallel", ContextType::kInt},
    {"pipeline_parallel", ContextType::kInt},
    {"kv_blocks_per_replica", ContextType::kInt},
    {"kv_block_size", ContextType::kInt},
    {"kv_tokens_per_replica", ContextType::kInt},
    {"weight_gib_per_gpu", ContextType::kNumber},
    {"kv_budget_gib_per_gpu", ContextType::kNumber},
    {"measured_time_share", ContextType::kNumber},
}};

// The codec (summary_codec.cc): the one writer and the one reader of summary.json.

// The document as one JSON object at the writer's position.
void WriteSummaryDocument(JsonWriter& json, const SummaryDocument& document);
// The run's figures (every member after "context") into the object the writer is in, for
// documents that embed a run's figures.
void WriteSummaryFigures(JsonWriter& json, const SummaryDocument& document);
// The whole summary.json text, ending in '\n'.
std::string SummaryDocumentJson(const SummaryDocument& document);

// Reads a summary.json at `root`. Lenient about what it does not know (unknown members are
// skipped, an absent member reads as its fallback: NaN for a figure, 0 for a count), strict
// about what gpuplan never writes: a schema other than kSummarySchema (a /1 file is refused with
// how to write it again), values outside their bounds (a negative latency, a fraction above 1),
// counts that do not add up, percentiles out of order, a context entry reports use of the wrong
// type. Each refusal is a ConfigError located at the member's dotted path.
SummaryDocument ReadSummaryDocument(const JsonCursor& root);
// The same for the text of a file (`file` names it in messages; a syntax error has its line and
// column).
SummaryDocument ParseSummaryDocument(std::string_view text, const std::string& file);

}  // namespace gpuplan
