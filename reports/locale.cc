#include "reports/locale.h"

#include <cmath>

#include "reports/message_table.h"
#include "sim/core/error.h"

namespace gpuplan::report {

std::string_view LangCode(Lang lang) { return lang == Lang::kJa ? "ja" : "en"; }

std::optional<Lang> ParseLang(std::string_view code) {
  std::string lower;
  for (char c : code) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  if (lower == "en") return Lang::kEn;
  if (lower == "ja") return Lang::kJa;
  return std::nullopt;
}

namespace {
const MessageRow& Row(Msg id) {
  auto index = static_cast<size_t>(id);
  const MessageRow* row = nullptr;
  if (index < kMessageTable.size()) {
    row = &kMessageTable[index];
  } else if (index - kMessageTable.size() < kReportMessageTable.size()) {
    row = &kReportMessageTable[index - kMessageTable.size()];
  }
  GPUPLAN_CHECK(row != nullptr && row->id == id, "message table out of order at index {}", index);
  return *row;
}
}  // namespace

std::string SelectPlurals(std::string_view text, const std::vector<std::string>& args) {
  std::string out;
  size_t pos = 0;
  while (true) {
    // A choice starts with "{N|"; "{{" is fmt's escaped brace and never a choice.
    size_t open = text.find('{', pos);
    while (open != std::string_view::npos && (open + 1 < text.size() && text[open + 1] == '{')) {
      open = text.find('{', open + 2);
    }
    const size_t bar = open == std::string_view::npos ? open : text.find_first_of("|}", open);
    if (bar == std::string_view::npos || text[bar] != '|') {
      if (open == std::string_view::npos) break;
      out.append(text.substr(pos, bar + 1 - pos));  // an fmt placeholder: kept as it is
      pos = bar + 1;
      continue;
    }
    const size_t second = text.find('|', bar + 1);
    const size_t close = second == std::string_view::npos ? second : text.find('}', second + 1);
    const std::string_view index = text.substr(open + 1, bar - open - 1);
    const size_t n = index.size() == 1 && index[0] >= '0' && index[0] <= '9'
                         ? static_cast<size_t>(index[0] - '0')
                         : args.size();
    GPUPLAN_CHECK(close != std::string_view::npos && n < args.size(),
                  "message '{}': plural choice without its argument or its closing brace", text);
    out.append(text.substr(pos, open - pos));
    out.append(args[n] == "1" ? text.substr(bar + 1, second - bar - 1)
                              : text.substr(second + 1, close - second - 1));
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

std::string_view Tr(Lang lang, Msg id) {
  const MessageRow& row = Row(id);
  return lang == Lang::kJa ? row.ja : row.en;
}

std::string_view MsgKey(Msg id) { return Row(id).key; }

std::string FormatNumber(double value, int decimals, Lang lang) {
  (void)lang;  // both languages group by thousands with "," and use "." for decimals
  if (std::isnan(value)) return "\u2014";
  if (std::isinf(value)) return value > 0 ? "\u221e" : "-\u221e";
  std::string digits = fmt::format("{:.{}f}", std::abs(value), std::max(0, decimals));
  size_t point = digits.find('.');
  size_t int_len = point == std::string::npos ? digits.size() : point;
  std::string out;
  for (size_t i = 0; i < int_len; ++i) {
    if (i > 0 && (int_len - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  out.append(digits, int_len);
  bool all_zero = digits.find_first_not_of("0.") == std::string::npos;
  if (value < 0 && !all_zero) out.insert(out.begin(), '-');
  return out;
}

std::string FormatPercent(double fraction, int decimals, Lang lang) {
  if (!std::isfinite(fraction)) return FormatNumber(fraction, decimals, lang);
  return FormatNumber(fraction * 100, decimals, lang) + "%";
}

std::string FormatUsd(double usd, int decimals, Lang lang) {
  if (!std::isfinite(usd)) return FormatNumber(usd, decimals, lang);
  std::string number = FormatNumber(std::abs(usd), decimals, lang);
  bool negative = usd < 0 && number.find_first_not_of("0.,") != std::string::npos;
  return (negative ? "-US$" : "US$") + number;
}

std::string FormatWithUnit(double value, int decimals, Msg unit, Lang lang) {
  // Japanese sets units and counters against the number: 500ミリ秒, 28枚.
  std::string_view space = lang == Lang::kJa ? "" : " ";
  return FormatNumber(value, decimals, lang) + std::string(space) + std::string(Tr(lang, unit));
}

}  // namespace gpuplan::report
