// plan.json's one struct and codec (sim/documents/plan_document.h): every plan.json the tests hold
// reads back and writes out byte for byte; a hand-built document survives the trip field by
// field; the reader refuses, at the member's path, what gpuplan never writes.
//
// tests/documents/plan_fixtures/cost_cap_binds.json is a `gpuplan plan` output written before the
// codec existed (by the hand-written plan.json writer it replaced), for what the report fixture
// (tests/reports/testdata/plan_small/) does not have: a cost cap that binds (given_up,
// considered, the cap inside the recommendation). It was written by
//   gpuplan plan tests/reports/testdata/small_plan.yaml
//     --set 'constraints={max_monthly_cost: 3000}' --out DIR
// (one command line)
// with this checkout's path replaced by <source>. It needs no regenerating while plan.json's
// layout holds: a layout change that breaks its round trip is the change to look at.
#include "sim/documents/plan_document.h"

#include <gtest/gtest.h>

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
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Every plan.json the tests hold: the report fixtures and the fixtures above.
std::vector<fs::path> PlanFiles() {
  std::vector<fs::path> files;
  for (const fs::path& dir : {kSource / "tests/reports/testdata", kSource / "tests/documents"}) {
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".json") continue;
      if (ReadTextFile(e.path()).find("\"schema\": \"gpuplan.plan/") != std::string::npos) {
        files.push_back(e.path());
      }
    }
  }
  return files;
}

TEST(PlanDocumentTest, EveryPlanJsonOfTheTestsRoundTripsByteForByte) {
  const std::vector<fs::path> files = PlanFiles();
  ASSERT_GE(files.size(), 2u);  // the report fixture and the cost-cap fixture at least
  for (const fs::path& path : files) {
    const std::string text = ReadTextFile(path);
    const std::string again = PlanDocumentJson(ParsePlanDocument(text, path.string()));
    EXPECT_EQ(again, text) << path;
  }
}

TEST(PlanDocumentTest, TheCostCapFixtureReadsAsABindingCap) {
  const PlanDocument plan =
      ReadPlanDocumentFile(kSource / "tests/documents/plan_fixtures/cost_cap_binds.json");
  ASSERT_TRUE(plan.cost_cap.has_value());
  EXPECT_EQ(plan.cost_cap->status, "binds");
  EXPECT_EQ(plan.cost_cap->max_monthly_cost, 3000);
  ASSERT_EQ(plan.cost_cap->given_up.size(), 1u);
  EXPECT_EQ(plan.cost_cap->given_up[0].metric, "tpot");
  EXPECT_EQ(plan.cost_cap->given_up[0].ci.n, 2);
  ASSERT_TRUE(plan.cost_cap->cheapest_meeting_slo.has_value());
  EXPECT_EQ(plan.cost_cap->cheapest_meeting_slo->replicas, 3);
  EXPECT_FALSE(plan.cost_cap->cheapest_fleet.has_value());
  ASSERT_TRUE(plan.recommendation.has_value());
  EXPECT_EQ(plan.recommendation->replicas, 2);
  EXPECT_TRUE(std::isnan(plan.inputs.slo.speed_tokens_per_s));  // null: not given
  EXPECT_EQ(plan.inputs.max_monthly_cost, 3000);
}

