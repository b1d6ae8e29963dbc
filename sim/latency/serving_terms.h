// ServingTerms: the engine-level terms that per-kernel measurements cannot reveal, as a real load
// test shows them: the host's preparation time per step and per request in the batch, how much of
// it hides behind the previous step's GPU work, and a time multiplier per op family (what a
// kernel costs inside the real engine against what the latency model predicts for it alone:
// fusions, stream overlap, clocks under sustained load). `gpuplan calibration fit-serving` fits
// them to measured runs (sim/loadtest/terms_fit.h) and stores them in a calibration bundle's
// serving_terms.csv (docs/calibration-format.md, section 6); the calibrated latency model applies
// them. At their defaults they change nothing: the host terms are the engine preset's and every
// multiplier is 1.
#pragma once

#include "sim/bundle/serving_term_schema.h"
#include "sim/catalog/specs.h"
#include "sim/latency/host_time.h"
#include "sim/latency/latency_model.h"

namespace gpuplan {

// The terms' vocabulary, names and bounds are the bundle's (sim/bundle/serving_term_schema.h);
// this adds what they mean to a latency model.
struct ServingTerms : ServingTermValues {
  bool operator==(const ServingTerms&) const = default;

  // The engine preset's host costs, overlap 1 when it schedules ahead (else 0), multipliers 1.
  static ServingTerms Defaults(const EngineSpec& engine);
  // Defaults(engine) with the stated overrides.
  static ServingTerms Resolve(const EngineSpec& engine, const ServingTermOverrides& overrides);

  // The host model with these host terms, the latency model's launch settings and the engine's
  // CUDA graph mode (which steps launch their kernels from the host).
  HostTimeModel Host(double launch_s, int cuda_graph_max_tokens, CudaGraphMode graph_mode) const;
  // Multiplies every GPU op of `step` by its family's multiplier and re-sums total_s.
  void ScaleGpuOps(StepTime& step) const;
};

}  // namespace gpuplan
