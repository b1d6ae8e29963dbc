#include "sim/loadtest/terms_fit.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/core/error.h"
#include "sim/core/parallel.h"
#include "sim/latency/calibrated_model.h"
#include "sim/runner/builtins.h"

namespace gpuplan {
namespace {

// A simulated statistic of 0 against a positive measurement counts as this share of it, so the
// log error stays finite and large.
constexpr double kFloorShare = 1e-3;
constexpr double kInitialStep = 0.125;

// A term's position between its bounds, in [0, 1].
double PositionOf(ServingTerm term, double value) {
  const ServingTermInfo& info = InfoOf(term);
  const double u = info.scale == TermScale::kLog
                       ? std::log(value / info.lower) / std::log(info.upper / info.lower)
                       : (value - info.lower) / (info.upper - info.lower);
  return std::clamp(u, 0.0, 1.0);
}

double ValueAt(ServingTerm term, double u) {
  const ServingTermInfo& info = InfoOf(term);
  if (u <= 0) return info.lower;
  if (u >= 1) return info.upper;
  return info.scale == TermScale::kLog ? info.lower * std::pow(info.upper / info.lower, u)
                                       : info.lower + u * (info.upper - info.lower);
}

std::vector<size_t> AllOf(size_t n) {
  std::vector<size_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  return all;
}

std::vector<RunAgreement> AgreementOf(const std::vector<CompareResult>& results) {
  std::vector<RunAgreement> out;
  for (const CompareResult& r : results) {
    out.push_back({r.measured_file, r.MedianAbsError(), RunLoss(r)});
  }
  return out;
}

double MeanLoss(const std::vector<CompareResult>& results) {
  if (results.empty()) return 0;
  double sum = 0;
  for (const CompareResult& r : results) sum += RunLoss(r);
  return sum / static_cast<double>(results.size());
}

// The compass search over the free terms' positions.
class CompassSearch {
 public:
  CompassSearch(const ServingFitter& fitter, const ServingFitOptions& options,
                std::vector<ServingTerm> free, std::vector<size_t> subset)
      : fitter_(fitter), options_(options), free_(std::move(free)), subset_(std::move(subset)) {
    for (ServingTerm t : free_) start_u_.push_back(PositionOf(t, fitter_.start()[t]));
  }

  ServingFitResult Run() {
    ServingFitResult result;
    result.start = fitter_.start();
    result.free_terms = free_;
    std::vector<double> u = start_u_;
    double best = Loss(u);
    result.loss_start = last_data_loss_;
    double best_data = last_data_loss_;
    for (double step = kInitialStep;
         step >= options_.min_step && evaluations_ < options_.max_evaluations;) {
      if (TryMoves(u, step, &best, &best_data)) continue;
      step /= 2;
    }
    result.fitted = TermsAt(u);
    result.loss = best_data;
    result.evaluations = evaluations_;
    for (size_t i = 0; i < free_.size(); ++i) {
      const bool on_bound = u[i] <= 0 || u[i] >= 1;
      if (on_bound && u[i] != start_u_[i]) result.at_bound.push_back(free_[i]);
    }
    const int threads = options_.threads;
    result.before = AgreementOf(fitter_.Evaluate(result.start, subset_, threads));
    result.after = AgreementOf(fitter_.Evaluate(result.fitted, subset_, threads));
    return result;
  }

 private:
  // One pass over the free terms, each up then down; true when a move was taken.
  bool TryMoves(std::vector<double>& u, double step, double* best, double* best_data) {
    bool moved = false;
    for (size_t i = 0; i < u.size() && evaluations_ < options_.max_evaluations; ++i) {
      for (const double sign : {1.0, -1.0}) {
        if (evaluations_ >= options_.max_evaluations) break;
        std::vector<double> candidate = u;
        candidate[i] = std::clamp(u[i] + sign * step, 0.0, 1.0);
        if (candidate[i] == u[i]) continue;
        const double loss = Loss(candidate);
        if (loss < *best) {
          u = std::move(candidate);
          *best = loss;
          *best_data = last_data_loss_;
          moved = true;
          break;
        }
      }
    }
    return moved;
  }

  ServingTerms TermsAt(const std::vector<double>& u) const {
    ServingTerms terms = fitter_.start();
    for (size_t i = 0; i < free_.size(); ++i) {
      // A term at its start position keeps its start value exactly (no round trip through u).
      terms[free_[i]] = u[i] == start_u_[i] ? fitter_.start()[free_[i]] : ValueAt(free_[i], u[i]);
    }
    return terms;
  }

  double Loss(const std::vector<double>& u) {
    ++evaluations_;
    last_data_loss_ = MeanLoss(fitter_.Evaluate(TermsAt(u), subset_, options_.threads));
    double penalty = 0;
    for (size_t i = 0; i < u.size(); ++i) penalty += (u[i] - start_u_[i]) * (u[i] - start_u_[i]);
    return last_data_loss_ + options_.regularization * penalty;
  }