// A document with every kind of member: nulls, absent optionals, ordered free-form objects, the
// three kinds of given-up entry.
PlanDocument HandBuilt() {
  PlanDocument plan;
  plan.provenance = {.gpuplan_version = "9.9.9",
                     .plan_file = "plan.yaml",
                     .name = "tiny",
                     .seeds = {1, 2},
                     .requests_per_probe = 100,
                     .isolated_requests = 20,
                     .warmup_fraction = 0.1,
                     .latency_model = "roofline",
                     .cost_model = "cloud",
                     .prices = {{"l40s", 1.5, "2026-01-01", "a quote", {}}}};
  plan.warnings = {{"few_seeds", {{"seeds", 2}, {"t", 12.706}, {"confidence", 0.95}}, "2 seeds"}};
  plan.inputs.slo = {.preset = "chatbot",
                     .level = "acceptable",
                     .thresholds = SloThresholds().Set(SloMetric::kTtft, 500)};
  plan.inputs.traffic = {.mode = "deadline", .deadline_requests = 1e6, .deadline_hours = 8};
  plan.inputs.candidates = {.gpus = {"l40s"},
                            .tensor_parallel = {1, 2},
                            .knobs = {{"max_num_seqs", {"256", "128"}}, {"block_size", {"32"}}}};
  plan.slo = PlanSloStep{
      .source = "plan",
      .preset = "chatbot",
      .levels = PlanSloLevels{"acceptable", SloThresholds().Set(SloMetric::kTtft, 300),
                              SloThresholds().Set(SloMetric::kTtft, 500)},
      .thresholds = SloThresholds().Set(SloMetric::kTtft, 500),
      .speed_tokens_per_s = kNaN,
      .judged_thresholds = SloThresholds().Set(SloMetric::kTtft, 500),
      .steps = {{"peak rate", "a x b = 2 x 3", 6, "req/s", "peak rate = a x b = 2 x 3 = 6 req/s"}}};
  plan.engines = {{"vllm max_num_seqs=128", "vllm", {{"max_num_seqs", "128"}}}};
  plan.counts = {.combinations = 2, .built = 2, .pruned = 1, .feasible = 1};
  PlanProbe probe{.replicas = 2, .rate_per_s = 6, .passed = true, .margin = 0.25};
  probe.metrics[SloMetric::kTtft] = {.enabled = true,
                                     .threshold_ms = 500,
                                     .slo_ms = 500,
                                     .values_ms = {300, kNaN},
                                     .ci = {.n = 1, .mean = 300},
                                     .margin = 0.25};
  probe.metrics[SloMetric::kTpot] = {.threshold_ms = kNaN, .slo_ms = kNaN, .margin = kNaN};
  plan.candidates = {
      {.id = 0, .label = "a x TP4", .gpu = "a", .status = "pruned", .reason = "a rule"},
      {.id = 1,
       .label = "l40s x TP1",
       .gpu = "l40s",
       .gpus_per_node = 8,
       .status = "feasible",
       .recommended = true,
       .memory = PlanCandidateMemory{.gpu_memory_gib = 48, .kv_tokens = 123456},
       .min_replicas = 2,
       .cost =
           PlanFleetCost{.gpus = 2, .usd_per_month = 2190, .usd_per_million_output_tokens = kNaN},
       .probes = {probe}}};
  plan.recommendation =
      PlanRecommendation{.candidate = 1,
                         .label = "l40s x TP1",
                         .replicas = 2,
                         .level_met = "ideal",
                         .cost = *plan.candidates[1].cost,
                         .probe = probe,
                         .runner_ups = {0},
                         .replicas_by_seed = PlanReplicasBySeed{.seeds = {1, 2},
                                                                .replicas = {2, std::nullopt},
                                                                .min = 2,
                                                                .median = kNaN,
                                                                .recommended = 2,
                                                                .covered_seeds = 1,
                                                                .covered_share = 0.5}};
  plan.cost_cap = PlanCostCap{
      .max_monthly_cost = 3000,
      .status = "binds",
      .headroom_usd_per_month = 810,
      .cheapest_meeting_slo = PlanCapFleet{1, "l40s x TP1", 3, 3, 3285},
      .cheapest_meeting_slo_usd_per_month = 3285,
      .given_up = {{.metric = "ttft", .slo_ms = 500, .ci = {.n = 2, .upper = 600}, .text = "t"},
                   {.metric = "sustained", .arrival_rate_per_s = 6, .overloaded_seeds = 1},
                   {.metric = "dropped", .dropped = 3, .unfinished = 4}},
      .considered = {{.fleet = {1, "l40s x TP1", 2, 2, 2190}, .from_search = false}}};
  plan.n_plus_one = PlanNPlusOne{.replicas = 2, .n_plus_one_replicas = 3};
  plan.day = PlanDay{.ran = false,
                     .skipped = "no day shape",
                     .inputs = PlanAutoscalerInputs{.tolerance = 0.1, .seeds = 1}};
  return plan;
}

