#include "sim/validation/serving_validation.h"

#include <fmt/format.h>

#include <set>

#include "sim/core/suggest.h"
#include "sim/validation/ablation.h"
#include "sim/validation/serving_report.h"

namespace gpuplan {
namespace {

// One row in eight: enough rows of every set for a median, little enough for the test budget.
constexpr uint64_t kGateStride = 8;

uint64_t Fnv1a64(std::string_view text) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::set<std::string> ChosenSets(const ServingData& data, const std::vector<std::string>& asked) {
  std::set<std::string> present;
  for (const ServingRow& row : data.rows) present.insert(row.set);
  std::set<std::string> chosen;
  if (asked.empty()) {
    for (const std::string& set : present) {
      if (IsDefaultSet(set)) chosen.insert(set);
    }
    return chosen;
  }
  if (asked.size() == 1 && asked[0] == "all") return present;
  const std::vector<std::string> names(present.begin(), present.end());
  for (const std::string& set : asked) {
    if (!present.count(set)) {
      throw UsageError(fmt::format("--sets: no set '{}' in {}{}; expected one of: {}", set,
                                   data.path, DidYouMean(set, names), JoinNames(names)));
    }
    chosen.insert(set);
  }
  return chosen;
}

}  // namespace

bool InSubset(const ServingRow& row, const std::string& subset) {
  if (subset.empty()) return true;
  GPUPLAN_CHECK(subset == "gate", "unknown subset '{}'", subset);
  return Fnv1a64(row.Id()) % kGateStride == 0;
}

std::map<std::string, std::string> GatedTables(const std::map<std::string, std::string>& tables) {
  std::map<std::string, std::string> gated = tables;
  gated.erase("serving-worst");
  gated.erase("serving-bias");
  gated.erase("serving-ablation");
  gated.erase("serving-client-pacing");
  return gated;
}

ServingValidation ValidateServing(const ServingValidationRequest& request, const Catalog& catalog,
                                  const Builtins& builtins) {
  if (!request.subset.empty() && request.subset != "gate") {
    throw UsageError(fmt::format("unknown subset '{}'; expected gate", request.subset));
  }
  ServingValidation v;
  v.data = ReadServingData(request.csv_path);
  const std::set<std::string> sets = ChosenSets(v.data, request.sets);
  const LoaderOptions loader = builtins.MakeLoaderOptions();
  const MappingContext context{catalog, loader, request.paths};
  std::vector<RowPlan> plans;
  for (const ServingRow& row : v.data.rows) {
    if (!sets.count(row.set) || !InSubset(row, request.subset)) continue;
    if (request.row_filter && !request.row_filter(row)) continue;
    RowPlan plan = PlanRow(row, context);
    if (request.variant && plan.scenario && plan.failure.empty()) {
      request.variant(plan);
      try {
        ValidateScenario(*plan.scenario, loader);
      } catch (const ConfigError& e) {
        plan.failure = e.what();
      }
    }
    plans.push_back(std::move(plan));
  }
  v.outcomes = RunRows(std::move(plans), builtins, request.threads);
  v.errors = CompareRows(v.outcomes);
  v.tables = ServingTables(v.outcomes, v.errors, request.subset);
  return v;
}

namespace {

// The summary errors of the baseline and of each variant, one line each.
std::string VariantTable(const ServingValidationRequest& request, const Catalog& catalog,
                         const Builtins& builtins, const std::vector<AblationVariant>& variants,
                         const std::string& prefix) {
  std::string out = "| model | simulated |";
  std::string rule = "|---|---|";
  for (size_t h = 0; h < kNumHeadlines; ++h) {
    out += fmt::format(" {} |", HeadlineName(static_cast<Headline>(h)));
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  auto add = [&](const std::string& label, const ServingValidationRequest& r) {
    const ServingValidation v = ValidateServing(r, catalog, builtins);
    size_t simulated = 0;
    for (const RowOutcome& o : v.outcomes) simulated += o.status == RowStatus::kSimulated;
    out += fmt::format("| {} | {} |", label, simulated);
    for (size_t h = 0; h < kNumHeadlines; ++h) {
      std::vector<double> errors;
      for (const RowErrors& e : v.errors) {
        if (e.headline[h]) errors.push_back(e.headline[h]->signed_error);
      }
      const ErrorStats s = StatsOf(errors);
      out += s.n ? fmt::format(" {:.1f} / {:.1f} |", 100 * s.median, 100 * s.p90) : " - |";
    }
    out += "\n";
  };
  ServingValidationRequest baseline = request;
  baseline.variant = nullptr;
  add("every item on", baseline);
  for (const AblationVariant& variant : variants) {
    ServingValidationRequest changed = request;
    changed.variant = variant.turn_off;
    add(fmt::format("{}{} ({})", prefix, variant.name, variant.description), changed);
  }
  return out;
}

}  // namespace

std::string AblationTable(const ServingValidationRequest& request, const Catalog& catalog,
                          const Builtins& builtins) {
  return VariantTable(request, catalog, builtins, AblationVariants(), "without ");
}

std::string ClientPacingTable(const ServingValidationRequest& request, const Catalog& catalog,
                              const Builtins& builtins) {
  return VariantTable(request, catalog, builtins, ClientPacingVariants(), "");
}

}  // namespace gpuplan
