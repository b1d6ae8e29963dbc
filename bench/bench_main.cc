// main() of gpuplan_bench: Google Benchmark's own, except that without a --benchmark_filter
// (flag or BENCHMARK_FILTER) the long-running memory benchmark is left out, so a plain
// `gpuplan_bench` stays short. Run it with --benchmark_filter=BM_TenMillionRequests.
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
  static char kSkipLong[] = "--benchmark_filter=-BM_TenMillionRequests";
  if (!filtered) args.push_back(kSkipLong);
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
