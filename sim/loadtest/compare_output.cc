#include "sim/loadtest/compare_output.h"

#include <fmt/format.h>

#include "sim/util/csv_writer.h"
#include "sim/util/json_writer.h"

namespace gpuplan {

std::string CompareJson(const CompareResult& r) {
  JsonWriter w;
  w.BeginObject();
  w.Field("schema", "gpuplan.compare/1");
  w.Field("measured_file", r.measured_file);
  w.Field("scenario", r.scenario);
  w.Field("regime", r.regime);
  w.Field("simulated_workload", r.workload);
  w.Key("assumptions").BeginArray();
  for (const std::string& a : r.assumptions) w.String(a);
  w.EndArray();
  w.Key("simulated_load").BeginObject();
  w.Field("gpu_busy_fraction", r.load.gpu_busy);
  w.Field("kv_used_fraction_mean", r.load.kv_used_mean);
  w.Field("kv_used_fraction_max", r.load.kv_used_max);
  w.Field("queue_delay_mean_ms", r.load.queue_delay_mean_ms);
  w.Field("preemptions", r.load.preemptions);
  w.EndObject();
  w.Field("near_saturation", r.NearSaturation());
  w.Field("median_abs_error", r.MedianAbsError());
  w.Field("verdict", r.Verdict());
  w.Key("statistics").BeginArray();
  for (const CompareRow& row : r.rows) {
    w.BeginObject();
    w.Field("name", row.statistic);
    w.Field("measured", row.measured);
    w.Field("simulated", row.simulated);
    w.Field("error", row.error);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.TakeString() + "\n";
}

std::string CompareCsv(const CompareResult& r) {
  CsvWriter csv;
  csv.Row({"statistic", "measured", "simulated", "error"});
  for (const CompareRow& row : r.rows) {
    csv.Field(row.statistic).Field(row.measured).Field(row.simulated).Field(row.error);
    csv.EndRow();
  }
  return csv.TakeString();
}

std::string CompareRequestsCsv(const MeasuredRun& measured, const MeasuredRun& simulated) {
  CsvWriter csv;
  csv.Row({"source", "ttft_ms", "tpot_ms", "e2e_ms"});
  auto rows = [&csv](const MeasuredRun& run, std::string_view source) {
    for (const MeasuredRequest& r : run.requests) {
      if (!r.success) continue;
      csv.Text(source).Double(r.ttft_s * 1e3);
      if (r.output_tokens > 1 && r.latency_s > 0) {
        csv.Double((r.latency_s - r.ttft_s) / (r.output_tokens - 1) * 1e3);
      } else {
        csv.Empty();
      }
      if (r.latency_s > 0) {
        csv.Double(r.latency_s * 1e3);
      } else {
        csv.Empty();
      }
      csv.EndRow();
    }
  };
  rows(measured, "measured");
  rows(simulated, "simulated");
  return csv.TakeString();
}

std::string CompareTable(const CompareResult& r) {
  std::string out = fmt::format("measured   {}\nregime     {}\nsimulated  {} on scenario {}\n",
                                r.measured_file, r.regime, r.workload, r.scenario);
  for (const std::string& a : r.assumptions) out += fmt::format("assumed    {}\n", a);
  out +=
      fmt::format("\n{:<28} {:>14} {:>14} {:>9}\n", "statistic", "measured", "simulated", "error");
  for (const CompareRow& row : r.rows) {
    out += fmt::format("{:<28} {:>14.3f} {:>14.3f} {:>+8.1f}%\n", row.statistic, row.measured,
                       row.simulated, 100 * row.error);
  }
  out += fmt::format("\n{}\n", r.Verdict());
  return out;
}

}  // namespace gpuplan
