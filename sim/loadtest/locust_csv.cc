#include "sim/loadtest/locust_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "sim/core/error.h"
#include "sim/util/csv_parser.h"
#include "sim/util/options.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

constexpr std::string_view kStatsSuffix = "_stats.csv";
constexpr std::string_view kAggregated = "Aggregated";

enum class RowKind { kRequests, kTtft, kTpot, kAggregated };

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

RowKind KindOf(const std::string& name) {
  if (name == kAggregated) return RowKind::kAggregated;
  const std::string n = Lower(name);
  for (const char* ttft : {"time_to_first_token", "ttft"}) {
    if (n.find(ttft) != std::string::npos) return RowKind::kTtft;
  }
  for (const char* tpot : {"time_per_output_token", "tpot", "inter_token"}) {
    if (n.find(tpot) != std::string::npos) return RowKind::kTpot;
  }
  return RowKind::kRequests;
}

// One CSV file as rows of named cells, with every problem located.
class Table {
 public:
  Table(const std::string& text, std::string name, Diagnostics& diags)
      : name_(std::move(name)), diags_(diags) {
    detail::CsvParser parser(text, name_);
    if (!parser.Next(&header_)) {
      diags_.Add({name_, 1, 1}, "", "empty file; expected Locust's header line");
    }
    for (size_t i = 0; i < header_.fields.size(); ++i) columns_[header_.fields[i]] = i;
    for (detail::CsvRecord r; parser.Next(&r);) rows_.push_back(r);
    for (const Diagnostic& d : parser.problems().items()) diags_.Add(d.loc, d.path, d.message);
  }

  bool Require(std::initializer_list<const char*> names) {
    bool ok = true;
    for (const char* n : names) {
      if (!columns_.count(n)) {
        diags_.Add({name_, header_.line, 1}, n,
                   "column missing; expected the header Locust writes with --csv");
        ok = false;
      }
    }
    return ok;
  }

  const std::vector<detail::CsvRecord>& rows() const { return rows_; }
  bool Has(const std::string& column) const { return columns_.count(column) != 0; }

  std::string Text(const detail::CsvRecord& r, const std::string& column) const {
    const size_t i = columns_.at(column);
    return i < r.fields.size() ? r.fields[i] : "";
  }

  // A number >= 0 in `column`; nullopt for Locust's "N/A" or an empty cell (no data), and a
  // diagnostic for anything else.
  std::optional<double> Number(const detail::CsvRecord& r, const std::string& column) {
    const size_t i = columns_.at(column);
    if (i >= r.fields.size()) {
      diags_.Add({name_, r.line, 1}, column, "cell missing; expected one per header column");
      return std::nullopt;
    }
    const std::string& cell = r.fields[i];
    if (cell.empty() || cell == "N/A") return std::nullopt;
    const std::optional<double> v = ParseDouble(cell);
    if (!v || *v < 0) {
      diags_.Add({name_, r.line, r.columns[i]}, column,
                 fmt::format("'{}' is not a number >= 0; expected one", cell));
      return std::nullopt;
    }
    return v;
  }

  const std::string& name() const { return name_; }

 private:
  std::string name_;
  Diagnostics& diags_;
  detail::CsvRecord header_;
  std::map<std::string, size_t> columns_;
  std::vector<detail::CsvRecord> rows_;
};

class LocustReader {
 public:
  LocustReader(Table& stats, Table& history, Diagnostics& diags)
      : stats_(stats), history_(history), diags_(diags) {}

  MeasuredRun Read() {
    run_.format = "locust_csv";
    run_.source_file = stats_.name();
    run_.provenance["backend"] = "locust";
    if (stats_.Require({"Name", "Request Count", "Failure Count", "Median Response Time",
                        "Average Response Time", "Requests/s"})) {
      ReadStats();
    }
    if (history_.Require({"Timestamp", "User Count"})) ReadHistory();
    diags_.ThrowIfAny();
    return std::move(run_);
  }

