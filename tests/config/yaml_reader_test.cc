#include "sim/config/yaml_reader.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/catalog/dtype.h"
#include "sim/config/yaml_document.h"
#include "sim/util/text_file.h"
#include "tests/config/config_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::Lines;

// Parses `text` as t.yaml and hands the root map to `read`; returns the diagnostics as text.
template <class F>
std::vector<std::string> Read(const std::string& text, F&& read) {
  Diagnostics diags;
  std::optional<YAML::Node> root = ParseYaml(text, "t.yaml", diags);
  if (root) {
    ReadContext context("t.yaml", diags);
    YamlMap map(YamlNode(context, *root, ""));
    read(map);
  }
  std::vector<std::string> lines;
  for (const Diagnostic& d : diags.items()) lines.push_back(d.ToString());
  return lines;
}

// Reads the `engine` section with `read`, then reports its unknown keys.
template <class F>
std::vector<std::string> ReadEngine(const std::string& text, F&& read) {
  return Read(text, [&](YamlMap& root) {
    std::optional<YamlNode> engine = root.Find("engine");
    ASSERT_TRUE(engine && engine->IsMap());
    YamlMap map(*engine);
    read(map);
    map.Finish();
    root.Finish();
  });
}

std::vector<std::string> ParseErrors(const std::string& text) {
  Diagnostics diags;
  const std::optional<YAML::Node> root = ParseYaml(text, "t.yaml", diags);
  std::vector<std::string> lines;
  for (const Diagnostic& d : diags.items()) lines.push_back(d.ToString());
  if (root) {
    EXPECT_TRUE(lines.empty());
  }
  return lines;
}

// Located at the second document's "---" (line 2).
TEST(YamlReaderTest, ASecondDocumentIsRefusedNotIgnored) {
  EXPECT_THAT(ParseErrors("a: 1\n---\nb: 2\n"),
              ::testing::ElementsAre("t.yaml:2:1: a second YAML document starts here (2 in the "
                                     "file); expected one document"));
  EXPECT_TRUE(ParseErrors("---\na: 1\n").empty());  // one document with its marker
  EXPECT_TRUE(ParseErrors("").empty());             // an empty file is one empty document
}

TEST(YamlReaderTest, NulBytesAndInvalidUtf8AreLocated) {
  EXPECT_THAT(ParseErrors(std::string("a: 1\nb: x\0y\n", 12)),
              ::testing::ElementsAre("t.yaml:2:5: a NUL byte; expected text (UTF-8)"));
  EXPECT_THAT(ParseErrors("a: 1\nname: caf\xE9\n"),  // Latin-1, not UTF-8
              ::testing::ElementsAre("t.yaml:2:10: byte 0xE9 is not UTF-8; expected text (UTF-8)"));
  EXPECT_THAT(ParseErrors("a: \xC0\xAF\n"),  // an overlong form
              ::testing::ElementsAre("t.yaml:1:4: byte 0xC0 is not UTF-8; expected text (UTF-8)"));
  EXPECT_THAT(ParseErrors("name: caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80\n"),
              ::testing::IsEmpty());
  EXPECT_THAT(ParseErrors("\xEF\xBB\xBF"
                          "a: 1\n"),
              ::testing::IsEmpty());  // a byte-order mark
}

// Old Mac line endings: yaml-cpp would read the whole file as one line (here: one comment).
TEST(YamlReaderTest, ALoneCarriageReturnIsLocatedCrlfIsRead) {
  const std::string message = "t.yaml:2:5: " + std::string(kLoneCarriageReturnMessage);
  EXPECT_THAT(ParseErrors("# x\na: 1\rb: 2\r"), ::testing::ElementsAre(message));
  EXPECT_THAT(ParseErrors("# x\r\na: 1\r\nb: 2\r\n"), ::testing::IsEmpty());
}

TEST(YamlReaderTest, UnknownKeyIsReportedAtTheKeyWithASuggestion) {
  auto errors = ReadEngine(Lines({"engine:", "  max_num_seq: 5"}), [](YamlMap& map) {
    EXPECT_EQ(map.Get("max_num_seqs", 256, Expect::AtLeast(1)), 256);
    map.Get("block_size", 16, Expect::AtLeast(1));
  });
  EXPECT_EQ(errors, std::vector<std::string>{
                        "t.yaml:2:3: engine.max_num_seq: unknown key 'max_num_seq'; did you mean "
                        "'max_num_seqs'?"});
}

TEST(YamlReaderTest, UnknownKeyWithoutACloseNameListsTheValidKeys) {
  auto errors = ReadEngine(Lines({"engine:", "  colour: red"}), [](YamlMap& map) {
    map.Get("max_num_seqs", 256);
    map.Get("block_size", 16);
  });
  EXPECT_EQ(errors, std::vector<std::string>{"t.yaml:2:3: engine.colour: unknown key 'colour'; "
                                             "valid keys: max_num_seqs, block_size"});
}

