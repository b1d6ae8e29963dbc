// ToResolvedYaml: complete, deterministic, and loading it again gives the same scenario.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "sim/config/scenario.h"
#include "tests/config/config_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::FakeValidators;
using ::gpuplan::testing::LoadText;
using ::gpuplan::testing::TestCatalog;
using ::gpuplan::testing::TestdataDir;
using ::gpuplan::testing::ValidScenarioText;

// Field-by-field comparisons, written out by hand (not from the loader's field tables) so that
// a field the writer forgets makes the round trip fail.
void ExpectSameGpu(const GpuSpec& a, const GpuSpec& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.display_name, b.display_name);
  EXPECT_EQ(a.memory_gib, b.memory_gib);
  EXPECT_EQ(a.hbm_tbps, b.hbm_tbps);
  EXPECT_EQ(a.bf16_tflops, b.bf16_tflops);
  EXPECT_EQ(a.fp16_tflops, b.fp16_tflops);
  EXPECT_EQ(a.fp8_tflops, b.fp8_tflops);
  EXPECT_EQ(a.int8_tops, b.int8_tops);
  EXPECT_EQ(a.interconnect, b.interconnect);
  EXPECT_EQ(a.interconnect_gbps, b.interconnect_gbps);
  EXPECT_EQ(a.interconnect_latency_us, b.interconnect_latency_us);
  EXPECT_EQ(a.pcie_gbps, b.pcie_gbps);
  EXPECT_EQ(a.sm_count, b.sm_count);
  EXPECT_EQ(a.tdp_w, b.tdp_w);
  EXPECT_EQ(a.price_usd_per_gpu_hour, b.price_usd_per_gpu_hour);
  EXPECT_EQ(a.price_date, b.price_date);
  EXPECT_EQ(a.price_source, b.price_source);
  EXPECT_EQ(a.price_tier, b.price_tier);
  EXPECT_EQ(a.price_region, b.price_region);
  EXPECT_EQ(a.sources, b.sources);
}

void ExpectSameModel(const ModelSpec& a, const ModelSpec& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.display_name, b.display_name);
  EXPECT_EQ(a.num_layers, b.num_layers);
  EXPECT_EQ(a.hidden_size, b.hidden_size);
  EXPECT_EQ(a.num_attention_heads, b.num_attention_heads);
  EXPECT_EQ(a.num_kv_heads, b.num_kv_heads);
  EXPECT_EQ(a.head_dim, b.head_dim);
  EXPECT_EQ(a.intermediate_size, b.intermediate_size);
  EXPECT_EQ(a.vocab_size, b.vocab_size);
  EXPECT_EQ(a.max_context_tokens, b.max_context_tokens);
  EXPECT_EQ(a.gated_mlp, b.gated_mlp);
  EXPECT_EQ(a.tie_word_embeddings, b.tie_word_embeddings);
  EXPECT_EQ(a.sources, b.sources);
}

void ExpectSameEngine(const EngineSpec& a, const EngineSpec& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.display_name, b.display_name);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.scheduler, b.scheduler);
  EXPECT_EQ(a.max_num_seqs, b.max_num_seqs);
  EXPECT_EQ(a.max_num_batched_tokens, b.max_num_batched_tokens);
  EXPECT_EQ(a.block_size, b.block_size);
  EXPECT_EQ(a.gpu_memory_utilization, b.gpu_memory_utilization);
  EXPECT_EQ(a.enable_chunked_prefill, b.enable_chunked_prefill);
  EXPECT_EQ(a.preemption_mode, b.preemption_mode);
  EXPECT_EQ(a.watermark, b.watermark);
  EXPECT_EQ(a.cpu_overhead_per_step_us, b.cpu_overhead_per_step_us);
  EXPECT_EQ(a.cpu_overhead_per_request_us, b.cpu_overhead_per_request_us);
  EXPECT_EQ(a.activation_reserve_gib, b.activation_reserve_gib);
  EXPECT_EQ(a.sources, b.sources);
}

void ExpectSamePolicy(const PolicyChoice& a, const PolicyChoice& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.options.path, b.options.path);
  ASSERT_EQ(a.options.values.size(), b.options.values.size()) << a.path;
  for (const auto& [name, value] : a.options.values) {
    ASSERT_TRUE(b.options.values.count(name)) << a.path << "." << name;
    const ParamValue& other = b.options.values.at(name);
    EXPECT_EQ(value.text, other.text) << name;
    EXPECT_EQ(value.is_list, other.is_list) << name;
    EXPECT_EQ(value.list, other.list) << name;
  }
}

