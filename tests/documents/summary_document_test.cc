// summary.json's one struct and codec (sim/documents/summary_document.h): every summary.json the
// tests hold reads back and writes out byte for byte; a hand-built document survives the trip
// field by field; the reader refuses, at the member's path, what gpuplan never writes.
//
// tests/documents/summary_fixtures/ are `gpuplan simulate` outputs chosen for what they exercise:
// dropped requests (dropped_* context entries), a calibrated latency model (calibration.*
// provenance), an SLO preset (the level verdict), an overloaded fleet (sustained), a run with no
// measured request (null latencies and rates), an autoscaled fleet. They need no regenerating
// while summary.json's layout holds: a layout change that breaks their round trip is the change
// to look at (then write them again with `gpuplan simulate`, e.g. dropped.json: the default
// scenario with --set workload.prompt_tokens.median=900000 --set
// workload.prompt_tokens.max=2000000 --set simulation.num_requests=50).
#include "sim/documents/summary_document.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/core/error.h"
#include "sim/util/json_cursor.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = GPUPLAN_SOURCE_DIR;

bool IsSummaryJson(const fs::path& path) {
  return ReadTextFile(path).find(R"("schema": "gpuplan.summary/)") != std::string::npos;
}

// Every summary.json the tests hold: the fixtures above, the plan report's recommended run, and
// any golden file that is one.
std::vector<fs::path> SummaryFiles() {
  std::vector<fs::path> files = {kSource /
                                 "tests/reports/testdata/plan_small/recommended/summary.json"};
  for (const char* dir : {"tests/documents/summary_fixtures", "tests/golden"}) {
    for (const fs::directory_entry& e : fs::directory_iterator(kSource / dir)) {
      if (e.path().extension() == ".json" && IsSummaryJson(e.path())) files.push_back(e.path());
    }
  }
  std::sort(files.begin() + 1, files.end());
  return files;
}

