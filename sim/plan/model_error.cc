#include "sim/plan/model_error.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include "sim/core/error.h"
#include "sim/documents/plan_document.h"
#include "sim/plan/candidates.h"
#include "sim/plan/probe.h"
#include "sim/util/csv_parser.h"
#include "sim/util/options.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

constexpr std::string_view kColumns[] = {
    "engine",        "gpu",      "statistic",  "held_out_rows", "held_out_median", "held_out_p90",
    "held_out_bias", "all_rows", "all_median", "all_p90",       "all_bias"};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One record's cells by column name, each problem located at its cell.
class BandRowReader {
 public:
  BandRowReader(const std::string& path, const detail::CsvRecord& record,
                const std::map<std::string, size_t, std::less<>>& columns, Diagnostics& problems)
      : path_(path), record_(record), columns_(columns), problems_(problems) {}

  std::string Text(std::string_view column) const {
    return record_.fields[columns_.find(column)->second];
  }

  std::string Name(std::string_view column) {
    std::string text = Text(column);
    if (text.empty()) Fail(column, "is empty; expected a name");
    return text;
  }

  int Count(std::string_view column) {
    const std::string text = Text(column);
    const std::optional<int64_t> v = ParseInt(text);
    if (!v || *v < 0 || *v > 10'000'000) {
      Fail(column, fmt::format("'{}' is not a row count; expected an integer >= 0", text));
      return 0;
    }
    return static_cast<int>(*v);
  }

  // A fraction: empty only where the group has no rows (`rows` == 0); a median or p90 is >= 0.
  double Fraction(std::string_view column, int rows, bool signed_value) {
    const std::string text = Text(column);
    if (text.empty()) {
      if (rows > 0) Fail(column, "is empty; expected a fraction (the group has rows)");
      return kNaN;
    }
    const std::optional<double> v = ParseDouble(text);
    if (!v || !std::isfinite(*v) || (!signed_value && *v < 0)) {
      Fail(column, fmt::format("'{}' is not valid; expected a finite {}fraction", text,
                               signed_value ? "" : "non-negative "));
      return kNaN;
    }
    return *v;
  }

 private:
  void Fail(std::string_view column, std::string message) {
    const size_t index = columns_.find(column)->second;
    problems_.Add({path_, record_.line, record_.columns[index]}, fmt::format("column '{}'", column),
                  std::move(message));
  }

  const std::string& path_;
  const detail::CsvRecord& record_;
  const std::map<std::string, size_t, std::less<>>& columns_;
  Diagnostics& problems_;
};

const ErrorBandRow* FindRow(const ErrorBands& bands, std::string_view engine, std::string_view gpu,
                            std::string_view statistic) {
  for (const ErrorBandRow& row : bands.rows) {
    if (row.engine == engine && row.gpu == gpu && row.statistic == statistic) return &row;
  }
  return nullptr;
}

// The four scopes in the order of preference: the candidate's own GPU before the engine's every
// GPU (another GPU's error says less), the held-out half before every row (nothing was fitted on
// it), each only with kMinModelErrorRows rows or more.
std::optional<ModelErrorStat> PickStat(const ErrorBands& bands, std::string_view engine,
                                       std::string_view gpu, std::string_view statistic) {
  for (std::string_view scope : {gpu, std::string_view("*")}) {
    const ErrorBandRow* row = FindRow(bands, engine, scope, statistic);
    if (row == nullptr) continue;
    if (row->held_out_rows >= kMinModelErrorRows) {
      return ModelErrorStat{
          std::string(statistic), row->gpu,          true, row->held_out_rows, row->held_out_median,
          row->held_out_p90,      row->held_out_bias};
    }
    if (row->all_rows >= kMinModelErrorRows) {
      return ModelErrorStat{std::string(statistic), row->gpu,     false,        row->all_rows,
                            row->all_median,        row->all_p90, row->all_bias};
    }
  }
  return std::nullopt;
}

bool HasEngine(const ErrorBands& bands, std::string_view engine) {
  for (const ErrorBandRow& row : bands.rows) {
    if (row.engine == engine) return true;
  }
  return false;
}

}  // namespace

std::string ErrorBandsPath(const std::string& catalog_root) {
  return (std::filesystem::path(catalog_root) / "validation" / "serving_error_bands.csv").string();
}

ErrorBands ParseErrorBands(std::string_view text, const std::string& path) {
  ErrorBands bands;
  bands.path = path;
  detail::CsvParser parser(text, path);
  detail::CsvRecord header;
  Diagnostics problems;
  if (!parser.Next(&header)) {
    problems.Add({path, 1, 1}, "header", "the file is empty; expected a header row");
    problems.ThrowIfAny();
  }
  std::map<std::string, size_t, std::less<>> columns;
  for (size_t i = 0; i < header.fields.size(); ++i) columns.emplace(header.fields[i], i);
  for (std::string_view name : kColumns) {
    if (!columns.count(name)) {
      problems.Add({path, header.line, 1}, fmt::format("column '{}'", name),
                   "is missing from the header; expected the columns of `gpuplan validate "
                   "serving --bands` (docs/validation.md)");
    }
  }
  problems.ThrowIfAny();
  detail::CsvRecord record;
  while (parser.Next(&record)) {
    if (record.fields.size() != header.fields.size()) {
      problems.Add({path, record.line, 1}, "row",
                   fmt::format("{} fields; expected {} as in the header", record.fields.size(),
                               header.fields.size()));
      continue;
    }
    BandRowReader r(path, record, columns, problems);
    ErrorBandRow row;
    row.engine = r.Name("engine");
    row.gpu = r.Name("gpu");
    row.statistic = r.Name("statistic");
    row.held_out_rows = r.Count("held_out_rows");
    row.held_out_median = r.Fraction("held_out_median", row.held_out_rows, false);
    row.held_out_p90 = r.Fraction("held_out_p90", row.held_out_rows, false);
    row.held_out_bias = r.Fraction("held_out_bias", row.held_out_rows, true);
    row.all_rows = r.Count("all_rows");
    row.all_median = r.Fraction("all_median", row.all_rows, false);
    row.all_p90 = r.Fraction("all_p90", row.all_rows, false);
    row.all_bias = r.Fraction("all_bias", row.all_rows, true);
    bands.rows.push_back(std::move(row));
  }
  for (const Diagnostic& d : parser.problems().items()) problems.Add(d.loc, d.path, d.message);
  problems.ThrowIfAny();
  return bands;
}