void ExpectSamePolicy(const std::optional<PolicyChoice>& a, const std::optional<PolicyChoice>& b) {
  ASSERT_EQ(a.has_value(), b.has_value());
  if (a) ExpectSamePolicy(*a, *b);
}

void ExpectSameScenario(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  ExpectSameModel(a.model, b.model);
  ExpectSameGpu(a.gpu, b.gpu);
  EXPECT_EQ(a.deployment.replicas, b.deployment.replicas);
  EXPECT_EQ(a.deployment.tensor_parallel, b.deployment.tensor_parallel);
  EXPECT_EQ(a.deployment.pipeline_parallel, b.deployment.pipeline_parallel);
  EXPECT_EQ(a.deployment.gpus_per_node, b.deployment.gpus_per_node);
  EXPECT_EQ(a.deployment.weight_dtype, b.deployment.weight_dtype);
  EXPECT_EQ(a.deployment.kv_dtype, b.deployment.kv_dtype);
  ExpectSameEngine(a.engine, b.engine);
  ExpectSamePolicy(a.scheduler, b.scheduler);
  ExpectSamePolicy(a.router, b.router);
  ExpectSamePolicy(a.latency, b.latency);
  ExpectSamePolicy(a.workload.arrival, b.workload.arrival);
  ExpectSamePolicy(a.workload.prompt_tokens, b.workload.prompt_tokens);
  ExpectSamePolicy(a.workload.output_tokens, b.workload.output_tokens);
  ExpectSamePolicy(a.workload.trace, b.workload.trace);
  ASSERT_EQ(a.slo.has_value(), b.slo.has_value());
  if (a.slo) {
    EXPECT_EQ(a.slo->thresholds.ttft_ms(), b.slo->thresholds.ttft_ms());
    EXPECT_EQ(a.slo->thresholds.tpot_ms(), b.slo->thresholds.tpot_ms());
    EXPECT_EQ(a.slo->thresholds.e2e_ms(), b.slo->thresholds.e2e_ms());
    EXPECT_EQ(a.slo->percentile, b.slo->percentile);
  }
  EXPECT_EQ(a.simulation.num_requests, b.simulation.num_requests);
  EXPECT_EQ(a.simulation.duration_s, b.simulation.duration_s);
  EXPECT_EQ(a.simulation.warmup_s, b.simulation.warmup_s);
  EXPECT_EQ(a.simulation.seed, b.simulation.seed);
  EXPECT_EQ(a.simulation.timeseries_interval_s, b.simulation.timeseries_interval_s);
  EXPECT_EQ(a.base_dir, b.base_dir);
}

// Reloads `yaml` as if it had been saved somewhere else, against `catalog`.
Scenario Reload(const std::string& yaml, const Catalog& catalog) {
  return LoadScenarioFromString(yaml, "/results/run-1/resolved_scenario.yaml", {}, catalog,
                                FakeValidators());
}

TEST(ResolvedYamlTest, RoundTripOfAFullScenarioWithOverrides) {
  const Scenario original = LoadScenario(TestdataDir() + "/scenarios/chatbot.yaml",
                                         {"engine.watermark=0.05", "workload.arrival.cv=0.3"},
                                         TestCatalog(), FakeValidators());
  const std::string yaml = ToResolvedYaml(original);
  const Scenario reloaded = Reload(yaml, TestCatalog());
  ExpectSameScenario(original, reloaded);
  EXPECT_EQ(ToResolvedYaml(reloaded), yaml);
}

// Catalog entries are written in full, so the resolved file needs no catalog.
TEST(ResolvedYamlTest, ResolvedScenarioIsSelfContained) {
  // An absolute pseudo path: base_dir is absolute, as LoadScenario always makes it.
  const Scenario original = LoadScenarioFromString(ValidScenarioText(), "/scenarios/scn.yaml", {},
                                                   TestCatalog(), FakeValidators());
  const Scenario reloaded = Reload(ToResolvedYaml(original), Catalog{});
  ExpectSameScenario(original, reloaded);
}

