#include "sim/validation/serving_errors.h"

#include <cmath>

#include "sim/core/percentile.h"

namespace gpuplan {
namespace {

using M = ServingMetric;

// For each headline, the statistics that may stand for it, in order of preference.
const std::array<std::vector<M>, kNumHeadlines>& HeadlineCandidates() {
  static const std::array<std::vector<M>, kNumHeadlines> kCandidates = {{
      {M::kOutputThroughput, M::kOutputThroughputPerGpu, M::kRequestThroughput,
       M::kTotalTokenThroughput},
      {M::kTpotMean, M::kTpotP50},
      {M::kTtftMean, M::kTtftP50},
      {M::kTtftP99, M::kTtftP95, M::kTtftP90},
      {M::kE2elMean, M::kE2elP50},
      {M::kE2elP99, M::kE2elP95},
  }};
  return kCandidates;
}

}  // namespace

std::string_view HeadlineName(Headline h) {
  switch (h) {
    case Headline::kThroughput:
      return "Throughput";
    case Headline::kTpot:
      return "TPOT";
    case Headline::kTtftMean:
      return "TTFT mean";
    case Headline::kTtftTail:
      return "TTFT tail";
    case Headline::kE2elMean:
      return "E2E mean";
    case Headline::kE2elTail:
      return "E2E tail";
  }
  return "?";
}

std::optional<MetricError> RowErrors::Worst() const {
  std::optional<MetricError> worst;
  for (const auto& h : headline) {
    if (h && (!worst || std::abs(h->signed_error) > std::abs(worst->signed_error))) worst = h;
  }
  return worst;
}

bool Comparable(const ServingRow& row, ServingMetric metric) {
  const bool itl = metric == M::kItlMean || metric == M::kItlP99;
  return !(itl && row.set.starts_with("infsim"));
}

std::vector<RowErrors> CompareRows(const std::vector<RowOutcome>& outcomes) {
  std::vector<RowErrors> out;
  for (const RowOutcome& o : outcomes) {
    if (o.status != RowStatus::kSimulated) continue;
    RowErrors e;
    e.outcome = &o;
    for (const auto& [metric, measured] : o.plan.row.measured) {
      const auto p = o.predicted.find(metric);
      if (p == o.predicted.end() || measured <= 0 || !Comparable(o.plan.row, metric)) continue;
      e.errors.push_back({metric, measured, p->second, (p->second - measured) / measured});
    }
    for (size_t h = 0; h < kNumHeadlines; ++h) {
      for (M m : HeadlineCandidates()[h]) {
        const auto it = std::find_if(e.errors.begin(), e.errors.end(),
                                     [m](const MetricError& x) { return x.metric == m; });
        if (it != e.errors.end()) {
          e.headline[h] = *it;
          break;
        }
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

ErrorStats StatsOf(const std::vector<double>& signed_errors) {
  ErrorStats s;
  s.n = signed_errors.size();
  if (s.n == 0) return s;
  std::vector<double> abs_errors;
  for (double e : signed_errors) abs_errors.push_back(std::abs(e));
  s.median = Percentile(abs_errors, 50);
  s.p90 = Percentile(abs_errors, 90);
  s.bias = Percentile(signed_errors, 50);
  return s;
}

}  // namespace gpuplan
