// Locust's CSV statistics (`locust --csv PREFIX` writes PREFIX_stats.csv and
// PREFIX_stats_history.csv; locust/stats.py StatsCSV): per request name, the request and failure
// counts, median, average, min and max response time in ms, requests/s and percentile columns
// ("50%", ..., "99%", "100%"); the history file samples the run with its user count.
//
// gpuplan reads PREFIX_stats.csv and the history beside it:
//   - a row whose name holds "time_to_first_token" or "ttft" gives the TTFT statistics, one with
//     "time_per_output_token", "tpot" or "inter_token" the TPOT statistics (the custom events LLM
//     locustfiles fire per request with the measured value as the response time);
//   - the one other named row is the requests themselves: E2E statistics, request_throughput
//     (Requests/s), completed (requests - failures) and the request count (with no custom
//     events, the "Aggregated" row when the file has several request names);
//   - the history's largest user count is the number of clients, replayed as a closed loop
//     without think time (Locust's users with `wait_time` 0, as a load test of a serving engine
//     runs them); its first and last timestamps give the duration.
// Locust rounds each response time to two significant digits before it counts percentiles
// (locust/stats.py round_response_time), so its percentiles are coarse by up to 5%. The file
// lists no request lengths: `compare` draws them from the scenario's workload.
#pragma once

#include <string>

#include "sim/loadtest/measured_run.h"

namespace gpuplan {

// Reads PREFIX_stats.csv and PREFIX_stats_history.csv; every problem is reported at once, at its
// line and column (ConfigError).
MeasuredRun ReadLocustCsv(const std::string& stats_path);
MeasuredRun ParseLocustCsv(const std::string& stats_text, const std::string& stats_name,
                           const std::string& history_text, const std::string& history_name);

}  // namespace gpuplan
