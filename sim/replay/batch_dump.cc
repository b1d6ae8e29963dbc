#include "sim/replay/batch_dump.h"

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/json_value.h"

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

// Calls parse(line_value) for every non-empty line, prefixing errors with name:line.
template <class F>
void ForEachJsonLine(std::istream& in, const std::string& name, F&& parse) {
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    try {
      parse(JsonValue::Parse(line));
    } catch (const Error& e) {
      throw Error(fmt::format("{}:{}: {}", name, line_no, e.what()));
    }
  }
}

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
  ForEachJsonLine(in, name, [&](const JsonValue& v) {
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
    } else if (kind == "step") {
      dump.steps.push_back(ParseStep(v));
    } else {
      throw Error(fmt::format("unknown record kind '{}'; expected meta, request or step", kind));
    }
  });
  return dump;
}

std::map<std::pair<int32_t, int64_t>, double> ReadMeasuredSteps(std::istream& in,
                                                                const std::string& name) {
  std::map<std::pair<int32_t, int64_t>, double> out;
  ForEachJsonLine(in, name, [&](const JsonValue& v) {
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
