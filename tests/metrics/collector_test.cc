#include "sim/metrics/collector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

constexpr SimTime kMs = kNanosPerMilli;
constexpr SimTime kSec = kNanosPerSecond;

RequestRecord Request(uint64_t id, SimTime arrival, SimTime scheduled, SimTime first_token,
                      SimTime done, int32_t output_tokens, int32_t prompt_tokens = 100) {
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

// Four requests, one per second, with hand-picked latencies:
//   id  arrival  queue  TTFT  E2E   outputs  TPOT
//   1   0 s      0      100   190   10       90 / 9 = 10 ms
//   2   1 s      10     200   500   4        300 / 3 = 100 ms
//   3   2 s      0      300   400   1        -
//   4   3 s      50     400   1000  7        600 / 6 = 100 ms
// Prompts are 100, 200, 300, 400 tokens.
std::vector<RequestRecord> FourRequests() {
  return {
      Request(1, 0, 0, 100 * kMs, 190 * kMs, 10, 100),
      Request(2, 1 * kSec, 1010 * kMs, 1200 * kMs, 1500 * kMs, 4, 200),
      Request(3, 2 * kSec, 2 * kSec, 2300 * kMs, 2400 * kMs, 1, 300),
      Request(4, 3 * kSec, 3050 * kMs, 3400 * kMs, 4 * kSec, 7, 400),
  };
}

void Feed(MetricsCollector& collector, const std::vector<RequestRecord>& requests) {
  for (const RequestRecord& r : requests) collector.OnArrival(r.arrival);
  for (const RequestRecord& r : requests) collector.OnRequestDone(r);
}

TEST(CollectorTest, LatencyStatsOfFourRequests) {
  MetricsCollector collector({});
  Feed(collector, FourRequests());
  const RunResult r = collector.Finish({});
  EXPECT_EQ(r.ttft_ms.count, 4u);
  EXPECT_DOUBLE_EQ(r.ttft_ms.mean, 250);
  EXPECT_DOUBLE_EQ(r.ttft_ms.p50, 250);
  EXPECT_DOUBLE_EQ(r.ttft_ms.p90, 370);  // h = 2.7 between 300 and 400
  EXPECT_DOUBLE_EQ(r.ttft_ms.p95, 385);  // h = 2.85
  EXPECT_DOUBLE_EQ(r.ttft_ms.p99, 397);
  EXPECT_DOUBLE_EQ(r.ttft_ms.min, 100);
  EXPECT_DOUBLE_EQ(r.ttft_ms.max, 400);
  EXPECT_TRUE(r.ttft_ms.exact);
  EXPECT_DOUBLE_EQ(r.e2e_ms.mean, 522.5);
  EXPECT_DOUBLE_EQ(r.e2e_ms.p50, 450);  // sorted 190, 400, 500, 1000
  EXPECT_DOUBLE_EQ(r.e2e_ms.p95, 925);  // 500 + 0.85 x 500
  EXPECT_EQ(r.tpot_ms.count, 3u);       // the single-token request has no TPOT
  EXPECT_DOUBLE_EQ(r.tpot_ms.mean, 70);
  EXPECT_DOUBLE_EQ(r.tpot_ms.p50, 100);
  EXPECT_DOUBLE_EQ(r.queue_delay_ms.mean, 15);
  EXPECT_DOUBLE_EQ(r.queue_delay_ms.max, 50);
  EXPECT_EQ(r.itl_ms.count, 0u);
  EXPECT_TRUE(std::isnan(r.itl_ms.mean));
}

TEST(CollectorTest, ThroughputOverTheMeasuredWindow) {
  CollectorOptions options;
  options.gpus = 2;
  MetricsCollector collector(options);
  Feed(collector, FourRequests());
  const RunResult r = collector.Finish({});
  EXPECT_DOUBLE_EQ(r.window_start_s, 0);
  EXPECT_DOUBLE_EQ(r.window_end_s, 4);  // last completion
  EXPECT_DOUBLE_EQ(r.duration_s, 4);
  EXPECT_DOUBLE_EQ(r.request_throughput, 1);
  EXPECT_DOUBLE_EQ(r.output_throughput, 22.0 / 4);  // 10 + 4 + 1 + 7 tokens
  EXPECT_DOUBLE_EQ(r.total_token_throughput, 1022.0 / 4);
  EXPECT_DOUBLE_EQ(r.tokens_per_s_per_gpu, 22.0 / 4 / 2);
  EXPECT_DOUBLE_EQ(r.tokens_per_s_per_user, 40);  // mean of 100, 10, 10 tok/s
  EXPECT_DOUBLE_EQ(r.goodput, 1);                 // no SLO: every request is good
  EXPECT_DOUBLE_EQ(r.slo.attainment, 1);
  EXPECT_TRUE(r.slo.met);
  EXPECT_FALSE(r.slo.any_enabled());
  EXPECT_EQ(r.counts.measured_output_tokens, 22u);
}

TEST(CollectorTest, GoodputAndAttainmentWithThresholdsMetExactly) {
  CollectorOptions options;
  options.slo.thresholds[SloMetric::kTtft] = 300;  // request 3 sits exactly on it: within
  options.slo.thresholds[SloMetric::kE2e] = 500;   // request 2 sits exactly on it: within
  options.slo.percentile = 50;
  MetricsCollector collector(options);
  Feed(collector, FourRequests());
  const RunResult r = collector.Finish({});
  EXPECT_DOUBLE_EQ(r.slo.metrics[SloMetric::kTtft].attainment,
                   0.75);  // only request 4 (400 ms) misses
  EXPECT_DOUBLE_EQ(r.slo.metrics[SloMetric::kE2e].attainment,
                   0.75);  // only request 4 (1000 ms) misses
  EXPECT_DOUBLE_EQ(r.slo.attainment, 0.75);
  EXPECT_DOUBLE_EQ(r.goodput, 3.0 / 4);
  EXPECT_DOUBLE_EQ(r.slo.metrics[SloMetric::kTtft].value_ms, 250);  // p50
  EXPECT_TRUE(r.slo.metrics[SloMetric::kTtft].met);
  EXPECT_DOUBLE_EQ(r.slo.metrics[SloMetric::kE2e].value_ms, 450);
  EXPECT_TRUE(r.slo.metrics[SloMetric::kE2e].met);
  EXPECT_TRUE(r.slo.met);
  EXPECT_FALSE(r.slo.metrics[SloMetric::kTpot].enabled);
}

TEST(CollectorTest, VerdictUsesTheChosenPercentile) {
  CollectorOptions options;
  options.slo.thresholds[SloMetric::kTtft] = 300;
  options.slo.percentile = 95;  // p95 TTFT = 385 ms
  MetricsCollector collector(options);
  Feed(collector, FourRequests());
  const RunResult r = collector.Finish({});
  EXPECT_DOUBLE_EQ(r.slo.metrics[SloMetric::kTtft].value_ms, 385);
  EXPECT_FALSE(r.slo.metrics[SloMetric::kTtft].met);
  EXPECT_FALSE(r.slo.met);
  EXPECT_DOUBLE_EQ(r.slo.attainment, 0.75);
}

// For each metric: one request exactly at the threshold (within) and one 1 ns over (not).
TEST(CollectorTest, OneNanosecondOverTheThresholdMisses) {
  struct Case {
    const char* name;
    SloOptions slo;
    RequestRecord at, over;
  };
  SloOptions ttft, tpot, e2e;
  ttft.thresholds[SloMetric::kTtft] = 200;
  tpot.thresholds[SloMetric::kTpot] = 100;
  e2e.thresholds[SloMetric::kE2e] = 500;
  const std::vector<Case> cases = {
      {"ttft", ttft, Request(1, 0, 0, 200 * kMs, 300 * kMs, 2),
       Request(2, 0, 0, 200 * kMs + 1, 300 * kMs, 2)},
      // TPOT = 300 ms / 3 tokens after the first.
      {"tpot", tpot, Request(1, 0, 0, 100 * kMs, 400 * kMs, 4),
       Request(2, 0, 0, 100 * kMs, 400 * kMs + 1, 4)},
      {"e2e", e2e, Request(1, 0, 0, 100 * kMs, 500 * kMs, 3),
       Request(2, 0, 0, 100 * kMs, 500 * kMs + 1, 3)},
  };
  for (const Case& c : cases) {
    CollectorOptions options;
    options.slo = c.slo;
    MetricsCollector collector(options);
    Feed(collector, {c.at, c.over});
    const RunResult r = collector.Finish({});
    EXPECT_DOUBLE_EQ(r.slo.attainment, 0.5) << c.name;
    EXPECT_DOUBLE_EQ(r.goodput, 1 / r.duration_s) << c.name;
  }
}

TEST(CollectorTest, DroppedRequestsCountAsMissesOfArrivals) {
  CollectorOptions options;
  options.slo.thresholds[SloMetric::kTtft] = 1000;
  MetricsCollector collector(options);
  Feed(collector, FourRequests());
  for (int i = 0; i < 4; ++i) collector.OnArrival(3500 * kMs);  // never finish
  RunEnd end;
  end.dropped = 3;
  end.unfinished = 1;
  const RunResult r = collector.Finish(end);
  EXPECT_EQ(r.counts.arrived, 8u);
  EXPECT_EQ(r.counts.dropped, 3u);
  EXPECT_EQ(r.counts.unfinished, 1u);
  EXPECT_DOUBLE_EQ(r.slo.attainment, 1);
  EXPECT_DOUBLE_EQ(r.slo.attainment_of_arrived, 0.5);
}

TEST(CollectorTest, WarmupRequestsAreCountedButNotMeasured) {
  CollectorOptions options;
  options.warmup_s = 1.5;  // requests 1 and 2 arrive before it
  MetricsCollector collector(options);
  Feed(collector, FourRequests());
  const RunResult r = collector.Finish({});
  EXPECT_EQ(r.counts.arrived, 4u);
  EXPECT_EQ(r.counts.completed, 4u);
  EXPECT_EQ(r.counts.measured_arrived, 2u);
  EXPECT_EQ(r.counts.measured, 2u);
  EXPECT_DOUBLE_EQ(r.ttft_ms.mean, 350);
  EXPECT_DOUBLE_EQ(r.e2e_ms.p50, 700);
  EXPECT_EQ(r.tpot_ms.count, 1u);
  EXPECT_DOUBLE_EQ(r.duration_s, 2);  // 2 s .. 4 s
  EXPECT_DOUBLE_EQ(r.request_throughput, 1);
  EXPECT_DOUBLE_EQ(r.output_throughput, 4);  // 1 + 7 tokens over 2 s
}

TEST(CollectorTest, InterTokenLatenciesSkipWarmup) {
  CollectorOptions options;
  options.warmup_s = 1;
  MetricsCollector collector(options);
  const std::vector<RequestRecord> requests = FourRequests();
  collector.OnInterTokenLatency(requests[0], 5 * kMs);  // warm-up: excluded
  collector.OnInterTokenLatency(requests[1], 20 * kMs);
  collector.OnInterTokenLatency(requests[1], 40 * kMs);
  const RunResult r = collector.Finish({});
  EXPECT_EQ(r.itl_ms.count, 2u);
  EXPECT_DOUBLE_EQ(r.itl_ms.mean, 30);
}

StepRecord Step(int32_t replica, SimTime start, SimTime end, int32_t prefills, int32_t decodes,
                int64_t prefill_tokens = 0, int32_t preempted = 0) {
  StepRecord s;
  s.replica = replica;
  s.start = start;
  s.end = end;
  s.num_prefill_seqs = prefills;
  s.num_decodes = decodes;
  s.num_prefill_tokens = prefill_tokens;
  s.num_preempted = preempted;
  // In these tests every prefill completes its prompt, so each sequence samples one token.
  s.num_output_tokens = prefills + decodes;
  return s;
}

// Two replicas over 2 s: replica 0 busy [0, 1) with 2 sequences and [1, 1.5) with 1,
// replica 1 busy [0, 0.5) with 4.
void FeedSteps(MetricsCollector& collector) {
  collector.OnStep(Step(0, 0, 1 * kSec, 1, 1, 0, 1));
  collector.OnStep(Step(1, 0, 500 * kMs, 0, 4, 0, 2));
  collector.OnStep(Step(0, 1 * kSec, 1500 * kMs, 0, 1));
}

TEST(CollectorTest, BusyFractionAndBatchSize) {
  CollectorOptions options;
  options.replicas = 2;
  MetricsCollector collector(options);
  FeedSteps(collector);
  RunEnd end;
  end.end = 2 * kSec;
  const RunResult r = collector.Finish(end);
  EXPECT_DOUBLE_EQ(r.utilization.window_s, 2);
  EXPECT_DOUBLE_EQ(r.utilization.gpu_busy_fraction, 0.5);  // 2 s busy / (2 s x 2)
  EXPECT_DOUBLE_EQ(r.utilization.batch_size_mean, 2.25);   // (2x1 + 4x0.5 + 1x0.5) / 2
  EXPECT_EQ(r.utilization.batch_size_max, 4);
  EXPECT_EQ(r.utilization.steps, 3u);
  EXPECT_EQ(r.preemptions.total, 3u);
}

TEST(CollectorTest, UtilisationStartsAtWarmup) {
  CollectorOptions options;
  options.replicas = 2;
  options.warmup_s = 0.5;
  MetricsCollector collector(options);
  FeedSteps(collector);
  RunEnd end;
  end.end = 2 * kSec;
  const RunResult r = collector.Finish(end);
  // Kept: [0.5, 1) of the first step (batch 2) and the third step (batch 1); the second ends at
  // warm-up. Busy 1 s over 1.5 s x 2 replicas.
  EXPECT_DOUBLE_EQ(r.utilization.window_s, 1.5);
  EXPECT_DOUBLE_EQ(r.utilization.gpu_busy_fraction, 1.0 / 3);
  EXPECT_DOUBLE_EQ(r.utilization.batch_size_mean, 1.5);
  EXPECT_EQ(r.utilization.batch_size_max, 2);
  EXPECT_EQ(r.preemptions.total, 3u);  // preemptions count over the whole run
}

TEST(CollectorTest, KvUseOverSnapshotsAfterWarmup) {
  CollectorOptions options;
  options.warmup_s = 1;
  MetricsCollector collector(options);
  for (int64_t i = 0; i < 4; ++i) {
    Snapshot s;
    s.time = i * kSec;
    s.kv_blocks_used = 20 * i + 10;  // 10, 30, 50, 70 of 100
    s.kv_blocks_total = 100;
    collector.OnSnapshot(s);
  }
  const RunResult r = collector.Finish({});
  EXPECT_EQ(r.utilization.snapshots, 3u);
  EXPECT_DOUBLE_EQ(r.utilization.kv_used_fraction_mean, 0.5);
  EXPECT_DOUBLE_EQ(r.utilization.kv_used_fraction_max, 0.7);
}

TEST(CollectorTest, RequestsPreemptedCountsFinishedRequests) {
  MetricsCollector collector({});
  std::vector<RequestRecord> requests = FourRequests();
  requests[1].preemptions = 2;
  requests[3].preemptions = 1;
  Feed(collector, requests);
  EXPECT_EQ(collector.Finish({}).preemptions.requests_preempted, 2u);
}

TEST(CollectorTest, TimeseriesPerInterval) {
  CollectorOptions options;
  options.interval_s = 1;
  MetricsCollector collector(options);
  Feed(collector, FourRequests());
  collector.OnStep(Step(0, 0, 100 * kMs, 1, 0, 100));        // prefill of request 1
  collector.OnStep(Step(0, 100 * kMs, 190 * kMs, 0, 9));     // its 9 decodes, lumped
  collector.OnStep(Step(0, 3400 * kMs, 4 * kSec, 0, 6, 0));  // request 4's decodes, at 4 s
  Snapshot s;
  s.time = 1 * kSec;
  s.waiting = 3;
  s.running = 2;
  s.kv_blocks_used = 25;
  s.kv_blocks_total = 100;
  collector.OnSnapshot(s);
  RunEnd end;
  end.end = 4 * kSec;
  collector.Finish(end);
  const std::vector<TimeseriesRow>& rows = collector.timeseries();
  ASSERT_EQ(rows.size(), 4u);  // [0,1) .. [3,4); events at exactly 4 s fold into the last
  EXPECT_DOUBLE_EQ(rows[0].t_start_s, 0);
  EXPECT_DOUBLE_EQ(rows[3].t_start_s, 3);
  for (const TimeseriesRow& row : rows) EXPECT_EQ(row.arrivals, 1u);
  EXPECT_EQ(rows[0].completions, 1u);
  EXPECT_EQ(rows[3].completions, 1u);    // request 4 done at 4 s
  EXPECT_EQ(rows[0].output_tokens, 10);  // the prefill step's first token + 9 decodes
  EXPECT_DOUBLE_EQ(rows[0].output_throughput, 10);
  EXPECT_EQ(rows[0].prefill_tokens, 100);
  EXPECT_EQ(rows[3].output_tokens, 6);  // the steps' sampled tokens; no step fed request 4's first
  EXPECT_EQ(rows[0].waiting, 0);        // before the first snapshot
  EXPECT_EQ(rows[1].waiting, 3);
  EXPECT_EQ(rows[2].running, 2);  // carried forward
  EXPECT_DOUBLE_EQ(rows[3].kv_used_fraction, 0.25);
}

// Sustained load: 400 arrivals 5 ms apart (0 .. 1.995 s), 0.1 s intervals. The second half of the
// arrival window starts at 0.9975 s: whole intervals from 1.0 s up to the one holding the last
// arrival (1.9 s, left out): [1.0, 1.9) s, 9 intervals, 180 arrivals (requests 200..379).
std::vector<RequestRecord> EveryFiveMs(SimTime service) {
  std::vector<RequestRecord> out;
  for (uint64_t i = 0; i < 400; ++i) {
    const SimTime arrival = static_cast<SimTime>(i) * 5 * kMs;
    out.push_back(Request(i, arrival, arrival, arrival + service, arrival + service, 1));
  }
  return out;
}

SustainedLoad Sustained(const std::vector<RequestRecord>& requests, double warmup_s = 0,
                        double interval_s = 0.1) {
  MetricsCollector c({.warmup_s = warmup_s, .interval_s = interval_s});
  for (const RequestRecord& r : requests) c.OnArrival(r.arrival);
  std::vector<RequestRecord> by_done = requests;
  std::stable_sort(by_done.begin(), by_done.end(),
                   [](const RequestRecord& a, const RequestRecord& b) { return a.done < b.done; });
  for (const RequestRecord& r : by_done) c.OnRequestDone(r);
  return c.Finish({}).sustained;
}

TEST(CollectorTest, SustainedLoadKeepsUpWhenCompletionsFollowArrivals) {
  // Served 5 ms after arrival: arrivals in [0.995, 1.895) s complete inside the window, 180.
  const SustainedLoad s = Sustained(EveryFiveMs(5 * kMs));
  ASSERT_TRUE(s.judged);
  EXPECT_DOUBLE_EQ(s.window_start_s, 1.0);
  EXPECT_DOUBLE_EQ(s.window_end_s, 1.9);
  EXPECT_EQ(s.arrivals, 180u);
  EXPECT_EQ(s.completions, 180u);
  EXPECT_NEAR(s.arrival_rate_per_s, 200, 1e-9);
  EXPECT_FALSE(s.overloaded);
}

TEST(CollectorTest, SustainedLoadFlagsAServerThatFallsBehind) {
  // One server finishing a request every 10 ms from t = 10 ms: request i done at 10 (i + 1) ms,
  // so [1.0, 1.9) s sees requests 99..188 complete: 90 of 180 arrivals, 100 of 200 req/s.
  std::vector<RequestRecord> requests = EveryFiveMs(0);
  for (size_t i = 0; i < requests.size(); ++i) {
    const SimTime done = static_cast<SimTime>(i + 1) * 10 * kMs;
    requests[i].first_scheduled = requests[i].first_token = requests[i].done = done;
  }
  const SustainedLoad s = Sustained(requests);
  ASSERT_TRUE(s.judged);
  EXPECT_EQ(s.completions, 90u);
  EXPECT_NEAR(s.completion_rate_per_s, 100, 1e-9);
  EXPECT_TRUE(s.overloaded);
}

TEST(CollectorTest, SustainedLoadThresholdIsNinetyFivePercentOfArrivals) {
  // k requests of the window (200, 201, ...) wait until 3 s and complete then: 180 - k
  // completions. Without the queue all 180 would have completed in the window (they are served
  // in no time once scheduled). 171 is exactly 95% of 180 (keeps up); 170 is under it.
  auto with_late = [](int late) {
    std::vector<RequestRecord> requests = EveryFiveMs(5 * kMs);
    for (int k = 0; k < late; ++k) {
      RequestRecord& r = requests[200 + k];
      r.first_scheduled = r.first_token = r.done = 3 * kSec;
    }
    return Sustained(requests);
  };
  EXPECT_EQ(with_late(9).completions, 171u);
  EXPECT_FALSE(with_late(9).overloaded);
  EXPECT_EQ(with_late(10).completions, 170u);
  EXPECT_TRUE(with_late(10).overloaded);
}

// A short run of long requests: every request takes 1.2 s of service, unqueued. Of the 180
// arrivals of [1.0, 1.9) s only the 140 of [-0.2, 0.7) s complete in it, as they would in any
// fleet: compared with the arrivals (140 < 171) a fleet that keeps up would look overloaded.
// Without queueing the same 140 complete there (done - queue delay = done), so it keeps up.
TEST(CollectorTest, SustainedLoadComparesWithCompletionsWithoutQueueing) {
  const SustainedLoad s = Sustained(EveryFiveMs(1200 * kMs));
  ASSERT_TRUE(s.judged);
  EXPECT_EQ(s.arrivals, 180u);
  EXPECT_EQ(s.completions, 140u);
  EXPECT_EQ(s.unqueued_completions, 140u);
  EXPECT_FALSE(s.overloaded);
  // The same requests behind a queue: request i waits until 1.2 s + 10 i ms (one started every
  // 10 ms while one arrives every 5 ms) and is then served in 1.2 s: done = 2.4 s + 10 i ms. None
  // completes in [1.0, 1.9) s, while 140 would have without the queue: overloaded.
  std::vector<RequestRecord> queued = EveryFiveMs(0);
  for (size_t i = 0; i < queued.size(); ++i) {
    const SimTime start = 1200 * kMs + static_cast<SimTime>(i) * 10 * kMs;
    queued[i].first_scheduled = start;
    queued[i].first_token = queued[i].done = start + 1200 * kMs;
  }
  const SustainedLoad q = Sustained(queued);
  ASSERT_TRUE(q.judged);
  EXPECT_EQ(q.completions, 0u);
  EXPECT_EQ(q.unqueued_completions, 140u);
  EXPECT_TRUE(q.overloaded);
}

TEST(CollectorTest, SustainedLoadNeedsFourIntervalsAndAHundredArrivals) {
  // 0.5 s intervals: only [1.0, 1.5) s lies in the second half: not judged.
  EXPECT_FALSE(Sustained(EveryFiveMs(5 * kMs), 0, 0.5).judged);
  // A 1 s warm-up: the second half is [1.5, 1.9) s, 4 intervals but 80 arrivals: not judged.
  const SustainedLoad s = Sustained(EveryFiveMs(5 * kMs), 1.0);
  EXPECT_FALSE(s.judged);
  EXPECT_EQ(s.arrivals, 80u);
  EXPECT_FALSE(s.overloaded);
  // No arrival after the warm-up: nothing to judge.
  EXPECT_FALSE(Sustained(EveryFiveMs(5 * kMs), 5.0).judged);
}

TEST(CollectorTest, EmptyRunHasNoValuesAndZeroRates) {
  MetricsCollector collector({});
  const RunResult r = collector.Finish({});
  EXPECT_EQ(r.counts.measured, 0u);
  EXPECT_DOUBLE_EQ(r.duration_s, 0);
  EXPECT_DOUBLE_EQ(r.request_throughput, 0);
  EXPECT_TRUE(std::isnan(r.ttft_ms.p50));
  EXPECT_TRUE(std::isnan(r.slo.attainment));
  EXPECT_TRUE(collector.timeseries().empty());
}

TEST(CollectorTest, RejectsBrokenRecordsAndMisuse) {
  MetricsCollector collector({});
  RequestRecord backwards = Request(1, 10 * kMs, 5 * kMs, 20 * kMs, 30 * kMs, 2);
  EXPECT_THROW(collector.OnRequestDone(backwards), InternalError);
  EXPECT_THROW(collector.OnStep(Step(0, 10, 5, 1, 0)), InternalError);
  collector.OnArrival(5 * kSec);
  RunEnd early;
  early.end = 1 * kSec;  // before the arrival it was told about
  EXPECT_THROW(collector.Finish(early), InternalError);
  collector.Finish({});
  EXPECT_THROW(collector.Finish({}), InternalError);
  EXPECT_THROW(collector.OnArrival(6 * kSec), InternalError);
}

}  // namespace
}  // namespace gpuplan
