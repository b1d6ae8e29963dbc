// Candidates are made by typed edits of the base scenario (ADR 0012). Until this change they were
// made by writing the base back to YAML and loading it again with --set arguments; that path is
// kept here, as it was, so the two can be compared field by field on hand-picked candidates.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/config/spec_fields.h"
#include "sim/latency/calibrated_registry.h"
#include "sim/plan/candidates.h"
#include "sim/plan/plan_output.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

// --- the former path: resolved YAML + --set, loaded again --------------------------------------

std::vector<std::string> FormerSets(const PlanSpec& plan, const Candidate& c) {
  std::vector<std::string> sets;
  if (!plan.candidates.gpus.empty()) sets.push_back("gpu=" + c.gpu);
  sets.push_back(fmt::format("deployment.tensor_parallel={}", c.tensor_parallel));
  sets.push_back("deployment.replicas=1");
  if (c.engine.preset.empty()) {
    for (const auto& [name, value] : c.engine.knobs) {
      sets.push_back(fmt::format("engine.{}={}", name, value));
    }
  } else {
    std::string map = "engine={preset: " + c.engine.preset;
    for (const auto& [name, value] : c.engine.knobs) map += fmt::format(", {}: {}", name, value);
    sets.push_back(map + "}");
  }
  const std::string& bundle = plan.candidates.calibration_bundle;
  std::vector<std::string> tried;
  if (!bundle.empty()) {
    if (auto dir = ResolveBundleDir(
            bundle, c.gpu, {.base_dir = plan.base_dir, .catalog_root = plan.base.catalog_root},
            &tried)) {
      std::string set = fmt::format("latency={{kind: calibrated, bundle: '{}'", *dir);
      if (plan.base.latency.kind == "roofline") {
        for (const auto& [name, value] : plan.base.latency.options.values) {
          set += fmt::format(", {}: {}", name, value.text);
        }
      }
      sets.push_back(set + "}");
    }
  }
  return sets;
}

// The candidate's scenario as the former path made it, or its prune reason.
std::string FormerReason(const PlanSpec& plan, const Candidate& c, Scenario* out) {
  try {
    *out = LoadScenarioFromString(ToResolvedYaml(plan.base), fmt::format("candidate {}", c.id),
                                  FormerSets(plan, c), ShippedCatalog(),
                                  PlanLoaderOptions(SharedBuiltins()));
    return "";
  } catch (const ConfigError& e) {
    std::string reason;
    for (const Diagnostic& d : e.diagnostics()) {
      if (!reason.empty()) reason += "; ";
      reason += d.path.empty() ? d.message : d.path + ": " + d.message;
    }
    return reason;
  }
}

// --- field by field ----------------------------------------------------------------------------

template <class Spec>
void ExpectSameEntry(const Spec& a, const Spec& b, const std::string& what) {
  EXPECT_EQ(a.name, b.name) << what;
  for (const detail::SpecField<Spec>& field : detail::FieldsOf<Spec>()) {
    std::visit([&](auto member) { EXPECT_EQ(a.*member, b.*member) << what << "." << field.name; },
               field.member);
  }
}

void ExpectSamePolicy(const PolicyChoice& a, const PolicyChoice& b) {
  EXPECT_EQ(a.kind, b.kind) << a.path;
  EXPECT_EQ(a.path, b.path);
  ASSERT_EQ(a.options.values.size(), b.options.values.size()) << a.path;
  for (const auto& [name, value] : a.options.values) {
    ASSERT_TRUE(b.options.values.count(name)) << a.path << "." << name;
    EXPECT_EQ(value.text, b.options.values.at(name).text) << a.path << "." << name;
  }
}

void ExpectSameScenario(const Scenario& typed, const Scenario& former) {
  ExpectSameEntry(typed.model, former.model, "model");
  ExpectSameEntry(typed.gpu, former.gpu, "gpu");
  ExpectSameEntry(typed.engine, former.engine, "engine");
  const Deployment &a = typed.deployment, &b = former.deployment;
  EXPECT_EQ(a.replicas, b.replicas);
  EXPECT_EQ(a.tensor_parallel, b.tensor_parallel);
  EXPECT_EQ(a.pipeline_parallel, b.pipeline_parallel);
  EXPECT_EQ(a.gpus_per_node, b.gpus_per_node);
  EXPECT_EQ(a.weight_dtype, b.weight_dtype);
  EXPECT_EQ(a.kv_dtype, b.kv_dtype);
  ExpectSamePolicy(typed.scheduler, former.scheduler);
  ExpectSamePolicy(typed.router, former.router);
  ExpectSamePolicy(typed.latency, former.latency);
  ExpectSamePolicy(*typed.workload.arrival, *former.workload.arrival);
  ExpectSamePolicy(*typed.workload.prompt_tokens, *former.workload.prompt_tokens);
  ExpectSamePolicy(*typed.workload.output_tokens, *former.workload.output_tokens);
  EXPECT_EQ(typed.base_dir, former.base_dir);
  EXPECT_EQ(typed.simulation.seed, former.simulation.seed);
  EXPECT_EQ(typed.simulation.num_requests, former.simulation.num_requests);
  // The typed path also carries the options read, current for every slot.
  EXPECT_NE(typed.scheduler.TypedIfCurrent(), nullptr);
  EXPECT_NE(typed.latency.TypedIfCurrent(), nullptr);
}

