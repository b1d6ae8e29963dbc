#include "sim/loadtest/bench_stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gpuplan {
namespace {

constexpr double kMsPerS = 1000;

void AddMetric(BenchStats& out, const std::string& metric, const std::vector<double>& seconds,
               const std::vector<double>& percentiles) {
  double mean = 0, std = 0;
  if (!seconds.empty()) {
    for (double v : seconds) mean += v;
    mean /= static_cast<double>(seconds.size());
    for (double v : seconds) std += (v - mean) * (v - mean);
    std = std::sqrt(std / static_cast<double>(seconds.size()));  // numpy's default (ddof 0)
  }
  out.emplace_back(fmt::format("mean_{}_ms", metric), mean * kMsPerS);
  out.emplace_back(fmt::format("median_{}_ms", metric), NumpyPercentile(seconds, 50) * kMsPerS);
  out.emplace_back(fmt::format("std_{}_ms", metric), std * kMsPerS);
  for (double p : percentiles) {
    out.emplace_back(fmt::format("p{}_{}_ms", PercentileWord(p), metric),
                     NumpyPercentile(seconds, p) * kMsPerS);
  }
}

}  // namespace

double NumpyPercentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = p / 100 * static_cast<double>(values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(rank));
  const size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (values[hi] - values[lo]) * (rank - static_cast<double>(lo));
}

std::string PercentileWord(double p) {
  return p == std::floor(p) ? fmt::format("{}", static_cast<int64_t>(p)) : fmt::format("{}", p);
}

BenchStats VllmBenchStats(const std::vector<MeasuredRequest>& requests, double duration_s,
                          const std::vector<double>& percentiles) {
  std::vector<double> ttft, tpot, itl, e2el;
  int64_t completed = 0, input = 0, output = 0;
  for (const MeasuredRequest& r : requests) {
    if (!r.success) continue;
    ++completed;
    input += r.input_tokens;
    output += r.output_tokens;
    ttft.push_back(r.ttft_s);
    e2el.push_back(r.latency_s);
    if (r.output_tokens > 1) tpot.push_back((r.latency_s - r.ttft_s) / (r.output_tokens - 1));
    itl.insert(itl.end(), r.itls_s.begin(), r.itls_s.end());
  }
  BenchStats out;
  out.emplace_back("completed", static_cast<double>(completed));
  out.emplace_back("total_input_tokens", static_cast<double>(input));
  out.emplace_back("total_output_tokens", static_cast<double>(output));
  const double d = duration_s > 0 ? duration_s : 1;
  out.emplace_back("request_throughput", static_cast<double>(completed) / d);
  out.emplace_back("output_throughput", static_cast<double>(output) / d);
  out.emplace_back("total_token_throughput", static_cast<double>(input + output) / d);
  AddMetric(out, "ttft", ttft, percentiles);
  AddMetric(out, "tpot", tpot, percentiles);
  AddMetric(out, "itl", itl, percentiles);
  AddMetric(out, "e2el", e2el, percentiles);
  return out;
}

}  // namespace gpuplan
