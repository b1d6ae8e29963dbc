// Small text helpers shared by the run and plan reports: messages as std::string, numbers with the
// precision a reader needs (latencies by magnitude, money in whole dollars or cents), lists, and
// the translation of the plan's own English terms (derivation labels, statuses).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/locale.h"

namespace gpuplan::report {

// Tr() as a std::string, for building text with +.
std::string Str(Lang lang, Msg id);
// "{0}: {1}" in the language's style.
std::string LabelValue(Lang lang, std::string_view label, std::string_view value);
// "p95" (or "p99.9"): a percentile as the reports name it.
std::string PercentileName(double percentile, Lang lang);
// Items joined with the language's list separator (", " / "、").
std::string JoinList(Lang lang, const std::vector<std::string>& items);

// Digits after the point that show a latency to about three significant figures: 0.123 -> 3,
// 12.3 -> 1, 1234 -> 0. Used everywhere, so the same value always prints the same way.
int LatencyDecimals(double ms);
// A latency with its unit: "367 ms" / "367ミリ秒". NaN prints as an em dash.
std::string FormatMs(double ms, Lang lang);
// Number only, same precision as FormatMs.
std::string FormatMsNumber(double ms, Lang lang);
// A rate with its unit: "4.72 requests/s".
std::string FormatRate(double per_s, Lang lang);
// A price: US$ with 2 decimals, or up to 4 when the price has them (US$1.861 per GPU-hour must
// not print as US$1.86).
std::string FormatUsdPrice(double usd, Lang lang);
// GiB with one decimal: "15.0 GiB".
std::string FormatGib(double gib, Lang lang);
// An integer count with grouping: "27,669".
std::string FormatCount(double count, Lang lang);

// `number` followed by the plan's `unit` ("req/s"): "7.533 req/s" / "7.533リクエスト/秒".
std::string WithPlanUnit(std::string number, std::string_view unit, Lang lang);
// A term the plan writes in English (a derivation label such as "peak rate (Little's law)", the
// basis of the served rate, an SLO source) in `lang`; terms without a translation are returned
// as they are.
std::string TranslatePlanLabel(Lang lang, std::string_view label);

}  // namespace gpuplan::report
