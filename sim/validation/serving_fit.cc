#include "sim/validation/serving_fit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <variant>

#include "sim/config/spec_fields.h"
#include "sim/core/percentile.h"
#include "sim/util/options.h"
#include "sim/validation/row_catalog.h"

namespace gpuplan {
namespace {

// Mean of the median |TTFT mean| and median |TPOT| errors of the rows of one half.
double Objective(const std::vector<RowErrors>& errors, bool fit_half, size_t* rows) {
  std::vector<double> ttft, tpot;
  *rows = 0;
  for (const RowErrors& e : errors) {
    if (e.outcome->plan.fit_half != fit_half) continue;
    ++*rows;
    const auto& t = e.headline[static_cast<size_t>(Headline::kTtftMean)];
    const auto& p = e.headline[static_cast<size_t>(Headline::kTpot)];
    if (t) ttft.push_back(std::abs(t->signed_error));
    if (p) tpot.push_back(std::abs(p->signed_error));
  }
  if (ttft.empty() && tpot.empty()) return 0;
  const double a = ttft.empty() ? 0 : Percentile(ttft, 50);
  const double b = tpot.empty() ? 0 : Percentile(tpot, 50);
  return (ttft.empty() || tpot.empty()) ? a + b : (a + b) / 2;
}

constexpr std::string_view kEnginePrefix = "engine.";

// The engine preset field `engine.NAME` names: a number (int or double) of EngineSpec, or nullptr.
const detail::SpecField<EngineSpec>* EngineNumberField(std::string_view option) {
  if (!option.starts_with(kEnginePrefix)) return nullptr;
  const std::string_view name = option.substr(kEnginePrefix.size());
  for (const detail::SpecField<EngineSpec>& f : detail::EngineFields()) {
    if (f.name != name) continue;
    const bool number = std::holds_alternative<int EngineSpec::*>(f.member) ||
                        std::holds_alternative<double EngineSpec::*>(f.member);
    return number ? &f : nullptr;
  }
  return nullptr;
}

// Sets the swept value on one row's scenario: a roofline option on rows that use the roofline
// model, or an engine preset field on every row.
void ApplyFitValue(const ServingFitRequest& fit, double value, RowPlan& plan) {
  if (!plan.scenario) return;
  if (const auto* field = EngineNumberField(fit.option)) {
    EngineSpec& engine = plan.scenario->engine;
    if (const auto* d = std::get_if<double EngineSpec::*>(&field->member)) {
      engine.*(*d) = value;
    } else {
      engine.*std::get<int EngineSpec::*>(field->member) = static_cast<int>(std::lround(value));
    }
    return;
  }
  if (plan.scenario->latency.kind != "roofline") return;
  ParamValue v;
  v.text = fmt::format("{:g}", value);
  v.loc = plan.scenario->latency.kind_loc;
  plan.scenario->latency.options.values[fit.option] = v;
}

}  // namespace

ServingFitRequest ParseServingFit(const std::string& fit, const std::string& rows) {
  ServingFitRequest r;
  const size_t eq = fit.find('=');
  const size_t c1 = fit.find(':', eq);
  const size_t c2 = c1 == std::string::npos ? c1 : fit.find(':', c1 + 1);
  if (eq == std::string::npos || c2 == std::string::npos) {
    throw UsageError(fmt::format("--fit '{}': expected NAME=LO:HI:STEP", fit));
  }
  r.option = fit.substr(0, eq);
  const bool engine_field = r.option.starts_with(kEnginePrefix);
  if (engine_field && !EngineNumberField(r.option)) {
    throw UsageError(fmt::format(
        "--fit '{}': '{}' is not a numeric engine field; expected engine.NAME with NAME a number "
        "of the engine presets (e.g. engine.cpu_overhead_per_request_us) or a roofline option",
        fit, r.option));
  }
  const auto lo = ParseDouble(fit.substr(eq + 1, c1 - eq - 1));
  const auto hi = ParseDouble(fit.substr(c1 + 1, c2 - c1 - 1));
  const auto step = ParseDouble(fit.substr(c2 + 1));
  if (!lo || !hi || !step || *step <= 0 || *hi < *lo || (*hi - *lo) / *step > 1000) {
    throw UsageError(
        fmt::format("--fit '{}': expected LO <= HI and 0 < STEP, at most 1000 steps", fit));
  }
  r.lo = *lo;
  r.hi = *hi;
  r.step = *step;
  if (!rows.empty()) {
    const size_t k = rows.find('=');
    const std::string key = rows.substr(0, k);
    if (k == std::string::npos || (key != "weight_dtype" && key != "engine" && key != "gpu" &&
                                   key != "model" && key != "set")) {
      throw UsageError(fmt::format(
          "--fit-rows '{}': expected KEY=VALUE with KEY one of weight_dtype, engine, gpu, model, "
          "set",
          rows));
    }
    r.filter_key = key;
    r.filter_value = rows.substr(k + 1);
  }
  // Engines have their own presets, so an engine field is fitted for one engine at a time.
  if (engine_field && r.filter_key != "engine") {
    throw UsageError(
        fmt::format("--fit '{}': an engine field is fitted per engine; expected "
                    "--fit-rows engine=NAME (vllm, sglang or trtllm)",
                    fit));
  }
  return r;
}

std::optional<double> EnginePresetValue(const ServingFitRequest& fit, const Catalog& catalog) {
  const auto* field = EngineNumberField(fit.option);
  if (!field || fit.filter_key != "engine") return std::nullopt;
  const auto it = catalog.engines.find(fit.filter_value);
  if (it == catalog.engines.end()) return std::nullopt;
  if (const auto* d = std::get_if<double EngineSpec::*>(&field->member)) return it->second.*(*d);
  return it->second.*std::get<int EngineSpec::*>(field->member);
}

std::string ServingFitSection(const ServingFitRequest& fit) {
  if (!fit.option.starts_with(kEnginePrefix)) return "serving-fit";
  std::string id =
      "serving-fit-" + fit.filter_value + "-" + fit.option.substr(kEnginePrefix.size());
  std::replace(id.begin(), id.end(), '_', '-');
  return id;
}

bool PassesFitFilter(const ServingRow& row, const ServingFitRequest& fit) {
  const std::string& key = fit.filter_key;
  if (key.empty()) return true;
  if (key == "weight_dtype") {
    const DtypeMatch want = MatchDtype(fit.filter_value);
    const DtypeMatch have = MatchDtype(row.weight_dtype);
    return want.dtype && have.dtype && *want.dtype == *have.dtype;
  }
  if (key == "engine") return row.engine == fit.filter_value;
  if (key == "gpu") return row.gpu == fit.filter_value;
  if (key == "model") return row.model == fit.filter_value;
  return row.set == fit.filter_value;
}

OptionSweepResult FitServingOption(const ServingValidationRequest& base,
                                   const ServingFitRequest& fit, const Catalog& catalog,
                                   const Builtins& builtins) {
  OptionSweepResult result;
  const int steps = static_cast<int>(std::floor((fit.hi - fit.lo) / fit.step + 1e-9));
  double best_objective = INFINITY;
  for (int i = 0; i <= steps; ++i) {
    const double value = fit.lo + i * fit.step;
    ServingValidationRequest r = base;
    r.row_filter = [&fit](const ServingRow& row) { return PassesFitFilter(row, fit); };
    r.variant = [&fit, value](RowPlan& plan) { ApplyFitValue(fit, value, plan); };
    const ServingValidation v = ValidateServing(r, catalog, builtins);
    OptionSweepPoint p;
    p.value = value;
    p.fit_objective = Objective(v.errors, true, &p.fit_rows);
    p.held_out_objective = Objective(v.errors, false, &p.held_out_rows);
    if (p.fit_objective < best_objective - 1e-12) {
      best_objective = p.fit_objective;
      result.best = value;
    }
    result.points.push_back(p);
  }
  return result;
}

std::string ServingFitTable(const ServingFitRequest& fit, const OptionSweepResult& result) {
  std::string out = fmt::format(
      "`{}`{}; objective: mean of the median |TTFT mean| and median |TPOT| errors.\n\n"
      "| value | fit rows | fit-half objective | held-out rows | held-out objective |\n"
      "|---|---|---|---|---|\n",
      fit.option,
      fit.filter_key.empty()
          ? ""
          : fmt::format(" on the rows with {} {}", fit.filter_key, fit.filter_value));
  for (const OptionSweepPoint& p : result.points) {
    out += fmt::format("| {:g}{} | {} | {:.1f}% | {} | {:.1f}% |\n", p.value,
                       p.value == result.best ? " (fit)" : "", p.fit_rows, 100 * p.fit_objective,
                       p.held_out_rows, 100 * p.held_out_objective);
  }
  return out;
}

}  // namespace gpuplan
