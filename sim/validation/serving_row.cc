#include "sim/validation/serving_row.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "sim/util/csv_parser.h"
#include "sim/util/options.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

using M = ServingMetric;
using F = MetricFamily;

constexpr std::array<ServingMetricInfo, kNumServingMetrics> kMetrics = {{
    {M::kTtftMean, "ttft_mean_ms", F::kTtft, "mean"},
    {M::kTtftP50, "ttft_p50_ms", F::kTtft, "p50"},
    {M::kTtftP90, "ttft_p90_ms", F::kTtft, "p90"},
    {M::kTtftP95, "ttft_p95_ms", F::kTtft, "p95"},
    {M::kTtftP99, "ttft_p99_ms", F::kTtft, "p99"},
    {M::kTpotMean, "tpot_mean_ms", F::kTpot, "mean"},
    {M::kTpotP50, "tpot_p50_ms", F::kTpot, "p50"},
    {M::kTpotP90, "tpot_p90_ms", F::kTpot, "p90"},
    {M::kTpotP95, "tpot_p95_ms", F::kTpot, "p95"},
    {M::kTpotP99, "tpot_p99_ms", F::kTpot, "p99"},
    {M::kItlMean, "itl_mean_ms", F::kItl, "mean"},
    {M::kItlP99, "itl_p99_ms", F::kItl, "p99"},
    {M::kE2elMean, "e2el_mean_ms", F::kE2el, "mean"},
    {M::kE2elP50, "e2el_p50_ms", F::kE2el, "p50"},
    {M::kE2elP95, "e2el_p95_ms", F::kE2el, "p95"},
    {M::kE2elP99, "e2el_p99_ms", F::kE2el, "p99"},
    {M::kRequestThroughput, "request_throughput", F::kThroughput, ""},
    {M::kOutputThroughput, "output_throughput", F::kThroughput, ""},
    {M::kTotalTokenThroughput, "total_token_throughput", F::kThroughput, ""},
    {M::kOutputThroughputPerGpu, "output_throughput_per_gpu", F::kThroughput, ""},
}};

