#include "sim/latency/fixed_model.h"

#include "sim/core/error.h"

namespace gpuplan {
namespace {

constexpr double kMs = 1e-3;

OptionSpec Milliseconds(std::string name, std::string help) {
  return OptionSpec{.name = std::move(name),
                    .type = OptionType::kDouble,
                    .unit = "ms",
                    .default_value = "0",
                    .help = std::move(help),
                    .min = 0.0};
}

}  // namespace

bool FixedLatencyOptions::AlwaysPositive() const {
  const bool decode_positive = decode_ms_per_step > 0 || decode_ms_per_seq > 0;
  return step_overhead_ms > 0 || (prefill_ms_per_token > 0 && decode_positive);
}

FixedLatencyModel::FixedLatencyModel(const FixedLatencyOptions& options) : options_(options) {
  GPUPLAN_CHECK(options_.AlwaysPositive(), "fixed latency model would predict 0 s for some batch");
}

StepTime FixedLatencyModel::Predict(const BatchShape& batch) const {
  GPUPLAN_CHECK(!batch.empty(), "Predict needs a non-empty batch");
  StepTime step;
  const int64_t prefill_tokens = batch.NumPrefillTokens();
  if (prefill_tokens > 0) {
    step.Add(OpKind::kPrefillAttention, prefill_tokens * options_.prefill_ms_per_token * kMs,
             OpSource::kFixed);
  }
  if (batch.num_decodes > 0) {
    const double decode_ms =
        options_.decode_ms_per_step + batch.num_decodes * options_.decode_ms_per_seq;
    step.Add(OpKind::kDecodeAttention, decode_ms * kMs, OpSource::kFixed);
  }
  if (options_.step_overhead_ms > 0) {
    step.Add(OpKind::kCpuOverhead, options_.step_overhead_ms * kMs, OpSource::kFixed);
  }
  return step;
}

std::vector<OptionSpec> FixedLatencyOptionSpecs() {
  return {
      Milliseconds("prefill_ms_per_token", "time per prefill token in the step"),
      Milliseconds("decode_ms_per_step", "time added once when the step has any decode"),
      Milliseconds("decode_ms_per_seq", "time per decoding sequence in the step"),
      Milliseconds("step_overhead_ms", "time added to every step"),
  };
}

FixedLatencyOptions ReadFixedLatencyOptions(OptionReader& reader) {
  FixedLatencyOptions o;
  o.prefill_ms_per_token = reader.Double("prefill_ms_per_token");
  o.decode_ms_per_step = reader.Double("decode_ms_per_step");
  o.decode_ms_per_seq = reader.Double("decode_ms_per_seq");
  o.step_overhead_ms = reader.Double("step_overhead_ms");
  return o;
}

bool CheckFixedLatencyOptions(const FixedLatencyOptions& options, OptionReporter& reporter) {
  if (options.AlwaysPositive()) return true;
  reporter.Fail("step_overhead_ms",
                "some batches would take 0 s; set step_overhead_ms > 0, or prefill_ms_per_token > "
                "0 together with decode_ms_per_step or decode_ms_per_seq > 0");
  return false;
}

}  // namespace gpuplan
