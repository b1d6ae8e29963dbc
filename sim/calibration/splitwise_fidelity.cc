#include "sim/calibration/splitwise_fidelity.h"

#include <fmt/format.h>

#include <memory>
#include <set>

#include "sim/latency/calibrated_model.h"
#include "sim/latency/roofline_model.h"

namespace gpuplan {
namespace {

struct StepPair {
  double prefill_s = 0, decode_s = 0;
  double prefill_share = 0, decode_share = 0;  // of time from measured ops
};

double MeasuredShare(const StepTime& t) {
  double measured = 0;
  for (size_t i = 0; i < kNumOpKinds; ++i) {
    if (t.op_source[i] == OpSource::kCalibrated) measured += t.op_s[i];
  }
  return measured / t.total_s;
}

StepPair PredictRow(const LatencyModel& model, const SplitwiseRow& r) {
  BatchShape prefill, decode;
  for (int i = 0; i < r.batch; ++i) {
    prefill.AddPrefill(r.prompt, r.prompt);
    decode.AddDecode(r.prompt + r.output / 2);
  }
  const StepTime p = model.Predict(prefill), d = model.Predict(decode);
  return {p.total_s, d.total_s, MeasuredShare(p), MeasuredShare(d)};
}

// The three models of one (model, GPU, TP) group.
struct GroupModels {
  std::unique_ptr<LatencyModel> gpu_only, engine, calibrated;
};

// Splitwise's 2023 measurements predate CUDA graphs and custom all-reduce kernels in the serving
// stacks of the time: its steps run eagerly and its all-reduces are NCCL calls (the Vidur-fitted
// costs), whatever the engine preset says.
RooflineOptions NcclStack() {
  RooflineOptions o;
  o.cuda_graph_max_tokens = 0;
  return o;
}

EngineSpec NcclEngine(EngineSpec engine, bool host_costs) {
  engine.all_reduce = "nccl";
  if (!host_costs) {
    engine.cpu_overhead_per_step_us = 0;
    engine.cpu_overhead_per_request_us = 0;
  }
  return engine;
}

std::unique_ptr<LatencyModel> Calibrated(const SplitwiseSetup& setup, const SplitwiseRow& r,
                                         const RooflineOptions& options) {
  Deployment d;
  d.tensor_parallel = r.tp;
  const EngineSpec bare = NcclEngine(setup.engine, false);
  static const Bundle kEmpty;
  auto b = setup.bundles.find(r.hardware);
  return std::make_unique<CalibratedLatencyModel>(
      setup.models.at(r.model), setup.gpus.at(r.hardware), d, bare,
      b != setup.bundles.end() ? *b->second : kEmpty, options);
}

RooflineOptions Eager(double launch_us) {
  RooflineOptions o;
  o.cuda_graph_max_tokens = 0;
  o.kernel_launch_us = launch_us;
  return o;
}

GroupModels BuildModels(const SplitwiseSetup& setup, const SplitwiseRow& r) {
  const ModelSpec& model = setup.models.at(r.model);
  const GpuSpec& gpu = setup.gpus.at(r.hardware);
  Deployment d;
  d.tensor_parallel = r.tp;
  GroupModels m;
  m.gpu_only =
      std::make_unique<RooflineModel>(model, gpu, d, NcclEngine(setup.engine, false), NcclStack());
  m.engine =
      std::make_unique<RooflineModel>(model, gpu, d, NcclEngine(setup.engine, true), NcclStack());
  m.calibrated = Calibrated(setup, r, RooflineOptions{});
  return m;
}

std::unique_ptr<LatencyModel> Roofline(const SplitwiseSetup& setup, const SplitwiseRow& r,
                                       const RooflineOptions& options) {
  Deployment d;
  d.tensor_parallel = r.tp;
  const EngineSpec bare = NcclEngine(setup.engine, false);
  return std::make_unique<RooflineModel>(setup.models.at(r.model), setup.gpus.at(r.hardware), d,
                                         bare, options);
}

using ModelFactory = std::unique_ptr<LatencyModel> (*)(const SplitwiseSetup&, const SplitwiseRow&,
                                                       const RooflineOptions&);

// The kernel launch cost (1 us grid) that minimises the median decode error of `rows` (the fit
// half of one GPU's rows, grouped by TP) for the models `make` builds.
double FitLaunchUs(const SplitwiseSetup& setup, const std::vector<const SplitwiseRow*>& rows,
                   ModelFactory make) {
  double best_us = 0, best = 1e9;
  for (int us = 0; us <= 80; ++us) {
    ErrorAccumulator decode;
    std::unique_ptr<LatencyModel> model;
    const SplitwiseRow* model_of = nullptr;
    for (const SplitwiseRow* r : rows) {
      if (model_of == nullptr || model_of->tp != r->tp || model_of->model != r->model) {
        model = make(setup, *r, Eager(us));
        model_of = r;
      }
      decode.Add(PredictRow(*model, *r).decode_s, r->decode_ms * 1e-3);
    }
    const double median = decode.Summary().median;
    if (median < best) best = median, best_us = us;
  }
  return best_us;
}

// One row with its predictions; `fit` marks the fit half.
struct Scored {
  const SplitwiseRow* row;
  StepPair gpu_only, engine, calibrated;
  bool fit;
};
using Group = std::vector<Scored>;  // one (model, hardware, TP)

// Predicts every comparable row, grouped; rows come sorted by (model, hardware, TP).
std::vector<Group> ScoreRows(const std::vector<SplitwiseRow>& rows, const SplitwiseSetup& setup,
                             std::set<std::string>* skipped) {
  std::vector<Group> groups;
  GroupModels models;  // of the current group
  for (const SplitwiseRow& r : rows) {
    if (!setup.models.count(r.model)) {
      skipped->insert(fmt::format("{} (no catalog model)", r.model));
      continue;
    }
    if (!setup.gpus.count(r.hardware)) {
      skipped->insert(
          fmt::format("{} (no catalog GPU; power-capped runs are not modelled)", r.hardware));
      continue;
    }
    const SplitwiseRow* first = groups.empty() ? nullptr : groups.back().front().row;
    if (first == nullptr || first->model != r.model || first->hardware != r.hardware ||
        first->tp != r.tp) {
      groups.emplace_back();
      models = BuildModels(setup, r);
    }
    groups.back().push_back({&r, PredictRow(*models.gpu_only, r), PredictRow(*models.engine, r),
                             PredictRow(*models.calibrated, r), groups.back().size() % 2 == 0});
  }
  return groups;
}

// Both host models, per hardware, on the fit half of the decode rows.
void FitHostModels(const std::vector<Group>& groups, const SplitwiseSetup& setup,
                   SplitwiseReport& report) {
  std::map<std::string, std::vector<double>> residuals_ms;
  std::map<std::string, std::vector<const SplitwiseRow*>> fit_rows;
  for (const Group& g : groups) {
    for (const Scored& s : g) {
      if (!s.fit) continue;
      residuals_ms[s.row->hardware].push_back(s.row->decode_ms - 1e3 * s.calibrated.decode_s);
      fit_rows[s.row->hardware].push_back(s.row);
    }
  }
  for (auto& [hw, residuals] : residuals_ms) {
    report.fitted_overhead_ms[hw] = Percentile(residuals, 50);
    report.fitted_launch_us[hw] = FitLaunchUs(setup, fit_rows[hw], Calibrated);
    report.fitted_roofline_launch_us[hw] = FitLaunchUs(setup, fit_rows[hw], Roofline);
  }
}

void AddPair(SplitwiseErrors& e, const StepPair& p, const SplitwiseRow& r) {
  e.prefill.Add(p.prefill_s, r.prefill_ms * 1e-3);
  e.decode.Add(p.decode_s, r.decode_ms * 1e-3);
}

SplitwiseGroup Summarise(const Group& g, const SplitwiseSetup& setup,
                         const SplitwiseReport& report) {
  const SplitwiseRow& first = *g.front().row;
  SplitwiseGroup out{first.model, first.hardware, first.tp, g.size()};
  const double overhead_s = report.fitted_overhead_ms.at(out.hardware) * 1e-3;
  const std::unique_ptr<LatencyModel> eager =
      Calibrated(setup, first, Eager(report.fitted_launch_us.at(out.hardware)));
  const std::unique_ptr<LatencyModel> roofline_eager =
      Roofline(setup, first, Eager(report.fitted_roofline_launch_us.at(out.hardware)));
  for (const Scored& s : g) {
    AddPair(out.gpu_only, s.gpu_only, *s.row);
    AddPair(out.engine, s.engine, *s.row);
    AddPair(out.calibrated, s.calibrated, *s.row);
    out.prefill_measured_share += s.calibrated.prefill_share / g.size();
    out.decode_measured_share += s.calibrated.decode_share / g.size();
    if (s.fit) continue;
    StepPair with_overhead = s.calibrated;
    with_overhead.prefill_s += overhead_s;
    with_overhead.decode_s += overhead_s;
    AddPair(out.overhead, with_overhead, *s.row);
    AddPair(out.eager, PredictRow(*eager, *s.row), *s.row);
    AddPair(out.roofline_eager, PredictRow(*roofline_eager, *s.row), *s.row);
  }
  return out;
}

}  // namespace

SplitwiseReport CompareWithSplitwise(const std::vector<SplitwiseRow>& rows,
                                     const SplitwiseSetup& setup) {
  SplitwiseReport report;
  std::set<std::string> skipped;
  const std::vector<Group> groups = ScoreRows(rows, setup, &skipped);
  FitHostModels(groups, setup, report);
  for (const Group& g : groups) report.groups.push_back(Summarise(g, setup, report));
  report.skipped.assign(skipped.begin(), skipped.end());
  return report;
}

}  // namespace gpuplan
