#include "sim/config/scenario.h"

#include <gtest/gtest.h>

#include "tests/config/config_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::ErrorsOf;
using ::gpuplan::testing::FakeValidators;
using ::gpuplan::testing::Lines;
using ::gpuplan::testing::LoadText;
using ::gpuplan::testing::TestCatalog;
using ::gpuplan::testing::TestdataDir;
using ::gpuplan::testing::ValidScenarioText;

using Errors = std::vector<std::string>;

bool SameLoc(const SourceLoc& a, const SourceLoc& b) {
  return a.file == b.file && a.line == b.line && a.column == b.column;
}

TEST(ScenarioTest, ValidScenarioResolvesPresetsAndDefaults) {
  const Scenario s = LoadText(ValidScenarioText());
  EXPECT_EQ(s.name, "chatbot");
  EXPECT_EQ(s.description, "Test chatbot");
  EXPECT_EQ(s.model.name, "llama-3.1-8b");
  EXPECT_EQ(s.model.num_layers, 32);
  EXPECT_EQ(s.gpu.name, "h100_sxm");
  EXPECT_EQ(s.gpu.memory_gib, 80);
  EXPECT_EQ(s.deployment.replicas, 2);
  EXPECT_EQ(s.deployment.tensor_parallel, 2);
  EXPECT_EQ(s.deployment.pipeline_parallel, 1);
  EXPECT_EQ(s.deployment.gpus_per_node, 8);
  EXPECT_EQ(s.deployment.weight_dtype, Dtype::kBf16);
  EXPECT_EQ(s.engine.name, "vllm");
  EXPECT_EQ(s.engine.max_num_seqs, 128);  // overridden
  EXPECT_EQ(s.engine.block_size, 32);     // from the preset
  EXPECT_EQ(s.engine.sources.at("max_num_seqs"), "override at scn.yaml:8:17");
  EXPECT_EQ(s.source_file, "scn.yaml");
  EXPECT_EQ(s.base_dir, "");
}

TEST(ScenarioTest, PolicySlotsKeepKindOptionsAndPositions) {
  const Scenario s = LoadText(ValidScenarioText());
  EXPECT_EQ(s.scheduler.kind, "continuous");  // the vllm preset's scheduler
  EXPECT_EQ(s.scheduler.path, "engine.scheduler");
  EXPECT_TRUE(SameLoc(s.scheduler.kind_loc, {"scn.yaml", 7, 3}));
  EXPECT_EQ(s.engine.scheduler, "continuous");
  EXPECT_EQ(s.router.kind, "round_robin");
  EXPECT_EQ(s.latency.kind, "roofline");
  ASSERT_TRUE(s.workload.arrival.has_value());
  const PolicyChoice& arrival = *s.workload.arrival;
  EXPECT_EQ(arrival.kind, "poisson");
  EXPECT_EQ(arrival.path, "workload.arrival");
  EXPECT_EQ(arrival.options.path, "workload.arrival");
  EXPECT_TRUE(SameLoc(arrival.kind_loc, {"scn.yaml", 10, 19}));
  EXPECT_TRUE(SameLoc(arrival.options.loc, {"scn.yaml", 10, 12}));
  ASSERT_EQ(arrival.options.values.size(), 1u);
  EXPECT_EQ(arrival.options.values.at("rate_per_s").text, "5.5");
  EXPECT_TRUE(SameLoc(arrival.options.values.at("rate_per_s").loc, {"scn.yaml", 10, 40}));
  EXPECT_FALSE(s.workload.IsTrace());
}

TEST(ScenarioTest, SloAndSimulationDefaults) {
  const Scenario s = LoadText(ValidScenarioText());
  ASSERT_TRUE(s.slo.has_value());
  EXPECT_EQ(s.slo->thresholds.ttft_ms(), 500);
  EXPECT_EQ(s.slo->thresholds.tpot_ms(), 50);
  EXPECT_EQ(s.slo->thresholds.e2e_ms(), std::nullopt);
  EXPECT_EQ(s.slo->percentile, 95);
  EXPECT_EQ(s.simulation.num_requests, 1000);
  EXPECT_EQ(s.simulation.duration_s, std::nullopt);
  EXPECT_EQ(s.simulation.warmup_s, 0);
  EXPECT_EQ(s.simulation.seed, 7u);
  EXPECT_EQ(s.simulation.timeseries_interval_s, 1);
  EXPECT_TRUE(SameLoc(s.LocOf("deployment.tensor_parallel"), {"scn.yaml", 5, 44}));
  // Not written: falls back to the entry that chose the preset.
  EXPECT_TRUE(SameLoc(s.LocOf("engine.block_size"), {"scn.yaml", 7, 3}));
}

