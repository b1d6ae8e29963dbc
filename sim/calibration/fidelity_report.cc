#include "sim/calibration/fidelity_report.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

namespace gpuplan {
namespace {

std::string Pct(double x) { return std::isnan(x) ? "-" : fmt::format("{:.1f}%", 100 * x); }
std::string Signed(double x) { return std::isnan(x) ? "-" : fmt::format("{:+.1f}%", 100 * x); }

// "7.5% (+1.2%)": median error and bias of a summary, "-" when empty.
std::string MedianBias(const ErrorAccumulator& acc) {
  if (acc.size() == 0) return "-";
  const ErrorSummary s = acc.Summary();
  return fmt::format("{} ({})", Pct(s.median), Signed(s.bias));
}

std::string Median(const ErrorAccumulator& acc) {
  return acc.size() == 0 ? "-" : Pct(acc.Summary().median);
}

std::string Row(const std::vector<std::string>& cells) {
  std::string line = "|";
  for (const std::string& c : cells) line += " " + c + " |";
  return line + "\n";
}

std::string Header(const std::vector<std::string>& cells) {
  std::string rule = "|";
  for (size_t i = 0; i < cells.size(); ++i) rule += "---|";
  return Row(cells) + rule + "\n";
}

std::string RooflineOps(const RooflineVidurErrors& e) {
  std::string md = Header({"Vidur op", "gpuplan op", "rows", "median", "p90", "bias", "median H100",
                           "median A100", "held-out half median"});
  for (size_t k = 0; k < kNumVidurMatches; ++k) {
    const ErrorSummary s = e.all[k].Summary();
    md +=
        Row({std::string(kVidurOpMatches[k].vidur), std::string(OpKindName(kVidurOpMatches[k].op)),
             std::to_string(s.count), Pct(s.median), Pct(s.p90), Signed(s.bias), Median(e.h100[k]),
             Median(e.a100[k]), Median(e.held_out[k])});
  }
  return md;
}

std::string RooflineCollectives(const FidelityResults& r) {
  std::string md = Header({"collective", "GPU", "single-node rows", "median", "p90", "bias",
                           "median <= 4 MiB (bias)", "held-out half median", "held-out half p90",
                           "cross-node rows (not predicted)"});
  for (const RooflineCollectiveResult& c : r.roofline_collectives) {
    const CollectiveErrors& e = c.errors;
    const ErrorSummary s = e.all.Summary();
    md += Row({c.collective, c.gpu_key, std::to_string(s.count), Pct(s.median), Pct(s.p90),
               Signed(s.bias), MedianBias(e.small), Median(e.held_out),
               e.held_out.size() == 0 ? "-" : Pct(e.held_out.Summary().p90),
               std::to_string(e.cross_node_rows)});
  }
  return md;
}

std::string RooflineCollectivesBySize(const FidelityResults& r) {
  std::string md =
      Header({"collective", "GPU", "GPUs", "held-out rows", "<= 1 MiB", "1-16 MiB", "> 16 MiB"});
  for (const RooflineCollectiveResult& c : r.roofline_collectives) {
    for (const auto& [ranks, bands] : c.errors.held_out_by_ranks) {
      md += Row({c.collective, c.gpu_key, std::to_string(ranks),
                 std::to_string(bands[0].size() + bands[1].size() + bands[2].size()),
                 MedianBias(bands[0]), MedianBias(bands[1]), MedianBias(bands[2])});
    }
  }
  return md;
}

std::string CalibratedOps(const CalibratedOpErrors& e) {
  std::string md = Header({"gpuplan op", "measured (Vidur)", "held-out rows", "median", "p90",
                           "bias", "median H100", "median A100", "outside fit range", "LOO rows",
                           "LOO median", "LOO p90"});
  for (size_t k = 0; k < kNumCalibratedMatches; ++k) {
    const ErrorSummary s = e.split[k].Summary();
    const ErrorSummary l = e.loo[k].Summary();
    md += Row({std::string(OpKindName(kCalibratedOpMatches[k].op)),
               std::string(kCalibratedOpMatches[k].vidur), std::to_string(s.count), Pct(s.median),
               Pct(s.p90), Signed(s.bias), Median(e.split_h100[k]), Median(e.split_a100[k]),
               std::to_string(e.fell_back[k]), std::to_string(l.count), Pct(l.median), Pct(l.p90)});
  }
  return md;
}

std::string CalibratedCollectives(const std::vector<CalibratedCollectiveErrors>& all) {
  std::string md = Header({"collective", "GPU", "held-out rows", "median", "p90", "bias",
                           "outside fit range", "LOO rows", "LOO median", "LOO p90"});
  for (const CalibratedCollectiveErrors& e : all) {
    const ErrorSummary s = e.split.Summary();
    const ErrorSummary l = e.loo.Summary();
    md += Row({e.collective, e.gpu_key, std::to_string(s.count), Pct(s.median), Pct(s.p90),
               Signed(s.bias), std::to_string(e.fell_back), std::to_string(l.count), Pct(l.median),
               Pct(l.p90)});
  }
  return md;
}

std::string Splitwise(const SplitwiseReport& r, bool decode) {
  std::string md =
      Header({"model", "hardware", "TP", "rows", "roofline, GPU only", "roofline + vLLM CPU costs",
              "calibrated, GPU only", "measured share (calibrated)"});
  for (const SplitwiseGroup& g : r.groups) {
    auto pick = [decode](const SplitwiseErrors& e) -> const ErrorAccumulator& {
      return decode ? e.decode : e.prefill;
    };
    md += Row({g.model, g.hardware, std::to_string(g.tp), std::to_string(g.rows),
               MedianBias(pick(g.gpu_only)), MedianBias(pick(g.engine)),
               MedianBias(pick(g.calibrated)),
               Pct(decode ? g.decode_measured_share : g.prefill_measured_share)});
  }
  return md;
}

std::string SplitwiseHostModels(const SplitwiseReport& r) {
  std::string md = "Fitted on the fit half of each GPU's decode rows: per-step CPU overhead ";
  for (const auto& [hw, ms] : r.fitted_overhead_ms) md += fmt::format("{} {:.1f} ms, ", hw, ms);
  auto launches = [](const std::map<std::string, double>& us_per_hw) {
    std::string text;
    for (const auto& [hw, us] : us_per_hw) {
      text += fmt::format("{}{} {:.0f} us", text.empty() ? "" : ", ", hw, us);
    }
    return text;
  };
  md += "kernel launch cost without CUDA graphs " + launches(r.fitted_launch_us) +
        " (with the roofline's GPU times: " + launches(r.fitted_roofline_launch_us) + ").\n\n" +
        Header({"model", "hardware", "TP", "held-out rows", "+ per-step overhead: prefill",
                "+ per-step overhead: decode", "eager launches: prefill", "eager launches: decode",
                "roofline, eager launches: prefill", "roofline, eager launches: decode"});
  for (const SplitwiseGroup& g : r.groups) {
    md += Row({g.model, g.hardware, std::to_string(g.tp), std::to_string(g.overhead.decode.size()),
               MedianBias(g.overhead.prefill), MedianBias(g.overhead.decode),
               MedianBias(g.eager.prefill), MedianBias(g.eager.decode),
               MedianBias(g.roofline_eager.prefill), MedianBias(g.roofline_eager.decode)});
  }
  if (!r.skipped.empty()) {
    md += "\nNot compared:";
    for (size_t i = 0; i < r.skipped.size(); ++i) md += (i ? ", " : " ") + r.skipped[i];
    md += ".\n";
  }
  return md;
}

}  // namespace

std::map<std::string, std::string> FidelityTables(const FidelityResults& r) {
  std::map<std::string, std::string> t;
  t["roofline-ops"] = RooflineOps(r.roofline_ops);
  t["roofline-collectives"] = RooflineCollectives(r);
  t["roofline-collectives-by-size"] = RooflineCollectivesBySize(r);
  t["calibrated-ops"] = CalibratedOps(r.calibrated.ops);
  t["calibrated-collectives"] = CalibratedCollectives(r.calibrated.collectives);
  t["splitwise-prefill"] = Splitwise(r.splitwise, false);
  t["splitwise-decode"] = Splitwise(r.splitwise, true);
  t["splitwise-host"] = SplitwiseHostModels(r.splitwise);
  t["engine-allreduce"] = EngineAllReduceTable(r.allreduce, r.allreduce_gpu, r.roofline);
  if (r.has_fit) {
    bool match = false;
    std::string text = FormatFitReport(r.fit, r.roofline, &match);
    for (const std::string& line : r.allreduce_fit.log)
      text += "engine all-reduce fit half: " + line + "\n";
    std::vector<std::string> lines;
    EngineAllReduceDefaultsMatch(r.allreduce_fit.options, r.roofline, &lines);
    for (const std::string& line : lines) text += line + "\n";
    t["roofline-fit"] = "```\n" + text + "```\n";
  }
  return t;
}

std::string FormatFitReport(const RooflineFit& fit, const RooflineOptions& d,
                            bool* defaults_match) {
  std::string text;
  for (const std::string& line : fit.log) text += "fit half: " + line + "\n";
  const RooflineOptions& f = fit.options;
  struct Factor {
    const char* name;
    double fitted, current, step;
  };
  const Factor factors[] = {
      {"gemm_compute_efficiency", f.gemm_compute_efficiency, d.gemm_compute_efficiency, 0.05},
      {"gemm_memory_efficiency", f.gemm_memory_efficiency, d.gemm_memory_efficiency, 0.05},
      {"gemm_overhead_us", f.gemm_overhead_us, d.gemm_overhead_us, 1},
      {"kernel_overhead_us", f.kernel_overhead_us, d.kernel_overhead_us, 0.25},
      {"elementwise_memory_efficiency", f.elementwise_memory_efficiency,
       d.elementwise_memory_efficiency, 0.05},
      {"norm_memory_efficiency", f.norm_memory_efficiency, d.norm_memory_efficiency, 0.05},
      {"residual_memory_efficiency", f.residual_memory_efficiency, d.residual_memory_efficiency,
       0.05},
      {"embedding_memory_efficiency", f.embedding_memory_efficiency, d.embedding_memory_efficiency,
       0.05},
      {"nccl_ll_base_us", f.nccl_ll_base_us, d.nccl_ll_base_us, 1},
      {"nccl_ll_hop_factor", f.nccl_ll_hop_factor, d.nccl_ll_hop_factor, 0.1},
      {"nccl_ll_bus_efficiency", f.nccl_ll_bus_efficiency, d.nccl_ll_bus_efficiency, 0.05},
      {"nccl_ll128_base_us", f.nccl_ll128_base_us, d.nccl_ll128_base_us, 1},
      {"nccl_ll128_hop_factor", f.nccl_ll128_hop_factor, d.nccl_ll128_hop_factor, 0.1},
      {"nccl_ll128_bus_efficiency", f.nccl_ll128_bus_efficiency, d.nccl_ll128_bus_efficiency, 0.05},
      {"nccl_simple_base_us", f.nccl_simple_base_us, d.nccl_simple_base_us, 1},
      {"nccl_simple_hop_factor", f.nccl_simple_hop_factor, d.nccl_simple_hop_factor, 0.1},
      {"nccl_simple_bus_efficiency", f.nccl_simple_bus_efficiency, d.nccl_simple_bus_efficiency,
       0.05},
      {"nccl_nvls_base_us", f.nccl_nvls_base_us, d.nccl_nvls_base_us, 1},
      {"nccl_nvls_bus_efficiency", f.nccl_nvls_bus_efficiency, d.nccl_nvls_bus_efficiency, 0.05}};
  *defaults_match = true;
  for (const Factor& x : factors) {
    const bool ok = std::abs(x.fitted - x.current) <= x.step * 1.01;
    *defaults_match = *defaults_match && ok;
    if (!ok) {
      text += fmt::format("default {}={:g} is more than one grid step from the fit {:g}\n", x.name,
                          x.current, x.fitted);
    }
  }
  if (*defaults_match) text += "every RooflineOptions default is within one grid step of the fit\n";
  return text;
}

}  // namespace gpuplan
