// CSV trace formats: one request per row, a time column and two token-count columns found by
// header name. They differ only in column names and in how the time is written.
#include <fmt/format.h>

#include <cmath>

#include "sim/workload/civil_time.h"
#include "sim/workload/csv_reader.h"
#include "sim/workload/trace_workload.h"

namespace gpuplan {
namespace {

enum class TimeFormat { kSeconds, kNaiveTimestamp };

struct CsvTraceFormat {
  const char* kind;
  const char* time_column;
  TimeFormat time_format;
  const char* prompt_column;
  const char* output_column;
};

constexpr CsvTraceFormat kAzure{"azure_llm_2023", "TIMESTAMP", TimeFormat::kNaiveTimestamp,
                                "ContextTokens", "GeneratedTokens"};
constexpr CsvTraceFormat kVidur{"vidur_csv", "arrived_at", TimeFormat::kSeconds,
                                "num_prefill_tokens", "num_decode_tokens"};
constexpr CsvTraceFormat kSplitwise{"splitwise_csv", "arrival_timestamp", TimeFormat::kSeconds,
                                    "prompt_size", "token_size"};
constexpr CsvTraceFormat kRequestCsv{"request_csv", "arrival_s", TimeFormat::kSeconds,
                                     "input_tokens", "output_tokens"};
constexpr CsvTraceFormat kMeasuredRequests{"measured_requests_csv", "arrival_offset_s",
                                           TimeFormat::kSeconds, "input_tokens", "output_tokens"};

int64_t ReadTime(const detail::CsvReader& csv, size_t column, TimeFormat format) {
  if (format == TimeFormat::kSeconds) {
    const double seconds = csv.DoubleField(column);
    if (std::abs(seconds) > kMaxTraceSeconds) {
      csv.FailAt(column, fmt::format("{} {} s is out of range; expected |time| <= {:g} s",
                                     csv.header()[column], seconds, kMaxTraceSeconds));
    }
    return ToSimTime(seconds);
  }
  const std::optional<int64_t> ns = detail::ParseNaiveTimestamp(csv.Field(column));
  if (!ns) {
    csv.FailAt(
        column,
        fmt::format(
            "{} '{}' is not a timestamp; expected YYYY-MM-DD "
            "HH:MM:SS.fffffff (a valid date and time of the years {}-{}, up to 9 fraction digits)",
            csv.header()[column], csv.Field(column), detail::kMinTimestampYear,
            detail::kMaxTimestampYear));
  }
  return *ns;
}

std::shared_ptr<const TraceWorkload> LoadCsvTrace(const CsvTraceFormat& format,
                                                  const TraceOptions& options) {
  detail::CsvReader csv(options.path);
  const size_t time = csv.Column(format.time_column);
  const size_t prompt = csv.Column(format.prompt_column);
  const size_t output = csv.Column(format.output_column);
  std::vector<TraceRow> rows;
  TraceReadLimit limit(options);
  while (csv.NextRow()) {
    TraceRow row;
    row.line = csv.line();
    row.time_ns = ReadTime(csv, time, format.time_format);
    row.prompt_tokens = csv.IntField(prompt);
    row.output_tokens = csv.IntField(output);
    rows.push_back(row);
    if (limit.CountAndCheckEnough(row)) break;
  }
  return BuildTraceWorkload(format.kind, rows, options);
}

}  // namespace

std::shared_ptr<const TraceWorkload> LoadAzureLlm2023Trace(const TraceOptions& options) {
  return LoadCsvTrace(kAzure, options);
}
std::shared_ptr<const TraceWorkload> LoadVidurCsvTrace(const TraceOptions& options) {
  return LoadCsvTrace(kVidur, options);
}
std::shared_ptr<const TraceWorkload> LoadSplitwiseCsvTrace(const TraceOptions& options) {
  return LoadCsvTrace(kSplitwise, options);
}
std::shared_ptr<const TraceWorkload> LoadRequestCsvTrace(const TraceOptions& options) {
  return LoadCsvTrace(kRequestCsv, options);
}
std::shared_ptr<const TraceWorkload> LoadMeasuredRequestsCsvTrace(const TraceOptions& options) {
  return LoadCsvTrace(kMeasuredRequests, options);
}

}  // namespace gpuplan
