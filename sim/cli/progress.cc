#include "sim/cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>

namespace gpuplan {
namespace {

double SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Erases from the cursor to the end of the line: a shorter line leaves no tail of the last one.
constexpr std::string_view kClearToEol = "\x1b[K";

}  // namespace

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(int64_t total, std::ostream& out, bool enabled, Options options,
                         Clock clock)
    : total_(std::max<int64_t>(total, 0)),
      out_(&out),
      enabled_(enabled),
      options_(std::move(options)),
      clock_(clock ? std::move(clock) : Clock(SteadySeconds)) {
  if (!enabled_) return;
  start_s_ = clock_();
  if (total_ == 0) return;  // a total not known yet: the first Update(done, total) draws
  std::lock_guard lock(mutex_);
  DrawLocked(true);
}

ProgressBar ProgressBar::ForStderr(int64_t total, std::string label) {
  return ProgressBar(total, std::cerr, StderrIsTerminal(), Options{.label = std::move(label)});
}

ProgressBar::ProgressBar(ProgressBar&& other) noexcept
    : total_(other.total_),
      done_(other.done_),
      out_(other.out_),
      enabled_(other.enabled_),
      finished_(other.finished_),
      options_(std::move(other.options_)),
      clock_(std::move(other.clock_)),
      start_s_(other.start_s_),
      last_draw_s_(other.last_draw_s_),
      drawn_done_(other.drawn_done_) {
  other.enabled_ = false;  // the moved-from bar must not draw or finish the line
}

ProgressBar::~ProgressBar() {
  try {
    Finish();
  } catch (...) {  // a destructor must not throw; a lost progress line is harmless
  }
}

void ProgressBar::Advance(int64_t steps) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  done_ = std::min(total_, done_ + steps);
  DrawLocked(done_ == total_);
}

void ProgressBar::Update(int64_t done) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  done_ = std::clamp<int64_t>(done, 0, total_);
  DrawLocked(done_ == total_);
}

void ProgressBar::Update(int64_t done, int64_t total) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  total_ = std::max<int64_t>(total, 0);
  done_ = std::clamp<int64_t>(done, 0, total_);
  DrawLocked(done_ == total_);
}

void ProgressBar::Finish() {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = drawn_done_ < 0 && total_ == 0;  // never given a total: nothing on screen to end
  if (finished_) return;
  if (drawn_done_ != done_) DrawLocked(true);
  *out_ << '\n' << std::flush;
  finished_ = true;
}

void ProgressBar::DrawLocked(bool force) {
  if (finished_) return;
  const double now = clock_();
  if (!force && last_draw_s_ >= 0 && now - last_draw_s_ < options_.min_redraw_s) return;
  last_draw_s_ = now;
  drawn_done_ = done_;
  *out_ << '\r' << FormatLine(options_.label, done_, total_, now - start_s_, options_.width)
        << kClearToEol << std::flush;
}

std::string ProgressBar::FormatDuration(double seconds) {
  const auto s = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

std::string ProgressBar::FormatLine(std::string_view label, int64_t done, int64_t total,
                                    double elapsed_s, int width) {
  const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1;
  const int filled = static_cast<int>(std::floor(fraction * width));
  std::string line = label.empty() ? "" : fmt::format("{}  ", label);
  line += fmt::format("[{}{}]  {}/{}  {:>3}%  {} elapsed", std::string(filled, '#'),
                      std::string(width - filled, '.'), done, total,
                      static_cast<int>(std::floor(fraction * 100)), FormatDuration(elapsed_s));
  if (done >= total) return line;
  // The ETA assumes the remaining items take as long as the finished ones did on average; it
  // means nothing before the first item finishes.
  if (done == 0) return line + ", ETA --";
  const double eta = elapsed_s / static_cast<double>(done) * static_cast<double>(total - done);
  return line + ", ETA " + FormatDuration(eta);
}

}  // namespace gpuplan
