#include "sim/util/options.h"

#include <gtest/gtest.h>

#include "sim/core/suggest.h"
#include "sim/util/registry.h"

namespace gpuplan {
namespace {

std::vector<OptionSpec> Schema() {
  return {
      {.name = "rate_per_s",
       .type = OptionType::kDouble,
       .unit = "req/s",
       .help = "mean rate",
       .required = true,
       .min = 0.0,
       .min_exclusive = true},
      {.name = "count",
       .type = OptionType::kInt,
       .default_value = "3",
       .help = "n",
       .min = 1.0,
       .max = 10.0},
      {.name = "mode",
       .type = OptionType::kEnum,
       .default_value = "fast",
       .help = "m",
       .choices = {"fast", "slow"}},
      {.name = "flag", .type = OptionType::kBool, .default_value = "false", .help = "f"},
      {.name = "curve", .type = OptionType::kDoubleList, .help = "c"},
  };
}

ParamTable Table(std::map<std::string, std::string> values) {
  ParamTable t;
  t.path = "workload.arrival";
  t.loc = {"s.yaml", 4, 3};
  int line = 5;
  for (auto& [k, v] : values) t.values[k] = ParamValue{v, {}, false, {"s.yaml", line++, 5}};
  return t;
}

TEST(OptionReaderTest, ReadsGivenValuesAndDefaults) {
  Diagnostics diags;
  auto schema = Schema();
  auto table = Table({{"rate_per_s", "2.5"}, {"mode", "slow"}});
  OptionReader r(table, schema, diags);
  EXPECT_DOUBLE_EQ(r.Double("rate_per_s"), 2.5);
  EXPECT_EQ(r.Int("count"), 3);
  EXPECT_EQ(r.String("mode"), "slow");
  EXPECT_FALSE(r.Bool("flag"));
  EXPECT_TRUE(r.Given("mode"));
  EXPECT_FALSE(r.Given("count"));
  r.Finish();
  EXPECT_TRUE(diags.empty());
}

TEST(OptionReaderTest, ReportsEveryProblemWithPathAndPosition) {
  Diagnostics diags;
  auto schema = Schema();
  // count=11 is one over the max, mode is a typo, rate is missing, 'cout' is unknown.
  auto table = Table({{"count", "11"}, {"cout", "1"}, {"mode", "fsat"}});
  OptionReader r(table, schema, diags);
  r.Double("rate_per_s");
  r.Int("count");
  r.String("mode");
  r.Finish();
  ASSERT_EQ(diags.size(), 4u);
  EXPECT_EQ(diags.items()[0].ToString(),
            "s.yaml:4:3: workload.arrival.rate_per_s: missing required option; expected a number "
            "in req/s: mean rate");
  EXPECT_EQ(diags.items()[1].ToString(),
            "s.yaml:5:5: workload.arrival.count: 11 is out of range; expected a value <= 10");
  EXPECT_EQ(diags.items()[2].ToString(),
            "s.yaml:7:5: workload.arrival.mode: 'fsat' is not a valid choice; expected one of: "
            "fast, slow; did you mean 'fast'?");
  EXPECT_EQ(diags.items()[3].ToString(),
            "s.yaml:6:5: workload.arrival.cout: unknown option; did you mean 'count'?; valid "
            "options: rate_per_s, count, mode, flag, curve");
}

TEST(OptionReaderTest, RangeBoundariesOnBothSides) {
  auto schema = Schema();
  for (auto [text, ok] : std::vector<std::pair<std::string, bool>>{
           {"1", true}, {"0", false}, {"10", true}, {"11", false}}) {
    Diagnostics diags;
    auto table = Table({{"rate_per_s", "1"}, {"count", text}});
    OptionReader r(table, schema, diags);
    r.Int("count");
    EXPECT_EQ(diags.empty(), ok) << "count=" << text;
  }
  for (auto [text, ok] :
       std::vector<std::pair<std::string, bool>>{{"0", false}, {"1e-9", true}, {"-1", false}}) {
    Diagnostics diags;
    auto table = Table({{"rate_per_s", text}});
    OptionReader r(table, schema, diags);
    r.Double("rate_per_s");
    EXPECT_EQ(diags.empty(), ok) << "rate_per_s=" << text;
  }
}

TEST(OptionReaderTest, WrongTypesSayWhatWasExpected) {
  Diagnostics diags;
  auto schema = Schema();
  auto table = Table({{"rate_per_s", "fast"}, {"count", "2.5"}, {"flag", "yes"}});
  OptionReader r(table, schema, diags);
  r.Double("rate_per_s");
  r.Int("count");
  r.Bool("flag");
  ASSERT_EQ(diags.size(), 3u);
  EXPECT_NE(diags.items()[0].message.find("'fast' is not a number; expected a number in req/s"),
            std::string::npos);
  EXPECT_NE(diags.items()[1].message.find("'2.5' is not an integer"), std::string::npos);
  EXPECT_NE(diags.items()[2].message.find("expected true or false"), std::string::npos);
}

TEST(OptionReaderTest, ReadsLists) {
  Diagnostics diags;
  auto schema = Schema();
  auto table = Table({{"rate_per_s", "1"}});
  table.values["curve"] = ParamValue{"", {"1", "2.5", "x"}, true, {"s.yaml", 9, 3}};
  OptionReader r(table, schema, diags);
  EXPECT_EQ(r.DoubleList("curve"), (std::vector<double>{1, 2.5}));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags.items()[0].message.find("item 2 'x' is not a number"), std::string::npos);
}

TEST(ParseTest, StrictNumbers) {
  EXPECT_EQ(ParseInt("42"), 42);
  EXPECT_FALSE(ParseInt("42x"));
  EXPECT_FALSE(ParseInt(""));
  EXPECT_EQ(ParseDouble("1e3"), 1000.0);
  EXPECT_FALSE(ParseDouble("nan"));
  EXPECT_FALSE(ParseDouble("1.0.0"));
  EXPECT_EQ(ParseBool("true"), true);
  EXPECT_FALSE(ParseBool("True"));
}

TEST(SuggestTest, EditDistanceAndNearest) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(NearestName("max_num_seq", {"max_num_seqs", "block_size"}), "max_num_seqs");
  EXPECT_EQ(NearestName("zzzzzz", {"max_num_seqs", "block_size"}), "");
  EXPECT_EQ(DidYouMean("poison", {"poisson", "gamma"}), "; did you mean 'poisson'?");
}

