// The Mooncake (FAST'25) JSONL trace: {"timestamp": ms, "input_length": n, "output_length": n,
// "hash_ids": [...]}. Other keys are ignored, so newer releases with extra fields still load.
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <unordered_set>

#include "sim/util/json_value.h"
#include "sim/util/options.h"
#include "sim/util/text_file.h"
#include "sim/workload/csv_reader.h"
#include "sim/workload/trace_workload.h"

namespace gpuplan {
namespace {

// The 1-based column where the value of `key` starts on `line` (after the first `"key":` written
// there), for messages; 1 when the key is not written plainly (escapes in it).
int ValueColumn(std::string_view line, std::string_view key) {
  const std::string quoted = fmt::format("\"{}\"", key);
  size_t at = line.find(quoted);
  if (at != std::string_view::npos) at = line.find(':', at + quoted.size());
  if (at != std::string_view::npos) at = line.find_first_not_of(" \t", at + 1);
  return at == std::string_view::npos ? 1 : static_cast<int>(at) + 1;
}

// What a value is, for messages.
std::string Shown(const JsonValue& v) {
  switch (v.type()) {
    case JsonValue::Type::kArray:
      return "an array";
    case JsonValue::Type::kObject:
      return "an object";
    case JsonValue::Type::kString:
      return fmt::format("the string \"{}\"", v.AsString());
    case JsonValue::Type::kBool:
      return v.AsBool() ? "'true'" : "'false'";
    case JsonValue::Type::kNull:
      return "'null'";
    case JsonValue::Type::kNumber:
      return fmt::format("'{}'", v.AsDouble());
  }
  return "a value";
}

class MooncakeReader {
 public:
  explicit MooncakeReader(const std::string& path) : path_(path) {
    // Streamed, so any size; but never a FIFO or a device, which would block or never end.
    if (const std::optional<std::string> problem = InputFileProblem(path_, 0)) {
      detail::ThrowFileError(path_, 0, 0, *problem + "; expected a readable JSONL file");
    }
    in_.open(path_);
    if (!in_) {
      detail::ThrowFileError(path_, 0, 0,
                             fmt::format("cannot open file: {}; expected a readable JSONL file",
                                         std::strerror(errno)));
    }
  }

  // Reads the next non-blank line into *row; false at end of file.
  bool Next(TraceRow* row) {
    while (std::getline(in_, text_)) {
      ++line_;
      if (!text_.empty() && text_.back() == '\r') text_.pop_back();
      if (const size_t cr = text_.find('\r'); cr != std::string::npos) {
        detail::ThrowFileError(path_, line_, static_cast<int>(cr) + 1,
                               std::string(kLoneCarriageReturnMessage));
      }
      if (text_.find_first_not_of(" \t") == std::string::npos) continue;
      Parse(row);
      return true;
    }
    return false;
  }

  int64_t hash_blocks() const { return hash_blocks_; }
  int64_t hash_blocks_reused() const { return hash_blocks_reused_; }

 private:
  void Parse(TraceRow* row) {
    JsonSyntaxProblem problem;
    if (!JsonValue::TryParse(text_, &record_, &problem)) {
      detail::ThrowFileError(path_, line_, static_cast<int>(problem.column),
                             problem.what + "; expected one JSON object per line");
    }
    if (!record_.IsObject()) {
      detail::ThrowFileError(
          path_, line_, 1,
          fmt::format("the line is {}; expected one JSON object per line", Shown(record_)));
    }
    row->line = line_;
    row->time_ns = TimestampNs(Find("timestamp"));
    row->prompt_tokens = Integer("input_length", Find("input_length"));
    row->output_tokens = Integer("output_length", Find("output_length"));
    if (const JsonValue* hashes = record_.Find("hash_ids")) CountHashes(*hashes);
  }

  const JsonValue& Find(std::string_view key) const {
    if (const JsonValue* v = record_.Find(key)) return *v;
    detail::ThrowFileError(path_, line_, 1,
                           fmt::format("missing key \"{}\"; expected \"timestamp\", "
                                       "\"input_length\" and \"output_length\"",
                                       key));
  }

  int64_t Integer(std::string_view key, const JsonValue& v) const {
    if (!v.IsInteger()) {
      detail::ThrowFileError(path_, line_, ValueColumn(text_, key),
                             fmt::format("\"{}\" is {}; expected an integer", key, Shown(v)));
    }
    return v.AsInt();
  }

