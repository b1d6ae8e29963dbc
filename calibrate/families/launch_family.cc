// launch.csv: what launching kernels costs, apart from their work: host time per launch, device
// time per empty kernel back to back, the same through CUDA graph replay, and a full round trip.
#include <chrono>
#include <cstdio>

#include "calibrate/families/csv_columns.h"
#include "calibrate/families/families.h"
#include "calibrate/harness/cuda_check.h"
#include "calibrate/kernels/util.h"

namespace gpuplan::calibrate {
namespace {

constexpr int kKernelsPerSample = 100;  // host-launch and graph samples

double NowUs() {
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A graph of kKernelsPerSample empty kernels in a chain, captured from the stream.
class EmptyGraph {
 public:
  explicit EmptyGraph(cudaStream_t stream) {
    GPUPLAN_CUDA_CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
    for (int i = 0; i < kKernelsPerSample; ++i) LaunchEmptyKernel(stream);
    GPUPLAN_CUDA_CHECK(cudaStreamEndCapture(stream, &graph_));
    GPUPLAN_CUDA_CHECK(cudaGraphInstantiate(&exec_, graph_, 0));
    GPUPLAN_CUDA_CHECK(cudaGraphUpload(exec_, stream));
  }
  ~EmptyGraph() {
    if (exec_ != nullptr) cudaGraphExecDestroy(exec_);
    if (graph_ != nullptr) cudaGraphDestroy(graph_);
  }
  EmptyGraph(const EmptyGraph&) = delete;
  EmptyGraph& operator=(const EmptyGraph&) = delete;
  cudaGraphExec_t exec() const { return exec_; }

 private:
  cudaGraph_t graph_ = nullptr;
  cudaGraphExec_t exec_ = nullptr;
};

// Host wall-clock samples of `work`, each after the stream has drained.
std::vector<double> HostSamples(cudaStream_t stream, int count, const std::function<void()>& work,
                                bool include_sync) {
  std::vector<double> samples;
  for (int i = 0; i < count + 3; ++i) {  // the first three are warm-up
    GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream));
    const double start = NowUs();
    work();
    if (include_sync) GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream));
    const double end = NowUs();
    if (i >= 3) samples.push_back(end - start);
  }
  GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream));
  return samples;
}

}  // namespace

void MeasureLaunch(Context& context, const std::filesystem::path& dir) {
  namespace schema = bundle_schema;
  CsvFile csv(dir / schema::FileName(schema::kLaunch), BundleColumns(schema::kLaunch));
  const cudaStream_t stream = context.stream();
  const int samples = context.quick() ? 20 : 100;
  auto write = [&](std::string_view op, int kernels, const Stats& stats) {
    CsvRow row;
    row.Add(op).Add(kernels).AddStats(stats).Add(stats.median_us / kernels, 3);
    csv.Write(row);
    char text[160];
    std::snprintf(text, sizeof(text), "%s: median %.3f us per kernel", std::string(op).c_str(),
                  stats.median_us / kernels);
    context.Log("launch: " + std::string(text));
  };

  write(schema::kLaunchHostLaunch, kKernelsPerSample,
        Summarize(HostSamples(
            stream, samples,
            [&] {
              for (int i = 0; i < kKernelsPerSample; ++i) LaunchEmptyKernel(stream);
            },
            false)));
  write(schema::kLaunchDeviceBackToBack, 1,
        context.timer().Time([&](int) { LaunchEmptyKernel(stream); }, context.budget()));
  EmptyGraph graph(stream);
  write(
      schema::kLaunchGraphReplayDevice, kKernelsPerSample,
      context.timer().Time([&](int) { GPUPLAN_CUDA_CHECK(cudaGraphLaunch(graph.exec(), stream)); },
                           context.budget()));
  write(schema::kLaunchGraphLaunchHost, kKernelsPerSample,
        Summarize(HostSamples(
            stream, samples, [&] { GPUPLAN_CUDA_CHECK(cudaGraphLaunch(graph.exec(), stream)); },
            false)));
  write(schema::kLaunchSyncRoundTrip, 1,
        Summarize(HostSamples(
            stream, samples, [&] { LaunchEmptyKernel(stream); }, true)));
}

}  // namespace gpuplan::calibrate
