#include "sim/loadtest/vllm_bench_json.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "sim/core/error.h"
#include "sim/util/json_value.h"
#include "sim/util/json_writer.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

// The per-request lists of --save-detailed; every one present has one entry per request.
constexpr const char* kRequestLists[] = {"input_lens", "output_lens", "ttfts",      "itls",
                                         "latencies",  "errors",      "start_times"};

// Settings and bookkeeping keys that are not statistics.
bool IsStatistic(const std::string& key, const JsonValue& value) {
  if (!value.IsNumber()) return false;
  static const char* const kNotStats[] = {"num_prompts", "burstiness", "max_concurrency",
                                          "duration", "request_rate"};
  for (const char* k : kNotStats) {
    if (key == k) return false;
  }
  return true;
}

class Reader {
 public:
  Reader(const JsonValue& root, const std::string& name) : root_(root), name_(name) {}

  MeasuredRun Read() {
    run_.format = "vllm_bench_json";
    run_.source_file = name_;
    if (!root_.IsObject()) {
      Fail("", "the file is not a JSON object; expected the object vllm bench serve writes");
      diags_.ThrowIfAny();
    }
    ReadProvenance();
    ReadRegime();
    ReadStatistics();
    ReadRequests();
    if (run_.regime.num_requests == 0) {
      Fail("num_prompts",
           "missing, and no completed/failed counts or request lists; expected the number of "
           "requests sent");
    }
    diags_.ThrowIfAny();
    return std::move(run_);
  }

 private:
  void Fail(const std::string& path, const std::string& message) {
    diags_.Add({name_, 0, 0}, path, message);
  }

  void ReadProvenance() {
    for (const char* key : {"date", "backend", "label", "model_id", "tokenizer_id"}) {
      const JsonValue* v = root_.Find(key);
      if (v != nullptr && v->IsString()) run_.provenance[key] = v->AsString();
    }
  }

  void ReadRegime() {
    BenchRegime& g = run_.regime;
    if (const JsonValue* rate = root_.Find("request_rate"); rate != nullptr && !rate->IsNull()) {
      if (rate->IsString() && rate->AsString() == "inf") {
        g.request_rate.reset();
      } else if (rate->IsNumber() && std::isfinite(rate->AsDouble()) && rate->AsDouble() > 0) {
        g.request_rate = rate->AsDouble();
      } else {
        Fail("request_rate", "is not a positive number or \"inf\"; expected requests per second");
      }
    }
    if (const JsonValue* b = root_.Find("burstiness"); b != nullptr && !b->IsNull()) {
      if (!b->IsNumber() || !(b->AsDouble() > 0)) {
        Fail("burstiness", "is not a positive number; expected the gamma shape of the gaps");
      } else {
        g.burstiness = b->AsDouble();
      }
    }
    if (const JsonValue* c = root_.Find("max_concurrency"); c != nullptr && !c->IsNull()) {
      if (!c->IsNumber() || c->AsDouble() < 1 || c->AsDouble() != std::floor(c->AsDouble())) {
        Fail("max_concurrency", "is not a whole number >= 1; expected the client's cap");
      } else {
        g.max_concurrency = static_cast<int32_t>(c->AsDouble());
      }
    }
    g.num_requests = Count("num_prompts");
    if (g.num_requests == 0) g.num_requests = Count("completed") + Count("failed");
    if (const JsonValue* d = root_.Find("duration"); d != nullptr && d->IsNumber()) {
      run_.duration_s = d->AsDouble();
    }
  }

  int64_t Count(const char* key) {
    const JsonValue* v = root_.Find(key);
    if (v == nullptr || v->IsNull()) return 0;
    if (!v->IsNumber() || v->AsDouble() < 0 || v->AsDouble() != std::floor(v->AsDouble())) {
      Fail(key, "is not a whole number >= 0; expected a count of requests");
      return 0;
    }
    return static_cast<int64_t>(v->AsDouble());
  }

  void ReadStatistics() {
    for (const auto& [key, value] : root_.Members()) {
      if (IsStatistic(key, value)) run_.stats.emplace_back(key, value.AsDouble());
    }
  }

  // The per-request lists, when present, must all have one entry per request.
  void ReadRequests() {
    const JsonValue* inputs = root_.Find("input_lens");
    if (inputs == nullptr) return;
    if (!inputs->IsArray()) {
      Fail("input_lens", "is not a list; expected one prompt length per request");
      return;
    }
    const size_t n = inputs->AsArray().size();
    for (const char* key : kRequestLists) {
      const JsonValue* list = root_.Find(key);
      if (list == nullptr) continue;
      if (!list->IsArray() || list->AsArray().size() != n) {
        Fail(key, fmt::format("{} values for {} requests; expected one per request (input_lens)",
                              list->IsArray() ? list->AsArray().size() : 0, n));
      }
    }
    if (!diags_.empty()) return;
    run_.requests.resize(n);
    for (size_t i = 0; i < n; ++i) ReadRequest(i);
    if (run_.regime.num_requests == 0) run_.regime.num_requests = static_cast<int64_t>(n);
  }

