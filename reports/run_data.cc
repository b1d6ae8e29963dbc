#include "reports/run_data.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <limits>
#include <utility>

#include "reports/compare_data.h"
#include "reports/data_files.h"
#include "sim/core/error.h"

namespace gpuplan::report {
namespace {

constexpr std::string_view kSummarySchemaPrefix = "gpuplan.summary/";
// The layout this reader knows: sim/metrics/writers.h kSummarySchema.
constexpr std::string_view kSummarySchema = "gpuplan.summary/2";
// Before /2 the whole-response latency was e2el_ms: such a file is refused, not half-read.
constexpr std::string_view kSummarySchemaV1 = "gpuplan.summary/1";
constexpr std::string_view kOpSecondsPrefix = "op_seconds.";
constexpr std::string_view kOpSourcePrefix = "op_source.";
constexpr double kArrivalSlack_s = 1e-6;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A latency block: values >= 0 and percentiles in order (mean aside), as the collector writes
// them; anything else is an edited file, refused rather than drawn.
LatencyRow ReadLatency(const JsonCursor& c) {
  const LatencyRow row{.mean = c["mean"].NumberIn(0, kInf),
                       .p50 = c["p50"].NumberIn(0, kInf),
                       .p90 = c["p90"].NumberIn(0, kInf),
                       .p95 = c["p95"].NumberIn(0, kInf),
                       .p99 = c["p99"].NumberIn(0, kInf),
                       .max = c["max"].NumberIn(0, kInf),
                       .count = c["count"].IntAtLeast(0)};
  const std::pair<const char*, double> ordered[] = {
      {"p50", row.p50}, {"p90", row.p90}, {"p95", row.p95}, {"p99", row.p99}, {"max", row.max}};
  for (size_t i = 1; i < std::size(ordered); ++i) {
    const auto& [low_name, low] = ordered[i - 1];
    const auto& [high_name, high] = ordered[i];
    if (low > high) {  // false when either is absent (NaN)
      c.Fail(fmt::format("{} {} is above {} {}; expected p50 <= p90 <= p95 <= p99 <= max", low_name,
                         FormatJsonNumber(low), high_name, FormatJsonNumber(high)));
    }
  }
  return row;
}

SloRow ReadSlo(const JsonCursor& c) {
  if (!c.present()) return {};
  return {.enabled = true,
          .threshold_ms = c["threshold_ms"].NumberIn(0, kInf),
          .value_ms = c["value_ms"].NumberIn(0, kInf),
          .attainment = c["attainment"].NumberIn(0, 1),
          .met = c["met"].Bool()};
}

void CheckSchema(const JsonCursor& root, RunSummary& s) {
  s.schema = root["schema"].RequiredString();
  if (!s.schema.starts_with(kSummarySchemaPrefix)) {
    root["schema"].Fail(
        fmt::format("is '{}'; expected {} (a summary.json written by gpuplan simulate)", s.schema,
                    kSummarySchema));
  } else if (s.schema == kSummarySchemaV1) {
    root["schema"].Fail(fmt::format(
        "is '{}': written by an older gpuplan; expected {}. Rerun `gpuplan simulate` (or "
        "`gpuplan plan`) to write it again",
        s.schema, kSummarySchema));
  } else if (s.schema != kSummarySchema) {
    root["schema"].Fail(fmt::format("is '{}'; expected {} (this gpuplan is older than the file)",
                                    s.schema, kSummarySchema));
  }
}

// The context: typed fields the report uses, every entry as text, and the per-op breakdown.
void ReadContext(const JsonCursor& context, RunSummary& s) {
  s.scenario = context["scenario"].String();
  s.model = context["model"].String();
  s.gpu = context["gpu"].String();
  s.engine = context["engine"].String();
  s.engine_version = context["engine_version"].String();
  s.latency_model = context["latency_model"].String();
  s.workload = context["workload"].String();
  s.seed = context["seed"].Int();
  s.steps = context["steps"].Int();
  s.tensor_parallel = context["tensor_parallel"].Int(1);
  s.pipeline_parallel = context["pipeline_parallel"].Int(1);
  s.kv_blocks_per_replica = context["kv_blocks_per_replica"].Int();
  s.kv_block_size = context["kv_block_size"].Int();
  s.kv_tokens_per_replica = context["kv_tokens_per_replica"].Int();
  s.weight_gib_per_gpu = context["weight_gib_per_gpu"].Number();
  s.kv_budget_gib_per_gpu = context["kv_budget_gib_per_gpu"].Number();
  s.measured_time_share = context["measured_time_share"].Number(0);
  for (const auto& [key, value] : context.Members()) {
    if (key.starts_with(kOpSecondsPrefix)) {
      std::string op = key.substr(kOpSecondsPrefix.size());
      s.ops.push_back({op, value.RequiredNumber(),
                       context[std::string(kOpSourcePrefix) + op].String("roofline")});
    } else if (!key.starts_with(kOpSourcePrefix)) {
      s.context.push_back({key, value.ScalarText()});
    }
  }
}

void ReadMetrics(const JsonCursor& root, RunSummary& s) {
  s.duration_s = root["duration_s"].NumberIn(0, kInf, 0);
  s.window_start_s = root["window_start_s"].NumberIn(0, kInf, 0);
  const JsonCursor counts = root["counts"];
  s.arrived = counts["arrived"].IntAtLeast(0);
  s.completed = counts["completed"].IntAtLeast(0);
  s.dropped = counts["dropped"].IntAtLeast(0);
  s.unfinished = counts["unfinished"].IntAtLeast(0);
  s.measured = counts["measured"].IntAtLeast(0);
  // Every request that arrived finished, was dropped or was still in flight (the simulator's
  // conservation check); the measured ones are among the finished.
  if (counts.present() && s.completed + s.dropped + s.unfinished != s.arrived) {
    counts.Fail(
        fmt::format("completed {} + dropped {} + unfinished {} is not arrived {}; expected "
                    "every arrival accounted for once",
                    s.completed, s.dropped, s.unfinished, s.arrived));
  }
  if (s.measured > s.completed) {
    counts["measured"].Fail(fmt::format("is {}, more than the {} completed; expected at most that",
                                        s.measured, s.completed));
  }
  s.request_throughput = root["request_throughput"].NumberIn(0, kInf, 0);
  s.output_throughput = root["output_throughput"].NumberIn(0, kInf, 0);
  s.goodput = root["goodput"].NumberIn(0, kInf, 0);
  s.tokens_per_s_per_user = root["tokens_per_s_per_user"].NumberIn(0, kInf);
  s.ttft = ReadLatency(root["ttft_ms"]);
  s.tpot = ReadLatency(root["tpot_ms"]);
  s.itl = ReadLatency(root["itl_ms"]);
  s.e2e = ReadLatency(root["e2e_ms"]);
  s.queue_delay = ReadLatency(root["queue_delay_ms"]);
  const JsonCursor slo = root["slo"];
  s.slo_percentile = slo["percentile"].NumberIn(0, 100);
  for (SloMetric m : kSloMetrics) s.slo[m] = ReadSlo(slo[SloMetricMsKey(m)]);
  s.slo_attainment = slo["attainment"].NumberIn(0, 1);
  s.slo_met = slo["met"].Bool(true);
  s.slo_preset = slo["preset"].String();
  s.slo_level = slo["level"].String();
  s.slo_level_met = slo["level_met"].String();
}

void ReadUsageAndCost(const JsonCursor& root, RunSummary& s) {
  const JsonCursor u = root["utilization"];
  s.gpu_busy_fraction = u["gpu_busy_fraction"].NumberIn(0, 1);
  s.batch_size_mean = u["batch_size_mean"].NumberIn(0, kInf);
  s.kv_used_fraction_mean = u["kv_used_fraction_mean"].NumberIn(0, 1);
  s.kv_used_fraction_max = u["kv_used_fraction_max"].NumberIn(0, 1);
  s.preemptions = root["preemptions"]["total"].IntAtLeast(0);
  const JsonCursor sustained = root["sustained"];
  s.overloaded = sustained["judged"].Bool() && sustained["overloaded"].Bool();
  s.sustained_arrival_rate_per_s = sustained["arrival_rate_per_s"].NumberIn(0, kInf, 0);
  s.sustained_completion_rate_per_s = sustained["completion_rate_per_s"].NumberIn(0, kInf, 0);
  s.replicas = root["replicas"].IntAtLeast(1, 1);
  s.gpus = root["gpus"].IntAtLeast(1, 1);
  const JsonCursor cost = root["cost"];
  s.priced = cost["priced"].Bool();
  s.usd_per_gpu_hour = cost["price_usd_per_gpu_hour"].NumberIn(0, kInf);
  s.usd_per_hour = cost["usd_per_hour"].NumberIn(0, kInf);
  s.usd_per_million_tokens = cost["usd_per_million_tokens"].NumberIn(0, kInf);
}

}  // namespace

RunSummary ParseRunSummary(std::string_view json_text, const std::string& file) {
  const JsonFile json = ParseJsonText(json_text, file);
  const JsonCursor root = json.Root();
  RunSummary s;
  CheckSchema(root, s);
  ReadContext(root["context"], s);
  ReadMetrics(root, s);
  ReadUsageAndCost(root, s);
  return s;
}

RequestSamples ReadRequestSamples(const std::filesystem::path& path, double window_start_s) {
  CsvRows csv(path);
  const size_t arrival = csv.Column("arrival_s");
  const size_t ttft = csv.Column("ttft_ms");
  const size_t tpot = csv.Column("tpot_ms");
  const size_t e2e = csv.Column("e2e_ms");
  RequestSamples samples;
  auto keep = [](std::vector<double>& to, double v) {
    if (std::isfinite(v)) to.push_back(v);
  };
  while (csv.Next()) {
    ++samples.rows;
    // The measured window opens at the first measured arrival: earlier rows are warm-up. The
    // CSV prints arrivals to the nanosecond, so compare with that much slack.
    if (csv.Number(arrival) < window_start_s - kArrivalSlack_s) continue;
    keep(samples.ttft_ms, csv.Number(ttft));
    keep(samples.tpot_ms, csv.Number(tpot));
    keep(samples.e2e_ms, csv.Number(e2e));
  }
  return samples;
}

std::vector<TimeseriesPoint> ReadTimeseries(const std::filesystem::path& path) {
  CsvRows csv(path);
  const size_t t = csv.Column("t_start_s");
  const size_t waiting = csv.Column("waiting");
  const size_t running = csv.Column("running");
  const size_t kv = csv.Column("kv_used_fraction");
  std::vector<TimeseriesPoint> points;
  while (csv.Next()) {
    points.push_back({csv.Number(t), csv.Number(waiting), csv.Number(running), csv.Number(kv)});
    if (points.size() > 1 && !(points.back().t_s > points[points.size() - 2].t_s)) {
      csv.Fail(t, "does not increase; expected rows in time order");
    }
  }
  return points;
}

RunData ReadRunData(const std::filesystem::path& dir) {
  const std::filesystem::path summary = dir / "summary.json";
  if (!std::filesystem::exists(summary)) {
    ThrowDataError(dir.string(), 0, 0, "",
                   "no summary.json; expected the output folder of `gpuplan simulate`");
  }
  RunData data;
  data.dir = dir;
  data.summary = ParseRunSummary(ReadTextFile(summary), summary.string());
  if (std::filesystem::exists(dir / "requests.csv")) {
    data.has_requests = true;
    data.requests = ReadRequestSamples(dir / "requests.csv", data.summary.window_start_s);
  }
  if (std::filesystem::exists(dir / "timeseries.csv")) {
    data.has_timeseries = true;
    data.timeseries = ReadTimeseries(dir / "timeseries.csv");
  }
  if (std::filesystem::exists(dir / "resolved_scenario.yaml")) {
    data.resolved_yaml = ReadTextFile(dir / "resolved_scenario.yaml");
  }
  data.comparison = ReadCompareData(dir);
  return data;
}

}  // namespace gpuplan::report
