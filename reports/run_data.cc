#include "reports/run_data.h"

#include <cmath>

#include "reports/compare_data.h"
#include "reports/data_files.h"

namespace gpuplan::report {
namespace {

constexpr double kArrivalSlack_s = 1e-6;

}  // namespace

RequestSamples ReadRequestSamples(const std::filesystem::path& path, double window_start_s) {
  CsvRows csv(path);
  const size_t arrival = csv.Column("arrival_s");
  const size_t ttft = csv.Column("ttft_ms");
  const size_t tpot = csv.Column("tpot_ms");
  const size_t e2e = csv.Column("e2e_ms");
  const size_t prompt = csv.Column("prompt_tokens");
  const size_t output = csv.Column("output_tokens");
  RequestSamples samples;
  auto keep = [](std::vector<double>& to, double v) {
    if (std::isfinite(v)) to.push_back(v);
  };
  while (csv.Next()) {
    ++samples.rows;
    // The measured window opens at the first measured arrival: earlier rows are warm-up. The
    // CSV prints arrivals to the nanosecond, so compare with that much slack.
    if (csv.Number(arrival) < window_start_s - kArrivalSlack_s) continue;
    keep(samples.ttft_ms, csv.Number(ttft));
    keep(samples.tpot_ms, csv.Number(tpot));
    keep(samples.e2e_ms, csv.Number(e2e));
    keep(samples.prompt_tokens, csv.Number(prompt));
    keep(samples.output_tokens, csv.Number(output));
  }
  return samples;
}

std::vector<TimeseriesPoint> ReadTimeseries(const std::filesystem::path& path) {
  CsvRows csv(path);
  const size_t t = csv.Column("t_start_s");
  const size_t waiting = csv.Column("waiting");
  const size_t running = csv.Column("running");
  const size_t kv = csv.Column("kv_used_fraction");
  std::vector<TimeseriesPoint> points;
  while (csv.Next()) {
    points.push_back({csv.Number(t), csv.Number(waiting), csv.Number(running), csv.Number(kv)});
    if (points.size() > 1 && !(points.back().t_s > points[points.size() - 2].t_s)) {
      csv.Fail(t, "does not increase; expected rows in time order");
    }
  }
  return points;
}

RunData ReadRunData(const std::filesystem::path& dir) {
  const std::filesystem::path summary = dir / "summary.json";
  if (!std::filesystem::exists(summary)) {
    ThrowDataError(dir.string(), 0, 0, "",
                   "no summary.json; expected the output folder of `gpuplan simulate`");
  }
  RunData data;
  data.dir = dir;
  data.summary = ParseSummaryDocument(ReadTextFile(summary), summary.string());
  if (std::filesystem::exists(dir / "requests.csv")) {
    data.has_requests = true;
    data.requests = ReadRequestSamples(dir / "requests.csv", data.summary.window_start_s);
  }
  if (std::filesystem::exists(dir / "timeseries.csv")) {
    data.has_timeseries = true;
    data.timeseries = ReadTimeseries(dir / "timeseries.csv");
  }
  if (std::filesystem::exists(dir / "resolved_scenario.yaml")) {
    data.resolved_yaml = ReadTextFile(dir / "resolved_scenario.yaml");
  }
  data.comparison = ReadCompareData(dir);
  return data;
}

}  // namespace gpuplan::report