// The columns gpuplan reads besides the metrics. A file without one of them is not this format.
constexpr std::string_view kRequiredColumns[] = {"set",
                                                 "source",
                                                 "engine",
                                                 "engine_version",
                                                 "model",
                                                 "model_hf_id",
                                                 "gpu",
                                                 "num_gpus",
                                                 "tp",
                                                 "pp",
                                                 "ep",
                                                 "dp",
                                                 "weight_dtype",
                                                 "kv_dtype",
                                                 "workload",
                                                 "isl",
                                                 "osl",
                                                 "isl_dist",
                                                 "osl_dist",
                                                 "arrival",
                                                 "concurrency",
                                                 "request_rate",
                                                 "num_requests",
                                                 "max_num_seqs",
                                                 "max_num_batched_tokens",
                                                 "kv_blocks",
                                                 "block_size",
                                                 "extra_args",
                                                 "notes"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads the cells of one record into a row; problems are located at the record's cells.
class RowReader {
 public:
  RowReader(const std::string& path, const detail::CsvRecord& record,
            const std::map<std::string, size_t, std::less<>>& columns, Diagnostics& problems)
      : path_(path), record_(record), columns_(columns), problems_(problems) {}

  std::string Text(std::string_view column) const {
    const auto it = columns_.find(column);
    return it == columns_.end() ? std::string() : std::string(Trim(record_.fields[it->second]));
  }

  std::optional<int64_t> Int(std::string_view column, int64_t min, int64_t max) {
    const std::string text = Text(column);
    if (text.empty()) return std::nullopt;
    const std::optional<int64_t> v = ParseInt(text);
    if (!v || *v < min || *v > max) {
      Fail(column,
           fmt::format("'{}' is not valid; expected an integer in [{}, {}]", text, min, max));
      return std::nullopt;
    }
    return v;
  }

  std::optional<int> SmallInt(std::string_view column) {
    const auto v = Int(column, 1, 10'000'000);
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  }

  // A non-negative number; "inf" only where `allow_inf`.
  std::optional<double> Number(std::string_view column, bool allow_inf) {
    const std::string text = Text(column);
    if (text.empty()) return std::nullopt;
    if (allow_inf && (text == "inf" || text == "Inf" || text == "INF")) return INFINITY;
    const std::optional<double> v = ParseDouble(text);
    if (!v || !std::isfinite(*v) || *v < 0) {
      Fail(column, fmt::format("'{}' is not valid; expected a finite number >= 0{}", text,
                               allow_inf ? " or inf" : ""));
      return std::nullopt;
    }
    return v;
  }

 private:
  void Fail(std::string_view column, std::string message) {
    const size_t index = columns_.find(column)->second;
    problems_.Add({path_, record_.line, record_.columns[index]}, std::string(column),
                  std::move(message));
  }

  const std::string& path_;
  const detail::CsvRecord& record_;
  const std::map<std::string, size_t, std::less<>>& columns_;
  Diagnostics& problems_;
};

ServingRow ReadRow(RowReader& r, int line) {
  ServingRow row;
  row.line = line;
  row.set = r.Text("set");
  row.source = r.Text("source");
  row.engine = r.Text("engine");
  row.engine_version = r.Text("engine_version");
  row.model = r.Text("model");
  row.model_hf_id = r.Text("model_hf_id");
  row.gpu = r.Text("gpu");
  row.num_gpus = r.SmallInt("num_gpus");
  row.tp = r.SmallInt("tp");
  row.pp = r.SmallInt("pp");
  row.ep = r.SmallInt("ep");
  row.dp = r.SmallInt("dp");
  row.weight_dtype = r.Text("weight_dtype");
  row.kv_dtype = r.Text("kv_dtype");
  row.workload = r.Text("workload");
  row.isl = r.SmallInt("isl");
  row.osl = r.SmallInt("osl");
  row.isl_dist = r.Text("isl_dist");
  row.osl_dist = r.Text("osl_dist");
  row.arrival = r.Text("arrival");
  row.concurrency = r.SmallInt("concurrency");
  row.request_rate = r.Number("request_rate", true);
  row.num_requests = r.Int("num_requests", 1, 1'000'000'000);
  row.max_num_seqs = r.SmallInt("max_num_seqs");
  row.max_num_batched_tokens = r.SmallInt("max_num_batched_tokens");
  row.kv_blocks = r.SmallInt("kv_blocks");
  row.block_size = r.SmallInt("block_size");
  row.extra_args = r.Text("extra_args");
  row.notes = r.Text("notes");
  for (const ServingMetricInfo& info : kMetrics) {
    if (const auto v = r.Number(info.column, false)) row.measured[info.metric] = *v;
  }
  return row;
}

}  // namespace

const std::array<ServingMetricInfo, kNumServingMetrics>& ServingMetrics() { return kMetrics; }

const ServingMetricInfo& InfoOf(ServingMetric metric) {
  return kMetrics[static_cast<size_t>(metric)];
}

std::string_view FamilyName(MetricFamily family) {
  switch (family) {
    case F::kThroughput:
      return "throughput";
    case F::kTtft:
      return "ttft";
    case F::kTpot:
      return "tpot";
    case F::kItl:
      return "itl";
    case F::kE2el:
      return "e2el";
  }
  return "?";
}

std::string ServingRow::Id() const { return fmt::format("serving.csv:{}", line); }

ServingData ParseServingData(std::string_view text, const std::string& path) {
  ServingData data;
  data.path = path;
  detail::CsvParser parser(text, path);
  detail::CsvRecord header;
  if (!parser.Next(&header)) {
    Diagnostics empty;
    empty.Add({path, 1, 1}, "header", "the file is empty; expected a header row");
    empty.ThrowIfAny();
  }
  std::map<std::string, size_t, std::less<>> columns;
  for (size_t i = 0; i < header.fields.size(); ++i) columns[header.fields[i]] = i;
  Diagnostics missing;
  auto require = [&](std::string_view name) {
    if (!columns.count(name)) {
      missing.Add({path, header.line, 1}, "header",
                  fmt::format("no column '{}'; expected the serving.csv schema "
                              "(../shared/validation/README.md)",
                              name));
    }
  };
  for (std::string_view name : kRequiredColumns) require(name);
  for (const ServingMetricInfo& info : kMetrics) require(info.column);
  missing.ThrowIfAny();

  detail::CsvRecord record;
  while (parser.Next(&record)) {
    if (record.fields.size() != header.fields.size()) {
      data.problems.Add({path, record.line, 1}, "row",
                        fmt::format("{} fields; expected {} as in the header", record.fields.size(),
                                    header.fields.size()));
      continue;
    }
    const size_t before = data.problems.size();
    RowReader reader(path, record, columns, data.problems);
    ServingRow row = ReadRow(reader, record.line);
    if (data.problems.size() == before) data.rows.push_back(std::move(row));
  }
  for (const Diagnostic& d : parser.problems().items()) data.problems.Add(d.loc, d.path, d.message);
  return data;
}

ServingData ReadServingData(const std::string& path) {
  return ParseServingData(ReadInputFile(path, "a serving.csv"), path);
}

std::optional<std::string> FindKeyValue(std::string_view text, std::string_view key) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = Trim(text.substr(start, end - start));
    if (item.size() > key.size() && item.substr(0, key.size()) == key && item[key.size()] == '=') {
      return std::string(Trim(item.substr(key.size() + 1)));
    }
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace gpuplan
