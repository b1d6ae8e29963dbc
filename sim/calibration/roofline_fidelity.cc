#include "sim/calibration/roofline_fidelity.h"

#include <fmt/format.h>

#include <initializer_list>
#include <map>

#include "sim/latency/roofline_model.h"

namespace gpuplan {
namespace {

// The Vidur profiles were taken without any engine around the ops: no CPU costs.
EngineSpec BareEngine() {
  EngineSpec e;
  e.name = "none";
  e.cpu_overhead_per_step_us = 0;
  e.cpu_overhead_per_request_us = 0;
  return e;
}

Deployment TensorParallel(int tp) {
  Deployment d;
  d.tensor_parallel = tp;
  return d;
}

void AddRow(const VidurMlpRow& row, const StepTime& t, VidurOpErrors& errors) {
  for (size_t k = 0; k < kNumVidurMatches; ++k) {
    const VidurOpMatch& m = kVidurOpMatches[k];
    const double measured_s = row.ops[VidurOpIndex(m.vidur)].median_ms * 1e-3;
    errors[k].Add(t.Of(m.op) / m.kernels, measured_s);
  }
}

double MeanMedian(const VidurOpErrors& errors, std::initializer_list<size_t> ops) {
  double sum = 0;
  for (size_t k : ops) sum += errors[k].Summary().median;
  return sum / static_cast<double>(ops.size());
}

double Objective(const RooflineVidurErrors& e, std::initializer_list<size_t> ops) {
  return 0.5 * (MeanMedian(e.fit, ops) + MeanMedian(e.fit_small, ops));
}

constexpr std::initializer_list<size_t> kGemmOps = {0, 1, 2, 3};

struct MemoryFamily {
  const char* option;
  std::initializer_list<size_t> ops;  // positions in kVidurOpMatches
  double RooflineOptions::*field;
};
const MemoryFamily kMemoryFamilies[] = {
    {"elementwise_memory_efficiency", {4, 5}, &RooflineOptions::elementwise_memory_efficiency},
    {"norm_memory_efficiency", {6, 7}, &RooflineOptions::norm_memory_efficiency},
    {"residual_memory_efficiency", {8}, &RooflineOptions::residual_memory_efficiency},
    {"embedding_memory_efficiency", {9}, &RooflineOptions::embedding_memory_efficiency},
};

void FitGemms(const VidurDataset& data, RooflineFit& fit) {
  RooflineOptions o = fit.options;
  double best = 1e9;
  for (int c = 10; c <= 19; ++c) {        // compute efficiency 0.50 .. 0.95
    for (int m = 12; m <= 20; ++m) {      // memory efficiency 0.60 .. 1.00
      for (int us = 0; us <= 12; ++us) {  // fixed cost per GEMM, us
        o.gemm_compute_efficiency = c * 0.05;
        o.gemm_memory_efficiency = m * 0.05;
        o.gemm_overhead_us = us;
        const double e = Objective(RooflineErrorsOnVidur(data, o), kGemmOps);
        if (e < best) {
          best = e;
          fit.options.gemm_compute_efficiency = o.gemm_compute_efficiency;
          fit.options.gemm_memory_efficiency = o.gemm_memory_efficiency;
          fit.options.gemm_overhead_us = o.gemm_overhead_us;
        }
      }
    }
  }
  fit.gemm_objective = best;
  fit.log.push_back(fmt::format(
      "gemm_compute_efficiency={:.2f} gemm_memory_efficiency={:.2f} gemm_overhead_us={:.0f} "
      "(objective {:.3f}; grid 0.50-0.95 x 0.60-1.00 x 0-12 us)",
      fit.options.gemm_compute_efficiency, fit.options.gemm_memory_efficiency,
      fit.options.gemm_overhead_us, best));
}

// The memory-bound families share kernel_overhead_us (outer loop); given it, each family's
// efficiency only moves its own ops, so all families are fitted in one pass per value.
void FitMemoryBound(const VidurDataset& data, RooflineFit& fit) {
  double best_total = 1e9;
  RooflineOptions best = fit.options;
  for (int quarter_us = 0; quarter_us <= 16; ++quarter_us) {
    RooflineOptions o = fit.options, fitted = fit.options;
    o.kernel_overhead_us = fitted.kernel_overhead_us = quarter_us * 0.25;
    std::array<double, std::size(kMemoryFamilies)> family_best;
    family_best.fill(1e9);
    for (int e = 1; e <= 20; ++e) {
      for (const MemoryFamily& f : kMemoryFamilies) o.*f.field = e * 0.05;
      const RooflineVidurErrors errors = RooflineErrorsOnVidur(data, o);
      for (size_t i = 0; i < std::size(kMemoryFamilies); ++i) {
        const double err = Objective(errors, kMemoryFamilies[i].ops);
        if (err < family_best[i]) {
          family_best[i] = err;
          fitted.*kMemoryFamilies[i].field = e * 0.05;
        }
      }
    }
    double total = 0;
    for (double err : family_best) total += err;
    if (total < best_total) best_total = total, best = fitted;
  }
  fit.options = best;
  fit.memory_objective = best_total;
  std::string line = fmt::format("kernel_overhead_us={:.2f}", best.kernel_overhead_us);
  for (const MemoryFamily& f : kMemoryFamilies)
    line += fmt::format(" {}={:.2f}", f.option, best.*f.field);
  fit.log.push_back(line +
                    fmt::format(" (summed objective {:.3f}; grid 0-4 us x 0.05-1.00)", best_total));
}

void FitAllReduce(const VidurDataset& data, RooflineFit& fit) {
  double best = 1e9;
  for (int e = 6; e <= 20; ++e) {  // 0.30 .. 1.00
    ErrorAccumulator pooled;       // the fit halves of both GPUs
    for (const VidurNetworkSet& set : data.network) {
      if (set.collective != "all_reduce") continue;
      const double link = set.gpu.interconnect_gbps * 1e9 * e * 0.05;
      const double hop = set.gpu.interconnect_latency_us * 1e-6;
      for (size_t i = 0; i < set.rows.size(); ++i) {
        const VidurNetworkRow& r = set.rows[i];
        if (!set.fit[i] || r.gpus_per_node != r.num_gpus) continue;
        pooled.Add(RingAllReduceSeconds(r.bytes, r.num_gpus, link, hop), r.stats.median_ms * 1e-3);
      }
    }
    const double median = pooled.Summary().median;
    if (median < best) best = median, fit.options.allreduce_bus_efficiency = e * 0.05;
  }
  fit.allreduce_median = best;
  fit.log.push_back(
      fmt::format("allreduce_bus_efficiency={:.2f} (median error {:.3f}; grid "
                  "0.30-1.00, single-node all-reduce rows of both GPUs)",
                  fit.options.allreduce_bus_efficiency, best));
}

}  // namespace

RooflineVidurErrors RooflineErrorsOnVidur(const VidurDataset& data,
                                          const RooflineOptions& options) {
  RooflineVidurErrors e;
  const EngineSpec engine = BareEngine();
  for (const VidurComputeSet& set : data.compute) {
    std::map<int, RooflineModel> models;  // per TP shard
    for (size_t i = 0; i < set.profile.rows.size(); ++i) {
      const VidurMlpRow& row = set.profile.rows[i];
      auto it = models.find(row.tp);
      if (it == models.end()) {
        it = models
                 .emplace(row.tp, RooflineModel(set.one_layer, set.gpu, TensorParallel(row.tp),
                                                engine, options))
                 .first;
      }
      BatchShape batch;
      batch.AddPrefill(static_cast<int32_t>(row.num_tokens), static_cast<int32_t>(row.num_tokens));
      const StepTime t = it->second.Predict(batch);
      AddRow(row, t, e.all);
      AddRow(row, t, set.gpu_key == "h100" ? e.h100 : e.a100);
      AddRow(row, t, set.fit[i] ? e.fit : e.held_out);
      if (set.fit[i] && row.num_tokens <= kDecodeSizedTokens) AddRow(row, t, e.fit_small);
    }
  }
  return e;
}

CollectiveErrors RooflineErrorsOnNetwork(const VidurNetworkSet& set, double bus_efficiency) {
  CollectiveErrors e;
  const double link = set.gpu.interconnect_gbps * 1e9 * bus_efficiency;
  const double hop = set.gpu.interconnect_latency_us * 1e-6;
  for (size_t i = 0; i < set.rows.size(); ++i) {
    const VidurNetworkRow& r = set.rows[i];
    if (r.gpus_per_node != r.num_gpus) {
      ++e.cross_node_rows;
      continue;
    }
    const double predicted = set.collective == "all_reduce"
                                 ? RingAllReduceSeconds(r.bytes, r.num_gpus, link, hop)
                                 : PointToPointSeconds(r.bytes, link, hop);
    const double measured = r.stats.median_ms * 1e-3;
    e.all.Add(predicted, measured);
    (set.fit[i] ? e.fit : e.held_out).Add(predicted, measured);
  }
  return e;
}

RooflineFit FitRooflineOnVidur(const VidurDataset& data) {
  RooflineFit fit;
  FitGemms(data, fit);
  FitMemoryBound(data, fit);
  FitAllReduce(data, fit);
  return fit;
}

}  // namespace gpuplan
