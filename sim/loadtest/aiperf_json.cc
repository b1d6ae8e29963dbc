#include "sim/loadtest/aiperf_json.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/core/error.h"
#include "sim/util/json_value.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

struct MetricName {
  const char* aiperf;
  const char* vllm;  // the vllm bench serve family: ttft, tpot, e2el
};
constexpr MetricName kLatencies[] = {
    {"time_to_first_token", "ttft"}, {"inter_token_latency", "tpot"}, {"request_latency", "e2el"}};
constexpr const char* kPercentiles[] = {"p1", "p5", "p10", "p25", "p75", "p90", "p95", "p99"};

class AggregateReader {
 public:
  AggregateReader(const JsonValue& root, std::string name) : root_(root), name_(std::move(name)) {}

  MeasuredRun Read() {
    run_.format = "aiperf_json";
    run_.source_file = name_;
    if (!root_.IsObject()) {
      Fail("", "is not a JSON object; expected aiperf's profile_export_aiperf.json");
      diags_.ThrowIfAny();
    }
    for (const MetricName& m : kLatencies) ReadLatency(m);
    Summary("request_throughput", "requests/sec", "request_throughput");
    Summary("output_token_throughput", "tokens/sec", "output_throughput");
    if (const std::optional<double> d = Value("benchmark_duration", "sec")) run_.duration_s = *d;
    if (const std::optional<double> n = Value("request_count", "requests")) {
      run_.regime.num_requests = static_cast<int64_t>(std::llround(*n));
    } else {
      Fail("request_count", "missing; expected the number of requests sent as {unit, avg}");
    }
    ReadRegime();
    ReadProvenance();
    diags_.ThrowIfAny();
    return std::move(run_);
  }

 private:
  void Fail(const std::string& path, const std::string& message) {
    diags_.Add({name_, 0, 0}, path, message);
  }

  // <key>.avg as a number >= 0, checking <key>.unit; nullopt when the metric is absent or null.
  std::optional<double> Value(const char* key, const char* unit, const char* field = "avg") {
    const JsonValue* m = root_.Find(key);
    if (m == nullptr || m->IsNull()) return std::nullopt;
    const JsonValue* v = m->Find(field);
    if (v == nullptr || v->IsNull()) return std::nullopt;
    if (!v->IsNumber() || !std::isfinite(v->AsDouble()) || v->AsDouble() < 0) {
      Fail(fmt::format("{}.{}", key, field), "is not a number >= 0; expected one");
      return std::nullopt;
    }
    const JsonValue* u = m->Find("unit");
    if (u != nullptr && u->IsString() && u->AsString() != unit) {
      Fail(fmt::format("{}.unit", key), fmt::format("is '{}'; expected '{}'", u->AsString(), unit));
      return std::nullopt;
    }
    return v->AsDouble();
  }

  void ReadLatency(const MetricName& m) {
    auto add = [&](const char* field, const std::string& prefix) {
      if (const std::optional<double> v = Value(m.aiperf, "ms", field)) {
        run_.stats.emplace_back(fmt::format("{}_{}_ms", prefix, m.vllm), *v);
      }
    };
    add("avg", "mean");
    add("p50", "median");
    add("std", "std");
    for (const char* p : kPercentiles) add(p, p);
  }

  void Summary(const char* key, const char* unit, const char* vllm_name) {
    if (const std::optional<double> v = Value(key, unit)) run_.stats.emplace_back(vllm_name, *v);
  }

  // A positive number at `node.key`; nullopt when absent or null.
  std::optional<double> Setting(const JsonValue* node, const char* key, const std::string& path) {
    const JsonValue* v = node != nullptr ? node->Find(key) : nullptr;
    if (v == nullptr || v->IsNull()) return std::nullopt;
    if (!v->IsNumber() || !(v->AsDouble() > 0) || !std::isfinite(v->AsDouble())) {
      Fail(path, "is not a positive number; expected one");
      return std::nullopt;
    }
    return v->AsDouble();
  }

  void ReadRegime() {
    const JsonValue* config = root_.Find("input_config");
    const JsonValue* loadgen = config != nullptr ? config->Find("loadgen") : nullptr;
    const JsonValue* settings = loadgen != nullptr ? loadgen : config;
    const std::string where = loadgen != nullptr ? "input_config.loadgen." : "input_config.";
    const std::optional<double> clients = Setting(settings, "concurrency", where + "concurrency");
    const std::optional<double> rate = Setting(settings, "request_rate", where + "request_rate");
    BenchRegime& g = run_.regime;
    if (rate) {
      const JsonValue* mode = settings->Find("request_rate_mode");
      if (mode != nullptr && mode->IsString() && mode->AsString() == "constant") {
        Fail(where + "request_rate_mode",
             "is 'constant'; expected 'poisson' (evenly spaced sends are not replayed yet)");
      }
      g.request_rate = *rate;
      if (clients) g.max_concurrency = static_cast<int32_t>(std::llround(*clients));
    } else if (clients) {
      g.max_concurrency = static_cast<int32_t>(std::llround(*clients));
    } else {
      Fail(where + "concurrency",
           "the file states neither a concurrency nor a request rate; expected one of them");
    }
  }

  void ReadProvenance() {
    run_.provenance["backend"] = "aiperf";
    if (const JsonValue* start = root_.Find("start_time"); start != nullptr && start->IsString()) {
      run_.provenance["date"] = start->AsString();
    }
    const JsonValue* config = root_.Find("input_config");
    const JsonValue* endpoint = config != nullptr ? config->Find("endpoint") : nullptr;
    const JsonValue* names = endpoint != nullptr ? endpoint->Find("model_names") : nullptr;
    if (names != nullptr && names->IsArray() && !names->AsArray().empty() &&
        names->AsArray()[0].IsString()) {
      run_.provenance["model_id"] = names->AsArray()[0].AsString();
    }
  }

  const JsonValue& root_;
  std::string name_;
  Diagnostics diags_;
  MeasuredRun run_;
};

}  // namespace

MeasuredRun ParseAiperfJson(const std::string& text, const std::string& name) {
  const JsonValue root = JsonValue::ParseFile(text, name, "aiperf's profile_export_aiperf.json");
  return AggregateReader(root, name).Read();
}

MeasuredRun ReadAiperfJson(const std::string& path) {
  return ParseAiperfJson(ReadInputFile(path, "aiperf's profile_export_aiperf.json"), path);
}

}  // namespace gpuplan
