#include "sim/cluster/topology.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <functional>
#include <limits>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;

// GPUs are vertices 0..num_gpus-1; the network fabric is vertex num_gpus.
Graph BuildGraph(const TopologyConfig& config, int32_t num_nodes) {
  const int32_t g = config.gpus_per_node;
  const int32_t num_gpus = num_nodes * g;
  Graph graph(static_cast<size_t>(num_gpus) + 1);
  for (int32_t node = 0; node < num_nodes; ++node) {
    for (int32_t a = node * g; a < (node + 1) * g; ++a) {
      for (int32_t b = a + 1; b < (node + 1) * g; ++b) {
        boost::add_edge(a, b, config.intra_node_gbps, graph);
      }
      boost::add_edge(a, num_gpus, config.inter_node_gbps, graph);
    }
  }
  return graph;
}

}  // namespace

namespace detail {
struct TopologyGraph {
  Graph graph;
};
}  // namespace detail

Topology::~Topology() = default;
Topology::Topology(Topology&&) noexcept = default;
Topology& Topology::operator=(Topology&&) noexcept = default;

Topology::Topology(const TopologyConfig& config, int32_t replicas, int32_t tensor_parallel,
                   int32_t pipeline_parallel)
    : config_(config), tp_(tensor_parallel), pp_(pipeline_parallel) {
  if (config.gpus_per_node < 1 || replicas < 1 || tensor_parallel < 1 || pipeline_parallel < 1) {
    throw ConfigError(fmt::format(
        "topology needs gpus_per_node, replicas, tensor_parallel and pipeline_parallel >= 1 "
        "(got {}, {}, {}, {})",
        config.gpus_per_node, replicas, tensor_parallel, pipeline_parallel));
  }
  if (!(config.intra_node_gbps > 0) || !(config.inter_node_gbps > 0)) {
    throw ConfigError("topology link bandwidths must be > 0 GB/s");
  }
  Place(replicas);
  graph_ = std::make_unique<detail::TopologyGraph>(
      detail::TopologyGraph{BuildGraph(config_, num_nodes_)});
  for (ReplicaPlacement& p : placements_) Measure(p);
}

void Topology::Place(int32_t replicas) {
  const int32_t g = config_.gpus_per_node;
  int32_t cursor = 0;
  for (int32_t r = 0; r < replicas; ++r) {
    ReplicaPlacement p;
    p.replica = r;
    for (int32_t stage = 0; stage < pp_; ++stage) {
      const int32_t offset = cursor % g;
      // Skip to the next node rather than split a group that would fit in one.
      if (offset != 0 && (tp_ > g || offset + tp_ > g)) cursor += g - offset;
      for (int32_t i = 0; i < tp_; ++i) p.gpus.push_back(cursor++);
    }
    num_gpus_used_ += tp_ * pp_;
    placements_.push_back(std::move(p));
  }
  num_nodes_ = (cursor + g - 1) / g;
}

std::vector<double> Topology::WidestFrom(int32_t gpu) const {
  const Graph& graph = graph_->graph;
  std::vector<double> width(boost::num_vertices(graph), 0.0);
  // Widest (maximin) path: Dijkstra with "longer is better" order and min() as the path
  // combination; the source is infinitely wide and unreachable vertices have width 0.
  boost::dijkstra_shortest_paths(
      graph, static_cast<size_t>(gpu),
      boost::distance_map(width.data())
          .distance_compare(std::greater<double>())
          .distance_combine([](double a, double b) { return std::min(a, b); })
          .distance_inf(0.0)
          .distance_zero(std::numeric_limits<double>::infinity()));
  return width;
}

double Topology::GroupBottleneckGbps(const std::vector<int32_t>& gpus) const {
  GPUPLAN_CHECK(!gpus.empty(), "bottleneck of an empty GPU group");
  if (gpus.size() == 1) return config_.intra_node_gbps;
  const std::vector<double> width = WidestFrom(gpus.front());
  double bottleneck = std::numeric_limits<double>::infinity();
  for (size_t i = 1; i < gpus.size(); ++i) {
    bottleneck = std::min(bottleneck, width[static_cast<size_t>(gpus[i])]);
  }
  return bottleneck;
}

void Topology::Measure(ReplicaPlacement& p) const {
  p.first_node = NodeOf(p.gpus.front());
  p.last_node = NodeOf(p.gpus.back());
  p.tp_bottleneck_gbps = std::numeric_limits<double>::infinity();
  std::vector<int32_t> group;
  std::vector<int32_t> stage_heads;
  for (int32_t stage = 0; stage < pp_; ++stage) {
    group.assign(p.gpus.begin() + stage * tp_, p.gpus.begin() + (stage + 1) * tp_);
    p.tp_crosses_nodes = p.tp_crosses_nodes || NodeOf(group.front()) != NodeOf(group.back());
    p.tp_bottleneck_gbps = std::min(p.tp_bottleneck_gbps, GroupBottleneckGbps(group));
    stage_heads.push_back(group.front());
  }
  p.pp_bottleneck_gbps = 0;
  if (pp_ > 1) {
    p.pp_bottleneck_gbps = std::numeric_limits<double>::infinity();
    for (int32_t s = 0; s + 1 < pp_; ++s) {
      p.pp_bottleneck_gbps =
          std::min(p.pp_bottleneck_gbps, GroupBottleneckGbps({stage_heads[s], stage_heads[s + 1]}));
    }
  }
}

const ReplicaPlacement& Topology::placement(int32_t replica) const {
  GPUPLAN_CHECK(replica >= 0 && static_cast<size_t>(replica) < placements_.size(),
                "no replica {} in the topology", replica);
  return placements_[static_cast<size_t>(replica)];
}

}  // namespace gpuplan
