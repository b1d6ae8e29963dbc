#include "sim/documents/summary_document.h"

#include <fmt/format.h>

#include <cmath>

namespace gpuplan {

const ContextValue* SummaryDocument::FindContext(std::string_view key) const {
  for (const auto& [k, value] : context) {
    if (k != key) continue;
    if (const double* d = std::get_if<double>(&value); d != nullptr && std::isnan(*d)) {
      return nullptr;  // null
    }
    return &value;
  }
  return nullptr;
}

std::string SummaryDocument::ContextString(std::string_view key,
                                           const std::string& fallback) const {
  const ContextValue* value = FindContext(key);
  const std::string* s = value != nullptr ? std::get_if<std::string>(value) : nullptr;
  return s != nullptr ? *s : fallback;
}

int64_t SummaryDocument::ContextInt(std::string_view key, int64_t fallback) const {
  const ContextValue* value = FindContext(key);
  if (value == nullptr) return fallback;
  if (const int64_t* i = std::get_if<int64_t>(value)) return *i;
  // A whole double: what a reader of "3.0" would see.
  if (const double* d = std::get_if<double>(value);
      d != nullptr && *d == std::floor(*d) && std::abs(*d) <= 9.0e15) {
    return static_cast<int64_t>(*d);
  }
  return fallback;
}

double SummaryDocument::ContextNumber(std::string_view key, double fallback) const {
  const ContextValue* value = FindContext(key);
  if (value == nullptr) return fallback;
  if (const double* d = std::get_if<double>(value)) return *d;
  if (const int64_t* i = std::get_if<int64_t>(value)) return static_cast<double>(*i);
  return fallback;
}

void SummaryDocument::SetContext(std::string_view key, ContextValue value) {
  for (auto& [k, v] : context) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  context.emplace_back(std::string(key), std::move(value));
}

std::vector<SummaryOpTime> SummaryDocument::ops() const {
  std::vector<SummaryOpTime> ops;
  for (const auto& [key, value] : context) {
    if (!key.starts_with(kContextOpSecondsPrefix)) continue;
    std::string op = key.substr(kContextOpSecondsPrefix.size());
    const double seconds = ContextNumber(key);
    std::string source = ContextString(std::string(kContextOpSourcePrefix) + op, "roofline");
    ops.push_back({std::move(op), seconds, std::move(source)});
  }
  return ops;
}

std::string ContextValueText(const ContextValue& value) {
  if (const std::string* s = std::get_if<std::string>(&value)) return *s;
  if (const int64_t* i = std::get_if<int64_t>(&value)) return fmt::format("{}", *i);
  if (const bool* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  const double d = std::get<double>(value);
  return std::isfinite(d) ? FormatJsonNumber(d) : "";
}

}  // namespace gpuplan
