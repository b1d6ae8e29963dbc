#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/bundle/bundle.h"
#include "sim/cli/app.h"
#include "sim/cli/file_digest.h"
#include "sim/cli/reference.h"
#include "sim/config/catalog_loader.h"
#include "sim/runner/builtins.h"
#include "sim/util/json_value.h"
#include "tests/cli/cli_test_util.h"
#include "tests/validation/validation_test_util.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

using testing::Outcome;
using testing::ReadFile;
using testing::RunGpuplan;

fs::path TempDir(const std::string& name) { return testing::TempDir("gpuplan_cli_test_", name); }

using testing::kDefaultScenario;

TEST(CliTest, NoArgumentsPrintsUsageAndExitsTwo) {
  Outcome o = RunGpuplan({});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.out.find("usage: gpuplan <command>"), std::string::npos);
}

TEST(CliTest, UnknownCommandSuggestsTheNearest) {
  Outcome o = RunGpuplan({"simulat"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err.rfind("error: unknown command 'simulat'; did you mean 'simulate'?; expected "
                        "one of: simulate, list",
                        0),
            0u)
      << o.err;
}

TEST(CliTest, UnknownOptionIsAUsageError) {
  Outcome o = RunGpuplan({"simulate", kDefaultScenario, "--sed", "3"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("error: unrecognised option '--sed'"), std::string::npos) << o.err;
}

TEST(CliTest, SimulateHelpExitsZero) {
  Outcome o = RunGpuplan({"simulate", "--help"});
  EXPECT_EQ(o.code, 0);
  EXPECT_NE(o.out.find("--dump-batches"), std::string::npos);
}

TEST(CliTest, EveryErrorOfAScenarioIsReportedWithPositionsAndExitTwo) {
  const fs::path dir = TempDir("errors");
  std::ofstream(dir / "bad.yaml") << "model: llama-3.1-8b\n"
                                     "gpu: h100_sxm\n"
                                     "engine: {preset: vllm, max_num_seq: 8}\n"
                                     "deployment: {tensor_parallel: 3}\n"
                                     "workload:\n"
                                     "  arrival: {kind: poison, rate_per_s: 2}\n"
                                     "  prompt_tokens: {kind: fixed, tokens: 10}\n"
                                     "  output_tokens: {kind: fixed, tokens: 10}\n"
                                     "simulation: {num_requests: 10}\n";
  Outcome o =
      RunGpuplan({"simulate", (dir / "bad.yaml").string(), "--out", (dir / "out").string()});
  EXPECT_EQ(o.code, 2);
  const std::string file = (dir / "bad.yaml").string();
  EXPECT_NE(o.err.find(file + ":3:24: engine.max_num_seq: unknown key 'max_num_seq'; did you "
                              "mean 'max_num_seqs'?"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find(file + ":6:19: workload.arrival: unknown arrival process 'poison'; "
                              "did you mean 'poisson'?"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("errors; nothing was run"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir / "out"));  // nothing written half-way
}

TEST(CliTest, SimulateWritesEveryOutputAndIsByteIdenticalForTheSameSeed) {
  const fs::path dir = TempDir("outputs");
  const std::vector<std::string> sets = {"--set", "simulation.num_requests=300", "--quiet"};
  auto run = [&](const std::string& out, const std::string& seed) {
    std::vector<std::string> args = {"simulate", kDefaultScenario, "--out", out, "--seed", seed};
    args.insert(args.end(), sets.begin(), sets.end());
    return RunGpuplan(args);
  };
  ASSERT_EQ(run((dir / "a").string(), "5").code, 0);
  ASSERT_EQ(run((dir / "b").string(), "5").code, 0);
  ASSERT_EQ(run((dir / "c").string(), "6").code, 0);
  for (const char* name :
       {"summary.json", "requests.csv", "timeseries.csv", "resolved_scenario.yaml"}) {
    ASSERT_TRUE(fs::exists(dir / "a" / name)) << name;
    EXPECT_EQ(ReadFile(dir / "a" / name), ReadFile(dir / "b" / name)) << name;
  }
  EXPECT_NE(ReadFile(dir / "a" / "requests.csv"), ReadFile(dir / "c" / "requests.csv"));
  // One requests.csv row per completed request, plus the header.
  const JsonValue summary = JsonValue::Parse(ReadFile(dir / "a" / "summary.json"));
  const std::string csv = ReadFile(dir / "a" / "requests.csv");
  const auto rows = std::count(csv.begin(), csv.end(), '\n') - 1;
  EXPECT_EQ(rows, 300);
  EXPECT_EQ(summary.At("counts").At("completed").AsInt(), 300);
  EXPECT_NE(ReadFile(dir / "a" / "resolved_scenario.yaml").find("seed: 5"), std::string::npos);
}

TEST(CliTest, DumpBatchesWritesOneLinePerStepAndRequest) {
  const fs::path dir = TempDir("dump");
  Outcome o = RunGpuplan({"simulate", kDefaultScenario, "--out", (dir / "o").string(), "--set",
                          "simulation.num_requests=20", "--dump-batches",
                          (dir / "batches.jsonl").string(), "--quiet"});
  ASSERT_EQ(o.code, 0) << o.err;
  std::ifstream in(dir / "batches.jsonl");
  std::string line;
  int requests = 0;
  int steps = 0;
  while (std::getline(in, line)) {
    const JsonValue v = JsonValue::Parse(line);
    requests += v.At("kind").AsString() == "request";
    steps += v.At("kind").AsString() == "step";
  }
  EXPECT_EQ(requests, 20);
  const JsonValue summary = JsonValue::Parse(ReadFile(dir / "o" / "summary.json"));
  EXPECT_EQ(steps, summary.At("context").At("steps").AsInt());
}

// --trace: a Chrome/Perfetto trace beside the run; identical runs give identical files, and a
// run refused for bad input leaves none.
TEST(CliTest, TraceWritesAPerfettoFileDeterministically) {
  const fs::path dir = TempDir("trace");
  for (const char* name : {"a.json", "b.json"}) {
    Outcome o =
        RunGpuplan({"simulate", kDefaultScenario, "--out", (dir / "o").string(), "--set",
                    "simulation.num_requests=20", "--trace", (dir / name).string(), "--quiet"});
    ASSERT_EQ(o.code, 0) << o.err;
  }
  const std::string trace = ReadFile(dir / "a.json");
  EXPECT_EQ(trace, ReadFile(dir / "b.json"));
  const JsonValue v = JsonValue::Parse(trace);
  int steps = 0, requests = 0;
  for (const JsonValue& e : v.At("traceEvents").AsArray()) {
    steps += e.At("ph").AsString() == "X";
    requests += e.At("ph").AsString() == "b" && e.At("name").AsString().starts_with("request ");
  }
  const JsonValue summary = JsonValue::Parse(ReadFile(dir / "o" / "summary.json"));
  EXPECT_EQ(steps, summary.At("context").At("steps").AsInt());
  EXPECT_EQ(requests, 20);
  Outcome bad = RunGpuplan({"simulate", kDefaultScenario, "--out", (dir / "p").string(), "--set",
                            "deployment.tensor_parallel=3", "--trace", (dir / "c.json").string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_FALSE(fs::exists(dir / "c.json"));
}

// gpuplan compare end to end: a vllm bench serve result (written here by hand in its format)
// against the default scenario's deployment, with the KV cache pinned from a start-up log.
TEST(CliTest, CompareWritesTheComparisonOfAMeasuredRun) {
  const fs::path dir = TempDir("compare");
  {
    std::ofstream result(dir / "result.json");
    result << R"({"backend": "vllm", "model_id": "meta-llama/Llama-3.1-8B-Instruct", )"
           << R"("num_prompts": 3, "request_rate": "inf", "burstiness": 1.0, )"
           << R"("max_concurrency": 2, "duration": 1.5, "completed": 3, "failed": 0, )"
           << R"("request_throughput": 2.0, "mean_ttft_ms": 40.0, "p99_ttft_ms": 60.0, )"
           << R"("mean_tpot_ms": 9.0, "input_lens": [1000, 800, 1200], )"
           << R"("output_lens": [50, 40, 60], "ttfts": [0.03, 0.04, 0.05], )"
           << R"("errors": ["", "", ""]})";
    std::ofstream log(dir / "server.log");
    log << "INFO [kv_cache_utils.py] GPU KV cache size: 100,000 tokens\n";
  }
  Outcome o =
      RunGpuplan({"compare", (dir / "result.json").string(), "--scenario", kDefaultScenario,
                  "--engine-log", (dir / "server.log").string(), "--out", (dir / "out").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("mean_ttft_ms"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("KV cache pinned to 6250 blocks of 16 tokens"), std::string::npos) << o.out;
  const JsonValue compare = JsonValue::Parse(ReadFile(dir / "out" / "compare.json"));
  EXPECT_EQ(compare.At("schema").AsString(), "gpuplan.compare/1");
  EXPECT_EQ(compare.At("statistics").AsArray().size(), 5u);  // 4 stats + completed
  EXPECT_TRUE(fs::exists(dir / "out" / "compare.csv"));
  EXPECT_TRUE(fs::exists(dir / "out" / "simulated_bench.json"));
  EXPECT_FALSE(fs::exists(dir / "out" / "report.html"));  // only with --report
  Outcome with_report =
      RunGpuplan({"compare", (dir / "result.json").string(), "--scenario", kDefaultScenario,
                  "--out", (dir / "rep").string(), "--report", "--lang", "ja", "-q"});
  ASSERT_EQ(with_report.code, 0) << with_report.err;
  EXPECT_NE(ReadFile(dir / "rep" / "report.html").find("負荷試験とシミュレーションの比較"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "rep" / "figures" / "compare-ttft-cdf.svg"));
  // One report: the simulated run's own sections follow the comparison, and `gpuplan report`
  // renders the same document again from the folder's files.
  const std::string html = ReadFile(dir / "rep" / "report.html");
  EXPECT_NE(html.find("id=\"step-breakdown\""), std::string::npos);
  EXPECT_LT(html.find("id=\"verdict\""), html.find("id=\"memory\""));
  EXPECT_TRUE(fs::exists(dir / "rep" / "summary.json"));
  EXPECT_TRUE(fs::exists(dir / "rep" / "compare_requests.csv"));
  EXPECT_NE(ReadFile(dir / "rep" / "resolved_scenario.yaml").find("# Reproduce: gpuplan compare"),
            std::string::npos);
  ASSERT_EQ(RunGpuplan({"report", (dir / "rep").string(), "--lang", "ja", "--out",
                        (dir / "again").string()})
                .code,
            0);
  EXPECT_EQ(ReadFile(dir / "again" / "report.md"), ReadFile(dir / "rep" / "report.md"));
  // A malformed result: a located error, exit 2, no output folder.
  {
    std::ofstream bad(dir / "bad.json");
    bad << R"({"num_prompts": 1, "request_rate": -1})";
  }
  Outcome bad = RunGpuplan({"compare", (dir / "bad.json").string(), "--scenario", kDefaultScenario,
                            "--out", (dir / "bad_out").string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("bad.json: request_rate: is not a positive number"), std::string::npos)
      << bad.err;
  EXPECT_FALSE(fs::exists(dir / "bad_out"));
}

// The issue's end-to-end self-consistency: a simulated run written in vllm bench serve's form
// (simulate --format vllm-bench) and compared with the simulation of its own load on the same
// scenario differs on no statistic.
TEST(CliTest, ASimulatedBenchResultComparedWithItsOwnScenarioHasNoError) {
  const fs::path dir = TempDir("bench_roundtrip");
  Outcome sim = RunGpuplan({"simulate", kDefaultScenario, "--set", "simulation.num_requests=120",
                            "--format", "vllm-bench", "--out", (dir / "run").string(), "-q"});
  ASSERT_EQ(sim.code, 0) << sim.err;
  Outcome cmp = RunGpuplan({"compare", (dir / "run" / "vllm_bench.json").string(), "--scenario",
                            kDefaultScenario, "--out", (dir / "cmp").string(), "-q"});
  ASSERT_EQ(cmp.code, 0) << cmp.err;
  const JsonValue compare = JsonValue::Parse(ReadFile(dir / "cmp" / "compare.json"));
  const auto& stats = compare.At("statistics").AsArray();
  ASSERT_GE(stats.size(), 25u);
  for (const JsonValue& s : stats) {
    EXPECT_EQ(s.At("error").AsDouble(), 0) << s.At("name").AsString();
  }
  Outcome bad = RunGpuplan({"simulate", kDefaultScenario, "--format", "csv"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("expected gpuplan or vllm-bench"), std::string::npos) << bad.err;
}

// gpuplan calibration fit-serving end to end: load tests "measured" by the simulator with a
// bundle whose GEMMs run 1.4x slower than the roofline are fitted on the plain roofline scenario;
// the fit finds the multiplier, names the files with their SHA-256, predicts each run from the
// other, and a simulation with the fitted bundle says which load tests it was fitted to.
TEST(CliTest, FitServingFitsLoadTestsIntoABundleThatSimulateUses) {
  const fs::path dir = TempDir("fit_serving");
  fs::create_directories(dir / "truth");
  {
    std::ofstream(dir / "truth" / "meta.txt")
        << "schema_version=1\nstatus=complete\ntool=test\ntool_version=1\n"
           "created_utc=2026-12-07T00:00:00Z\ngpu.name=H100\n";
    std::ofstream(dir / "truth" / "serving_terms.csv") << "term,value\ngemm_time_scale,1.4\n";
  }
  const std::vector<std::string> truth = {"--set", "latency.kind=calibrated", "--set",
                                          "latency.bundle=" + (dir / "truth").string()};
  std::vector<std::string> files;
  for (const char* rate : {"4", "16"}) {
    std::vector<std::string> args = {"simulate", kDefaultScenario,
                                     "--set",    "simulation.num_requests=40",
                                     "--set",    std::string("workload.arrival.rate_per_s=") + rate,
                                     "--format", "vllm-bench",
                                     "--out",    (dir / rate).string(),
                                     "-q"};
    args.insert(args.end(), truth.begin(), truth.end());
    ASSERT_EQ(RunGpuplan(args).code, 0);
    files.push_back((dir / rate / "vllm_bench.json").string());
  }
  const std::string bundle = (dir / "fitted").string();
  std::vector<std::string> fit = {"calibration",
                                  "fit-serving",
                                  files[0],
                                  files[1],
                                  "--scenario",
                                  kDefaultScenario,
                                  "--terms",
                                  "gemm_time_scale",
                                  "--regularization",
                                  "0",
                                  "--leave-one-out",
                                  "--created-utc",
                                  "2026-12-07T01:02:03Z",
                                  "--out",
                                  bundle};
  Outcome o = RunGpuplan(fit);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("leave-one-out"), std::string::npos) << o.out;
  const Bundle fitted = ReadBundle(bundle);
  const std::optional<double> gemm =
      fitted.serving_terms[static_cast<size_t>(ServingTerm::kGemmTimeScale)];
  ASSERT_TRUE(gemm);
  EXPECT_NEAR(*gemm, 1.4, 0.03 * 1.4);
  EXPECT_EQ(fitted.Meta("tool"), "gpuplan-fit-serving");
  EXPECT_EQ(fitted.Meta("created_utc"), "2026-12-07T01:02:03Z");
  EXPECT_EQ(fitted.Meta("fit.run.2.file"), files[1]);
  EXPECT_EQ(fitted.Meta("fit.run.2.sha256"), FileSha256(files[1]));
  EXPECT_EQ(fitted.Meta("fit.terms"), "gemm_time_scale");
  const std::string held_out = ReadFile(fs::path(bundle) / "leave_one_out.csv");
  EXPECT_EQ(std::count(held_out.begin(), held_out.end(), '\n'), 3) << held_out;

  // The same inputs give the same bundle, byte for byte.
  fit.back() = (dir / "again").string();
  ASSERT_EQ(RunGpuplan(fit).code, 0);
  for (const char* file : {"meta.txt", "serving_terms.csv", "leave_one_out.csv"}) {
    EXPECT_EQ(ReadFile(dir / "again" / file), ReadFile(fs::path(bundle) / file)) << file;
  }

  Outcome sim = RunGpuplan({"simulate", kDefaultScenario, "--set", "simulation.num_requests=20",
                            "--set", "latency.kind=calibrated", "--set", "latency.bundle=" + bundle,
                            "--out", (dir / "sim").string(), "-q"});
  ASSERT_EQ(sim.code, 0) << sim.err;
  const JsonValue summary = JsonValue::Parse(ReadFile(dir / "sim" / "summary.json"));
  const JsonValue& context = summary.At("context");
  EXPECT_EQ(context.At("calibration.tool").AsString(), "gpuplan-fit-serving 0.1.0");
  EXPECT_NE(context.At("calibration.load_tests").AsString().find(files[0]), std::string::npos);

  // Bad input: an unknown term (with a suggestion), an existing bundle without --force.
  fit.back() = (dir / "other").string();
  fit[7] = "gemm_time_scal";
  Outcome bad = RunGpuplan(fit);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("unknown term 'gemm_time_scal'; did you mean 'gemm_time_scale'?"),
            std::string::npos)
      << bad.err;
  fit[7] = "gemm_time_scale";
  fit.back() = bundle;
  Outcome exists = RunGpuplan(fit);
  EXPECT_EQ(exists.code, 2);
  EXPECT_NE(exists.err.find("already holds a bundle; pass --force"), std::string::npos)
      << exists.err;
}

// fit-serving on measured rows of serving.csv (FILE:LINE): the rows map to their own scenarios,
// must share one configuration, and must exist.
TEST(CliTest, FitServingReadsMeasuredRowsOfOneConfiguration) {
  const fs::path dir = TempDir("fit_rows");
  auto row = testing::ClosedLoopRow();
  auto busier = row;
  busier["concurrency"] = "8";
  auto other = row;
  other["tp"] = "2";
  other["num_gpus"] = "2";
  {
    std::ofstream(dir / "serving.csv")
        << testing::ServingHeader() << testing::ServingLine(row) << testing::ServingLine(busier)
        << testing::ServingLine(other);
  }
  const std::string csv = (dir / "serving.csv").string();
  std::vector<std::string> fit = {"calibration",
                                  "fit-serving",
                                  csv + ":2",
                                  csv + ":3",
                                  "--format",
                                  "serving_row",
                                  "--terms",
                                  "host_per_step_us",
                                  "--max-evaluations",
                                  "20",
                                  "--leave-one-out",
                                  "--created-utc",
                                  "2026-12-07T00:00:00Z",
                                  "--out",
                                  (dir / "fit").string()};
  Outcome o = RunGpuplan(fit);
  ASSERT_EQ(o.code, 0) << o.err;
  const Bundle b = ReadBundle((dir / "fit").string());
  EXPECT_EQ(b.Meta("fit.run.1.file"), csv + ":2");
  EXPECT_EQ(b.Meta("fit.run.1.sha256"), FileSha256(csv));
  EXPECT_EQ(b.Meta("fit.run.2.format"), "serving_row");
  EXPECT_EQ(b.Meta("fit.evaluations"), "20");
  EXPECT_TRUE(fs::exists(dir / "fit" / "leave_one_out.csv"));

  fit[3] = csv + ":4";  // TP 2: another configuration
  fit.back() = (dir / "mixed").string();
  Outcome mixed = RunGpuplan(fit);
  EXPECT_EQ(mixed.code, 2);
  EXPECT_NE(mixed.err.find("expected rows of one configuration"), std::string::npos) << mixed.err;
  fit[3] = csv + ":9";
  Outcome missing = RunGpuplan(fit);
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("no readable data row at line 9"), std::string::npos) << missing.err;
  fit[3] = csv;
  Outcome no_line = RunGpuplan(fit);
  EXPECT_EQ(no_line.code, 2);
  EXPECT_NE(no_line.err.find("expected FILE:LINE"), std::string::npos) << no_line.err;
  fit[3] = csv + ":3";
  fit.insert(fit.end() - 2, {"--scenario", kDefaultScenario});
  Outcome both = RunGpuplan(fit);
  EXPECT_EQ(both.code, 2);
  EXPECT_NE(both.err.find("--scenario is not used with --format serving_row"), std::string::npos)
      << both.err;
}

TEST(CliTest, ValidateReplayComparesPredictedWithMeasuredSteps) {
  const fs::path dir = TempDir("validate");
  ASSERT_EQ(RunGpuplan({"simulate", kDefaultScenario, "--out", (dir / "o").string(), "--set",
                        "simulation.num_requests=30", "--dump-batches", (dir / "b.jsonl").string(),
                        "--quiet"})
                .code,
            0);
  // A "GPU" that is exactly 10% slower than predicted on every step: every step's error is
  // (p - 1.1 p) / 1.1 p = -1/11, and TTFT/TPOT/E2E of the re-timed schedule grow accordingly.
  std::ifstream in(dir / "b.jsonl");
  std::ofstream measured(dir / "m.jsonl");
  std::string line;
  int steps = 0;
  while (std::getline(in, line)) {
    const JsonValue v = JsonValue::Parse(line);
    if (v.At("kind").AsString() != "step") continue;
    measured << fmt::format("{{\"replica\":{},\"step\":{},\"measured_us\":{}}}\n",
                            v.At("replica").AsInt(), v.At("step").AsInt(),
                            v.At("predicted_us").AsDouble() * 1.1);
    ++steps;
  }
  measured.close();
  Outcome o = RunGpuplan({"validate", "replay", (dir / "b.jsonl").string(),
                          (dir / "m.jsonl").string(), "--out", (dir / "r.md").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find(fmt::format("{} steps compared, 0 without a measurement", steps)),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("| all | " + std::to_string(steps) + " | 9.1% | 9.1% | 9.1% | -9.1% |"),
            std::string::npos)
      << o.out;
  EXPECT_EQ(ReadFile(dir / "r.md"), o.out);
}

TEST(CliTest, ValidateReplayRejectsMalformedFilesWithExitTwo) {
  const fs::path dir = TempDir("validate_bad");
  std::ofstream(dir / "b.jsonl") << "{\"kind\":\"meta\",\"schema\":1}\n{\"kind\":\"step\"}\n";
  std::ofstream(dir / "m.jsonl") << "";
  Outcome o =
      RunGpuplan({"validate", "replay", (dir / "b.jsonl").string(), (dir / "m.jsonl").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("b.jsonl:2: JSON object has no key 'step'"), std::string::npos) << o.err;
}

TEST(CliTest, ListNamesCatalogEntriesAndPolicyOptions) {
  Outcome o = RunGpuplan({"list"});
  ASSERT_EQ(o.code, 0) << o.err;
  for (const char* needle : {"h100_sxm", "llama-3.1-405b", "vllm", "poisson", "rate_per_s",
                             "least_kv_usage", "continuous", "roofline", "azure_llm_2023"}) {
    EXPECT_NE(o.out.find(needle), std::string::npos) << needle;
  }
}

TEST(CliTest, ConfigReferenceDocIsUpToDate) {
  const Builtins builtins;
  const Catalog catalog = LoadCatalog(std::string(GPUPLAN_SOURCE_DIR) + "/configs");
  const std::string expected = ConfigReferenceMarkdown(catalog, builtins);
  const std::string actual =
      ReadFile(fs::path(GPUPLAN_SOURCE_DIR) / "docs" / "config-reference.md");
  EXPECT_EQ(actual, expected)
      << "docs/config-reference.md is stale: run `gpuplan list --markdown > "
         "docs/config-reference.md`";
}

}  // namespace
}  // namespace gpuplan
