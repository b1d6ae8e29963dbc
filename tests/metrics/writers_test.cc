#include "sim/metrics/writers.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "sim/metrics/collector.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr SimTime kMs = kNanosPerMilli;
constexpr SimTime kSec = kNanosPerSecond;

RequestRecord Request(uint64_t id, SimTime arrival, SimTime scheduled, SimTime first_token,
                      SimTime done, int32_t output_tokens, int32_t prompt_tokens) {
  RequestRecord r;
  r.id = id;
  r.arrival = arrival;
  r.first_scheduled = scheduled;
  r.first_token = first_token;
  r.done = done;
  r.output_tokens = output_tokens;
  r.prompt_tokens = prompt_tokens;
  r.replica = 0;
  return r;
}

// The four requests of collector_test.cc: TTFT 100..400 ms, E2E 190, 500, 400, 1000 ms.
std::vector<RequestRecord> FourRequests() {
  return {
      Request(1, 0, 0, 100 * kMs, 190 * kMs, 10, 100),
      Request(2, 1 * kSec, 1010 * kMs, 1200 * kMs, 1500 * kMs, 4, 200),
      Request(3, 2 * kSec, 2 * kSec, 2300 * kMs, 2400 * kMs, 1, 300),
      Request(4, 3 * kSec, 3050 * kMs, 3400 * kMs, 4 * kSec, 7, 400),
  };
}

void Feed(MetricsSink& sink, const std::vector<RequestRecord>& requests) {
  for (const RequestRecord& r : requests) sink.OnArrival(r.arrival);
  for (const RequestRecord& r : requests) sink.OnRequestDone(r);
  StepRecord step;
  step.end = 100 * kMs;
  step.num_prefill_seqs = 1;
  step.num_prefill_tokens = 100;
  sink.OnStep(step);
  Snapshot snapshot;
  snapshot.time = 1 * kSec;
  snapshot.kv_blocks_used = 3;
  snapshot.kv_blocks_total = 4;
  sink.OnSnapshot(snapshot);
}

CollectorOptions OptionsWithTtftSlo() {
  CollectorOptions options;
  options.slo.thresholds[SloMetric::kTtft] = 300;
  options.slo.percentile = 50;
  return options;
}

RunResult FourRequestResult() {
  MetricsCollector collector(OptionsWithTtftSlo());
  Feed(collector, FourRequests());
  return collector.Finish({});
}

class WritersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           fmt::format("gpuplan_writers_{}_{}", static_cast<long>(::getpid()), info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
};

TEST_F(WritersTest, RequestsCsvHasOneRowPerRequestAfterCommit) {
  RequestRecord single = Request(3, 2500 * kMs, 2500 * kMs + 500'000, 2800 * kMs, 2900 * kMs, 1,
                                 300);  // queue 0.5 ms, TTFT 300, E2E 400
  single.replica = 1;
  single.client = 4;
  single.preemptions = 2;
  RequestsCsvWriter writer(dir_ / "requests.csv");
  writer.OnRequestDone(FourRequests()[0]);
  writer.OnRequestDone(single);
  EXPECT_FALSE(fs::exists(dir_ / "requests.csv"));
  writer.Commit();
  EXPECT_EQ(writer.rows(), 2u);
  EXPECT_EQ(Read(dir_ / "requests.csv"),
            "id,arrival_s,prompt_tokens,output_tokens,replica,client,queue_delay_ms,ttft_ms,"
            "tpot_ms,e2e_ms,preemptions\n"
            "1,0,100,10,0,-1,0,100,10,190,0\n"
            "3,2.5,300,1,1,4,0.5,300,,400,2\n");
}

