// The Mooncake (FAST'25) JSONL trace: {"timestamp": ms, "input_length": n, "output_length": n,
// "hash_ids": [...]}. Other keys are ignored, so newer releases with extra fields still load.
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <unordered_set>

#include "sim/core/options.h"
#include "sim/core/text_file.h"
#include "sim/workload/csv_reader.h"
#include "sim/workload/json_line.h"
#include "sim/workload/trace_workload.h"

namespace gpuplan {
namespace {

using detail::JsonMember;

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
    std::string error;
    int column = 0;
    if (!detail::ParseFlatJsonObject(text_, &members_, &error, &column)) {
      detail::ThrowFileError(path_, line_, column, error);
    }
    row->line = line_;
    row->time_ns = TimestampNs(Find("timestamp"));
    row->prompt_tokens = Integer(Find("input_length"));
    row->output_tokens = Integer(Find("output_length"));
    for (const JsonMember& m : members_) {
      if (m.key == "hash_ids") CountHashes(m);
    }
  }

  const JsonMember& Find(std::string_view key) const {
    for (const JsonMember& m : members_) {
      if (m.key == key) return m;
    }
    detail::ThrowFileError(path_, line_, 1,
                           fmt::format("missing key \"{}\"; expected \"timestamp\", "
                                       "\"input_length\" and \"output_length\"",
                                       key));
  }

  int64_t Integer(const JsonMember& m) const {
    const std::optional<int64_t> value =
        m.kind == JsonMember::Kind::kNumber ? ParseInt(m.text) : std::nullopt;
    if (!value) {
      detail::ThrowFileError(path_, line_, m.column,
                             fmt::format("\"{}\" is {}; expected an integer", m.key, Shown(m)));
    }
    return *value;
  }

  static std::string Shown(const JsonMember& m) {
    switch (m.kind) {
      case JsonMember::Kind::kArray:
        return "an array";
      case JsonMember::Kind::kString:
        return fmt::format("the string \"{}\"", m.text);
      default:
        return fmt::format("'{}'", m.text);
    }
  }

  // Milliseconds, integer (exact) or decimal.
  int64_t TimestampNs(const JsonMember& m) const {
    if (m.kind == JsonMember::Kind::kNumber) {
      if (const std::optional<int64_t> ms = ParseInt(m.text);
          ms && std::abs(static_cast<double>(*ms)) <= kMaxTraceTimestampMs) {
        return *ms * kNanosPerMilli;
      }
      if (const std::optional<double> ms = ParseDouble(m.text);
          ms && std::abs(*ms) <= kMaxTraceTimestampMs) {
        return std::llround(*ms * static_cast<double>(kNanosPerMilli));
      }
    }
    detail::ThrowFileError(path_, line_, m.column,
                           fmt::format("\"timestamp\" is {}; expected milliseconds as a number "
                                       "within +-{:g}",
                                       Shown(m), kMaxTraceTimestampMs));
  }

  void CountHashes(const JsonMember& m) {
    if (m.kind != JsonMember::Kind::kArray) {
      detail::ThrowFileError(path_, line_, m.column,
                             "\"hash_ids\" is not an array; expected a list of integers");
    }
    for (std::string_view item : m.items) {
      const std::optional<int64_t> id = ParseInt(item);
      if (!id) {
        detail::ThrowFileError(path_, line_, m.column,
                               fmt::format("\"hash_ids\" item '{}' is not an integer; expected a "
                                           "list of integers",
                                           item));
      }
      ++hash_blocks_;
      if (!seen_hashes_.insert(*id).second) ++hash_blocks_reused_;
    }
  }

  std::string path_;
  std::ifstream in_;
  std::string text_;
  int line_ = 0;
  std::vector<JsonMember> members_;
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
