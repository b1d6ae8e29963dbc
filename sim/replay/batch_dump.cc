#include "sim/replay/batch_dump.h"

#include <fmt/format.h>

#include <map>
#include <vector>

#include "sim/core/error.h"
#include "sim/util/json_value.h"

namespace gpuplan {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void WriteSeq(std::string& line, const DumpedSeq& s) {
  line += fmt::format(
      "{{\"id\":{},\"prefill\":{},\"q_len\":{},\"kv_len\":{},\"token\":{},\"done\":{},"
      "\"blocks\":[",
      s.id, s.prefill, s.q_len, s.kv_len, s.token, s.done);
  for (size_t i = 0; i < s.blocks.size(); ++i) {
    if (i > 0) line += ',';
    line += fmt::format("{}", s.blocks[i]);
  }
  line += "]}";
}

DumpedSeq ParseSeq(const JsonValue& v) {
  DumpedSeq s;
  s.id = static_cast<uint64_t>(v.At("id").AsInt());
  s.prefill = v.At("prefill").AsBool();
  s.q_len = static_cast<int32_t>(v.At("q_len").AsInt());
  s.kv_len = static_cast<int32_t>(v.At("kv_len").AsInt());
  s.token = v.At("token").AsBool();
  s.done = v.At("done").AsBool();
  if (const JsonValue* blocks = v.Find("blocks")) {
    for (const JsonValue& b : blocks->AsArray())
      s.blocks.push_back(static_cast<int32_t>(b.AsInt()));
  }
  return s;
}

DumpedStep ParseStep(const JsonValue& v) {
  DumpedStep s;
  s.step = v.At("step").AsInt();
  s.replica = static_cast<int32_t>(v.At("replica").AsInt());
  s.start = v.At("start_ns").AsInt();
  s.end = v.At("end_ns").AsInt();
  s.predicted_us = v.At("predicted_us").AsDouble();
  for (const JsonValue& seq : v.At("seqs").AsArray()) s.seqs.push_back(ParseSeq(seq));
  return s;
}

DumpedRequest ParseRequest(const JsonValue& v) {
  DumpedRequest r;
  r.id = static_cast<uint64_t>(v.At("id").AsInt());
  r.arrival = v.At("arrival_ns").AsInt();
  r.prompt_tokens = static_cast<int32_t>(v.At("prompt_tokens").AsInt());
  r.output_tokens = static_cast<int32_t>(v.At("output_tokens").AsInt());
  return r;
}

// Calls parse(line_value, line_no) for every non-empty line, prefixing errors with name:line.
template <class F>
void ForEachJsonLine(std::istream& in, const std::string& name, F&& parse) {
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    try {
      parse(JsonValue::Parse(line), line_no);
    } catch (const Error& e) {
      throw Error(fmt::format("{}:{}: {}", name, line_no, e.what()));
    }
  }
}

// CheckBatchDumpSchedule's state: what each request has done so far in the file's step order.
class ScheduleChecker {
 public:
  ScheduleChecker(const std::string& name, size_t max_problems)
      : name_(name), max_problems_(max_problems) {}

  void Request(const DumpedRequest& r) {
    if (r.prompt_tokens < 1 || r.output_tokens < 1) {
      Problem(r.line, fmt::format("request {} has {} prompt and {} output tokens; expected at "
                                  "least one of each",
                                  r.id, r.prompt_tokens, r.output_tokens));
    }
    if (!requests_.emplace(r.id, State{&r}).second) {
      Problem(r.line, fmt::format("request {} is declared twice; expected one request record "
                                  "per id",
                                  r.id));
    }
  }

  void Step(const DumpedStep& s) {
    if (s.end < s.start) {
      Problem(s.line, fmt::format("step {} ends at {} ns before it starts at {} ns; expected end "
                                  ">= start",
                                  s.step, s.end, s.start));
    }
    auto [last, first_of_replica] = last_step_.try_emplace(s.replica, &s);
    if (!first_of_replica) {
      const DumpedStep& before = *last->second;
      if (s.step <= before.step || s.start < before.end) {
        Problem(s.line, fmt::format("replica {}'s step {} ({} .. {} ns) does not follow its step "
                                    "{} ({} .. {} ns); expected one step at a time, in order",
                                    s.replica, s.step, s.start, s.end, before.step, before.start,
                                    before.end));
      }
      last->second = &s;
    }
    for (const DumpedSeq& q : s.seqs) Seq(s, q);
  }

  std::vector<std::string> TakeProblems() { return std::move(problems_); }

 private:
  struct State {
    const DumpedRequest* request = nullptr;
    bool done = false;
  };

