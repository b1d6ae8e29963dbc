// main() of gpuplan_bench: Google Benchmark's own, except that without a --benchmark_filter
// (flag or BENCHMARK_FILTER) the long-running benchmarks (memory, a whole day) are left out, so a
// plain `gpuplan_bench` stays short. Run them with --benchmark_filter=BM_TenMillionRequests or
// --benchmark_filter=BM_DayAt100ReqS.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  bool filtered = std::getenv("BENCHMARK_FILTER") != nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--benchmark_filter", 18) == 0) filtered = true;
  }
  static char kSkipLong[] = "--benchmark_filter=-BM_TenMillionRequests|BM_DayAt100ReqS";
  if (!filtered) args.push_back(kSkipLong);
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
