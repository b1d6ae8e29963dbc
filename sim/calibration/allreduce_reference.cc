#include "sim/calibration/allreduce_reference.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/core/error.h"
#include "sim/core/percentile.h"
#include "sim/latency/collective_model.h"
#include "sim/util/csv_parser.h"
#include "sim/util/options.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

constexpr double kBaseStepUs = 0.25;
constexpr double kEfficiencyStep = 0.01;

std::string ReadText(const std::string& path) {
  if (const std::optional<std::string> problem = InputFileProblem(path)) {
    throw ConfigError(
        fmt::format("{}: {}; expected the all-reduce reference file", path, *problem));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("{}: cannot read the all-reduce reference file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

double Relative(double predicted, double measured) {
  return std::abs(predicted - measured) / measured;
}

// Median relative error of `kernel`'s fit-half points under `options`.
double FitError(const std::vector<AllReducePoint>& points, const GpuSpec& gpu,
                const RooflineOptions& options, const std::string& kernel) {
  std::vector<double> errors;
  for (const AllReducePoint& p : points) {
    if (p.kernel == kernel && p.fit_half) {
      errors.push_back(Relative(PredictAllReduceUs(p, gpu, options), p.latency_us));
    }
  }
  return errors.empty() ? 0 : Percentile(errors, 50);
}

}  // namespace

std::vector<AllReducePoint> ReadAllReduceReference(const std::string& path) {
  const std::string text = ReadText(path);
  detail::CsvParser parser(text, path);
  detail::CsvRecord record;
  Diagnostics problems;
  std::vector<AllReducePoint> points;
  if (!parser.Next(&record) ||
      record.fields != std::vector<std::string>{"world_size", "bytes", "kernel", "latency_us"}) {
    problems.Add({path, 1, 1}, "header", "expected world_size,bytes,kernel,latency_us");
    problems.ThrowIfAny();
  }
  while (parser.Next(&record)) {
    const auto ws = record.fields.size() == 4 ? ParseInt(record.fields[0]) : std::nullopt;
    const auto bytes = record.fields.size() == 4 ? ParseDouble(record.fields[1]) : std::nullopt;
    const auto us = record.fields.size() == 4 ? ParseDouble(record.fields[3]) : std::nullopt;
    const std::set<std::string> kernels = {"ca_1stage", "ca_2stage", "pynccl"};
    if (!ws || !bytes || !us || *ws < 2 || *bytes <= 0 || *us <= 0 ||
        !kernels.count(record.fields[2])) {
      problems.Add({path, record.line, 1}, "row",
                   "expected a world size >= 2, bytes > 0, one of ca_1stage, ca_2stage, pynccl "
                   "and a latency > 0");
      continue;
    }
    points.push_back({static_cast<int>(*ws), *bytes, record.fields[2], *us, false});
  }
  for (const Diagnostic& d : parser.problems().items()) problems.Add(d.loc, d.path, d.message);
  problems.ThrowIfAny();
  std::set<double> sizes;
  for (const AllReducePoint& p : points) sizes.insert(p.bytes);
  std::map<double, int> rank;
  for (double s : sizes) rank.emplace(s, static_cast<int>(rank.size()));
  for (AllReducePoint& p : points) p.fit_half = rank.at(p.bytes) % 2 == 0;
  return points;
}

double PredictAllReduceUs(const AllReducePoint& point, const GpuSpec& gpu,
                          const RooflineOptions& options) {
  const CollectiveModel model(gpu, options);
  // The benchmark runs each kernel at every size (VLLM_CUSTOM_ALLREDUCE_ALGO forces one), inside
  // a CUDA graph.
  if (point.kernel == "ca_1stage") return model.OneShotSeconds(point.bytes, point.world_size) * 1e6;
  if (point.kernel == "ca_2stage") return model.TwoShotSeconds(point.bytes, point.world_size) * 1e6;
  return model.AllReduce(point.bytes, point.world_size, true).seconds * 1e6;
}

AllReduceFit FitEngineAllReduce(const std::vector<AllReducePoint>& points, const GpuSpec& gpu) {
  AllReduceFit fit;
  RooflineOptions& o = fit.options;
  struct Search {
    const char* kernel;
    double* base;
    double* efficiency;  // null: not searched
  };
  const Search searches[] = {{"ca_1stage", &o.oneshot_base_us, &o.oneshot_bus_efficiency},
                             {"ca_2stage", &o.twoshot_base_us, &o.twoshot_bus_efficiency},
                             {"pynccl", &o.nccl_graph_base_us, nullptr}};
  for (const Search& s : searches) {
    double best = INFINITY, best_base = *s.base, best_eff = s.efficiency ? *s.efficiency : 1;
    for (int b = 4; b <= 120; ++b) {  // 1 .. 30 us
      *s.base = b * kBaseStepUs;
      for (int e = s.efficiency ? 30 : 100; e <= 100; ++e) {  // 0.30 .. 1.00
        if (s.efficiency) *s.efficiency = e * kEfficiencyStep;
        const double err = FitError(points, gpu, o, s.kernel);
        if (err < best - 1e-12) {
          best = err;
          best_base = *s.base;
          best_eff = s.efficiency ? *s.efficiency : 1;
        }
      }
    }
    *s.base = best_base;
    if (s.efficiency) *s.efficiency = best_eff;
    fit.log.push_back(
        fmt::format("{}: base {:g} us{}, fit-half median error {:.1f}%", s.kernel, best_base,
                    s.efficiency ? fmt::format(", bus efficiency {:.2f}", best_eff) : std::string(),
                    100 * best));
  }
  return fit;
}

std::string EngineAllReduceTable(const std::vector<AllReducePoint>& points, const GpuSpec& gpu,
                                 const RooflineOptions& options) {
  std::map<std::pair<std::string, int>, std::array<std::vector<double>, 2>> groups;
  for (const AllReducePoint& p : points) {
    groups[{p.kernel, p.world_size}][p.fit_half ? 0 : 1].push_back(
        Relative(PredictAllReduceUs(p, gpu, options), p.latency_us));
  }
  std::string out =
      "| kernel | GPUs | fit rows | fit median | held-out rows | held-out median | held-out max |\n"
      "|---|---|---|---|---|---|---|\n";
  auto pct = [](const std::vector<double>& e, double p) {
    return e.empty() ? std::string("-") : fmt::format("{:.1f}%", 100 * Percentile(e, p));
  };
  for (const auto& [key, halves] : groups) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", key.first, key.second,
                       halves[0].size(), pct(halves[0], 50), halves[1].size(), pct(halves[1], 50),
                       pct(halves[1], 100));
  }
  return out;
}

bool EngineAllReduceDefaultsMatch(const RooflineOptions& fit, const RooflineOptions& d,
                                  std::vector<std::string>* lines) {
  struct Factor {
    const char* name;
    double fitted, current, step;
  };
  const Factor factors[] = {
      {"oneshot_base_us", fit.oneshot_base_us, d.oneshot_base_us, kBaseStepUs},
      {"oneshot_bus_efficiency", fit.oneshot_bus_efficiency, d.oneshot_bus_efficiency,
       kEfficiencyStep},
      {"twoshot_base_us", fit.twoshot_base_us, d.twoshot_base_us, kBaseStepUs},
      {"twoshot_bus_efficiency", fit.twoshot_bus_efficiency, d.twoshot_bus_efficiency,
       kEfficiencyStep},
      {"nccl_graph_base_us", fit.nccl_graph_base_us, d.nccl_graph_base_us, kBaseStepUs}};
  bool match = true;
  for (const Factor& f : factors) {
    if (std::abs(f.fitted - f.current) > f.step * 1.01) {
      match = false;
      lines->push_back(fmt::format("default {}={:g} is more than one grid step from the fit {:g}",
                                   f.name, f.current, f.fitted));
    }
  }
  return match;
}

}  // namespace gpuplan