TEST_F(WritersTest, RequestsCsvWithoutCommitLeavesNothing) {
  {
    RequestsCsvWriter writer(dir_ / "requests.csv");
    Feed(writer, FourRequests());
  }
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(WritersTest, RequestsCsvStreamsLargeFiles) {
  RequestsCsvWriter writer(dir_ / "requests.csv");
  RequestRecord r = FourRequests()[3];
  for (uint64_t i = 0; i < 50'000; ++i) {  // about 2 MB: drained through the buffer twice
    r.id = i;
    writer.OnRequestDone(r);
  }
  writer.Commit();
  const std::string text = Read(dir_ / "requests.csv");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 50'001);
  EXPECT_THAT(text, HasSubstr("\n49999,3,400,7,0,-1,50,400,100,1000,0\n"));
}

TEST_F(WritersTest, TimeseriesCsv) {
  TimeseriesRow row;
  row.t_start_s = 1;
  row.arrivals = 2;
  row.completions = 1;
  row.waiting = 3;
  row.running = 4;
  row.kv_used_fraction = 0.25;
  row.output_tokens = 15;
  row.output_throughput = 7.5;
  row.prefill_tokens = 1000;
  WriteTimeseriesCsv(dir_ / "timeseries.csv", {row});
  EXPECT_EQ(Read(dir_ / "timeseries.csv"),
            "t_start_s,arrivals,completions,waiting,running,kv_used_fraction,output_tokens,"
            "output_throughput,prefill_tokens\n"
            "1,2,1,3,4,0.25,15,7.5,1000\n");
}

// An autoscaled run's rows carry the fleet: three more columns, after the others; a fixed
// fleet's file (above) has exactly the columns it always had.
TEST_F(WritersTest, TimeseriesCsvWithReplicaCounts) {
  TimeseriesRow row;
  row.t_start_s = 2;
  row.has_replica_counts = true;
  row.replicas_started = 3;
  row.replicas_routable = 1;
  row.replicas_paid = 4;
  EXPECT_EQ(TimeseriesCsv({row}),
            "t_start_s,arrivals,completions,waiting,running,kv_used_fraction,output_tokens,"
            "output_throughput,prefill_tokens,replicas_started,replicas_routable,replicas_paid\n"
            "2,0,0,0,0,0,0,0,0,3,1,4\n");
  EXPECT_EQ(TimeseriesCsv({}),
            "t_start_s,arrivals,completions,waiting,running,kv_used_fraction,output_tokens,"
            "output_throughput,prefill_tokens\n");
}

TEST_F(WritersTest, SummaryJsonLayout) {
  const SummaryContext context = {{"scenario", std::string("chat \"v2\"")},
                                  {"seed", int64_t{7}},
                                  {"price", 2.5},
                                  {"calibrated", false}};
  const std::string json = SummaryJson(FourRequestResult(), context);
  EXPECT_THAT(json, StartsWith("{\n"
                               "  \"schema\": \"gpuplan.summary/2\",\n"
                               "  \"context\": {\n"
                               "    \"scenario\": \"chat \\\"v2\\\"\",\n"
                               "    \"seed\": 7,\n"
                               "    \"price\": 2.5,\n"
                               "    \"calibrated\": false\n"
                               "  },\n"
                               "  \"duration_s\": 4,\n"));
  EXPECT_THAT(json, HasSubstr("  \"ttft_ms\": {\n"
                              "    \"mean\": 250,\n"
                              "    \"p50\": 250,\n"
                              "    \"p90\": 370,\n"
                              // numpy gives the same: (4 - 1) x 0.95 = 2.8499999999999996.
                              "    \"p95\": 384.99999999999994,\n"));
  EXPECT_THAT(json, HasSubstr("\"itl_ms\": {\n    \"mean\": null,"));
  EXPECT_THAT(json, HasSubstr("    \"tpot_ms\": null,\n"));  // SLO not enabled
  EXPECT_THAT(json, HasSubstr("\"goodput\": 0.75,"));
  EXPECT_THAT(json, HasSubstr("\"tokens_per_s_per_user\": 40,"));
  EXPECT_THAT(json, HasSubstr("\"kv_used_fraction_mean\": 0.75,"));
  EXPECT_EQ(json.back(), '\n');
}

TEST_F(WritersTest, SameInputGivesByteIdenticalFiles) {
  for (int run = 0; run < 2; ++run) {
    MetricsCollector collector(OptionsWithTtftSlo());
    RequestsCsvWriter requests(dir_ / fmt::format("requests{}.csv", run));
    TeeSink tee({&collector, &requests});
    Feed(tee, FourRequests());
    requests.Commit();
    WriteSummaryJson(dir_ / fmt::format("summary{}.json", run), collector.Finish({}),
                     {{"seed", int64_t{1}}});
    WriteTimeseriesCsv(dir_ / fmt::format("timeseries{}.csv", run), collector.timeseries());
  }
  for (const char* name : {"requests", "summary", "timeseries"}) {
    const std::string ext = std::string(name) == "summary" ? "json" : "csv";
    const std::string first = Read(dir_ / fmt::format("{}0.{}", name, ext));
    EXPECT_GT(first.size(), 20u) << name;
    EXPECT_EQ(first, Read(dir_ / fmt::format("{}1.{}", name, ext))) << name;
  }
}

TEST_F(WritersTest, TeeSinkFeedsEverySink) {
  MetricsCollector direct(OptionsWithTtftSlo()), a(OptionsWithTtftSlo()), b(OptionsWithTtftSlo());
  Feed(direct, FourRequests());
  TeeSink tee;
  tee.Add(&a);
  tee.Add(&b);
  Feed(tee, FourRequests());
  RequestRecord r = FourRequests()[1];
  direct.OnInterTokenLatency(r, 3 * kMs);
  tee.OnInterTokenLatency(r, 3 * kMs);
  const std::string expected = SummaryJson(direct.Finish({}));
  EXPECT_EQ(SummaryJson(a.Finish({})), expected);
  EXPECT_EQ(SummaryJson(b.Finish({})), expected);
}

TEST(SummaryTableTest, ShowsTheHeadlineNumbers) {
  RunResult result = FourRequestResult();
  ApplyGpuPrice(result, 2.0);
  const std::string table = FormatSummaryTable(result);
  EXPECT_THAT(table,
              HasSubstr("Throughput    1.00 req/s, 5.50 output tok/s, 255.50 total tok/s\n"));
  EXPECT_THAT(table, HasSubstr("  TTFT            250.00    250.00    370.00    385.00    397.00"));
  EXPECT_THAT(table, HasSubstr("  ITL                  -         -"));
  EXPECT_THAT(table, HasSubstr("  TTFT            300.00    250.00      75.00%  met\n"));
  EXPECT_THAT(table, HasSubstr("Cost          $2.00/h"));
  EXPECT_EQ(table, FormatSummaryTable(result));
}

TEST(CostTest, PricesPerHourAndPerMillionTokens) {
  RunResult result;
  result.gpus = 8;
  result.output_throughput = 1000;       // 3.6 M tokens per hour
  result.total_token_throughput = 2000;  // 7.2 M
  ApplyGpuPrice(result, 2.5);
  EXPECT_TRUE(result.cost.priced);
  EXPECT_DOUBLE_EQ(result.cost.price_usd_per_gpu_hour, 2.5);
  EXPECT_DOUBLE_EQ(result.cost.usd_per_hour, 20);
  EXPECT_DOUBLE_EQ(result.cost.usd_per_million_tokens, 20 / 3.6);
  EXPECT_DOUBLE_EQ(result.cost.usd_per_million_total_tokens, 20 / 7.2);
  RunResult idle;
  ApplyGpuPrice(idle, 2.5);
  EXPECT_TRUE(std::isnan(idle.cost.usd_per_million_tokens));  // nothing served
}

}  // namespace
}  // namespace gpuplan
