#include "sim/plan/servegen_rates.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <string_view>
#include <utility>

#include "sim/core/error.h"
#include "sim/util/options.h"
#include "sim/util/text_file.h"

namespace gpuplan {

namespace {

constexpr int kColumns = 6;
constexpr double kDefaultWindowS = 600;  // ServeGen's published window, used for one-row files

[[noreturn]] void FailAt(const std::string& path, int line, int column, std::string message) {
  throw ConfigError(std::vector<Diagnostic>{{{path, line, column}, "", std::move(message)}});
}

struct Field {
  std::string_view text;
  int column = 1;  // 1-based
};

std::vector<Field> SplitRow(std::string_view row) {
  std::vector<Field> fields;
  size_t begin = 0;
  while (true) {
    const size_t comma = row.find(',', begin);
    const size_t end = comma == std::string_view::npos ? row.size() : comma;
    fields.push_back({row.substr(begin, end - begin), static_cast<int>(begin) + 1});
    if (comma == std::string_view::npos) return fields;
    begin = comma + 1;
  }
}

double NumberAt(const std::string& path, int line, const Field& f, std::string_view name) {
  const std::optional<double> value = ParseDouble(f.text);
  if (!value) {
    FailAt(path, line, f.column,
           fmt::format("{} '{}' is not a number; expected a finite decimal number", name, f.text));
  }
  return *value;
}

RateWindow ParseRow(const std::string& path, int line, std::string_view row) {
  const std::vector<Field> fields = SplitRow(row);
  if (fields.size() != kColumns) {
    FailAt(path, line, 1,
           fmt::format("row has {} fields; expected 6: window_start_s,rate_rps,cv,pattern,shape,"
                       "scale (no header)",
                       fields.size()));
  }
  const RateWindow w{NumberAt(path, line, fields[0], "window_start_s"),
                     NumberAt(path, line, fields[1], "rate_rps")};
  if (w.start_s < 0) {
    FailAt(path, line, fields[0].column,
           fmt::format("window_start_s is {}; expected seconds >= 0", w.start_s));
  }
  if (w.rate_rps < 0) {
    FailAt(path, line, fields[1].column,
           fmt::format("rate_rps is {}; expected requests/s >= 0", w.rate_rps));
  }
  return w;
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

}  // namespace

std::vector<RateWindow> ReadServeGenClient(const std::string& path) {
  // Only a regular file of bounded size: a FIFO or a device (a symlinked chunk file) would block
  // or never end.
  if (const std::optional<std::string> problem = InputFileProblem(path)) {
    FailAt(path, 0, 0, fmt::format("{}; expected a ServeGen rate file", *problem));
  }
  std::ifstream in(path);
  if (!in) FailAt(path, 0, 0, "cannot open the file; expected a readable ServeGen rate file");
  std::vector<RateWindow> windows;
  std::string row;
  for (int line = 1; std::getline(in, row); ++line) {
    if (!row.empty() && row.back() == '\r') row.pop_back();
    if (IsBlank(row)) continue;
    const RateWindow w = ParseRow(path, line, row);
    if (!windows.empty() && w.start_s <= windows.back().start_s) {
      FailAt(path, line, 1,
             fmt::format("window_start_s {} does not follow {}; expected increasing window "
                         "starts",
                         w.start_s, windows.back().start_s));
    }
    windows.push_back(w);
  }
  if (windows.empty()) FailAt(path, 0, 0, "the file has no rows; expected one row per window");
  return windows;
}

namespace {

// chunk-<client>-trace.csv files of `folder`, by numeric client id.
std::vector<std::string> ClientFiles(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw ConfigError(
        fmt::format("{}: not a folder; expected a ServeGen folder of "
                    "chunk-<client>-trace.csv files",
                    folder));
  }
  static const std::regex kName(R"(chunk-(\d+)-trace\.csv)");
  std::vector<std::pair<long long, std::string>> found;
  for (const fs::directory_entry& e : fs::directory_iterator(folder)) {
    std::smatch m;
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && std::regex_match(name, m, kName)) {
      found.emplace_back(std::stoll(m[1].str()), e.path().string());
    }
  }
  if (found.empty()) {
    throw ConfigError(
        fmt::format("{}: no chunk-<client>-trace.csv files; expected ServeGen "
                    "per-client rate files",
                    folder));
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> paths;
  for (auto& [id, path] : found) paths.push_back(std::move(path));
  return paths;
}

double SmallestStep(const std::vector<RateWindow>& total) {
  double step = 0;
  for (size_t i = 1; i < total.size(); ++i) {
    const double gap = total[i].start_s - total[i - 1].start_s;
    if (step == 0 || gap < step) step = gap;
  }
  return step == 0 ? kDefaultWindowS : step;
}

void CheckWindow(const std::string& folder, double window_s) {
  const double per_hour = 3600 / window_s;
  if (window_s > 3600 || std::fabs(per_hour - std::round(per_hour)) > 1e-9) {
    throw ConfigError(
        fmt::format("{}: windows of {} s; expected windows that divide an hour "
                    "(600 s in the published data)",
                    folder, window_s));
  }
}

void Summarise(ServeGenRates& r) {
  std::array<int, 24> counts{};
  double sum = 0;
  r.peak_rps = r.total.front().rate_rps;
  r.peak_start_s = r.total.front().start_s;
  r.min_rps = r.total.front().rate_rps;
  for (const RateWindow& w : r.total) {
    sum += w.rate_rps;
    if (w.rate_rps > r.peak_rps) {
      r.peak_rps = w.rate_rps;
      r.peak_start_s = w.start_s;
    }
    r.min_rps = std::min(r.min_rps, w.rate_rps);
    const int hour = static_cast<int>(std::fmod(w.start_s, 86400.0) / 3600.0);
    r.hourly_rps[hour] += w.rate_rps;
    ++counts[hour];
  }
  r.mean_rps = sum / static_cast<double>(r.total.size());
  r.peak_to_mean = r.mean_rps > 0 ? r.peak_rps / r.mean_rps : 0;
  for (int h = 0; h < 24; ++h) {
    if (counts[h] > 0) r.hourly_rps[h] /= counts[h];
  }
}

}  // namespace

ServeGenRates ReadServeGenRates(const std::string& folder) {
  ServeGenRates r;
  std::map<double, double> by_start;  // window start -> summed rate
  for (const std::string& path : ClientFiles(folder)) {
    for (const RateWindow& w : ReadServeGenClient(path)) by_start[w.start_s] += w.rate_rps;
    ++r.clients;
  }
  for (const auto& [start, rate] : by_start) r.total.push_back({start, rate});
  r.window_s = SmallestStep(r.total);
  CheckWindow(folder, r.window_s);
  Summarise(r);
  return r;
}

}  // namespace gpuplan
