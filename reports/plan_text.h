// Text of the plan report built from plan.json's numbers in the report's language: why each
// candidate was rejected, derivation tables, the recommendation in one sentence. The plan's own
// English sentences (reason, statement) are used only where no number-based text can replace
// them. Internal to reports/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/document.h"
#include "reports/plan_data.h"

namespace gpuplan::report::detail {

// "p95 TTFT 583 ms > 500 ms" for the enabled metric of `probe` with the smallest margin that
// failed, judged, as the plan does, on the upper end of its confidence interval; "" when none.
std::string FailingMetric(const PlanProbe& probe, double percentile, Lang lang);

// Why a probe failed, in words: the failing metric, else dropped requests, else falling behind
// its arrivals; "" when none of these is recorded.
std::string ProbeFailure(const PlanProbe& probe, double percentile, Lang lang);

// The threshold a metric was judged against; with a latency safety factor, also the SLO it comes
// from: "12.5 ms (15 ms SLO / 1.2)".
std::string JudgedThreshold(const PlanProbeMetric& metric, Lang lang);

// What a fleet under a binding cost cap gives up, named: "p95 TTFT", "Keeping up with arrivals".
std::string GivenUpMetricName(const PlanGivenUp& g, double percentile, Lang lang);

// The decision column of the candidates table: "Recommended", or "Rejected because ...".
std::string CandidateDecision(const PlanDocument& plan, const PlanCandidate& candidate, Lang lang);

// One row per derivation step: quantity (translated where known), formula, value with its unit.
DataTable DerivationTable(Lang lang, std::string caption,
                          const std::vector<PlanDerivationStep>& steps);
// A derived value as the plan prints it: grouping, at most 3 decimals, trailing zeros dropped.
std::string FormatDerived(double value, Lang lang);

// A cost in US dollars followed, when the plan sets cost.currency, by the same cost in that
// currency: "US$2,717 (¥421,678)". Yen have no decimals; other currencies keep `decimals`.
std::string FormatPlanCost(double usd, int decimals, const PlanDocument& plan, Lang lang);
// "¥155.2 per US$ (2026-12-01, <source>)", or "" without cost.currency.
std::string ExchangeRateText(const PlanDocument& plan, Lang lang);

// GPUs per node of the base scenario (deployment.gpus_per_node in its resolved YAML), if given.
// A line scan of the YAML that gpuplan itself wrote, not a YAML parser: only config/ parses YAML.
std::optional<int> GpusPerNode(const std::string& resolved_yaml);

}  // namespace gpuplan::report::detail
