// The load-test fit recovers terms it generated measurements with, keeps to its bounds, and
// predicts a left-out run; the fitted model at the start terms is the scenario's own.
#include "sim/loadtest/terms_fit.h"

#include <gtest/gtest.h>

#include "tests/runner/runner_test_util.h"

namespace gpuplan {
namespace {

using testing::ScenarioFromYaml;
using testing::SharedBuiltins;

// Llama-3.1-8B on one H100 with the roofline and vLLM's preset (no async scheduling, so the
// host time of every step shows).
Scenario RooflineScenario() {
  return ScenarioFromYaml(R"(
model: llama-3.1-8b
gpu: h100_sxm
deployment: {replicas: 1}
engine: {preset: vllm}
latency: {kind: roofline}
workload:
  arrival: {kind: poisson, rate_per_s: 1}
  prompt_tokens: {kind: fixed, tokens: 100}
  output_tokens: {kind: fixed, tokens: 10}
simulation: {num_requests: 5}
)");
}

// A closed loop of `clients` sending `n` requests of 400 + 32 tokens (statistics filled later).
MeasuredRun ClosedLoop(int clients, int n) {
  MeasuredRun run;
  run.format = "vllm_bench_json";
  run.source_file = "c" + std::to_string(clients) + ".json";
  run.regime = {.max_concurrency = clients, .num_requests = n};
  for (int i = 0; i < n; ++i) {
    run.requests.push_back({.input_tokens = 400 + 13 * (i % 5), .output_tokens = 32});
  }
  run.stats = {{"mean_ttft_ms", 1}};
  return run;
}

// Measurements made by the simulation itself with `truth`: what a perfect fit must find.
std::vector<MeasuredRun> MeasuredWith(const ServingTerms& truth) {
  const std::vector<MeasuredRun> loads = {ClosedLoop(1, 12), ClosedLoop(24, 48)};
  const ServingFitter generator(RooflineScenario(), SharedBuiltins(), loads);
  std::vector<MeasuredRun> measured;
  for (const CompareResult& r : generator.Evaluate(truth, {}, 1)) {
    MeasuredRun m = r.simulated;
    m.source_file = "measured-" + std::to_string(measured.size());
    measured.push_back(std::move(m));
  }
  return measured;
}

TEST(TermsFitTest, StartTermsAreTheEnginePresets) {
  const ServingFitter fitter(RooflineScenario(), SharedBuiltins(), {ClosedLoop(1, 2)});
  EXPECT_EQ(fitter.start()[ServingTerm::kHostPerStepUs], 1000);  // configs/engines/vllm.yaml
  EXPECT_EQ(fitter.start()[ServingTerm::kHostPerRequestUs], 15);
  EXPECT_EQ(fitter.start()[ServingTerm::kHostOverlap], 0);
  EXPECT_EQ(fitter.start()[ServingTerm::kGemmTimeScale], 1);
}

TEST(TermsFitTest, AtTheStartTheFitModelIsTheScenariosOwn) {
  const Scenario s = RooflineScenario();
  const MeasuredRun run = ClosedLoop(4, 8);
  const ServingFitter fitter(s, SharedBuiltins(), {run});
  const CompareResult own = CompareWithSimulation(s, SharedBuiltins(), run);
  const CompareResult fit = fitter.Evaluate(fitter.start(), {}, 1)[0];
  ASSERT_FALSE(own.simulated.stats.empty());
  EXPECT_EQ(fit.simulated.stats, own.simulated.stats);
}

TEST(TermsFitTest, RecoversTheTermsItMeasuredWith) {
  ServingTerms truth = ServingTerms::Defaults(RooflineScenario().engine);
  truth[ServingTerm::kHostPerStepUs] = 1600;
  truth[ServingTerm::kGemmTimeScale] = 1.3;
  const ServingFitter fitter(RooflineScenario(), SharedBuiltins(), MeasuredWith(truth));
  ServingFitOptions options;
  options.free_terms = {ServingTerm::kHostPerStepUs, ServingTerm::kGemmTimeScale};
  options.regularization = 0;
  options.threads = 1;
  const ServingFitResult fit = fitter.Fit(options);
  // Stated tolerance: 3% on each term (the search's last step is 1/4096 of a term's range).
  EXPECT_NEAR(fit.fitted[ServingTerm::kHostPerStepUs], 1600, 0.03 * 1600);
  EXPECT_NEAR(fit.fitted[ServingTerm::kGemmTimeScale], 1.3, 0.03 * 1.3);
  // Terms not fitted keep their start.
  EXPECT_EQ(fit.fitted[ServingTerm::kHostPerRequestUs], 15);
  EXPECT_EQ(fit.fitted[ServingTerm::kAttentionTimeScale], 1);
  EXPECT_GT(fit.loss_start, 100 * fit.loss);
  ASSERT_EQ(fit.after.size(), 2u);
  EXPECT_LT(fit.after[0].median_abs_error, 0.01);
  EXPECT_GT(fit.before[0].median_abs_error, 0.1);
  EXPECT_TRUE(fit.at_bound.empty());
}

TEST(TermsFitTest, NeverLeavesTheDocumentedBounds) {
  ServingTerms truth = ServingTerms::Defaults(RooflineScenario().engine);
  truth[ServingTerm::kGemmTimeScale] = 6;  // above the upper bound of 4
  const ServingFitter fitter(RooflineScenario(), SharedBuiltins(), MeasuredWith(truth));
  ServingFitOptions options;
  options.free_terms = {ServingTerm::kGemmTimeScale};
  options.regularization = 0;
  const ServingFitResult fit = fitter.Fit(options);
  EXPECT_EQ(fit.fitted[ServingTerm::kGemmTimeScale], InfoOf(ServingTerm::kGemmTimeScale).upper);
  ASSERT_EQ(fit.at_bound.size(), 1u);
  EXPECT_EQ(fit.at_bound[0], ServingTerm::kGemmTimeScale);
}

TEST(TermsFitTest, RegularizationKeepsUninformedTermsAtTheirStart) {
  // Measurements at the start terms: nothing to move towards, so nothing moves.
  const ServingFitter fitter(RooflineScenario(), SharedBuiltins(),
                             MeasuredWith(ServingTerms::Defaults(RooflineScenario().engine)));
  ServingFitOptions options;
  options.max_evaluations = 60;
  const ServingFitResult fit = fitter.Fit(options);
  EXPECT_EQ(fit.fitted, fitter.start());
  EXPECT_EQ(fit.loss, 0);
  EXPECT_EQ(fit.evaluations, 60);
}

TEST(TermsFitTest, LeaveOneOutPredictsEachRunFromTheOthers) {
  ServingTerms truth = ServingTerms::Defaults(RooflineScenario().engine);
  truth[ServingTerm::kGemmTimeScale] = 1.5;
  const ServingFitter fitter(RooflineScenario(), SharedBuiltins(), MeasuredWith(truth));
  ServingFitOptions options;
  options.free_terms = {ServingTerm::kGemmTimeScale};
  options.regularization = 0;
  const std::vector<HeldOutRun> held = fitter.LeaveOneOut(options);
  ASSERT_EQ(held.size(), 2u);
  for (const HeldOutRun& h : held) {
    EXPECT_NEAR(h.fitted[ServingTerm::kGemmTimeScale], 1.5, 0.03 * 1.5) << h.file;
    EXPECT_LT(h.median_abs_error_fit, 0.02) << h.file;
    EXPECT_GT(h.median_abs_error_start, 0.1) << h.file;
  }
}

TEST(TermsFitTest, RefusesALatencyModelItCannotAdjust) {
  Scenario s = ScenarioFromYaml(testing::FixedModelScenario(testing::kOneRequest));
  EXPECT_THROW(ServingFitter(s, SharedBuiltins(), {ClosedLoop(1, 2)}), ConfigError);
  EXPECT_THROW(ServingFitter(RooflineScenario(), SharedBuiltins(), {}), UsageError);
}

TEST(TermsFitTest, RunLossIsTheMeanSquaredLogError) {
  CompareResult r;
  r.rows = {{"a", 10, 10 * std::exp(0.2), 0}, {"b", 4, 4 * std::exp(-0.4), 0}, {"c", 0, 3, 1}};
  EXPECT_NEAR(RunLoss(r), (0.04 + 0.16) / 2, 1e-12);  // the zero measurement is left out
  r.rows = {{"a", 10, 0, -1}};
  EXPECT_NEAR(RunLoss(r), std::log(1e-3) * std::log(1e-3), 1e-9);
}

}  // namespace
}  // namespace gpuplan
