#include "sim/util/json_writer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <string>

#include "sim/core/error.h"
#include "sim/core/rng.h"

namespace gpuplan {
namespace {

TEST(JsonWriterTest, PrettyPrintsWithTwoSpacesInInsertionOrder) {
  JsonWriter json;
  json.BeginObject();
  json.Field("zeta", 1).Field("alpha", "a");
  json.Key("list").BeginArray().Int(1).Double(2.5).Null().EndArray();
  json.Key("empty_object").BeginObject().EndObject();
  json.Key("empty_list").BeginArray().EndArray();
  json.Key("nested").BeginObject().Field("ok", true).Field("bad", false).EndObject();
  json.EndObject();
  EXPECT_TRUE(json.complete());
  EXPECT_EQ(json.TakeString(),
            "{\n"
            "  \"zeta\": 1,\n"
            "  \"alpha\": \"a\",\n"
            "  \"list\": [\n"
            "    1,\n"
            "    2.5,\n"
            "    null\n"
            "  ],\n"
            "  \"empty_object\": {},\n"
            "  \"empty_list\": [],\n"
            "  \"nested\": {\n"
            "    \"ok\": true,\n"
            "    \"bad\": false\n"
            "  }\n"
            "}");
}

TEST(JsonWriterTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(QuoteJsonString("say \"hi\"\\"), R"("say \"hi\"\\")");
  EXPECT_EQ(QuoteJsonString("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
  EXPECT_EQ(QuoteJsonString(std::string("\x01\x1f\x7f", 3)), R"("\u0001\u001f\u007f")");
  EXPECT_EQ(QuoteJsonString(std::string("nul\0!", 5)), R"("nul\u0000!")");
  EXPECT_EQ(QuoteJsonString("/ is fine"), R"("/ is fine")");
}

TEST(JsonWriterTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(QuoteJsonString("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80\"");
  EXPECT_EQ(QuoteJsonString("a\xff"
                            "b"),
            R"("a\ufffdb")");
  EXPECT_EQ(QuoteJsonString("\xc3"), R"("\ufffd")");                      // truncated sequence
  EXPECT_EQ(QuoteJsonString("\xc0\xaf"), R"("\ufffd\ufffd")");            // overlong '/'
  EXPECT_EQ(QuoteJsonString("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");  // a surrogate
}

TEST(JsonWriterTest, KeysAreEscapedToo) {
  JsonWriter json;
  json.BeginObject().Field("a\"b\n", 1).EndObject();
  EXPECT_EQ(json.TakeString(), "{\n  \"a\\\"b\\n\": 1\n}");
}

TEST(JsonWriterTest, DoublesUseShortestRoundTripForm) {
  EXPECT_EQ(FormatJsonDouble(0.1), "0.1");
  EXPECT_EQ(FormatJsonDouble(2.0), "2");
  EXPECT_EQ(FormatJsonDouble(-1.5), "-1.5");
  EXPECT_EQ(FormatJsonDouble(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatJsonDouble(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(FormatJsonDouble(1e21), "1e+21");
  EXPECT_EQ(FormatJsonDouble(1e-7), "1e-07");
  EXPECT_EQ(FormatJsonDouble(123456.789), "123456.789");
  EXPECT_EQ(FormatJsonDouble(-0.0), "-0");
}

TEST(JsonWriterTest, NonFiniteDoublesAreNull) {
  EXPECT_EQ(FormatJsonDouble(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(FormatJsonDouble(-std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(FormatJsonDouble(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(FormatJsonDouble(-std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonWriterTest, DoublesReadBackExactly) {
  Rng rng(7, 1);
  for (int i = 0; i < 10000; ++i) {
    const double value = rng.LogNormal(0, 10) * (i % 2 ? 1 : -1);
    const std::string text = FormatJsonDouble(value);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
  }
}

TEST(JsonWriterTest, IntegersAreExactAtTheExtremes) {
  JsonWriter json;
  json.BeginArray();
  json.Int(std::numeric_limits<int64_t>::min()).Uint(std::numeric_limits<uint64_t>::max());
  json.Value(int32_t{-7}).Value(uint16_t{7});
  json.EndArray();
  EXPECT_EQ(json.TakeString(),
            "[\n  -9223372036854775808,\n  18446744073709551615,\n  -7,\n  7\n]");
}

TEST(JsonWriterTest, ScalarDocument) {
  JsonWriter json;
  EXPECT_FALSE(json.complete());
  json.String("x");
  EXPECT_TRUE(json.complete());
  EXPECT_EQ(json.TakeString(), "\"x\"");
  EXPECT_THROW(json.Int(1), InternalError);  // one top-level value only
}

TEST(JsonWriterTest, MisuseIsABug) {
  {
    JsonWriter json;
    json.BeginObject();
    EXPECT_THROW(json.Int(1), InternalError);  // value without a key
  }
  {
    JsonWriter json;
    json.BeginArray();
    EXPECT_THROW(json.Key("k"), InternalError);  // key inside an array
    EXPECT_THROW(json.EndObject(), InternalError);
  }
  {
    JsonWriter json;
    json.BeginObject().Key("k");
    EXPECT_THROW(json.Key("j"), InternalError);     // two keys in a row
    EXPECT_THROW(json.EndObject(), InternalError);  // key without a value
  }
  {
    JsonWriter json;
    EXPECT_THROW(json.EndArray(), InternalError);
  }
}

TEST(JsonWriterTest, TakeStringDrainsPiecesThatConcatenateToTheDocument) {
  JsonWriter whole;
  JsonWriter pieces;
  std::string drained;
  for (JsonWriter* json : {&whole, &pieces}) {
    json->BeginArray();
    for (int i = 0; i < 5; ++i) {
      json->BeginObject().Field("i", i).EndObject();
      if (json == &pieces) drained += pieces.TakeString();
    }
    json->EndArray();
  }
  drained += pieces.TakeString();
  EXPECT_TRUE(pieces.complete());
  EXPECT_EQ(drained, whole.TakeString());
}

}  // namespace
}  // namespace gpuplan
