// ProgressBar with an injected clock and terminal flag: the line's format and ETA, throttled
// redraws, and silence when the output is not a terminal.
#include "sim/cli/progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace gpuplan {
namespace {

TEST(ProgressBarTest, FormatsBarCountsPercentAndEta) {
  EXPECT_EQ(ProgressBar::FormatLine("plan", 0, 40, 0, 10),
            "plan  [..........]  0/40    0%  0s elapsed, ETA --");
  // 10 of 40 in 30 s: 3 s each, 30 left -> 90 s.
  EXPECT_EQ(ProgressBar::FormatLine("plan", 10, 40, 30, 10),
            "plan  [##........]  10/40   25%  30s elapsed, ETA 1m30s");
  EXPECT_EQ(ProgressBar::FormatLine("", 40, 40, 3725, 10),
            "[##########]  40/40  100%  1h02m elapsed");
  EXPECT_EQ(ProgressBar::FormatLine("x", 0, 0, 1, 4), "x  [####]  0/0  100%  1s elapsed");
}

TEST(ProgressBarTest, FormatsDurations) {
  EXPECT_EQ(ProgressBar::FormatDuration(0.4), "0s");
  EXPECT_EQ(ProgressBar::FormatDuration(59.4), "59s");
  EXPECT_EQ(ProgressBar::FormatDuration(185), "3m05s");
  EXPECT_EQ(ProgressBar::FormatDuration(7620), "2h07m");
  EXPECT_EQ(ProgressBar::FormatDuration(-3), "0s");
}

TEST(ProgressBarTest, DrawsInPlaceOnATerminalAndThrottlesRedraws) {
  std::ostringstream out;
  double now = 100;
  {
    ProgressBar bar(4, out, true, {.label = "sweep", .width = 4, .min_redraw_s = 1},
                    [&] { return now; });
    now = 100.5;
    bar.Advance();  // within min_redraw_s of the first draw: skipped
    now = 102;
    bar.Advance();  // drawn: 2 of 4 after 2 s
    now = 104;
    bar.Update(4);  // the final state always draws
  }                 // the destructor ends the line
  EXPECT_EQ(out.str(),
            "\rsweep  [....]  0/4    0%  0s elapsed, ETA --\x1b[K"
            "\rsweep  [##..]  2/4   50%  2s elapsed, ETA 2s\x1b[K"
            "\rsweep  [####]  4/4  100%  4s elapsed\x1b[K\n");
}

TEST(ProgressBarTest, RevisedTotalRedrawsAgainstTheNewEstimate) {
  std::ostringstream out;
  double now = 0;
  ProgressBar bar(10, out, true, {.label = "plan", .width = 4, .min_redraw_s = 0},
                  [&] { return now; });
  now = 2;
  bar.Update(2, 8);  // the estimate shrank: 2 of 8, not 2 of 10
  now = 3;
  bar.Update(9, 6);  // a count beyond a shrunk total is clamped to it, and that is the end
  bar.Finish();
  EXPECT_EQ(out.str(),
            "\rplan  [....]  0/10    0%  0s elapsed, ETA --\x1b[K"
            "\rplan  [#...]  2/8   25%  2s elapsed, ETA 6s\x1b[K"
            "\rplan  [####]  6/6  100%  3s elapsed\x1b[K\n");
}

TEST(ProgressBarTest, UnknownTotalDrawsNothingUntilTheFirstUpdate) {
  std::ostringstream out;
  {
    ProgressBar bar(0, out, true, {.label = "plan"}, [] { return 0.0; });
  }  // finished before any work was announced (a plan that failed while loading)
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressBarTest, IsSilentWhenNotATerminal) {
  std::ostringstream out;
  {
    ProgressBar bar(3, out, false, {.label = "plan"}, [] { return 0.0; });
    bar.Advance(2);
    bar.Finish();
    EXPECT_FALSE(bar.enabled());
  }
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressBarTest, MovedFromBarDoesNotDrawAgain) {
  std::ostringstream out;
  double now = 0;
  ProgressBar a(2, out, true, {.width = 2}, [&] { return now; });
  ProgressBar b(std::move(a));
  now = 1;
  b.Advance(2);
  b.Finish();
  b.Finish();  // finishing twice ends the line once
  EXPECT_EQ(out.str(),
            "\r[..]  0/2    0%  0s elapsed, ETA --\x1b[K\r[##]  2/2  100%  1s elapsed\x1b[K\n");
}

}  // namespace
}  // namespace gpuplan