CandidateSet Build(const PlanSpec& plan) {
  Diagnostics diags;
  const SloStep slo = ResolvePlanSlo(plan, diags);
  const TrafficStep traffic = ResolvePlanTraffic(plan, slo.targets, SharedBuiltins(), diags);
  diags.ThrowIfAny();
  return BuildCandidates(plan, slo, traffic, ShippedCatalog(), SharedBuiltins());
}

PlanSpec PlanWith(const std::string& candidates, const std::string& latency = "") {
  return PlanFromYaml(R"(
scenario:
  model: llama-3.1-8b
  gpu: h100_sxm
  engine: {preset: vllm, max_num_seqs: 128}
)" + latency + R"(
  workload:
    prompt_tokens: {kind: fixed, tokens: 1000}
    output_tokens: {kind: fixed, tokens: 200}
traffic: {peak_rate_per_s: 2}
slo: {preset: chatbot}
candidates: )" + candidates +
                      "\n");
}

// Every candidate of `candidates` (over an 8B model on an H100 base) made both ways; returns how
// many the loader refused.
int ExpectBothPathsAgree(const std::string& candidates, const std::string& latency = "") {
  const PlanSpec plan = PlanWith(candidates, latency);
  const CandidateSet set = Build(plan);
  int refused = 0;
  EXPECT_FALSE(set.all.empty());
  for (const Candidate& c : set.all) {
    SCOPED_TRACE(c.label);
    Scenario former;
    const std::string former_reason = FormerReason(plan, c, &former);
    if (!former_reason.empty()) {
      EXPECT_TRUE(c.pruned);
      EXPECT_EQ(c.prune_reason, former_reason);
      ++refused;
      continue;
    }
    // Loaded both ways (the memory and the policies' build are judged after loading).
    ExpectSameScenario(c.scenario, former);
  }
  return refused;
}

// Another GPU re-picks the engine's GPU defaults (vLLM's max_num_batched_tokens on an L40S) but
// keeps the scenario's own max_num_seqs; TP 3 does not divide the 32 heads.
TEST(CandidateEditsTest, GpuAndTensorParallelAsTheLoaderMadeThem) {
  // TP 3 on each of the three GPUs.
  EXPECT_EQ(ExpectBothPathsAgree("{gpus: [h100_sxm, l40s, a100_80gb_sxm], tensor_parallel: [1, 2, "
                                 "3]}"),
            3);
}

// Knobs on the base engine (sources kept, so a knob at the preset's own value is still the
// preset's) and on another preset (sources "override at ..."), a scheduler knob included.
TEST(CandidateEditsTest, EngineKnobsAndPresetsAsTheLoaderMadeThem) {
  // Both refused: without chunked prefill vLLM needs max_num_batched_tokens (2048 on an L40S)
  // of at least max_model_len (the model's 131072).
  EXPECT_EQ(ExpectBothPathsAgree("{gpus: [l40s], knobs: {max_num_seqs: [1024, 64], "
                                 "enable_chunked_prefill: [false]}}"),
            2);
  EXPECT_EQ(ExpectBothPathsAgree("{gpus: [l40s], knobs: {max_num_seqs: [1024, 64]}}"), 0);
  EXPECT_EQ(ExpectBothPathsAgree("{gpus: [h100_sxm, l40s], engines: [vllm, sglang, trtllm], "
                                 "knobs: {max_num_seqs: [64]}}"),
            0);
  EXPECT_EQ(ExpectBothPathsAgree("{knobs: {scheduler: [static, continuous]}}"), 0);
}

// The plan's calibration bundle: calibrated on the GPU that has it, with the base's roofline
// options as the fallback's; the base's model on the others.
TEST(CandidateEditsTest, CalibratedLatencyAsTheLoaderMadeIt) {
  EXPECT_EQ(ExpectBothPathsAgree("{gpus: [h100_sxm, l40s], calibration_bundle: vidur-llama-2-70b}",
                                 "  latency: {kind: roofline, gemm_compute_efficiency: 0.6}"),
            0);
  const CandidateSet set =
      Build(PlanWith("{gpus: [h100_sxm, l40s], calibration_bundle: "
                     "vidur-llama-2-70b}"));
  ASSERT_EQ(set.all.size(), 2u);
  EXPECT_EQ(set.all[0].scenario.latency.kind, "calibrated");
  EXPECT_EQ(set.all[1].scenario.latency.kind, "roofline");  // no bundle for the L40S
}

// Invalid edits give the loader's messages: a TP that does not divide the heads, a TP beyond the
// limit, a scheduler that does not exist.
TEST(CandidateEditsTest, InvalidEditsGiveTheLoadersMessages) {
  EXPECT_EQ(ExpectBothPathsAgree("{tensor_parallel: [3, 5, 256]}"), 3);
  EXPECT_EQ(ExpectBothPathsAgree("{knobs: {scheduler: [fifo]}}"), 1);
  EXPECT_EQ(ExpectBothPathsAgree("{engines: [sglang], knobs: {scheduler: [fifo]}}"), 1);
  const CandidateSet set = Build(PlanWith("{tensor_parallel: [3]}"));
  ASSERT_EQ(set.all.size(), 1u);
  EXPECT_EQ(set.all[0].prune_reason,
            "deployment.tensor_parallel: 3 does not divide the 32 attention heads of model "
            "'llama-3.1-8b'; expected a divisor of 32 (1, 2, 4, 8, 16, 32)");
}

}  // namespace
}  // namespace gpuplan
