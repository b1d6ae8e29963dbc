#include "sim/plan/servegen_rates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "sim/core/error.h"
#include "sim/plan/traffic.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A fresh folder per test under the GoogleTest temp dir, removed afterwards.
class ServeGenFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / (std::string("gpuplan_servegen_") + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  // The message of the ConfigError that reading the folder raises.
  std::string ErrorOf() {
    try {
      ReadServeGenRates(dir_.string());
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(no error)";
  }

  fs::path dir_;
};

TEST_F(ServeGenFolderTest, SumsClientsByHand) {
  // Client 0 (CRLF, with a blank line): 1.0 @ 0 s, 2.0 @ 600 s, 4.0 @ 3,600 s.
  Write("chunk-0-trace.csv",
        "0,1.0,2.1,Gamma,0.2,5.0\r\n600,2.0,1.5,Weibull,0.5,0.4\r\n\r\n3600,4.0,1.0,Gamma,1,0."
        "25\r\n");
  // Client 1: 0.5 in the same windows, plus 3.0 @ 90,000 s (day 2, hour 1), where client 0 has
  // no row (counted as 0).
  Write("chunk-1-trace.csv",
        "0,0.5,1,Gamma,1,2\n600,0.5,1,Gamma,1,2\n3600,0.5,1,Gamma,1,2\n90000,3.0,1,Gamma,1,0.33\n");
  Write("chunk-1-dataset.json", "{}");  // not a rate file: ignored
  Write("notes.txt", "ignored");

  ServeGenRates r = ReadServeGenRates(dir_.string());
  EXPECT_EQ(r.clients, 2);
  EXPECT_DOUBLE_EQ(r.window_s, 600);
  ASSERT_EQ(r.total.size(), 4u);
  // Totals: 1.5 @ 0, 2.5 @ 600, 4.5 @ 3,600, 3.0 @ 90,000.
  EXPECT_DOUBLE_EQ(r.total[0].rate_rps, 1.5);
  EXPECT_DOUBLE_EQ(r.total[1].rate_rps, 2.5);
  EXPECT_DOUBLE_EQ(r.total[2].rate_rps, 4.5);
  EXPECT_DOUBLE_EQ(r.total[3].start_s, 90'000);
  EXPECT_DOUBLE_EQ(r.total[3].rate_rps, 3.0);
  EXPECT_DOUBLE_EQ(r.mean_rps, 2.875);  // (1.5 + 2.5 + 4.5 + 3.0) / 4
  EXPECT_DOUBLE_EQ(r.peak_rps, 4.5);
  EXPECT_DOUBLE_EQ(r.peak_start_s, 3'600);
  EXPECT_DOUBLE_EQ(r.min_rps, 1.5);
  EXPECT_NEAR(r.peak_to_mean, 1.565217, 1e-6);  // 4.5 / 2.875
  // Hour 0: (1.5 + 2.5) / 2 = 2.0; hour 1: 3,600 s and 90,000 s (= 86,400 + 3,600) -> (4.5 + 3.0)
  // / 2 = 3.75; every other hour has no window.
  EXPECT_DOUBLE_EQ(r.hourly_rps[0], 2.0);
  EXPECT_DOUBLE_EQ(r.hourly_rps[1], 3.75);
  EXPECT_DOUBLE_EQ(r.hourly_rps[2], 0.0);
  EXPECT_EQ(r.DiurnalCurve().size(), 24u);
}

TEST_F(ServeGenFolderTest, ReadsOneClient) {
  const std::string path = Write("chunk-7-trace.csv", "0,0,0,,0,0\n600,0.25,3,Weibull,0.4,1\n");
  std::vector<RateWindow> w = ReadServeGenClient(path);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_DOUBLE_EQ(w[0].rate_rps, 0);  // an idle window: empty pattern column
  EXPECT_DOUBLE_EQ(w[1].start_s, 600);
  EXPECT_DOUBLE_EQ(w[1].rate_rps, 0.25);
}

TEST_F(ServeGenFolderTest, BadNumberIsReportedAtFileLineColumn) {
  const std::string path = Write("chunk-0-trace.csv", "0,1,1,Gamma,1,1\n600,abc,1,Gamma,1,1\n");
  EXPECT_EQ(ErrorOf(), path +
                           ":2:5: rate_rps 'abc' is not a number; expected a finite decimal "
                           "number");
}

TEST_F(ServeGenFolderTest, WrongColumnCount) {
  const std::string path = Write("chunk-0-trace.csv", "0,1,1,Gamma,1,1\n600,1,1,Gamma,1\n");
  EXPECT_EQ(ErrorOf(), path +
                           ":2:1: row has 5 fields; expected 6: window_start_s,rate_rps,cv,"
                           "pattern,shape,scale (no header)");
}

TEST_F(ServeGenFolderTest, HeaderRowIsAnError) {
  const std::string path =
      Write("chunk-0-trace.csv", "window_start_s,rate_rps,cv,pattern,shape,scale\n0,1,1,,0,0\n");
  EXPECT_THAT(ErrorOf(), HasSubstr(path + ":1:1: window_start_s 'window_start_s' is not a number"));
}

TEST_F(ServeGenFolderTest, NegativeRateAndDecreasingStarts) {
  const std::string path = Write("chunk-0-trace.csv", "0,-1,1,Gamma,1,1\n");
  EXPECT_EQ(ErrorOf(), path + ":1:3: rate_rps is -1; expected requests/s >= 0");
  Write("chunk-0-trace.csv", "600,1,1,Gamma,1,1\n600,1,1,Gamma,1,1\n");
  EXPECT_THAT(ErrorOf(), HasSubstr(":2:1: window_start_s 600 does not follow 600; expected "
                                   "increasing window starts"));
}

TEST_F(ServeGenFolderTest, EmptyFileAndEmptyFolder) {
  EXPECT_EQ(ErrorOf(), dir_.string() +
                           ": no chunk-<client>-trace.csv files; expected ServeGen "
                           "per-client rate files");
  const std::string path = Write("chunk-3-trace.csv", "\n");
  EXPECT_EQ(ErrorOf(), path + ": the file has no rows; expected one row per window");
}

// A client file that is a FIFO (or a link to a device) is refused before it is opened: opening a
// FIFO for reading would block forever.
TEST_F(ServeGenFolderTest, AClientFileThatIsNotARegularFileIsRefused) {
  const std::string fifo = (dir_ / "chunk-1-trace.csv").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    ReadServeGenClient(fifo);
    FAIL() << "a FIFO was read";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr(fifo + ": "));
    EXPECT_THAT(e.what(), HasSubstr("FIFO"));
    EXPECT_THAT(e.what(), HasSubstr("; expected a ServeGen rate file"));
  }
  fs::remove(fifo);
  const std::string regular = Write("chunk-2-trace.csv", "0,1,1,Gamma,1,1\n");
  fs::create_directory(dir_ / "chunk-3-trace.csv");  // a folder with a client file's name
  EXPECT_EQ(ReadServeGenClient(regular).size(), 1u);
  EXPECT_THAT([&] { ReadServeGenClient((dir_ / "chunk-3-trace.csv").string()); },
              ::testing::Throws<ConfigError>());
}

TEST_F(ServeGenFolderTest, MissingFolder) {
  const std::string missing = (dir_ / "nope").string();
  EXPECT_THROW(ReadServeGenRates(missing), ConfigError);
}

TEST_F(ServeGenFolderTest, WindowsLongerThanAnHourAreRejected) {
  Write("chunk-0-trace.csv", "0,1,1,Gamma,1,1\n7200,1,1,Gamma,1,1\n");
  EXPECT_THAT(ErrorOf(), HasSubstr("windows of 7200 s; expected windows that divide an hour"));
}

// The published m-large folder, checked against the statistics in the traces README.
TEST(ServeGenRealTest, LanguageMLarge) {
  const std::string folder = std::string(GPUPLAN_TRACES_DIR) + "/servegen/language/m-large";
  if (!fs::is_directory(folder)) GTEST_SKIP() << "ServeGen folder not available: " << folder;
  ServeGenRates r = ReadServeGenRates(folder);
  EXPECT_EQ(r.clients, 162);
  EXPECT_EQ(r.total.size(), 2'016u);  // 14 days x 144 windows
  EXPECT_DOUBLE_EQ(r.window_s, 600);
  // README: summed mean 196 req/s, peak 583, min 48, peak/mean ~= 3.0.
  EXPECT_NEAR(r.mean_rps, 196, 0.5);
  EXPECT_NEAR(r.peak_rps, 583, 0.5);
  EXPECT_NEAR(r.min_rps, 48, 0.5);
  EXPECT_NEAR(r.peak_to_mean, 3.0, 0.05);
  // Our own awk sums over the same files: mean 195.8439, peak 582.9917 in the window at 80,400 s
  // (day 0, 22:20); quietest hour 08:00 (154.315), busiest 19:00 (223.814).
  EXPECT_NEAR(r.mean_rps, 195.8439, 1e-3);
  EXPECT_NEAR(r.peak_rps, 582.9917, 1e-3);
  EXPECT_DOUBLE_EQ(r.peak_start_s, 80'400);
  EXPECT_NEAR(r.hourly_rps[8], 154.315, 1e-3);
  EXPECT_NEAR(r.hourly_rps[19], 223.814, 1e-3);

  // The profile drives a traffic derivation: the busiest hour is 19:00.
  TrafficInputs in;
  in.dau = 1'000;
  in.sessions_per_user_per_day = 1;
  in.requests_per_session = 1;
  in.diurnal_curve = r.DiurnalCurve();
  in.mean_prompt_tokens = 1;
  in.mean_output_tokens = 1;
  in.expected_latency_s = 1;
  EXPECT_EQ(DeriveTraffic(in).peak_hour, 19);
}

}  // namespace
}  // namespace gpuplan
