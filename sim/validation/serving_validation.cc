#include "sim/validation/serving_validation.h"

#include <fmt/format.h>

#include <set>

#include "sim/core/suggest.h"
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
    if (sets.count(row.set) && InSubset(row, request.subset)) {
      plans.push_back(PlanRow(row, context));
    }
  }
  v.outcomes = RunRows(std::move(plans), builtins, request.threads);
  v.errors = CompareRows(v.outcomes);
  v.tables = ServingTables(v.outcomes, v.errors, request.subset);
  return v;
}

}  // namespace gpuplan