TEST(YamlReaderTest, TypeErrorSaysWhatWasExpected) {
  auto errors = ReadEngine(Lines({"engine:", "  max_num_seqs: abc"}), [](YamlMap& map) {
    EXPECT_EQ(map.Get("max_num_seqs", 256, Expect::AtLeast(1)), 256);  // fallback on error
  });
  EXPECT_EQ(errors, std::vector<std::string>{"t.yaml:2:17: engine.max_num_seqs: 'abc' is not an "
                                             "integer; expected an integer >= 1"});
}

TEST(YamlReaderTest, MissingRequiredKeyIsReportedAtItsMap) {
  auto errors = ReadEngine(Lines({"name: x", "engine:", "    block_size: 16"}), [](YamlMap& map) {
    EXPECT_EQ(map.Required<int>("max_num_seqs", Expect::AtLeast(1)), 0);
    map.Get("block_size", 16);
  });
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "t.yaml:3:5: engine.max_num_seqs: missing required key; expected an "
                        "integer >= 1",
                        "t.yaml:1:1: name: unknown key 'name'; valid keys: engine"}));
}

TEST(YamlReaderTest, OptionalAndGetOnAbsentKeysAddNothing) {
  auto errors = ReadEngine(Lines({"engine:", "  block_size: 32"}), [](YamlMap& map) {
    EXPECT_EQ(map.Optional<double>("watermark"), std::nullopt);
    EXPECT_EQ(map.Get<std::string>("preemption_mode", "recompute"), "recompute");
    EXPECT_EQ(map.Optional<int>("block_size"), 32);
  });
  EXPECT_TRUE(errors.empty());
}

TEST(YamlReaderTest, EmptyValueIsAMissingValue) {
  auto errors = ReadEngine(Lines({"engine:", "  block_size:"}), [](YamlMap& map) {
    EXPECT_EQ(map.Optional<int>("block_size"), std::nullopt);
  });
  EXPECT_EQ(errors, std::vector<std::string>{
                        "t.yaml:2:3: engine.block_size: missing value; expected an integer"});
}

TEST(YamlReaderTest, MapWhereAScalarIsExpected) {
  auto errors = ReadEngine(Lines({"engine:", "  block_size: {a: 1}"}),
                           [](YamlMap& map) { map.Optional<int>("block_size"); });
  EXPECT_EQ(errors, std::vector<std::string>{
                        "t.yaml:2:15: engine.block_size: got a map; expected an integer"});
}

TEST(YamlReaderTest, ListItemsHaveIndexedPaths) {
  auto errors = Read(Lines({"workload:", "  foo: [1, x, 3]"}), [](YamlMap& root) {
    YamlMap workload(*root.Find("workload"));
    std::vector<YamlNode> items = workload.Find("foo")->Items();
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[2].path(), "workload.foo[2]");
    EXPECT_EQ(items[0].As<int>(), 1);
    EXPECT_EQ(items[1].As<int>(), std::nullopt);
  });
  EXPECT_EQ(errors,
            std::vector<std::string>{
                "t.yaml:2:12: workload.foo[1]: 'x' is not an integer; expected an integer"});
}

// gpu_memory_utilization is in (0, 1]: both ends and just past them.
TEST(YamlReaderTest, HalfOpenRangeBoundaries) {
  const Expect utilization{.min = 0, .max = 1, .min_exclusive = true};
  auto read = [&](const std::string& value) {
    return Read("u: " + value + "\n",
                [&](YamlMap& map) { map.Required<double>("u", utilization); });
  };
  EXPECT_TRUE(read("1.0").empty());
  EXPECT_TRUE(read("0.0001").empty());
  EXPECT_EQ(read("1.01"), std::vector<std::string>{"t.yaml:1:4: u: 1.01 is out of range; expected "
                                                   "a number > 0 and <= 1"});
  EXPECT_EQ(read("0"), std::vector<std::string>{
                           "t.yaml:1:4: u: 0 is out of range; expected a number > 0 and <= 1"});
}

TEST(YamlReaderTest, IntegerTooLargeForInt) {
  auto errors = Read("n: 3000000000\n", [](YamlMap& map) { map.Required<int>("n"); });
  EXPECT_EQ(errors, std::vector<std::string>{
                        "t.yaml:1:4: n: 3000000000 is too large; expected an integer that fits in "
                        "32 bits"});
  EXPECT_TRUE(Read("n: 3000000000\n", [](YamlMap& map) {
                EXPECT_EQ(map.Required<int64_t>("n"), 3000000000LL);
              }).empty());
}

TEST(YamlReaderTest, BooleansAreTrueOrFalse) {
  auto errors = Read("b: yes\n", [](YamlMap& map) { map.Required<bool>("b"); });
  EXPECT_EQ(errors, std::vector<std::string>{
                        "t.yaml:1:4: b: 'yes' is not a boolean; expected true or false"});
}

