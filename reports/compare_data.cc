#include "reports/compare_data.h"

#include <cmath>

#include "reports/data_files.h"

namespace gpuplan::report {
namespace {

constexpr const char* kSchema = "gpuplan.compare/1";

void ReadLatencies(const std::filesystem::path& path, CompareReportData& d) {
  CsvRows rows(path);
  const size_t source = rows.Column("source");
  const size_t ttft = rows.Column("ttft_ms");
  const size_t tpot = rows.Column("tpot_ms");
  const size_t e2e = rows.Column("e2e_ms");
  while (rows.Next()) {
    const std::string_view who = rows.Field(source);
    if (who != "measured" && who != "simulated") {
      rows.Fail(source, "expected measured or simulated");
    }
    const bool measured = who == "measured";
    auto add = [&](size_t column, std::vector<double>& into) {
      const double v = rows.Number(column);
      if (std::isfinite(v)) into.push_back(v);
    };
    add(ttft, measured ? d.measured_ttft_ms : d.simulated_ttft_ms);
    add(tpot, measured ? d.measured_tpot_ms : d.simulated_tpot_ms);
    add(e2e, measured ? d.measured_e2e_ms : d.simulated_e2e_ms);
  }
}

}  // namespace

std::optional<CompareReportData> ReadCompareData(const std::filesystem::path& dir) {
  const std::filesystem::path json = dir / "compare.json";
  if (!std::filesystem::exists(json)) return std::nullopt;
  const JsonFile file = ReadJsonFile(json);
  const JsonCursor root = file.Root();
  if (root["schema"].RequiredString() != kSchema) {
    root["schema"].Fail(std::string("expected ") + kSchema);
  }
  CompareReportData d;
  d.measured_file = root["measured_file"].RequiredString();
  d.scenario = root["scenario"].String();
  d.regime = root["regime"].String();
  d.simulated_workload = root["simulated_workload"].String();
  for (const JsonCursor& a : root["assumptions"].Items()) d.assumptions.push_back(a.String());
  d.median_abs_error = root["median_abs_error"].RequiredNumber();
  const JsonCursor load = root["simulated_load"];
  d.gpu_busy = load["gpu_busy_fraction"].Number(0);
  d.kv_used_max = load["kv_used_fraction_max"].Number(0);
  d.near_saturation = root["near_saturation"].Bool(false);
  for (const JsonCursor& s : root["statistics"].Items()) {
    d.rows.push_back({s["name"].RequiredString(), s["measured"].RequiredNumber(),
                      s["simulated"].RequiredNumber(), s["error"].RequiredNumber()});
  }
  if (std::filesystem::exists(dir / "compare_requests.csv")) {
    ReadLatencies(dir / "compare_requests.csv", d);
  }
  return d;
}

}  // namespace gpuplan::report