TEST(ScenarioTest, NameDefaultsToTheFileStem) {
  std::string text = ValidScenarioText();
  text.erase(0, text.find('\n') + 1);  // drop "name: chatbot"
  const Scenario s =
      LoadScenarioFromString(text, "some/dir/my-run.yaml", {}, TestCatalog(), FakeValidators());
  EXPECT_EQ(s.name, "my-run");
  EXPECT_EQ(s.base_dir, "some/dir");
}

TEST(ScenarioTest, LoadsFixtureFileWithEveryOverride) {
  const std::string dir = TestdataDir() + "/scenarios";
  const Scenario s = LoadScenario(dir + "/chatbot.yaml", {}, TestCatalog(), FakeValidators());
  EXPECT_EQ(s.base_dir, dir);
  EXPECT_EQ(s.model.max_context_tokens, 8192);
  EXPECT_EQ(s.gpu.price_usd_per_gpu_hour, 2.5);
  EXPECT_EQ(s.gpu.hbm_tbps, 3.35);
  EXPECT_EQ(s.deployment.weight_dtype, Dtype::kFp8);
  EXPECT_EQ(s.scheduler.kind, "static");
  EXPECT_EQ(s.scheduler.options.values.at("batch_size").text, "16");
  EXPECT_EQ(s.engine.scheduler, "static");
  EXPECT_EQ(s.router.kind, "least_loaded");
  EXPECT_EQ(s.latency.options.values.at("efficiency").text, "0.65");
  EXPECT_EQ(s.slo->percentile, 99);
  EXPECT_EQ(s.simulation.duration_s, 3600);
  EXPECT_EQ(s.simulation.timeseries_interval_s, 0.5);
}

TEST(ScenarioTest, TraceWorkloadAndRelativeBaseDir) {
  const std::string dir = TestdataDir() + "/scenarios";
  const Scenario s = LoadScenario(dir + "/trace.yaml", {}, TestCatalog(), FakeValidators());
  ASSERT_TRUE(s.workload.IsTrace());
  EXPECT_FALSE(s.workload.arrival.has_value());
  EXPECT_EQ(s.workload.trace->options.values.at("path").text, "AzureLLMInferenceTrace_conv.csv");
  EXPECT_EQ(s.base_dir, TestdataDir() + "/traces");
  EXPECT_EQ(s.slo, std::nullopt);
}

TEST(ScenarioTest, UnreadableFile) {
  const std::string path = TestdataDir() + "/scenarios/missing.yaml";
  EXPECT_EQ(ErrorsOf([&] { LoadScenario(path, {}, TestCatalog(), FakeValidators()); }),
            Errors{path + ": cannot read the file (No such file or directory); expected a readable "
                          "YAML file"});
}

// A catalog entry given as {preset: NAME, field: value}: the preset with those fields replaced.
TEST(ScenarioTest, PresetFieldOverride) {
  std::string text = ValidScenarioText();
  text.replace(text.find("gpu: h100_sxm"), 13,
               "gpu: {preset: h100_sxm, name: h100_94, memory_gib: 94}");
  const Scenario s = LoadText(text);
  EXPECT_EQ(s.gpu.name, "h100_94");
  EXPECT_EQ(s.gpu.memory_gib, 94);
  EXPECT_EQ(s.gpu.hbm_tbps, 3.35);  // kept from the preset
  EXPECT_EQ(s.gpu.sources.at("memory_gib"), "override at scn.yaml:4:52");
  EXPECT_EQ(s.gpu.sources.at("hbm_tbps"), "NVIDIA H100 datasheet");
}