// A GPU without a price has no tier: the writer leaves the unset choice out ("" is not one of
// kPriceTiers), so the file loads again; a priced GPU writes its tier and region.
TEST(ResolvedYamlTest, AnUnsetPriceTierIsLeftOutAndASetOneKept) {
  std::string text = ValidScenarioText();
  text.replace(text.find("gpu: h100_sxm"), 13, "gpu: a100_sxm");
  const Scenario unpriced_tier = LoadText(text);  // a100_sxm: a price of a stated tier
  EXPECT_NE(ToResolvedYaml(unpriced_tier).find("price_tier: gpu_cloud_on_demand"),
            std::string::npos);
  Scenario bare = unpriced_tier;
  bare.gpu.price_usd_per_gpu_hour = 0;
  bare.gpu.price_tier.clear();
  const std::string yaml = ToResolvedYaml(bare);
  EXPECT_EQ(yaml.find("price_tier"), std::string::npos);
  const Scenario reloaded = Reload(yaml, Catalog{});
  ExpectSameGpu(bare.gpu, reloaded.gpu);
}

TEST(ResolvedYamlTest, RoundTripOfATraceScenario) {
  const Scenario original =
      LoadScenario(TestdataDir() + "/scenarios/trace.yaml", {}, TestCatalog(), FakeValidators());
  const Scenario reloaded = Reload(ToResolvedYaml(original), TestCatalog());
  ExpectSameScenario(original, reloaded);
  EXPECT_EQ(reloaded.base_dir, TestdataDir() + "/traces");
}

TEST(ResolvedYamlTest, RoundTripKeepsListOptions) {
  const Scenario original = LoadScenarioFromString(ValidScenarioText(), "/s/scn.yaml",
                                                   {"latency={kind: table, points: [1, 2.5, 4]}"},
                                                   TestCatalog(), PolicyValidators{});
  const Scenario reloaded = LoadScenarioFromString(ToResolvedYaml(original), "/x/r.yaml", {},
                                                   Catalog{}, PolicyValidators{});
  ExpectSameScenario(original, reloaded);
  EXPECT_EQ(reloaded.latency.options.values.at("points").list,
            (std::vector<std::string>{"1", "2.5", "4"}));
}

std::vector<std::string> KeysOf(const YAML::Node& map) {
  std::vector<std::string> keys;
  for (auto it = map.begin(); it != map.end(); ++it) keys.push_back(it->first.Scalar());
  return keys;
}

TEST(ResolvedYamlTest, KeyOrderIsFixed) {
  const YAML::Node root = YAML::Load(ToResolvedYaml(LoadText(ValidScenarioText())));
  EXPECT_EQ(KeysOf(root), (std::vector<std::string>{"name", "description", "base_dir", "model",
                                                    "gpu", "deployment", "engine", "router",
                                                    "latency", "workload", "slo", "simulation"}));
  EXPECT_EQ(KeysOf(root["engine"]), (std::vector<std::string>{"name",
                                                              "display_name",
                                                              "version",
                                                              "max_num_seqs",
                                                              "max_num_batched_tokens",
                                                              "block_size",
                                                              "gpu_memory_utilization",
                                                              "enable_chunked_prefill",
                                                              "preemption_mode",
                                                              "watermark",
                                                              "cpu_overhead_per_step_us",
                                                              "cpu_overhead_per_request_us",
                                                              "async_scheduling",
                                                              "enable_prefix_caching",
                                                              "activation_reserve_gib",
                                                              "all_reduce",
                                                              "cuda_graph_mode",
                                                              "kv_memory_rule",
                                                              "max_model_len",
                                                              "num_gpu_blocks_override",
                                                              "gpu_defaults",
                                                              "scheduler",
                                                              "sources"}));
  EXPECT_EQ(KeysOf(root["deployment"]),
            (std::vector<std::string>{"replicas", "tensor_parallel", "pipeline_parallel",
                                      "gpus_per_node", "weight_dtype", "kv_dtype"}));
  EXPECT_EQ(
      KeysOf(root["simulation"]),
      (std::vector<std::string>{"num_requests", "warmup_s", "seed", "timeseries_interval_s"}));
}

TEST(ResolvedYamlTest, NumbersAreWrittenInShortestForm) {
  const std::string yaml = ToResolvedYaml(LoadText(ValidScenarioText()));
  EXPECT_NE(yaml.find("  gpu_memory_utilization: 0.92\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("  hbm_tbps: 3.35\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("  memory_gib: 80\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("  weight_dtype: bf16\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("    rate_per_s: 5.5\n"), std::string::npos) << yaml;
}

}  // namespace
}  // namespace gpuplan
