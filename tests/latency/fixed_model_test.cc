#include "sim/latency/fixed_model.h"

#include <gtest/gtest.h>

namespace gpuplan {
namespace {

FixedLatencyOptions Options() {
  FixedLatencyOptions o;
  o.prefill_ms_per_token = 0.25;
  o.decode_ms_per_step = 10;
  o.decode_ms_per_seq = 0.5;
  o.step_overhead_ms = 2;
  return o;
}

TEST(FixedLatencyModelTest, PrefillOnly) {
  const FixedLatencyModel model(Options());
  BatchShape b;
  b.AddPrefill(1000, 1000);
  const StepTime t = model.Predict(b);
  EXPECT_DOUBLE_EQ(t.total_s, (2 + 1000 * 0.25) / 1000);  // 252 ms
  EXPECT_DOUBLE_EQ(t.Of(OpKind::kPrefillAttention), 0.250);
  EXPECT_DOUBLE_EQ(t.Of(OpKind::kCpuOverhead), 0.002);
  EXPECT_EQ(t.op_source[static_cast<size_t>(OpKind::kPrefillAttention)], OpSource::kFixed);
  EXPECT_EQ(t.op_source[static_cast<size_t>(OpKind::kDecodeAttention)], OpSource::kNone);
}

TEST(FixedLatencyModelTest, DecodeOnly) {
  const FixedLatencyModel model(Options());
  BatchShape b;
  for (int i = 0; i < 4; ++i) b.AddDecode(100 + i);
  EXPECT_DOUBLE_EQ(model.Predict(b).total_s, (2 + 10 + 4 * 0.5) / 1000);  // 14 ms
}

TEST(FixedLatencyModelTest, MixedBatchUsesChunkTokensNotContext) {
  const FixedLatencyModel model(Options());
  BatchShape b;
  b.AddPrefill(256, 1024);  // a later chunk: only the 256 new tokens count
  b.AddDecode(50);
  const StepTime t = model.Predict(b);
  EXPECT_DOUBLE_EQ(t.total_s, (2 + 256 * 0.25 + 10 + 0.5) / 1000);  // 76.5 ms
  double sum = 0;
  for (double s : t.op_s) sum += s;
  EXPECT_DOUBLE_EQ(sum, t.total_s);
}

TEST(FixedLatencyModelTest, PositivityRule) {
  FixedLatencyOptions o;
  EXPECT_FALSE(o.AlwaysPositive());
  o.prefill_ms_per_token = 1;
  EXPECT_FALSE(o.AlwaysPositive());  // a decode-only batch would take 0 s
  o.decode_ms_per_seq = 1;
  EXPECT_TRUE(o.AlwaysPositive());
  FixedLatencyOptions overhead_only;
  overhead_only.step_overhead_ms = 1;
  EXPECT_TRUE(overhead_only.AlwaysPositive());
}

}  // namespace
}  // namespace gpuplan