// An overridden price must restate its tier: the preset's describes the preset's price.
TEST(ScenarioTest, AnOverriddenPriceRestatesItsTier) {
  std::string text = ValidScenarioText();
  const size_t at = text.find("gpu: h100_sxm");
  std::string bare = text;
  bare.replace(at, 13, "gpu: {preset: h100_sxm, price_usd_per_gpu_hour: 2.5}");
  EXPECT_EQ(ErrorsOf([&] { LoadText(bare); }),
            (Errors{"scn.yaml:4:49: gpu.price_tier: the price is overridden but its tier is the "
                    "preset's ('hyperscaler_on_demand'), which describes the preset's price; "
                    "expected price_tier beside it: one of hyperscaler_on_demand, "
                    "hyperscaler_reserved, gpu_cloud_on_demand, community, spot"}));
  std::string tagged = text;
  tagged.replace(at, 13,
                 "gpu: {preset: h100_sxm, price_usd_per_gpu_hour: 2.5, price_tier: spot, "
                 "price_region: eu-west-1}");
  const Scenario s = LoadText(tagged);
  EXPECT_EQ(s.gpu.price_tier, "spot");
  EXPECT_EQ(s.gpu.price_region, "eu-west-1");
  // Other fields may be overridden without restating the price's tier.
  std::string other = text;
  other.replace(at, 13, "gpu: {preset: h100_sxm, memory_gib: 94}");
  EXPECT_EQ(LoadText(other).gpu.price_tier, "hyperscaler_on_demand");
}

TEST(ScenarioTest, PresetOverrideChecksFieldNamesAndValues) {
  EXPECT_EQ(ErrorsOf([] {
              LoadText(ValidScenarioText(), {"gpu={preset: h100_sxm, memry_gib: 94}",
                                             "model={preset: llama-3.1-8b, num_layers: 0}"});
            }),
            (Errors{"--set:1:1: gpu.memry_gib: unknown key 'memry_gib'; did you mean "
                    "'memory_gib'?",
                    "--set:1:2: model.num_layers: 0 is out of range; expected an integer >= 1"}));
}

TEST(ScenarioTest, SyntaxErrorIsAConfigErrorWithAPosition) {
  EXPECT_EQ(ErrorsOf([] {
              LoadText(Lines({"name: x", "model: @x"}));
            }),
            Errors{"scn.yaml:2:8: invalid YAML: unknown token"});
}

// Everything can come from --set: an empty file is an empty map to set keys in.
TEST(ScenarioTest, EmptyFileWithSetOverrides) {
  const Scenario s = LoadText("", {"model=llama-3.1-8b", "gpu=h100_sxm", "engine=vllm",
                                   "workload={trace: {kind: azure_llm_2023, path: t.csv}}",
                                   "simulation={num_requests: 5}"});
  EXPECT_EQ(s.name, "scn");
  EXPECT_EQ(s.simulation.num_requests, 5);
  EXPECT_EQ(s.LocOf("gpu").column, 2);
}

TEST(ScenarioTest, EmptyEntry) {
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"engine="}); }),
            Errors{"--set:1:1: engine: got an empty value; expected an engine name or {preset: "
                   "NAME, <field>: value, ...}"});
}

TEST(ScenarioTest, UnknownPresetListsTheValidNames) {
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"gpu={preset: h100_sx}"}); }),
            Errors{"--set:1:1: gpu.preset: unknown gpu 'h100_sx'; did you mean 'h100_sxm'?; "
                   "expected one of: a100_sxm, h100_sxm"});
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"engine=tgi"}); }),
            Errors{"--set:1:1: engine: unknown engine 'tgi'; expected one of: sglang, vllm"});
}

TEST(ScenarioTest, MisspeltPresetKey) {
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"gpu={prest: h100_sxm}"}); }),
            Errors{"--set:1:1: gpu.prest: unknown key 'prest'; did you mean 'preset'?"});
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"gpu={memory_gib: 94}"}); }),
            Errors{"--set:1:1: gpu: neither 'preset' nor 'name' is given; expected a gpu name, "
                   "{preset: NAME, <field>: value, ...} or a full definition with 'name'"});
}

