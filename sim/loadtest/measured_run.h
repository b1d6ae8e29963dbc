// MeasuredRun: a real load test's result as gpuplan reads it, whatever tool wrote it: how the
// load was offered (the regime), what each request was when the file lists them, and the
// statistics the tool reported, under vLLM's benchmark names (mean_ttft_ms, p99_e2el_ms,
// request_throughput, ...), which gpuplan's summary.json uses too.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gpuplan {

// How the benchmark client offered the load (vllm bench serve's --request-rate, --burstiness,
// --max-concurrency, --num-prompts).
struct BenchRegime {
  std::optional<double> request_rate;      // req/s; nullopt: every request at once ("inf")
  double burstiness = 1;                   // gamma shape of the gaps; 1 is Poisson
  std::optional<int32_t> max_concurrency;  // requests in flight at most; nullopt: no cap
  int64_t num_requests = 0;                // requests sent
  // Each request was sent at its MeasuredRequest::send_s (a replayed trace); the fields above
  // then do not apply.
  bool recorded_sends = false;

  // "closed loop of 16 clients", "poisson 4.00 req/s", "all 1000 requests at once", ...
  std::string Describe() const;
};

// One request as the client measured it. Times in seconds.
struct MeasuredRequest {
  double send_s = 0;  // when it was sent, from the run's start (recorded_sends)
  int32_t input_tokens = 0;
  int32_t output_tokens = 0;  // as the client counted them
  bool success = true;
  double ttft_s = 0;
  double latency_s = 0;        // send to last token (E2E); 0 when the file lacks it
  std::vector<double> itls_s;  // gaps between streamed chunks after the first
};

struct MeasuredRun {
  std::string format;       // reader name, e.g. "vllm_bench_json"
  std::string source_file;  // as given
  BenchRegime regime;
  double duration_s = 0;  // benchmark duration (first send to last completion); 0 when unknown
  // Statistics as the file states them, vLLM names, in the file's order.
  std::vector<std::pair<std::string, double>> stats;
  // Per-request data (vllm bench serve --save-detailed); empty when the file has none.
  std::vector<MeasuredRequest> requests;
  std::map<std::string, std::string> provenance;  // model_id, backend, date, ...

  const double* Stat(const std::string& name) const;
};

}  // namespace gpuplan
