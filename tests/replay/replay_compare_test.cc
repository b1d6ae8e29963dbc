#include "sim/replay/replay_compare.h"

#include <gtest/gtest.h>

#include <functional>
#include <sstream>

#include "sim/core/error.h"
#include "sim/replay/batch_dump.h"

namespace gpuplan {
namespace {

constexpr SimTime kMs = kNanosPerMilli;

DumpedSeq Seq(uint64_t id, bool prefill, int q, int kv, bool token, bool done) {
  return DumpedSeq{id, prefill, q, kv, token, done, {0}};
}

// Request 1 (prompt 4, output 3) arrives at 0 and runs alone: one prefill step then two decodes,
// each predicted at 1 ms. Request 2 (prompt 2, output 1) arrives at 10 ms on an idle replica.
BatchDump TwoRequestDump() {
  BatchDump d;
  d.requests = {{1, 0, 4, 3}, {2, 10 * kMs, 2, 1}};
  d.steps = {
      {0, 0, 0, 1 * kMs, 1000, {Seq(1, true, 4, 4, true, false)}},
      {1, 0, 1 * kMs, 2 * kMs, 1000, {Seq(1, false, 1, 5, true, false)}},
      {2, 0, 2 * kMs, 3 * kMs, 1000, {Seq(1, false, 1, 6, true, true)}},
      {3, 0, 10 * kMs, 11 * kMs, 1000, {Seq(2, true, 2, 2, true, true)}},
  };
  return d;
}

TEST(ReplayCompareTest, RetimingWithPredictedDurationsReproducesTheSchedule) {
  BatchDump d = TwoRequestDump();
  std::vector<SimTime> ends = RetimeSteps(d, {1000, 1000, 1000, 1000});
  EXPECT_EQ(ends, (std::vector<SimTime>{1 * kMs, 2 * kMs, 3 * kMs, 11 * kMs}));
}

TEST(ReplayCompareTest, IdleReplicaWaitsForTheArrivalThatWokeIt) {
  BatchDump d = TwoRequestDump();
  // Slower steps: 1 + 2 + 2 = 5 ms for request 1; request 2 still starts at its 10 ms arrival.
  std::vector<SimTime> ends = RetimeSteps(d, {1000, 2000, 2000, 500});
  EXPECT_EQ(ends, (std::vector<SimTime>{1 * kMs, 3 * kMs, 5 * kMs, 10 * kMs + kMs / 2}));
  // 4 ms per step pushes request 1 past 10 ms: the busy replica delays step 3 to 12 ms + 0.5.
  ends = RetimeSteps(d, {4000, 4000, 4000, 500});
  EXPECT_EQ(ends.back(), 12 * kMs + kMs / 2);
}

TEST(ReplayCompareTest, StepErrorsAndRequestMetricsByHand) {
  BatchDump d = TwoRequestDump();
  MeasuredSteps measured = {{{0, 0}, 1100}, {{0, 1}, 900}, {{0, 2}, 900}, {{0, 3}, 1000}};
  ReplayReport r = CompareReplay(d, measured);
  // Errors: -100/1100, +100/900, +100/900, 0.
  ASSERT_EQ(r.all.count, 4);
  EXPECT_NEAR(r.all.median_abs, (100.0 / 1100 + 100.0 / 900) / 2, 1e-12);
  EXPECT_NEAR(r.all.mean_signed, (-100.0 / 1100 + 200.0 / 900) / 4, 1e-12);
  EXPECT_EQ(r.by_class[static_cast<size_t>(StepClass::kPrefill)].count, 2);
  EXPECT_EQ(r.by_class[static_cast<size_t>(StepClass::kDecode)].count, 2);
  EXPECT_EQ(r.steps_missing, 0);
  // Measured: request 1 first token at 1.1 ms, done at 2.9 ms; request 2 TTFT 1 ms.
  const MetricComparison& ttft = r.metrics[0];
  EXPECT_EQ(ttft.name, "ttft_ms");
  EXPECT_NEAR(ttft.measured[0], (1.1 + 1.0) / 2, 1e-9);  // p50 of {1.1, 1.0}
  EXPECT_NEAR(ttft.predicted[0], 1.0, 1e-9);
  const MetricComparison& tpot = r.metrics[1];  // only request 1 has output > 1
  EXPECT_NEAR(tpot.measured[1], 0.9, 1e-9);
  EXPECT_NEAR(tpot.predicted[1], 1.0, 1e-9);
  EXPECT_NEAR(tpot.RelativeDiffP95(), (1.0 - 0.9) / 0.9, 1e-9);
  const MetricComparison& e2e = r.metrics[2];
  EXPECT_NEAR(e2e.measured[0], (2.9 + 1.0) / 2, 1e-9);
}

TEST(ReplayCompareTest, MissingMeasurementsAreCountedAndExcluded) {
  BatchDump d = TwoRequestDump();
  ReplayReport r = CompareReplay(d, {{{0, 1}, 500}});
  EXPECT_EQ(r.steps_missing, 3);
  EXPECT_EQ(r.all.count, 1);
  EXPECT_NEAR(r.all.median_abs, 1.0, 1e-12);
  EXPECT_THROW(CompareReplay(d, {}), Error);
}

TEST(ReplayCompareTest, ClassifiesMixedSteps) {
  DumpedStep s{0, 0, 0, 1, 1, {Seq(1, true, 3, 3, false, false), Seq(2, false, 1, 9, true, false)}};
  EXPECT_EQ(ClassifyStep(s), StepClass::kMixed);
}

TEST(ReplayCompareTest, PercentileInterpolatesBetweenRanks) {
  EXPECT_DOUBLE_EQ(Percentile({1, 2, 3, 4}, 50), 2.5);
  EXPECT_DOUBLE_EQ(Percentile({1, 2, 3, 4}, 100), 4);
  EXPECT_DOUBLE_EQ(Percentile({5}, 95), 5);
  EXPECT_DOUBLE_EQ(Percentile({0, 10}, 95), 9.5);
}

TEST(BatchDumpTest, WriteThenReadRoundTrips) {
  BatchDump d = TwoRequestDump();
  std::stringstream buffer;
  BatchDumpWriter w(buffer);
  w.WriteMeta({{"model", "llama-3.1-8b"}, {"note", "a \"quoted\" value"}});
  for (const auto& r : d.requests) w.WriteRequest(r);
  for (const auto& s : d.steps) w.WriteStep(s);
  BatchDump back = ReadBatchDump(buffer, "dump.jsonl");
  EXPECT_EQ(back.meta.at("model"), "llama-3.1-8b");
  EXPECT_EQ(back.meta.at("note"), "a \"quoted\" value");
  ASSERT_EQ(back.requests.size(), 2u);
  EXPECT_EQ(back.requests[1].arrival, 10 * kMs);
  ASSERT_EQ(back.steps.size(), 4u);
  EXPECT_EQ(back.steps[2].seqs[0].kv_len, 6);
  EXPECT_TRUE(back.steps[2].seqs[0].done);
  EXPECT_EQ(back.steps[3].start, 10 * kMs);
}

TEST(BatchDumpTest, MalformedLinesNameFileAndLine) {
  std::stringstream in("{\"kind\":\"meta\",\"schema\":1}\n{\"kind\":\"step\",\"step\":0}\n");
  try {
    ReadBatchDump(in, "b.jsonl");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "b.jsonl:2: JSON object has no key 'replica'");
  }
  std::stringstream future("{\"kind\":\"meta\",\"schema\":2}\n");
  EXPECT_THROW(ReadBatchDump(future, "f"), Error);
}

// One inconsistency at a time, on the consistent two-request schedule (which has none). Lines are
// 0 for a dump built in code.
TEST(BatchDumpTest, AScheduleNoSimulatorCanProduceIsRefused) {
  EXPECT_TRUE(CheckBatchDumpSchedule(TwoRequestDump(), "d").empty());
  auto problems = [](const std::function<void(BatchDump&)>& edit) {
    BatchDump d = TwoRequestDump();
    edit(d);
    const std::vector<std::string> p = CheckBatchDumpSchedule(d, "d");
    return p.empty() ? std::string("none") : p.front();
  };
  EXPECT_EQ(problems([](BatchDump& d) { d.requests[1].output_tokens = 0; }),
            "d:0: request 2 has 2 prompt and 0 output tokens; expected at least one of each");
  EXPECT_EQ(problems([](BatchDump& d) { d.requests[1].id = 1; }),
            "d:0: request 1 is declared twice; expected one request record per id");
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[1].end = d.steps[1].start - 1; }),
            "d:0: step 1 ends at 999999 ns before it starts at 1000000 ns; expected end >= start");
  // Step 2 starting 1 ns before step 1 ends overlaps it; starting exactly at its end does not.
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[2].start = d.steps[1].end - 1; }),
            "d:0: replica 0's step 2 (1999999 .. 3000000 ns) does not follow its step 1 (1000000 "
            ".. 2000000 ns); expected one step at a time, in order");
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[2].start = d.steps[1].end; }), "none");
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[3].seqs[0].id = 9; }),
            "d:0: step 3 schedules request 9, which is not declared; expected a request record "
            "for every id");
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[3].start = 10 * kMs - 1; }),
            "d:0: step 3: request 2 starts at 9999999 ns, before its arrival at 10000000 ns; "
            "expected a schedule a simulator can run");
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[1].seqs[0].q_len = 2; }),
            "d:0: step 1: request 1 computes 2 tokens in a decode; expected a schedule a "
            "simulator can run");
  // Request 1 (4 + 3 tokens) may hold at most 7: 7 passes, 8 does not.
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[2].seqs[0].kv_len = 7; }), "none");
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[2].seqs[0].kv_len = 8; }),
            "d:0: step 2: request 1 holds a context of 8 tokens with 1 computed, of 7 prompt + "
            "output; expected a schedule a simulator can run");
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[2].seqs[0].token = false; }),
            "d:0: step 2: request 1 finishes without producing a token; expected a schedule a "
            "simulator can run");
  EXPECT_EQ(problems([](BatchDump& d) { d.steps[1].seqs[0].done = true; }),
            "d:0: step 2: request 1 is scheduled after it finished; expected a schedule a "
            "simulator can run");
}

