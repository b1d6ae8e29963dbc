#include "reports/report_text.h"

#include <fmt/format.h>

#include <cmath>
#include <utility>

namespace gpuplan::report {
namespace {

// The plan's derivation labels (sim/plan: traffic, plan_traffic, plan_slo, cost, autoscaler) in
// Japanese. Keyed by the plan's own English text, so a label the plan adds later still prints
// (in English) until a row is added here.
constexpr std::pair<std::string_view, std::string_view> kPlanLabelsJa[] = {
    {"TTFT target", "TTFTの目標値"},
    {"TPOT target", "TPOTの目標値"},
    {"E2E target", "E2Eの目標値"},
    {"TTFT threshold judged", "判定に使うTTFTしきい値"},
    {"TPOT threshold judged", "判定に使うTPOTしきい値"},
    {"E2E threshold judged", "判定に使うE2Eしきい値"},
    {"daily requests", "1日のリクエスト数"},
    {"mean rate", "平均レート"},
    {"peak-hour share", "ピーク時間帯の割合"},
    {"peak-hour rate", "ピーク時間帯のレート"},
    {"peak rate", "ピークレート"},
    {"peak rate (Little's law)", "ピークレート(リトルの法則)"},
    {"peak / mean", "ピーク/平均"},
    {"requests in flight at peak (Little's law)", "ピーク時の処理中リクエスト数(リトルの法則)"},
    {"session length", "セッションの長さ"},
    {"session starts in the peak hour", "ピーク時間帯のセッション開始数"},
    {"concurrent sessions (Little's law)", "同時セッション数(リトルの法則)"},
    {"prompt tokens at peak", "ピーク時の入力トークン"},
    {"output tokens at peak", "ピーク時の出力トークン"},
    {"mean prompt tokens", "平均入力トークン数"},
    {"mean output tokens", "平均出力トークン数"},
    {"time in system", "システム内滞在時間"},
    {"time in system (at the SLO)", "システム内滞在時間(SLO上限)"},
    {"mean rate over the day", "1日の平均レート"},
    {"trace mean rate", "トレースの平均レート"},
    {"ServeGen peak / mean (per window)", "ServeGenのピーク/平均(ウィンドウ単位)"},
    {"price per GPU-hour", "GPU1時間あたりの価格"},
    {"amortisation per GPU-hour", "GPU1時間あたりの償却費"},
    {"power per GPU-hour", "GPU1時間あたりの電力費"},
    {"hosting per GPU-hour", "GPU1時間あたりの設置費"},
    {"fleet cost per hour", "構成全体の1時間あたり費用"},
    {"fleet cost per day", "構成全体の1日あたり費用"},
    {"fleet cost per month", "構成全体の月額費用"},
    {"GPU-hours per day", "1日あたりのGPU時間"},
    {"cost per 1M output tokens", "出力100万トークンあたりの費用"},
    {"model load time", "モデルの読み込み時間"},
    {"scale-up delay", "スケールアップの遅延"},
    {"autoscaler target", "オートスケーラーの目標値"},
    // Other plan terms: the basis of the served output rate, where the SLO came from.
    {"the day's mean rate", "1日の平均レート"},
    {"the peak rate (no day shape given)", "ピークレート(1日の変動の指定なし)"},
    {"plan", "計画ファイル"},
    {"base scenario", "ベースシナリオ"},
    {"cloud", "クラウド"},
    {"on_prem", "オンプレミス"},
};

// The plan's units (DerivationStep::unit) in Japanese, set against the number as Japanese does.
constexpr std::pair<std::string_view, std::string_view> kPlanUnitsJa[] = {
    {"ms", "ミリ秒"},
    {"s", "秒"},
    {"req/s", "リクエスト/秒"},
    {"req/day", "リクエスト/日"},
    {"requests", "件"},
    {"sessions/s", "セッション/秒"},
    {"users", "人"},
    {"tokens", "トークン"},
    {"tokens/s", "トークン/秒"},
    {"GB", "GB"},
    {"$/GPU-h", "US$/GPU時間"},
    {"$/h", "US$/時"},
    {"$/day", "US$/日"},
    {"$/month", "US$/月"},
    {"$/1M tokens", "US$/100万トークン"},
    {"GPU-h/day", "GPU時間/日"},
};

}  // namespace

std::string Str(Lang lang, Msg id) { return std::string(Tr(lang, id)); }

std::string LabelValue(Lang lang, std::string_view label, std::string_view value) {
  return TrFormat(lang, Msg::kLabelValue, label, value);
}

std::string PercentileName(double percentile, Lang lang) {
  // fmt rather than "p" + std::string: GCC 12 warns (-Wrestrict) on the latter, falsely.
  return fmt::format("p{}",
                     FormatNumber(percentile, percentile == std::floor(percentile) ? 0 : 1, lang));
}

std::string JoinList(Lang lang, const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += Tr(lang, Msg::kListSeparator);
    out += item;
  }
  return out;
}

int LatencyDecimals(double ms) {
  double magnitude = std::abs(ms);
  if (!std::isfinite(magnitude) || magnitude >= 100) return 0;
  if (magnitude >= 10) return 1;
  if (magnitude >= 1) return 2;
  return 3;
}

std::string FormatMsNumber(double ms, Lang lang) {
  return FormatNumber(ms, LatencyDecimals(ms), lang);
}

std::string FormatMs(double ms, Lang lang) {
  if (std::isnan(ms)) return FormatNumber(ms, 0, lang);
  return FormatWithUnit(ms, LatencyDecimals(ms), Msg::kUnitMs, lang);
}

std::string FormatRate(double per_s, Lang lang) {
  if (std::isnan(per_s)) return FormatNumber(per_s, 0, lang);
  return FormatWithUnit(per_s, std::abs(per_s) >= 100 ? 1 : 2, Msg::kUnitRequestsPerS, lang);
}

std::string FormatUsdPrice(double usd, Lang lang) {
  int decimals = 2;
  while (decimals < 4 &&
         std::abs(std::round(usd * std::pow(10, decimals)) - usd * std::pow(10, decimals)) > 1e-6) {
    ++decimals;
  }
  return FormatUsd(usd, decimals, lang);
}

std::string FormatGib(double gib, Lang lang) {
  if (std::isnan(gib)) return FormatNumber(gib, 0, lang);
  return FormatNumber(gib, 1, lang) + " GiB";
}

std::string FormatCount(double count, Lang lang) { return FormatNumber(count, 0, lang); }

std::string WithPlanUnit(std::string number, std::string_view unit, Lang lang) {
  if (unit.empty()) return number;
  if (lang == Lang::kJa) {
    for (const auto& [en, ja] : kPlanUnitsJa) {
      if (en == unit) return number + std::string(ja);
    }
  }
  return number + " " + std::string(unit);
}

std::string TranslatePlanLabel(Lang lang, std::string_view label) {
  if (lang == Lang::kJa) {
    for (const auto& [en, ja] : kPlanLabelsJa) {
      if (en == label) return std::string(ja);
    }
  }
  return std::string(label);
}

}  // namespace gpuplan::report
