// FixedLatencyModel: a hand-set step time for tests and what-ifs, where expected results must be
// derivable by hand:
//   total = step_overhead + prefill_tokens x prefill_ms_per_token
//           + (num_decodes > 0 ? decode_ms_per_step : 0) + num_decodes x decode_ms_per_seq
// The prefill term is reported as prefill_attention, the decode terms as decode_attention and
// the overhead as cpu_overhead, all with source "fixed", so the prefill/decode split stays visible.
#pragma once

#include <string_view>
#include <vector>

#include "sim/latency/latency_model.h"
#include "sim/util/options.h"

namespace gpuplan {

struct FixedLatencyOptions {
  double prefill_ms_per_token = 0;
  double decode_ms_per_step = 0;
  double decode_ms_per_seq = 0;
  double step_overhead_ms = 0;

  // True when every non-empty batch gets a positive time (the LatencyModel contract).
  bool AlwaysPositive() const;
};

class FixedLatencyModel final : public LatencyModel {
 public:
  explicit FixedLatencyModel(const FixedLatencyOptions& options);

  std::string_view name() const override { return "fixed"; }
  StepTime Predict(const BatchShape& batch) const override;

  const FixedLatencyOptions& options() const { return options_; }

 private:
  FixedLatencyOptions options_;
};

// The option schema registered for `kind: fixed`.
std::vector<OptionSpec> FixedLatencyOptionSpecs();

// Reads the options (the schema's checks only).
FixedLatencyOptions ReadFixedLatencyOptions(OptionReader& reader);

// The check between the options: false, with a diagnostic at step_overhead_ms, when some batch
// would take 0 s.
bool CheckFixedLatencyOptions(const FixedLatencyOptions& options, OptionReporter& reporter);

}  // namespace gpuplan