// Without `preset:`, an entry is a full definition: the catalog is not needed.
TEST(ScenarioTest, InlineFullDefinition) {
  const Scenario s = LoadText(
      ValidScenarioText(),
      {"gpu={name: lab_gpu, memory_gib: 48, hbm_tbps: 0.96, bf16_tflops: 181, fp8_tflops: 362}"});
  EXPECT_EQ(s.gpu.name, "lab_gpu");
  EXPECT_EQ(s.gpu.memory_gib, 48);
  EXPECT_EQ(s.gpu.fp8_tflops, 362);
  EXPECT_EQ(s.gpu.tdp_w, 0);
  EXPECT_TRUE(s.gpu.sources.empty());
  EXPECT_EQ(
      ErrorsOf([] { LoadText(ValidScenarioText(), {"gpu={name: lab_gpu, memory_gib: 48}"}); }),
      (Errors{"--set:1:1: gpu.hbm_tbps: missing required key; expected a number > 0",
              "--set:1:1: gpu.bf16_tflops: missing required key; expected a number > 0"}));
}

TEST(ScenarioTest, SeveralErrorsAreReportedTogetherInFileOrder) {
  const std::string text = Lines({
      "model: llama-3.1-8b",                            // 1
      "gpu: h100_sx",                                   // 2
      "deployment: {replicas: 0, tensor_parallel: 2}",  // 3
      "engine:",                                        // 4
      "  preset: vllm",                                 // 5
      "  max_num_seq: 128",                             // 6
      "  gpu_memory_utilization: 1.01",                 // 7
      "workload:",                                      // 8
      "  arrival: {kind: poison, rate_per_s: 5}",       // 9
      "  prompt_tokens: {kind: fixed, tokens: abc}",    // 10
      "  output_tokens: {kind: fixed, tokens: 16}",     // 11
      "simulation: {duration_s: 60}",                   // 12
      "slo_: {ttft_ms: 1}",                             // 13
  });
  EXPECT_EQ(ErrorsOf([&] { LoadText(text); }),
            (Errors{
                "scn.yaml:2:6: gpu: unknown gpu 'h100_sx'; did you mean 'h100_sxm'?; expected one "
                "of: a100_sxm, h100_sxm",
                "scn.yaml:3:24: deployment.replicas: 0 is out of range; expected an integer >= 1 "
                "and <= 10000",
                "scn.yaml:6:3: engine.max_num_seq: unknown key 'max_num_seq'; did you mean "
                "'max_num_seqs'?",
                "scn.yaml:7:27: engine.gpu_memory_utilization: 1.01 is out of range; expected a "
                "number > 0 and <= 1",
                "scn.yaml:9:19: workload.arrival: unknown arrival process 'poison'; did you mean "
                "'poisson'?; expected one of: poisson, gamma",
                "scn.yaml:10:40: workload.prompt_tokens.tokens: 'abc' is not an integer; expected "
                "an integer",
                "scn.yaml:13:1: slo_: unknown key 'slo_'; did you mean 'slo'?",
            }));
}

TEST(ScenarioTest, MissingRequiredSections) {
  const std::string text = Lines({
      "gpu: h100_sxm",
      "engine: vllm",
      "workload:",
      "  trace: {kind: azure_llm_2023, path: t.csv}",
  });
  EXPECT_EQ(ErrorsOf([&] { LoadText(text); }),
            (Errors{
                "scn.yaml:1:1: model: missing required key; expected a model name or {preset: "
                "NAME, <field>: value, ...}",
                "scn.yaml:1:1: simulation: missing required key; expected a map with "
                "num_requests and/or duration_s",
            }));
}

TEST(ScenarioTest, WrongTypeSaysWhatWasExpected) {
  const std::string text = Lines({
      "model: llama-3.1-8b",
      "gpu: h100_sxm",
      "deployment: {tensor_parallel: two}",
      "engine: vllm",
      "workload: {trace: {kind: azure_llm_2023, path: t.csv}}",
      "simulation: 100",
  });
  EXPECT_EQ(ErrorsOf([&] { LoadText(text); }),
            (Errors{
                "scn.yaml:3:31: deployment.tensor_parallel: 'two' is not an integer; expected an "
                "integer >= 1 and <= 128",
                "scn.yaml:6:13: simulation: got '100'; expected a map with num_requests and/or "
                "duration_s",
            }));
}

TEST(ScenarioTest, EmptyOrNonMapFile) {
  EXPECT_EQ(ErrorsOf([] { LoadText(""); }),
            Errors{"scn.yaml: got an empty value; expected a map of scenario keys (model, gpu, "
                   "engine, workload, simulation, ...)"});
  EXPECT_EQ(ErrorsOf([] { LoadText("- a\n- b\n"); }),
            Errors{"scn.yaml:1:1: got a list; expected a map of scenario keys (model, gpu, "
                   "engine, workload, simulation, ...)"});
}

