// ProgressBar: progress with an ETA for long runs (plan searches, sweeps), drawn on a terminal and
// silent everywhere else, so logs, pipes and CI output never fill with carriage returns:
//
//   plan  [###########...................]  12/40  30%  2m05s elapsed, ETA 4m52s
//
// Usage (thread-safe, so worker threads can report as they finish):
//   ProgressBar bar = ProgressBar::ForStderr(probes.size(), "plan");
//   ... bar.Advance(); ...
//   bar.Finish();  // or let the destructor do it
// The clock and the terminal check are injectable for tests.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

namespace gpuplan {

// True when stderr is a terminal (isatty), where redrawing a line in place works.
bool StderrIsTerminal();

class ProgressBar {
 public:
  // Monotonic seconds; the default reads std::chrono::steady_clock.
  using Clock = std::function<double()>;

  struct Options {
    std::string label;
    int width = 30;             // characters between the brackets
    double min_redraw_s = 0.1;  // redraw at most this often (the final state always draws)
  };

  // Draws on `out` only when `enabled`; a disabled bar ignores every call. A total of 0 means
  // "not known yet": nothing is drawn until Update(done, total) gives one.
  ProgressBar(int64_t total, std::ostream& out, bool enabled, Options options, Clock clock = {});
  // A bar on std::cerr, enabled when stderr is a terminal.
  static ProgressBar ForStderr(int64_t total, std::string label);
  ~ProgressBar();
  ProgressBar(ProgressBar&& other) noexcept;
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Advance(int64_t steps = 1);
  void Update(int64_t done);
  // Sets the count and a revised total together: for work whose size is an estimate that
  // sharpens as it goes (a plan's replica searches).
  void Update(int64_t done, int64_t total);
  // Draws the final state and ends the line. Later calls do nothing.
  void Finish();

  bool enabled() const { return enabled_; }

  // One line of the bar, without the carriage return: pure, for tests.
  static std::string FormatLine(std::string_view label, int64_t done, int64_t total,
                                double elapsed_s, int width);
  // "45s", "3m05s", "2h07m".
  static std::string FormatDuration(double seconds);

 private:
  void DrawLocked(bool force);

  std::mutex mutex_;
  int64_t total_;
  int64_t done_ = 0;
  std::ostream* out_;
  bool enabled_;
  bool finished_ = false;
  Options options_;
  Clock clock_;
  double start_s_ = 0;
  double last_draw_s_ = -1;
  int64_t drawn_done_ = -1;  // the count on screen
};

}  // namespace gpuplan
