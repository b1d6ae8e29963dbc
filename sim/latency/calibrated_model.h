// CalibratedLatencyModel: a LatencyModel that takes each op's time from a calibration bundle
// (measured on the GPU) and falls back to the roofline for the rest. Per op of a step:
//   - the bundle has a table for the op and the step's size is inside its measured range: the
//     interpolated measurement (LogLinearCurve: exact at measured sizes, linear in log(size)
//     between them), times the op's kernel count; source kCalibrated;
//   - otherwise (no table, or a size outside the measured range): the roofline's time for the
//     op; source kRoofline. Measurements are never extrapolated.
// Sampling always comes from the roofline, and so does the CPU model (engine per-step and
// per-request costs, plus kernel launches outside CUDA graphs where they exceed the GPU time; the
// engine's cuda_graph_mode says which steps replay a graph, as for the roofline, host_time.h),
// but the launch overlap is computed against this model's own GPU time: a faster measured GPU
// step exposes more of a host-bound launch stream. StepTime::op_source says which source each op
// used, and the runner's OpBreakdown::MeasuredShare() reports the share of a run's time that came
// from measurements. A bundle's serving terms (serving_terms.csv, fitted to real load tests) then
// scale each op family and set the host costs and their overlap; without them the engine
// preset's host costs apply and nothing is scaled.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/bundle/bundle.h"
#include "sim/latency/calibrated_tables.h"
#include "sim/latency/host_time.h"
#include "sim/latency/roofline_model.h"
#include "sim/latency/serving_terms.h"

namespace gpuplan {

// The GPU family a bundle's gpu.name must mention to be measured on `gpu`: the first word of
// its display name after NVIDIA / GeForce / RTX (H100, A100, L40S, 4090, A5000, ...).
std::string GpuFamilyToken(const GpuSpec& gpu);

// A warning when a bundle measured on `measured_on` (its gpu.name, as the CUDA driver or the
// source names the device) is used for `gpu` of another family: the tables are used as they are,
// and a run that says nothing would pass another GPU's measurements off as this one's. Words are
// compared whole, so an L4 bundle does not pass for an L40S. The run's context
// (calibration.warning) carries it to the console and the report.
std::optional<std::string> BundleGpuMismatch(const std::string& measured_on, const GpuSpec& gpu);

class CalibratedLatencyModel final : public LatencyModel {
 public:
  CalibratedLatencyModel(const ModelSpec& model, const GpuSpec& gpu, const Deployment& deployment,
                         const EngineSpec& engine, const Bundle& bundle,
                         const RooflineOptions& fallback = {});
  // With `terms` in place of the bundle's serving terms (a fit trying candidates).
  CalibratedLatencyModel(const ModelSpec& model, const GpuSpec& gpu, const Deployment& deployment,
                         const EngineSpec& engine, const Bundle& bundle,
                         const RooflineOptions& fallback, const ServingTerms& terms);

  std::string_view name() const override { return "calibrated"; }
  StepTime Predict(const BatchShape& batch) const override;
  // The bundle's folder, writer and date and, when it has serving terms, the load tests they
  // were fitted to.
  std::vector<std::pair<std::string, std::string>> Provenance() const override {
    return provenance_;
  }

  const CalibratedTables& tables() const { return tables_; }
  const RooflineModel& roofline() const { return roofline_; }

 private:
  std::optional<double> NormUs(double tokens) const;
  std::optional<double> AllReduceUs(const BatchShape& batch) const;
  std::optional<double> PrefillAttentionUs(const BatchShape& batch) const;
  std::optional<double> DecodeAttentionUs(const BatchShape& batch) const;

  RooflineModel roofline_;
  CalibratedTables tables_;
  double layers_ = 0;
  int pp_ = 1;
  double hidden_bytes_per_token_ = 0;  // one 16-bit activation row
  double logits_bytes_per_seq_ = 0;    // one 16-bit full-vocabulary logits row
  int tp_ = 1;
  ServingTerms terms_;
  HostTimeModel host_;
  std::vector<std::pair<std::string, std::string>> provenance_;
};

}  // namespace gpuplan
