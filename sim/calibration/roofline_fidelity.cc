#include "sim/calibration/roofline_fidelity.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <map>
#include <random>

#include "sim/core/percentile.h"
#include "sim/latency/collective_model.h"
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

// The collective fit works on plain arrays: it evaluates its objective a few hundred thousand
// times.
struct CollectiveFitGroup {
  std::string name;  // "all_reduce h100"
  double link_bytes_per_s = 0, hop_s = 0;
  bool nvls = false, send_recv = false;
  std::vector<double> bytes, measured_s;
  std::vector<int> ranks;
};

std::vector<CollectiveFitGroup> CollectiveFitGroups(const VidurDataset& data) {
  std::vector<CollectiveFitGroup> groups;
  for (const VidurNetworkSet& set : data.network) {
    CollectiveFitGroup g;
    g.name = set.collective + " " + set.gpu_key;
    g.link_bytes_per_s = set.gpu.interconnect_gbps * 1e9;
    g.hop_s = set.gpu.interconnect_latency_us * 1e-6;
    g.nvls = HasNvls(set.gpu);
    g.send_recv = set.collective == "send_recv";
    for (size_t i = 0; i < set.rows.size(); ++i) {
      const VidurNetworkRow& r = set.rows[i];
      if (!set.fit[i] || r.gpus_per_node != r.num_gpus) continue;
      g.bytes.push_back(static_cast<double>(r.bytes));
      g.ranks.push_back(r.num_gpus);
      g.measured_s.push_back(r.stats.median_ms * 1e-3);
    }
    if (!g.bytes.empty()) groups.push_back(std::move(g));
  }
  return groups;
}

// Percentile(values, 50) in linear time; reorders `values`.
double MedianInPlace(std::vector<double>& values) {
  if (values.empty()) return 0;
  const double rank = 0.5 * static_cast<double>(values.size() - 1);
  const size_t lo = static_cast<size_t>(rank);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const double low = values[lo];
  if (lo + 1 == values.size()) return low;
  const double high =
      *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
  return low + (high - low) * (rank - static_cast<double>(lo));
}

// Mean of the median error over a group's rows and over its rows of at most kDecodeSizedBytes.
double GroupObjective(const CollectiveFitGroup& g, const RooflineOptions& o,
                      std::vector<double>& all, std::vector<double>& small) {
  const CollectiveModel model(g.link_bytes_per_s, g.hop_s, g.nvls, o);
  all.clear();
  small.clear();
  for (size_t i = 0; i < g.bytes.size(); ++i) {
    const double predicted = g.send_recv ? model.SendRecv(g.bytes[i]).seconds
                                         : model.AllReduce(g.bytes[i], g.ranks[i]).seconds;
    const double error = std::abs(predicted - g.measured_s[i]) / g.measured_s[i];
    all.push_back(error);
    if (g.bytes[i] <= kDecodeSizedBytes) small.push_back(error);
  }
  return 0.5 * (MedianInPlace(all) + MedianInPlace(small));
}

// One grid axis of the collective fit: value = first + index x step.
struct CollectiveAxis {
  double RooflineOptions::*field;
  double first, step;
  int count;
  double Value(int i) const { return first + i * step; }
};
// Per protocol: base cost 0-50 us by 1 us, hop factor 0-3 by 0.1, bus efficiency 0.05-1 by 0.05.
// ProtocolsOrdered and the start sorting below rely on this order.
using R = RooflineOptions;
const CollectiveAxis kCollectiveAxes[] = {
    {&R::nccl_ll_base_us, 0, 1, 51},
    {&R::nccl_ll_hop_factor, 0, 0.1, 31},
    {&R::nccl_ll_bus_efficiency, 0.05, 0.05, 20},
    {&R::nccl_ll128_base_us, 0, 1, 51},
    {&R::nccl_ll128_hop_factor, 0, 0.1, 31},
    {&R::nccl_ll128_bus_efficiency, 0.05, 0.05, 20},
    {&R::nccl_simple_base_us, 0, 1, 51},
    {&R::nccl_simple_hop_factor, 0, 0.1, 31},
    {&R::nccl_simple_bus_efficiency, 0.05, 0.05, 20},
    {&R::nccl_nvls_base_us, 0, 1, 51},
    {&R::nccl_nvls_bus_efficiency, 0.05, 0.05, 20},
};
constexpr size_t kNumCollectiveAxes = std::size(kCollectiveAxes);
using CollectivePoint = std::array<int, kNumCollectiveAxes>;  // an index per axis

// NCCL's protocols trade latency for bandwidth: LL has the smallest cost per step and the least
// bandwidth, Simple the largest and the most. The fit keeps that order (ties allowed).
bool ProtocolsOrdered(const CollectivePoint& p) {
  return p[1] <= p[4] && p[4] <= p[7] && p[2] <= p[5] && p[5] <= p[8];
}

RooflineOptions Apply(RooflineOptions o, const CollectivePoint& p) {
  for (size_t a = 0; a < kNumCollectiveAxes; ++a) {
    o.*kCollectiveAxes[a].field = kCollectiveAxes[a].Value(p[a]);
  }
  return o;
}

}  // namespace

