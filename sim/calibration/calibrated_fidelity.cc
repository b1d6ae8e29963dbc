#include "sim/calibration/calibrated_fidelity.h"

#include <map>
#include <set>

#include "sim/calibration/vidur_import.h"
#include "sim/latency/calibrated_model.h"
#include "sim/latency/log_interpolation.h"

namespace gpuplan {
namespace {

EngineSpec BareEngine() {
  EngineSpec e;
  e.name = "none";
  return e;
}

// What Vidur measured for each compared op of a one-layer step, in seconds.
double MeasuredSeconds(const VidurMlpRow& row, size_t match) {
  auto ms = [&row](std::string_view op) { return row.ops[VidurOpIndex(op)].median_ms; };
  switch (kCalibratedOpMatches[match].op) {
    case OpKind::kNorm:
      return (2 * ms("input_layernorm") + ms("post_attention_layernorm")) * 1e-3;
    case OpKind::kResidualAdd:
      return 2 * ms("add") * 1e-3;
    default:
      return ms(kCalibratedOpMatches[match].vidur) * 1e-3;
  }
}

void SplitErrors(const VidurComputeSet& set, CalibratedOpErrors& e) {
  Bundle fit;
  const std::string name = BundleModelName(set.profile.shape.name);
  size_t dropped = 0;
  fit.tables.push_back(VidurMlpTable(set.profile, name, &set.fit, &dropped));
  fit.models.push_back(set.profile.shape);
  fit.models.back().name = name;
  std::map<int, CalibratedLatencyModel> models;  // per TP
  for (size_t i = 0; i < set.profile.rows.size(); ++i) {
    if (set.fit[i]) continue;
    const VidurMlpRow& row = set.profile.rows[i];
    auto it = models.find(row.tp);
    if (it == models.end()) {
      Deployment d;
      d.tensor_parallel = row.tp;
      it = models.try_emplace(row.tp, set.one_layer, set.gpu, d, BareEngine(), fit).first;
    }
    BatchShape batch;
    batch.AddPrefill(static_cast<int32_t>(row.num_tokens), static_cast<int32_t>(row.num_tokens));
    const StepTime t = it->second.Predict(batch);
    for (size_t k = 0; k < kNumCalibratedMatches; ++k) {
      const size_t op = static_cast<size_t>(kCalibratedOpMatches[k].op);
      if (t.op_source[op] != OpSource::kCalibrated) {
        ++e.fell_back[k];
        continue;
      }
      const double measured = MeasuredSeconds(row, k);
      e.split[k].Add(t.op_s[op], measured);
      (set.gpu_key == "h100" ? e.split_h100 : e.split_a100)[k].Add(t.op_s[op], measured);
    }
  }
}

// Each interior point of a series predicted from its two neighbours.
void LeaveOneOut(std::vector<std::pair<double, double>> points, ErrorAccumulator& acc) {
  std::sort(points.begin(), points.end());
  for (size_t i = 1; i + 1 < points.size(); ++i) {
    const LogLinearCurve neighbours({points[i - 1], points[i + 1]});
    acc.Add(*neighbours.At(points[i].first), points[i].second);
  }
}

void LeaveOneOutErrors(const VidurComputeSet& set, CalibratedOpErrors& e) {
  for (size_t k = 0; k < kNumCalibratedMatches; ++k) {
    std::map<int, std::vector<std::pair<double, double>>> by_tp;
    std::set<std::pair<int64_t, int>> seen;  // repeated sizes keep their first row, as imported
    for (const VidurMlpRow& row : set.profile.rows) {
      if (seen.emplace(row.num_tokens, row.tp).second) {
        by_tp[row.tp].emplace_back(row.num_tokens, MeasuredSeconds(row, k));
      }
    }
    for (auto& [tp, points] : by_tp) LeaveOneOut(std::move(points), e.loo[k]);
  }
}

CalibratedCollectiveErrors CollectiveErrors(const VidurNetworkSet& set) {
  CalibratedCollectiveErrors e{set.gpu_key, set.collective};
  using Series = std::pair<int, int>;  // (GPUs, GPUs per node)
  std::map<Series, std::vector<std::pair<double, double>>> fit, all;
  std::map<Series, std::vector<std::pair<double, double>>> held_out;
  std::set<std::tuple<int64_t, int, int>> seen;
  for (size_t i = 0; i < set.rows.size(); ++i) {
    const VidurNetworkRow& r = set.rows[i];
    if (!seen.emplace(r.bytes, r.num_gpus, r.gpus_per_node).second) continue;
    const Series s{r.num_gpus, r.gpus_per_node};
    const std::pair<double, double> point{static_cast<double>(r.bytes), r.stats.median_ms * 1e-3};
    all[s].push_back(point);
    (set.fit[i] ? fit : held_out)[s].push_back(point);
  }
  for (const auto& [series, points] : held_out) {
    const LogLinearCurve curve(fit[series]);
    for (const auto& [bytes, measured] : points) {
      const std::optional<double> predicted = curve.At(bytes);
      if (predicted) {
        e.split.Add(*predicted, measured);
      } else {
        ++e.fell_back;
      }
    }
  }
  for (auto& [series, points] : all) LeaveOneOut(std::move(points), e.loo);
  return e;
}

}  // namespace

CalibratedHeldOut CalibratedErrorsOnVidur(const VidurDataset& data) {
  CalibratedHeldOut out;
  for (const VidurComputeSet& set : data.compute) {
    SplitErrors(set, out.ops);
    LeaveOneOutErrors(set, out.ops);
  }
  for (const VidurNetworkSet& set : data.network) out.collectives.push_back(CollectiveErrors(set));
  return out;
}

}  // namespace gpuplan
