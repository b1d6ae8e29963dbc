// The Perfetto trace of one request with the fixed latency model, derived by hand: a 1000-token
// prefill step of 1 + 0.01 x 1000 = 11 ms, then 9 decode steps of 1 + 5 = 6 ms (E2E 65 ms).
#include "sim/runner/perfetto_trace.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sim/runner/scenario_run.h"
#include "sim/util/json_value.h"
#include "tests/runner/runner_test_util.h"

namespace gpuplan {
namespace {

using testing::FixedModelScenario;
using testing::kOneRequest;
using testing::ScenarioFromYaml;
using testing::SharedBuiltins;

JsonValue TraceOfOneRequest() {
  const PreparedScenario prepared(ScenarioFromYaml(FixedModelScenario(kOneRequest)),
                                  SharedBuiltins());
  std::ostringstream out;
  PerfettoTrace trace(out, "one request");
  RunOptions options;
  options.step_observers.push_back(&trace);
  options.extra_sinks.push_back(&trace);
  prepared.Run(options);
  trace.Finish();
  return JsonValue::Parse(out.str());
}

std::vector<const JsonValue*> Events(const JsonValue& trace, const std::string& ph) {
  std::vector<const JsonValue*> events;
  for (const JsonValue& e : trace.At("traceEvents").AsArray()) {
    if (e.At("ph").AsString() == ph) events.push_back(&e);
  }
  return events;
}

TEST(PerfettoTraceTest, StepsAreCompleteEventsAtTheirSimulatedTimes) {
  const JsonValue trace = TraceOfOneRequest();
  const std::vector<const JsonValue*> steps = Events(trace, "X");
  ASSERT_EQ(steps.size(), 10u);
  EXPECT_EQ(steps[0]->At("name").AsString(), "prefill");
  EXPECT_DOUBLE_EQ(steps[0]->At("ts").AsDouble(), 0);
  EXPECT_DOUBLE_EQ(steps[0]->At("dur").AsDouble(), 11000);  // microseconds
  EXPECT_EQ(steps[0]->At("args").At("prefill_tokens").AsInt(), 1000);
  EXPECT_DOUBLE_EQ(steps[0]->At("args").At("predicted_ms").AsDouble(), 11);
  for (size_t i = 1; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i]->At("name").AsString(), "decode");
    EXPECT_DOUBLE_EQ(steps[i]->At("ts").AsDouble(), 11000 + 6000.0 * static_cast<double>(i - 1));
    EXPECT_DOUBLE_EQ(steps[i]->At("dur").AsDouble(), 6000);
    EXPECT_EQ(steps[i]->At("args").At("decodes").AsInt(), 1);
  }
  // Two counters per step; the request holds ceil(1000 / 16) = 63 blocks during its prefill.
  const std::vector<const JsonValue*> counters = Events(trace, "C");
  ASSERT_EQ(counters.size(), 20u);
  EXPECT_EQ(counters[0]->At("name").AsString(), "kv_blocks_used");
  EXPECT_EQ(counters[0]->At("args").At("used").AsInt(), 63);
  EXPECT_EQ(counters[1]->At("args").At("running").AsInt(), 1);
}

TEST(PerfettoTraceTest, ARequestIsAnAsyncSpanWithItsPhasesNested) {
  const JsonValue trace = TraceOfOneRequest();
  const std::vector<const JsonValue*> begins = Events(trace, "b");
  const std::vector<const JsonValue*> ends = Events(trace, "e");
  ASSERT_EQ(begins.size(), 4u);
  ASSERT_EQ(ends.size(), 4u);
  // Outer span, then queued [0, 0], prefill [0, 11 ms], decode [11, 65 ms], each with id 0.
  const std::vector<std::string> names = {"request 0", "queued", "prefill", "decode"};
  const std::vector<double> begin_us = {0, 0, 0, 11000};
  const std::vector<double> end_us = {65000, 0, 11000, 65000};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(begins[i]->At("name").AsString(), names[i]);
    EXPECT_EQ(begins[i]->At("id").AsInt(), 0);
    EXPECT_DOUBLE_EQ(begins[i]->At("ts").AsDouble(), begin_us[i]);
  }
  // Ends come inner first for the phases and the outer span last.
  EXPECT_EQ(ends[3]->At("name").AsString(), "request 0");
  EXPECT_DOUBLE_EQ(ends[3]->At("ts").AsDouble(), end_us[0]);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(ends[i]->At("name").AsString(), names[i + 1]);
    EXPECT_DOUBLE_EQ(ends[i]->At("ts").AsDouble(), end_us[i + 1]);
  }
  EXPECT_DOUBLE_EQ(begins[0]->At("args").At("ttft_ms").AsDouble(), 11);
  EXPECT_DOUBLE_EQ(begins[0]->At("args").At("tpot_ms").AsDouble(), 6);
}

TEST(PerfettoTraceTest, MicrosecondsAreExact) {
  EXPECT_EQ(TraceMicros(0), "0.000");
  EXPECT_EQ(TraceMicros(1'234'567), "1234.567");
  EXPECT_EQ(TraceMicros(5), "0.005");
  EXPECT_THROW(TraceMicros(-1), InternalError);
}

}  // namespace
}  // namespace gpuplan
