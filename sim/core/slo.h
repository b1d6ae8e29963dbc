// The SLO vocabulary every layer shares (ADR 0011): the three latency metrics an SLO can limit,
// their one spelling ("ttft", "tpot", "e2e") and display label ("TTFT", "TPOT", "E2E"), a value
// per metric (PerSloMetric) and the per-metric thresholds (SloThresholds). config/ reads them,
// metrics/ counts against them, plan/ judges probes with them and reports/ prints them, so a
// metric is named by SloMetric everywhere and never by its position in an array.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gpuplan {

enum class SloMetric { kTtft, kTpot, kE2e };

inline constexpr int kNumSloMetrics = 3;
// Every metric, in the order outputs list them.
inline constexpr std::array<SloMetric, kNumSloMetrics> kSloMetrics = {
    SloMetric::kTtft, SloMetric::kTpot, SloMetric::kE2e};

struct SloMetricSpelling {
  std::string_view name;   // in keys and files: "ttft", "tpot", "e2e"
  std::string_view label;  // in tables and texts: "TTFT", "TPOT", "E2E"
};

// The one place a metric is spelled.
constexpr SloMetricSpelling Spelling(SloMetric metric) {
  switch (metric) {
    case SloMetric::kTtft:
      return {"ttft", "TTFT"};
    case SloMetric::kTpot:
      return {"tpot", "TPOT"};
    case SloMetric::kE2e:
      return {"e2e", "E2E"};
  }
  return {"?", "?"};
}

constexpr std::string_view SloMetricName(SloMetric metric) { return Spelling(metric).name; }
constexpr std::string_view SloMetricLabel(SloMetric metric) { return Spelling(metric).label; }
// The metric spelled `name` ("ttft", "tpot", "e2e"); nullopt for anything else.
constexpr std::optional<SloMetric> SloMetricFromName(std::string_view name) {
  for (SloMetric metric : kSloMetrics) {
    if (SloMetricName(metric) == name) return metric;
  }
  return std::nullopt;
}
// The key of a value in milliseconds: "ttft_ms", "tpot_ms", "e2e_ms".
inline std::string SloMetricMsKey(SloMetric metric) {
  return std::string(SloMetricName(metric)) + "_ms";
}

// One T per metric, reached only by SloMetric; iterates in kSloMetrics order.
template <class T>
class PerSloMetric {
 public:
  constexpr T& operator[](SloMetric metric) { return values_[Index(metric)]; }
  constexpr const T& operator[](SloMetric metric) const { return values_[Index(metric)]; }
  constexpr auto begin() { return values_.begin(); }
  constexpr auto end() { return values_.end(); }
  constexpr auto begin() const { return values_.begin(); }
  constexpr auto end() const { return values_.end(); }
  bool operator==(const PerSloMetric&) const = default;

 private:
  static constexpr size_t Index(SloMetric metric) { return static_cast<size_t>(metric); }
  std::array<T, kNumSloMetrics> values_{};
};

// A limit in milliseconds per metric; an absent one does not constrain.
class SloThresholds : public PerSloMetric<std::optional<double>> {
 public:
  // Sets one limit and returns *this, so a set of limits reads as its metrics:
  // SloThresholds().Set(SloMetric::kTtft, 500).Set(SloMetric::kE2e, 2000).
  SloThresholds& Set(SloMetric metric, std::optional<double> ms) {
    (*this)[metric] = ms;
    return *this;
  }
  const std::optional<double>& ttft_ms() const { return (*this)[SloMetric::kTtft]; }
  const std::optional<double>& tpot_ms() const { return (*this)[SloMetric::kTpot]; }
  const std::optional<double>& e2e_ms() const { return (*this)[SloMetric::kE2e]; }
  bool any() const {
    for (const std::optional<double>& ms : *this) {
      if (ms) return true;
    }
    return false;
  }
  bool operator==(const SloThresholds&) const = default;
};

}  // namespace gpuplan