struct Widget {
  int size;
};

TEST(RegistryTest, MakesKnownKindsAndReportsUnknownOnes) {
  Registry<Widget> registry("widget");
  registry.Add({"small",
                "a small widget",
                {{.name = "size", .type = OptionType::kInt, .default_value = "1", .help = "n"}},
                [](OptionReader& r) { return Widget{static_cast<int>(r.Int("size"))}; }});
  Diagnostics diags;
  ParamTable options;
  options.path = "w";
  options.values["size"] = ParamValue{"4", {}, false, {"f", 2, 3}};
  auto made = registry.Make("small", {"f", 1, 1}, "w.kind", options, diags);
  ASSERT_TRUE(made.has_value());
  EXPECT_EQ(made->size, 4);

  auto missing = registry.Make("smal", {"f", 1, 7}, "w.kind", options, diags);
  EXPECT_FALSE(missing.has_value());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].ToString(),
            "f:1:7: w.kind: unknown widget 'smal'; did you mean 'small'?; expected one of: small");
}

TEST(RegistryTest, DuplicateNamesAreABug) {
  Registry<Widget> registry("widget");
  auto make = [](OptionReader&) { return Widget{1}; };
  registry.Add({"a", "", {}, make});
  EXPECT_THROW(registry.Add({"a", "", {}, make}), InternalError);
}

}  // namespace
}  // namespace gpuplan
