#include "sim/loadtest/aiperf_jsonl.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "sim/core/error.h"
#include "sim/loadtest/bench_stats.h"
#include "sim/util/json_value.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

const std::vector<double> kPercentiles = {90, 99};

class RecordReader {
 public:
  RecordReader(const JsonValue& record, const std::string& name, int line, Diagnostics& diags)
      : record_(record), name_(name), line_(line), diags_(diags) {}

  // False when the record is not one aiperf writes (reported).
  bool Read(MeasuredRequest* r, double* start_ns) {
    const JsonValue* metadata = record_.Find("metadata");
    const JsonValue* start = metadata ? metadata->Find("request_start_ns") : nullptr;
    if (start == nullptr || !start->IsNumber()) {
      Fail("metadata.request_start_ns", "missing; expected the request's start in epoch ns");
      return false;
    }
    *start_ns = start->AsDouble();
    const JsonValue* error = record_.Find("error");
    r->success = error == nullptr || error->IsNull();
    const JsonValue* metrics = record_.Find("metrics");
    if (!r->success) return true;  // a failed request has only error metrics
    if (metrics == nullptr || !metrics->IsObject()) {
      Fail("metrics", "missing; expected the metrics of a successful request");
      return false;
    }
    r->input_tokens = static_cast<int32_t>(Metric(*metrics, "input_sequence_length", "tokens"));
    r->output_tokens = static_cast<int32_t>(Metric(*metrics, "output_sequence_length", "tokens"));
    r->ttft_s = Metric(*metrics, "time_to_first_token", "ms") / 1e3;
    r->latency_s = Metric(*metrics, "request_latency", "ms") / 1e3;
    if (const JsonValue* gaps = metrics->Find("inter_chunk_latency")) {
      const JsonValue* values = gaps->Find("value");
      if (values != nullptr && values->IsArray()) {
        for (const JsonValue& v : values->AsArray()) {
          if (v.IsNumber()) r->itls_s.push_back(v.AsDouble() / 1e3);
        }
      }
    }
    return true;
  }

 private:
  // metrics.<key>.value, in `unit`.
  double Metric(const JsonValue& metrics, const char* key, const char* unit) {
    const JsonValue* m = metrics.Find(key);
    const JsonValue* value = m ? m->Find("value") : nullptr;
    const JsonValue* u = m ? m->Find("unit") : nullptr;
    if (value == nullptr || !value->IsNumber() || !std::isfinite(value->AsDouble()) ||
        value->AsDouble() < 0) {
      Fail(fmt::format("metrics.{}", key), fmt::format("missing or not a number; expected a "
                                                       "value >= 0 in {}",
                                                       unit));
      return 0;
    }
    if (u != nullptr && u->IsString() && u->AsString() != unit) {
      Fail(fmt::format("metrics.{}.unit", key),
           fmt::format("is '{}'; expected '{}'", u->AsString(), unit));
    }
    return value->AsDouble();
  }

  void Fail(const std::string& path, const std::string& message) {
    diags_.Add({name_, line_, 1}, path, message);
  }

  const JsonValue& record_;
  const std::string& name_;
  int line_;
  Diagnostics& diags_;
};

}  // namespace

MeasuredRun ParseAiperfJsonl(const std::string& text, const std::string& name) {
  Diagnostics diags;
  MeasuredRun run;
  run.format = "aiperf_jsonl";
  run.source_file = name;
  std::vector<double> starts_ns;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    JsonValue record;
    try {
      record = JsonValue::Parse(line);
    } catch (const Error& e) {
      diags.Add({name, number, 1}, "",
                fmt::format("{}; expected one aiperf record (JSON object) per line", e.what()));
      continue;
    }
    MeasuredRequest r;
    double start_ns = 0;
    if (RecordReader(record, name, number, diags).Read(&r, &start_ns)) {
      run.requests.push_back(std::move(r));
      starts_ns.push_back(start_ns);
    }
  }
  if (run.requests.empty() && diags.empty()) {
    diags.Add({name, 0, 0}, "", "no records; expected one aiperf record per line");
  }
  diags.ThrowIfAny();
  const double first = *std::min_element(starts_ns.begin(), starts_ns.end());
  double end = 0;
  for (size_t i = 0; i < run.requests.size(); ++i) {
    MeasuredRequest& r = run.requests[i];
    r.send_s = (starts_ns[i] - first) / 1e9;
    end = std::max(end, r.send_s + r.latency_s);
  }
  run.regime.recorded_sends = true;
  run.regime.num_requests = static_cast<int64_t>(run.requests.size());
  run.duration_s = end;
  run.stats = VllmBenchStats(run.requests, run.duration_s, kPercentiles);
  return run;
}

MeasuredRun ReadAiperfJsonl(const std::string& path) {
  return ParseAiperfJsonl(ReadInputFile(path, "aiperf's profile_export.jsonl"), path);
}

}  // namespace gpuplan
