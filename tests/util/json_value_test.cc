#include "sim/util/json_value.h"

#include <gtest/gtest.h>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

TEST(JsonValueTest, ParsesNestedDocuments) {
  JsonValue v = JsonValue::Parse(
      R"({"a": 1, "b": [true, false, null], "c": {"d": "x\"y\\n\u0041"}, "e": -2.5e3})");
  EXPECT_EQ(v.At("a").AsInt(), 1);
  ASSERT_EQ(v.At("b").AsArray().size(), 3u);
  EXPECT_TRUE(v.At("b").AsArray()[0].AsBool());
  EXPECT_FALSE(v.At("b").AsArray()[1].AsBool());
  EXPECT_TRUE(v.At("b").AsArray()[2].IsNull());
  EXPECT_EQ(v.At("c").At("d").AsString(), "x\"y\\nA");
  EXPECT_DOUBLE_EQ(v.At("e").AsDouble(), -2500);
  EXPECT_EQ(v.Find("zz"), nullptr);
}

TEST(JsonValueTest, KeepsLargeIntegersExact) {
  JsonValue v = JsonValue::Parse(R"({"ns": 9007199254740993})");
  EXPECT_EQ(v.At("ns").AsInt(), 9007199254740993LL);  // 2^53 + 1: not representable as double
}

TEST(JsonValueTest, ErrorsNameTheColumn) {
  try {
    JsonValue::Parse(R"({"a": 1,, })");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "JSON column 9: syntax error while parsing object key - unexpected ',' "
              "(expected string literal)");
  }
  EXPECT_THROW(JsonValue::Parse("[1, 2"), Error);
  EXPECT_THROW(JsonValue::Parse("{} x"), Error);
  EXPECT_THROW(JsonValue::Parse(R"({"a": 1.5})").At("a").AsInt(), Error);
}

// RFC 8259 is strict where a hand-written reader tends to be lenient.
TEST(JsonValueTest, RefusesWhatTheGrammarDoesNotAllow) {
  for (const char* bad : {"01", "+1", "1.", ".5", "NaN", "[1,]", "{'a': 1}", "{\"a\": 1,}",
                          "\"\\x\"", "\"tab\there\"", "1e999", "\"\xff\"", "tru", ""}) {
    JsonValue v;
    JsonSyntaxProblem problem;
    EXPECT_FALSE(JsonValue::TryParse(bad, &v, &problem)) << bad;
    EXPECT_FALSE(problem.what.empty()) << bad;
    EXPECT_GE(problem.column, 1u) << bad;
  }
}

// The library quotes what it last read; a message must not echo a user's file.
TEST(JsonValueTest, MessagesDoNotQuoteTheInput) {
  JsonValue v;
  JsonSyntaxProblem problem;
  ASSERT_FALSE(JsonValue::TryParse(R"({"api_key": "abc123", "x": tru})", &v, &problem));
  EXPECT_EQ(problem.what, "syntax error while parsing value - invalid literal");
  EXPECT_EQ(problem.column, 31u);  // the '}' that cut "tru" short
}

TEST(JsonValueTest, DecodesSurrogatePairsToOneCodePoint) {
  // U+1F600 is one 4-byte UTF-8 sequence, F0 9F 98 80.
  EXPECT_EQ(JsonValue::Parse(R"("\ud83d\ude00")").AsString(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(JsonValue::Parse(R"("\u00e9")").AsString(), "\xC3\xA9");
  EXPECT_THROW(JsonValue::Parse(R"("\ud83d")"), Error);  // a lone high surrogate
}

TEST(JsonValueTest, KeepsMembersInFileOrderAndNumbersTyped) {
  const JsonValue v =
      JsonValue::Parse(R"({"z": 1, "a": 2.0, "m": 1e2, "u": 18446744073709551615})");
  const auto& members = v.Members();
  ASSERT_EQ(members.size(), 4u);
  EXPECT_EQ(members[0].first, "z");
  EXPECT_EQ(members[1].first, "a");
  EXPECT_EQ(members[2].first, "m");
  EXPECT_TRUE(v.At("z").IsInteger());
  EXPECT_FALSE(v.At("a").IsInteger());  // written with a fraction
  EXPECT_FALSE(v.At("m").IsInteger());  // written with an exponent
  EXPECT_DOUBLE_EQ(v.At("m").AsDouble(), 100);
  EXPECT_FALSE(v.At("u").IsInteger());  // 2^64 - 1 does not fit int64
  EXPECT_DOUBLE_EQ(v.At("u").AsDouble(), 18446744073709551615.0);
}

// The node size is what bounds a document's memory against its text: "1," is 2 bytes of text
// and one node.
TEST(JsonValueTest, ANodeIsSixteenBytes) { EXPECT_EQ(sizeof(JsonValue), 16u); }

// kMaxJsonDepth levels are read; one more is refused at the bracket that goes too deep.
TEST(JsonValueTest, NestingLimitBothSides) {
  const std::string deepest = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(JsonValue::Parse(deepest).IsArray());
  const std::string too_deep =
      std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  JsonValue v;
  JsonSyntaxProblem problem;
  ASSERT_FALSE(JsonValue::TryParse(too_deep, &v, &problem));
  EXPECT_EQ(problem.column, static_cast<size_t>(kMaxJsonDepth + 1));
  EXPECT_EQ(problem.what, "nesting deeper than 64 levels");
}

TEST(JsonValueTest, FileErrorsAreLocatedByLineAndColumn) {
  try {
    JsonValue::ParseFile("{\n  \"a\": 1,\n  \"b\": tru\n}", "s.json", "a summary.json");
    FAIL();
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("s.json:3:"), std::string::npos) << message;
    EXPECT_NE(message.find("; expected a summary.json"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace gpuplan
