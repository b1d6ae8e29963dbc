#include "sim/core/slo.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "sim/util/json_writer.h"
#include "sim/util/slo_json.h"

namespace gpuplan {
namespace {

TEST(SloMetricTest, EachMetricHasOneNameAndOneLabel) {
  EXPECT_EQ(SloMetricName(SloMetric::kTtft), "ttft");
  EXPECT_EQ(SloMetricName(SloMetric::kTpot), "tpot");
  EXPECT_EQ(SloMetricName(SloMetric::kE2e), "e2e");  // never "e2el", vLLM's spelling
  EXPECT_EQ(SloMetricLabel(SloMetric::kTtft), "TTFT");
  EXPECT_EQ(SloMetricLabel(SloMetric::kTpot), "TPOT");
  EXPECT_EQ(SloMetricLabel(SloMetric::kE2e), "E2E");
  EXPECT_EQ(SloMetricMsKey(SloMetric::kTtft), "ttft_ms");
  EXPECT_EQ(SloMetricMsKey(SloMetric::kE2e), "e2e_ms");
}

TEST(SloMetricTest, IteratesInOutputOrder) {
  std::vector<std::string> names;
  for (SloMetric m : kSloMetrics) names.emplace_back(SloMetricName(m));
  EXPECT_EQ(names, (std::vector<std::string>{"ttft", "tpot", "e2e"}));
  EXPECT_EQ(static_cast<int>(kSloMetrics.size()), kNumSloMetrics);
}

TEST(SloMetricTest, ANameReadsBackAsItsMetric) {
  for (SloMetric m : kSloMetrics) EXPECT_EQ(SloMetricFromName(SloMetricName(m)), m);
  EXPECT_EQ(SloMetricFromName("e2el"), std::nullopt);  // an external spelling is not ours
  EXPECT_EQ(SloMetricFromName("TTFT"), std::nullopt);  // a label is not a name
  EXPECT_EQ(SloMetricFromName(""), std::nullopt);
}

TEST(PerSloMetricTest, EachMetricHasItsOwnSlot) {
  PerSloMetric<int> values;
  EXPECT_EQ(values[SloMetric::kTtft], 0);  // value-initialised
  values[SloMetric::kTpot] = 7;
  values[SloMetric::kE2e] = 9;
  EXPECT_EQ(values[SloMetric::kTtft], 0);
  EXPECT_EQ(values[SloMetric::kTpot], 7);
  EXPECT_EQ(values[SloMetric::kE2e], 9);
  std::vector<int> in_order(values.begin(), values.end());
  EXPECT_EQ(in_order, (std::vector<int>{0, 7, 9}));  // kSloMetrics order
}

TEST(SloThresholdsTest, AccessorsReadTheirOwnMetric) {
  const SloThresholds none;
  EXPECT_FALSE(none.any());
  EXPECT_FALSE(none.ttft_ms() || none.tpot_ms() || none.e2e_ms());

  const SloThresholds t = SloThresholds().Set(SloMetric::kTtft, 500).Set(SloMetric::kE2e, 2000);
  EXPECT_TRUE(t.any());
  EXPECT_EQ(t.ttft_ms(), 500);
  EXPECT_EQ(t.tpot_ms(), std::nullopt);
  EXPECT_EQ(t.e2e_ms(), 2000);
  EXPECT_EQ(t[SloMetric::kE2e], t.e2e_ms());

  const SloThresholds only_tpot = SloThresholds().Set(SloMetric::kTpot, 40);
  EXPECT_TRUE(only_tpot.any());  // any one metric is enough
  EXPECT_NE(only_tpot, t);
  EXPECT_EQ(only_tpot, SloThresholds().Set(SloMetric::kTpot, 40));
  // Set(nullopt) removes a limit again.
  EXPECT_EQ(SloThresholds(t).Set(SloMetric::kTtft, std::nullopt).Set(SloMetric::kE2e, std::nullopt),
            none);
}

TEST(SloThresholdsJsonTest, EveryMetricIsWrittenNullWhenUnset) {
  const SloThresholds t = SloThresholds().Set(SloMetric::kTtft, 500).Set(SloMetric::kE2e, 2000.5);
  JsonWriter ms;
  ms.BeginObject();
  WriteSloThresholdsMs(ms, t);
  ms.EndObject();
  EXPECT_EQ(ms.TakeString(),
            "{\n  \"ttft_ms\": 500,\n  \"tpot_ms\": null,\n  \"e2e_ms\": 2000.5\n}");
  JsonWriter by_name;
  by_name.BeginObject();
  WriteSloThresholdsByName(by_name, t);
  by_name.EndObject();
  EXPECT_EQ(by_name.TakeString(), "{\n  \"ttft\": 500,\n  \"tpot\": null,\n  \"e2e\": 2000.5\n}");
}

}  // namespace
}  // namespace gpuplan
