#include "sim/core/json_value.h"

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
    EXPECT_EQ(std::string(e.what()), "JSON column 9: expected '\"'");
  }
  EXPECT_THROW(JsonValue::Parse("[1, 2"), Error);
  EXPECT_THROW(JsonValue::Parse("{} x"), Error);
  EXPECT_THROW(JsonValue::Parse(R"({"a": 1.5})").At("a").AsInt(), Error);
}

}  // namespace
}  // namespace gpuplan
