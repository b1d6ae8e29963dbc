// FormatSummaryTable: the console view of a RunResult (declared in writers.h).
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <utility>

#include "sim/metrics/writers.h"

namespace gpuplan {
namespace {

constexpr int kLabelWidth = 14;

// Fixed precision keeps columns aligned and output stable; '-' marks "no value".
std::string Num(double value, int precision = 2) {
  if (!std::isfinite(value)) return "-";
  return fmt::format("{:.{}f}", value, precision);
}

std::string Pct(double fraction) {
  if (!std::isfinite(fraction)) return "-";
  return fmt::format("{:.2f}%", 100.0 * fraction);
}

std::string Line(std::string_view label, const std::string& text) {
  return fmt::format("{:<{}}{}\n", label, kLabelWidth, text);
}

std::string LatencyRow(std::string_view name, const LatencyStats& s) {
  std::string row = fmt::format("  {:<{}}", name, kLabelWidth - 2);
  for (double v : {s.mean, s.p50, s.p90, s.p95, s.p99, s.p999, s.max}) {
    row += fmt::format("{:>10}", Num(v));
  }
  return row + (s.exact ? "\n" : "  (sketch)\n");
}

std::string LatencyTable(const RunResult& r) {
  std::string out = fmt::format("{:<{}}", "Latency (ms)", kLabelWidth);
  for (std::string_view h : {"mean", "p50", "p90", "p95", "p99", "p99.9", "max"}) {
    out += fmt::format("{:>10}", h);
  }
  out += '\n';
  out += LatencyRow(SloMetricLabel(SloMetric::kTtft), r.ttft_ms);
  out += LatencyRow(SloMetricLabel(SloMetric::kTpot), r.tpot_ms);
  out += LatencyRow("ITL", r.itl_ms);
  out += LatencyRow(SloMetricLabel(SloMetric::kE2e), r.e2e_ms);
  out += LatencyRow("Queue delay", r.queue_delay_ms);
  return out;
}

std::string SloRow(std::string_view name, const SloMetricResult& m) {
  if (!m.enabled) return "";
  return fmt::format("  {:<{}}{:>10}{:>10}{:>12}  {}\n", name, kLabelWidth - 2, Num(m.threshold_ms),
                     Num(m.value_ms), Pct(m.attainment), m.met ? "met" : "MISSED");
}

// "TTFT 1000.00 ms, TPOT 66.67 ms".
std::string LimitsText(const SloThresholds& limits) {
  std::string text;
  for (SloMetric m : kSloMetrics) {
    if (!limits[m]) continue;
    text += fmt::format("{}{} {} ms", text.empty() ? "" : ", ", SloMetricLabel(m), Num(*limits[m]));
  }
  return text;
}

// The three-level verdict of a preset: the level the limits above are, the other level's limits,
// and "meets ideal", "meets acceptable" or "fails".
std::string PresetLines(const SloPresetVerdict& v) {
  const bool ideal = v.level == "ideal";
  const std::string other = fmt::format("{} {}", ideal ? "acceptable" : "ideal",
                                        LimitsText(ideal ? v.acceptable : v.ideal));
  const std::string verdict = v.level_met == "none" ? "fails" : "meets " + v.level_met;
  return fmt::format("  {:<{}}{} (limits above: {}); {}\n", "preset", kLabelWidth - 2, v.preset,
                     v.level, other) +
         fmt::format("  {:<{}}{}\n", "level", kLabelWidth - 2, verdict);
}

std::string SloTable(const SloResult& slo) {
  if (!slo.any_enabled()) return "";
  std::string out =
      fmt::format("{:<{}}{:>10}{:>10}{:>12}  {}\n", fmt::format("SLO (p{})", slo.percentile),
                  kLabelWidth, "limit ms", "value ms", "attainment", "verdict");
  for (SloMetric m : kSloMetrics) out += SloRow(SloMetricLabel(m), slo.metrics[m]);
  out += fmt::format("  {:<{}}{:>32}  {}\n", "all", kLabelWidth - 2, Pct(slo.attainment),
                     slo.met ? "met" : "MISSED");
  if (slo.preset) out += PresetLines(*slo.preset);
  return out;
}

// The sustained-load verdict; an overload is a warning line a planner cannot miss.
std::string SustainedLine(const SustainedLoad& s) {
  if (!s.judged) return Line("Sustained", "not judged (too few arrivals after the warm-up)");
  const std::string rates = fmt::format(
      "{} completed in {} .. {} s, of {} without queueing ({} arrived; {} of {} req/s)",
      s.completions, Num(s.window_start_s, 1), Num(s.window_end_s, 1), s.unqueued_completions,
      s.arrivals, Num(s.completion_rate_per_s), Num(s.arrival_rate_per_s));
  if (!s.overloaded) return Line("Sustained", "keeps up: " + rates);
  return Line("Sustained", "OVERLOADED: " + rates) +
         fmt::format(
             "warning: the fleet falls behind its arrivals (under {:.0f}% of what it would "
             "complete without queueing); the queue grows without bound in a longer run\n",
             100 * kOverloadCompletionRatio);
}

}  // namespace

std::string FormatSummaryTable(const RunResult& r) {
  const RequestCounts& c = r.counts;
  const UtilizationStats& u = r.utilization;
  std::string out;
  out += Line("Requests", fmt::format("{} measured, {} completed, {} arrived, {} dropped, {} "
                                      "unfinished",
                                      c.measured, c.completed, c.arrived, c.dropped, c.unfinished));
  out += Line("Window", fmt::format("{} s ({} .. {} s)", Num(r.duration_s, 3),
                                    Num(r.window_start_s, 3), Num(r.window_end_s, 3)));
  out += Line("Throughput",
              fmt::format("{} req/s, {} output tok/s, {} total tok/s", Num(r.request_throughput),
                          Num(r.output_throughput), Num(r.total_token_throughput)));
  out += Line("Goodput", fmt::format("{} req/s", Num(r.goodput)));
  out += Line("Per GPU", fmt::format("{} output tok/s ({} GPUs, {} replicas)",
                                     Num(r.tokens_per_s_per_gpu), r.gpus, r.replicas));
  out += Line("Per user", fmt::format("{} tok/s", Num(r.tokens_per_s_per_user)));
  out += '\n' + LatencyTable(r);
  const std::string slo = SloTable(r.slo);
  if (!slo.empty()) out += '\n' + slo;
  out += '\n';
  out += Line("GPU busy", Pct(u.gpu_busy_fraction));
  out +=
      Line("Batch size", fmt::format("{} mean, {} max", Num(u.batch_size_mean), u.batch_size_max));
  out += Line("KV used", fmt::format("{} mean, {} max", Pct(u.kv_used_fraction_mean),
                                     Pct(u.kv_used_fraction_max)));
  out += Line("Preemptions", fmt::format("{} ({} requests)", r.preemptions.total,
                                         r.preemptions.requests_preempted));
  out += SustainedLine(r.sustained);
  if (r.cost.priced) {
    out += Line("Cost", fmt::format("${}/h, ${} per million output tokens",
                                    Num(r.cost.usd_per_hour), Num(r.cost.usd_per_million_tokens)));
  }
  return out;
}

}  // namespace gpuplan