TEST(YamlReaderTest, ChoicesAndDtypesSuggestTheNearestName) {
  auto errors = Read(Lines({"mode: swapp", "dtype: bf61"}), [](YamlMap& map) {
    map.Required<std::string>("mode", Expect::OneOf({"recompute", "swap"}));
    map.Required<Dtype>("dtype");
  });
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "t.yaml:1:7: mode: 'swapp' is not a valid choice; did you mean 'swap'?; "
                        "expected one of: recompute, swap",
                        "t.yaml:2:8: dtype: 'bf61' is not a data type; did you mean 'bf16'?; "
                        "expected one of: fp32, bf16, fp16, fp8, int8, int4"}));
}

TEST(YamlReaderTest, DuplicateKeysAreErrors) {
  auto errors = Read(Lines({"a: 1", "b: 2", "a: 3"}), [](YamlMap& map) {
    EXPECT_EQ(map.Required<int>("a"), 1);
    map.Required<int>("b");
    map.Finish();
  });
  EXPECT_EQ(errors, std::vector<std::string>{
                        "t.yaml:3:1: a: duplicate key (first written at line 1); expected each "
                        "key once"});
}

TEST(YamlReaderTest, TakeRestReturnsUnreadKeysInFileOrder) {
  auto errors = Read(Lines({"kind: x", "zeta: 1", "alpha: [2, 3]"}), [](YamlMap& map) {
    map.Required<std::string>("kind");
    auto rest = map.TakeRest();
    ASSERT_EQ(rest.size(), 2u);
    EXPECT_EQ(rest[0].first, "zeta");
    EXPECT_EQ(rest[1].second.path(), "alpha");
    map.Finish();
  });
  EXPECT_TRUE(errors.empty());
}

TEST(YamlReaderTest, SyntaxErrorHasAPosition) {
  Diagnostics diags;
  // yaml-cpp stops at the '@' (0-based line 1, column 3), reported 1-based.
  EXPECT_EQ(ParseYaml(Lines({"a: 1", "b: @x"}), "t.yaml", diags), std::nullopt);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].ToString(), "t.yaml:2:4: invalid YAML: unknown token");
}

// yaml-cpp refuses 500 levels of nesting (its DepthGuard<500>); the message says so instead of
// yaml-cpp's "bad file". A map holding 498 nested lists is 499 levels and parses.
// yaml-cpp 0.7's LoadAll never returns on a document that starts with ',' (found by the fuzz
// campaign): the documents are counted with a progress check, so it is a located error at once.
TEST(YamlReaderTest, ADocumentStartingWithACommaIsAnErrorNotAHang) {
  const std::string expected =
      "invalid YAML: a ',' outside brackets where a document starts (the parser cannot get past "
      "it); expected key: value";
  EXPECT_THAT(ParseErrors(","), ::testing::ElementsAre("t.yaml:1:1: " + expected));
  EXPECT_THAT(ParseErrors(",\na: 1\n"), ::testing::ElementsAre("t.yaml:1:1: " + expected));
  EXPECT_THAT(ParseErrors("a: 1\n---\n,\n"), ::testing::ElementsAre("t.yaml:3:1: " + expected));
  // A ',' inside a flow list, or after a key, is fine or an ordinary syntax error.
  EXPECT_TRUE(ParseErrors("a: [1, 2]\n").empty());
}

TEST(YamlReaderTest, NestingBeyondTheParsersDepthIsNamed) {
  auto nested = [](int lists) {
    return "a: " + std::string(lists, '[') + std::string(lists, ']') + "\n";
  };
  Diagnostics diags;
  EXPECT_NE(ParseYaml(nested(498), "t.yaml", diags), std::nullopt);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(ParseYaml(nested(499), "t.yaml", diags), std::nullopt);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags.items()[0].ToString().find(
                "t.yaml:1:1002: values nest more than 499 levels deep here; expected a file "
                "with a few levels of maps and lists"),
            std::string::npos)
      << diags.items()[0].ToString();
}

// Duplicate keys are found among many: the check is by hash, each key reported once at its
// second writing.
TEST(YamlReaderTest, DuplicatesAmongManyKeysAreEachReported) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += fmt::format("k{}: {}\n", i, i);
  text += "k7: again\nk1999: again\n";
  auto errors = Read(text, [](YamlMap& map) {
    map.MarkAllUsed();
    map.Finish();
  });
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "t.yaml:2001:1: k7: duplicate key (first written at line 8); expected "
                        "each key once",
                        "t.yaml:2002:1: k1999: duplicate key (first written at line 2000); "
                        "expected each key once"}));
}

TEST(YamlReaderTest, NodeCopiesRebindInsteadOfEditingTheDocument) {
  Diagnostics diags;
  YAML::Node root = *ParseYaml(Lines({"a: 1", "b: 2"}), "t.yaml", diags);
  ReadContext context("t.yaml", diags);
  YamlNode a(context, root["a"], "a");
  YamlNode b(context, root["b"], "b");
  a = b;
  EXPECT_EQ(a.text(), "2");
  EXPECT_EQ(root["a"].Scalar(), "1");
}

}  // namespace
}  // namespace gpuplan