TEST(PlanDocumentTest, AHandBuiltDocumentReadsBackFieldByField) {
  const PlanDocument plan = HandBuilt();
  const std::string text = PlanDocumentJson(plan);
  const PlanDocument back = ParsePlanDocument(text, "plan.json");
  EXPECT_EQ(PlanDocumentJson(back), text);

  EXPECT_EQ(back.schema, kPlanSchema);
  EXPECT_EQ(back.provenance.seeds, (std::vector<uint64_t>{1, 2}));
  ASSERT_EQ(back.provenance.prices.size(), 1u);
  EXPECT_EQ(back.provenance.prices[0].source, "a quote");
  ASSERT_EQ(back.warnings.size(), 1u);
  EXPECT_EQ(back.warnings[0].values, plan.warnings[0].values);  // in file order
  EXPECT_EQ(PlanWarningValue(back.warnings[0], "t"), 12.706);
  EXPECT_TRUE(std::isnan(PlanWarningValue(back.warnings[0], "nope")));
  EXPECT_EQ(back.inputs.slo.level, "acceptable");
  EXPECT_EQ(back.inputs.slo.thresholds[SloMetric::kTtft], 500);
  EXPECT_FALSE(back.inputs.slo.thresholds[SloMetric::kTpot].has_value());
  EXPECT_EQ(back.inputs.traffic.deadline_hours, 8);
  EXPECT_EQ(back.inputs.traffic.deadline_requests, 1e6);
  EXPECT_TRUE(std::isnan(back.inputs.traffic.peak_rate_per_s));
  EXPECT_EQ(back.inputs.candidates.knobs, plan.inputs.candidates.knobs);
  EXPECT_EQ(back.inputs.candidates.tensor_parallel, (std::vector<int>{1, 2}));
  ASSERT_TRUE(back.slo && back.slo->levels);
  EXPECT_EQ(back.slo->levels->level, "acceptable");
  EXPECT_EQ(back.slo->levels->ideal[SloMetric::kTtft], 300);
  EXPECT_EQ(back.slo->judged_thresholds[SloMetric::kTtft], 500);
  ASSERT_EQ(back.slo->steps.size(), 1u);
  EXPECT_EQ(back.slo->steps[0].text, "peak rate = a x b = 2 x 3 = 6 req/s");
  EXPECT_FALSE(back.traffic.has_value());
  ASSERT_EQ(back.engines.size(), 1u);
  EXPECT_EQ(back.engines[0].knobs, plan.engines[0].knobs);
  EXPECT_EQ(back.counts.pruned, 1);

  ASSERT_EQ(back.candidates.size(), 2u);
  EXPECT_FALSE(back.candidates[0].memory.has_value());  // null: rejected before memory
  EXPECT_FALSE(back.candidates[0].gpus_per_node.has_value());
  EXPECT_FALSE(back.candidates[0].min_replicas.has_value());
  const PlanCandidate& c = back.candidates[1];
  ASSERT_TRUE(c.memory.has_value());
  EXPECT_EQ(c.memory->kv_tokens, 123456);
  EXPECT_EQ(c.gpus_per_node, 8);
  ASSERT_TRUE(c.cost.has_value());
  EXPECT_TRUE(std::isnan(c.cost->usd_per_million_output_tokens));
  ASSERT_EQ(c.probes.size(), 1u);
  const PlanProbeMetric& ttft = c.probes[0].metrics[SloMetric::kTtft];
  ASSERT_EQ(ttft.values_ms.size(), 2u);
  EXPECT_EQ(ttft.values_ms[0], 300);
  EXPECT_TRUE(std::isnan(ttft.values_ms[1]));
  EXPECT_EQ(ttft.ci.mean, 300);
  EXPECT_TRUE(std::isnan(c.probes[0].metrics[SloMetric::kTpot].threshold_ms));
  EXPECT_FALSE(c.probes[0].summary_percentiles.has_value());
  EXPECT_EQ(FindPlanCandidate(back, 1), &back.candidates[1]);
  EXPECT_EQ(FindPlanCandidate(back, 7), nullptr);

  ASSERT_TRUE(back.recommendation.has_value());
  EXPECT_EQ(back.recommendation->level_met, "ideal");
  EXPECT_EQ(back.recommendation->runner_ups, (std::vector<int>{0}));
  ASSERT_TRUE(back.recommendation->replicas_by_seed.has_value());
  const PlanReplicasBySeed& by_seed = *back.recommendation->replicas_by_seed;
  EXPECT_EQ(by_seed.replicas, (std::vector<std::optional<int>>{2, std::nullopt}));
  EXPECT_TRUE(std::isnan(by_seed.median));
  EXPECT_FALSE(by_seed.max.has_value());
  EXPECT_EQ(by_seed.covered_share, 0.5);

  ASSERT_TRUE(back.cost_cap.has_value());
  ASSERT_EQ(back.cost_cap->given_up.size(), 3u);
  EXPECT_EQ(back.cost_cap->given_up[0].ci.upper, 600);
  EXPECT_EQ(back.cost_cap->given_up[1].arrival_rate_per_s, 6);
  EXPECT_EQ(back.cost_cap->given_up[1].overloaded_seeds, 1);
  EXPECT_EQ(back.cost_cap->given_up[2].unfinished, 4);
  ASSERT_EQ(back.cost_cap->considered.size(), 1u);
  EXPECT_FALSE(back.cost_cap->considered[0].from_search);
  EXPECT_EQ(back.cost_cap->considered[0].fleet.usd_per_month, 2190);
  ASSERT_TRUE(back.n_plus_one.has_value());
  EXPECT_FALSE(back.n_plus_one->within_cap.has_value());
  EXPECT_FALSE(back.n_plus_one->one_down.has_value());
  ASSERT_TRUE(back.day && back.day->inputs);
  EXPECT_FALSE(back.day->ran);
  EXPECT_EQ(back.day->skipped, "no day shape");
  EXPECT_EQ(back.day->inputs->tolerance, 0.1);
  EXPECT_FALSE(back.deployment.has_value());
}

