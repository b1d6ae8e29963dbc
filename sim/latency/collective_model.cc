#include "sim/latency/collective_model.h"

#include <algorithm>
#include <string>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

constexpr double kUs = 1e-6;

CollectiveCost MakeCost(double base_us, double hop_factor, double bus_efficiency) {
  return {base_us * kUs, hop_factor, bus_efficiency};
}

}  // namespace

std::string_view CollectiveAlgorithmName(CollectiveAlgorithm algorithm) {
  switch (algorithm) {
    case CollectiveAlgorithm::kRingLl:
      return "ring/LL";
    case CollectiveAlgorithm::kRingLl128:
      return "ring/LL128";
    case CollectiveAlgorithm::kRingSimple:
      return "ring/Simple";
    case CollectiveAlgorithm::kNvls:
      return "NVLS";
    case CollectiveAlgorithm::kOneShot:
      return "one-shot";
    case CollectiveAlgorithm::kTwoShot:
      return "two-shot";
    case CollectiveAlgorithm::kNone:
      return "none";
  }
  return "none";
}

std::optional<AllReduceStrategy> ParseAllReduceStrategy(std::string_view name) {
  if (name == "nccl") return AllReduceStrategy::kNccl;
  if (name == "custom") return AllReduceStrategy::kCustom;
  if (name == "trtllm_auto") return AllReduceStrategy::kTrtllmAuto;
  return std::nullopt;
}

bool HasNvls(const GpuSpec& gpu) {
  const std::string_view prefix = "nvlink";
  const std::string_view name = gpu.interconnect;
  if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return false;
  int generation = 0;
  for (char c : name.substr(prefix.size())) {
    if (c < '0' || c > '9') return false;
    generation = generation * 10 + (c - '0');
  }
  return generation >= 4;
}

CollectiveModel::CollectiveModel(const GpuSpec& gpu, const RooflineOptions& options)
    : CollectiveModel(gpu.interconnect_gbps * 1e9, gpu.interconnect_latency_us * kUs, HasNvls(gpu),
                      options, gpu.interconnect.starts_with("nvlink")) {}

CollectiveModel::CollectiveModel(double link_bytes_per_s, double hop_latency_s, bool nvls,
                                 const RooflineOptions& o, bool nvlink)
    : link_bytes_per_s_(link_bytes_per_s),
      hop_s_(hop_latency_s),
      nvls_(nvls),
      nvlink_(nvlink),
      graph_base_s_(o.nccl_graph_base_us * kUs),
      ll_(MakeCost(o.nccl_ll_base_us, o.nccl_ll_hop_factor, o.nccl_ll_bus_efficiency)),
      ll128_(MakeCost(o.nccl_ll128_base_us, o.nccl_ll128_hop_factor, o.nccl_ll128_bus_efficiency)),
      simple_(
          MakeCost(o.nccl_simple_base_us, o.nccl_simple_hop_factor, o.nccl_simple_bus_efficiency)),
      nvls_cost_(MakeCost(o.nccl_nvls_base_us, 0, o.nccl_nvls_bus_efficiency)),
      oneshot_(MakeCost(o.oneshot_base_us, 0, o.oneshot_bus_efficiency)),
      twoshot_(MakeCost(o.twoshot_base_us, 0, o.twoshot_bus_efficiency)) {
  for (const CollectiveCost* c : {&ll_, &ll128_, &simple_, &nvls_cost_, &oneshot_, &twoshot_}) {
    GPUPLAN_CHECK(c->bus_efficiency > 0 && c->bus_efficiency <= 1,
                  "collective bus efficiencies must be in (0, 1], got {}", c->bus_efficiency);
    GPUPLAN_CHECK(c->base_s >= 0 && c->hop_factor >= 0,
                  "collective base costs and hop factors must be >= 0");
  }
}

const CollectiveCost& CollectiveModel::Cost(CollectiveAlgorithm algorithm) const {
  switch (algorithm) {
    case CollectiveAlgorithm::kRingLl:
      return ll_;
    case CollectiveAlgorithm::kRingLl128:
      return ll128_;
    case CollectiveAlgorithm::kNvls:
      return nvls_cost_;
    case CollectiveAlgorithm::kOneShot:
      return oneshot_;
    case CollectiveAlgorithm::kTwoShot:
      return twoshot_;
    case CollectiveAlgorithm::kRingSimple:
    case CollectiveAlgorithm::kNone:
      break;
  }
  return simple_;
}

