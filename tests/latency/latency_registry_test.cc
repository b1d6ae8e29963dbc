#include "sim/latency/latency_registry.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "sim/latency/roofline_model.h"
#include "tests/latency/latency_fixtures.h"

namespace gpuplan {
namespace {

using testing::H100Sxm;
using testing::Llama31_8B;
using testing::QuietEngine;
using testing::Tp;

class LatencyRegistryTest : public ::testing::Test {
 protected:
  LatencyRegistryTest() : registry_(kLatencyRegistryKind) {
    RegisterBuiltinLatencyModels(registry_);
  }

  std::optional<LatencyModelPtr> Make(const std::string& kind,
                                      const std::map<std::string, std::string>& options) {
    ParamTable table;
    table.path = "latency.options";
    table.loc = {"scenario.yaml", 10, 3};
    int line = 11;
    for (const auto& [key, value] : options) {
      table.values[key] = ParamValue{value, {}, false, {"scenario.yaml", line++, 5}};
    }
    const LatencyContext context{model_, gpu_, deployment_, engine_};
    return registry_.Make(kind, {"scenario.yaml", 9, 9}, "latency.kind", table, diags_, context);
  }

  std::string FirstMessage() const {
    return diags_.empty() ? "" : diags_.items().front().ToString();
  }

  LatencyRegistry registry_;
  ModelSpec model_ = Llama31_8B();
  GpuSpec gpu_ = H100Sxm();
  Deployment deployment_ = Tp(1);
  EngineSpec engine_ = QuietEngine();
  Diagnostics diags_;
};

TEST_F(LatencyRegistryTest, RegistersRooflineAndFixed) {
  EXPECT_EQ(registry_.Names(), (std::vector<std::string>{"roofline", "fixed"}));
  const auto* roofline = registry_.Find("roofline");
  ASSERT_NE(roofline, nullptr);
  ASSERT_FALSE(roofline->options.empty());
  EXPECT_EQ(roofline->options.front().name, "gemm_compute_efficiency");
  EXPECT_EQ(roofline->options.front().default_value,
            fmt::format("{}", RooflineOptions{}.gemm_compute_efficiency));
}

TEST_F(LatencyRegistryTest, RooflineWithDefaultsPredicts) {
  auto model = Make("roofline", {});
  ASSERT_TRUE(model.has_value()) << FirstMessage();
  EXPECT_EQ((*model)->name(), "roofline");
  BatchShape b;
  b.AddDecode(100);
  EXPECT_GT((*model)->Predict(b).total_s, 0);
}

TEST_F(LatencyRegistryTest, RooflineOptionChangesThePrediction) {
  BatchShape b;
  b.AddPrefill(8192, 8192);
  auto base = Make("roofline", {});
  auto slow = Make("roofline", {{"gemm_compute_efficiency", "0.35"}});
  ASSERT_TRUE(base && slow) << FirstMessage();
  const double ratio =
      (*slow)->Predict(b).Of(OpKind::kMlpUpGate) / (*base)->Predict(b).Of(OpKind::kMlpUpGate);
  EXPECT_NEAR(ratio, RooflineOptions{}.gemm_compute_efficiency / 0.35, 0.02);
}

TEST_F(LatencyRegistryTest, UnknownKindSuggestsTheNearest) {
  EXPECT_FALSE(Make("rooflin", {}).has_value());
  EXPECT_EQ(FirstMessage(),
            "scenario.yaml:9:9: latency.kind: unknown latency model 'rooflin'; did you mean "
            "'roofline'?; expected one of: roofline, fixed");
}

TEST_F(LatencyRegistryTest, EfficiencyOutOfRange) {
  EXPECT_FALSE(Make("roofline", {{"gemm_memory_efficiency", "1.5"}}).has_value());
  EXPECT_EQ(FirstMessage(),
            "scenario.yaml:11:5: latency.options.gemm_memory_efficiency: 1.5 is out of range; "
            "expected a value <= 1");
}

TEST_F(LatencyRegistryTest, ZeroEfficiencyIsRejected) {
  EXPECT_FALSE(Make("roofline", {{"attention_compute_efficiency", "0"}}).has_value());
  EXPECT_EQ(FirstMessage(),
            "scenario.yaml:11:5: latency.options.attention_compute_efficiency: 0 is out of "
            "range; expected a value > 0");
}

TEST_F(LatencyRegistryTest, UnknownOptionSuggestsTheNearest) {
  EXPECT_FALSE(Make("roofline", {{"gemm_compute_eficiency", "0.5"}}).has_value());
  EXPECT_NE(FirstMessage().find("latency.options.gemm_compute_eficiency: unknown option; did you "
                                "mean 'gemm_compute_efficiency'?"),
            std::string::npos)
      << FirstMessage();
}

TEST_F(LatencyRegistryTest, FixedBuildsAndPredictsExactly) {
  auto model = Make("fixed", {{"prefill_ms_per_token", "0.5"},
                              {"decode_ms_per_step", "20"},
                              {"decode_ms_per_seq", "1"},
                              {"step_overhead_ms", "3"}});
  ASSERT_TRUE(model.has_value()) << FirstMessage();
  BatchShape b;
  b.AddPrefill(100, 100);
  b.AddDecode(10);
  b.AddDecode(20);
  EXPECT_DOUBLE_EQ((*model)->Predict(b).total_s, (3 + 100 * 0.5 + 20 + 2 * 1) / 1000.0);
}

TEST_F(LatencyRegistryTest, FixedThatCouldPredictZeroIsRejected) {
  EXPECT_FALSE(Make("fixed", {{"prefill_ms_per_token", "1"}}).has_value());
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(FirstMessage(),
            "scenario.yaml:10:3: latency.options.step_overhead_ms: some batches would take 0 s; "
            "set step_overhead_ms > 0, or prefill_ms_per_token > 0 together with "
            "decode_ms_per_step or decode_ms_per_seq > 0");
}

TEST_F(LatencyRegistryTest, FixedBadNumberReportsOnlyThat) {
  EXPECT_FALSE(Make("fixed", {{"step_overhead_ms", "fast"}}).has_value());
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(FirstMessage(),
            "scenario.yaml:11:5: latency.options.step_overhead_ms: 'fast' is not a number; "
            "expected a number in ms");
}

}  // namespace
}  // namespace gpuplan