// The spellings the report and outside tools rely on, written by hand from docs/planning-method.md.
TEST(PlanDocumentTest, TheTextSpellsNullsKindsAndTheCapTwice) {
  const std::string text = PlanDocumentJson(HandBuilt());
  auto has = [&text](const std::string& s) { return text.find(s) != std::string::npos; };
  EXPECT_TRUE(has("\"usd_per_million_output_tokens\": null"));
  EXPECT_TRUE(has("\"memory\": null"));
  EXPECT_TRUE(has("\"within_cap\": null"));
  EXPECT_TRUE(has("\"deployment\": null"));
  EXPECT_TRUE(has("\"probe_source\": \"cap\""));
  EXPECT_TRUE(has("\"tpot_ms\": null"));
  EXPECT_TRUE(has("\"replicas\": [\n"));
  // The cap inside the recommendation and beside it.
  EXPECT_TRUE(has("\"cap\": {\n"));
  EXPECT_TRUE(has("\"cost_cap\": {\n"));
  // Each kind of given-up entry writes its own numbers only.
  EXPECT_TRUE(has("\"metric\": \"dropped\",\n          \"dropped\": 3,\n"));
  auto count = [&text](const std::string& s) {
    size_t n = 0;
    for (size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("\"arrival_rate_per_s\""), 2u);  // the sustained entry, in both copies
  EXPECT_EQ(count("\"over_by_ms\""), 2u);          // the latency entry
  EXPECT_EQ(count("\"unfinished\": 4"), 2u);       // the dropped entry
  // A day that did not run has no windows; a candidate without a node size has no key.
  EXPECT_FALSE(has("\"windows\""));
  EXPECT_EQ(text.find("\"gpus_per_node\""), text.rfind("\"gpus_per_node\""));
  EXPECT_EQ(text.back(), '\n');
}

// recommendation.model_error: written only when the plan has it (plans written before it existed
// have none and still round-trip), read back field by field, "validated" derived from the rows.
TEST(PlanDocumentTest, TheModelErrorRoundTripsAndIsOptional) {
  PlanDocument plan = HandBuilt();
  EXPECT_EQ(PlanDocumentJson(plan).find("\"model_error\""), std::string::npos);
  plan.recommendation->model_error = PlanModelError{.engine = "vllm",
                                                    .gpu = "l40s",
                                                    .statistics = {{.statistic = "ttft_mean",
                                                                    .gpu = "l40s",
                                                                    .held_out = true,
                                                                    .rows = 80,
                                                                    .median = 0.527,
                                                                    .p90 = 1.687,
                                                                    .bias = -0.1},
                                                                   {.statistic = "tpot",
                                                                    .gpu = "*",
                                                                    .held_out = false,
                                                                    .rows = 5,
                                                                    .median = 0.084,
                                                                    .p90 = 0.293,
                                                                    .bias = 0.02}},
                                                    .not_validated = ""};
  const std::string text = PlanDocumentJson(plan);
  EXPECT_NE(text.find("\"validated\": true"), std::string::npos);
  EXPECT_NE(text.find("\"rows_from\": \"held_out\""), std::string::npos);
  EXPECT_NE(text.find("\"rows_from\": \"all\""), std::string::npos);
  const PlanDocument back = ParsePlanDocument(text, "plan.json");
  EXPECT_EQ(PlanDocumentJson(back), text);
  ASSERT_TRUE(back.recommendation->model_error.has_value());
  const PlanModelError& e = *back.recommendation->model_error;
  EXPECT_EQ(e.engine, "vllm");
  EXPECT_EQ(e.gpu, "l40s");
  ASSERT_EQ(e.statistics.size(), 2u);
  EXPECT_EQ(e.statistics[0].statistic, "ttft_mean");
  EXPECT_TRUE(e.statistics[0].held_out);
  EXPECT_EQ(e.statistics[0].rows, 80);
  EXPECT_EQ(e.statistics[0].median, 0.527);
  EXPECT_EQ(e.statistics[0].p90, 1.687);
  EXPECT_EQ(e.statistics[0].bias, -0.1);
  EXPECT_EQ(e.statistics[1].gpu, "*");
  EXPECT_FALSE(e.statistics[1].held_out);

  plan.recommendation->model_error =
      PlanModelError{.engine = "", .gpu = "l40s", .statistics = {}, .not_validated = "no file"};
  const std::string unvalidated = PlanDocumentJson(plan);
  EXPECT_NE(unvalidated.find("\"validated\": false"), std::string::npos);
  const PlanDocument back2 = ParsePlanDocument(unvalidated, "plan.json");
  EXPECT_EQ(PlanDocumentJson(back2), unvalidated);
  EXPECT_EQ(back2.recommendation->model_error->not_validated, "no file");
}

// The prices' tier and region, and the plan's currency: written when set, absent otherwise.
TEST(PlanDocumentTest, PriceTiersAndTheCurrencyRoundTripAndAreOptional) {
  PlanDocument plan = HandBuilt();
  const std::string bare = PlanDocumentJson(plan);
  EXPECT_EQ(bare.find("\"currency\""), std::string::npos);
  EXPECT_EQ(bare.find("\"tier\""), std::string::npos);
  plan.provenance.prices.push_back({.gpu = "rtx_4090",
                                    .usd_per_gpu_hour = 0.74,
                                    .date = "2026-09-13",
                                    .source = "RunPod",
                                    .tier = "community",
                                    .region = "RunPod Community Cloud",
                                    .steps = {}});
  plan.provenance.currency =
      PlanCurrencyRate{.code = "JPY", .per_usd = 155.2, .date = "2026-12-01", .source = "MUFG TTM"};
  const std::string text = PlanDocumentJson(plan);
  const PlanDocument back = ParsePlanDocument(text, "plan.json");
  EXPECT_EQ(PlanDocumentJson(back), text);
  const PlanPrice& p = back.provenance.prices.back();
  EXPECT_EQ(p.tier, "community");
  EXPECT_EQ(p.region, "RunPod Community Cloud");
  ASSERT_TRUE(back.provenance.currency.has_value());
  EXPECT_EQ(back.provenance.currency->code, "JPY");
  EXPECT_EQ(back.provenance.currency->per_usd, 155.2);
  EXPECT_EQ(back.provenance.currency->date, "2026-12-01");
  EXPECT_EQ(back.provenance.currency->source, "MUFG TTM");
}

TEST(PlanDocumentTest, NothingRecommendedWritesNullThenTheReason) {
  PlanDocument plan = HandBuilt();
  plan.recommendation.reset();
  plan.no_recommendation = "no candidate meets the SLO";
  const std::string text = PlanDocumentJson(plan);
  EXPECT_NE(text.find("\"recommendation\": null,\n  \"no_recommendation\": \"no candidate meets "
                      "the SLO\",\n  \"cost_cap\": {"),
            std::string::npos);
  const PlanDocument back = ParsePlanDocument(text, "plan.json");
  EXPECT_FALSE(back.recommendation.has_value());
  EXPECT_EQ(back.no_recommendation, "no candidate meets the SLO");
  EXPECT_EQ(PlanDocumentJson(back), text);
}

std::string ErrorOf(const std::string& text) {
  try {
    ParsePlanDocument(text, "plan.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

// `text` with the first `from` after `after` replaced by `to`.
std::string Replaced(std::string text, const std::string& after, const std::string& from,
                     const std::string& to) {
  const size_t at = text.find(from, text.find(after));
  if (at == std::string::npos) return "no " + from;
  return text.replace(at, from.size(), to);
}

TEST(PlanDocumentTest, TheReaderRefusesWhatGpuplanNeverWritesAtItsPath) {
  EXPECT_EQ(ErrorOf("{\"schema\": \"gpuplan.summary/1\"}"),
            "plan.json: schema: is 'gpuplan.summary/1'; expected gpuplan.plan/1 (a plan.json "
            "written by gpuplan plan)");
  EXPECT_EQ(ErrorOf("{\"provenance\": {}}"), "plan.json: schema: is missing; expected a string");
  const std::string text = PlanDocumentJson(HandBuilt());
  // A negative cost, on both sides of the bound.
  EXPECT_EQ(ErrorOf(Replaced(text, "\"recommendation\": {", "\"usd_per_month\": 2190",
                             "\"usd_per_month\": -1")),
            "plan.json: recommendation.cost.usd_per_month: is -1; expected a number >= 0 "
            "(gpuplan never writes this value)");
  EXPECT_EQ(ErrorOf(Replaced(text, "\"recommendation\": {", "\"usd_per_month\": 2190",
                             "\"usd_per_month\": 0")),
            "no error");
  EXPECT_EQ(ErrorOf(Replaced(text, "\"candidates\": [", "\"usd_per_month\": 2190",
                             "\"usd_per_month\": -0.01")),
            "plan.json: candidates[1].cost.usd_per_month: is -0.01; expected a number >= 0 "
            "(gpuplan never writes this value)");
  // Missing required members: the recommended fleet's cost, the candidates, a candidate's status.
  EXPECT_EQ(ErrorOf(Replaced(text, "\"recommendation\": {", "\"cost\": {", "\"cost_x\": {")),
            "plan.json: recommendation.cost: is missing; expected the recommended fleet's cost");
  EXPECT_EQ(ErrorOf(Replaced(text, "\"candidate_counts\"", "\"candidates\": [", "\"x\": [")),
            "plan.json: candidates: is missing; expected the list of candidates");
  EXPECT_EQ(ErrorOf(Replaced(text, "\"candidates\": [", "\"status\": \"pruned\"", "\"s\": 1")),
            "plan.json: candidates[0].status: is missing; expected a string");
  // A recommendation of a candidate that is not there.
  EXPECT_EQ(
      ErrorOf(Replaced(text, "\"recommendation\": {", "\"candidate\": 1", "\"candidate\": 5")),
      "plan.json: recommendation.candidate: is 5; expected the id of one of the candidates");
  // A wrong type, and a syntax error located at its line and column.
  EXPECT_EQ(ErrorOf(Replaced(text, "\"provenance\"", "\"requests_per_probe\": 100",
                             "\"requests_per_probe\": \"100\"")),
            "plan.json: provenance.requests_per_probe: is a string; expected a number");
  EXPECT_EQ(ErrorOf("{\n  \"schema\": }").rfind("plan.json:2:13: ", 0), 0u)
      << ErrorOf("{\n  \"schema\": }");
}

TEST(PlanDocumentTest, UnknownMembersAreSkipped) {
  const std::string text = PlanDocumentJson(HandBuilt());
  const std::string newer =
      Replaced(text, "\"schema\"", "\"provenance\": {", "\"future\": [1, 2],\n  \"provenance\": {");
  const PlanDocument back = ParsePlanDocument(newer, "plan.json");
  EXPECT_EQ(PlanDocumentJson(back), text);
}

}  // namespace
}  // namespace gpuplan