std::optional<ErrorBands> ReadErrorBands(const std::string& catalog_root) {
  if (catalog_root.empty()) return std::nullopt;  // a catalog built in memory has no folder
  const std::string path = ErrorBandsPath(catalog_root);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  return ParseErrorBands(ReadInputFile(path, "the model's error bands (serving_error_bands.csv)"),
                         path);
}

const ModelErrorStat* ModelError::Find(std::string_view statistic) const {
  for (const ModelErrorStat& s : statistics) {
    if (s.statistic == statistic) return &s;
  }
  return nullptr;
}

ModelError PickModelError(const ErrorBands* bands, std::string_view engine,
                          std::string_view engine_family, std::string_view gpu) {
  ModelError out{.engine = "", .gpu = std::string(gpu), .statistics = {}, .not_validated = ""};
  if (bands == nullptr) {
    out.not_validated = "the catalog has no validation/serving_error_bands.csv";
    return out;
  }
  if (HasEngine(*bands, engine)) {
    out.engine = std::string(engine);
  } else if (!engine_family.empty() && HasEngine(*bands, engine_family)) {
    out.engine = std::string(engine_family);
  } else {
    out.not_validated = fmt::format("no serving runs of engine {} were validated", engine);
    return out;
  }
  for (std::string_view statistic : kModelErrorStatistics) {
    if (std::optional<ModelErrorStat> s = PickStat(*bands, out.engine, gpu, statistic)) {
      out.statistics.push_back(std::move(*s));
    }
  }
  if (out.statistics.empty()) {
    out.not_validated =
        fmt::format("fewer than {} validated serving runs of {} on {} or on any GPU",
                    kMinModelErrorRows, out.engine, gpu);
  }
  return out;
}

ModelError CandidateModelError(const ErrorBands* bands, const Candidate& candidate) {
  const EngineSpec& engine = candidate.scenario.engine;
  const std::string& kind = candidate.scenario.latency.kind;
  if (kind != "roofline" && kind != "calibrated") {
    return ModelError{
        .engine = "",
        .gpu = candidate.gpu,
        .statistics = {},
        .not_validated = fmt::format("the plan's latency model '{}' is not the one validated (the "
                                     "roofline, or a calibration bundle)",
                                     kind)};
  }
  return PickModelError(bands, engine.name, engine.kv_memory_rule, candidate.gpu);
}

std::string ModelErrorScopeText(const ModelErrorStat& stat) {
  return fmt::format("{}, {}, {} rows", stat.gpu == "*" ? "every GPU" : stat.gpu,
                     stat.held_out ? "held-out half" : "all rows", stat.rows);
}

std::string_view ModelErrorStatisticLabel(std::string_view statistic) {
  if (statistic == "ttft_mean") return "TTFT mean";
  if (statistic == "tpot") return "TPOT";
  if (statistic == "e2e_mean") return "E2E mean";
  return statistic;
}

std::string ModelErrorSummary(const ModelError& error) {
  if (!error.validated())
    return fmt::format("model error: not validated ({})", error.not_validated);
  // The scope without the candidate's own GPU, which the line already names.
  auto scope = [&](const ModelErrorStat& s) {
    return fmt::format("{}{}, {} rows", s.gpu == error.gpu ? "" : "every GPU, ",
                       s.held_out ? "held-out half" : "all rows", s.rows);
  };
  const ModelErrorStat& first = error.statistics.front();
  std::string out =
      fmt::format("model error for {} on {} ({}):", error.engine, error.gpu, scope(first));
  for (size_t i = 0; i < error.statistics.size(); ++i) {
    const ModelErrorStat& s = error.statistics[i];
    if (i == 0) {
      out += fmt::format(" {} {:.1f}% median / {:.1f}% p90", ModelErrorStatisticLabel(s.statistic),
                         s.median * 100, s.p90 * 100);
    } else {
      out += fmt::format(", {} {:.1f}% / {:.1f}%", ModelErrorStatisticLabel(s.statistic),
                         s.median * 100, s.p90 * 100);
    }
    const bool same = s.gpu == first.gpu && s.held_out == first.held_out && s.rows == first.rows;
    if (!same) out += fmt::format(" ({})", scope(s));
  }
  return out;
}

std::vector<MarginWithinError> MarginsWithinModelError(const ModelError& error,
                                                       const ProbeResult& probe) {
  std::vector<MarginWithinError> out;
  for (SloMetric m : kSloMetrics) {
    const MetricEstimate& e = probe.metrics[m];
    if (!e.enabled) continue;
    const ModelErrorStat* stat = error.Find(ModelErrorStatisticOf(m));
    if (stat == nullptr || !(e.margin < stat->median)) continue;
    out.push_back({m, e.margin, *stat});
  }
  return out;
}

}  // namespace gpuplan
