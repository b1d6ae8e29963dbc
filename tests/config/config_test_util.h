// Shared helpers for the config tests: fixture paths (from the compile-time source dir, never the
// working directory), the small test catalog, fake policy validators built on Registry, and
// capturing the diagnostics of a load that must fail.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "sim/config/catalog_loader.h"
#include "sim/config/policy_choice.h"
#include "sim/config/scenario.h"
#include "sim/core/error.h"
#include "sim/util/registry.h"

namespace gpuplan::testing {

inline std::string TestdataDir() {
  return std::string(GPUPLAN_SOURCE_DIR) + "/tests/config/testdata";
}

inline const Catalog& TestCatalog() {
  static const Catalog catalog = LoadCatalog(TestdataDir() + "/catalog");
  return catalog;
}

// Lines joined with '\n', so a test can count line numbers (the first is line 1).
inline std::string Lines(std::initializer_list<std::string> lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// The diagnostics of `load`, which must throw ConfigError, as "file:line:col: path: message".
template <class F>
std::vector<std::string> ErrorsOf(F&& load) {
  try {
    load();
  } catch (const ConfigError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) lines.push_back(d.ToString());
    return lines;
  }
  ADD_FAILURE() << "expected a ConfigError";
  return {};
}

// Fake policy registries: products are ints (nothing is built), the schemas are what matter.
using FakeRegistry = Registry<int>;

inline OptionSpec Opt(std::string name, OptionType type, std::string default_value,
                      std::optional<double> min = std::nullopt, bool min_exclusive = false) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.default_value = std::move(default_value);
  spec.required = spec.default_value.empty();
  spec.min = min;
  spec.min_exclusive = min_exclusive;
  return spec;
}

struct FakeRegistries {
  FakeRegistry scheduler{"scheduler"};
  FakeRegistry router{"router"};
  FakeRegistry latency{"latency model"};
  FakeRegistry arrival{"arrival process"};
  FakeRegistry length{"length distribution"};
  FakeRegistry trace{"trace format"};
  FakeRegistries();
};

// Schema validators for every slot, over FakeRegistries.
inline const PolicyValidators& FakeValidators() {
  static const FakeRegistries registries;
  static const PolicyValidators validators = [] {
    PolicyValidators v;
    v.Set("scheduler", SchemaValidator(registries.scheduler))
        .Set("router", SchemaValidator(registries.router))
        .Set("latency", SchemaValidator(registries.latency))
        .Set("arrival", SchemaValidator(registries.arrival))
        .Set("prompt_tokens", SchemaValidator(registries.length))
        .Set("output_tokens", SchemaValidator(registries.length))
        .Set("trace", SchemaValidator(registries.trace));
    return v;
  }();
  return validators;
}

inline FakeRegistries::FakeRegistries() {
  auto make = [](OptionReader&) { return 0; };
  scheduler.Add({"continuous", "iteration-level batching", {}, make});
  scheduler.Add({"static", "fixed batches", {Opt("batch_size", OptionType::kInt, "", 1)}, make});
  router.Add({"round_robin", "cycle through replicas", {}, make});
  router.Add({"least_loaded", "fewest requests in flight", {}, make});
  latency.Add(
      {"roofline", "analytic", {Opt("efficiency", OptionType::kDouble, "0.7", 0, true)}, make});
  arrival.Add(
      {"poisson", "exponential gaps", {Opt("rate_per_s", OptionType::kDouble, "", 0, true)}, make});
  arrival.Add({"gamma",
               "bursty",
               {Opt("rate_per_s", OptionType::kDouble, "", 0, true),
                Opt("cv", OptionType::kDouble, "1", 0, true)},
               make});
  length.Add({"fixed", "constant", {Opt("tokens", OptionType::kInt, "", 1)}, make});
  length.Add({"lognormal",
              "heavy tail",
              {Opt("median", OptionType::kDouble, "", 0, true),
               Opt("sigma", OptionType::kDouble, "", 0, true), Opt("min", OptionType::kInt, "1", 1),
               Opt("max", OptionType::kInt, "1000000", 1)},
              make});
  trace.Add({"azure_llm_2023",
             "Azure LLM inference trace CSV",
             {Opt("path", OptionType::kString, ""),
              Opt("rate_multiplier", OptionType::kDouble, "1", 0, true)},
             make});
}

// A valid scenario over the test catalog, one key per line so tests can count lines.
inline std::string ValidScenarioText() {
  return Lines({
      "name: chatbot",                                                 // 1
      "description: Test chatbot",                                     // 2
      "model: llama-3.1-8b",                                           // 3
      "gpu: h100_sxm",                                                 // 4
      "deployment: {replicas: 2, tensor_parallel: 2}",                 // 5
      "engine:",                                                       // 6
      "  preset: vllm",                                                // 7
      "  max_num_seqs: 128",                                           // 8
      "workload:",                                                     // 9
      "  arrival: {kind: poisson, rate_per_s: 5.5}",                   // 10
      "  prompt_tokens: {kind: lognormal, median: 1020, sigma: 0.8}",  // 11
      "  output_tokens: {kind: fixed, tokens: 128}",                   // 12
      "slo: {ttft_ms: 500, tpot_ms: 50}",                              // 13
      "simulation: {num_requests: 1000, seed: 7}",                     // 14
  });
}

// Loads `text` as "scn.yaml" against the test catalog and fake validators.
inline Scenario LoadText(const std::string& text, const std::vector<std::string>& sets = {}) {
  return LoadScenarioFromString(text, "scn.yaml", sets, TestCatalog(), FakeValidators());
}

}  // namespace gpuplan::testing