  void Seq(const DumpedStep& s, const DumpedSeq& q) {
    auto it = requests_.find(q.id);
    if (it == requests_.end()) {
      Problem(s.line, fmt::format("step {} schedules request {}, which is not declared; expected "
                                  "a request record for every id",
                                  s.step, q.id));
      return;
    }
    State& state = it->second;
    const DumpedRequest& r = *state.request;
    const int64_t context = int64_t{r.prompt_tokens} + r.output_tokens;
    std::string what;
    if (state.done) {
      what = "is scheduled after it finished";
    } else if (s.start < r.arrival) {
      what = fmt::format("starts at {} ns, before its arrival at {} ns", s.start, r.arrival);
    } else if (q.q_len < 1 || (!q.prefill && q.q_len != 1)) {
      what = fmt::format("computes {} tokens in a {}", q.q_len, q.prefill ? "prefill" : "decode");
    } else if (q.kv_len < q.q_len || q.kv_len > context) {
      what = fmt::format("holds a context of {} tokens with {} computed, of {} prompt + output",
                         q.kv_len, q.q_len, context);
    } else if (q.done && !q.token) {
      what = "finishes without producing a token";
    }
    if (!what.empty()) {
      Problem(s.line, fmt::format("step {}: request {} {}; expected a schedule a simulator can "
                                  "run",
                                  s.step, q.id, what));
    }
    state.done = state.done || q.done;
  }

  void Problem(int line, std::string what) {
    if (problems_.size() < max_problems_) {
      problems_.push_back(fmt::format("{}:{}: {}", name_, line, what));
    }
  }

  const std::string& name_;
  size_t max_problems_;
  std::map<uint64_t, State> requests_;
  std::map<int32_t, const DumpedStep*> last_step_;
  std::vector<std::string> problems_;
};

}  // namespace

void BatchDumpWriter::WriteMeta(const std::map<std::string, std::string>& meta) {
  std::string line = fmt::format("{{\"kind\":\"meta\",\"schema\":{}", kBatchDumpSchema);
  for (const auto& [k, v] : meta) line += fmt::format(",{}:{}", Quote(k), Quote(v));
  out_ << line << "}\n";
}

void BatchDumpWriter::WriteRequest(const DumpedRequest& r) {
  out_ << fmt::format(
      "{{\"kind\":\"request\",\"id\":{},\"arrival_ns\":{},\"prompt_tokens\":{},"
      "\"output_tokens\":{}}}\n",
      r.id, r.arrival, r.prompt_tokens, r.output_tokens);
}

void BatchDumpWriter::WriteStep(const DumpedStep& s) {
  std::string line = fmt::format(
      "{{\"kind\":\"step\",\"step\":{},\"replica\":{},\"start_ns\":{},\"end_ns\":{},"
      "\"predicted_us\":{},\"seqs\":[",
      s.step, s.replica, s.start, s.end, s.predicted_us);
  for (size_t i = 0; i < s.seqs.size(); ++i) {
    if (i > 0) line += ',';
    WriteSeq(line, s.seqs[i]);
  }
  out_ << line << "]}\n";
}

BatchDump ReadBatchDump(std::istream& in, const std::string& name) {
  BatchDump dump;
  ForEachJsonLine(in, name, [&](const JsonValue& v, int line) {
    const std::string& kind = v.At("kind").AsString();
    if (kind == "meta") {
      if (v.At("schema").AsInt() != kBatchDumpSchema) {
        throw Error(fmt::format("schema {} is not supported; expected {}", v.At("schema").AsInt(),
                                kBatchDumpSchema));
      }
      for (const auto& [k, value] : v.Members()) {
        if (value.IsString()) dump.meta[k] = value.AsString();
      }
    } else if (kind == "request") {
      dump.requests.push_back(ParseRequest(v));
      dump.requests.back().line = line;
    } else if (kind == "step") {
      dump.steps.push_back(ParseStep(v));
      dump.steps.back().line = line;
    } else {
      throw Error(fmt::format("unknown record kind '{}'; expected meta, request or step", kind));
    }
  });
  const std::vector<std::string> problems = CheckBatchDumpSchedule(dump, name);
  if (!problems.empty()) {
    std::string message;
    for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
    throw Error(message);
  }
  return dump;
}

std::vector<std::string> CheckBatchDumpSchedule(const BatchDump& dump, const std::string& name,
                                                size_t max_problems) {
  ScheduleChecker checker(name, max_problems);
  for (const DumpedRequest& r : dump.requests) checker.Request(r);
  for (const DumpedStep& s : dump.steps) checker.Step(s);
  return checker.TakeProblems();
}

std::map<std::pair<int32_t, int64_t>, double> ReadMeasuredSteps(std::istream& in,
                                                                const std::string& name) {
  std::map<std::pair<int32_t, int64_t>, double> out;
  ForEachJsonLine(in, name, [&](const JsonValue& v, int /*line*/) {
    if (const JsonValue* kind = v.Find("kind"); kind != nullptr && kind->AsString() != "step") {
      return;  // meta lines carry provenance of the measurement
    }
    const int32_t replica = v.Find("replica") ? static_cast<int32_t>(v.At("replica").AsInt()) : 0;
    const double us = v.At("measured_us").AsDouble();
    if (!(us > 0)) throw Error(fmt::format("measured_us {} must be > 0", us));
    out[{replica, v.At("step").AsInt()}] = us;
  });
  return out;
}

}  // namespace gpuplan
