// Real arrival-rate curves for planning: a ServeGen per-client rate folder (Alibaba Bailian's
// published characterisation, e.g. language/m-large/chunk-<client>-trace.csv) summed over its
// clients into the service's rate per window, a 24-hour profile (the mean over days of each hour)
// and its peak/mean ratio. The profile can replace the synthetic diurnal curve of TrafficInputs.
//
// File format (no header, LF or CRLF): window_start_s,rate_rps,cv,pattern,shape,scale, one row per
// window (600 s in the published data), window starts increasing. Only the first two columns are
// used here; the other four describe the inter-arrival distribution inside the window.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace gpuplan {

struct RateWindow {
  double start_s = 0;
  double rate_rps = 0;
};

// One client's windows. Throws ConfigError at file:line for a malformed row.
std::vector<RateWindow> ReadServeGenClient(const std::string& path);

struct ServeGenRates {
  int clients = 0;
  double window_s = 0;            // the smallest step between window starts
  std::vector<RateWindow> total;  // summed over clients, by window start; a missing row is 0
  double mean_rps = 0;            // over windows
  double peak_rps = 0;
  double peak_start_s = 0;  // start of the (first) busiest window
  double min_rps = 0;
  double peak_to_mean = 0;
  // Mean rate of each hour of the day (hour = start mod 86,400 s / 3,600 s), over every window
  // that starts in it; 0 for an hour without windows.
  std::array<double, 24> hourly_rps{};

  // The hourly profile as a TrafficInputs::diurnal_curve.
  std::vector<double> DiurnalCurve() const {
    return std::vector<double>(hourly_rps.begin(), hourly_rps.end());
  }
};

// Sums every chunk-<client>-trace.csv in `folder` (clients in numeric order, so the sums are the
// same on every machine). Throws ConfigError when the folder has no such file, a file is
// malformed (at file:line), or the windows are longer than an hour or do not divide it.
ServeGenRates ReadServeGenRates(const std::string& folder);

}  // namespace gpuplan