  void ReadRequest(size_t i) {
    MeasuredRequest& r = run_.requests[i];
    r.input_tokens = Length("input_lens", i);
    if (root_.Find("output_lens") != nullptr) r.output_tokens = Length("output_lens", i);
    if (const JsonValue* errors = root_.Find("errors")) {
      const JsonValue& e = errors->AsArray()[i];
      r.success = e.IsNull() || (e.IsString() && e.AsString().empty());
    }
    r.ttft_s = Seconds("ttfts", i);
    r.latency_s = Seconds("latencies", i);
    if (const JsonValue* itls = root_.Find("itls")) {
      const JsonValue& list = itls->AsArray()[i];
      if (!list.IsArray()) {
        Fail(fmt::format("itls[{}]", i), "is not a list; expected the request's chunk gaps (s)");
        return;
      }
      for (const JsonValue& gap : list.AsArray()) {
        if (gap.IsNumber()) r.itls_s.push_back(gap.AsDouble());
      }
    }
    // Older files have no latencies: a successful request's E2E is its TTFT plus its gaps.
    if (root_.Find("latencies") == nullptr && r.success) {
      r.latency_s = r.ttft_s;
      for (double gap : r.itls_s) r.latency_s += gap;
    }
  }

  int32_t Length(const char* key, size_t i) {
    const JsonValue& v = root_.Find(key)->AsArray()[i];
    if (!v.IsNumber() || v.AsDouble() < 0 || v.AsDouble() != std::floor(v.AsDouble()) ||
        v.AsDouble() > 1e9) {
      Fail(fmt::format("{}[{}]", key, i), "is not a token count; expected a whole number >= 0");
      return 0;
    }
    return static_cast<int32_t>(v.AsDouble());
  }

  double Seconds(const char* key, size_t i) {
    const JsonValue* list = root_.Find(key);
    if (list == nullptr) return 0;
    const JsonValue& v = list->AsArray()[i];
    if (v.IsNull()) return 0;
    if (!v.IsNumber() || !std::isfinite(v.AsDouble()) || v.AsDouble() < 0) {
      Fail(fmt::format("{}[{}]", key, i), "is not a time; expected seconds >= 0");
      return 0;
    }
    return v.AsDouble();
  }

  const JsonValue& root_;
  std::string name_;
  MeasuredRun run_;
  Diagnostics diags_;
};

}  // namespace

MeasuredRun ParseVllmBenchJson(const std::string& text, const std::string& name) {
  const JsonValue root =
      JsonValue::ParseFile(text, name, "the JSON object vllm bench serve --save-result writes");
  return Reader(root, name).Read();
}

MeasuredRun ReadVllmBenchJson(const std::string& path) {
  return ParseVllmBenchJson(ReadInputFile(path, "a vllm bench serve result (JSON)"), path);
}

std::string WriteVllmBenchJson(const MeasuredRun& run) {
  JsonWriter w;
  w.BeginObject();
  for (const auto& [key, value] : run.provenance) w.Field(key, value);
  w.Field("num_prompts", run.regime.num_requests);
  w.Key("request_rate");
  if (run.regime.request_rate) {
    w.Double(*run.regime.request_rate);
  } else {
    w.String("inf");
  }
  w.Field("burstiness", run.regime.burstiness);
  w.Key("max_concurrency");
  if (run.regime.max_concurrency) {
    w.Int(*run.regime.max_concurrency);
  } else {
    w.Null();
  }
  w.Field("duration", run.duration_s);
  for (const auto& [key, value] : run.stats) w.Field(key, value);
  auto list = [&](const char* key, auto get) {
    w.Key(key).BeginArray();
    for (const MeasuredRequest& r : run.requests) get(r);
    w.EndArray();
  };
  list("input_lens", [&](const MeasuredRequest& r) { w.Int(r.input_tokens); });
  list("output_lens", [&](const MeasuredRequest& r) { w.Int(r.output_tokens); });
  list("ttfts", [&](const MeasuredRequest& r) { w.Double(r.ttft_s); });
  list("latencies", [&](const MeasuredRequest& r) { w.Double(r.latency_s); });
  list("itls", [&](const MeasuredRequest& r) {
    w.BeginArray();
    for (double gap : r.itls_s) w.Double(gap);
    w.EndArray();
  });
  list("errors", [&](const MeasuredRequest& r) { w.String(r.success ? "" : "failed"); });
  w.EndObject();
  return w.TakeString() + "\n";
}

}  // namespace gpuplan