double CollectiveModel::CandidateSeconds(CollectiveAlgorithm algorithm, double steps,
                                         double traffic, bool with_base) const {
  const CollectiveCost& c = Cost(algorithm);
  return (with_base ? c.base_s : 0.0) + steps * hop_s_ * c.hop_factor +
         traffic / (link_bytes_per_s_ * c.bus_efficiency);
}

// The cheapest ring protocol for `steps` ring steps moving `traffic` bytes per GPU.
CollectiveTime CollectiveModel::Cheapest(double steps, double traffic, bool graphed) const {
  CollectiveTime best{1e300, CollectiveAlgorithm::kNone};
  for (CollectiveAlgorithm a : {CollectiveAlgorithm::kRingLl, CollectiveAlgorithm::kRingLl128,
                                CollectiveAlgorithm::kRingSimple}) {
    const double t = CandidateSeconds(a, steps, traffic, !graphed) + (graphed ? graph_base_s_ : 0);
    if (t < best.seconds) best = {t, a};
  }
  return best;
}

CollectiveTime CollectiveModel::AllReduce(double bytes, int ranks, bool graphed) const {
  if (ranks <= 1) return {};
  const double steps = 2.0 * (ranks - 1);
  CollectiveTime best = Cheapest(steps, steps / ranks * bytes, graphed);
  if (nvls_) {
    const double t = CandidateSeconds(CollectiveAlgorithm::kNvls, 0, bytes, !graphed) +
                     (graphed ? graph_base_s_ : 0);
    if (t < best.seconds) best = {t, CollectiveAlgorithm::kNvls};
  }
  return best;
}

CollectiveTime CollectiveModel::AllGather(double total_bytes, int ranks, bool graphed) const {
  if (ranks <= 1) return {};
  const double steps = ranks - 1.0;
  return Cheapest(steps, steps / ranks * total_bytes, graphed);
}

double CollectiveModel::OneShotSeconds(double bytes, int ranks) const {
  return oneshot_.base_s + (ranks - 1) * bytes / (link_bytes_per_s_ * oneshot_.bus_efficiency);
}

double CollectiveModel::TwoShotSeconds(double bytes, int ranks) const {
  return twoshot_.base_s +
         2.0 * (ranks - 1) / ranks * bytes / (link_bytes_per_s_ * twoshot_.bus_efficiency);
}

CollectiveTime CollectiveModel::EngineAllReduce(AllReduceStrategy strategy, double bytes, int ranks,
                                                double tokens, bool graphed) const {
  if (ranks <= 1) return {};
  constexpr double kMiB = 1048576.0;
  bool one_shot = false;
  bool two_shot = false;
  if (strategy == AllReduceStrategy::kCustom) {
    const bool sizes = ranks == 2 || ranks == 4 || ranks == 6 || ranks == 8;
    if (sizes && bytes < 8 * kMiB && (nvlink_ || ranks == 2)) {
      one_shot =
          ranks == 2 || (ranks <= 4 && bytes < 512 * 1024) || (ranks <= 8 && bytes < 256 * 1024);
      two_shot = !one_shot;
    }
  } else if (strategy == AllReduceStrategy::kTrtllmAuto) {
    constexpr double kMinLatencyMaxTokens = 128;  // kOneShotMaxToken, the AUTO threshold
    const double workspace = ranks <= 2 ? 16e6 : 8e6;
    const bool min_latency =
        nvlink_ && bytes <= workspace && (ranks <= 2 || tokens <= kMinLatencyMaxTokens);
    one_shot = min_latency && tokens <= kMinLatencyMaxTokens;
    two_shot = min_latency && !one_shot;
  }
  if (one_shot) return {OneShotSeconds(bytes, ranks), CollectiveAlgorithm::kOneShot};
  if (two_shot) return {TwoShotSeconds(bytes, ranks), CollectiveAlgorithm::kTwoShot};
  return AllReduce(bytes, ranks, graphed);
}

CollectiveTime CollectiveModel::SendRecv(double bytes) const {
  const double ll = hop_s_ + CandidateSeconds(CollectiveAlgorithm::kRingLl, 1, bytes, false);
  const double simple =
      hop_s_ + CandidateSeconds(CollectiveAlgorithm::kRingSimple, 1, bytes, false);
  return ll < simple ? CollectiveTime{ll, CollectiveAlgorithm::kRingLl}
                     : CollectiveTime{simple, CollectiveAlgorithm::kRingSimple};
}

}  // namespace gpuplan
