// Trace readers on small files written here, with every expected arrival computed by hand.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/util/text_file.h"
#include "sim/workload/trace_workload.h"
#include "tests/workload/workload_test_util.h"

namespace gpuplan {
namespace {

using testing::Drain;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Params;
using testing::TempDir;
using testing::Text;

std::vector<SimTime> Arrivals(const TraceWorkload& trace, WorkloadLimits limits = {}) {
  std::vector<SimTime> out;
  for (const RequestSpec& r : Drain(*trace.Open(0, limits))) out.push_back(r.arrival);
  return out;
}

// The ConfigError message of `load`, or a test failure when it does not throw.
template <class F>
std::string ErrorOf(F load) {
  try {
    load();
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return "";
}

// CRLF line ends and no newline after the last row, as in the published files.
constexpr const char* kAzure =
    "TIMESTAMP,ContextTokens,GeneratedTokens\r\n"
    "2023-11-16 18:15:46.6805900,374,44\r\n"
    "2023-11-16 18:15:46.6805901,396,109\r\n"
    "2023-11-16 18:15:50.0000000,10,0\r\n"
    "2023-11-17 00:00:00.5,7,3";

TEST(AzureTrace, ArrivalsAreExactOffsetsFromTheFirstRow) {
  TempDir dir;
  auto trace = LoadAzureLlm2023Trace({.path = dir.Write("azure.csv", kAzure)});
  // +100 ns; +3.3194100 s; across midnight: 5 h 44 min 13.81941 s = 20653.81941 s.
  EXPECT_THAT(Arrivals(*trace), ElementsAre(0, 100, 3'319'410'000, 20'653'819'410'000));
  const auto requests = Drain(*trace->Open(0, {}));
  EXPECT_EQ(requests[0].prompt_tokens, 374);
  EXPECT_EQ(requests[0].output_tokens, 44);
  EXPECT_EQ(requests[1].client, -1);
  EXPECT_EQ(requests[2].output_tokens, 1) << "0 output tokens are replayed as 1";
  const TraceStats& s = trace->stats();
  EXPECT_EQ(s.rows, 4);
  EXPECT_EQ(s.requests, 4);
  EXPECT_EQ(s.zero_output_adjusted, 1);
  EXPECT_EQ(s.zero_prompt_adjusted, 0);
  EXPECT_EQ(s.span, 20'653'819'410'000);
  EXPECT_DOUBLE_EQ(s.mean_rate_per_s, 4 / 20653.81941);
  EXPECT_DOUBLE_EQ(s.mean_prompt_tokens, (374 + 396 + 10 + 7) / 4.0);
  EXPECT_EQ(trace->Describe(),
            "azure_llm_2023 azure.csv: 4 requests over 20653.8 s (0.000194 req/s, rate x1), "
            "mean prompt 197, mean output 39 tokens; 1 row(s) with 0 output tokens replayed "
            "with 1");
}

TEST(AzureTrace, RateMultiplierDividesEveryGap) {
  TempDir dir;
  auto trace =
      LoadAzureLlm2023Trace({.path = dir.Write("azure.csv", kAzure), .rate_multiplier = 2});
  EXPECT_THAT(Arrivals(*trace), ElementsAre(0, 50, 1'659'705'000, 10'326'909'705'000));
  EXPECT_THAT(trace->Describe(), HasSubstr("rate x2"));
}

TEST(AzureTrace, StartAndMaxRequestsSelectAWindow) {
  TempDir dir;
  const std::string path = dir.Write("azure.csv", kAzure);
  // Rows before 1 s are skipped; arrivals are measured from start_s.
  auto late = LoadAzureLlm2023Trace({.path = path, .start_s = 1});
  EXPECT_THAT(Arrivals(*late), ElementsAre(2'319'410'000, 20'652'819'410'000));
  EXPECT_EQ(late->stats().rows, 4);
  EXPECT_EQ(late->stats().requests, 2);
  auto first = LoadAzureLlm2023Trace({.path = path, .max_requests = 2});
  EXPECT_THAT(Arrivals(*first), ElementsAre(0, 100));
  EXPECT_THAT(ErrorOf([&] { LoadAzureLlm2023Trace({.path = path, .start_s = 30000}); }),
              HasSubstr("no rows at or after start_s = 30000 s"));
}

// With max_requests the file is read only up to the last replayed row: a malformed row after it
// is never seen (so a 1 GB trace with max_requests 1000 reads a thousand rows), while the same
// row one position earlier is still reported.
TEST(AzureTrace, MaxRequestsStopsReadingTheFile) {
  TempDir dir;
  const std::string path =
      dir.Write("azure.csv", std::string(kAzure) + "\r\nnot a timestamp,x,y\r\n");
  auto two = LoadAzureLlm2023Trace({.path = path, .max_requests = 2});
  EXPECT_THAT(Arrivals(*two), ElementsAre(0, 100));
  EXPECT_EQ(two->stats().rows, 2);  // rows read
  // With start_s = 1 the first two rows are read but not replayed: four rows hold two requests.
  auto late = LoadAzureLlm2023Trace({.path = path, .start_s = 1, .max_requests = 2});
  EXPECT_THAT(Arrivals(*late), ElementsAre(2'319'410'000, 20'652'819'410'000));
  EXPECT_EQ(late->stats().rows, 4);
  // One request more than the good rows hold: the bad row is read and reported.
  EXPECT_THAT(ErrorOf([&] { LoadAzureLlm2023Trace({.path = path, .max_requests = 5}); }),
              HasSubstr("azure.csv:6:1: TIMESTAMP 'not a timestamp' is not a timestamp"));
}

// Streamed traces would read an old-Mac file as one line: refused at the first lone CR.
TEST(AzureTrace, ALoneCarriageReturnIsLocated) {
  TempDir dir;
  std::string text = kAzure;
  std::replace(text.begin(), text.end(), '\n', '\r');
  const std::string path = dir.Write("azure.csv", text);
  EXPECT_EQ(ErrorOf([&] { LoadAzureLlm2023Trace({.path = path}); }),
            fmt::format("{}:1:{}: {}", path, text.find('\r') + 1, kLoneCarriageReturnMessage));
  const std::string jsonl = dir.Write("m.jsonl", "{\"timestamp\": 0}\r{\"timestamp\": 1}\r");
  EXPECT_THAT(ErrorOf([&] { LoadMooncakeTrace({.path = jsonl}); }),
              HasSubstr(":1:17: a carriage return (CR) without a line feed"));
}

TEST(AzureTrace, OpenLimitsIncludeTheBoundary) {
  TempDir dir;
  auto trace = LoadAzureLlm2023Trace({.path = dir.Write("azure.csv", kAzure)});
  EXPECT_THAT(Arrivals(*trace, {.max_arrival_time = 100}), ElementsAre(0, 100));
  EXPECT_THAT(Arrivals(*trace, {.max_arrival_time = 99}), ElementsAre(0));
  EXPECT_THAT(Arrivals(*trace, {.max_requests = 3}), ElementsAre(0, 100, 3'319'410'000));
  EXPECT_EQ(Arrivals(*trace, {.max_requests = 0}).size(), 0u);
}

TEST(AzureTrace, MalformedTimestampNamesLineAndColumn) {
  TempDir dir;
  const std::string path = dir.Write("bad.csv",
                                     "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                                     "2023-11-16 18:15:46.6805900,374,44\n"
                                     "2023-11-16 25:00:00.0000000,396,109\n");
  EXPECT_EQ(
      ErrorOf([&] { LoadAzureLlm2023Trace({.path = path}); }),
      path +
          ":3:1: TIMESTAMP '2023-11-16 25:00:00.0000000' is not a timestamp; expected "
          "YYYY-MM-DD HH:MM:SS.fffffff (a valid date and time of the years 1900-2199, up to 9 "
          "fraction digits)");
}

TEST(AzureTrace, BadTokenCellNamesLineAndColumn) {
  TempDir dir;
  const std::string path = dir.Write("bad.csv",
                                     "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                                     "2023-11-16 18:15:46.6805900,374,44\n"
                                     "2023-11-16 18:15:47.0000000,396,many\n");
  EXPECT_EQ(ErrorOf([&] { LoadAzureLlm2023Trace({.path = path}); }),
            path + ":3:33: GeneratedTokens 'many' is not an integer; expected a whole number");
}

TEST(AzureTrace, NegativeTokensAndUnsortedRowsAreErrors) {
  TempDir dir;
  const std::string negative = dir.Write("neg.csv",
                                         "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                                         "2023-11-16 18:15:46.6805900,-3,44\n");
  EXPECT_EQ(ErrorOf([&] { LoadAzureLlm2023Trace({.path = negative}); }),
            negative +
                ":2:1: prompt tokens -3 is out of range; expected a count in [0, "
                "2147483647]");
  const std::string unsorted = dir.Write("unsorted.csv",
                                         "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                                         "2023-11-16 18:15:47.0000000,1,1\n"
                                         "2023-11-16 18:15:46.0000000,1,1\n");
  EXPECT_EQ(ErrorOf([&] { LoadAzureLlm2023Trace({.path = unsorted}); }),
            unsorted +
                ":3:1: arrival is 1.000000000 s before the previous row's (line 2); "
                "expected rows in non-decreasing time order");
}

TEST(AzureTrace, WrongHeaderAndMissingFile) {
  TempDir dir;
  const std::string path = dir.Write("vidur.csv", "arrived_at,num_prefill_tokens\n0,1\n");
  EXPECT_EQ(ErrorOf([&] { LoadAzureLlm2023Trace({.path = path}); }),
            path +
                ":1:1: no column 'TIMESTAMP' in the header; expected one of: arrived_at, "
                "num_prefill_tokens");
  EXPECT_THAT(ErrorOf([&] { LoadAzureLlm2023Trace({.path = dir.path() + "/none.csv"}); }),
              HasSubstr("none.csv: cannot read the file (No such file or directory); expected a "
                        "readable CSV file"));
  // A repeated column would otherwise be read from its first occurrence without a word.
  const std::string twice =
      dir.Write("twice.csv", "TIMESTAMP,ContextTokens,GeneratedTokens,ContextTokens\n0,1,1,2\n");
  EXPECT_EQ(ErrorOf([&] { LoadAzureLlm2023Trace({.path = twice}); }),
            twice +
                ":1:41: column 'ContextTokens' appears twice in the header (first at column 11); "
                "expected unique names");
  const std::string header_only = dir.Write("h.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n");
  EXPECT_EQ(ErrorOf([&] { LoadAzureLlm2023Trace({.path = header_only}); }),
            header_only + ":1:1: no data rows; expected at least one request");
}

TEST(SecondsCsvTraces, VidurSplitwiseAndRequestCsv) {
  TempDir dir;
  auto vidur =
      LoadVidurCsvTrace({.path = dir.Write("v.csv",
                                           "arrived_at,num_prefill_tokens,num_decode_tokens\n"
                                           "0.0,10,5\n0.5,20,6\n1.25,30,7\n")});
  EXPECT_THAT(Arrivals(*vidur), ElementsAre(0, 500'000'000, 1'250'000'000));
  EXPECT_EQ(Drain(*vidur->Open(0, {}))[2].prompt_tokens, 30);
  // SplitwiseSim's test_trace.csv: times 1, 3, 4 s, measured from the first row.
  auto splitwise = LoadSplitwiseCsvTrace(
      {.path = dir.Write("s.csv",
                         "request_id,request_type,application_id,arrival_timestamp,batch_size,"
                         "prompt_size,token_size\n"
                         "0,2,0,1,1,4096,32\n1,2,0,3,1,2048,8\n2,2,0,4,1,2048,16\n"),
       .rate_multiplier = 0.5});
  EXPECT_THAT(Arrivals(*splitwise), ElementsAre(0, 4 * kNanosPerSecond, 6 * kNanosPerSecond));
  EXPECT_EQ(Drain(*splitwise->Open(0, {}))[0].output_tokens, 32);
  auto csv = LoadRequestCsvTrace({.path = dir.Write("r.csv",
                                                    "arrival_s,input_tokens,output_tokens\n"
                                                    "0.000000,2358,531\n0.265091,1034,769\n")});
  EXPECT_THAT(Arrivals(*csv), ElementsAre(0, 265'091'000));
}

TEST(SecondsCsvTraces, ColumnsAreFoundByNameInAnyOrder) {
  TempDir dir;
  auto trace = LoadVidurCsvTrace(
      {.path = dir.Write("v.csv",
                         "num_decode_tokens,extra,arrived_at,num_prefill_tokens\n5,x,2.0,10\n")});
  const auto requests = Drain(*trace->Open(0, {}));
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].arrival, 0);
  EXPECT_EQ(requests[0].prompt_tokens, 10);
  EXPECT_EQ(requests[0].output_tokens, 5);
}

constexpr const char* kMooncake =
    R"({"timestamp": 0, "input_length": 100, "output_length": 10, "hash_ids": [0, 1]})"
    "\n"
    R"({"timestamp": 0, "input_length": 200, "output_length": 20, "hash_ids": [0, 2]})"
    "\n"
    R"({"timestamp": 0, "input_length": 300, "output_length": 0, "hash_ids": [0]})"
    "\n"
    R"({"timestamp": 3000, "input_length": 400, "output_length": 40, "hash_ids": []})"
    "\n\n"
    R"({"timestamp": 9000, "input_length": 500, "output_length": 50})"
    "\n"
    R"({"timestamp": 9000, "output_length": 60, "extra": "x", "input_length": 600})"
    "\n";

TEST(MooncakeTrace, ReplaysQuantisedTimestampsAsWritten) {
  TempDir dir;
  auto trace =
      LoadMooncakeTrace({.path = dir.Write("m.jsonl", kMooncake), .spread_quantised = false});
  const SimTime ms = kNanosPerMilli;
  EXPECT_THAT(Arrivals(*trace), ElementsAre(0, 0, 0, 3000 * ms, 9000 * ms, 9000 * ms));
  const auto requests = Drain(*trace->Open(0, {}));
  EXPECT_EQ(requests[5].prompt_tokens, 600);
  EXPECT_EQ(requests[5].output_tokens, 60);
  EXPECT_EQ(requests[2].output_tokens, 1);
  EXPECT_EQ(trace->stats().zero_output_adjusted, 1);
  EXPECT_EQ(trace->stats().hash_blocks, 5);
  EXPECT_EQ(trace->stats().hash_blocks_reused, 2);
}

TEST(MooncakeTrace, SpreadsEachBucketEvenlyUpToTheNextTimestamp) {
  TempDir dir;
  const std::string path = dir.Write("m.jsonl", kMooncake);
  const SimTime ms = kNanosPerMilli;
  // Three rows at 0 share the 3000 ms gap; one row at 3000; the last bucket (two rows at 9000)
  // uses the mean gap between distinct timestamps, 9000 / 2 = 4500 ms.
  EXPECT_THAT(Arrivals(*LoadMooncakeTrace({.path = path})),
              ElementsAre(0, 1000 * ms, 2000 * ms, 3000 * ms, 9000 * ms, 11250 * ms));
  EXPECT_THAT(Arrivals(*LoadMooncakeTrace({.path = path, .rate_multiplier = 2})),
              ElementsAre(0, 500 * ms, 1000 * ms, 1500 * ms, 4500 * ms, 5625 * ms));
}

// With max_requests, reading stops one row into the next timestamp, so each kept bucket is
// spread over the same gap as when the whole file is read; rows after it are never parsed.
TEST(MooncakeTrace, MaxRequestsStopsAfterTheBucketIsClosed) {
  TempDir dir;
  const std::string path = dir.Write("m.jsonl", std::string(kMooncake) + "{bad json\n");
  const SimTime ms = kNanosPerMilli;
  // Two requests: the bucket at 0 (3 rows) is closed by the row at 3000, which ends the read.
  auto two = LoadMooncakeTrace({.path = path, .max_requests = 2});
  EXPECT_THAT(Arrivals(*two), ElementsAre(0, 1000 * ms));
  EXPECT_EQ(two->stats().rows, 4);
  // Four requests: the row at 3000 is replayed; the first row at 9000 closes its bucket.
  auto four = LoadMooncakeTrace({.path = path, .max_requests = 4});
  EXPECT_THAT(Arrivals(*four), ElementsAre(0, 1000 * ms, 2000 * ms, 3000 * ms));
  EXPECT_EQ(four->stats().rows, 5);
  // Five requests need the whole bucket at 9000, so the bad line is read and reported.
  EXPECT_THAT(ErrorOf([&] { LoadMooncakeTrace({.path = path, .max_requests = 5}); }),
              HasSubstr("m.jsonl:8:"));
}

TEST(MooncakeTrace, MalformedLinesNameLineAndColumn) {
  TempDir dir;
  const std::string text_value = R"({"timestamp": 0, "input_length": "100", "output_length": 1})";
  const std::string a = dir.Write("a.jsonl", std::string(kMooncake) + text_value + "\n");
  EXPECT_EQ(ErrorOf([&] { LoadMooncakeTrace({.path = a}); }),
            fmt::format("{}:8:{}: \"input_length\" is the string \"100\"; expected an integer", a,
                        text_value.find("\"100\"") + 1));
  const std::string b = dir.Write("b.jsonl", R"({"timestamp": 0, "input_length": 1})");
  EXPECT_EQ(ErrorOf([&] { LoadMooncakeTrace({.path = b}); }),
            b + ":1:1: missing key \"output_length\"; expected \"timestamp\", \"input_length\" "
                "and \"output_length\"");
  const std::string cut = R"({"timestamp": 0, "input_length": 1, "output_length": 2)";
  const std::string c = dir.Write("c.jsonl", cut + "\n");
  EXPECT_EQ(ErrorOf([&] { LoadMooncakeTrace({.path = c}); }),
            fmt::format("{}:1:{}: syntax error while parsing object - unexpected end of input "
                        "(expected '}}'); expected one JSON object per line",
                        c, cut.size() + 1));
  const std::string d = dir.Write("d.jsonl", R"({"timestamp": 0, "input_length": 1, )"
                                             R"("output_length": 2, "hash_ids": [1, "x"]})");
  EXPECT_THAT(ErrorOf([&] { LoadMooncakeTrace({.path = d}); }),
              HasSubstr("\"hash_ids\" item 2 is the string \"x\"; expected a list of integers"));
}

class TraceRegistryTest : public ::testing::Test {
 protected:
  TraceRegistryTest() { RegisterBuiltinTraces(registry_); }

  std::optional<std::shared_ptr<const TraceWorkload>> Make(const std::string& kind,
                                                           const ParamTable& params) {
    return registry_.Make(kind, {"scenario.yaml", 2, 11}, "workload.trace.kind", params, diags_,
                          WorkloadContext{dir_.path()});
  }

  TempDir dir_;
  TraceRegistry registry_{"trace format"};
  Diagnostics diags_;
};

TEST_F(TraceRegistryTest, RegistersEveryFormat) {
  EXPECT_THAT(registry_.Names(),
              ElementsAre("azure_llm_2023", "mooncake", "vidur_csv", "splitwise_csv", "request_csv",
                          "measured_requests_csv"));
}

TEST_F(TraceRegistryTest, LoadsRelativePathsFromTheBaseDir) {
  dir_.Write("azure.csv", kAzure);
  auto trace = Make("azure_llm_2023", Params({{"path", "azure.csv"}, {"rate_multiplier", "2"}}));
  ASSERT_TRUE(trace.has_value()) << Text(diags_);
  EXPECT_EQ((*trace)->stats().span, 10'326'909'705'000);
  dir_.Write("m.jsonl", kMooncake);
  auto mooncake = Make("mooncake", Params({{"path", "m.jsonl"}, {"spread_quantised", "false"}}));
  ASSERT_TRUE(mooncake.has_value()) << Text(diags_);
  EXPECT_EQ((*mooncake)->stats().span, 9000 * kNanosPerMilli);
}

TEST_F(TraceRegistryTest, FileAndOptionErrorsBecomeDiagnostics) {
  dir_.Write("bad.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\nnope,1,1\n");
  EXPECT_FALSE(Make("azure_llm_2023", Params({{"path", "bad.csv"}})).has_value());
  EXPECT_THAT(Text(diags_), HasSubstr("bad.csv:2:1: TIMESTAMP 'nope' is not a timestamp"));
  EXPECT_FALSE(
      Make("vidur_csv", Params({{"path", "x.csv"}, {"rate_multiplier", "0"}})).has_value());
  EXPECT_THAT(Text(diags_), HasSubstr("workload.test.rate_multiplier: 0 is out of range; "
                                      "expected a value > 0"));
  EXPECT_FALSE(
      Make("vidur_csv", Params({{"path", "x.csv"}, {"spread_quantised", "true"}})).has_value());
  EXPECT_THAT(Text(diags_), HasSubstr("workload.test.spread_quantised: unknown option"));
  EXPECT_FALSE(Make("mooncak", Params({})).has_value());
  EXPECT_THAT(Text(diags_), HasSubstr("unknown trace format 'mooncak'; did you mean 'mooncake'?"));
}

}  // namespace
}  // namespace gpuplan
