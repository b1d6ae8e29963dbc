#include "sim/loadtest/simulated_bench.h"

#include <cmath>
#include <cstdlib>

#include "sim/loadtest/bench_stats.h"
#include "sim/loadtest/vllm_bench_json.h"

namespace gpuplan {
namespace {

// The option `name` of a policy as a number; nullopt when absent or not a number.
std::optional<double> Option(const PolicyChoice& choice, const char* name) {
  auto it = choice.options.values.find(name);
  if (it == choice.options.values.end()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(it->second.text.c_str(), &end);
  if (end == it->second.text.c_str() || *end != '\0') return std::nullopt;
  return v;
}

}  // namespace

BenchRegime RegimeOf(const Scenario& s, int64_t num_requests, bool* expressible) {
  BenchRegime g{.num_requests = num_requests};
  *expressible = false;
  if (!s.workload.arrival) return g;
  const PolicyChoice& a = *s.workload.arrival;
  if (a.kind == "offline") {
    *expressible = true;
  } else if (a.kind == "poisson" && Option(a, "rate_per_s")) {
    g.request_rate = Option(a, "rate_per_s");
    *expressible = true;
  } else if (a.kind == "gamma" && Option(a, "rate_per_s")) {
    g.request_rate = Option(a, "rate_per_s");
    const double cv = Option(a, "cv").value_or(1);
    g.burstiness = 1 / (cv * cv);  // vLLM's gamma shape
    *expressible = true;
  } else if (a.kind == "closed_loop" && Option(a, "think_time_s").value_or(0) == 0) {
    g.max_concurrency = static_cast<int32_t>(Option(a, "concurrency").value_or(1));
    *expressible = true;
  }
  return g;
}

std::string SimulatedBenchJson(const Scenario& s, const std::string& workload,
                               const RequestCollector& requests) {
  MeasuredRun run;
  run.format = "vllm_bench_json";
  run.requests = requests.Requests();
  bool expressible = false;
  run.regime = RegimeOf(s, static_cast<int64_t>(run.requests.size()), &expressible);
  run.duration_s = ToSeconds(requests.last_done());
  run.stats = VllmBenchStats(run.requests, run.duration_s, {90, 95, 99});
  run.provenance = {{"backend", "gpuplan"},
                    {"model_id", s.model.name},
                    {"label", s.name},
                    {"gpuplan_workload", workload}};
  if (!expressible) run.provenance["gpuplan_note"] = "the workload has no vllm bench serve regime";
  return WriteVllmBenchJson(run);
}

}  // namespace gpuplan
