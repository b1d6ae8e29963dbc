#include "sim/validation/error_bands.h"

#include <fmt/format.h>

#include <array>
#include <map>
#include <utility>

#include "sim/util/csv_writer.h"

namespace gpuplan {
namespace {

constexpr const char* kAllGpus = "*";

struct Signed {
  std::vector<double> held_out;
  std::vector<double> all;
};

// (engine, gpu) -> per headline, the signed errors of the rows that have it.
using Groups = std::map<std::pair<std::string, std::string>, std::array<Signed, kNumHeadlines>>;

std::string Fraction(double value) { return fmt::format("{:.4f}", value); }

void AddRow(CsvWriter& csv, const std::pair<std::string, std::string>& key, Headline h,
            const Signed& s) {
  const ErrorStats held = StatsOf(s.held_out);
  const ErrorStats all = StatsOf(s.all);
  auto or_empty = [](const ErrorStats& stats, double value) {
    return stats.n == 0 ? std::string() : Fraction(value);
  };
  for (const std::string& field :
       {key.first, key.second, std::string(HeadlineKey(h)), std::to_string(held.n),
        or_empty(held, held.median), or_empty(held, held.p90), or_empty(held, held.bias),
        std::to_string(all.n), Fraction(all.median), Fraction(all.p90), Fraction(all.bias)}) {
    csv.Text(field);
  }
  csv.EndRow();
}

}  // namespace

std::string_view HeadlineKey(Headline h) {
  switch (h) {
    case Headline::kThroughput:
      return "throughput";
    case Headline::kTpot:
      return "tpot";
    case Headline::kTtftMean:
      return "ttft_mean";
    case Headline::kTtftTail:
      return "ttft_tail";
    case Headline::kE2elMean:
      return "e2e_mean";
    case Headline::kE2elTail:
      return "e2e_tail";
  }
  return "?";
}

std::string ErrorBandsCsv(const std::vector<RowErrors>& errors) {
  Groups groups;
  for (const RowErrors& e : errors) {
    const RowPlan& plan = e.outcome->plan;
    if (!plan.scenario) continue;
    const std::string& engine = plan.row.engine;
    for (const std::string& gpu : {plan.scenario->gpu.name, std::string(kAllGpus)}) {
      auto& group = groups[{engine, gpu}];
      for (size_t h = 0; h < kNumHeadlines; ++h) {
        if (!e.headline[h]) continue;
        const double error = e.headline[h]->signed_error;
        group[h].all.push_back(error);
        if (!plan.fit_half) group[h].held_out.push_back(error);
      }
    }
  }
  CsvWriter csv;
  for (const char* column : kErrorBandColumns) csv.Text(column);
  csv.EndRow();
  // "*" sorts before letters, so each engine's all-GPU rows come first.
  for (const auto& [key, group] : groups) {
    for (size_t h = 0; h < kNumHeadlines; ++h) {
      if (!group[h].all.empty()) AddRow(csv, key, static_cast<Headline>(h), group[h]);
    }
  }
  return csv.TakeString();
}

}  // namespace gpuplan