std::string ErrorOf(const std::string& text) {
  try {
    ParseSummaryDocument(text, "summary.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SummaryDocumentTest, EverySummaryJsonRoundTripsByteForByte) {
  const std::vector<fs::path> files = SummaryFiles();
  ASSERT_GE(files.size(), 7u);
  for (const fs::path& file : files) {
    const std::string text = ReadTextFile(file);
    const SummaryDocument document = ParseSummaryDocument(text, file.string());
    EXPECT_EQ(SummaryDocumentJson(document), text) << file;
  }
}

TEST(SummaryDocumentTest, TheFixturesReadAsWritten) {
  const fs::path dir = kSource / "tests/documents/summary_fixtures";
  const SummaryDocument dropped =
      ParseSummaryDocument(ReadTextFile(dir / "dropped.json"), "dropped.json");
  EXPECT_EQ(dropped.counts.dropped, 48u);
  EXPECT_EQ(dropped.ContextInt("dropped_exceeds_kv_capacity"), 48);
  EXPECT_TRUE(std::isnan(dropped.ttft_ms.p50));  // null: no measured request
  EXPECT_EQ(dropped.seed(), 42);

  const SummaryDocument calibrated = ParseSummaryDocument(
      ReadTextFile(dir / "calibrated-llama-3.1-8b-a100.json"), "calibrated.json");
  EXPECT_EQ(calibrated.latency_model(), "calibrated");
  EXPECT_FALSE(calibrated.ContextString("calibration.bundle").empty());
  const std::vector<SummaryOpTime> ops = calibrated.ops();
  ASSERT_FALSE(ops.empty());
  EXPECT_TRUE(
      std::any_of(ops.begin(), ops.end(), [](const SummaryOpTime& op) { return op.measured(); }));
  EXPECT_GT(calibrated.measured_time_share(), 0);

  const SummaryDocument preset =
      ParseSummaryDocument(ReadTextFile(dir / "slo-preset.json"), "slo-preset.json");
  ASSERT_TRUE(preset.slo.preset);
  EXPECT_EQ(preset.slo.preset->preset, "chatbot");
  EXPECT_TRUE(preset.slo.preset->ideal[SloMetric::kTtft].has_value());

  const SummaryDocument overloaded =
      ParseSummaryDocument(ReadTextFile(dir / "overloaded.json"), "overloaded.json");
  EXPECT_TRUE(overloaded.sustained.fell_behind());
  EXPECT_EQ(overloaded.tensor_parallel(), 2);
}

// Every member set to a value of its own (no NaN: NaN equals nothing), written and read back.
SummaryDocument HandBuilt() {
  SummaryDocument d;
  d.context = {{"scenario", std::string("chat \"v2\"")},
               {"seed", int64_t{7}},
               {"tensor_parallel", int64_t{4}},
               {"weight_gib_per_gpu", 14.5},
               {"measured_time_share", 0.25},
               {"steps", int64_t{100}},
               {"op_seconds.mlp_up_gate", 1.5},
               {"op_source.mlp_up_gate", std::string("calibrated")},
               {"op_seconds.norm", 0.5},
               {"prefix_caching", true},
               {"git_sha", std::string("abc123")}};
  d.duration_s = 90.5;
  d.window_start_s = 10.25;
  d.window_end_s = 100.75;
  d.counts = {.arrived = 100,
              .completed = 97,
              .dropped = 2,
              .unfinished = 1,
              .measured_arrived = 90,
              .measured = 88,
              .measured_prompt_tokens = 88000,
              .measured_output_tokens = 17600};
  d.request_throughput = 0.97;
  d.output_throughput = 194.5;
  d.total_token_throughput = 1166.5;
  d.goodput = 0.9;
  d.tokens_per_s_per_gpu = 48.625;
  d.total_tokens_per_s_per_gpu = 291.625;
  d.tokens_per_s_per_user = 30.5;
  auto latency = [](double base) {
    return LatencyStats{.mean = base + 1,
                        .p50 = base,
                        .p90 = base + 2,
                        .p95 = base + 3,
                        .p99 = base + 4,
                        .p999 = base + 5,
                        .min = base / 2,
                        .max = base + 6,
                        .stddev = 0.5,
                        .count = 88,
                        .exact = false};
  };
  d.ttft_ms = latency(100);
  d.tpot_ms = latency(20);
  d.itl_ms = latency(19);
  d.e2e_ms = latency(4000);
  d.queue_delay_ms = latency(3);
  d.slo.percentile = 95;
  d.slo.metrics[SloMetric::kTtft] = {
      .enabled = true, .threshold_ms = 500, .attainment = 0.99, .value_ms = 103, .met = true};
  d.slo.metrics[SloMetric::kTpot] = {
      .enabled = true, .threshold_ms = 50, .attainment = 1, .value_ms = 23, .met = true};
  d.slo.metrics[SloMetric::kE2e] = {
      .enabled = true, .threshold_ms = 3000, .attainment = 0.5, .value_ms = 4003, .met = false};
  d.slo.attainment = 0.5;
  d.slo.attainment_of_arrived = 0.44;
  d.slo.met = false;
  d.slo.preset = SloPresetVerdict{
      .preset = "chatbot",
      .level = "ideal",
      .ideal = SloThresholds().Set(SloMetric::kTtft, 500),
      .acceptable = SloThresholds().Set(SloMetric::kTtft, 1000).Set(SloMetric::kE2e, 3000),
      .level_met = "none"};
  d.utilization = {.window_s = 91,
                   .gpu_busy_fraction = 0.75,
                   .batch_size_mean = 12.5,
                   .batch_size_max = 31,
                   .kv_used_fraction_mean = 0.25,
                   .kv_used_fraction_max = 0.5,
                   .steps = 1234,
                   .snapshots = 91};
  d.preemptions = {.total = 5, .requests_preempted = 3};
  d.sustained = {.judged = true,
                 .window_start_s = 50,
                 .window_end_s = 90,
                 .arrivals = 40,
                 .completions = 30,
                 .unqueued_completions = 39,
                 .arrival_rate_per_s = 1,
                 .completion_rate_per_s = 0.75,
                 .overloaded = true};
  d.replicas = 2;
  d.gpus = 8;
  d.cost = {.priced = true,
            .price_usd_per_gpu_hour = 2.5,
            .usd_per_hour = 20,
            .usd_per_million_tokens = 28.5,
            .usd_per_million_total_tokens = 4.75};
  return d;
}

TEST(SummaryDocumentTest, AHandBuiltDocumentReadsBackFieldByField) {
  const SummaryDocument built = HandBuilt();
  const std::string text = SummaryDocumentJson(built);
  const SummaryDocument read = ParseSummaryDocument(text, "summary.json");
  EXPECT_EQ(read.schema, "gpuplan.summary/2");
  EXPECT_EQ(read.context, built.context);
  EXPECT_EQ(read.counts, built.counts);
  EXPECT_EQ(read.ttft_ms, built.ttft_ms);
  EXPECT_EQ(read.queue_delay_ms, built.queue_delay_ms);
  EXPECT_EQ(read.slo, built.slo);
  EXPECT_EQ(read.utilization, built.utilization);
  EXPECT_EQ(read.preemptions, built.preemptions);
  EXPECT_EQ(read.sustained, built.sustained);
  EXPECT_EQ(read.cost, built.cost);
  EXPECT_EQ(read, built);  // and every other member
  EXPECT_EQ(SummaryDocumentJson(read), text);

  // The typed lookups of the context.
  EXPECT_EQ(read.scenario(), "chat \"v2\"");
  EXPECT_EQ(read.seed(), 7);
  EXPECT_EQ(read.tensor_parallel(), 4);
  EXPECT_EQ(read.pipeline_parallel(), 1);  // absent: its fallback
  EXPECT_EQ(read.weight_gib_per_gpu(), 14.5);
  EXPECT_TRUE(std::isnan(read.kv_budget_gib_per_gpu()));
  EXPECT_EQ(read.gpu(), "");
  EXPECT_EQ(read.ops(), (std::vector<SummaryOpTime>{{"mlp_up_gate", 1.5, "calibrated"},
                                                    {"norm", 0.5, "roofline"}}));
  EXPECT_EQ(ContextValueText(*read.FindContext("prefix_caching")), "true");
  EXPECT_EQ(ContextValueText(*read.FindContext("weight_gib_per_gpu")), "14.5");
}

// The layout: context entries in the order given, then the figures; NaN is null.
TEST(SummaryDocumentTest, TheWriterKeepsTheContextOrderAndWritesNanAsNull) {
  SummaryDocument d;
  d.context = {{"z", int64_t{1}}, {"a", kNoValue}, {"m", std::string("x")}};
  const std::string text = SummaryDocumentJson(d);
  EXPECT_TRUE(text.starts_with(
      "{\n  \"schema\": \"gpuplan.summary/2\",\n  \"context\": {\n    \"z\": 1,\n    \"a\": "
      "null,\n    \"m\": \"x\"\n  },\n  \"duration_s\": 0,\n"))
      << text;
  EXPECT_EQ(text.back(), '\n');
  // A disabled SLO threshold stays as a null member.
  EXPECT_NE(text.find("\"e2e_ms\": null,\n    \"attainment\": null"), std::string::npos);
  EXPECT_EQ(text.find("\"preset\""), std::string::npos);  // only with a preset
  const SummaryDocument read = ParseSummaryDocument(text, "summary.json");
  EXPECT_EQ(read.FindContext("a"), nullptr);  // null reads as absent
  EXPECT_EQ(SummaryDocumentJson(read), text);
}

TEST(SummaryDocumentTest, TheReaderIsLenientAboutWhatItDoesNotKnow) {
  const SummaryDocument d = ParseSummaryDocument(
      R"({"schema": "gpuplan.summary/2", "added_later": {"x": [1]}, "ttft_ms": {"p50": 3}})",
      "summary.json");
  EXPECT_EQ(d.ttft_ms.p50, 3);
  EXPECT_TRUE(std::isnan(d.ttft_ms.p90));
  EXPECT_EQ(d.replicas, 1);
  EXPECT_TRUE(d.slo.met);
  EXPECT_FALSE(d.slo.preset);
  // A file written before the level verdict (slo without preset, level, levels, level_met).
  EXPECT_FALSE(ParseSummaryDocument(
                   R"({"schema": "gpuplan.summary/2", "slo": {"percentile": 95, "met": true}})",
                   "summary.json")
                   .slo.preset);
}

TEST(SummaryDocumentTest, TheReaderRefusesWhatGpuplanNeverWrites) {
  EXPECT_EQ(ErrorOf(R"({"schema": "gpuplan.plan/1"})"),
            "summary.json: schema: is 'gpuplan.plan/1'; expected gpuplan.summary/2 (a "
            "summary.json written by gpuplan simulate)");
  // /1 said e2el_ms where /2 says e2e_ms: refused whole, with what to do about it.
  EXPECT_EQ(ErrorOf(R"({"schema": "gpuplan.summary/1", "e2el_ms": {"p95": 1}})"),
            "summary.json: schema: is 'gpuplan.summary/1': written by an older gpuplan; "
            "expected gpuplan.summary/2. Rerun `gpuplan simulate` (or `gpuplan plan`) to write it "
            "again");
  EXPECT_EQ(ErrorOf(R"({"schema": "gpuplan.summary/3"})"),
            "summary.json: schema: is 'gpuplan.summary/3'; expected gpuplan.summary/2 (this "
            "gpuplan is older than the file)");
  // Required: the schema, and the seconds of every op of the breakdown.
  EXPECT_EQ(ErrorOf(R"({"context": {"seed": 1}})"),
            "summary.json: schema: is missing; expected a string");
  EXPECT_EQ(ErrorOf(R"({"schema": "gpuplan.summary/2", "context": {"op_seconds.norm": null}})"),
            "summary.json: context.op_seconds.norm: is missing; expected a number");

  auto error_with = [](const std::string& members) {
    return ErrorOf(R"({"schema": "gpuplan.summary/2", )" + members + "}");
  };
  EXPECT_EQ(error_with(R"("e2e_ms": {"mean": -0.5})"),
            "summary.json: e2e_ms.mean: is -0.5; expected a number >= 0 (gpuplan never writes "
            "this value)");
  EXPECT_EQ(error_with(R"("queue_delay_ms": {"min": -1})"),
            "summary.json: queue_delay_ms.min: is -1; expected a number >= 0 (gpuplan never "
            "writes this value)");
  EXPECT_EQ(error_with(R"("ttft_ms": {"p50": 12, "p90": 10})"),
            "summary.json: ttft_ms: p50 12 is above p90 10; expected p50 <= p90 <= p95 <= p99 <= "
            "max");
  EXPECT_EQ(error_with(R"("counts": {"arrived": 10, "completed": 8, "dropped": 1})"),
            "summary.json: counts: completed 8 + dropped 1 + unfinished 0 is not arrived 10; "
            "expected every arrival accounted for once");
  EXPECT_EQ(error_with(R"("counts": {"arrived": 1, "completed": 1, "measured": 2})"),
            "summary.json: counts.measured: is 2, more than the 1 completed; expected at most "
            "that");
  EXPECT_EQ(error_with(R"("counts": {"arrived": -1})"),
            "summary.json: counts.arrived: is -1; expected an integer >= 0 (gpuplan never writes "
            "this value)");
  EXPECT_EQ(error_with(R"("slo": {"attainment_of_arrived": 1.5})"),
            "summary.json: slo.attainment_of_arrived: is 1.5; expected a number from 0 to 1 "
            "(gpuplan never writes this value)");
  EXPECT_EQ(error_with(R"("gpus": 0)"),
            "summary.json: gpus: is 0; expected an integer >= 1 (gpuplan never writes this "
            "value)");
  // The context entries reports use have their type; any entry is a scalar.
  EXPECT_EQ(error_with(R"("context": {"seed": "42"})"),
            "summary.json: context.seed: is a string; expected a number");
  EXPECT_EQ(error_with(R"("context": {"gpu": 1})"),
            "summary.json: context.gpu: is a number; expected a string");
  EXPECT_EQ(error_with(R"("context": {"tensor_parallel": 1.5})"),
            "summary.json: context.tensor_parallel: is 1.5; expected an integer");
  EXPECT_EQ(error_with(R"("context": {"tags": ["a"]})"),
            "summary.json: context.tags: is an array; expected a number, string or boolean");
}

TEST(SummaryDocumentTest, ASyntaxErrorHasItsLineAndColumn) {
  EXPECT_EQ(ErrorOf("{\n  \"schema\": \"gpuplan.summary/2\",\n  \"x\" 2\n}"),
            "summary.json:3:7: syntax error while parsing object separator - unexpected number "
            "literal (expected ':') (malformed JSON)");
}

}  // namespace
}  // namespace gpuplan