 private:
  void ReadStats() {
    const detail::CsvRecord* requests = nullptr;
    const detail::CsvRecord* aggregated = nullptr;
    int request_rows = 0;
    bool custom = false;
    for (const detail::CsvRecord& r : stats_.rows()) {
      switch (KindOf(stats_.Text(r, "Name"))) {
        case RowKind::kTtft:
          Latencies(r, "ttft");
          custom = true;
          break;
        case RowKind::kTpot:
          Latencies(r, "tpot");
          custom = true;
          break;
        case RowKind::kAggregated:
          aggregated = &r;
          break;
        case RowKind::kRequests:
          requests = &r;
          ++request_rows;
          break;
      }
    }
    if (request_rows > 1) {
      if (custom || aggregated == nullptr) {
        diags_.Add({stats_.name(), 0, 0}, "Name",
                   fmt::format("{} request names; expected one endpoint beside the TTFT/TPOT "
                               "events",
                               request_rows));
        return;
      }
      requests = aggregated;
    }
    if (requests == nullptr) {
      diags_.Add({stats_.name(), 0, 0}, "Name", "no request row; expected the endpoint's row");
      return;
    }
    Latencies(*requests, "e2el");
    const std::optional<double> count = stats_.Number(*requests, "Request Count");
    const std::optional<double> failures = stats_.Number(*requests, "Failure Count");
    if (const std::optional<double> rate = stats_.Number(*requests, "Requests/s")) {
      run_.stats.emplace_back("request_throughput", *rate);
    }
    if (count) {
      run_.regime.num_requests = static_cast<int64_t>(*count);
      run_.stats.emplace_back("completed", *count - failures.value_or(0));
    }
  }

  // Locust's response-time columns of one row as <prefix>_<family>_ms statistics.
  void Latencies(const detail::CsvRecord& r, const char* family) {
    auto add = [&](const std::string& column, const std::string& prefix) {
      if (!stats_.Has(column)) return;
      if (const std::optional<double> v = stats_.Number(r, column)) {
        run_.stats.emplace_back(fmt::format("{}_{}_ms", prefix, family), *v);
      }
    };
    add("Average Response Time", "mean");
    add("Median Response Time", "median");
    for (const char* p : {"90", "95", "99"}) add(fmt::format("{}%", p), fmt::format("p{}", p));
  }

  void ReadHistory() {
    double users = 0;
    std::optional<double> first;
    double last = 0;
    for (const detail::CsvRecord& r : history_.rows()) {
      if (const std::optional<double> u = history_.Number(r, "User Count")) {
        users = std::max(users, *u);
      }
      if (const std::optional<double> t = history_.Number(r, "Timestamp")) {
        if (!first) first = *t;
        last = *t;
      }
    }
    if (users < 1) {
      diags_.Add({history_.name(), 0, 0}, "User Count",
                 "no row with users; expected the history of a run with at least one user");
      return;
    }
    run_.regime.max_concurrency = static_cast<int32_t>(users);
    if (first) run_.duration_s = last - *first;
  }

  Table& stats_;
  Table& history_;
  Diagnostics& diags_;
  MeasuredRun run_;
};

}  // namespace

MeasuredRun ParseLocustCsv(const std::string& stats_text, const std::string& stats_name,
                           const std::string& history_text, const std::string& history_name) {
  Diagnostics diags;
  Table stats(stats_text, stats_name, diags);
  Table history(history_text, history_name, diags);
  return LocustReader(stats, history, diags).Read();
}

MeasuredRun ReadLocustCsv(const std::string& stats_path) {
  if (!stats_path.ends_with(kStatsSuffix)) {
    throw UsageError(
        fmt::format("{}: expected Locust's PREFIX{} (the history file is found "
                    "beside it)",
                    stats_path, kStatsSuffix));
  }
  const std::string history_path =
      stats_path.substr(0, stats_path.size() - kStatsSuffix.size()) + "_stats_history.csv";
  return ParseLocustCsv(ReadInputFile(stats_path, "Locust's PREFIX_stats.csv"), stats_path,
                        ReadInputFile(history_path,
                                      "Locust's PREFIX_stats_history.csv beside "
                                      "the statistics"),
                        history_path);
}

}  // namespace gpuplan
