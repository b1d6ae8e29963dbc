// Report languages: the message table (every label, title and explanation a report prints, in
// each language) and locale-aware number formatting. English is the default; Japanese translates
// every message and keeps Western digits and "," grouping, as Japanese business documents do.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/messages.h"

namespace gpuplan::report {

enum class Lang { kEn, kJa };
inline constexpr Lang kAllLangs[] = {Lang::kEn, Lang::kJa};

// "en" / "ja": the HTML lang attribute and the --lang spelling.
std::string_view LangCode(Lang lang);
// Reads "en" or "ja" (case-insensitive); nullopt for anything else.
std::optional<Lang> ParseLang(std::string_view code);

// The text of `id` in `lang`. Messages with placeholders ({0}, {1}) go through TrFormat.
std::string_view Tr(Lang lang, Msg id);
// The stable dotted key of `id` ("axis.ttft_ms"), for tests and diagnostics.
std::string_view MsgKey(Msg id);

// `text` with every plural choice `{N|singular|plural}` replaced by `singular` when argument N
// (as `args` print it) is exactly "1", else by `plural`: "{0} {0|replica|replicas}". The other
// placeholders are left for fmt. An N without an argument, or a choice not closed, is a bug in
// the message table (InternalError).
std::string SelectPlurals(std::string_view text, const std::vector<std::string>& args);

// Tr() with positional placeholders filled in; the languages may order them differently, and
// English chooses a noun's number by the count it follows (SelectPlurals).
template <class... Args>
std::string TrFormat(Lang lang, Msg id, const Args&... args) {
  const std::string text = SelectPlurals(Tr(lang, id), {fmt::format("{}", args)...});
  return fmt::format(fmt::runtime(text), args...);
}

// `value` with `decimals` digits after the point and "," between thousands: 1234567.8 with 1
// decimal -> "1,234,567.8". Never "-0"; NaN prints as an em dash, infinities as "∞" / "-∞".
std::string FormatNumber(double value, int decimals, Lang lang);
// A fraction as a percentage: 0.953 with 1 decimal -> "95.3%".
std::string FormatPercent(double fraction, int decimals, Lang lang);
// US dollars with the code prefix, unambiguous in both languages: "US$1,234.50".
std::string FormatUsd(double usd, int decimals, Lang lang);
// A number followed by a translated unit: "250 ms" / "250ミリ秒" (Japanese sets units and counters
// against the number).
std::string FormatWithUnit(double value, int decimals, Msg unit, Lang lang);

}  // namespace gpuplan::report