void FitCollectivesOnVidur(const VidurDataset& data, RooflineFit& fit, int starts) {
  const std::vector<CollectiveFitGroup> groups = CollectiveFitGroups(data);
  if (groups.empty()) return;
  std::vector<double> all, small;
  auto objective = [&](const CollectivePoint& p) {
    if (!ProtocolsOrdered(p)) return 1e9;
    const RooflineOptions o = Apply(fit.options, p);
    double worst = 0;
    for (const CollectiveFitGroup& g : groups) {
      worst = std::max(worst, GroupObjective(g, o, all, small));
    }
    return worst;
  };
  // Coordinate descent on the grid (one axis at a time, every value, until no axis improves)
  // from pseudo-random starting points; the objective is flat in some directions and has local
  // minima, so one start is not enough. mt19937's sequence is fixed by the standard.
  std::mt19937 rng(1);
  CollectivePoint best{};
  double best_objective = 1e9;
  for (int s = 0; s < starts; ++s) {
    CollectivePoint p;
    for (size_t a = 0; a < kNumCollectiveAxes; ++a) {
      p[a] = static_cast<int>(rng() % static_cast<unsigned>(kCollectiveAxes[a].count));
    }
    for (size_t first : {1, 2}) {  // hop factors, then efficiencies: sort into protocol order
      std::array<int, 3> v = {p[first], p[first + 3], p[first + 6]};
      std::sort(v.begin(), v.end());
      p[first] = v[0], p[first + 3] = v[1], p[first + 6] = v[2];
    }
    double current = objective(p);
    for (bool improved = true; improved;) {
      improved = false;
      for (size_t a = 0; a < kNumCollectiveAxes; ++a) {
        for (int i = 0; i < kCollectiveAxes[a].count; ++i) {
          if (i == p[a]) continue;
          CollectivePoint q = p;
          q[a] = i;
          const double e = objective(q);
          if (e < current - 1e-12) current = e, p = q, improved = true;
        }
      }
    }
    if (current < best_objective) best_objective = current, best = p;
  }
  fit.options = Apply(fit.options, best);
  fit.collective_objective = best_objective;
  const RooflineOptions& o = fit.options;
  fit.log.push_back(fmt::format(
      "nccl LL {:.0f} us + {:.1f} x hop, {:.2f} of link; LL128 {:.0f} us + {:.1f} x hop, {:.2f}; "
      "Simple {:.0f} us + {:.1f} x hop, {:.2f}; NVLS {:.0f} us, {:.2f} (objective {:.3f}; grid "
      "0-50 us x 0-3 x 0.05-1.00, {} starts)",
      o.nccl_ll_base_us, o.nccl_ll_hop_factor, o.nccl_ll_bus_efficiency, o.nccl_ll128_base_us,
      o.nccl_ll128_hop_factor, o.nccl_ll128_bus_efficiency, o.nccl_simple_base_us,
      o.nccl_simple_hop_factor, o.nccl_simple_bus_efficiency, o.nccl_nvls_base_us,
      o.nccl_nvls_bus_efficiency, best_objective, starts));
  std::string per_group = "collective objective per group (median, median <= 4 MiB):";
  for (const CollectiveFitGroup& g : groups) {
    GroupObjective(g, o, all, small);
    per_group +=
        fmt::format(" {} {:.3f} {:.3f};", g.name, MedianInPlace(all), MedianInPlace(small));
  }
  per_group.pop_back();
  fit.log.push_back(per_group);
  // The GPU input the costs scale with: the hop latency, read off the smallest single-node
  // all-reduces (fit half), where latency is all there is: time / (2 (ranks - 1)).
  std::string hops = "hop latency of the 2 KiB single-node all-reduces, time / (2 (ranks - 1)):";
  for (const VidurNetworkSet& set : data.network) {
    if (set.collective != "all_reduce") continue;
    std::vector<double> us;
    for (size_t i = 0; i < set.rows.size(); ++i) {
      const VidurNetworkRow& r = set.rows[i];
      if (set.fit[i] && r.gpus_per_node == r.num_gpus && r.bytes <= 2048) {
        us.push_back(r.stats.median_ms * 1e3 / (2.0 * (r.num_gpus - 1)));
      }
    }
    hops += fmt::format(" {} median {:.1f} us of {} rows (catalog {:g} us);", set.gpu_key,
                        Percentile(us, 50), us.size(), set.gpu.interconnect_latency_us);
  }
  hops.pop_back();
  fit.log.push_back(hops);
}

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

CollectiveErrors RooflineErrorsOnNetwork(const VidurNetworkSet& set,
                                         const RooflineOptions& options) {
  CollectiveErrors e;
  const CollectiveModel model(set.gpu, options);
  for (size_t i = 0; i < set.rows.size(); ++i) {
    const VidurNetworkRow& r = set.rows[i];
    if (r.gpus_per_node != r.num_gpus) {
      ++e.cross_node_rows;
      continue;
    }
    const double bytes = static_cast<double>(r.bytes);
    const double predicted = set.collective == "all_reduce"
                                 ? model.AllReduce(bytes, r.num_gpus).seconds
                                 : model.SendRecv(bytes).seconds;
    const double measured = r.stats.median_ms * 1e-3;
    e.all.Add(predicted, measured);
    if (bytes <= kDecodeSizedBytes) e.small.Add(predicted, measured);
    (set.fit[i] ? e.fit : e.held_out).Add(predicted, measured);
    if (!set.fit[i]) {
      const size_t band = bytes <= (1 << 20) ? 0 : bytes <= (16 << 20) ? 1 : 2;
      e.held_out_by_ranks[r.num_gpus][band].Add(predicted, measured);
    }
  }
  return e;
}

RooflineFit FitRooflineOnVidur(const VidurDataset& data) {
  RooflineFit fit;
  FitGemms(data, fit);
  FitMemoryBound(data, fit);
  FitCollectivesOnVidur(data, fit);
  return fit;
}

}  // namespace gpuplan