TEST(ScenarioTest, TraceExcludesSyntheticSlots) {
  const std::string text = Lines({
      "model: llama-3.1-8b",
      "gpu: h100_sxm",
      "engine: vllm",
      "workload:",
      "  trace: {kind: azure_llm_2023, path: t.csv}",
      "  arrival: {kind: poisson, rate_per_s: 1}",
      "simulation: {duration_s: 60}",
  });
  EXPECT_EQ(ErrorsOf([&] { LoadText(text); }),
            Errors{"scn.yaml:6:12: workload.arrival: not allowed together with workload.trace; "
                   "expected either trace alone, or arrival, prompt_tokens and output_tokens"});
}

TEST(ScenarioTest, SyntheticWorkloadNeedsAllThreeSlots) {
  const std::string text = Lines({
      "model: llama-3.1-8b",
      "gpu: h100_sxm",
      "engine: vllm",
      "workload:",
      "  arrival: {kind: poisson, rate_per_s: 1}",
      "simulation: {duration_s: 60}",
  });
  EXPECT_EQ(ErrorsOf([&] { LoadText(text); }),
            (Errors{"scn.yaml:5:3: workload.prompt_tokens: missing required key; expected "
                    "{kind: NAME, <option>: value, ...} (or give workload.trace instead)",
                    "scn.yaml:5:3: workload.output_tokens: missing required key; expected "
                    "{kind: NAME, <option>: value, ...} (or give workload.trace instead)"}));
}

TEST(ScenarioTest, SloNeedsAThresholdAndAPercentileStrictlyInside0To100) {
  auto errors_with_slo = [](const std::string& slo) {
    return ErrorsOf([&] { LoadText(ValidScenarioText(), {"slo=" + slo}); });
  };
  EXPECT_EQ(errors_with_slo("{percentile: 90}"),
            Errors{"--set:1:1: slo: no threshold given; expected a preset or at least one of "
                   "ttft_ms, tpot_ms, e2e_ms"});
  EXPECT_EQ(errors_with_slo("{e2e_ms: 1000, percentile: 100}"),
            Errors{"--set:1:1: slo.percentile: 100 is out of range; expected a number > 0 and "
                   "< 100"});
  EXPECT_EQ(errors_with_slo("{e2e_ms: 1000, percentile: 0}"),
            Errors{"--set:1:1: slo.percentile: 0 is out of range; expected a number > 0 and < "
                   "100"});
  EXPECT_EQ(LoadText(ValidScenarioText(), {"slo={e2e_ms: 1000, percentile: 99.9}"}).slo->percentile,
            99.9);
}

TEST(ScenarioTest, SimulationNeedsAStoppingRule) {
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"simulation={seed: 3}"}); }),
            Errors{"--set:1:1: simulation: no stopping rule; expected num_requests, duration_s "
                   "or both"});
}

// 0 < gpu_memory_utilization <= 1, checked on scenario overrides like on catalog files.
TEST(ScenarioTest, GpuMemoryUtilizationBoundaries) {
  auto load = [](const std::string& value) {
    return LoadText(ValidScenarioText(), {"engine.gpu_memory_utilization=" + value});
  };
  EXPECT_EQ(load("1.0").engine.gpu_memory_utilization, 1.0);
  EXPECT_EQ(ErrorsOf([&] { load("1.01"); }),
            Errors{"--set:1:1: engine.gpu_memory_utilization: 1.01 is out of range; expected a "
                   "number > 0 and <= 1"});
  EXPECT_EQ(ErrorsOf([&] { load("0"); }),
            Errors{"--set:1:1: engine.gpu_memory_utilization: 0 is out of range; expected a "
                   "number > 0 and <= 1"});
}

TEST(ScenarioTest, BlockSizeMustBePositive) {
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"engine.block_size=0"}); }),
            Errors{"--set:1:1: engine.block_size: 0 is out of range; expected an integer >= 1"});
  EXPECT_EQ(LoadText(ValidScenarioText(), {"engine.block_size=1"}).engine.block_size, 1);
}

}  // namespace
}  // namespace gpuplan
