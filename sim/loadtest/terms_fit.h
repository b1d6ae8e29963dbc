// The load-test fit behind `gpuplan calibration fit-serving`: finds the engine-level terms
// (ServingTerms: host time per step and per request, its overlap with GPU work, a time multiplier
// per op family) that make the simulation of one or more measured runs agree with them.
//
// Each measured run is replayed exactly as `gpuplan compare` replays it (same load, same
// lengths, same seed), so a candidate's error is the model's alone. The loss is
//   mean over runs of [mean over the run's statistics of ln(simulated / measured)^2]
//   + regularization x sum over free terms of (u - u0)^2
// where u is a term's position between its documented bounds (log-scaled for multipliers) and
// u0 the start's, so that terms the data cannot tell apart stay at the current defaults. The
// search is a compass search on u (each free term tried up and down by a step that halves when
// nothing improves): it needs no gradient of a discrete-event simulation, keeps every term inside
// its bounds by construction, and is deterministic.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/config/scenario.h"
#include "sim/latency/calibrated_registry.h"
#include "sim/latency/serving_terms.h"
#include "sim/loadtest/compare.h"
#include "sim/loadtest/measured_run.h"
#include "sim/runner/builtins.h"

namespace gpuplan {

// One measured run as a fit sees it: simulated with a candidate latency model and compared,
// statistic by statistic, with what was measured. Implementations are immutable after
// construction and may be called from several threads at once.
class FitTarget {
 public:
  virtual ~FitTarget() = default;
  virtual CompareResult Compare(std::shared_ptr<const LatencyModel> latency) const = 0;
};

// A load-test result replayed as `gpuplan compare` replays it (PrepareReplay, Replay).
std::unique_ptr<FitTarget> MakeReplayTarget(const Scenario& scenario, const Builtins& builtins,
                                            const MeasuredRun& measured);

struct ServingFitOptions {
  std::vector<ServingTerm> free_terms;  // the terms fitted; empty: all
  double regularization = 0.01;
  int max_evaluations = 800;     // candidate evaluations (each simulates every run)
  double min_step = 1.0 / 4096;  // the search stops when its step in u falls below this
  int threads = 0;               // runs simulated at once (0: every hardware thread)
};

// One run's agreement: the median |error| over its statistics, and the loss term it adds.
struct RunAgreement {
  std::string file;
  double median_abs_error = 0;
  double loss = 0;
};

struct ServingFitResult {
  ServingTerms start;
  ServingTerms fitted;
  std::vector<ServingTerm> free_terms;
  // Free terms the fit moved onto a bound: the data asks for more than the bounds allow, which
  // points at a structural error the terms cannot absorb.
  std::vector<ServingTerm> at_bound;
  double loss_start = 0;  // data loss at the start (no regularization)
  double loss = 0;        // data loss at the fit
  int evaluations = 0;
  std::vector<RunAgreement> before;  // per fitted run, at the start
  std::vector<RunAgreement> after;   // per fitted run, at the fit
};

// A run left out of a fit and predicted by it.
struct HeldOutRun {
  std::string file;
  double median_abs_error_start = 0;  // with the start terms
  double median_abs_error_fit = 0;    // with the terms fitted on the other runs
  ServingTerms fitted;
};

class ServingFitter {
 public:
  // Prepares every run's replay on `scenario` (throws ConfigError as PrepareReplay does, or when
  // the scenario's latency model cannot be fitted; see ServingFitBaseOf).
  ServingFitter(const Scenario& scenario, const Builtins& builtins, std::vector<MeasuredRun> runs);
  // Runs with targets of their own (one per run, in order): measured operating points whose
  // load each target knows, sharing `scenario`'s model, GPU, deployment and latency model.
  ServingFitter(const Scenario& scenario, std::vector<MeasuredRun> runs,
                std::vector<std::unique_ptr<const FitTarget>> targets);

  // Fits on the runs listed in `subset` (every run when empty).
  ServingFitResult Fit(const ServingFitOptions& options,
                       const std::vector<size_t>& subset = {}) const;
  // Fits on all runs but one, for each run, and predicts it.
  std::vector<HeldOutRun> LeaveOneOut(const ServingFitOptions& options) const;

  // The simulated comparison of every run in `subset` with `terms`.
  std::vector<CompareResult> Evaluate(const ServingTerms& terms, const std::vector<size_t>& subset,
                                      int threads) const;

  const ServingTerms& start() const { return start_; }
  const Scenario& scenario() const { return scenario_; }
  const ServingFitBase& base() const { return base_; }
  const std::vector<MeasuredRun>& runs() const { return runs_; }

 private:
  std::shared_ptr<const LatencyModel> ModelFor(const ServingTerms& terms) const;

  void Init();

  Scenario scenario_;
  std::vector<MeasuredRun> runs_;
  std::vector<std::unique_ptr<const FitTarget>> targets_;
  ServingFitBase base_;
  ServingTerms start_;
};

// A run's loss: the mean of ln(simulated / measured)^2 over its statistics with a positive
// measured value (a simulated 0 counts as 1/1000 of the measured value).
double RunLoss(const CompareResult& result);

}  // namespace gpuplan