  const ServingFitter& fitter_;
  const ServingFitOptions& options_;
  std::vector<ServingTerm> free_;
  std::vector<size_t> subset_;
  std::vector<double> start_u_;
  int evaluations_ = 0;
  double last_data_loss_ = 0;
};

}  // namespace

double RunLoss(const CompareResult& result) {
  double sum = 0;
  int n = 0;
  for (const CompareRow& row : result.rows) {
    if (!(row.measured > 0) || !std::isfinite(row.measured)) continue;
    const double simulated = std::max(row.simulated, kFloorShare * row.measured);
    const double log_error = std::log(simulated / row.measured);
    sum += log_error * log_error;
    ++n;
  }
  return n == 0 ? 0.0 : sum / n;
}

namespace {

class ReplayTarget final : public FitTarget {
 public:
  ReplayTarget(const Scenario& scenario, const Builtins& builtins, const MeasuredRun& measured)
      : builtins_(builtins),
        measured_(measured),
        setup_(PrepareReplay(scenario, builtins, measured)) {}

  CompareResult Compare(std::shared_ptr<const LatencyModel> latency) const override {
    return Replay(setup_, builtins_, measured_, std::move(latency));
  }

 private:
  const Builtins& builtins_;
  MeasuredRun measured_;
  ReplaySetup setup_;
};

}  // namespace

std::unique_ptr<FitTarget> MakeReplayTarget(const Scenario& scenario, const Builtins& builtins,
                                            const MeasuredRun& measured) {
  return std::make_unique<ReplayTarget>(scenario, builtins, measured);
}

ServingFitter::ServingFitter(const Scenario& scenario, const Builtins& builtins,
                             std::vector<MeasuredRun> runs)
    : scenario_(scenario), runs_(std::move(runs)) {
  Init();
  for (const MeasuredRun& run : runs_) {
    targets_.push_back(MakeReplayTarget(scenario_, builtins, run));
  }
}

ServingFitter::ServingFitter(const Scenario& scenario, std::vector<MeasuredRun> runs,
                             std::vector<std::unique_ptr<const FitTarget>> targets)
    : scenario_(scenario), runs_(std::move(runs)), targets_(std::move(targets)) {
  GPUPLAN_CHECK(runs_.size() == targets_.size(), "{} runs but {} fit targets", runs_.size(),
                targets_.size());
  Init();
}

void ServingFitter::Init() {
  if (runs_.empty()) throw UsageError("a load-test fit needs at least one measured run");
  base_ = ServingFitBaseOf(scenario_.latency.kind, scenario_.latency.options,
                           LatencyContextOf(scenario_));
  start_ = ServingTerms::Resolve(scenario_.engine, base_.bundle->serving_terms);
}

std::shared_ptr<const LatencyModel> ServingFitter::ModelFor(const ServingTerms& terms) const {
  const Scenario& s = scenario_;
  return std::make_shared<CalibratedLatencyModel>(s.model, s.gpu, s.deployment, s.engine,
                                                  *base_.bundle, base_.fallback, terms);
}

std::vector<CompareResult> ServingFitter::Evaluate(const ServingTerms& terms,
                                                   const std::vector<size_t>& subset,
                                                   int threads) const {
  const std::vector<size_t> runs = subset.empty() ? AllOf(runs_.size()) : subset;
  const std::shared_ptr<const LatencyModel> model = ModelFor(terms);
  std::vector<CompareResult> results(runs.size());
  ParallelFor(runs.size(), threads,
              [&](size_t i) { results[i] = targets_[runs[i]]->Compare(model); });
  return results;
}

ServingFitResult ServingFitter::Fit(const ServingFitOptions& options,
                                    const std::vector<size_t>& subset) const {
  std::vector<ServingTerm> free = options.free_terms;
  if (free.empty()) {
    for (const ServingTermInfo& info : ServingTermInfos()) free.push_back(info.term);
  }
  return CompassSearch(*this, options, std::move(free),
                       subset.empty() ? AllOf(runs_.size()) : subset)
      .Run();
}

std::vector<HeldOutRun> ServingFitter::LeaveOneOut(const ServingFitOptions& options) const {
  if (runs_.size() < 2) {
    throw UsageError("leave-one-out needs at least two measured runs");
  }
  std::vector<HeldOutRun> out;
  for (size_t held = 0; held < runs_.size(); ++held) {
    std::vector<size_t> others;
    for (size_t i = 0; i < runs_.size(); ++i) {
      if (i != held) others.push_back(i);
    }
    const ServingFitResult fit = Fit(options, others);
    HeldOutRun h;
    h.file = runs_[held].source_file;
    h.fitted = fit.fitted;
    h.median_abs_error_start = Evaluate(start_, {held}, options.threads)[0].MedianAbsError();
    h.median_abs_error_fit = Evaluate(fit.fitted, {held}, options.threads)[0].MedianAbsError();
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace gpuplan