// Read from a file, the problems carry their lines.
TEST(BatchDumpTest, ScheduleProblemsNameTheirLine) {
  std::stringstream in(
      "{\"kind\":\"meta\",\"schema\":1}\n"
      "{\"kind\":\"request\",\"id\":1,\"arrival_ns\":0,\"prompt_tokens\":4,\"output_tokens\":1}\n"
      "{\"kind\":\"step\",\"step\":0,\"replica\":0,\"start_ns\":5,\"end_ns\":4,"
      "\"predicted_us\":1,\"seqs\":[]}\n");
  try {
    ReadBatchDump(in, "b.jsonl");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "b.jsonl:3: step 0 ends at 4 ns before it starts at 5 ns; expected end >= start");
  }
}

TEST(BatchDumpTest, MeasuredStepsRejectNonPositiveTimes) {
  std::stringstream ok("{\"step\":3,\"replica\":1,\"measured_us\":12.5}\n");
  auto m = ReadMeasuredSteps(ok, "m");
  EXPECT_DOUBLE_EQ((m.at({1, 3})), 12.5);
  std::stringstream bad("{\"step\":3,\"measured_us\":0}\n");
  EXPECT_THROW(ReadMeasuredSteps(bad, "m"), Error);
}

}  // namespace
}  // namespace gpuplan
