// Collectives as NCCL runs them. NCCL prices every way it can run a collective with one formula
// (src/graph/tuning.cc: a fixed latency per call, a latency per ring step, and the bytes over a
// bandwidth) and runs the cheapest; which way wins changes with the message size. gpuplan uses
// the same shape, with the costs fitted on Vidur's NCCL measurements (docs/validation.md):
//
//   time = min over candidates c of
//            base_c + steps x hop_factor_c x hop latency + traffic / (link x bus_efficiency_c)
//
// where the link bandwidth (per direction) and the hop latency are the GPU's catalog values.
// The candidates are the ring with each of NCCL's three protocols,
//   LL      8-byte stores of 4 data bytes and a flag: the lowest latency, the least bandwidth;
//   LL128   128-byte lines with 8 flag bytes: medium latency, most of the bandwidth;
//   Simple  plain copies with fences between chunks: the highest latency, all of the bandwidth;
// and, for all-reduce on NVLink 4 (NVSwitch 3) or later, NVLS (NVLink SHARP): the switch adds
// the buffers, so each GPU sends its buffer once and receives the sum once, with no ring steps.
//
//   collective          ring steps   traffic per GPU        candidates
//   all-reduce          2 (n - 1)    2 (n - 1) / n x bytes  LL, LL128, Simple, NVLS
//   all-gather (total)  n - 1        (n - 1) / n x bytes    LL, LL128, Simple
//   send/recv           1            bytes                  LL, Simple; base = hop latency
//
// Inside a CUDA graph (decode steps) NCCL pays no host launch: every candidate's per-call cost is
// then nccl_graph_base_us.
//
// The serving engines run small tensor-parallel all-reduces with their own kernels rather than
// NCCL (AllReduceStrategy, chosen per engine): a one-shot kernel (every GPU reads the n - 1
// peers' buffers over NVLink and adds them) and a two-shot kernel (reduce-scatter, then
// all-gather), each a barrier plus its traffic:
//   one-shot  base + (n - 1) x bytes / (link x efficiency)
//   two-shot  base + 2 (n - 1) / n x bytes / (link x efficiency)
//
// NCCL's point-to-point path does not go through its collective tuner (no per-call base
// latency, no LL128): a send pays the GPU's hop latency (the catalog's one-hop launch + link
// latency) and one step of LL or Simple. One rank costs nothing.
#pragma once

#include <optional>
#include <string_view>

#include "sim/catalog/specs.h"
#include "sim/latency/roofline_options.h"

namespace gpuplan {

enum class CollectiveAlgorithm {
  kRingLl,
  kRingLl128,
  kRingSimple,
  kNvls,
  kOneShot,
  kTwoShot,
  kNone
};
std::string_view CollectiveAlgorithmName(CollectiveAlgorithm algorithm);

// The cost parameters of one candidate.
struct CollectiveCost {
  double base_s = 0;          // per call, whatever the ranks and bytes
  double hop_factor = 0;      // per ring step, in multiples of the GPU's hop latency
  double bus_efficiency = 1;  // fraction of the link bandwidth the traffic moves at
};

struct CollectiveTime {
  double seconds = 0;
  CollectiveAlgorithm algorithm = CollectiveAlgorithm::kNone;
};

// How an engine runs a tensor-parallel all-reduce (EngineSpec::all_reduce):
//   kNccl        always NCCL;
//   kCustom      vLLM's custom all-reduce (SGLang ships the same kernels): for 2, 4, 6 or 8 GPUs,
//                messages under 8 MiB, NVLink between all GPUs (or only 2 GPUs); one-shot for 2
//                GPUs, under 512 KiB on 4 and under 256 KiB on 6-8, two-shot otherwise; NCCL
//                for the rest (vllm/distributed/device_communicators/custom_all_reduce.py);
//   kTrtllmAuto  TensorRT-LLM's AUTO strategy: MIN_LATENCY kernels (one-shot up to 128 tokens,
//                two-shot above) for 2 GPUs, and for more GPUs up to 128 tokens; NCCL above 128
//                tokens on more than 2 GPUs, beyond the workspace (16 MB for 2 GPUs, 8 MB
//                otherwise) or without NVLink (thop/allreduceOp.cpp, selectImplementation).
enum class AllReduceStrategy { kNccl, kCustom, kTrtllmAuto };
std::optional<AllReduceStrategy> ParseAllReduceStrategy(std::string_view name);

// Whether NCCL can use NVLS on this GPU's fabric: `interconnect` is NVLink 4 or later
// ("nvlink4", "nvlink5"; H100/H200 SXM and B200 boards, whose NVSwitches reduce).
bool HasNvls(const GpuSpec& gpu);

class CollectiveModel {
 public:
  CollectiveModel() = default;
  CollectiveModel(const GpuSpec& gpu, const RooflineOptions& options);
  // The same costs on an explicit link (tests, the fit): bandwidth per direction in bytes/s.
  CollectiveModel(double link_bytes_per_s, double hop_latency_s, bool nvls,
                  const RooflineOptions& options, bool nvlink = true);

  // NCCL; `graphed`: inside a CUDA graph.
  CollectiveTime AllReduce(double bytes, int ranks, bool graphed = false) const;
  CollectiveTime AllGather(double total_bytes, int ranks, bool graphed = false) const;
  // An engine's all-reduce of `tokens` rows of `bytes` in all.
  CollectiveTime EngineAllReduce(AllReduceStrategy strategy, double bytes, int ranks, double tokens,
                                 bool graphed) const;
  // The engine kernels alone, whatever the strategy would choose.
  double OneShotSeconds(double bytes, int ranks) const;
  double TwoShotSeconds(double bytes, int ranks) const;
  CollectiveTime SendRecv(double bytes) const;

  // One candidate alone (for tests and reports): `steps` ring steps moving `traffic` bytes per
  // GPU, with or without the per-call base cost.
  double CandidateSeconds(CollectiveAlgorithm algorithm, double steps, double traffic,
                          bool with_base) const;
  const CollectiveCost& Cost(CollectiveAlgorithm algorithm) const;
  bool nvls() const { return nvls_; }

 private:
  CollectiveTime Cheapest(double steps, double traffic, bool graphed) const;

  double link_bytes_per_s_ = 0;
  double hop_s_ = 0;
  bool nvls_ = false;
  bool nvlink_ = false;
  double graph_base_s_ = 0;
  CollectiveCost ll_, ll128_, simple_, nvls_cost_, oneshot_, twoshot_;
};

}  // namespace gpuplan
