// Batch dumps: the schedule the simulator chose, one JSON line per record, so a real GPU can
// execute exactly those steps (gpuplan-calibrate replay) and gpuplan can compare predicted with
// measured step times (`gpuplan validate replay`). Format documented in docs/replay-format.md.
//
//   {"kind":"meta","schema":1,"model":"llama-3.1-8b","gpu":"h100_sxm","tp":1,"block_size":16,...}
//   {"kind":"request","id":7,"arrival_ns":120000,"prompt_tokens":900,"output_tokens":20}
//   {"kind":"step","step":3,"replica":0,"start_ns":..,"end_ns":..,"predicted_us":..,
//    "seqs":[{"id":7,"prefill":true,"q_len":256,"kv_len":512,"token":false,"done":false,
//             "blocks":[0,1,...]}]}
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"

namespace gpuplan {

constexpr int kBatchDumpSchema = 1;

struct DumpedSeq {
  uint64_t id = 0;
  bool prefill = false;         // a prefill chunk (else a decode of one token)
  int32_t q_len = 0;            // tokens computed in this step (1 for a decode)
  int32_t kv_len = 0;           // context after this step's tokens, including them
  bool token = false;           // the step produced an output token for this request
  bool done = false;            // that token was the request's last
  std::vector<int32_t> blocks;  // KV block table after the step
};

struct DumpedStep {
  int64_t step = 0;
  int32_t replica = 0;
  SimTime start = 0;
  SimTime end = 0;
  double predicted_us = 0;
  std::vector<DumpedSeq> seqs;
  int line = 0;  // where it was read (0: built in code), for messages
};

struct DumpedRequest {
  uint64_t id = 0;
  SimTime arrival = 0;
  int32_t prompt_tokens = 0;
  int32_t output_tokens = 0;
  int line = 0;  // where it was read (0: built in code), for messages
};

struct BatchDump {
  std::map<std::string, std::string> meta;  // provenance, as written (values as JSON text)
  std::vector<DumpedRequest> requests;
  std::vector<DumpedStep> steps;
};

// Streams records as JSON lines.
class BatchDumpWriter {
 public:
  explicit BatchDumpWriter(std::ostream& out) : out_(out) {}
  // meta values are written as JSON strings.
  void WriteMeta(const std::map<std::string, std::string>& meta);
  void WriteRequest(const DumpedRequest& request);
  void WriteStep(const DumpedStep& step);

 private:
  std::ostream& out_;
};

// Reads a whole dump; throws gpuplan::Error with `name:line: what` on malformed lines, and on a
// schedule no simulator run can produce (CheckBatchDumpSchedule).
BatchDump ReadBatchDump(std::istream& in, const std::string& name);

// The schedule's own consistency, so that a replay never times steps that could not have run:
// requests declared once with at least one prompt and one output token; every step ends after it
// starts and after the previous step of its replica (one replica runs one step at a time, in step
// order); every sequence is a declared request, scheduled after its arrival, computes at least one
// token (exactly one when decoding), holds a context of at least those tokens and at most its
// prompt and output, and finishes (done) at most once, with a token, and is not scheduled after.
// Returns the problems as "name:line: what; expected ..." (at most `max_problems`), empty when
// consistent.
std::vector<std::string> CheckBatchDumpSchedule(const BatchDump& dump, const std::string& name,
                                                size_t max_problems = 20);

// Measured step times written by `gpuplan-calibrate replay`: {"step":3,"replica":0,
// "measured_us":812.4}. Keyed by (replica, step).
std::map<std::pair<int32_t, int64_t>, double> ReadMeasuredSteps(std::istream& in,
                                                                const std::string& name);

}  // namespace gpuplan