  // Milliseconds, integer (exact) or decimal.
  int64_t TimestampNs(const JsonValue& v) const {
    if (v.IsNumber() && std::abs(v.AsDouble()) <= kMaxTraceTimestampMs) {
      if (v.IsInteger()) return v.AsInt() * kNanosPerMilli;
      return std::llround(v.AsDouble() * static_cast<double>(kNanosPerMilli));
    }
    detail::ThrowFileError(path_, line_, ValueColumn(text_, "timestamp"),
                           fmt::format("\"timestamp\" is {}; expected milliseconds as a number "
                                       "within +-{:g}",
                                       Shown(v), kMaxTraceTimestampMs));
  }

  void CountHashes(const JsonValue& hashes) {
    if (!hashes.IsArray()) {
      detail::ThrowFileError(path_, line_, ValueColumn(text_, "hash_ids"),
                             "\"hash_ids\" is not an array; expected a list of integers");
    }
    const std::vector<JsonValue>& items = hashes.AsArray();
    for (size_t i = 0; i < items.size(); ++i) {
      const JsonValue& item = items[i];
      if (!item.IsInteger()) {
        detail::ThrowFileError(path_, line_, ValueColumn(text_, "hash_ids"),
                               fmt::format("\"hash_ids\" item {} is {}; expected a list of "
                                           "integers",
                                           i + 1, Shown(item)));
      }
      ++hash_blocks_;
      if (!seen_hashes_.insert(item.AsInt()).second) ++hash_blocks_reused_;
    }
  }

  std::string path_;
  std::ifstream in_;
  std::string text_;
  int line_ = 0;
  JsonValue record_;
  std::unordered_set<int64_t> seen_hashes_;
  int64_t hash_blocks_ = 0;
  int64_t hash_blocks_reused_ = 0;
};

// Rows [begin, end) share one timestamp; they are spread evenly over [t, t + gap).
void SpreadGroup(std::vector<TraceRow>& rows, size_t begin, size_t end, int64_t gap) {
  const auto n = static_cast<int64_t>(end - begin);
  for (size_t i = begin; i < end; ++i) {
    rows[i].time_ns += gap * static_cast<int64_t>(i - begin) / n;
  }
}

void SpreadQuantised(std::vector<TraceRow>& rows) {
  if (rows.empty() || rows.back().time_ns == rows.front().time_ns) return;
  // Group starts; the rows are sorted (checked before).
  std::vector<size_t> starts;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].time_ns != rows[i - 1].time_ns) starts.push_back(i);
  }
  const int64_t mean_gap =
      (rows.back().time_ns - rows.front().time_ns) / static_cast<int64_t>(starts.size() - 1);
  for (size_t g = 0; g < starts.size(); ++g) {
    const size_t end = g + 1 < starts.size() ? starts[g + 1] : rows.size();
    const int64_t gap = end < rows.size() ? rows[end].time_ns - rows[starts[g]].time_ns : mean_gap;
    SpreadGroup(rows, starts[g], end, gap);
  }
}

bool Sorted(const std::vector<TraceRow>& rows) {
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].time_ns < rows[i - 1].time_ns) return false;
  }
  return true;
}

}  // namespace

std::shared_ptr<const TraceWorkload> LoadMooncakeTrace(const TraceOptions& options) {
  MooncakeReader reader(options.path);
  std::vector<TraceRow> rows;
  TraceRow row;
  TraceReadLimit limit(options);
  bool enough = false;
  while (reader.Next(&row)) {
    // Spreading a timestamp's rows needs the next distinct timestamp: once the rows read hold
    // every replayed request, one row more (which is not replayed) closes the last group. Spread
    // times never fall below the raw ones, so counting raw times never stops too early.
    if (enough && row.time_ns > rows.back().time_ns) {
      rows.push_back(row);
      break;
    }
    rows.push_back(row);
    enough = enough || limit.CountAndCheckEnough(row);
  }
  // Unsorted input is reported by BuildTraceWorkload; spreading it first would blur the message.
  if (options.spread_quantised && Sorted(rows)) SpreadQuantised(rows);
  TraceStats stats;
  stats.hash_blocks = reader.hash_blocks();
  stats.hash_blocks_reused = reader.hash_blocks_reused();
  return BuildTraceWorkload("mooncake", rows, options, stats);
}

}  // namespace gpuplan
