// --set path=value: applied to the parsed tree before typed reading, checked like file values,
// located as "--set:1:<1-based position among the --set arguments>".
#include <gtest/gtest.h>

#include "sim/config/scenario.h"
#include "tests/config/config_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::ErrorsOf;
using ::gpuplan::testing::LoadText;
using ::gpuplan::testing::TestCatalog;
using ::gpuplan::testing::ValidScenarioText;

using Errors = std::vector<std::string>;

TEST(SetOverrideTest, ReplacesAFileValueAndIsLocatedAtTheArgument) {
  const Scenario s =
      LoadText(ValidScenarioText(), {"deployment.replicas=6", "engine.max_num_seqs=64"});
  EXPECT_EQ(s.deployment.replicas, 6);
  EXPECT_EQ(s.engine.max_num_seqs, 64);
  EXPECT_EQ(s.engine.sources.at("max_num_seqs"), "override at --set:1:2");
  const SourceLoc loc = s.LocOf("engine.max_num_seqs");
  EXPECT_EQ(loc.file, "--set");
  EXPECT_EQ(loc.line, 1);
  EXPECT_EQ(loc.column, 2);
}

TEST(SetOverrideTest, AddsAKeyThatTheFileDidNotWrite) {
  const Scenario s = LoadText(ValidScenarioText(), {"engine.block_size=64"});
  EXPECT_EQ(s.engine.block_size, 64);
}

TEST(SetOverrideTest, LaterArgumentWins) {
  const Scenario s =
      LoadText(ValidScenarioText(), {"deployment.replicas=3", "deployment.replicas=5"});
  EXPECT_EQ(s.deployment.replicas, 5);
}

TEST(SetOverrideTest, BadValueIsReportedAtItsArgument) {
  EXPECT_EQ(ErrorsOf([] {
              LoadText(ValidScenarioText(), {"engine.max_num_seqs=64", "deployment.replicas=abc"});
            }),
            Errors{"--set:1:2: deployment.replicas: 'abc' is not an integer; expected an integer "
                   ">= 1 and <= 10000"});
}

TEST(SetOverrideTest, UnknownLeafKeyIsCheckedLikeAFileKey) {
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"engine.max_num_seq=64"}); }),
            Errors{"--set:1:1: engine.max_num_seq: unknown key 'max_num_seq'; did you mean "
                   "'max_num_seqs'?"});
}

TEST(SetOverrideTest, MissingParentIsRejectedWithASuggestion) {
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"engnie.max_num_seqs=64"}); }),
            Errors{"--set:1:1: engnie: 'engnie' does not exist; did you mean 'engine'?; expected "
                   "a map that exists in the file (set a whole map with --set "
                   "'engnie={key: value}')"});
}

TEST(SetOverrideTest, ParentThatIsNotAMapIsRejected) {
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"gpu.memory_gib=94"}); }),
            Errors{"--set:1:1: gpu: 'h100_sxm' is not a map; expected a map to set 'memory_gib' "
                   "in (set the whole value instead, e.g. --set 'gpu={...}')"});
}

TEST(SetOverrideTest, FlowMapReplacesAWholeEntry) {
  const Scenario s = LoadText(ValidScenarioText(), {"gpu={preset: h100_sxm, memory_gib: 94}"});
  EXPECT_EQ(s.gpu.memory_gib, 94);
  EXPECT_EQ(s.gpu.sources.at("memory_gib"), "override at --set:1:1");
}

TEST(SetOverrideTest, FlowListBecomesAListOption) {
  // No validators: any kind and options are accepted, so the raw option table is visible.
  const Scenario s =
      LoadScenarioFromString(ValidScenarioText(), "scn.yaml", {"workload.arrival.rates=[1, 2.5]"},
                             TestCatalog(), PolicyValidators{});
  const ParamValue& rates = s.workload.arrival->options.values.at("rates");
  EXPECT_TRUE(rates.is_list);
  EXPECT_EQ(rates.list, (std::vector<std::string>{"1", "2.5"}));
  EXPECT_EQ(rates.loc.file, "--set");
}

TEST(SetOverrideTest, PlainValueIsTakenVerbatim) {
  EXPECT_EQ(LoadText(ValidScenarioText(), {"description=a: b # c"}).description, "a: b # c");
  EXPECT_EQ(LoadText(ValidScenarioText(), {"description='quoted'"}).description, "quoted");
}

TEST(SetOverrideTest, MalformedArguments) {
  EXPECT_EQ(ErrorsOf([] {
              LoadText(ValidScenarioText(), {"engine.max_num_seqs", "a..b=1", "slo=[1, 2"});
            }),
            (Errors{"--set:1:1: 'engine.max_num_seqs' is not path=value; expected e.g. --set "
                    "engine.max_num_seqs=128",
                    "--set:1:2: 'a..b' is not a dotted path of key names; expected e.g. --set "
                    "engine.max_num_seqs=128",
                    "--set:1:3: slo: '[1, 2' is not valid YAML (end of sequence flow not found); "
                    "expected a scalar, a flow list [a, b] or a flow map {key: value}"}));
}

TEST(SetOverrideTest, NewTopLevelSectionCanBeSetWhole) {
  std::string text = ValidScenarioText();
  text.erase(text.find("slo:"), text.find("simulation:") - text.find("slo:"));
  EXPECT_FALSE(LoadText(text).slo.has_value());
  const Scenario s = LoadText(text, {"slo={e2e_ms: 2000}"});
  ASSERT_TRUE(s.slo.has_value());
  EXPECT_EQ(s.slo->thresholds.e2e_ms(), 2000);
  EXPECT_EQ(ErrorsOf([&] { LoadText(text, {"slo.e2e_ms=2000"}); }),
            Errors{"--set:1:1: slo: 'slo' does not exist; expected a map that exists in the file "
                   "(set a whole map with --set 'slo={key: value}')"});
}

}  // namespace
}  // namespace gpuplan
