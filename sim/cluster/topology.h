// Topology: where each replica's GPUs sit and how fast they can talk. The cluster is a set of
// nodes of `gpus_per_node` GPUs; GPUs of one node share NVLink (a full mesh), and every GPU
// reaches other nodes through its NIC into one network fabric. The graph (Boost.Graph) has a
// vertex per GPU plus one for the fabric; the bandwidth between two GPUs is the bottleneck of
// the widest path between them.
//
// Placement: replicas are laid out one after another, each as PP stages of TP contiguous GPUs;
// a TP group that fits in a node is never split across nodes (it starts on the next node
// instead, leaving the rest of the current node unused); a TP group larger than a node starts
// on a node boundary.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace gpuplan {

struct TopologyConfig {
  int32_t gpus_per_node = 8;
  double intra_node_gbps = 450;  // NVLink, GB/s per GPU per direction (GpuSpec interconnect)
  double inter_node_gbps = 50;   // network, GB/s per GPU per direction (e.g. 400 Gb/s NIC)
};

struct ReplicaPlacement {
  int32_t replica = 0;
  std::vector<int32_t> gpus;  // global GPU ids, stage-major: stage s is gpus[s*tp, (s+1)*tp)
  int32_t first_node = 0;
  int32_t last_node = 0;
  bool tp_crosses_nodes = false;  // some TP group spans more than one node
  // Slowest link any TP group's collectives use (intra-node bandwidth for TP = 1).
  double tp_bottleneck_gbps = 0;
  // Slowest link between consecutive pipeline stages; 0 when PP = 1 (no stage traffic).
  double pp_bottleneck_gbps = 0;
};

namespace detail {
struct TopologyGraph;  // the Boost.Graph, kept out of this header
}  // namespace detail

class Topology {
 public:
  // Places `replicas` replicas of tensor_parallel x pipeline_parallel GPUs.
  Topology(const TopologyConfig& config, int32_t replicas, int32_t tensor_parallel,
           int32_t pipeline_parallel);
  ~Topology();
  Topology(Topology&&) noexcept;
  Topology& operator=(Topology&&) noexcept;

  int32_t num_nodes() const { return num_nodes_; }
  int32_t num_gpus() const { return num_nodes_ * config_.gpus_per_node; }  // incl. idle ones
  int32_t num_gpus_used() const { return num_gpus_used_; }
  const std::vector<ReplicaPlacement>& placements() const { return placements_; }
  const ReplicaPlacement& placement(int32_t replica) const;
  int32_t NodeOf(int32_t gpu) const { return gpu / config_.gpus_per_node; }

  // Bottleneck bandwidth (GB/s) of the widest path from `gpus[0]` to each of `gpus`; the
  // slowest link a collective over the group must cross. Bottleneck distance is an
  // ultrametric, so measuring from one member covers every pair.
  double GroupBottleneckGbps(const std::vector<int32_t>& gpus) const;

 private:
  std::vector<double> WidestFrom(int32_t gpu) const;
  void Place(int32_t replicas);
  void Measure(ReplicaPlacement& p) const;

  TopologyConfig config_;
  int32_t tp_;
  int32_t pp_;
  int32_t num_nodes_ = 0;
  int32_t num_gpus_used_ = 0;
  std::vector<ReplicaPlacement> placements_;
  std::unique_ptr<detail::TopologyGraph> graph_;
};

}  // namespace gpuplan
